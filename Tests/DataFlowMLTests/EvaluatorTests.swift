import DataFlow
import DataFlowColumnar
import DataFlowML
import Foundation
import Testing

/// The evaluators on fixed prediction sets against Spark's evaluators' answers (same arithmetic:
/// 1e-12 relative).
@Suite struct EvaluatorTests {
    let session = Session(threads: 2)

    func reference(_ section: String) throws -> (rows: [[Any]], metrics: [String: Double]) {
        let all = try #require(try LinearFixtures.json("spark_reference.json")["evaluators"] as? [String: Any])
        let s = try #require(all[section] as? [String: Any])
        return (try #require(s["rows"] as? [[Any]]), try #require(s["metrics"] as? [String: Double]))
    }

    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(b)) }

    @Test func regression() throws {
        let (rows, metrics) = try reference("regression")
        let df = try session.createDataFrame(columns: [
            ("label", rows.map { .double($0[0] as? Double ?? .nan) }),
            ("prediction", rows.map { .double($0[1] as? Double ?? .nan) }),
            ("weight", rows.map { .double($0[2] as? Double ?? .nan) }),
        ])
        for name in ["rmse", "mse", "mae", "r2", "var"] {
            let plain = try RegressionEvaluator(metricName: name).evaluate(df)
            #expect(close(plain, try #require(metrics[name])), "\(name): \(plain)")
            let weighted = try RegressionEvaluator(metricName: name, weightCol: "weight").evaluate(df)
            #expect(close(weighted, try #require(metrics[name + "_weighted"])), "\(name) weighted: \(weighted)")
            let origin = try RegressionEvaluator(metricName: name, throughOrigin: true).evaluate(df)
            #expect(close(origin, try #require(metrics[name + "_throughOrigin"])), "\(name) through origin: \(origin)")
        }
        #expect(!RegressionEvaluator().isLargerBetter && RegressionEvaluator(metricName: "r2").isLargerBetter)
    }

    @Test func binary() throws {
        let (rows, metrics) = try reference("binary")
        let n = rows.count
        let score = rows.map { $0[1] as? Double ?? .nan }
        let schema = Schema([Field("label", .float64), Field("rawPrediction", VectorColumn.denseType),
                             Field("score", .float64), Field("weight", .float64)])
        let batch = RecordBatch(schema: schema, columns: [
            .float64(rows.map { $0[0] as? Double ?? .nan }),
            VectorColumn.dense(rows: n, width: 2, rowMajor: score.flatMap { [-$0, $0] }),
            .float64(score), .float64(rows.map { $0[2] as? Double ?? .nan }),
        ], rowCount: n)
        let df = session.createDataFrame([batch], schema: schema)
        for name in ["areaUnderROC", "areaUnderPR"] {
            let cases: [(String, BinaryClassificationEvaluator)] = [
                ("", BinaryClassificationEvaluator(metricName: name)),
                ("_double", BinaryClassificationEvaluator(metricName: name, rawPredictionCol: "score")),
                ("_weighted", BinaryClassificationEvaluator(metricName: name, weightCol: "weight")),
                ("_bins10", BinaryClassificationEvaluator(metricName: name, numBins: 10)),
                ("_bins0", BinaryClassificationEvaluator(metricName: name, numBins: 0)),
            ]
            for (suffix, evaluator) in cases {
                let v = try evaluator.evaluate(df)
                #expect(close(v, try #require(metrics[name + suffix])), "\(name)\(suffix): \(v)")
            }
        }
    }

    @Test func multiclass() throws {
        let (rows, metrics) = try reference("multiclass")
        let n = rows.count
        let probability = rows.flatMap { $0[2] as? [Double] ?? [] }
        let schema = Schema([Field("label", .float64), Field("prediction", .float64),
                             Field("probability", VectorColumn.denseType), Field("weight", .float64)])
        let batch = RecordBatch(schema: schema, columns: [
            .float64(rows.map { $0[0] as? Double ?? .nan }), .float64(rows.map { $0[1] as? Double ?? .nan }),
            VectorColumn.dense(rows: n, width: 3, rowMajor: probability), .float64(rows.map { $0[3] as? Double ?? .nan }),
        ], rowCount: n)
        let df = session.createDataFrame([batch], schema: schema)
        var checked = 0
        for (key, expected) in metrics {
            let parts = key.split(separator: "_")
            var e = MulticlassClassificationEvaluator(metricName: String(parts[0]))
            switch parts.count > 1 ? String(parts[1]) : "" {
            case "weighted": e.weightCol = "weight"
            case "label2": e.metricLabel = 2
            case "beta2": e.beta = 2
            default: break
            }
            let v = try e.evaluate(df)
            #expect(close(v, expected), "\(key): \(v) vs Spark \(expected)")
            checked += 1
        }
        #expect(checked > 30)
        #expect(MulticlassClassificationEvaluator(metricName: "logLoss").isLargerBetter == false)
    }

    @Test func ranking() throws {
        let (rows, metrics) = try reference("ranking")
        func column(_ lists: [[Double]]) -> DataFlowColumnar.Column {
            var offsets: [Int32] = [0]
            for l in lists { offsets.append(offsets[offsets.count - 1] + Int32(l.count)) }
            return .array(offsets: offsets, elements: .float64(lists.flatMap { $0 }))
        }
        let schema = Schema([Field("prediction", .array(.float64)), Field("label", .array(.float64))])
        let batch = RecordBatch(schema: schema, columns: [column(rows.map { $0[0] as? [Double] ?? [] }),
                                                          column(rows.map { $0[1] as? [Double] ?? [] })], rowCount: rows.count)
        let df = session.createDataFrame([batch], schema: schema)
        for (key, expected) in metrics {
            let parts = key.split(separator: "@")
            let v = try RankingEvaluator(metricName: String(parts[0]), k: try #require(Int(parts[1]))).evaluate(df)
            #expect(close(v, expected), "\(key): \(v) vs Spark \(expected)")
        }
        #expect(metrics.count == 17)
        let err = #expect(throws: DataFlowError.self) { try RankingEvaluator(k: 0).evaluate(df) }
        #expect(err?.errorClass == "ML_INVALID_PARAM")
    }
}
