import Foundation
import DataFlowColumnar

/// A fitted logistic model in the original feature space: `coefficients` is row-major
/// `coefficientSets × d` (one row for binomial, one per class for multinomial).
struct LogisticRegressionFit: Sendable {
    var coefficients: [Double]
    var intercepts: [Double]
    var numClasses: Int
    var isMultinomial: Bool
    var iterations: Int
    var objectiveHistory: [Double]
}

/// Spark's logistic-regression training over a dense row-major design matrix: features scaled by
/// their sample standard deviation (and centred when fitting an intercept, which only moves the
/// intercept), the average weighted log-loss plus `regParam·(α‖β‖₁ + (1−α)/2‖β‖²)` on the scaled
/// coefficients (on the original ones when `standardization` is false), L-BFGS or OWL-QN.
enum LogisticRegressionSolver {
    struct Problem {
        var n: Int, d: Int
        var x: [Double], y: [Double], w: [Double]
        var numClasses: Int
        var multinomial: Bool
        var regParam: Double, elasticNetParam: Double
        var fitIntercept: Bool, standardization: Bool
        var maxIter: Int, tol: Double
    }

    static func fit(_ p: Problem) throws -> LogisticRegressionFit {
        let n = p.n, d = p.d, classes = p.numClasses
        let sets = p.multinomial ? classes : 1
        var histogram = [Double](repeating: 0, count: classes)
        for i in 0..<n { histogram[Int(p.y[i])] += p.w[i] }
        let present = histogram.filter { $0 > 0 }.count
        if present <= 1 && p.fitIntercept {
            // Spark's constant-label model: zero coefficients, an infinite intercept for the one label.
            let label = histogram.firstIndex { $0 > 0 } ?? 0
            var intercepts: [Double]
            if p.multinomial {
                intercepts = [Double](repeating: 0, count: classes)
                intercepts[label] = .infinity
            } else {
                intercepts = [label == 1 ? Double.infinity : -Double.infinity]
            }
            return LogisticRegressionFit(coefficients: [Double](repeating: 0, count: sets * d), intercepts: intercepts,
                                         numClasses: classes, isMultinomial: p.multinomial, iterations: 0,
                                         objectiveHistory: [0])
        }
        let moments = WeightedMoments(n: n, d: d, x: p.x, w: p.w)
        let std = moments.std
        let center = p.fitIntercept
        var xs = [Double](repeating: 0, count: n * d)
        for i in 0..<n {
            for j in 0..<d where std[j] != 0 {
                xs[i * d + j] = (p.x[i * d + j] - (center ? moments.mean[j] : 0)) / std[j]
            }
        }
        let l1Reg = p.elasticNetParam * p.regParam
        let l2Reg = (1 - p.elasticNetParam) * p.regParam
        let size = sets * d + (p.fitIntercept ? sets : 0)
        var l1 = [Double](repeating: 0, count: size)
        var l2 = [Double](repeating: 0, count: d)
        for j in 0..<d {
            let scale = p.standardization ? 1 : (std[j] == 0 ? 0 : 1 / std[j])
            l2[j] = l2Reg * scale * scale
            for k in 0..<sets { l1[k * d + j] = l1Reg * scale }
        }
        var start = [Double](repeating: 0, count: size)
        if p.fitIntercept {
            if p.multinomial {
                let logs = histogram.map { log1p($0) }
                let mean = logs.reduce(0, +) / Double(classes)
                for k in 0..<classes { start[sets * d + k] = logs[k] - mean }
            } else if histogram.count == 2 && histogram[0] > 0 && histogram[1] > 0 {
                start[d] = log(histogram[1] / histogram[0])
            }
        }
        let objective = LogLoss(n: n, d: d, sets: sets, multinomial: p.multinomial, fitIntercept: p.fitIntercept,
                                x: xs, y: p.y, w: p.w, weightSum: moments.weightSum, l2: l2)
        let result = QuasiNewton(maxIter: p.maxIter, tol: p.tol, l1: l1)
            .minimize({ objective.evaluate($0, &$1) }, from: start)
        var coefficients = [Double](repeating: 0, count: sets * d)
        var intercepts = [Double](repeating: 0, count: sets)
        for k in 0..<sets {
            var shift = 0.0
            for j in 0..<d where std[j] != 0 {
                let c = result.x[k * d + j] / std[j]
                coefficients[k * d + j] = c
                if center { shift += c * moments.mean[j] }
            }
            if p.fitIntercept { intercepts[k] = result.x[sets * d + k] - shift }
        }
        if p.multinomial {
            // Without L2 the softmax coefficients are not identifiable; Spark (as glmnet) centres them.
            if p.regParam == 0 {
                for j in 0..<d {
                    var mean = 0.0
                    for k in 0..<sets { mean += coefficients[k * d + j] }
                    mean /= Double(sets)
                    for k in 0..<sets { coefficients[k * d + j] -= mean }
                }
            }
            if p.fitIntercept {
                let mean = intercepts.reduce(0, +) / Double(sets)
                for k in 0..<sets { intercepts[k] -= mean }
            }
        }
        return LogisticRegressionFit(coefficients: coefficients, intercepts: intercepts, numClasses: classes,
                                     isMultinomial: p.multinomial, iterations: result.iterations,
                                     objectiveHistory: result.history)
    }
}

/// The average weighted log-loss (binomial or softmax) plus the L2 term, with its gradient.
private struct LogLoss: Sendable {
    let n: Int, d: Int, sets: Int
    let multinomial: Bool, fitIntercept: Bool
    let x: [Double], y: [Double], w: [Double]
    let weightSum: Double
    let l2: [Double]

    func evaluate(_ theta: [Double], _ grad: inout [Double]) -> Double {
        let d = self.d, sets = self.sets
        var loss = BlockSum.run(rows: n, width: grad.count, gradient: &grad) { rows, g in
            self.accumulate(theta, rows, g)
        }
        loss /= weightSum
        for i in 0..<grad.count { grad[i] /= weightSum }
        for k in 0..<sets {
            for j in 0..<d where l2[j] != 0 {
                let c = theta[k * d + j]
                loss += 0.5 * l2[j] * c * c
                grad[k * d + j] += l2[j] * c
            }
        }
        return loss
    }

    /// The weighted log-loss of `rows`, their gradient added into `g`.
    private func accumulate(_ theta: [Double], _ rows: Range<Int>, _ g: UnsafeMutableBufferPointer<Double>) -> Double {
        let d = self.d, sets = self.sets
        var loss = 0.0
        var m = [Double](repeating: 0, count: sets)
        x.withUnsafeBufferPointer { xb in
            theta.withUnsafeBufferPointer { t in
                for i in rows {
                    let wi = w[i]
                    if wi == 0 { continue }
                    let row = i * d
                    for k in 0..<sets {
                        var s = fitIntercept ? t[sets * d + k] : 0
                        let off = k * d
                        for j in 0..<d { s += t[off + j] * xb[row + j] }
                        m[k] = s
                    }
                    let label = Int(y[i])
                    if !multinomial {
                        let margin = m[0]
                        // log(1 + e^{-m}) for label 1, log(1 + e^{m}) for label 0, stably.
                        let z = label == 1 ? -margin : margin
                        loss += wi * (z > 0 ? z + log1p(exp(-z)) : log1p(exp(z)))
                        let prob = 1 / (1 + exp(-margin))
                        m[0] = wi * (prob - Double(label))
                    } else {
                        var maxMargin = -Double.infinity
                        for k in 0..<sets { maxMargin = max(maxMargin, m[k]) }
                        var sum = 0.0
                        for k in 0..<sets { m[k] = exp(m[k] - maxMargin); sum += m[k] }
                        let labelMargin = log(m[label]) + maxMargin
                        loss += wi * (log(sum) + maxMargin - labelMargin)
                        for k in 0..<sets { m[k] = wi * (m[k] / sum - (k == label ? 1 : 0)) }
                    }
                    for k in 0..<sets {
                        let mult = m[k]
                        let off = k * d
                        for j in 0..<d { g[off + j] += mult * xb[row + j] }
                        if fitIntercept { g[sets * d + k] += mult }
                    }
                }
            }
        }
        return loss
    }
}
