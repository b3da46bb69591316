import DataFlowColumnar
import Foundation
import Testing
@testable import DataFlowFormats

/// Damaged files give a DataFlowError naming the file (and the column where known), never a crash.
@Suite struct ParquetCorruptTests {
    static let schema = Schema([Field("id", .int64), Field("s", .string)])

    /// A small valid file: 100 rows, `s` dictionary-encoded with 3 values.
    static func validFile(compression: String = "none") throws -> String {
        let path = tempParquetPath("valid.parquet")
        let b = RecordBatch(schema: schema, columns: [
            .int64((0..<100).map { Int64($0) }), .string((0..<100).map { ["red", "green", "blue"][$0 % 3] }),
        ])
        var o = ParquetWriteOptions()
        try o.set("compression", compression)
        try ParquetWriter.write([b], schema: schema, to: path, options: o)
        return path
    }

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    static func write(_ bytes: [UInt8]) -> String {
        let p = tempParquetPath("damaged.parquet")
        FileManager.default.createFile(atPath: p, contents: Data(bytes))
        return p
    }

    /// Opens and reads everything; returns the error (nil if it all worked).
    static func readError(_ path: String) -> DataFlowError? {
        dataFlowError {
            let f = try ParquetFile(path: path)
            _ = try f.readAll()
        }
    }

    @Test func truncatedWrongMagicAndFooterLength() throws {
        let good = try Self.bytes(try Self.validFile())
        let truncated = Self.write(Array(good.prefix(good.count - 30)))
        let e1 = try #require(Self.readError(truncated))
        #expect(e1.errorClass == "PARQUET_CORRUPT_FILE" && e1.message.contains(truncated))

        var magic = good
        magic[0] = UInt8(ascii: "X")
        let e2 = try #require(Self.readError(Self.write(magic)))
        #expect(e2.message.contains("magic"))

        var length = good
        length[good.count - 5] = 0x7f   // footer length ~2 GB
        let p3 = Self.write(length)
        let e3 = try #require(Self.readError(p3))
        #expect(e3.message.contains("footer length") && e3.message.contains(p3))

        let e4 = try #require(Self.readError(Self.write(Array("PAR1".utf8))))
        #expect(e4.errorClass == "PARQUET_CORRUPT_FILE")
    }

    @Test func garbledThrift() throws {
        var b = try Self.bytes(try Self.validFile())
        let footerLen = Int(b[b.count - 8]) | Int(b[b.count - 7]) << 8 | Int(b[b.count - 6]) << 16
        let start = b.count - 8 - footerLen
        for i in start..<(start + footerLen / 2) { b[i] = 0xEE }
        let p = Self.write(b)
        let e = try #require(Self.readError(p))
        #expect(e.errorClass == "PARQUET_CORRUPT_FILE" && e.message.contains("footer") && e.message.contains(p))
    }

    /// Re-encodes the page header at `offset` after `change`; returns the new file bytes.
    static func editPageHeader(_ b: [UInt8], at offset: Int, _ change: (inout PageHeader) -> Void) throws -> [UInt8] {
        var r = b.withUnsafeBytes { ThriftReader(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
        var h = try b.withUnsafeBytes { raw -> PageHeader in
            var rr = ThriftReader(UnsafeRawBufferPointer(rebasing: raw[offset...]))
            defer { r = rr }
            return try rr.pageHeader()
        }
        let oldLen = r.pos
        change(&h)
        var w = ThriftWriter()
        w.structBody { $0.pageHeader(h) }
        #expect(w.bytes.count == oldLen, "header length changed; offsets would shift")
        return Array(b[..<offset]) + w.bytes + Array(b[(offset + oldLen)...])
    }

    @Test func pageSizeLies() throws {
        for codec in ["none", "snappy"] {
            let path = try Self.validFile(compression: codec)
            let f = try ParquetFile(path: path)
            let idOffset = Int(f.meta.rowGroups[0].columns[0].metaData!.dataPageOffset)
            let b = try Self.bytes(path)
            // Uncompressed size smaller than the data: every codec notices.
            let smaller = try Self.editPageHeader(b, at: idOffset) { $0.uncompressedPageSize -= 16 }
            let p = Self.write(smaller)
            let e = try #require(Self.readError(p))
            #expect(e.message.contains(p) && e.message.contains("column id"), "\(codec): \(e)")
            #expect(e.errorClass == "PARQUET_CORRUPT_PAGE")
        }
    }

    @Test func dictionaryIndexOutOfRange() throws {
        let path = try Self.validFile()
        let f = try ParquetFile(path: path)
        let dictOffset = try #require(f.meta.rowGroups[0].columns[1].metaData!.dictionaryPageOffset)
        let b = try Self.bytes(path)
        // Claim the dictionary holds 1 value (it holds 3; the first value is read, indices 1 and 2 are out of range).
        let edited = try Self.editPageHeader(b, at: Int(dictOffset)) { $0.dictionaryPageHeader!.numValues = 1 }
        let p = Self.write(edited)
        let e = try #require(Self.readError(p))
        #expect(e.message.contains("dictionary index") && e.message.contains("column s") && e.message.contains(p), "\(e)")
        // The other column still reads.
        let ok = try ParquetFile(path: p).readAll(columns: [0])
        #expect(ok.rowCount == 100)
    }

    @Test func projectionReadsOnlyItsColumnChunks() throws {
        let path = try Self.validFile()
        let f = try ParquetFile(path: path)
        let sMeta = f.meta.rowGroups[0].columns[1].metaData!
        // Corrupt every byte of column s: reading id alone still works and reads only id's bytes.
        var b = try Self.bytes(path)
        let (start, len) = ParquetFile.chunkRange(sMeta)
        for i in Int(start)..<Int(start + len) { b[i] = 0xAB }
        let p = Self.write(b)
        let g = try ParquetFile(path: p)
        let ids = try g.readAll(columns: [0])
        #expect(ids.columns[0].scalars == (0..<100).map { Value.int64(Int64($0)) })
        #expect(g.bytesRead == Int(f.meta.rowGroups[0].columns[0].metaData!.totalCompressedSize))
        #expect(throws: DataFlowError.self) { try g.readAll(columns: [1]) }
    }

    /// DATAFLOW_FUZZ_ITERATIONS raises the count (and DATAFLOW_FUZZ_FILE picks a fixture) for longer local runs.
    @Test func fuzzedFilesNeverCrash() throws {
        let env = ProcessInfo.processInfo.environment
        let iterations = env["DATAFLOW_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 200
        let good = try Self.bytes(try env["DATAFLOW_FUZZ_FILE"].map { parquetFixture($0) } ?? Self.validFile(compression: "snappy"))
        var seed: UInt64 = 0x5EED_1234_ABCD_0001
        func next() -> UInt64 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return seed >> 33
        }
        var failures = 0, successes = 0
        for _ in 0..<iterations {
            var b = good
            for _ in 0..<(1 + Int(next() % 4)) {
                let i = Int(next() % UInt64(b.count))
                b[i] ^= UInt8(truncatingIfNeeded: 1 &+ next() % 255)
            }
            let p = Self.write(b)
            if Self.readError(p) != nil { failures += 1 } else { successes += 1 }
            try? FileManager.default.removeItem(atPath: p)
        }
        #expect(failures + successes == iterations)
        #expect(failures > 0)
    }
}
