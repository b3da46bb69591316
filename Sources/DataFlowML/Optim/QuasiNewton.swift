// L-BFGS and OWL-QN (L-BFGS with an L1 penalty) over plain arrays, with the stopping rules of the
// Breeze optimisers Spark MLlib uses, so a fit stops where Spark's would (close to it: the line
// searches differ, the optimum does not).

/// A smooth objective: returns f(x) and writes ∇f(x) into `gradient` (same length as `x`).
typealias DifferentiableFunction = (_ x: [Double], _ gradient: inout [Double]) -> Double

/// The outcome of a quasi-Newton minimisation.
struct QuasiNewtonResult: Sendable {
    /// The minimiser found.
    var x: [Double]
    /// f(x) plus the L1 term at `x`.
    var value: Double
    /// Iterations taken (Spark's `totalIterations` counts the initial state too: this + 1).
    var iterations: Int
    /// The objective at the start and after every iteration (Spark's `objectiveHistory`).
    var history: [Double]
}

/// Limited-memory BFGS, becoming OWL-QN (Andrew & Gao 2007) when `l1` has a positive weight:
/// minimises f(x) + Σ l1[i]·|x[i]|.
struct QuasiNewton: Sendable {
    var maxIter: Int
    var tol: Double
    /// Number of (s, y) correction pairs kept (Spark: 10).
    var memory: Int = 10
    /// Per-coordinate L1 weights; nil or all zero gives plain L-BFGS.
    var l1: [Double]? = nil

    init(maxIter: Int, tol: Double, memory: Int = 10, l1: [Double]? = nil) {
        self.maxIter = maxIter
        self.tol = tol
        self.memory = memory
        self.l1 = (l1?.contains { $0 != 0 } ?? false) ? l1 : nil
    }

    func minimize(_ f: DifferentiableFunction, from x0: [Double]) -> QuasiNewtonResult {
        let n = x0.count
        var x = x0
        var g = [Double](repeating: 0, count: n)
        var fx = f(x, &g)
        var value = fx + l1Term(x)
        var pg = pseudoGradient(x, g)
        let initialValue = value
        var history = [value]
        var sList: [[Double]] = [], yList: [[Double]] = [], rhoList: [Double] = []
        var iter = 0
        var xNew = [Double](repeating: 0, count: n)
        var gNew = [Double](repeating: 0, count: n)
        while iter < maxIter {
            if gradientConverged(pg, value) { break }
            // Two-loop recursion on the (pseudo-)gradient.
            var d = pg
            var alphas = [Double](repeating: 0, count: sList.count)
            for k in stride(from: sList.count - 1, through: 0, by: -1) {
                let a = rhoList[k] * dot(sList[k], d)
                alphas[k] = a
                axpy(-a, yList[k], &d)
            }
            if let last = sList.indices.last {
                let gamma = dot(sList[last], yList[last]) / dot(yList[last], yList[last])
                for i in 0..<n { d[i] *= gamma }
            }
            for k in 0..<sList.count {
                let b = rhoList[k] * dot(yList[k], d)
                axpy(alphas[k] - b, sList[k], &d)
            }
            for i in 0..<n { d[i] = -d[i] }
            if let l1 {
                // OWL-QN: keep only the penalised components that descend along the pseudo-gradient
                // (unpenalised ones, such as an intercept, move freely).
                for i in 0..<n where l1[i] != 0 && d[i] * pg[i] >= 0 { d[i] = 0 }
            }
            var slope = dot(d, pg)
            if !(slope < 0) {
                // Not a descent direction (bad curvature pairs): restart from steepest descent.
                sList.removeAll(); yList.removeAll(); rhoList.removeAll()
                for i in 0..<n { d[i] = -pg[i] }
                slope = dot(d, pg)
                if !(slope < 0) { break }
            }
            let found: Bool
            if let l1 {
                let firstStep = iter == 0 ? 0.5 / norm2(g) : 1.0
                found = orthantSearch(f, l1: l1, x: x, value: value, pg: pg, d: d, slope: slope,
                                      step: firstStep.isFinite ? firstStep : 1, first: iter == 0,
                                      xNew: &xNew, gNew: &gNew, fNew: &fx)
            } else {
                let firstStep = iter == 0 ? min(1.0, 1.0 / norm2(pg)) : 1.0
                found = wolfeSearch(f, x: x, value: value, d: d, slope: slope, step: firstStep,
                                    xNew: &xNew, gNew: &gNew, fNew: &fx)
            }
            if !found { break }
            var s = xNew, y = gNew
            for i in 0..<n { s[i] -= x[i]; y[i] -= g[i] }
            let sy = dot(s, y)
            if sy > 1e-10 * max(1, dot(y, y)) {
                if sList.count == memory { sList.removeFirst(); yList.removeFirst(); rhoList.removeFirst() }
                sList.append(s); yList.append(y); rhoList.append(1 / sy)
            }
            swap(&x, &xNew)
            swap(&g, &gNew)
            value = fx + l1Term(x)
            pg = pseudoGradient(x, g)
            iter += 1
            history.append(value)
            // Breeze's FunctionValuesConverged: no progress over the remembered values, relative to
            // the initial objective.
            if history.count >= 2 {
                let recent = history.suffix(min(history.count - 1, 20) + 1).dropLast()
                let best = recent.max() ?? value
                if abs(value - best) <= tol * abs(initialValue) { break }
            }
        }
        return QuasiNewtonResult(x: x, value: value, iterations: iter, history: history)
    }

    private func gradientConverged(_ pg: [Double], _ value: Double) -> Bool {
        var m = 0.0
        for v in pg { m = max(m, abs(v)) }
        return m <= max(tol * abs(value), 1e-8)
    }

    private func l1Term(_ x: [Double]) -> Double {
        guard let l1 else { return 0 }
        var s = 0.0
        for i in 0..<x.count { s += l1[i] * abs(x[i]) }
        return s
    }

    /// The minimum-norm subgradient of f + L1 (the plain gradient without L1).
    private func pseudoGradient(_ x: [Double], _ g: [Double]) -> [Double] {
        guard let l1 else { return g }
        var pg = g
        for i in 0..<x.count where l1[i] != 0 {
            if x[i] > 0 { pg[i] = g[i] + l1[i] }
            else if x[i] < 0 { pg[i] = g[i] - l1[i] }
            else {
                let right = g[i] + l1[i], left = g[i] - l1[i]
                pg[i] = left > 0 ? left : (right < 0 ? right : 0)
            }
        }
        return pg
    }

    /// Backtracking along d with every step projected onto the orthant of x (OWL-QN), as Breeze's
    /// `BacktrackingLineSearch`: shrink on insufficient decrease, grow while the slope along d is still
    /// steep (weak Wolfe), shrink when it turned steeply up (strong Wolfe). Projected slopes use the
    /// pseudo-gradient at the trial point.
    private func orthantSearch(_ f: DifferentiableFunction, l1: [Double], x: [Double], value: Double,
                               pg: [Double], d: [Double], slope: Double, step: Double, first: Bool,
                               xNew: inout [Double], gNew: inout [Double], fNew: inout Double) -> Bool {
        let n = x.count
        let c1 = 1e-4, c2 = 0.9
        var a = step
        var best: (a: Double, value: Double)? = nil
        func trial(_ a: Double) -> (value: Double, slope: Double) {
            for i in 0..<n {
                let orthant = x[i] != 0 ? x[i].sign : (-pg[i]).sign
                let v = x[i] + a * d[i]
                xNew[i] = l1[i] == 0 || !(v == 0 || v.sign != orthant || (x[i] == 0 && pg[i] == 0)) ? v : 0
            }
            fNew = f(xNew, &gNew)
            let newValue = fNew + l1Term(xNew)
            let pgNew = pseudoGradient(xNew, gNew)
            return (newValue, dot(pgNew, d))
        }
        for _ in 0..<40 {
            let (v, s) = trial(a)
            let armijo = v.isFinite && v <= value + a * c1 * slope
            if armijo && v < (best?.value ?? .infinity) { best = (a, v) }
            let multiplier: Double
            if !armijo { multiplier = first ? 0.1 : 0.5 }
            else if s < c2 * slope { multiplier = 2.1 }
            else if s > -c2 * slope { multiplier = first ? 0.1 : 0.5 }
            else { return true }
            a *= multiplier
            if a < 1e-20 || a > 1e20 { break }
        }
        guard let best else { return false }
        _ = trial(best.a)
        return true
    }

    /// A line search satisfying the strong Wolfe conditions (Nocedal & Wright, algorithms 3.5/3.6).
    private func wolfeSearch(_ f: DifferentiableFunction, x: [Double], value: Double, d: [Double],
                             slope: Double, step: Double,
                             xNew: inout [Double], gNew: inout [Double], fNew: inout Double) -> Bool {
        let c1 = 1e-4, c2 = 0.9
        let n = x.count
        func eval(_ a: Double, _ xs: inout [Double], _ gs: inout [Double]) -> (Double, Double) {
            for i in 0..<n { xs[i] = x[i] + a * d[i] }
            let fv = f(xs, &gs)
            return (fv, dot(gs, d))
        }
        var prevA = 0.0, prevF = value, prevD = slope
        var a = step
        var lo = (a: 0.0, f: value, d: slope), hi = (a: 0.0, f: value, d: slope)
        var bracketed = false
        for i in 0..<40 {
            let (fa, da) = eval(a, &xNew, &gNew)
            fNew = fa
            if !fa.isFinite || fa > value + c1 * a * slope || (i > 0 && fa >= prevF) {
                lo = (prevA, prevF, prevD); hi = (a, fa, da); bracketed = true; break
            }
            if abs(da) <= -c2 * slope { return true }
            if da >= 0 { lo = (a, fa, da); hi = (prevA, prevF, prevD); bracketed = true; break }
            prevA = a; prevF = fa; prevD = da
            lo = (a, fa, da)
            a *= 2
        }
        if bracketed {
            for _ in 0..<50 {
                let width = hi.a - lo.a
                if abs(width) <= 1e-14 * max(1, abs(lo.a)) { break }
                // Minimiser of the quadratic through lo (value, slope) and hi (value), safeguarded.
                var next = lo.a + width / 2
                if hi.f.isFinite {
                    let denom = 2 * (hi.f - lo.f - lo.d * width)
                    if denom > 0 {
                        let q = lo.a - lo.d * width * width / denom
                        let lower = min(lo.a, hi.a) + 0.1 * abs(width), upper = max(lo.a, hi.a) - 0.1 * abs(width)
                        if q > lower && q < upper { next = q }
                    }
                }
                let (fj, dj) = eval(next, &xNew, &gNew)
                fNew = fj
                if !fj.isFinite || fj > value + c1 * next * slope || fj >= lo.f {
                    hi = (next, fj, dj)
                } else {
                    if abs(dj) <= -c2 * slope { return true }
                    if dj * (hi.a - lo.a) >= 0 { hi = lo }
                    lo = (next, fj, dj)
                }
            }
        }
        let loA = lo.a
        // No Wolfe point: accept the best sufficient-decrease point seen, if any.
        if loA > 0 {
            let (fa, _) = eval(loA, &xNew, &gNew)
            fNew = fa
            return true
        }
        return false
    }
}

@inline(__always) private func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in 0..<a.count { s += a[i] * b[i] }
    return s
}

@inline(__always) private func norm2(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

@inline(__always) private func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
    for i in 0..<x.count { y[i] += alpha * x[i] }
}
