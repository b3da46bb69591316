import DataFlow

/// Builds a pipeline's list of stages: `Pipeline { StringIndexer(...); VectorAssembler(...); LinearRegression(...) }`.
@resultBuilder
public enum PipelineBuilder {
    public static func buildExpression(_ stage: any PipelineStage) -> [any PipelineStage] { [stage] }
    public static func buildExpression(_ stages: [any PipelineStage]) -> [any PipelineStage] { stages }
    public static func buildBlock(_ parts: [any PipelineStage]...) -> [any PipelineStage] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [any PipelineStage]?) -> [any PipelineStage] { part ?? [] }
    public static func buildEither(first: [any PipelineStage]) -> [any PipelineStage] { first }
    public static func buildEither(second: [any PipelineStage]) -> [any PipelineStage] { second }
    public static func buildArray(_ parts: [[any PipelineStage]]) -> [any PipelineStage] { parts.flatMap { $0 } }
}

/// Stages run in order: `fit` fits each estimator on the output of the stages before it, as Spark's
/// `Pipeline`, and returns a `PipelineModel` of transformers.
public struct Pipeline: Estimator, CompositeStage {
    public static let className = "Pipeline"
    public static var params: [Param<Pipeline>] { [] }
    public var uid = ML.uid(className)
    public var stages: [any PipelineStage] = []

    public init() {}
    public init(stages: [any PipelineStage]) { self.stages = stages }
    public init(@PipelineBuilder _ build: () -> [any PipelineStage]) { self.stages = build() }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try checkStages()
        return try stages.reduce(schema) { try $1.transformSchema($0) }
    }

    func checkStages() throws {
        for (i, s) in stages.enumerated() where !(s is any Transformer) && !(s is any Estimator) {
            throw MLError.invalidParam("Pipeline: stage \(i + 1) (\(type(of: s).className)) is neither a Transformer nor an Estimator")
        }
        let uids = stages.map(\.uid)
        if let dup = uids.first(where: { u in uids.filter { $0 == u }.count > 1 }) {
            throw MLError.invalidParam("Pipeline: stage \(dup) appears twice; each stage may appear once")
        }
    }

    public func fit(_ df: DataFrame) throws -> PipelineModel {
        try checkStages()
        _ = try transformSchema(df.schema)
        let lastEstimator = stages.lastIndex { $0 is any Estimator } ?? -1
        var current = df
        var fitted: [any Transformer] = []
        for (i, stage) in stages.enumerated() {
            let t: any Transformer
            if let e = stage as? any Estimator { t = try e.fitModel(current) } else if let tr = stage as? any Transformer { t = tr } else { continue }
            fitted.append(t)
            if i < lastEstimator { current = try t.transform(current) }
        }
        var model = PipelineModel(stages: fitted)
        model.uid = uid
        return model
    }

    public func writeStages(to folder: ModelFolder) throws { try PipelineModel.write(stages, to: folder) }
    public mutating func readStages(from folder: ModelFolder) throws { stages = try PipelineModel.read(from: folder) }
    public func copyingStages(_ map: ParamMap) throws -> any PipelineStage {
        var c = self
        c.stages = try stages.map { try ML.copy($0, map) }
        return c
    }
}

/// A fitted pipeline: its transformers run in order.
public struct PipelineModel: Model, CompositeStage {
    public static let className = "PipelineModel"
    public static var params: [Param<PipelineModel>] { [] }
    public var uid = ML.uid(className)
    public var stages: [any Transformer] = []

    public init() {}
    public init(stages: [any Transformer]) { self.stages = stages }

    public func transformSchema(_ schema: Schema) throws -> Schema { try stages.reduce(schema) { try $1.transformSchema($0) } }

    public func transform(_ df: DataFrame) throws -> DataFrame { try stages.reduce(df) { try $1.transform($0) } }

    public func writeStages(to folder: ModelFolder) throws { try Self.write(stages, to: folder) }
    public mutating func readStages(from folder: ModelFolder) throws {
        stages = try Self.read(from: folder).map { s in
            guard let t = s as? any Transformer else {
                throw MLError.persistence("\(folder.path): stage \(s.uid) of a PipelineModel is not a Transformer")
            }
            return t
        }
    }
    public func copyingStages(_ map: ParamMap) throws -> any PipelineStage {
        var c = self
        c.stages = try stages.map { s in
            guard let t = try ML.copy(s, map) as? any Transformer else { throw MLError.invalidParam("internal: copy changed a stage's kind") }
            return t
        }
        return c
    }

    /// Stages go to `stages/<i>_<uid>/`, listed in `data/stages.json` (as Spark's `stages/` folder).
    static func write(_ stages: [any PipelineStage], to folder: ModelFolder) throws {
        let names = stages.enumerated().map { "\($0.offset)_\($0.element.uid)" }
        for (name, s) in zip(names, stages) { try s.write(to: folder.child("stages/" + name)) }
        try folder.writeJSON("stages", names)
    }

    static func read(from folder: ModelFolder) throws -> [any PipelineStage] {
        try folder.readJSON([String].self, "stages").map { try ML.load(folder.path + "/stages/" + $0) }
    }
}

extension ML {
    /// `stage` with the entries of `map` that apply to it, inside composite stages too.
    public static func copy(_ stage: any PipelineStage, _ map: ParamMap) throws -> any PipelineStage {
        let own = try stage.copy(map)
        if let c = own as? any CompositeStage { return try c.copyingStages(map) }
        return own
    }
}
