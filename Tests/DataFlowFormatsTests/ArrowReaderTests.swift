import DataFlowColumnar
import DataFlowTestSupport
import Foundation
import Testing
@testable import DataFlowFormats

@Suite struct ArrowReaderTests {
    struct Expected: Decodable { let schema: [String]; let rows: [[String?]] }

    static func expected() throws -> [String: Expected] {
        try JSONDecoder().decode([String: Expected].self, from: Data(contentsOf: URL(fileURLWithPath: arrowFixture("expected.json"))))
    }

    @Test(arguments: ["types.arrow", "types.arrows", "dict.arrow", "dict-replaced.arrows", "sliced.arrow"])
    func readsPyarrowFixtures(_ name: String) throws {
        let exp = try #require(try Self.expected()[name])
        let file = try ArrowFile(path: try arrowFixture(name))
        #expect(file.isStream == name.hasSuffix(".arrows"))
        #expect(file.schema.fields.map { "\($0.name):\($0.type.sqlName)" } == exp.schema)
        #expect(file.rowCount == exp.rows.count)
        let got = canonicalRows(try file.readAll())
        #expect(got.count == exp.rows.count)
        for (i, (g, e)) in zip(got, exp.rows).enumerated() { #expect(g == e, "row \(i)") }
    }

    @Test func rowRangesAndProjection() throws {
        let exp = try #require(try Self.expected()["types.arrow"])
        let file = try ArrowFile(path: try arrowFixture("types.arrow"))
        #expect(file.batchCount == 2)
        // Rows 1..<5 of the first batch (a bit offset inside the validity bitmaps), two columns.
        let part = try file.read(batch: 0, rows: 1..<5, columns: [13, 0])
        #expect(canonicalRows([part]) == exp.rows[1..<5].map { [$0[13], $0[0]] })
    }

    @Test func dictionaryColumnsStayEncoded() throws {
        let file = try ArrowFile(path: try arrowFixture("dict.arrow"))
        let b = try file.read(batch: 0)
        #expect(b.columns[0].dictionary != nil)
        #expect(b.columns[0].dictionary?.column.count == 3)
    }

    @Test func typesFileIsReadInPlace() throws {
        let file = try ArrowFile(path: try arrowFixture("types.arrow"))
        let b = try file.read(batch: 0)
        // Int64 and Float64 values point into the file's memory (no copy).
        let raw = file.data.raw, end = file.data.raw + file.size
        for c in [4, 10] { #expect(b.columns[c].values.raw >= raw && b.columns[c].values.raw < end) }
    }
}

@Suite struct ArrowCorruptInputTests {
    static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: arrowFixture(name)))) }

    /// Opens and reads `bytes`; returns the error, or nil when it read.
    static func attempt(_ bytes: [UInt8], name: String = "bad.arrow") -> DataFlowError? {
        let path = writeTemp(bytes, name: name)
        return dataFlowError {
            let f = try ArrowFile(path: path)
            for b in try f.readAll() { for c in b.columns { _ = c.scalars } }
        }
    }

    @Test func truncatedFilesAndBadMagic() throws {
        let good = try Self.bytes("types.arrow")
        for cut in [0, 3, 6, 8, 40, good.count / 2, good.count - 7, good.count - 1] {
            let e = Self.attempt(Array(good.prefix(cut)))
            #expect(e != nil, "cut at \(cut)")
            #expect(e?.message.contains("bad.arrow") == true, "cut at \(cut)")
        }
        var magic = good
        magic[good.count - 1] = UInt8(ascii: "X")
        #expect(Self.attempt(magic)?.errorClass == "CORRUPT_FILE")
        #expect(Self.attempt(Array("hello, world".utf8))?.errorClass == "CORRUPT_FILE")
        let stream = try Self.bytes("types.arrows")
        for cut in [4, 9, 100, stream.count - 9] { #expect(Self.attempt(Array(stream.prefix(cut))) != nil, "stream cut at \(cut)") }
    }

    @Test func garbageOffsetsAndLengths() throws {
        let good = try Self.bytes("types.arrow")
        // The footer length points before the start.
        var f = good
        let at = good.count - 10
        f[at] = 0xFF; f[at + 1] = 0xFF; f[at + 2] = 0xFF; f[at + 3] = 0x7F
        #expect(Self.attempt(f)?.errorClass == "CORRUPT_FILE")
        // The footer's root offset points past the end.
        let footerLen = Int(good[at]) | Int(good[at + 1]) << 8 | Int(good[at + 2]) << 16
        var g = good
        let root = good.count - 10 - footerLen
        g[root] = 0xF0; g[root + 1] = 0xFF; g[root + 2] = 0xFF; g[root + 3] = 0x0F
        #expect(Self.attempt(g)?.errorClass == "CORRUPT_FILE")
    }

    @Test func bufferLengthsPastTheEnd() throws {
        // A stream whose first record batch claims a body longer than the file.
        let b = RecordBatch(schema: Schema([Field("a", .int64)]), columns: [.int64([1, 2, 3])])
        var bytes = ArrowWriter.encode([b], schema: b.schema, stream: true)
        bytes.removeLast(8 + 8)  // end-of-stream marker and part of the body
        let e = Self.attempt(bytes, name: "short.arrows")
        #expect(e?.errorClass == "CORRUPT_FILE")
        #expect(e?.message.contains("short.arrows") == true)
    }

    @Test func seededByteFlipFuzzNeverCrashes() throws {
        var rng = SplitMix(seed: 42)
        for name in ["types.arrow", "dict.arrow", "types.arrows", "sliced.arrow"] {
            let good = try Self.bytes(name)
            for _ in 0..<150 {
                var bad = good
                for _ in 0..<Int(rng.next() % 4 + 1) {
                    let i = Int(rng.next() % UInt64(bad.count))
                    bad[i] = UInt8(truncatingIfNeeded: rng.next())
                }
                _ = Self.attempt(bad, name: name)  // an error or a (garbled) read; never a crash or a hang
            }
        }
    }
}
