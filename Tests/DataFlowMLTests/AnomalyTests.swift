import DataFlow
import DataFlowColumnar
import DataFlowML
import DataFlowTestSupport
import Foundation
import Testing

@Suite struct AnomalyTests {
    let session = Session(threads: 2)

    /// (score, isAnomaly) per row, in `id` order.
    func scored(_ model: PCAAnomalyModel, _ df: DataFrame) throws -> [(Double?, Bool?)] {
        try model.transform(df).orderBy("id").select(model.scoreCol, model.predictionCol).collect().map { ($0.double(0), $0.bool(1)) }
    }

    /// Training points around (1, 2) spread along x (variance 10/3) with y offsets 0.5, −1, 1, −0.5
    /// (no x–y covariance), so the first component is the x axis and a point's score is (y − 2)².
    /// Training scores: 0.25, 1, 1, 0.25.
    @Test func tinyCaseHasHandComputedScores() throws {
        let train = vectorFrame(session, [[-1, 2.5], [0, 1], [2, 3], [3, 1.5]])
        let median = try PCAAnomalyDetector(k: 1, quantile: 0.5).fit(train)
        #expect(median.mean == [1, 2])
        #expect(abs(abs(median.components[0]) - 1) < 1e-15 && abs(median.components[1]) < 1e-15)
        // ⌈0.5·4⌉ = 2nd smallest training score.
        #expect(abs(median.threshold - 0.25) < 1e-15)
        let test = vectorFrame(session, [[11, 2.25], [1, 3], [4, 0], [1, 2]])
        let got = try scored(median, test)
        let expected: [(Double, Bool)] = [(0.0625, false), (1, true), (4, true), (0, false)]
        for (g, e) in zip(got, expected) {
            #expect(abs((g.0 ?? .nan) - e.0) < 1e-12)
            #expect(g.1 == e.1)
        }
        // ⌈0.6·4⌉ = 3rd smallest (not interpolated, not rounded down): threshold 1.
        #expect(abs(try PCAAnomalyDetector(k: 1, quantile: 0.6).fit(train).threshold - 1) < 1e-12)
        // ⌈0.99·4⌉ = 4th smallest: threshold 1.
        let high = try PCAAnomalyDetector(k: 1).fit(train)
        #expect(abs(high.threshold - 1) < 1e-12)
        #expect(try scored(high, vectorFrame(session, [[1, 3.5], [1, 2.9]])).map(\.1) == [true, false])
        // A null vector scores null.
        let schema = Schema([Field("id", .int64), Field("features", VectorColumn.denseType)])
        let withNull = session.createDataFrame([RecordBatch(schema: schema, columns: [.int64([0]), VectorColumn.make([nil])], rowCount: 1)], schema: schema)
        let none = try scored(high, withNull)
        #expect(none.count == 1 && none[0].0 == nil && none[0].1 == nil)
    }

    /// Normal points lie near a 2-dimensional plane in 6 dimensions; planted anomalies sit 1.0 off it.
    /// Every anomaly (in training and in a new batch) is found; few normal points are flagged.
    @Test func plantedAnomaliesAreFound() throws {
        var rng = SplitMix(seed: 2026)
        func gauss() -> Double {
            let u = Double.random(in: Double.ulpOfOne..<1, using: &rng), v = Double.random(in: 0..<1, using: &rng)
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
        // An orthonormal basis: the plane (b0, b1) and directions off it (b2...).
        var basis: [[Double]] = []
        for _ in 0..<6 {
            var v = (0..<6).map { _ in gauss() }
            for b in basis { let p = zip(v, b).map { $0 * $1 }.reduce(0, +); v = zip(v, b).map { $0 - p * $1 } }
            let n = v.map { $0 * $0 }.reduce(0, +).squareRoot()
            basis.append(v.map { $0 / n })
        }
        let center = [5.0, -3, 0, 10, 2, 1]
        func normal() -> [Double] {
            let a = 3 * gauss(), b = 2 * gauss()
            return (0..<6).map { center[$0] + a * basis[0][$0] + b * basis[1][$0] + 0.05 * gauss() }
        }
        func anomaly() -> [Double] {
            let x = normal()
            let w = (2..<6).map { _ in gauss() }
            let n = w.map { $0 * $0 }.reduce(0, +).squareRoot()
            var y = x
            for j in 0..<4 { for i in 0..<6 { y[i] += w[j] / n * basis[j + 2][i] } }
            return y
        }
        // Training: 2000 normal rows with 10 anomalies planted at rows 100, 300, ...
        var train: [[Double]] = (0..<2000).map { _ in normal() }
        let plantedTrain = stride(from: 100, to: 2000, by: 200).map { $0 }
        for i in plantedTrain { train[i] = anomaly() }
        let model = try PCAAnomalyDetector(k: 2).fit(vectorFrame(session, train))
        let trainScores = try scored(model, vectorFrame(session, train))
        #expect(Set(trainScores.indices.filter { trainScores[$0].1 == true }).isSuperset(of: plantedTrain))
        // 1% of 2000 rows lie above the 0.99 quantile.
        #expect(trainScores.filter { $0.1 == true }.count == 20)
        // A new batch: 300 normal rows, 15 anomalies.
        var batch: [[Double]] = (0..<300).map { _ in normal() }
        let plantedTest = Array(stride(from: 7, to: 300, by: 20))
        for i in plantedTest { batch[i] = anomaly() }
        let scores = try scored(model, vectorFrame(session, batch))
        let flagged = Set(scores.indices.filter { scores[$0].1 == true })
        #expect(flagged.isSuperset(of: plantedTest))
        #expect(flagged.count - plantedTest.count <= 9, "false positives: \(flagged.count - plantedTest.count)")
        // Anomalies score about 1 (their squared distance to the plane); normal rows about 4 · 0.05².
        for i in plantedTest { #expect(abs((scores[i].0 ?? 0) - 1) < 0.2) }
        #expect(model.threshold < 0.05)
    }

    @Test func saveLoadAndErrors() throws {
        let train = vectorFrame(session, [[-1, 2.5], [0, 1], [2, 3], [3, 1.5]])
        var det = PCAAnomalyDetector(k: 1, quantile: 0.5)
        det.scoreCol = "s"; det.predictionCol = "bad"
        let model = try det.fit(train)
        let dir = temporaryFolder("anomaly")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try model.save(dir + "/model")
        let loaded = try PCAAnomalyModel.load(dir + "/model")
        #expect(loaded.threshold == model.threshold && loaded.mean == model.mean && loaded.components == model.components)
        #expect(loaded.scoreCol == "s" && loaded.predictionCol == "bad" && loaded.quantile == 0.5)
        let test = vectorFrame(session, [[1, 3], [4, 0], [11, 2.25]])
        #expect(try scored(loaded, test).map(\.1) == scored(model, test).map(\.1))
        // Through the registry (as scripts load it).
        #expect(try ML.load(dir + "/model") is PCAAnomalyModel)

        let q = #expect(throws: DataFlowError.self) { try PCAAnomalyDetector(quantile: 0).fit(train) }
        #expect(q?.message == "PCAAnomalyDetector: quantile must be in (0, 1] (got 0.0)")
        let k = #expect(throws: DataFlowError.self) { try PCAAnomalyDetector(k: 3).fit(train) }
        #expect(k?.message.contains("k must be <= the number of features 2") == true)
        let taken = #expect(throws: DataFlowError.self) { try model.transform(test.withColumn("s", lit(1))) }
        #expect(taken?.message.contains("scoreCol 's' already exists") == true)
        let size = #expect(throws: DataFlowError.self) { try model.transform(vectorFrame(session, [[1, 2, 3]])).collect() }
        #expect(size?.message.contains("fitted on size 2") == true)
    }
}
