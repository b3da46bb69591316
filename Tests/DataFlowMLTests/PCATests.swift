import DataFlow
import DataFlowColumnar
import DataFlowML
import DataFlowTestSupport
import Foundation
import Testing

/// A DataFrame with one dense vector column `features` (and `id`), from row-major data.
func vectorFrame(_ session: Session, _ rows: [[Double]], column: String = "features") -> DataFrame {
    let d = rows.first?.count ?? 0
    let schema = Schema([Field("id", .int64), Field(column, VectorColumn.denseType)])
    let batch = RecordBatch(schema: schema, columns: [.int64(rows.indices.map { Int64($0) }),
                                                      VectorColumn.dense(rows: rows.count, width: d, rowMajor: rows.flatMap { $0 })],
                            rowCount: rows.count)
    return session.createDataFrame([batch], schema: schema)
}

/// The vectors of column `name`, in row order.
func vectors(_ df: DataFrame, _ name: String) throws -> [[Double]] {
    try df.select(name).collectBatches().flatMap { b in
        let r = try VectorColumn.reader(b.columns[0], name)
        return (0..<b.rowCount).map { r.vector($0)?.toArray() ?? [] }
    }
}

/// scikit-learn's PCA of iris (Scripts/fixtures/make_pca_fixture.py).
struct IrisPCA: Decodable {
    struct Fit: Decodable {
        var components: [[Double]]
        var explainedVarianceRatio: [Double]
        var sparkTransform: [[Double]]?
    }
    var x: [[Double]]
    var k: [String: Fit]

    static func load() throws -> IrisPCA {
        let url = try #require(Bundle.module.url(forResource: "pca_iris", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(IrisPCA.self, from: Data(contentsOf: url))
    }
}

@Suite struct PCATests {
    let session = Session(threads: 2)

    /// Components (up to sign), explained variance and Spark's (uncentred) projection match
    /// scikit-learn on iris for every k.
    @Test func irisMatchesScikitLearn() throws {
        let ref = try IrisPCA.load()
        let df = vectorFrame(session, ref.x)
        for k in 1...4 {
            let fit = try #require(ref.k[String(k)])
            let model = try PCA(k: k).fit(df)
            #expect(model.numFeatures == 4 && model.pc.count == 4 * k)
            var signs: [Double] = []
            for j in 0..<k {
                let ours = model.component(j), theirs = fit.components[j]
                let sign: Double = zip(ours, theirs).map { $0 * $1 }.reduce(0, +) < 0 ? -1 : 1
                signs.append(sign)
                for (a, b) in zip(ours, theirs) { #expect(abs(a - sign * b) < 1e-9, "k=\(k) component \(j)") }
                #expect(abs(model.explainedVariance[j] - fit.explainedVarianceRatio[j]) < 1e-12, "k=\(k) variance \(j)")
            }
            if let expected = fit.sparkTransform {
                let got = try vectors(model.transform(df).orderBy("id"), "pcaFeatures")
                #expect(got.count == 150)
                for (g, e) in zip(got, expected) {
                    for j in 0..<k { #expect(abs(g[j] - signs[j] * e[j]) < 1e-9) }
                }
            }
        }
    }

    /// The mean is the column mean; explained variances sum to 1 with k = d.
    @Test func meanAndFullVariance() throws {
        let ref = try IrisPCA.load()
        let model = try PCA(inputCol: "features", outputCol: "p", k: 4).fit(vectorFrame(session, ref.x))
        let mean = (0..<4).map { j in ref.x.reduce(0) { $0 + $1[j] } / 150 }
        for j in 0..<4 { #expect(abs(model.mean[j] - mean[j]) < 1e-12) }
        #expect(abs(model.explainedVariance.reduce(0, +) - 1) < 1e-12)
    }

    /// Row blocks (several here) taken by 1 or 2 threads give the same result bit for bit, and the
    /// same covariance as one block up to rounding.
    @Test func multicoreGramMatchesOneThread() throws {
        var rng = SplitMix(seed: 11)
        // 20000 × 6: seven blocks of 2858 rows; correlated columns, a large offset, a constant column.
        let rows: [[Double]] = (0..<20_000).map { _ in
            let a = Double.random(in: -1...1, using: &rng), b = Double.random(in: -1...1, using: &rng)
            return [1000 + a, 2 * a + 0.1 * b, b, a - b, 0.01 * Double.random(in: -1...1, using: &rng), 5]
        }
        let one = try PCA(k: 3).fit(vectorFrame(Session(threads: 1), rows))
        let two = try PCA(k: 3).fit(vectorFrame(Session(threads: 2), rows))
        #expect(one.pc == two.pc && one.explainedVariance == two.explainedVariance && one.mean == two.mean)
        // Against a plain two-pass covariance in Swift (one block): same up to rounding.
        let n = Double(rows.count)
        let mean = (0..<6).map { j in rows.reduce(0) { $0 + $1[j] } / n }
        var cov = [Double](repeating: 0, count: 36)
        for r in rows { for i in 0..<6 { for j in 0..<6 { cov[i * 6 + j] += (r[i] - mean[i]) * (r[j] - mean[j]) / (n - 1) } } }
        for j in 0..<3 {
            // The component is an eigenvector of the plain covariance: cov · v = λ v, with λ its variance.
            let v = one.component(j)
            let cv = (0..<6).map { i in (0..<6).reduce(0) { $0 + cov[i * 6 + $1] * v[$1] } }
            let lambda = zip(cv, v).map { $0 * $1 }.reduce(0, +)
            #expect(zip(cv, v).allSatisfy { abs($0 - lambda * $1) < 1e-10 })
            let trace = (0..<6).reduce(0) { $0 + cov[$1 * 7] }
            #expect(abs(lambda / trace - one.explainedVariance[j]) < 1e-12)
        }
        // Columns 0-3 mix two sources (two components); the third is the small noise column 4; the
        // constant column 5 has no weight.
        #expect(one.explainedVariance[0] + one.explainedVariance[1] > 0.9999 && one.explainedVariance[2] < 1e-4)
        #expect(abs(abs(one.component(2)[4]) - 1) < 1e-6)
        #expect((0..<3).allSatisfy { abs(one.component($0)[5]) < 1e-9 })
    }

    @Test func sparseInputAndNulls() throws {
        let ref = try IrisPCA.load()
        let dense = try PCA(k: 2).fit(vectorFrame(session, ref.x))
        let sparse: [Vector?] = ref.x.map { Vector.dense($0).toSparse } + [nil]
        let schema = Schema([Field("features", VectorColumn.sparseType)])
        let sdf = session.createDataFrame([RecordBatch(schema: schema, columns: [VectorColumn.make(sparse)], rowCount: 151)], schema: schema)
        // fit refuses the null row; transform maps it to null.
        let err = #expect(throws: DataFlowError.self) { try PCA(k: 2).fit(sdf) }
        #expect(err?.message.contains("null vector") == true)
        let out = try dense.transform(sdf).select("pcaFeatures").collectBatches()
        let r = try VectorColumn.reader(out[0].columns[0], "p")
        #expect(r.isNull(150))
        let direct = try vectors(dense.transform(vectorFrame(session, ref.x)).orderBy("id"), "pcaFeatures")
        #expect(r.vector(0)?.toArray() == direct[0])
    }

    @Test func errors() throws {
        let df = vectorFrame(session, [[1, 2], [3, 5], [4, 4]])
        let unset = #expect(throws: DataFlowError.self) { try PCA().fit(df) }
        #expect(unset?.message == "PCA: k must be >= 1 (got 0)")
        let big = #expect(throws: DataFlowError.self) { try PCA(k: 3).fit(df) }
        #expect(big?.message.contains("k must be <= the number of features 2") == true)
        let notVector = #expect(throws: DataFlowError.self) { try PCA(inputCol: "id", k: 1).fit(df) }
        #expect(notVector?.message.contains("must be a vector column") == true)
        let exists = #expect(throws: DataFlowError.self) { try PCA(outputCol: "id", k: 1).fit(df) }
        #expect(exists?.message.contains("already exists") == true)
        let one = #expect(throws: DataFlowError.self) { try PCA(k: 1).fit(df.limit(1)) }
        #expect(one?.message.contains("needs at least 2") == true)
        let nan = #expect(throws: DataFlowError.self) { try PCA(k: 1).fit(vectorFrame(session, [[1, 2], [.nan, 1]])) }
        #expect(nan?.message.contains("finite") == true)
        let model = try PCA(k: 1).fit(df)
        let wrongSize = #expect(throws: DataFlowError.self) { try model.transform(vectorFrame(session, [[1, 2, 3]])).collect() }
        #expect(wrongSize?.message.contains("fitted on size 2") == true)
    }

    @Test func saveAndLoad() throws {
        let ref = try IrisPCA.load()
        let df = vectorFrame(session, ref.x)
        let model = try PCA(inputCol: "features", outputCol: "proj", k: 2).fit(df)
        let dir = temporaryFolder("pca")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try model.save(dir + "/model")
        let loaded = try PCAModel.load(dir + "/model")
        #expect(loaded.uid == model.uid && loaded.k == 2 && loaded.outputCol == "proj")
        #expect(loaded.pc == model.pc && loaded.explainedVariance == model.explainedVariance && loaded.mean == model.mean)
        #expect(try vectors(loaded.transform(df), "proj") == vectors(model.transform(df), "proj"))
        // The estimator saves its params too.
        try PCA(k: 3).save(dir + "/estimator")
        #expect(try PCA.load(dir + "/estimator").k == 3)
    }
}
