import DataFlow
import Dispatch
import Foundation
import Synchronization

/// What `CrossValidator` and `TrainValidationSplit` share: fitting one estimator per parameter map in
/// parallel, picking the best metric, and saving parameter maps.
enum Validation {
    /// Checks the estimator, evaluator and maps, and that every map gives a valid schema; returns the
    /// estimator's output schema under the first map (as Spark's `transformSchema`).
    static func checkSetup(_ stage: String, _ estimator: (any Estimator)?, _ evaluator: (any Evaluator)?,
                           _ maps: [ParamMap], _ schema: Schema) throws -> (any Estimator, any Evaluator, Schema) {
        guard let estimator else { throw MLError.invalidParam("\(stage): estimator is not set") }
        guard let evaluator else { throw MLError.invalidParam("\(stage): evaluator is not set") }
        guard !maps.isEmpty else {
            throw MLError.invalidParam("\(stage): estimatorParamMaps is empty; build one with ParamGridBuilder (a grid with no values gives none)")
        }
        var first: Schema?
        for m in maps {
            let out = try copy(estimator, m, stage).transformSchema(schema)
            if first == nil { first = out }
        }
        return (estimator, evaluator, first ?? schema)
    }

    /// `estimator` with `map` applied (to its inner stages too).
    static func copy(_ estimator: any Estimator, _ map: ParamMap, _ stage: String) throws -> any Estimator {
        guard let e = try ML.copy(estimator, map) as? any Estimator else {
            throw MLError.invalidParam("\(stage): applying \(map) changed the estimator's kind")
        }
        return e
    }

    /// Fits `estimator` under each map on `train` and evaluates the model on `validation`: one metric
    /// (and, when `keepModels`, one model) per map, in map order. At most `parallelism` maps are fitted at
    /// once; the results do not depend on it (each map's fit and evaluation are independent).
    static func fitAndEvaluate(_ estimator: any Estimator, _ maps: [ParamMap], _ evaluator: any Evaluator,
                               train: DataFrame, validation: DataFrame, parallelism: Int, keepModels: Bool,
                               stage: String) throws -> (metrics: [Double], models: [any Model]) {
        let results = Mutex<[Result<(Double, (any Model)?), any Error>?]>(Array(repeating: nil, count: maps.count))
        let next = Atomic<Int>(0)
        let run: @Sendable () -> Void = {
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                if i >= maps.count { return }
                let r = Result<(Double, (any Model)?), any Error> {
                    let model = try copy(estimator, maps[i], stage).fitModel(train)
                    let metric = try evaluator.evaluate(model.transform(validation))
                    return (metric, keepModels ? model : nil)
                }
                results.withLock { $0[i] = r }
            }
        }
        let workers = Swift.max(1, Swift.min(parallelism, maps.count))
        if workers == 1 { run() } else { DispatchQueue.concurrentPerform(iterations: workers) { _ in run() } }
        var metrics: [Double] = [], models: [any Model] = []
        for r in results.withLock({ $0 }) {
            // The first failing map (in map order) is reported, whatever the thread timing.
            guard let r else { throw MLError.invalidInput("\(stage): internal: a parameter map was not evaluated") }
            let (metric, model) = try r.get()
            metrics.append(metric)
            if let model { models.append(model) }
        }
        return (metrics, models)
    }

    /// The index of the best metric (the first on ties; NaN is never best unless every metric is NaN).
    static func best(_ metrics: [Double], largerIsBetter: Bool) -> Int {
        var best = 0
        for (i, m) in metrics.enumerated() where !m.isNaN {
            if metrics[best].isNaN || (largerIsBetter ? m > metrics[best] : m < metrics[best]) { best = i }
        }
        return best
    }

    /// A parameter map entry as saved: Spark's `{"parent", "name", "value"}`, plus the value's type
    /// (JSON writes the double 1.0 as 1, and an empty list has no element type).
    struct SavedEntry: Codable {
        var parent: String?
        var name: String
        var value: ParamValue
        var type: String?
    }

    static func encode(_ maps: [ParamMap]) -> [[SavedEntry]] {
        maps.map { $0.entries.map { SavedEntry(parent: $0.stageUID, name: $0.name, value: $0.value, type: $0.value.typeName) } }
    }

    static func decode(_ saved: [[SavedEntry]]) -> [ParamMap] {
        saved.map { entries in
            var m = ParamMap()
            m.entries = entries.map { ParamMap.Entry(stageUID: $0.parent, name: $0.name, value: restore($0.value, $0.type)) }
            return m
        }
    }

    /// The value with the type it was saved with.
    static func restore(_ v: ParamValue, _ type: String?) -> ParamValue {
        switch (v, type) {
        case (.int(let i), "double"?): return .double(Double(i))
        case (.string(let s), "double"?): return Double(s).map { .double($0) } ?? v   // "NaN", "Infinity"
        case (.ints(let a), "list of doubles"?): return .doubles(a.map(Double.init))
        case (.ints([]), "list of strings"?): return .strings([])
        default: return v
        }
    }

    /// Saves an optional sub-stage as folder `name` (nothing when nil).
    static func write(_ stage: (any PipelineStage)?, _ name: String, to folder: ModelFolder) throws {
        try stage?.write(to: folder.child(name))
    }

    /// Loads sub-stage `name` as `T` (nil when the folder is absent).
    static func read<T>(_ name: String, as: T.Type, from folder: ModelFolder, stage: String) throws -> T? {
        let path = folder.child(name).path
        guard FileManager.default.fileExists(atPath: path + "/metadata.json") else { return nil }
        guard let s = try ML.load(path) as? T else {
            throw MLError.persistence("\(path) does not hold the \(name) of a \(stage)")
        }
        return s
    }
}

/// What a tuning stage (`CrossValidator`, `TrainValidationSplit` and their models) holds besides its
/// params: the estimator, the evaluator and the maps. Saved as `estimator/` and `evaluator/`.
protocol TuningStage: PipelineStage {
    var estimator: (any Estimator)? { get set }
    var evaluator: (any Evaluator)? { get set }
    var estimatorParamMaps: [ParamMap] { get set }
}

/// A fitted tuning model: the best model (fitted on all rows) and which map gave it.
protocol TuningModel: TuningStage, Model {
    var bestModel: (any Model)? { get set }
    var bestIndex: Int { get set }
}

extension TuningStage {
    /// Saves `estimator/` and `evaluator/`, and (with `maps`) `data/estimatorParamMaps.json`.
    func writeTuningStages(to folder: ModelFolder, maps: Bool) throws {
        try Validation.write(estimator, "estimator", to: folder)
        try Validation.write(evaluator, "evaluator", to: folder)
        if maps { try folder.writeJSON("estimatorParamMaps", Validation.encode(estimatorParamMaps)) }
    }

    /// Loads what `writeTuningStages` saved.
    mutating func readTuningStages(from folder: ModelFolder, maps: Bool) throws {
        estimator = try Validation.read("estimator", as: (any Estimator).self, from: folder, stage: Self.className)
        evaluator = try Validation.read("evaluator", as: (any Evaluator).self, from: folder, stage: Self.className)
        if maps { estimatorParamMaps = Validation.decode(try folder.readJSON([[Validation.SavedEntry]].self, "estimatorParamMaps")) }
    }

    /// A copy with `map` applied to the estimator too.
    func copyingEstimator(_ map: ParamMap) throws -> Self {
        var c = self
        if let e = estimator { c.estimator = try Validation.copy(e, map, Self.className) }
        return c
    }

    /// The model of a fit: this stage's uid and params (`M`'s table is the same), the map with the best of
    /// `metrics` fitted on all of `df`, and the setup. The caller adds its metrics (and sub-models).
    func tuningModel<M: TuningModel>(_: M.Type, _ estimator: any Estimator, _ evaluator: any Evaluator,
                                     metrics: [Double], df: DataFrame) throws -> M {
        let best = Validation.best(metrics, largerIsBetter: evaluator.isLargerBetter)
        var model = M()
        model.uid = uid
        for p in M.params { try model.set(p.name, get(p.name) ?? .none) }
        model.bestModel = try Validation.copy(estimator, estimatorParamMaps[best], Self.className).fitModel(df)
        model.bestIndex = best
        model.estimatorParamMaps = estimatorParamMaps
        model.estimator = estimator
        model.evaluator = evaluator
        return model
    }
}

extension TuningModel {
    func best() throws -> any Model {
        guard let bestModel else { throw MLError.invalidInput("\(Self.className) \(uid) has no best model (it was not fitted)") }
        return bestModel
    }

    /// Saves `bestModel/`, `estimator/` and `evaluator/` (the maps go with the caller's metrics).
    func writeModelStages(to folder: ModelFolder) throws {
        try Validation.write(try best(), "bestModel", to: folder)
        try writeTuningStages(to: folder, maps: false)
    }

    /// Loads what `writeModelStages` saved; `bestModel/` must be there.
    mutating func readModelStages(from folder: ModelFolder) throws {
        guard let m = try Validation.read("bestModel", as: (any Model).self, from: folder, stage: Self.className) else {
            throw MLError.persistence("\(folder.path) holds no bestModel/ folder")
        }
        bestModel = m
        try readTuningStages(from: folder, maps: false)
    }

    /// A copy with `map` applied to the best model too.
    func copyingBestModel(_ map: ParamMap) throws -> Self {
        var c = self
        if let b = bestModel {
            guard let t = try ML.copy(b, map) as? any Model else { throw MLError.invalidParam("internal: copy changed a stage's kind") }
            c.bestModel = t
        }
        return c
    }
}
