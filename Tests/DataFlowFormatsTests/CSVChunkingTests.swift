import DataFlowColumnar
import Foundation
import Testing
@testable import DataFlowFormats

@Suite struct CSVChunkingTests {
    func makeText(rows: Int, multiLine: Bool) -> String {
        var s = "id,name,score\n"
        for i in 0..<rows {
            let name = multiLine && i % 7 == 0 ? "\"n\(i)\nsecond, line\"" : "n\(i)"
            s += "\(i),\(name),\(Double(i) / 4)\n"
            if i % 50 == 0 { s += "\n" }
        }
        return s
    }

    @Test(arguments: [false, true])
    func chunkedReadEqualsSequential(multiLine: Bool) throws {
        let path = writeTemp(makeText(rows: 2000, multiLine: multiLine))
        var o = CSVReadOptions()
        o.header = true
        o.inferSchema = true
        o.multiLine = multiLine
        let whole = try CSVSource(paths: [path], options: o, schema: nil, chunkBytes: 1 << 30, chunkRows: 1 << 20)
        let split = try CSVSource(paths: [path], options: o, schema: nil, chunkBytes: 700, chunkRows: 97)
        #expect(whole.chunkCount == 1)
        #expect(split.chunkCount > 10)
        #expect(split.schema == whole.schema)
        #expect(whole.schema.fields.map(\.type) == [.int32, .string, .float64])
        let a = try whole.readAll(), b = try split.readAll()
        #expect(rows(a) == rows(b))
        #expect(rows(a).count == 2000)
        #expect(b.allSatisfy { $0.rowCount <= 97 })
        if multiLine { #expect(rows(a)[7][1] == .string("n7\nsecond, line")) }

        // Concurrent chunk parsing gives the same batches.
        let results = ConcurrentResults(count: split.chunkCount)
        DispatchQueue.concurrentPerform(iterations: split.chunkCount) { i in
            results.set(i, try? split.readChunk(i, columns: nil))
        }
        #expect(rows(results.all()) == rows(a))
    }

    @Test func lineNumbersStayCorrectAcrossChunks() throws {
        var s = "a\n"
        for i in 0..<500 { s += "\(i)\n" }
        s += "oops\n"  // physical line 502
        let path = writeTemp(s)
        var o = CSVReadOptions()
        o.header = true
        o.mode = .failFast
        let src = try CSVSource(paths: [path], options: o, schema: Schema([Field("a", .int64)]), chunkBytes: 64, chunkRows: 10)
        #expect(src.chunkCount > 5)
        do {
            _ = try src.readAll()
            Issue.record("no error")
        } catch let e as DataFlowError {
            #expect(e.message.contains("line 502"))
        }
    }
}

final class ConcurrentResults: @unchecked Sendable {
    private var items: [RecordBatch?]
    private let lock = NSLock()
    init(count: Int) { items = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ b: RecordBatch?) { lock.lock(); items[i] = b; lock.unlock() }
    func all() -> [RecordBatch] { items.compactMap { $0 } }
}
