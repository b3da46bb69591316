import DataFlowColumnar
import Foundation
@testable import DataFlowFormats

/// The folder of the committed Parquet fixtures (written by Scripts/fixtures/make_parquet_fixtures.py).
func parquetFixture(_ name: String) -> String {
    Bundle.module.path(forResource: "Fixtures/parquet/" + name, ofType: nil)
        ?? (Bundle.module.resourcePath! + "/Fixtures/parquet/" + name)
}

/// expected.json of the fixtures.
func parquetExpected() throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: parquetFixture("expected.json")))
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
}

/// The canonical text the fixture script uses for a value (nil for null).
func canonical(_ v: Value) -> String? {
    switch v {
    case .null: return nil
    case .bool(let b): return b ? "true" : "false"
    case .int32(let x): return String(x)
    case .int64(let x): return String(x)
    case .double(let d): return "\(d)"
    case .decimal(let u, _, let s): return Decimal128.format(u, scale: s)
    case .date(let d): return DateTime.formatDate(d)
    case .timestamp(let t): return String(t)
    case .string(let s): return s
    case .array(let items): return "[" + items.map { canonical($0) ?? "NULL" }.joined(separator: ", ") + "]"
    case .map: return v.description
    }
}

/// Whether `actual` matches the expected canonical text (doubles compare numerically).
func matches(_ actual: Value, _ expected: Any) -> Bool {
    if expected is NSNull { return actual.isNull }
    guard let e = expected as? String else { return false }
    if case .double(let d) = actual { return Double(e) == d }
    return canonical(actual) == e
}

func tempParquetPath(_ name: String = "t.parquet") -> String {
    let dir = NSTemporaryDirectory() + "dataflow-parquet-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir + "/" + name
}
