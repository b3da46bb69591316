import Foundation
import DataFlowColumnar

/// Spark's naive Bayes estimates (`pi`, `theta`, `sigma`) and per-row scoring, over plain arrays.
enum NaiveBayesSolver {
    /// Fitted parameters: `pi` (log priors, per class), `theta` (row-major classes × d: log conditional
    /// probabilities, or means for gaussian), `sigma` (variances, gaussian only; else empty).
    struct Fit: Sendable, Codable, Equatable {
        var pi: [Double]
        var theta: [Double]
        var sigma: [Double]
        var numClasses: Int
        var numFeatures: Int
    }

    /// Trains on labels 0..<numClasses (Spark keeps only labels that occur, so `numClasses` is the number of
    /// distinct labels; the caller checks they are 0..<k).
    static func fit(n: Int, d: Int, x: [Double], y: [Double], w: [Double], numClasses k: Int,
                    modelType: String, smoothing: Double) throws -> Fit {
        var weightSum = [Double](repeating: 0, count: k)
        var sums = [Double](repeating: 0, count: k * d)
        var squares = [Double](repeating: 0, count: k * d)
        for i in 0..<n {
            let c = Int(y[i]), wi = w[i]
            weightSum[c] += wi
            for j in 0..<d {
                let v = x[i * d + j]
                sums[c * d + j] += wi * v
                if modelType == "gaussian" { squares[c * d + j] += wi * v * v }
            }
        }
        let total = weightSum.reduce(0, +)
        var pi = [Double](repeating: 0, count: k)
        var theta = [Double](repeating: 0, count: k * d)
        var sigma: [Double] = []
        switch modelType {
        case "gaussian":
            // Variance floor: 1e-9 of the largest feature variance over all rows (as scikit-learn).
            var epsilon = 0.0
            for j in 0..<d {
                var s = 0.0, ss = 0.0
                for c in 0..<k { s += sums[c * d + j]; ss += squares[c * d + j] }
                epsilon = max(epsilon, ss / total - s * s / total / total)
            }
            epsilon *= 1e-9
            sigma = [Double](repeating: 0, count: k * d)
            for c in 0..<k {
                pi[c] = log(weightSum[c]) - log(total)
                for j in 0..<d {
                    let m = sums[c * d + j] / weightSum[c]
                    theta[c * d + j] = m
                    sigma[c * d + j] = epsilon + squares[c * d + j] / weightSum[c] - m * m
                }
            }
        default:
            let piDenominator = log(total + Double(k) * smoothing)
            var counts = sums
            if modelType == "complement" {
                var featureSum = [Double](repeating: 0, count: d)
                for c in 0..<k { for j in 0..<d { featureSum[j] += sums[c * d + j] } }
                for c in 0..<k { for j in 0..<d { counts[c * d + j] = featureSum[j] - sums[c * d + j] } }
            }
            for c in 0..<k {
                pi[c] = log(weightSum[c] + smoothing) - piDenominator
                var rowSum = 0.0
                for j in 0..<d { rowSum += counts[c * d + j] }
                let denominator = modelType == "bernoulli"
                    ? log(weightSum[c] + 2 * smoothing) : log(rowSum + Double(d) * smoothing)
                for j in 0..<d {
                    let v = log(counts[c * d + j] + smoothing) - denominator
                    theta[c * d + j] = modelType == "complement" ? -v : v
                }
            }
        }
        return Fit(pi: pi, theta: theta, sigma: sigma, numClasses: k, numFeatures: d)
    }
}

/// Per-model precomputed terms for scoring rows (Bernoulli's log(1 − p) sums, Gaussian's Σ log σ²).
struct NaiveBayesScorer: Sendable {
    let fit: NaiveBayesSolver.Fit
    let modelType: String
    private var thetaMinusNegTheta: [Double] = []
    private var piMinusThetaSum: [Double] = []
    private var logVarSum: [Double] = []

    init(fit: NaiveBayesSolver.Fit, modelType: String) {
        self.fit = fit
        self.modelType = modelType
        let k = fit.numClasses, d = fit.numFeatures
        if modelType == "bernoulli" {
            thetaMinusNegTheta = fit.theta.map { $0 - log1p(-exp($0)) }
            piMinusThetaSum = fit.pi
            for c in 0..<k { for j in 0..<d { piMinusThetaSum[c] += log1p(-exp(fit.theta[c * d + j])) } }
        } else if modelType == "gaussian" {
            logVarSum = (0..<k).map { c in (0..<d).reduce(0.0) { $0 + log(fit.sigma[c * d + $1]) } }
        }
    }

    /// Checks one row's values as Spark does (nonnegative for multinomial/complement, 0/1 for bernoulli).
    func validate(_ row: UnsafeBufferPointer<Double>) throws {
        switch modelType {
        case "multinomial", "complement":
            for v in row where !(v >= 0) || v == .infinity {
                throw DataFlowError("ML_INVALID_INPUT",
                    "NaiveBayes (\(modelType)): feature values must be nonnegative and finite (got \(v))")
            }
        case "bernoulli":
            for v in row where v != 0 && v != 1 {
                throw DataFlowError("ML_INVALID_INPUT", "NaiveBayes (bernoulli): feature values must be 0 or 1 (got \(v))")
            }
        default:
            for v in row where v.isNaN {
                throw DataFlowError("ML_INVALID_INPUT", "NaiveBayes (gaussian): feature values must not be NaN")
            }
        }
    }

    /// Spark's rawPrediction for one row (written into `raw`, one value per class).
    func raw(_ row: UnsafeBufferPointer<Double>, into raw: inout [Double]) {
        let k = fit.numClasses, d = fit.numFeatures
        switch modelType {
        case "bernoulli":
            for c in 0..<k {
                var s = piMinusThetaSum[c]
                for j in 0..<d where row[j] != 0 { s += thetaMinusNegTheta[c * d + j] * row[j] }
                raw[c] = s
            }
        case "gaussian":
            for c in 0..<k {
                var s = 0.0
                for j in 0..<d {
                    let diff = row[j] - fit.theta[c * d + j]
                    s += diff * diff / fit.sigma[c * d + j]
                }
                raw[c] = fit.pi[c] - (s + logVarSum[c]) / 2
            }
        case "complement":
            var maxValue = -Double.infinity
            for c in 0..<k {
                var s = 0.0
                for j in 0..<d where row[j] != 0 { s += fit.theta[c * d + j] * row[j] }
                raw[c] = s
                maxValue = max(maxValue, s)
            }
            var sumExp = 0.0
            for c in 0..<k { sumExp += exp(raw[c] - maxValue) }
            let logSumExp = log(sumExp) + maxValue
            for c in 0..<k { raw[c] -= logSumExp }
        default:
            for c in 0..<k {
                var s = fit.pi[c]
                for j in 0..<d where row[j] != 0 { s += fit.theta[c * d + j] * row[j] }
                raw[c] = s
            }
        }
    }
}

/// Softmax in place (max-shifted), Spark's `Utils.softmax`.
func softmaxInPlace(_ v: inout [Double]) {
    var maxValue = -Double.infinity
    for x in v { maxValue = max(maxValue, x) }
    var sum = 0.0
    for i in 0..<v.count { v[i] = exp(v[i] - maxValue); sum += v[i] }
    for i in 0..<v.count { v[i] /= sum }
}
