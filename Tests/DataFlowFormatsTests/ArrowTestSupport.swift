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
func canonical(_ v: Value) -> String? {
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
    case .array(let items): return "a:[" + items.map { canonical($0) ?? "null" }.joined(separator: ",") + "]"
    }
}

func canonicalRows(_ batches: [RecordBatch]) -> [[String?]] { batches.flatMap { $0.rows.map { $0.map(canonical) } } }

/// An interpreter that imports `module`: `DATAFLOW_PYTHON`, else `python3`; nil (with the reason printed) when none does.
func pythonWith(_ module: String) -> String? {
    let candidates = [ProcessInfo.processInfo.environment["DATAFLOW_PYTHON"], "python3"].compactMap { $0 }
    for py in candidates {
        if (try? runProcess(["/usr/bin/env", py, "-c", "import \(module)"]))?.status == 0 { return py }
    }
    print("skipped: no Python with \(module) (set DATAFLOW_PYTHON or pip install \(module))")
    return nil
}

/// Runs a command; returns its exit status and standard output.
func runProcess(_ args: [String], input: String? = nil) throws -> (status: Int32, out: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: args[0])
    p.arguments = Array(args.dropFirst())
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}
