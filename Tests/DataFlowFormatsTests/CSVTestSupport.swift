import DataFlowColumnar
import Foundation
import Testing
@testable import DataFlowFormats

/// A fresh temporary directory per call.
func makeTempDir() -> String {
    let dir = NSTemporaryDirectory() + "dataflow-csv-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

@discardableResult
func writeTemp(_ content: String, name: String = "data.csv", dir: String? = nil) -> String {
    writeTemp(Array(content.utf8), name: name, dir: dir)
}

@discardableResult
func writeTemp(_ bytes: [UInt8], name: String = "data.csv", dir: String? = nil) -> String {
    let d = dir ?? makeTempDir()
    let path = d + "/" + name
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}

func rows(_ batches: [RecordBatch]) -> [[Value]] { batches.flatMap { $0.rows } }

func readCSV(_ content: String, schema: Schema? = nil, _ configure: (inout CSVReadOptions) throws -> Void = { _ in })
    throws -> (CSVSource, [[Value]]) {
    var o = CSVReadOptions()
    try configure(&o)
    let src = try CSVSource(paths: [writeTemp(content)], options: o, schema: schema)
    return (src, rows(try src.readAll()))
}

func micros(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0, _ us: Int = 0) -> Int64 {
    Int64(DateTime.days(year: y, month: mo, day: d)) * DateTime.microsPerDay
        + Int64(h * 3600 + mi * 60 + s) * 1_000_000 + Int64(us)
}

func days(_ y: Int, _ m: Int, _ d: Int) -> Int32 { DateTime.days(year: y, month: m, day: d) }

/// Runs `body` (opening and reading a possibly damaged file); returns the DataFlowError it threw, or nil
/// when it worked. Any other error is recorded as an issue.
func dataFlowError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> DataFlowError? {
    do {
        try body()
        return nil
    } catch let e as DataFlowError {
        return e
    } catch {
        Issue.record("not a DataFlowError: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
