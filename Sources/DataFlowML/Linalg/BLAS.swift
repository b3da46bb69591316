import COpenBLAS
import DataFlowColumnar

// Thin Swift wrappers over OpenBLAS (CBLAS) and LAPACKE (Debian's libopenblas-dev, liblapacke-dev).
//
// Conventions: matrices are ROW-MAJOR (a Swift `[Double]` of `rows * cols` with leading dimension `ld`,
// usually `cols`), as everywhere else in DataFlowML. Sizes are checked against the buffers with
// `precondition` (they are programming errors, never user data). LAPACK failures (a matrix that is not
// positive definite, an SVD that does not converge) are reported as results or `DataFlowError`s.
//
// OpenBLAS runs single-threaded: DataFlowML parallelises over blocks itself (one solve or product per
// worker), and OpenBLAS's own threads would oversubscribe the cores.

/// BLAS level 1-3 over unsafe buffers (row-major).
public enum BLAS {
    /// Pins OpenBLAS to one thread, once per process (every entry point touches it first).
    static let singleThreaded: Void = { openblas_set_num_threads(1) }()

    @inline(__always) static func setUp() { _ = singleThreaded }

    @inline(__always) static func i32(_ v: Int) -> Int32 {
        precondition(v >= 0 && v <= Int(Int32.max), "BLAS: dimension \(v) out of range")
        return Int32(v)
    }

    @inline(__always) static func transpose(_ t: Bool) -> CBLAS_TRANSPOSE { t ? CblasTrans : CblasNoTrans }

    /// Elements a row-major `rows × cols` operand with leading dimension `ld` spans.
    @inline(__always) static func span(_ rows: Int, _ cols: Int, _ ld: Int) -> Int {
        rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols
    }

    /// `C = alpha * op(A) * op(B) + beta * C` (dgemm). `op(A)` is `m × k`, `op(B)` is `k × n`, `C` is `m × n`.
    public static func gemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Double = 1,
                            a: UnsafeBufferPointer<Double>, lda: Int, b: UnsafeBufferPointer<Double>, ldb: Int,
                            beta: Double = 0, c: UnsafeMutableBufferPointer<Double>, ldc: Int) {
        setUp()
        if m == 0 || n == 0 { return }
        precondition(a.count >= (transA ? span(k, m, lda) : span(m, k, lda)), "gemm: A too small")
        precondition(b.count >= (transB ? span(n, k, ldb) : span(k, n, ldb)), "gemm: B too small")
        precondition(c.count >= span(m, n, ldc), "gemm: C too small")
        cblas_dgemm(CblasRowMajor, transpose(transA), transpose(transB), i32(m), i32(n), i32(k), alpha,
                    a.baseAddress, i32(Swift.max(lda, 1)), b.baseAddress, i32(Swift.max(ldb, 1)), beta,
                    c.baseAddress, i32(Swift.max(ldc, 1)))
    }

    /// Single-precision `C = alpha * op(A) * op(B) + beta * C` (sgemm; used for top-k scoring).
    public static func gemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
                            a: UnsafeBufferPointer<Float>, lda: Int, b: UnsafeBufferPointer<Float>, ldb: Int,
                            beta: Float = 0, c: UnsafeMutableBufferPointer<Float>, ldc: Int) {
        setUp()
        if m == 0 || n == 0 { return }
        precondition(a.count >= (transA ? span(k, m, lda) : span(m, k, lda)), "sgemm: A too small")
        precondition(b.count >= (transB ? span(n, k, ldb) : span(k, n, ldb)), "sgemm: B too small")
        precondition(c.count >= span(m, n, ldc), "sgemm: C too small")
        cblas_sgemm(CblasRowMajor, transpose(transA), transpose(transB), i32(m), i32(n), i32(k), alpha,
                    a.baseAddress, i32(Swift.max(lda, 1)), b.baseAddress, i32(Swift.max(ldb, 1)), beta,
                    c.baseAddress, i32(Swift.max(ldc, 1)))
    }

    /// `C = alpha * op(A) * op(A)ᵀ + beta * C` on C's UPPER triangle (dsyrk); `C` is `n × n`.
    /// `trans == false`: A is `n × k` (C = A Aᵀ); `trans == true`: A is `k × n` (C = Aᵀ A, a Gram matrix of rows).
    /// The strictly lower triangle of C is left untouched (see `symmetrizeUpper`).
    public static func syrk(trans: Bool, n: Int, k: Int, alpha: Double = 1, a: UnsafeBufferPointer<Double>, lda: Int,
                            beta: Double = 0, c: UnsafeMutableBufferPointer<Double>, ldc: Int) {
        setUp()
        if n == 0 { return }
        precondition(a.count >= (trans ? span(k, n, lda) : span(n, k, lda)), "syrk: A too small")
        precondition(c.count >= span(n, n, ldc), "syrk: C too small")
        cblas_dsyrk(CblasRowMajor, CblasUpper, transpose(trans), i32(n), i32(k), alpha, a.baseAddress,
                    i32(Swift.max(lda, 1)), beta, c.baseAddress, i32(Swift.max(ldc, 1)))
    }

    /// Single-precision `syrk` (ssyrk), on C's upper triangle: ALS's Gram matrices straight from gathered
    /// float factor rows.
    public static func syrk(trans: Bool, n: Int, k: Int, alpha: Float = 1, a: UnsafeBufferPointer<Float>, lda: Int,
                            beta: Float = 0, c: UnsafeMutableBufferPointer<Float>, ldc: Int) {
        setUp()
        if n == 0 { return }
        precondition(a.count >= (trans ? span(k, n, lda) : span(n, k, lda)), "ssyrk: A too small")
        precondition(c.count >= span(n, n, ldc), "ssyrk: C too small")
        cblas_ssyrk(CblasRowMajor, CblasUpper, transpose(trans), i32(n), i32(k), alpha, a.baseAddress,
                    i32(Swift.max(lda, 1)), beta, c.baseAddress, i32(Swift.max(ldc, 1)))
    }

    /// Single-precision `gemv` (sgemv).
    public static func gemv(trans: Bool = false, m: Int, n: Int, alpha: Float = 1, a: UnsafeBufferPointer<Float>,
                            lda: Int, x: UnsafeBufferPointer<Float>, beta: Float = 0, y: UnsafeMutableBufferPointer<Float>) {
        setUp()
        if m == 0 || n == 0 {
            if beta != 1 { for i in y.indices { y[i] *= beta } }
            return
        }
        precondition(a.count >= span(m, n, lda), "sgemv: A too small")
        precondition(x.count >= (trans ? m : n) && y.count >= (trans ? n : m), "sgemv: x or y too small")
        cblas_sgemv(CblasRowMajor, transpose(trans), i32(m), i32(n), alpha, a.baseAddress, i32(Swift.max(lda, 1)),
                    x.baseAddress, 1, beta, y.baseAddress, 1)
    }

    /// `y = alpha * op(A) * x + beta * y` (dgemv); A is `m × n` (op(A) = Aᵀ when `trans`).
    public static func gemv(trans: Bool = false, m: Int, n: Int, alpha: Double = 1, a: UnsafeBufferPointer<Double>,
                            lda: Int, x: UnsafeBufferPointer<Double>, beta: Double = 0,
                            y: UnsafeMutableBufferPointer<Double>) {
        setUp()
        if m == 0 || n == 0 {
            if beta != 1 { for i in y.indices { y[i] *= beta } }
            return
        }
        precondition(a.count >= span(m, n, lda), "gemv: A too small")
        precondition(x.count >= (trans ? m : n) && y.count >= (trans ? n : m), "gemv: x or y too small")
        cblas_dgemv(CblasRowMajor, transpose(trans), i32(m), i32(n), alpha, a.baseAddress, i32(Swift.max(lda, 1)),
                    x.baseAddress, 1, beta, y.baseAddress, 1)
    }

    /// `xᵀ y` (ddot).
    public static func dot(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) -> Double {
        setUp()
        precondition(x.count == y.count, "dot: lengths differ")
        if x.isEmpty { return 0 }
        return cblas_ddot(i32(x.count), x.baseAddress, 1, y.baseAddress, 1)
    }

    /// `y += alpha * x` (daxpy).
    public static func axpy(_ alpha: Double, _ x: UnsafeBufferPointer<Double>, _ y: UnsafeMutableBufferPointer<Double>) {
        setUp()
        precondition(x.count == y.count, "axpy: lengths differ")
        if x.isEmpty { return }
        cblas_daxpy(i32(x.count), alpha, x.baseAddress, 1, y.baseAddress, 1)
    }

    /// `x *= alpha` (dscal).
    public static func scal(_ alpha: Double, _ x: UnsafeMutableBufferPointer<Double>) {
        setUp()
        if x.isEmpty { return }
        cblas_dscal(i32(x.count), alpha, x.baseAddress, 1)
    }

    /// Euclidean norm (dnrm2).
    public static func nrm2(_ x: UnsafeBufferPointer<Double>) -> Double {
        setUp()
        if x.isEmpty { return 0 }
        return cblas_dnrm2(i32(x.count), x.baseAddress, 1)
    }

    /// Copies the upper triangle of the `n × n` matrix `c` onto its lower triangle.
    public static func symmetrizeUpper(n: Int, _ c: UnsafeMutableBufferPointer<Double>, ldc: Int) {
        for i in 0..<n { for j in 0..<i { c[i * ldc + j] = c[j * ldc + i] } }
    }
}

/// LAPACK solvers and decompositions (through LAPACKE, row-major unless stated).
public enum LAPACK {
    @inline(__always) static func i32(_ v: Int) -> Int32 { BLAS.i32(v) }
    static let upper = CChar(UInt8(ascii: "U"))

    /// Solves `A X = B` for a symmetric positive definite `n × n` A (dposv). Only A's upper triangle is
    /// read; A is overwritten by its Cholesky factor and B (`n × nrhs`, row-major) by X.
    /// Returns false when A is not positive definite (X is then undefined).
    ///
    /// Symmetric A needs no transposition, so this calls the column-major kernel directly (no copy): with
    /// `nrhs == 1` B is a vector in either layout. For `nrhs > 1` the right-hand sides are transposed.
    public static func posv(n: Int, nrhs: Int = 1, a: UnsafeMutableBufferPointer<Double>,
                            b: UnsafeMutableBufferPointer<Double>) -> Bool {
        BLAS.setUp()
        if n == 0 { return true }
        precondition(a.count >= n * n && b.count >= n * nrhs, "posv: buffers too small")
        // Row-major upper == column-major lower.
        let lower = CChar(UInt8(ascii: "L"))
        if nrhs == 1 {
            return LAPACKE_dposv_work(LAPACK_COL_MAJOR, lower, i32(n), 1, a.baseAddress, i32(n), b.baseAddress, i32(n)) == 0
        }
        return LAPACKE_dposv(LAPACK_ROW_MAJOR, upper, i32(n), i32(nrhs), a.baseAddress, i32(n), b.baseAddress, i32(nrhs)) == 0
    }

    /// Cholesky factorisation `A = Uᵀ U` of a symmetric positive definite `n × n` A (dpotrf), in place on
    /// A's upper triangle. Returns false when A is not positive definite.
    public static func potrf(n: Int, a: UnsafeMutableBufferPointer<Double>) -> Bool {
        BLAS.setUp()
        if n == 0 { return true }
        precondition(a.count >= n * n, "potrf: A too small")
        return LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), i32(n), a.baseAddress, i32(n)) == 0
    }

    /// Solves `A x = b` given `potrf`'s factor of A (dpotrs), `b` overwritten by x (one right-hand side).
    public static func potrs(n: Int, factor: UnsafeBufferPointer<Double>, b: UnsafeMutableBufferPointer<Double>) {
        BLAS.setUp()
        if n == 0 { return }
        precondition(factor.count >= n * n && b.count >= n, "potrs: buffers too small")
        _ = LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), i32(n), 1, factor.baseAddress, i32(n),
                                b.baseAddress, i32(n))
    }

    /// Eigen-decomposition of a symmetric `n × n` A (dsyevd, divide and conquer): `w` gets the eigenvalues
    /// in ASCENDING order and A is overwritten by the eigenvectors, one per COLUMN (row-major A[i*n + j] is
    /// component i of eigenvector j). Only A's upper triangle is read.
    public static func syevd(n: Int, a: UnsafeMutableBufferPointer<Double>, w: UnsafeMutableBufferPointer<Double>) throws {
        BLAS.setUp()
        if n == 0 { return }
        precondition(a.count >= n * n && w.count >= n, "syevd: buffers too small")
        let info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "V")), upper, i32(n), a.baseAddress, i32(n), w.baseAddress)
        if info != 0 {
            throw DataFlowError("ML_NUMERIC", "LAPACK dsyevd failed to converge on a \(n)×\(n) matrix (info \(info)); does it contain NaN or infinity?")
        }
    }

    /// Thin singular value decomposition of an `m × n` A (dgesdd): `A = U diag(s) Vᵀ` with `s` descending
    /// (`min(m, n)` values), `u` `m × min(m,n)` and `vt` `min(m,n) × n`, all row-major. A is destroyed.
    public static func gesdd(m: Int, n: Int, a: UnsafeMutableBufferPointer<Double>, s: UnsafeMutableBufferPointer<Double>,
                             u: UnsafeMutableBufferPointer<Double>, vt: UnsafeMutableBufferPointer<Double>) throws {
        BLAS.setUp()
        let p = Swift.min(m, n)
        if p == 0 { return }
        precondition(a.count >= m * n && s.count >= p && u.count >= m * p && vt.count >= p * n, "gesdd: buffers too small")
        let info = LAPACKE_dgesdd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "S")), i32(m), i32(n), a.baseAddress, i32(n),
                                  s.baseAddress, u.baseAddress, i32(p), vt.baseAddress, i32(n))
        if info != 0 {
            throw DataFlowError("ML_NUMERIC", "LAPACK dgesdd failed on a \(m)×\(n) matrix (info \(info)); does it contain NaN or infinity?")
        }
    }
}

/// Array-level conveniences over `BLAS`/`LAPACK` for small dense problems (row-major `[Double]`).
public enum DenseLinalg {
    /// `A B` for row-major `A` (`m × k`) and `B` (`k × n`).
    public static func multiply(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
            BLAS.gemm(m: m, n: n, k: k, a: ap, lda: k, b: bp, ldb: n, c: cp, ldc: n)
        } } }
        return c
    }

    /// `XᵀX` (`d × d`, full symmetric) of a row-major `n × d` X.
    public static func gram(_ x: [Double], rows: Int, cols: Int) -> [Double] {
        var c = [Double](repeating: 0, count: cols * cols)
        x.withUnsafeBufferPointer { xp in c.withUnsafeMutableBufferPointer { cp in
            BLAS.syrk(trans: true, n: cols, k: rows, a: xp, lda: cols, c: cp, ldc: cols)
            BLAS.symmetrizeUpper(n: cols, cp, ldc: cols)
        } }
        return c
    }

    /// Solves `A x = b` for symmetric positive definite A (`n × n`) by Cholesky; nil when A is not positive definite.
    public static func choleskySolve(_ a: [Double], _ b: [Double], n: Int) -> [Double]? {
        precondition(a.count == n * n && b.count == n, "choleskySolve: sizes")
        var a = a, x = b
        let ok = a.withUnsafeMutableBufferPointer { ap in x.withUnsafeMutableBufferPointer { xp in LAPACK.posv(n: n, a: ap, b: xp) } }
        return ok ? x : nil
    }

    /// Eigenvalues (DESCENDING) and eigenvectors (`vectors[k]` pairs with `values[k]`) of a symmetric `n × n` A.
    public static func symmetricEigen(_ a: [Double], n: Int) throws -> (values: [Double], vectors: [[Double]]) {
        precondition(a.count == n * n, "symmetricEigen: sizes")
        var m = a, w = [Double](repeating: 0, count: n)
        try m.withUnsafeMutableBufferPointer { mp in try w.withUnsafeMutableBufferPointer { wp in try LAPACK.syevd(n: n, a: mp, w: wp) } }
        var values = [Double](), vectors = [[Double]]()
        for j in stride(from: n - 1, through: 0, by: -1) {
            values.append(w[j])
            vectors.append((0..<n).map { m[$0 * n + j] })
        }
        return (values, vectors)
    }

    /// Thin SVD of a row-major `m × n` A: `u` (`m × p`), `s` (descending, `p = min(m, n)`), `vt` (`p × n`).
    public static func svd(_ a: [Double], m: Int, n: Int) throws -> (u: [Double], s: [Double], vt: [Double]) {
        precondition(a.count == m * n, "svd: sizes")
        let p = Swift.min(m, n)
        var w = a, s = [Double](repeating: 0, count: p), u = [Double](repeating: 0, count: m * p)
        var vt = [Double](repeating: 0, count: p * n)
        try w.withUnsafeMutableBufferPointer { wp in try s.withUnsafeMutableBufferPointer { sp in
            try u.withUnsafeMutableBufferPointer { up in try vt.withUnsafeMutableBufferPointer { vp in
                try LAPACK.gesdd(m: m, n: n, a: wp, s: sp, u: up, vt: vp)
            } }
        } }
        return (u, s, vt)
    }
}
