import DataFlowColumnar
import Foundation

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
