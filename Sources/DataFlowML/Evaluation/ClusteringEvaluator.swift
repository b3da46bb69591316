import DataFlow
import DataFlowColumnar
import Foundation

/// Evaluates clustering results with the silhouette, as Spark's `ClusteringEvaluator`.
///
/// `distanceMeasure` "squaredEuclidean" (default) or "cosine"; the value is in [-1, 1], larger is better.
/// Spark's squared-Euclidean silhouette uses squared distances (so it differs from scikit-learn's default
/// Euclidean `silhouette_score`; it equals `silhouette_score(metric="sqeuclidean")`).
///
/// ```swift
/// let s = try ClusteringEvaluator().evaluate(try model.transform(df))
/// ```
public struct ClusteringEvaluator: Evaluator {
    public static let className = "ClusteringEvaluator"
    public static var params: [Param<Self>] {
        [
            .string("featuresCol", \.featuresCol, "features column name"),
            .string("predictionCol", \.predictionCol, "prediction (cluster id) column name"),
            .optionalString("weightCol", \.weightCol, "weight column name; unset means every row has weight 1"),
            .string("metricName", \.metricName, "metric name in evaluation", oneOf: ["silhouette"]),
            .string("distanceMeasure", \.distanceMeasure, "distance measure", oneOf: ["squaredEuclidean", "cosine"]),
        ]
    }
    public var uid = ML.uid(className)
    public var featuresCol = "features"
    public var predictionCol = "prediction"
    public var weightCol: String? = nil
    public var metricName = "silhouette"
    public var distanceMeasure = "squaredEuclidean"

    public init() {}
    public init(featuresCol: String = "features", predictionCol: String = "prediction", distanceMeasure: String = "squaredEuclidean") {
        self.featuresCol = featuresCol; self.predictionCol = predictionCol; self.distanceMeasure = distanceMeasure
    }

    public var isLargerBetter: Bool { true }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        try MLData.checkVector(schema, featuresCol, param: "featuresCol", stage: Self.className)
        return schema
    }

    public func evaluate(_ df: DataFrame) throws -> Double {
        _ = try transformSchema(try df.schema)
        let (n, d, x) = try MLData.vectors(df, featuresCol, stage: Self.className)
        let labels = try MLData.doubles(df, predictionCol, stage: Self.className)
        let w = try clusteringWeights(df, weightCol, n: n, stage: Self.className)
        return try silhouetteScore(x: x, n: n, d: d, labels: labels, w: w, cosine: distanceMeasure == "cosine")
    }
}

/// Spark's silhouette over plain arrays: `x` row-major n×d, `labels` the cluster ids, `w` row weights.
///
/// Spark computes it in one pass from per-cluster sums instead of all pairwise distances:
/// - squaredEuclidean: the mean squared distance from x to cluster C is ‖x‖² + Ψ_C/N_C − 2·x·Y_C/N_C
///   (Y_C = Σ w·y, Ψ_C = Σ w·‖y‖², N_C = Σ w), which equals scikit-learn's `silhouette_score(metric="sqeuclidean")`;
/// - cosine: the same with 1 − x̂·Ŷ_C/N_C over unit-length rows (scikit-learn's `metric="cosine"`).
/// a(i) rescales the own-cluster mean by N/(N − wᵢ) to leave the point out; a single-point cluster scores 0.
func silhouetteScore(x: [Double], n: Int, d: Int, labels: [Double], w: [Double], cosine: Bool) throws -> Double {
    var clusterIndex: [Double: Int] = [:]
    for l in labels where clusterIndex[l] == nil { clusterIndex[l] = clusterIndex.count }
    let k = clusterIndex.count
    guard k >= 2 else {
        throw DataFlowError("ML_INVALID_INPUT", "ClusteringEvaluator: the number of clusters must be greater than one (got \(k))")
    }
    var sums = [Double](repeating: 0, count: k * d)
    var sqNormSums = [Double](repeating: 0, count: k)
    var weightSums = [Double](repeating: 0, count: k)
    var rows = x
    var sqNorms = [Double](repeating: 0, count: n)
    for i in 0..<n {
        var s = 0.0
        for j in 0..<d { s += x[i * d + j] * x[i * d + j] }
        if cosine {
            let nrm = s.squareRoot()
            guard nrm > 0 else {
                throw DataFlowError("ML_INVALID_INPUT", "ClusteringEvaluator: cosine distance is not defined for the zero vector (row \(i))")
            }
            for j in 0..<d { rows[i * d + j] /= nrm }
        }
        sqNorms[i] = s
        let c = clusterIndex[labels[i]]!
        for j in 0..<d { sums[c * d + j] += rows[i * d + j] * w[i] }
        sqNormSums[c] += s * w[i]
        weightSums[c] += w[i]
    }
    var total = 0.0
    var totalWeight = 0.0
    for i in 0..<n {
        let own = clusterIndex[labels[i]]!
        func averageDistance(_ c: Int) -> Double {
            var dot = 0.0
            for j in 0..<d { dot += rows[i * d + j] * sums[c * d + j] }
            return cosine ? 1 - dot / weightSums[c]
                          : sqNorms[i] + sqNormSums[c] / weightSums[c] - 2 * dot / weightSums[c]
        }
        var s = 0.0
        if weightSums[own] != w[i] {
            let a = averageDistance(own) * weightSums[own] / (weightSums[own] - w[i])
            var b = Double.infinity
            for c in 0..<k where c != own { b = min(b, averageDistance(c)) }
            s = a < b ? 1 - a / b : (a > b ? b / a - 1 : 0)
        }
        total += s * w[i]
        totalWeight += w[i]
    }
    return total / totalWeight
}
