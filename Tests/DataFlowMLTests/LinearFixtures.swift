import DataFlow
import DataFlowColumnar
import DataFlowML
import Foundation
import Testing

/// The data sets and reference answers in `Fixtures/linear/` (written by
/// Scripts/fixtures/make_sklearn_ml_fixtures.py and make_spark_ml_fixtures.py).
enum LinearFixtures {
    struct Data {
        var n: Int, d: Int, x: [Double], y: [Double]
    }

    static func folder() throws -> URL {
        let url = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return url.appendingPathComponent("linear")
    }

    /// A `label,f0,f1,…` CSV.
    static func csv(_ name: String) throws -> Data {
        let text = try String(contentsOf: folder().appendingPathComponent(name), encoding: .utf8)
        var x: [Double] = [], y: [Double] = [], d = 0
        for line in text.split(separator: "\n").dropFirst() {
            let parts = try line.split(separator: ",").map { try #require(Double($0)) }
            y.append(parts[0]); x.append(contentsOf: parts.dropFirst()); d = parts.count - 1
        }
        return Data(n: y.count, d: d, x: x, y: y)
    }

    /// Spark's sample_libsvm_data.txt as dense rows (692 features; `binary` maps nonzeros to 1).
    static func libsvm(binary: Bool = false) throws -> Data {
        let text = try String(contentsOf: folder().appendingPathComponent("sample_libsvm_data.txt"), encoding: .utf8)
        var x: [Double] = [], y: [Double] = []
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            y.append(try #require(Double(parts[0])))
            var row = [Double](repeating: 0, count: 692)
            for item in parts.dropFirst() {
                let kv = item.split(separator: ":")
                row[try #require(Int(kv[0])) - 1] = binary ? 1 : try #require(Double(kv[1]))
            }
            x.append(contentsOf: row)
        }
        return Data(n: y.count, d: 692, x: x, y: y)
    }

    static func data(_ name: String, binary: Bool = false) throws -> Data {
        name.hasSuffix(".txt") ? try libsvm(binary: binary) : try csv(name)
    }

    /// `label double, features array<double>, weight double` with the fixtures' weights 1, 2, 3, 1, 2, 3, …
    static func frame(_ session: Session, _ data: Data) -> DataFrame {
        let schema = Schema([Field("label", .float64), Field("features", VectorColumn.denseType), Field("weight", .float64)])
        let batch = RecordBatch(schema: schema, columns: [
            .float64(data.y), VectorColumn.dense(rows: data.n, width: data.d, rowMajor: data.x),
            .float64((0..<data.n).map { Double($0 % 3 + 1) }),
        ], rowCount: data.n)
        return session.createDataFrame([batch], schema: schema)
    }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Foundation.Data(contentsOf: folder().appendingPathComponent(name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func spark(_ section: String) throws -> [[String: Any]] {
        try #require(try json("spark_reference.json")[section] as? [[String: Any]])
    }

    /// max |a − b| / max |b| (the error relative to the reference's scale).
    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count else { return .infinity }
        let scale = max(b.map(abs).max() ?? 0, 1e-12)
        return zip(a, b).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
    }

    static func temporaryPath() -> String { NSTemporaryDirectory() + "dataflow-ml-linear-\(UUID().uuidString)" }

    /// The vectors of a vector column, in row order.
    static func vectors(_ df: DataFrame, _ column: String) throws -> [[Double]] {
        var out: [[Double]] = []
        for b in try df.select(column).collectBatches() {
            let r = try VectorColumn.reader(b.columns[0], column)
            for i in 0..<b.rowCount { out.append(r.vector(i)?.toArray() ?? []) }
        }
        return out
    }

    static func doubles(_ df: DataFrame, _ column: String) throws -> [Double] {
        try df.select(column).collect().map { try #require($0.double(0)) }
    }
}
