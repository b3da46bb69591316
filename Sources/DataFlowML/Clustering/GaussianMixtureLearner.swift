import DataFlowColumnar
import Dispatch
import Foundation

/// A multivariate normal distribution with Spark's pseudo-inverse density: eigenvalues at or below
/// `ε · max(λ) · d` are treated as zero, so singular covariances still give a (degenerate) density.
public struct MultivariateGaussian: Sendable, Codable, Equatable {
    public var mean: [Double]
    /// Covariance, row-major d×d.
    public var cov: [Double]

    /// `rootSigmaInv` (d×d, row-major): `‖rootSigmaInv · (x − μ)‖²` is the Mahalanobis distance.
    private var rootSigmaInv: [Double] = []
    private var logConstant: Double = 0

    private enum CodingKeys: String, CodingKey { case mean, cov }

    public init(mean: [Double], cov: [Double]) {
        self.mean = mean
        self.cov = cov
        prepare()
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mean = try c.decode([Double].self, forKey: .mean)
        cov = try c.decode([Double].self, forKey: .cov)
        guard cov.count == mean.count * mean.count else {
            throw DataFlowError("ML_INVALID_INPUT", "MultivariateGaussian: covariance has \(cov.count) values for a mean of size \(mean.count)")
        }
        prepare()
    }

    public static func == (a: Self, b: Self) -> Bool { a.mean == b.mean && a.cov == b.cov }

    private mutating func prepare() {
        let d = mean.count
        let (values, vectors) = symmetricEigen(cov, d)
        let tol = mlEpsilon * (values.max() ?? 0) * Double(d)
        var logPseudoDet = 0.0
        for v in values where v > tol { logPseudoDet += Foundation.log(v) }
        // rootSigmaInv = diag(1/√λ) · Uᵀ
        var root = [Double](repeating: 0, count: d * d)
        for i in 0..<d where values[i] > tol {
            let s = (1.0 / values[i]).squareRoot()
            for j in 0..<d { root[i * d + j] = s * vectors[j * d + i] }
        }
        rootSigmaInv = root
        logConstant = -0.5 * (Double(d) * Foundation.log(2.0 * Double.pi) + logPseudoDet)
    }

    @inline(__always)
    func logPdf(_ x: UnsafePointer<Double>, scratch: inout [Double]) -> Double {
        let d = mean.count
        for j in 0..<d { scratch[j] = x[j] - mean[j] }
        var quad = 0.0
        for i in 0..<d {
            var s = 0.0
            for j in 0..<d { s += rootSigmaInv[i * d + j] * scratch[j] }
            quad += s * s
        }
        return logConstant - 0.5 * quad
    }

    /// The density at `x`.
    public func pdf(_ x: [Double]) -> Double {
        var scratch = [Double](repeating: 0, count: mean.count)
        return x.withUnsafeBufferPointer { Foundation.exp(logPdf($0.baseAddress!, scratch: &scratch)) }
    }
}

/// Eigen-decomposition of a symmetric d×d matrix (row-major) by cyclic Jacobi rotations: eigenvalues and
/// eigenvectors as columns of a row-major matrix. Covariances here are small (d ≲ 100).
func symmetricEigen(_ m: [Double], _ d: Int) -> ([Double], [Double]) {
    var a = m
    var v = [Double](repeating: 0, count: d * d)
    for i in 0..<d { v[i * d + i] = 1 }
    for _ in 0..<100 {
        var off = 0.0
        for p in 0..<d { for q in (p + 1)..<max(d, p + 1) { off += a[p * d + q] * a[p * d + q] } }
        if off < 1e-30 { break }
        for p in 0..<d {
            for q in (p + 1)..<max(d, p + 1) {
                let apq = a[p * d + q]
                if abs(apq) < 1e-300 { continue }
                let theta = (a[q * d + q] - a[p * d + p]) / (2 * apq)
                let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot()
                let s = t * c
                for k in 0..<d {
                    let akp = a[k * d + p], akq = a[k * d + q]
                    a[k * d + p] = c * akp - s * akq
                    a[k * d + q] = s * akp + c * akq
                }
                for k in 0..<d {
                    let apk = a[p * d + k], aqk = a[q * d + k]
                    a[p * d + k] = c * apk - s * aqk
                    a[q * d + k] = s * apk + c * aqk
                }
                for k in 0..<d {
                    let vkp = v[k * d + p], vkq = v[k * d + q]
                    v[k * d + p] = c * vkp - s * vkq
                    v[k * d + q] = s * vkp + c * vkq
                }
            }
        }
    }
    return ((0..<d).map { a[$0 * d + $0] }, v)
}

/// Result of a Gaussian mixture fit.
struct GaussianMixtureResult: Sendable {
    var weights: [Double]
    var gaussians: [MultivariateGaussian]
    var logLikelihood: Double
    var iterations: Int
}

/// Spark's GaussianMixture: each component starts from the mean and diagonal variance of 5 rows sampled with
/// replacement, then EM with full covariances runs until the total log-likelihood changes by at most `tol`.
struct GaussianMixtureLearner: Sendable {
    var k = 2
    var maxIter = 100
    var tol = 0.01
    var seed: Int64 = 0

    static let samplesPerComponent = 5
    static let blockRows = 4096

    func train(x: [Double], n: Int, d: Int, w: [Double]) throws -> GaussianMixtureResult {
        guard n > 0 else { throw DataFlowError("ML_INVALID_INPUT", "GaussianMixture: the training data has no rows") }
        var (weights, gaussians) = initialize(x: x, n: n, d: d, w: w)
        var logLikelihood = -Double.greatestFiniteMagnitude
        var previous = 0.0
        var iteration = 0
        while iteration < maxIter && abs(logLikelihood - previous) > tol {
            let (sumW, sumX, sumXX, ll) = expectation(x: x, n: n, d: d, w: w, weights: weights, gaussians: gaussians)
            let total = sumW.reduce(0, +)
            for i in 0..<k {
                let wi = sumW[i]
                // A component no row belongs to keeps its parameters with weight 0 (Spark would divide by 0).
                guard wi > 0 else { weights[i] = 0; continue }
                let mean = sumX[i].map { $0 / wi }
                var cov = [Double](repeating: 0, count: d * d)
                for a in 0..<d {
                    for b in 0..<d { cov[a * d + b] = (sumXX[i][a * d + b] - wi * mean[a] * mean[b]) / wi }
                }
                weights[i] = wi / total
                gaussians[i] = MultivariateGaussian(mean: mean, cov: cov)
            }
            previous = logLikelihood
            logLikelihood = ll
            iteration += 1
        }
        return GaussianMixtureResult(weights: weights, gaussians: gaussians, logLikelihood: logLikelihood, iterations: iteration)
    }

    func initialize(x: [Double], n: Int, d: Int, w: [Double]) -> ([Double], [MultivariateGaussian]) {
        var rng = SeededRandom(seed: seed)
        let m = Self.samplesPerComponent
        let sample = (0..<(k * m)).map { _ in rng.nextInt(n) }
        let totalWeight = sample.reduce(0) { $0 + w[$1] }
        var weights: [Double] = []
        var gaussians: [MultivariateGaussian] = []
        for i in 0..<k {
            let rows = sample[(i * m)..<(i * m + m)]
            let local = rows.reduce(0) { $0 + w[$1] }
            weights.append(local / totalWeight)
            var mean = [Double](repeating: 0, count: d)
            for r in rows { for j in 0..<d { mean[j] += w[r] * x[r * d + j] } }
            mean = mean.map { $0 / local }
            var cov = [Double](repeating: 0, count: d * d)
            for r in rows {
                for j in 0..<d {
                    let t = x[r * d + j] - mean[j]
                    cov[j * d + j] += w[r] * t * t
                }
            }
            for j in 0..<d { cov[j * d + j] /= local }
            gaussians.append(MultivariateGaussian(mean: mean, cov: cov))
        }
        return (weights, gaussians)
    }

    /// Posterior membership of one row: ε + wᵢ·pdfᵢ(x), normalised (Spark's `computeProbabilities`); returns the sum.
    @inline(__always)
    static func posterior(_ p: UnsafePointer<Double>, weights: [Double], gaussians: [MultivariateGaussian],
                          scratch: inout [Double], into probs: inout [Double]) -> Double {
        var sum = 0.0
        for i in 0..<weights.count {
            let v = mlEpsilon + weights[i] * Foundation.exp(gaussians[i].logPdf(p, scratch: &scratch))
            probs[i] = v
            sum += v
        }
        for i in 0..<weights.count { probs[i] /= sum }
        return sum
    }

    /// The E step: per component Σ p·w, Σ p·w·x, Σ p·w·x·xᵀ and the weighted log-likelihood.
    func expectation(x: [Double], n: Int, d: Int, w: [Double], weights: [Double], gaussians: [MultivariateGaussian])
        -> ([Double], [[Double]], [[Double]], Double) {
        let blocks = (n + Self.blockRows - 1) / Self.blockRows
        let k = self.k
        let slots = TreeSlots<([Double], [Double], [Double], Double)>(count: blocks)
        DispatchQueue.concurrentPerform(iterations: blocks) { b in
            var sw = [Double](repeating: 0, count: k)
            var sx = [Double](repeating: 0, count: k * d)
            var sxx = [Double](repeating: 0, count: k * d * d)
            var ll = 0.0
            var scratch = [Double](repeating: 0, count: d)
            var probs = [Double](repeating: 0, count: k)
            x.withUnsafeBufferPointer { xp in
                for r in (b * Self.blockRows)..<min(n, (b + 1) * Self.blockRows) {
                    let p = xp.baseAddress! + r * d
                    let sum = Self.posterior(p, weights: weights, gaussians: gaussians, scratch: &scratch, into: &probs)
                    ll += Foundation.log(sum) * w[r]
                    for i in 0..<k {
                        let q = probs[i] * w[r]
                        sw[i] += q
                        for a in 0..<d {
                            sx[i * d + a] += q * p[a]
                            let qa = q * p[a]
                            for c in a..<d { sxx[i * d * d + a * d + c] += qa * p[c] }
                        }
                    }
                }
            }
            slots.set(b, (sw, sx, sxx, ll))
        }
        var sumW = [Double](repeating: 0, count: k)
        var sumX = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
        var sumXX = [[Double]](repeating: [Double](repeating: 0, count: d * d), count: k)
        var ll = 0.0
        for b in 0..<blocks {
            guard let (sw, sx, sxx, l) = slots.get(b) else { continue }
            ll += l
            for i in 0..<k {
                sumW[i] += sw[i]
                for a in 0..<d {
                    sumX[i][a] += sx[i * d + a]
                    for c in a..<d { sumXX[i][a * d + c] += sxx[i * d * d + a * d + c] }
                }
            }
        }
        for i in 0..<k { for a in 0..<d { for c in 0..<a { sumXX[i][a * d + c] = sumXX[i][c * d + a] } } }
        return (sumW, sumX, sumXX, ll)
    }
}
