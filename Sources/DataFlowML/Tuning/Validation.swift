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
