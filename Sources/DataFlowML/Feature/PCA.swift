import DataFlow
import DataFlowColumnar
import Dispatch
import Synchronization

/// Principal component analysis, as Spark's `PCA`: learns the `k` directions of largest variance of a
/// vector column and projects each vector onto them.
///
/// ```swift
/// let model = try PCA(inputCol: "features", outputCol: "pcaFeatures", k: 3).fit(df)
/// model.explainedVariance        // share of the total variance each component explains
/// try model.transform(df)        // adds pcaFeatures: array<double> of size 3
/// ```
///
/// `fit` centres the data, computes the covariance matrix (`XᵀX / (n − 1)` of the centred rows, summed
/// from per-thread OpenBLAS `dsyrk` calls over row blocks) and takes its singular value decomposition
/// (LAPACK `dgesdd`) as Spark does; the principal components are the first `k` left singular vectors.
/// A component's sign is whatever LAPACK returns (as in Spark, and different from scikit-learn's
/// convention): compare components up to sign.
public struct PCA: Estimator {
    public static let className = "PCA"
    public static var params: [Param<PCA>] {
        [
            .string("inputCol", \.inputCol, "input column name"),
            .string("outputCol", \.outputCol, "output column name"),
            .int("k", \.k, "the number of principal components (> 0)", min: 1),
        ]
    }
    public var uid = ML.uid(className)
    public var inputCol = "features"
    public var outputCol = "pcaFeatures"
    /// No default in Spark: it must be set (0 fails validation).
    public var k = 0

    public init() {}
    public init(inputCol: String = "features", outputCol: String = "pcaFeatures", k: Int) {
        self.inputCol = inputCol; self.outputCol = outputCol; self.k = k
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        try MLData.checkVector(schema, inputCol, param: "inputCol", stage: Self.className)
        try MLData.checkNew(schema, outputCol, param: "outputCol", stage: Self.className)
        return Schema(schema.fields + [Field(outputCol, VectorColumn.denseType)])
    }

    /// The largest number of features `fit` accepts: the covariance and its SVD take four `d × d`
    /// matrices (2 GiB at the limit).
    public static let maxFeatures = 8_192

    public func fit(_ df: DataFrame) throws -> PCAModel {
        _ = try transformSchema(df.schema)
        // One binding, so that centring `x` in place does not copy it.
        var (n, d, x) = try MLData.vectors(df, inputCol, stage: Self.className)
        guard n >= 2 else {
            throw MLError.invalidInput("PCA: inputCol '\(inputCol)' has \(n) row\(n == 1 ? "" : "s"); the covariance needs at least 2")
        }
        guard k <= d else {
            throw MLError.invalidParam("PCA: k must be <= the number of features \(d) of inputCol '\(inputCol)' (got \(k))")
        }
        guard d <= Self.maxFeatures else {
            throw MLError.invalidInput("PCA: inputCol '\(inputCol)' has \(d) features; PCA supports at most \(Self.maxFeatures)")
        }
        if let bad = x.firstIndex(where: { !$0.isFinite }) {
            throw MLError.invalidInput("PCA: inputCol '\(inputCol)' holds \(x[bad]) at row \(bad / d + 1); PCA needs finite values")
        }
        let (mean, cov) = PCA.centredCovariance(&x, n: n, d: d, threads: df.session.threads)
        var u = [Double](repeating: 0, count: d * d), vt = u, s = [Double](repeating: 0, count: d), a = cov
        try a.withUnsafeMutableBufferPointer { ap in try s.withUnsafeMutableBufferPointer { sp in
            try u.withUnsafeMutableBufferPointer { up in try vt.withUnsafeMutableBufferPointer { vp in
                try LAPACK.gesdd(m: d, n: d, a: ap, s: sp, u: up, vt: vp)
            } }
        } }
        let total = s.reduce(0, +)
        var model = PCAModel()
        model.uid = uid
        model.inputCol = inputCol; model.outputCol = outputCol; model.k = k
        model.numFeatures = d
        model.mean = mean
        model.pc = (0..<d).flatMap { i in (0..<k).map { j in u[i * d + j] } }
        // Constant data has no variance: Spark divides by zero (NaN); say 0 instead.
        model.explainedVariance = (0..<k).map { total > 0 ? s[$0] / total : 0 }
        return model
    }

    /// Column means of the row-major `n × d` matrix `x`, and the covariance of its rows (`d × d`, full,
    /// divided by `n − 1`). Centres `x` in place. The rows are cut into blocks (how many depends on `n`
    /// and `d` only): each block sums its columns, then (once the means are known) centres its rows and
    /// adds them to its own Gram matrix with `dsyrk`; `threads` workers take blocks in turn, and the
    /// blocks' results are summed in block order, so the result is the same for any thread count.
    static func centredCovariance(_ x: inout [Double], n: Int, d: Int, threads: Int) -> (mean: [Double], cov: [Double]) {
        // Blocks of at least 1024 rows and 16K values; at most 16, and at most 64 MiB of Gram matrices.
        let maxBlocks = Swift.max(1, Swift.min(16, (64 << 20) / (d * d * 8)))
        let blocks = Swift.min(maxBlocks, Swift.max(1, n / Swift.max(1024, 16_384 / d)))
        let rowsPer = (n + blocks - 1) / blocks
        var sums = [Double](repeating: 0, count: blocks * d)
        var grams = [Double](repeating: 0, count: blocks * d * d)
        var mean = [Double](repeating: 0, count: d)
        x.withUnsafeMutableBufferPointer { xp in
            sums.withUnsafeMutableBufferPointer { sp in
                let X = SharedBuffer(xp), S = SharedBuffer(sp)
                forEachBlock(blocks, threads: threads) { b in
                    let lo = b * rowsPer, hi = Swift.min(n, lo + rowsPer)
                    let s = S.base + b * d
                    for r in lo..<hi { let row = X.base + r * d; for j in 0..<d { s[j] += row[j] } }
                }
            }
            for b in 0..<blocks { for j in 0..<d { mean[j] += sums[b * d + j] } }
            for j in 0..<d { mean[j] /= Double(n) }
            grams.withUnsafeMutableBufferPointer { gp in
                mean.withUnsafeBufferPointer { mp in
                    let X = SharedBuffer(xp), G = SharedBuffer(gp)
                    let M = SharedBuffer(UnsafeMutableBufferPointer(mutating: mp))
                    forEachBlock(blocks, threads: threads) { b in
                        let lo = b * rowsPer, hi = Swift.min(n, lo + rowsPer)
                        for r in lo..<hi { let row = X.base + r * d; for j in 0..<d { row[j] -= M.base[j] } }
                        BLAS.syrk(trans: true, n: d, k: hi - lo,
                                  a: UnsafeBufferPointer(start: X.base + lo * d, count: (hi - lo) * d), lda: d,
                                  c: UnsafeMutableBufferPointer(start: G.base + b * d * d, count: d * d), ldc: d)
                    }
                }
            }
        }
        var cov = [Double](repeating: 0, count: d * d)
        let scale = 1 / Double(n - 1)
        for i in 0..<d {
            for j in i..<d {
                var g = 0.0
                for b in 0..<blocks { g += grams[b * d * d + i * d + j] }
                cov[i * d + j] = g * scale
                cov[j * d + i] = g * scale
            }
        }
        return (mean, cov)
    }
}

/// A fitted `PCA`: projects vectors onto the principal components (`x · pc`, a vector of size `k`).
///
/// As Spark's `PCAModel`, `transform` does NOT subtract the training mean (scikit-learn's does): the
/// projections differ from scikit-learn's by the constant `mean · pc`. The mean is kept in `mean` for
/// those who need centred projections or reconstructions (`PCAAnomalyDetector` does).
public struct PCAModel: Model, ModelData {
    public static let className = "PCAModel"
    public static var params: [Param<PCAModel>] {
        [
            .string("inputCol", \.inputCol, "input column name"),
            .string("outputCol", \.outputCol, "output column name"),
            .int("k", \.k, "the number of principal components (> 0)", min: 1),
        ]
    }
    public var uid = ML.uid(className)
    public var inputCol = "features"
    public var outputCol = "pcaFeatures"
    public var k = 1
    /// The number of features `d` of the training vectors.
    public var numFeatures = 0
    /// The principal components as a row-major `numFeatures × k` matrix (Spark's `pc`): column `j` is
    /// component `j`, of unit length; components are ordered by decreasing variance.
    public var pc: [Double] = []
    /// For each component, its share of the total variance of the training data (Spark's
    /// `explainedVariance`: the covariance's eigenvalues over their sum).
    public var explainedVariance: [Double] = []
    /// The mean of the training vectors (Spark does not keep it).
    public var mean: [Double] = []

    public init() {}

    /// Component `j` (0-based) as a vector of size `numFeatures`.
    public func component(_ j: Int) -> [Double] { (0..<numFeatures).map { pc[$0 * k + j] } }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        try MLData.checkVector(schema, inputCol, param: "inputCol", stage: Self.className)
        try MLData.checkNew(schema, outputCol, param: "outputCol", stage: Self.className)
        return Schema(schema.fields + [Field(outputCol, VectorColumn.denseType)])
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        let out = try transformSchema(df.schema)
        let d = numFeatures, k = self.k, pc = self.pc, input = inputCol
        return try df.appendingColumns([out.fields[out.fields.count - 1]], reading: [input], name: Self.className) { batch in
            guard let column = batch.column(named: input) else {
                throw MLError.invalidInput("PCAModel: inputCol '\(input)' is missing from a batch")
            }
            let r = try VectorColumn.reader(column, "PCAModel: inputCol '\(input)'")
            let m = batch.rowCount
            var x = [Double](repeating: 0, count: m * d)
            var hasNull = false
            try x.withUnsafeMutableBufferPointer { xp in
                for i in 0..<m {
                    if r.isNull(i) { hasNull = true; continue }
                    guard r.size(i) == d else {
                        throw MLError.invalidInput("PCAModel: inputCol '\(input)' has a vector of size \(r.size(i)); the model was fitted on size \(d)")
                    }
                    r.copyDense(i, into: UnsafeMutableBufferPointer(rebasing: xp[i * d ..< (i + 1) * d]))
                }
            }
            var y = [Double](repeating: 0, count: m * k)
            x.withUnsafeBufferPointer { xp in pc.withUnsafeBufferPointer { pp in y.withUnsafeMutableBufferPointer { yp in
                BLAS.gemm(m: m, n: k, k: d, a: xp, lda: d, b: pp, ldb: k, c: yp, ldc: k)
            } } }
            if !hasNull { return [VectorColumn.dense(rows: m, width: k, rowMajor: y)] }
            // A null vector projects to null.
            return [VectorColumn.make((0..<m).map { i in r.isNull(i) ? nil : .dense(Array(y[i * k ..< (i + 1) * k])) })]
        }
    }

    struct Data: Codable {
        var numFeatures: Int
        var k: Int
        var pc: [Double]
        var explainedVariance: [Double]
        var mean: [Double]
    }

    /// `data/pca.json`: `numFeatures`, `k`, `pc` (row-major `numFeatures × k`), `explainedVariance`, `mean`.
    public func writeData(to folder: ModelFolder) throws {
        try folder.writeJSON("pca", Data(numFeatures: numFeatures, k: k, pc: pc, explainedVariance: explainedVariance, mean: mean))
    }

    public mutating func readData(from folder: ModelFolder) throws {
        let data = try folder.readJSON(Data.self, "pca")
        guard data.numFeatures >= 0, data.k == k, data.pc.count == data.numFeatures * data.k,
              data.explainedVariance.count == data.k, data.mean.count == data.numFeatures else {
            throw MLError.persistence("\(folder.dataPath)/pca.json: inconsistent sizes (numFeatures \(data.numFeatures), k \(data.k), \(data.pc.count) pc values)")
        }
        numFeatures = data.numFeatures; pc = data.pc; explainedVariance = data.explainedVariance; mean = data.mean
    }
}

/// Runs `body` for blocks `0 ..< blocks` on at most `threads` workers, each taking the next block.
private func forEachBlock(_ blocks: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
    let workers = Swift.max(1, Swift.min(threads, blocks))
    if workers == 1 { for b in 0..<blocks { body(b) }; return }
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let b = next.add(1, ordering: .relaxed).oldValue
            if b >= blocks { return }
            body(b)
        }
    }
}

/// A buffer shared by `concurrentPerform` iterations that each write a disjoint part of it.
private struct SharedBuffer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
    // fit only builds these over non-empty buffers (n >= 2, d >= 1).
    init(_ p: UnsafeMutableBufferPointer<Double>) { base = p.baseAddress! }
}
