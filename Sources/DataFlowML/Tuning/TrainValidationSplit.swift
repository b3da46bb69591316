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
public struct TrainValidationSplit: Estimator, CompositeStage, TuningStage {
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
        var model = try tuningModel(TrainValidationSplitModel.self, est, eval, metrics: metrics, df: df)
        model.validationMetrics = metrics
        model.subModels = collectSubModels ? models : nil
        return model
    }

    /// Saved as `estimator/`, `evaluator/` and `data/estimatorParamMaps.json`.
    public func writeStages(to folder: ModelFolder) throws { try writeTuningStages(to: folder, maps: true) }
    public mutating func readStages(from folder: ModelFolder) throws { try readTuningStages(from: folder, maps: true) }
    public func copyingStages(_ map: ParamMap) throws -> any PipelineStage { try copyingEstimator(map) }
}

/// The result of `TrainValidationSplit.fit`: the best model (fitted on all rows) and every map's
/// validation metric. `transform` is the best model's.
public struct TrainValidationSplitModel: Model, CompositeStage, TuningModel {
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
        try writeModelStages(to: folder)
        try folder.writeJSON("metrics", Metrics(validationMetrics: validationMetrics, bestIndex: bestIndex,
                                                estimatorParamMaps: Validation.encode(estimatorParamMaps)))
    }

    public mutating func readStages(from folder: ModelFolder) throws {
        try readModelStages(from: folder)
        let metrics = try folder.readJSON(Metrics.self, "metrics")
        validationMetrics = metrics.validationMetrics; bestIndex = metrics.bestIndex
        estimatorParamMaps = Validation.decode(metrics.estimatorParamMaps)
    }

    public func copyingStages(_ map: ParamMap) throws -> any PipelineStage { try copyingBestModel(map) }
}
