import DataFlowColumnar

/// The result of a least-squares solve in the original feature space.
struct LinearRegressionFit: Sendable {
    var coefficients: [Double]
    var intercept: Double
    /// Optimiser iterations (0 for the direct Cholesky solve).
    var iterations: Int
    /// Objective per iteration (just `[0]` for the direct solve, as Spark reports).
    var objectiveHistory: [Double]
}

/// Spark's two least-squares paths, over a dense row-major design matrix.
///
/// Both standardise the features and the label internally and scale the penalty the way Spark does,
/// so `regParam` means what it means in Spark: the objective is
/// `1/(2W) Σ wᵢ(yᵢ − xᵢβ − b)² + (regParam/σy)·(α‖β‖₁ + (1−α)/2‖β‖²)` on standardised coefficients.
enum LinearRegressionSolver {
    struct Problem {
        var n: Int, d: Int
        var x: [Double], y: [Double], w: [Double]
        var regParam: Double, elasticNetParam: Double
        var fitIntercept: Bool, standardization: Bool
        var maxIter: Int, tol: Double
    }

    /// Spark's `WeightedLeastSquares` (solver "normal", and "auto" up to 4096 features): sufficient
    /// statistics in one pass, then Cholesky (LAPACK) on the normal equations, or — when an L1 term is
    /// present or the system is singular, where Spark runs OWL-QN on the same quadratic — coordinate
    /// descent to its exact optimum. Standard deviations are population ones.
    static func normal(_ p: Problem) throws -> LinearRegressionFit {
        let n = p.n, d = p.d
        var wSum = 0.0, bSum = 0.0, bbSum = 0.0
        var aSum = [Double](repeating: 0, count: d), abSum = [Double](repeating: 0, count: d)
        var aaSum = [Double](repeating: 0, count: d * d)
        p.x.withUnsafeBufferPointer { xs in
            for i in 0..<n {
                let w = p.w[i], b = p.y[i]
                if w == 0 { continue }
                wSum += w; bSum += w * b; bbSum += w * b * b
                let row = i * d
                for j in 0..<d {
                    let wa = w * xs[row + j]
                    aSum[j] += wa
                    abSum[j] += wa * b
                    for k in j..<d { aaSum[j * d + k] += wa * xs[row + k] }
                }
            }
        }
        guard wSum > 0 else {
            throw DataFlowError("ML_INVALID_INPUT", "LinearRegression: the training data has no rows with positive weight")
        }
        let rawBBar = bSum / wSum
        let rawBStd = max(bbSum / wSum - rawBBar * rawBBar, 0).squareRoot()
        if rawBStd == 0 {
            if p.fitIntercept || rawBBar == 0 {
                return LinearRegressionFit(coefficients: [Double](repeating: 0, count: d),
                                           intercept: p.fitIntercept ? rawBBar : 0, iterations: 0, objectiveHistory: [0])
            }
            if p.regParam > 0 {
                throw DataFlowError("ML_INVALID_INPUT", "LinearRegression: the label column is constant, so the model "
                    + "cannot be regularized with standardized labels (set regParam to 0 or fitIntercept to true)")
            }
        }
        let bStd = rawBStd == 0 ? abs(rawBBar) : rawBStd
        var aStd = [Double](repeating: 0, count: d)
        var aBar = [Double](repeating: 0, count: d)
        for j in 0..<d {
            let m = aSum[j] / wSum
            aStd[j] = max(aaSum[j * d + j] / wSum - m * m, 0).squareRoot()
            aBar[j] = aStd[j] == 0 ? 0 : m / aStd[j]
        }
        let bBar = rawBBar / bStd
        let k = p.fitIntercept ? d + 1 : d
        // aa = [E[a aᵀ] + λ, E[a]; E[a]ᵀ, 1] and ab = [E[a b], E[b]] in standardised units.
        var aa = [Double](repeating: 0, count: k * k)
        var ab = [Double](repeating: 0, count: k)
        let effectiveReg = p.regParam / bStd
        let l1Reg = p.elasticNetParam * effectiveReg
        let l2Reg = (1 - p.elasticNetParam) * effectiveReg
        for j in 0..<d {
            for c in j..<d {
                let s = aStd[j] * aStd[c]
                let v = s == 0 ? 0 : aaSum[j * d + c] / wSum / s
                aa[j * k + c] = v; aa[c * k + j] = v
            }
            var lambda = l2Reg
            if !p.standardization { lambda = aStd[j] == 0 ? 0 : lambda / (aStd[j] * aStd[j]) }
            aa[j * k + j] += lambda
            ab[j] = aStd[j] == 0 ? 0 : abSum[j] / wSum / (aStd[j] * bStd)
            if p.fitIntercept { aa[j * k + d] = aBar[j]; aa[d * k + j] = aBar[j] }
        }
        if p.fitIntercept { aa[d * k + d] = 1; ab[d] = bBar }

        var solution: [Double]? = nil
        var iterations = 0
        var history = [0.0]
        if !(p.elasticNetParam != 0 && p.regParam != 0) {
            solution = DenseLinalg.choleskySolve(aa, ab, n: k)   // LAPACK dposv, as Spark
        }
        if solution == nil {
            var l1 = [Double](repeating: 0, count: k)
            if l1Reg != 0 {
                for j in 0..<d {
                    l1[j] = p.standardization ? l1Reg : (aStd[j] == 0 ? 0 : l1Reg / aStd[j])
                }
            }
            // The intercept is unpenalised: eliminate it (centre the quadratic), solve for the
            // coefficients, and recover it as E[b] − E[a]·c. The centred system is far better conditioned.
            var ac = [Double](repeating: 0, count: d * d), bc = [Double](repeating: 0, count: d)
            for r in 0..<d {
                for c in 0..<d { ac[r * d + c] = aa[r * k + c] - (p.fitIntercept ? aBar[r] * aBar[c] : 0) }
                bc[r] = ab[r] - (p.fitIntercept ? aBar[r] * bBar : 0)
            }
            let result = QuadraticLasso.minimize(a: ac, b: bc, l1: Array(l1.prefix(d)), size: d,
                                                 from: [Double](repeating: 0, count: d),
                                                 maxSweeps: max(1000, 400_000_000 / max(d * d, 1)))
            var sol = result.x
            if p.fitIntercept {
                var c0 = bBar
                for j in 0..<d { c0 -= aBar[j] * sol[j] }
                sol.append(c0)
            }
            solution = sol
            iterations = result.sweeps
            history = [result.value]
        }
        guard let sol = solution else {
            throw DataFlowError("ML_INVALID_INPUT", "LinearRegression: the normal equations could not be solved")
        }
        var coefficients = [Double](repeating: 0, count: d)
        for j in 0..<d { coefficients[j] = aStd[j] == 0 ? 0 : sol[j] * bStd / aStd[j] }
        let intercept = p.fitIntercept ? sol[d] * bStd : 0
        return LinearRegressionFit(coefficients: coefficients, intercept: intercept,
                                   iterations: iterations, objectiveHistory: history)
    }

    /// Spark's L-BFGS path (solver "l-bfgs", and "auto" above 4096 features): features scaled by their
    /// sample standard deviation and centred when fitting an intercept (the intercept then follows in
    /// closed form), label likewise; L-BFGS, or OWL-QN with an L1 term.
    static func lbfgs(_ p: Problem) throws -> LinearRegressionFit {
        let n = p.n, d = p.d
        let stats = WeightedMoments(n: n, d: d, x: p.x, w: p.w)
        let yStats = WeightedMoments(n: n, d: 1, x: p.y, w: p.w)
        guard stats.weightSum > 0 else {
            throw DataFlowError("ML_INVALID_INPUT", "LinearRegression: the training data has no rows with positive weight")
        }
        let yMean = yStats.mean[0]
        let rawYStd = yStats.std[0]
        if rawYStd == 0 {
            if p.fitIntercept || yMean == 0 {
                return LinearRegressionFit(coefficients: [Double](repeating: 0, count: d),
                                           intercept: p.fitIntercept ? yMean : 0, iterations: 0, objectiveHistory: [0])
            }
            if p.regParam > 0 && p.standardization {
                throw DataFlowError("ML_INVALID_INPUT", "LinearRegression: the label column is constant, so the model "
                    + "cannot be regularized with standardization (set regParam to 0 or standardization to false)")
            }
        }
        let yStd = rawYStd > 0 ? rawYStd : abs(yMean)
        let std = stats.std, mean = stats.mean
        // The standardised design matrix, built once: every objective evaluation is one pass over it.
        var xs = [Double](repeating: 0, count: n * d)
        var ys = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for j in 0..<d where std[j] != 0 {
                xs[i * d + j] = (p.x[i * d + j] - (p.fitIntercept ? mean[j] : 0)) / std[j]
            }
            ys[i] = (p.y[i] - (p.fitIntercept ? yMean : 0)) / yStd
        }
        let effectiveReg = p.regParam / yStd
        let l1Reg = p.elasticNetParam * effectiveReg
        let l2Reg = (1 - p.elasticNetParam) * effectiveReg
        let weightSum = stats.weightSum
        var l2 = [Double](repeating: 0, count: d)
        var l1 = [Double](repeating: 0, count: d)
        for j in 0..<d {
            if p.standardization { l2[j] = l2Reg; l1[j] = l1Reg }
            else if std[j] != 0 { l2[j] = l2Reg / (std[j] * std[j]); l1[j] = l1Reg / std[j] }
        }
        let w = p.w
        let (xsC, ysC, l2C) = (xs, ys, l2)
        let optimizer = QuasiNewton(maxIter: p.maxIter, tol: p.tol, l1: l1)
        let result = optimizer.minimize({ beta, grad in
            var loss = BlockSum.run(rows: n, width: d, gradient: &grad) { rows, g in
                var partial = 0.0
                xsC.withUnsafeBufferPointer { xb in
                    for i in rows where w[i] != 0 {
                        let row = i * d
                        var diff = -ysC[i]
                        for j in 0..<d { diff += beta[j] * xb[row + j] }
                        let wd = w[i] * diff
                        partial += wd * diff
                        for j in 0..<d { g[j] += wd * xb[row + j] }
                    }
                }
                return partial
            }
            loss /= 2 * weightSum
            for j in 0..<d {
                grad[j] = grad[j] / weightSum + l2C[j] * beta[j]
                loss += 0.5 * l2C[j] * beta[j] * beta[j]
            }
            return loss
        }, from: [Double](repeating: 0, count: d))
        var coefficients = [Double](repeating: 0, count: d)
        for j in 0..<d where std[j] != 0 { coefficients[j] = result.x[j] * yStd / std[j] }
        var intercept = 0.0
        if p.fitIntercept {
            intercept = yMean
            for j in 0..<d { intercept -= coefficients[j] * mean[j] }
        }
        return LinearRegressionFit(coefficients: coefficients, intercept: intercept,
                                   iterations: result.iterations, objectiveHistory: result.history)
    }
}

/// Weighted mean and Spark `Summarizer`'s unbiased weighted standard deviation per column.
struct WeightedMoments {
    var weightSum = 0.0
    var mean: [Double]
    var std: [Double]

    init(n: Int, d: Int, x: [Double], w: [Double]) {
        var sum = [Double](repeating: 0, count: d)
        var wSum = 0.0, wwSum = 0.0
        for i in 0..<n {
            let wi = w[i]
            wSum += wi; wwSum += wi * wi
            for j in 0..<d { sum[j] += wi * x[i * d + j] }
        }
        mean = sum.map { wSum > 0 ? $0 / wSum : 0 }
        var m2 = [Double](repeating: 0, count: d)
        for i in 0..<n {
            let wi = w[i]
            for j in 0..<d {
                let c = x[i * d + j] - mean[j]
                m2[j] += wi * c * c
            }
        }
        let denominator = wSum - wwSum / wSum
        std = m2.map { denominator > 0 ? max($0 / denominator, 0).squareRoot() : 0 }
        weightSum = wSum
    }
}

/// Minimises ½cᵀAc − bᵀc + Σ l1ᵢ|cᵢ| for a symmetric positive semi-definite A by cyclic coordinate
/// descent to machine precision. Spark runs OWL-QN on this quadratic (the sufficient statistics'
/// least-squares loss) with its default tolerance; where that converges, the optimum is the same point,
/// and coordinate descent gets there reliably even when the system is badly conditioned.
enum QuadraticLasso {
    static func minimize(a: [Double], b: [Double], l1: [Double], size k: Int, from start: [Double],
                         maxSweeps: Int) -> (x: [Double], value: Double, sweeps: Int) {
        var c = start
        var q = [Double](repeating: 0, count: k)   // A·c
        for i in 0..<k { for j in 0..<k { q[i] += a[i * k + j] * c[j] } }
        var sweeps = 0
        while sweeps < maxSweeps {
            sweeps += 1
            var maxDelta = 0.0, maxValue = 0.0
            for i in 0..<k {
                let aii = a[i * k + i]
                var next = 0.0
                if aii > 0 {
                    let r = b[i] - (q[i] - aii * c[i])
                    let shrunk = abs(r) > l1[i] ? r - (r > 0 ? l1[i] : -l1[i]) : 0
                    next = shrunk / aii
                }
                let delta = next - c[i]
                if delta != 0 {
                    for j in 0..<k { q[j] += a[j * k + i] * delta }
                    c[i] = next
                }
                maxDelta = max(maxDelta, abs(delta) * aii.squareRoot())
                maxValue = max(maxValue, abs(next) * aii.squareRoot())
            }
            if maxDelta <= 1e-15 * max(1, maxValue) { break }
        }
        var value = 0.0
        for i in 0..<k { value += c[i] * (0.5 * q[i] - b[i]) + l1[i] * abs(c[i]) }
        return (c, value, sweeps)
    }
}
