import DataFlowColumnar
import Foundation
import Testing
@testable import DataFlowFormats

/// Path of a file in Fixtures/arrow.
func arrowFixture(_ name: String) throws -> String {
    let base = (name as NSString).deletingPathExtension, ext = (name as NSString).pathExtension
    return try #require(Bundle.module.url(forResource: base, withExtension: ext, subdirectory: "Fixtures/arrow")).path
}

/// The canonical string of a value, as Scripts/fixtures/make_arrow_fixtures.py writes them.
func arrowCanonical(_ v: Value) -> String? {
    switch v {
    case .null: return nil
    case .bool(let b): return "b:\(b)"
    case .int32(let i): return "i:\(i)"
    case .int64(let i): return "i:\(i)"
    case .double(let d): return "f:\(Int64(bitPattern: d.bitPattern))"
    case .decimal(let u, _, _): return "dec:\(u)"
    case .date(let d): return "d:\(d)"
    case .timestamp(let t): return "t:\(t)"
    case .string(let s): return "s:" + s
    case .array(let items): return "a:[" + items.map { arrowCanonical($0) ?? "null" }.joined(separator: ",") + "]"
    case .map: return "m:" + v.description
    }
}

func canonicalRows(_ batches: [RecordBatch]) -> [[String?]] { batches.flatMap { $0.rows.map { $0.map(arrowCanonical) } } }
