import DataFlow

/// Tunes an estimator on ONE split of the rows, as Spark's `TrainValidationSplit`: cheaper than
/// `CrossValidator` (each map is fitted once), less reliable on small data.
///
/// The rows are split by `DataFrame.randomSplit([trainRatio, 1 − trainRatio], seed:)`; the estimator is
/// fitted under every map on the training part and scored by the evaluator on the rest; the best map
/// is then fitted on ALL rows (`bestModel`).
///
/// ```swift
/// let tvs = TrainValidationSplit(estimator: als, estimatorParamMaps: grid,
///                                evaluator: RegressionEvaluator(metricName: "rmse", labelCol: "rating"),
///                                trainRatio: 0.8, parallelism: 2)
/// let model = try tvs.fit(ratings)       // model.validationMetrics, model.bestModel
/// ```
public struct TrainValidationSplit: Estimator, CompositeStage {
    public static let className = "TrainValidationSplit"
    public static var params: [Param<TrainValidationSplit>] {
        [
            .double("trainRatio", \.trainRatio, "ratio between training set and validation set (>= 0 && <= 1)", min: 0, max: 1),
            .int64("seed", \.seed, "random seed"),
            .int("parallelism", \.parallelism, "the number of parameter maps fitted in parallel (>= 1)", min: 1),
            .bool("collectSubModels", \.collectSubModels, "whether to keep every model fitted during validation"),
        ]
    }
    public var uid = ML.uid(className)
    public var estimator: (any Estimator)?
    public var estimatorParamMaps: [ParamMap] = []
    public var evaluator: (any Evaluator)?
    public var trainRatio = 0.75
    /// Spark's default: the hash code of `org.apache.spark.ml.tuning.TrainValidationSplit`.
    public var seed: Int64 = -1_772_833_110
    public var parallelism = 1
    public var collectSubModels = false

    public init() {}
    public init(estimator: any Estimator, estimatorParamMaps: [ParamMap], evaluator: any Evaluator, trainRatio: Double = 0.75,
                seed: Int64 = -1_772_833_110, parallelism: Int = 1, collectSubModels: Bool = false) {
        self.estimator = estimator; self.estimatorParamMaps = estimatorParamMaps; self.evaluator = evaluator
        self.trainRatio = trainRatio; self.seed = seed; self.parallelism = parallelism; self.collectSubModels = collectSubModels
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        return try Validation.checkSetup(Self.className, estimator, evaluator, estimatorParamMaps, schema).2
    }

    public func fit(_ df: DataFrame) throws -> TrainValidationSplitModel {
        _ = try transformSchema(df.schema)
        let (est, eval, _) = try Validation.checkSetup(Self.className, estimator, evaluator, estimatorParamMaps, df.schema)
        let parts = try df.randomSplit([trainRatio, 1 - trainRatio], seed: seed)
        let cached = try parts.filter { !$0.isCached }.map { try $0.cache() }
        defer { for c in cached { _ = try? c.unpersist() } }
        let (metrics, models) = try Validation.fitAndEvaluate(
            est, estimatorParamMaps, eval, train: parts[0], validation: parts[1], parallelism: parallelism,
            keepModels: collectSubModels, stage: Self.className)
        let best = Validation.best(metrics, largerIsBetter: eval.isLargerBetter)
        var model = TrainValidationSplitModel()
        model.uid = uid
        for p in TrainValidationSplitModel.params { try model.set(p.name, get(p.name) ?? .none) }
        model.bestModel = try Validation.copy(est, estimatorParamMaps[best], Self.className).fitModel(df)
        model.validationMetrics = metrics
        model.bestIndex = best
        model.estimatorParamMaps = estimatorParamMaps
        model.estimator = est
        model.evaluator = eval
        model.subModels = collectSubModels ? models : nil
        return model
    }

    /// Saved as `estimator/`, `evaluator/` and `data/estimatorParamMaps.json`.
    public func writeStages(to folder: ModelFolder) throws {
        try Validation.write(estimator, "estimator", to: folder)
        try Validation.write(evaluator, "evaluator", to: folder)
        try folder.writeJSON("estimatorParamMaps", Validation.encode(estimatorParamMaps))
    }

    public mutating func readStages(from folder: ModelFolder) throws {
        estimator = try Validation.read("estimator", as: (any Estimator).self, from: folder, stage: Self.className)
        evaluator = try Validation.read("evaluator", as: (any Evaluator).self, from: folder, stage: Self.className)
        estimatorParamMaps = Validation.decode(try folder.readJSON([[Validation.SavedEntry]].self, "estimatorParamMaps"))
    }

    public func copyingStages(_ map: ParamMap) throws -> any PipelineStage {
        var c = self
        if let e = estimator { c.estimator = try Validation.copy(e, map, Self.className) }
        return c
    }
}

/// The result of `TrainValidationSplit.fit`: the best model (fitted on all rows) and every map's
/// validation metric. `transform` is the best model's.
public struct TrainValidationSplitModel: Model, CompositeStage {
    public static let className = "TrainValidationSplitModel"
    public static var params: [Param<TrainValidationSplitModel>] {
        [
            .double("trainRatio", \.trainRatio, "ratio between training set and validation set (>= 0 && <= 1)", min: 0, max: 1),
            .int64("seed", \.seed, "random seed"),
            .int("parallelism", \.parallelism, "the number of parameter maps fitted in parallel (>= 1)", min: 1),
            .bool("collectSubModels", \.collectSubModels, "whether to keep every model fitted during validation"),
        ]
    }
    public var uid = ML.uid(className)
    public var trainRatio = 0.75
    public var seed: Int64 = -1_772_833_110
    public var parallelism = 1
    public var collectSubModels = false

    /// The estimator fitted with the best map, on all rows.
    public var bestModel: (any Model)?
    /// Each map's metric on the validation rows (in `estimatorParamMaps` order).
    public var validationMetrics: [Double] = []
    /// The index of the best map in `estimatorParamMaps`.
    public var bestIndex = 0
    public var estimatorParamMaps: [ParamMap] = []
    public var estimator: (any Estimator)?
    public var evaluator: (any Evaluator)?
    /// With `collectSubModels`: one model per map (kept in memory only; `save` does not write them).
    public var subModels: [any Model]?

    public init() {}

    /// The map the best model was fitted with.
    public var bestParamMap: ParamMap? { estimatorParamMaps.indices.contains(bestIndex) ? estimatorParamMaps[bestIndex] : nil }

    func best() throws -> any Model {
        guard let bestModel else { throw MLError.invalidInput("TrainValidationSplitModel \(uid) has no best model (it was not fitted)") }
        return bestModel
    }

    public func transformSchema(_ schema: Schema) throws -> Schema { try best().transformSchema(schema) }
    public func transform(_ df: DataFrame) throws -> DataFrame { try best().transform(df) }

    struct Metrics: Codable {
        var validationMetrics: [Double]
        var bestIndex: Int
        var estimatorParamMaps: [[Validation.SavedEntry]]
    }

    /// Saved as `bestModel/`, `estimator/`, `evaluator/` and `data/metrics.json` (`validationMetrics`,
    /// `bestIndex`, `estimatorParamMaps`).
    public func writeStages(to folder: ModelFolder) throws {
        try Validation.write(try best(), "bestModel", to: folder)
        try Validation.write(estimator, "estimator", to: folder)
        try Validation.write(evaluator, "evaluator", to: folder)
        try folder.writeJSON("metrics", Metrics(validationMetrics: validationMetrics, bestIndex: bestIndex,
                                                estimatorParamMaps: Validation.encode(estimatorParamMaps)))
    }

    public mutating func readStages(from folder: ModelFolder) throws {
        guard let m = try Validation.read("bestModel", as: (any Model).self, from: folder, stage: Self.className) else {
            throw MLError.persistence("\(folder.path) holds no bestModel/ folder")
        }
        bestModel = m
        estimator = try Validation.read("estimator", as: (any Estimator).self, from: folder, stage: Self.className)
        evaluator = try Validation.read("evaluator", as: (any Evaluator).self, from: folder, stage: Self.className)
        let metrics = try folder.readJSON(Metrics.self, "metrics")
        validationMetrics = metrics.validationMetrics; bestIndex = metrics.bestIndex
        estimatorParamMaps = Validation.decode(metrics.estimatorParamMaps)
    }

    public func copyingStages(_ map: ParamMap) throws -> any PipelineStage {
        var c = self
        if let b = bestModel {
            guard let t = try ML.copy(b, map) as? any Model else { throw MLError.invalidParam("internal: copy changed a stage's kind") }
            c.bestModel = t
        }
        return c
    }
}
