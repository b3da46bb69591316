/// Non-negative least squares on normal equations: minimises `½ xᵀ A x − bᵀ x` subject to `x ≥ 0` for a
/// symmetric positive definite `n × n` A (row-major, full), by the active-set method of Lawson and Hanson
/// (1974) adapted to the normal-equation form. Each step solves the free variables' subsystem by Cholesky.
/// Exact at convergence (Spark's NNLS is a projected-gradient iteration towards the same minimiser).
///
/// A workspace is reused across solves (one per worker thread): no allocation per solve.
public struct NNLSWorkspace {
    public let n: Int
    var free: [Bool]
    var x: [Double]
    var z: [Double]
    var sub: [Double]
    var rhs: [Double]
    var idx: [Int]

    public init(rank n: Int) {
        self.n = n
        free = [Bool](repeating: false, count: n)
        x = [Double](repeating: 0, count: n)
        z = [Double](repeating: 0, count: n)
        sub = [Double](repeating: 0, count: n * n)
        rhs = [Double](repeating: 0, count: n)
        idx = [Int](repeating: 0, count: n)
    }

    /// Solves into `out` (`n` values).
    public mutating func solve(a: UnsafeBufferPointer<Double>, b: UnsafeBufferPointer<Double>, x out: UnsafeMutableBufferPointer<Double>) {
        let n = self.n
        precondition(a.count >= n * n && b.count >= n && out.count >= n, "NNLS: buffers too small")
        for i in 0..<n { free[i] = false; x[i] = 0 }
        // Relative tolerance on the gradient, from the size of b.
        var scale = 0.0
        for i in 0..<n { scale = max(scale, abs(b[i])) }
        let tol = 1e-12 * max(scale, 1e-300)
        var outer = 0
        while outer < 3 * n + 10 {
            outer += 1
            // Gradient of the objective's negative: w = b − A x; pick the most promising bound variable.
            var best = -1, bestW = tol
            for j in 0..<n where !free[j] {
                var w = b[j]
                for k in 0..<n where x[k] != 0 { w -= a[j * n + k] * x[k] }
                if w > bestW { bestW = w; best = j }
            }
            if best < 0 { break }
            free[best] = true
            var inner = 0
            while inner < 3 * n + 10 {
                inner += 1
                if !solveFree(a: a, b: b) { free[best] = false; break }
                var feasible = true
                for j in 0..<n where free[j] && z[j] <= 0 { feasible = false; break }
                if feasible {
                    for j in 0..<n { x[j] = free[j] ? z[j] : 0 }
                    break
                }
                // Step from x towards z as far as feasibility allows, then release the variables that hit 0.
                var step = 1.0
                for j in 0..<n where free[j] && z[j] <= 0 {
                    let d = x[j] - z[j]
                    if d > 0 { step = min(step, x[j] / d) }
                }
                for j in 0..<n where free[j] {
                    x[j] += step * (z[j] - x[j])
                    if x[j] <= 1e-15 * max(scale, 1) { x[j] = 0; free[j] = false }
                }
            }
        }
        for i in 0..<n { out[i] = x[i] }
    }

    /// z = solution of the free variables' subsystem (bound ones 0); false when it is singular.
    private mutating func solveFree(a: UnsafeBufferPointer<Double>, b: UnsafeBufferPointer<Double>) -> Bool {
        var m = 0
        for j in 0..<n where free[j] { idx[m] = j; m += 1 }
        for j in 0..<n { z[j] = 0 }
        if m == 0 { return true }
        for p in 0..<m {
            rhs[p] = b[idx[p]]
            for q in 0..<m { sub[p * m + q] = a[idx[p] * n + idx[q]] }
        }
        let ok = sub.withUnsafeMutableBufferPointer { sp in rhs.withUnsafeMutableBufferPointer { rp in
            LAPACK.posv(n: m, a: UnsafeMutableBufferPointer(rebasing: sp[0..<(m * m)]), b: UnsafeMutableBufferPointer(rebasing: rp[0..<m]))
        } }
        if !ok { return false }
        for p in 0..<m { z[idx[p]] = rhs[p] }
        return true
    }
}
