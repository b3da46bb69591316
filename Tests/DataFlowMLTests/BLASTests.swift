import Testing
@testable import DataFlowML

@Suite("BLAS and LAPACK wrappers")
struct BLASTests {
    @Test func gemmMatchesNaiveProductWithTransposes() {
        let m = 3, k = 4, n = 2
        let a: [Double] = (0..<(m * k)).map { Double($0) - 5 }      // m × k
        let b: [Double] = (0..<(k * n)).map { Double($0 * $0) / 7 }  // k × n
        var expected = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { for t in 0..<k { expected[i * n + j] += a[i * k + t] * b[t * n + j] } } }
        #expect(DenseLinalg.multiply(a, b, m: m, k: k, n: n) == expected)
        // Aᵀ stored (k × m) and Bᵀ stored (n × k) give the same product through the transpose flags.
        var at = [Double](repeating: 0, count: k * m), bt = [Double](repeating: 0, count: n * k)
        for i in 0..<m { for t in 0..<k { at[t * m + i] = a[i * k + t] } }
        for t in 0..<k { for j in 0..<n { bt[j * k + t] = b[t * n + j] } }
        var c = [Double](repeating: 1, count: m * n)
        at.withUnsafeBufferPointer { ap in bt.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
            BLAS.gemm(transA: true, transB: true, m: m, n: n, k: k, alpha: 2, a: ap, lda: m, b: bp, ldb: k, beta: -1, c: cp, ldc: n)
        } } }
        #expect(c == expected.map { 2 * $0 - 1 })
    }

    @Test func gramMatrixAndCholeskySolve() throws {
        // X (3 × 2): XᵀX = [[35, 44], [44, 56]].
        let x: [Double] = [1, 2, 3, 4, 5, 6]
        #expect(DenseLinalg.gram(x, rows: 3, cols: 2) == [35, 44, 44, 56])
        // [[4, 2], [2, 3]] x = [2, 1]  ->  x = [0.5, 0].
        let sol = try #require(DenseLinalg.choleskySolve([4, 2, 2, 3], [2, 1], n: 2))
        #expect(abs(sol[0] - 0.5) < 1e-14 && abs(sol[1]) < 1e-14)
        // Not positive definite -> nil.
        #expect(DenseLinalg.choleskySolve([1, 2, 2, 1], [1, 1], n: 2) == nil)
    }

    @Test func symmetricEigenAndSVD() throws {
        let (values, vectors) = try DenseLinalg.symmetricEigen([2, 1, 1, 2], n: 2)
        #expect(abs(values[0] - 3) < 1e-12 && abs(values[1] - 1) < 1e-12)
        // Eigenvector of 3 is ±(1, 1)/√2.
        #expect(abs(abs(vectors[0][0]) - 0.5.squareRoot()) < 1e-12 && abs(vectors[0][0] - vectors[0][1]) < 1e-12)
        // A 3 × 2 matrix: singular values descending, U diag(s) Vᵀ rebuilds it.
        let a: [Double] = [3, 0, 0, -2, 0, 0]
        let (u, s, vt) = try DenseLinalg.svd(a, m: 3, n: 2)
        #expect(abs(s[0] - 3) < 1e-12 && abs(s[1] - 2) < 1e-12)
        for i in 0..<3 { for j in 0..<2 {
            var v = 0.0
            for p in 0..<2 { v += u[i * 2 + p] * s[p] * vt[p * 2 + j] }
            #expect(abs(v - a[i * 2 + j]) < 1e-12)
        } }
    }

    @Test func nnlsMatchesExhaustiveSearch() {
        // min ½xᵀAx − bᵀx, x ≥ 0: the minimiser is the best of the unconstrained solutions over every
        // subset of free variables that are feasible.
        var rng = SeededRandom(seed: 7)
        for _ in 0..<50 {
            let n = 4
            let g = (0..<(n * n)).map { _ in rng.nextGaussian() }
            var a = DenseLinalg.gram(g, rows: n, cols: n)
            for d in 0..<n { a[d * n + d] += 0.1 }
            let b = (0..<n).map { _ in rng.nextGaussian() }
            func objective(_ x: [Double]) -> Double {
                var v = 0.0
                for i in 0..<n { v -= b[i] * x[i]; for j in 0..<n { v += 0.5 * x[i] * a[i * n + j] * x[j] } }
                return v
            }
            var best = objective([Double](repeating: 0, count: n))
            for mask in 1..<(1 << n) {
                let idx = (0..<n).filter { mask & (1 << $0) != 0 }
                let sub = idx.flatMap { i in idx.map { j in a[i * n + j] } }
                guard let z = DenseLinalg.choleskySolve(sub, idx.map { b[$0] }, n: idx.count), z.allSatisfy({ $0 >= 0 }) else { continue }
                var x = [Double](repeating: 0, count: n)
                for (p, i) in idx.enumerated() { x[i] = z[p] }
                best = min(best, objective(x))
            }
            var ws = NNLSWorkspace(rank: n)
            var x = [Double](repeating: -1, count: n)
            a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in x.withUnsafeMutableBufferPointer { xp in
                ws.solve(a: ap, b: bp, x: xp)
            } } }
            #expect(x.allSatisfy { $0 >= 0 })
            #expect(abs(objective(x) - best) <= 1e-10 * max(1, abs(best)))
        }
    }
}
