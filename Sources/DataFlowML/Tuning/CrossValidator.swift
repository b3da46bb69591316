import DataFlow

/// K-fold cross-validation over a grid of parameter maps, as Spark's `CrossValidator`.
///
/// The rows are split into `numFolds` folds; for each fold, the estimator is fitted under every map on
/// the other folds and the evaluator scores it on the fold. The map with the best average metric
/// (largest or smallest, as `evaluator.isLargerBetter` says) is then fitted on ALL rows: that is the
/// `bestModel` of the returned `CrossValidatorModel`.
///
/// ```swift
/// let grid = try ParamGridBuilder().addGrid(lr, "regParam", [0.1, 0.01]).build()
/// let cv = CrossValidator(estimator: lr, estimatorParamMaps: grid,
///                         evaluator: RegressionEvaluator(metricName: "rmse"), numFolds: 3, parallelism: 2)
/// let model = try cv.fit(train)          // model.avgMetrics: one per map; model.bestModel
/// ```
///
/// Folds: with `foldCol` empty, each row's fold comes from a hash of its values and `seed`
/// (`DataFrame.randomSplit` with equal weights), so it does not depend on thread count or file order;
/// Spark draws them per partition, so its folds differ. With `foldCol`, that integer column gives each
/// row's fold (`0 ..< numFolds`). Each fold's training and validation rows are cached while its maps run.
/// `parallelism` maps are fitted at once; the metrics do not depend on it.
public struct CrossValidator: Estimator, CompositeStage, TuningStage {
    public static let className = "CrossValidator"
    public static var params: [Param<CrossValidator>] {
        [
            .int("numFolds", \.numFolds, "number of folds for cross validation (>= 2)", min: 2),
            .int64("seed", \.seed, "random seed"),
            .int("parallelism", \.parallelism, "the number of parameter maps fitted in parallel (>= 1)", min: 1),
            .bool("collectSubModels", \.collectSubModels, "whether to keep every model fitted during cross-validation"),
            .string("foldCol", \.foldCol, "integer column of user-specified fold numbers (0 ..< numFolds); empty: random folds", allowEmpty: true),
        ]
    }
    public var uid = ML.uid(className)
    /// The estimator to tune (a single stage or a `Pipeline`).
    public var estimator: (any Estimator)?
    /// The parameter maps to try (`ParamGridBuilder().build()`).
    public var estimatorParamMaps: [ParamMap] = []
    /// Scores each fitted model on its validation fold.
    public var evaluator: (any Evaluator)?
    public var numFolds = 3
    /// Spark's default: the hash code of `org.apache.spark.ml.tuning.CrossValidator`.
    public var seed: Int64 = -1_191_137_437
    public var parallelism = 1
    public var collectSubModels = false
    public var foldCol = ""

    public init() {}
    public init(estimator: any Estimator, estimatorParamMaps: [ParamMap], evaluator: any Evaluator, numFolds: Int = 3,
                seed: Int64 = -1_191_137_437, parallelism: Int = 1, collectSubModels: Bool = false, foldCol: String = "") {
        self.estimator = estimator; self.estimatorParamMaps = estimatorParamMaps; self.evaluator = evaluator
        self.numFolds = numFolds; self.seed = seed; self.parallelism = parallelism
        self.collectSubModels = collectSubModels; self.foldCol = foldCol
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        if !foldCol.isEmpty { try checkFoldCol(schema) }
        return try Validation.checkSetup(Self.className, estimator, evaluator, estimatorParamMaps, schema).2
    }

    func checkFoldCol(_ schema: Schema) throws {
        guard let i = schema.index(of: foldCol) else {
            throw MLError.column(Self.className, "foldCol", foldCol, "does not exist; the columns are \(schema.names.joined(separator: ", "))")
        }
        let t = schema.fields[i].type
        guard t.isIntegral else {
            throw MLError.column(Self.className, "foldCol", foldCol, "must be an integer column, not \(t.sqlName)")
        }
    }

    /// The (training, validation) pairs, one per fold.
    func folds(_ df: DataFrame) throws -> [(train: DataFrame, validation: DataFrame)] {
        if foldCol.isEmpty {
            let parts = try df.randomSplit(Array(repeating: 1, count: numFolds), seed: seed)
            return parts.indices.map { i in
                let others = parts.indices.filter { $0 != i }.map { parts[$0] }
                return (others.dropFirst().reduce(others[0]) { $0.union($1) }, parts[i])
            }
        }
        let fold = col(foldCol)
        let outside = try df.filter(fold.isNull || fold < 0 || fold >= numFolds).count()
        if outside > 0 {
            throw MLError.invalidInput("CrossValidator: foldCol '\(foldCol)' must hold fold numbers in [0, \(numFolds)) with numFolds \(numFolds); \(outside) row\(outside == 1 ? " does" : "s do") not")
        }
        return (0..<numFolds).map { i in (df.filter(fold != i), df.filter(fold == i)) }
    }

    public func fit(_ df: DataFrame) throws -> CrossValidatorModel {
        _ = try transformSchema(df.schema)
        let (est, eval, _) = try Validation.checkSetup(Self.className, estimator, evaluator, estimatorParamMaps, df.schema)
        var foldMetrics: [[Double]] = []
        var subModels: [[any Model]] = []
        for (train, validation) in try folds(df) {
            // Spark caches each fold's two sides while its maps are fitted and evaluated.
            let cached = try [train, validation].filter { !$0.isCached }.map { try $0.cache() }
            defer { for c in cached { _ = try? c.unpersist() } }
            let (metrics, models) = try Validation.fitAndEvaluate(
                est, estimatorParamMaps, eval, train: train, validation: validation, parallelism: parallelism,
                keepModels: collectSubModels, stage: Self.className)
            foldMetrics.append(metrics)
            if collectSubModels { subModels.append(models) }
        }
        let k = Double(numFolds)
        let avg = estimatorParamMaps.indices.map { j in foldMetrics.reduce(0) { $0 + $1[j] } / k }
        let std = estimatorParamMaps.indices.map { j in
            (foldMetrics.reduce(0) { $0 + ($1[j] - avg[j]) * ($1[j] - avg[j]) } / k).squareRoot()
        }
        var model = try tuningModel(CrossValidatorModel.self, est, eval, metrics: avg, df: df)
        model.avgMetrics = avg
        model.stdMetrics = std
        model.subModels = collectSubModels ? subModels : nil
        return model
    }

    /// Saved as `estimator/`, `evaluator/` and `data/estimatorParamMaps.json`.
    public func writeStages(to folder: ModelFolder) throws { try writeTuningStages(to: folder, maps: true) }
    public mutating func readStages(from folder: ModelFolder) throws { try readTuningStages(from: folder, maps: true) }
    public func copyingStages(_ map: ParamMap) throws -> any PipelineStage { try copyingEstimator(map) }
}

/// The result of `CrossValidator.fit`: the best model (fitted on all rows) and every map's metrics.
/// `transform` is the best model's.
public struct CrossValidatorModel: Model, CompositeStage, TuningModel {
    public static let className = "CrossValidatorModel"
    public static var params: [Param<CrossValidatorModel>] {
        [
            .int("numFolds", \.numFolds, "number of folds for cross validation (>= 2)", min: 2),
            .int64("seed", \.seed, "random seed"),
            .int("parallelism", \.parallelism, "the number of parameter maps fitted in parallel (>= 1)", min: 1),
            .bool("collectSubModels", \.collectSubModels, "whether to keep every model fitted during cross-validation"),
            .string("foldCol", \.foldCol, "integer column of user-specified fold numbers (0 ..< numFolds); empty: random folds", allowEmpty: true),
        ]
    }
    public var uid = ML.uid(className)
    public var numFolds = 3
    public var seed: Int64 = -1_191_137_437
    public var parallelism = 1
    public var collectSubModels = false
    public var foldCol = ""

    /// The estimator fitted with the best map, on all rows.
    public var bestModel: (any Model)?
    /// The metric of each map, averaged over the folds (in `estimatorParamMaps` order).
    public var avgMetrics: [Double] = []
    /// The population standard deviation of each map's metric over the folds (as Spark's).
    public var stdMetrics: [Double] = []
    /// The index of the best map in `estimatorParamMaps`.
    public var bestIndex = 0
    public var estimatorParamMaps: [ParamMap] = []
    public var estimator: (any Estimator)?
    public var evaluator: (any Evaluator)?
    /// With `collectSubModels`: `subModels[fold][map]` (kept in memory only; `save` does not write them).
    public var subModels: [[any Model]]?

    public init() {}

    /// The map the best model was fitted with.
    public var bestParamMap: ParamMap? { estimatorParamMaps.indices.contains(bestIndex) ? estimatorParamMaps[bestIndex] : nil }

    public func transformSchema(_ schema: Schema) throws -> Schema { try best().transformSchema(schema) }
    public func transform(_ df: DataFrame) throws -> DataFrame { try best().transform(df) }

    struct Metrics: Codable {
        var avgMetrics: [Double]
        var stdMetrics: [Double]
        var bestIndex: Int
        var estimatorParamMaps: [[Validation.SavedEntry]]
    }

    /// Saved as `bestModel/`, `estimator/`, `evaluator/` and `data/metrics.json` (`avgMetrics`,
    /// `stdMetrics`, `bestIndex`, `estimatorParamMaps`).
    public func writeStages(to folder: ModelFolder) throws {
        try writeModelStages(to: folder)
        try folder.writeJSON("metrics", Metrics(avgMetrics: avgMetrics, stdMetrics: stdMetrics, bestIndex: bestIndex,
                                                estimatorParamMaps: Validation.encode(estimatorParamMaps)))
    }

    public mutating func readStages(from folder: ModelFolder) throws {
        try readModelStages(from: folder)
        let metrics = try folder.readJSON(Metrics.self, "metrics")
        avgMetrics = metrics.avgMetrics; stdMetrics = metrics.stdMetrics; bestIndex = metrics.bestIndex
        estimatorParamMaps = Validation.decode(metrics.estimatorParamMaps)
    }

    public func copyingStages(_ map: ParamMap) throws -> any PipelineStage { try copyingBestModel(map) }
}
