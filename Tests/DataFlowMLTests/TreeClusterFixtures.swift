import DataFlow
import DataFlowColumnar
import DataFlowML
import Foundation

/// The data sets and reference numbers of `Fixtures/trees-clustering/`, made by
/// `Scripts/fixtures/make_tree_cluster_fixtures.py` (Spark 4.3 local[1] and scikit-learn 1.9).
enum TCFixtures {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Fixtures/trees-clustering/"

    struct Sample {
        var n: Int
        var d: Int
        var x: [Double]
        var y: [Double]
        func row(_ i: Int) -> [Double] { Array(x[(i * d)..<(i * d + d)]) }
        /// Every 5th row (index % 5 == 4) is test data, as in the script.
        func split() -> (train: Sample, test: Sample) {
            var a = Sample(n: 0, d: d, x: [], y: []), b = a
            for i in 0..<n {
                if i % 5 == 4 { b.n += 1; b.x += row(i); b.y.append(y[i]) } else { a.n += 1; a.x += row(i); a.y.append(y[i]) }
            }
            return (a, b)
        }
    }

    /// `name`: comma-separated rows "features…,label", or whitespace-separated features with `labeled: false`.
    static func load(_ name: String, labeled: Bool = true) throws -> Sample {
        let text = try String(contentsOfFile: dir + name, encoding: .utf8)
        var data = Sample(n: 0, d: 0, x: [], y: [])
        for line in text.split(separator: "\n") where !line.isEmpty {
            let v = line.split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { Double($0) }
            data.d = labeled ? v.count - 1 : v.count
            data.x += v[0..<data.d]
            if labeled { data.y.append(v[data.d]) }
            data.n += 1
        }
        return data
    }

    nonisolated(unsafe) static let reference: [String: Any] = {
        let data = FileManager.default.contents(atPath: dir + "reference.json") ?? Data()
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }()
    static var spark: [String: Any] { reference["spark"] as? [String: Any] ?? [:] }
    static var sklearn: [String: Any] { reference["sklearn"] as? [String: Any] ?? [:] }

    /// A DataFrame with `id` (int64), `features` (dense vector) and, when labeled, `label` (double).
    /// With `weights`, also a `w` (double) column.
    static func frame(_ session: Session, _ data: Sample, labeled: Bool = true, weights: [Double]? = nil) -> DataFrame {
        var fields = [Field("id", .int64), Field("features", VectorColumn.denseType)]
        var cols: [DataFlowColumnar.Column] = [.int64((0..<data.n).map { Int64($0) }),
                                               VectorColumn.dense(rows: data.n, width: data.d, rowMajor: data.x)]
        if labeled {
            fields.append(Field("label", .float64))
            cols.append(.float64(data.y))
        }
        if let weights {
            fields.append(Field("w", .float64))
            cols.append(.float64(weights))
        }
        let schema = Schema(fields)
        return session.createDataFrame([RecordBatch(schema: schema, columns: cols, rowCount: data.n)], schema: schema)
    }

    /// A vector column of a result, ordered by `id`.
    static func vectors(_ df: DataFrame, _ column: String) throws -> [[Double]] {
        let batches = try df.orderBy(col("id")).select(column).collectBatches()
        var out: [[Double]] = []
        for b in batches {
            let r = try VectorColumn.reader(b.columns[0], column)
            for i in 0..<b.rowCount { out.append(r.vector(i)?.toArray() ?? []) }
        }
        return out
    }

    static func doubles(_ df: DataFrame, _ column: String) throws -> [Double] {
        try MLData.doubles(df.orderBy(col("id")), column)
    }

    static func tempDir() -> String { NSTemporaryDirectory() + "dataflow-ml-tc-\(UUID().uuidString)" }
}

func maxAbsDiff(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

func mean(_ a: [Double]) -> Double { a.reduce(0, +) / Double(max(a.count, 1)) }
