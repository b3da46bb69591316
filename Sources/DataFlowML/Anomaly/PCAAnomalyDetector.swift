import DataFlow
import DataFlowColumnar

// The worked example of "how to write your own Estimator" (Docs/ml.md quotes this file). It uses only
// DataFlowML's PUBLIC API, exactly as code outside the library would: copy it into your own module,
// add `import DataFlowML`, and call `StageRegistry.register(...)` for both types so saved models load.

/// Flags vectors that lie far from the low-dimensional subspace the training data lives in.
///
/// `fit` learns the training mean `μ` and the top `k` principal components `P` (a `d × k` matrix) with
/// the library's `PCA`, then scores every training vector and sets `threshold` to the `quantile` of
/// those scores. A vector's score is its squared reconstruction error, the part of it the components
/// do not explain:
///
///     score(x) = ‖(x − μ) − P Pᵀ (x − μ)‖²
///
/// and `transform` adds `scoreCol` (double) and `predictionCol` (boolean: score > threshold).
///
/// Features are NOT standardised: PCA sees them in their own units, so a feature with a large
/// spread dominates. When features have different units, put a `StandardScaler` before the detector
/// in a `Pipeline`.
///
/// ```swift
/// let model = try PCAAnomalyDetector(inputCol: "features", k: 2, quantile: 0.99).fit(training)
/// try model.transform(batch).filter(col("isAnomaly")).show()
/// ```
public struct PCAAnomalyDetector: Estimator {
    // 1. A class name (saved models and scripts use it) and a parameter table: names, documentation
    //    and allowed values. `validateParams()` checks every value against it.
    public static let className = "PCAAnomalyDetector"
    public static var params: [Param<PCAAnomalyDetector>] {
        [
            .string("inputCol", \.inputCol, "features column (vectors)"),
            .int("k", \.k, "number of principal components that describe normal data", min: 1),
            .double("quantile", \.quantile, "quantile of the training scores used as the anomaly threshold",
                    min: 0, max: 1, minOpen: true),
            .string("scoreCol", \.scoreCol, "output column: squared reconstruction error"),
            .string("predictionCol", \.predictionCol, "output column: true when the score exceeds the threshold"),
        ]
    }

    // 2. Parameters are plain stored properties; their initial values are the defaults.
    public var uid = ML.uid(className)
    public var inputCol = "features"
    public var k = 2
    public var quantile = 0.99
    public var scoreCol = "anomalyScore"
    public var predictionCol = "isAnomaly"

    public init() {}
    public init(inputCol: String = "features", k: Int = 2, quantile: Double = 0.99,
                scoreCol: String = "anomalyScore", predictionCol: String = "isAnomaly") {
        self.inputCol = inputCol; self.k = k; self.quantile = quantile
        self.scoreCol = scoreCol; self.predictionCol = predictionCol
    }

    // 3. The output schema: checks the input column and that the outputs are new.
    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        return try PCAAnomalyModel.outputSchema(schema, inputCol: inputCol, scoreCol: scoreCol, predictionCol: predictionCol)
    }

    // 4. fit: reuse the library's PCA, then set the threshold from the model's own training scores.
    public func fit(_ df: DataFrame) throws -> PCAAnomalyModel {
        _ = try transformSchema(df.schema)
        let pca = try PCA(inputCol: inputCol, outputCol: uid + "__pca", k: k).fit(df)
        var model = PCAAnomalyModel()
        model.uid = uid
        model.inputCol = inputCol; model.k = k; model.quantile = quantile
        model.scoreCol = scoreCol; model.predictionCol = predictionCol
        model.mean = pca.mean
        model.components = pca.pc
        // Score the training data with the model itself (threshold not known yet: nothing is flagged).
        model.threshold = .infinity
        let scores = try MLData.doubles(model.transform(df), scoreCol, stage: Self.className).sorted()
        // The smallest score s with at least `quantile` of the training scores <= s (Spark's exact
        // percentile: the ⌈q·n⌉-th smallest).
        let rank = Int((quantile * Double(scores.count)).rounded(.up))
        model.threshold = scores[Swift.max(rank, 1) - 1]
        return model
    }
}

/// A fitted `PCAAnomalyDetector`: adds `scoreCol` and `predictionCol`.
///
/// `transform` is a pure function of each batch (the model's arrays are captured by value), so the
/// same model scores a static DataFrame or a stream's micro-batches.
public struct PCAAnomalyModel: Model, ModelData {
    public static let className = "PCAAnomalyModel"
    // A model keeps its estimator's parameters (same names), so a saved model says how it was made.
    public static var params: [Param<PCAAnomalyModel>] {
        [
            .string("inputCol", \.inputCol, "features column (vectors)"),
            .int("k", \.k, "number of principal components that describe normal data", min: 1),
            .double("quantile", \.quantile, "quantile of the training scores used as the anomaly threshold",
                    min: 0, max: 1, minOpen: true),
            .string("scoreCol", \.scoreCol, "output column: squared reconstruction error"),
            .string("predictionCol", \.predictionCol, "output column: true when the score exceeds the threshold"),
        ]
    }
    public var uid = ML.uid(className)
    public var inputCol = "features"
    public var k = 2
    public var quantile = 0.99
    public var scoreCol = "anomalyScore"
    public var predictionCol = "isAnomaly"

    // What fit learned.
    /// The training mean `μ` (`d` values).
    public var mean: [Double] = []
    /// The principal components `P`, row-major `d × k` (as `PCAModel.pc`).
    public var components: [Double] = []
    /// Scores above this are anomalies.
    public var threshold = Double.infinity

    public init() {}

    static func outputSchema(_ schema: Schema, inputCol: String, scoreCol: String, predictionCol: String) throws -> Schema {
        try MLData.checkVector(schema, inputCol, param: "inputCol", stage: PCAAnomalyDetector.className)
        try MLData.checkNew(schema, scoreCol, param: "scoreCol", stage: PCAAnomalyDetector.className)
        try MLData.checkNew(schema, predictionCol, param: "predictionCol", stage: PCAAnomalyDetector.className)
        return Schema(schema.fields + [Field(scoreCol, .float64), Field(predictionCol, .boolean)])
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        return try Self.outputSchema(schema, inputCol: inputCol, scoreCol: scoreCol, predictionCol: predictionCol)
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        _ = try transformSchema(df.schema)
        // Copy what the per-batch closure needs into constants: it runs on worker threads.
        let (input, mu, p, k, threshold) = (inputCol, mean, components, self.k, threshold)
        let d = mu.count
        let outputs = [Field(scoreCol, .float64), Field(predictionCol, .boolean)]
        return try df.appendingColumns(outputs, reading: [input], name: Self.className) { batch in
            guard let column = batch.column(named: input) else {
                throw MLError.invalidInput("PCAAnomalyModel: inputCol '\(input)' is missing")
            }
            let vectors = try VectorColumn.reader(column, "PCAAnomalyModel: inputCol '\(input)'")
            var scores: [Double?] = [], flags: [Bool?] = []
            scores.reserveCapacity(batch.rowCount); flags.reserveCapacity(batch.rowCount)
            // Two scratch buffers for the whole batch: r = x − μ and z = Pᵀ r.
            var r = [Double](repeating: 0, count: d), z = [Double](repeating: 0, count: k)
            for row in 0..<batch.rowCount {
                if vectors.isNull(row) { scores.append(nil); flags.append(nil); continue }
                guard vectors.size(row) == d else {
                    throw MLError.invalidInput("PCAAnomalyModel: inputCol '\(input)' has a vector of size \(vectors.size(row)); the model was fitted on size \(d)")
                }
                r.withUnsafeMutableBufferPointer { vectors.copyDense(row, into: $0) }
                for i in 0..<d { r[i] -= mu[i] }
                for j in 0..<k { z[j] = 0 }
                for i in 0..<d { for j in 0..<k { z[j] += p[i * k + j] * r[i] } }
                // score = ‖r − P z‖²: the residual after projecting onto the components.
                var score = 0.0
                for i in 0..<d {
                    var e = r[i]
                    for j in 0..<k { e -= p[i * k + j] * z[j] }
                    score += e * e
                }
                scores.append(score); flags.append(score > threshold)
            }
            return [.float64(scores), .boolean(flags)]
        }
    }

    // 5. Persistence: parameters are saved for you; `writeData`/`readData` handle what fit learned.
    struct Data: Codable { var mean: [Double]; var components: [Double]; var threshold: Double }

    public func writeData(to folder: ModelFolder) throws {
        try folder.writeJSON("model", Data(mean: mean, components: components, threshold: threshold))
    }

    public mutating func readData(from folder: ModelFolder) throws {
        let data = try folder.readJSON(Data.self, "model")
        guard data.components.count == data.mean.count * k else {
            throw MLError.persistence("\(folder.dataPath)/model.json: \(data.components.count) component values for \(data.mean.count) features and k = \(k)")
        }
        (mean, components, threshold) = (data.mean, data.components, data.threshold)
    }
}
