import DataFlow
import DataFlowML
import Foundation
import Testing

/// Reading the Spark answers in Fixtures/features/*.json (written by Scripts/fixtures/make_spark_feature_fixtures.py).
enum SparkFixture {
    static func load(_ name: String) throws -> [String: Any] {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?
            .appendingPathComponent("features/\(name).json") else { throw FixtureError.missing(name) }
        let data = try Data(contentsOf: url)
        guard let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw FixtureError.missing(name) }
        return obj
    }

    enum FixtureError: Error { case missing(String), shape(String) }

    /// A number, or Spark's "NaN"/"Infinity"/"-Infinity"; nil for JSON null.
    static func num(_ a: Any?) -> Double? {
        if let n = a as? NSNumber { return n.doubleValue }
        switch a as? String {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return nil
        }
    }

    static func nums(_ a: Any?) -> [Double?] { (a as? [Any] ?? []).map(num) }
    static func doubles(_ a: Any?) -> [Double] { nums(a).map { $0 ?? .nan } }
    static func strings(_ a: Any?) -> [String] { a as? [String] ?? [] }
    static func ints(_ a: Any?) -> [Int] { (a as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue } }

    /// A vector: a list (dense) or {"size", "indices", "values"} (sparse).
    static func vector(_ a: Any?) -> Vector? {
        if let d = a as? [String: Any] {
            let size = (d["size"] as? NSNumber)?.intValue ?? 0
            return .sparse(size: size, indices: ints(d["indices"]), values: doubles(d["values"]))
        }
        if a is [Any] { return .dense(doubles(a)) }
        return nil
    }

    static func vectors(_ a: Any?) -> [Vector?] { (a as? [Any] ?? []).map(vector) }
}

/// The vectors of column `col`, in row order.
func collectVectors(_ df: DataFrame, _ col: String) throws -> [Vector?] {
    var out: [Vector?] = []
    for b in try df.select(col).collectBatches() {
        let r = try VectorColumn.reader(b.columns[0], col)
        for i in 0..<b.rowCount { out.append(r.vector(i)) }
    }
    return out
}

func collectDoubles(_ df: DataFrame, _ col: String) throws -> [Double?] {
    try df.select(DataFlow.Column(col).cast(.float64)).collect().map { $0.double(0) }
}

func collectStringLists(_ df: DataFrame, _ col: String) throws -> [[String]?] {
    try df.select(col).collect().map { row in
        guard case .array(let items) = row[0] else { return nil }
        return items.map { if case .string(let s) = $0 { return s } else { return "<null>" } }
    }
}

/// Equal sizes and entries within `tol` (relative to the larger magnitude), NaN equal to NaN. Dense and
/// sparse forms of one vector compare equal.
func close(_ a: Vector?, _ b: Vector?, tol: Double = 1e-12) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    guard a.size == b.size else { return false }
    return zip(a.toArray(), b.toArray()).allSatisfy { close($0, $1, tol: tol) }
}

func close(_ x: Double?, _ y: Double?, tol: Double = 1e-12) -> Bool {
    guard let x, let y else { return x == nil && y == nil }
    if x.isNaN || y.isNaN { return x.isNaN && y.isNaN }
    if x == y { return true }
    return abs(x - y) <= tol * max(1, abs(x), abs(y))
}

func closeAll(_ a: [Vector?], _ b: [Vector?], tol: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { close($0, $1, tol: tol) }
}

func closeAll(_ a: [Double?], _ b: [Double?], tol: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { close($0, $1, tol: tol) }
}

func tempPath(_ tag: String) -> String { NSTemporaryDirectory() + "dataflow-ml-\(tag)-\(UUID().uuidString)" }
