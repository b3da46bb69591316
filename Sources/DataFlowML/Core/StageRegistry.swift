import Synchronization

/// Every stage type, by class name: `ML.load` and script constructors find types here. Add one line
/// per new stage type to `types`; a stage written outside DataFlow (your own Estimator) calls
/// `StageRegistry.register(MyEstimator.self)` once so that saved copies load.
public enum StageRegistry {
    public static let types: [any PipelineStage.Type] = [
        Pipeline.self, PipelineModel.self,
        VectorAssembler.self,
        ALS.self, ALSModel.self,
    ]

    private static let registered = Mutex<[String: any PipelineStage.Type]>(
        Dictionary(types.map { ($0.className, $0) }, uniquingKeysWith: { a, _ in a }))

    /// Makes a stage type loadable by `ML.load` and constructible in scripts by its class name.
    public static func register(_ type: any PipelineStage.Type) {
        registered.withLock { $0[type.className] = type }
    }

    public static func type(named name: String) -> (any PipelineStage.Type)? {
        registered.withLock { $0[name] }
    }

    /// The class names of every known stage, sorted.
    public static var classNames: [String] { registered.withLock { $0.keys.sorted() } }
}
