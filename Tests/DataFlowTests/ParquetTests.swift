import DataFlow
import DataFlowColumnar
import DataFlowEngine
import DataFlowFormats
import Foundation
import Testing

/// Parquet through the public API: `read.parquet`, `write.parquet`, SQL tables, row-group skipping.
@Suite struct ParquetTests {
    @Test func writeThenReadBack() throws {
        let dir = tempPath("people")
        try people().write.parquet(dir)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(names.contains("_SUCCESS"))
        #expect(names.contains { $0.hasPrefix("part-00000-") && $0.hasSuffix(".snappy.parquet") })
        let back = try session.read.parquet(dir)
        let backSchema = try back.schema, peopleSchema = try people().schema
        #expect(backSchema == peopleSchema)
        #expect(try bag(back) == (try bag(people())))
        // Another codec, appended; both parts are read.
        try people().write.parquet(dir, mode: .append, compression: "zstd")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).contains { $0.hasSuffix(".zstd.parquet") })
        #expect(try session.read.parquet(dir).count() == 8)
        let filtered = try rows(session.read.parquet(dir).filter(col("age") > 26).select("name").orderBy("name"))
        #expect(filtered == [[.string("alice")], [.string("alice")], [.string("dave")], [.string("dave")]])
    }

    @Test func optionsAreChecked() throws {
        let dir = tempPath("x")
        #expect(errorClass { try people().write.option("compression", "lzo").parquet(dir) } == "INVALID_OPTION")
        #expect(errorClass { try people().write.option("nonsense", "1").format("parquet").save(dir) } == "INVALID_OPTION")
        try people().write.parquet(dir)
        #expect(errorClass { _ = try session.read.option("mergeSchema", "true").parquet(dir) } == "UNSUPPORTED_FEATURE")
        #expect(errorClass { _ = try session.read.parquet(tempPath("missing")) } == "PATH_NOT_FOUND")
    }

    @Test func schemasMustAgree() throws {
        let dir = tempPath("mixed")
        try people().write.parquet(dir)
        try session.range(3).write.mode(.append).parquet(dir)
        let e = dataFlowError { _ = try session.read.parquet(dir) }
        #expect(e?.errorClass == "PARQUET_SCHEMA_MISMATCH")
        #expect(e?.message.contains("part-") == true)
    }

    @Test func sqlTableUsingParquet() throws {
        let s = Session(threads: 2)
        let dir = tempPath("t")
        try people(s).write.parquet(dir)
        try s.sql("CREATE TABLE pq USING parquet LOCATION '\(dir)'").collect()
        #expect(try rows(s.sql("SELECT count(*), sum(age) FROM pq")) == [[.int64(4), .int64(95)]])
        try s.sql("INSERT INTO pq VALUES (5, 'eve', 50, 5.0)").collect()
        #expect(try rows(s.sql("SELECT name FROM pq WHERE id = 5")) == [[.string("eve")]])
        try s.sql("CREATE TABLE pq2 USING parquet LOCATION '\(tempPath("t2"))' AS SELECT id, name FROM pq WHERE id > 3").collect()
        #expect(try rows(s.sql("SELECT id FROM pq2 ORDER BY id")) == [[.int32(4)], [.int32(5)]])
    }

    @Test func rowGroupSkipping() throws {
        // x = 0..<1000 in 10 row groups of 100: `x > 900` can only match the last one.
        let path = tempPath("skip.parquet")
        let schema = Schema([Field("x", .int64), Field("y", .string)])
        let batch = RecordBatch(schema: schema, columns: [
            .int64((0..<1000).map { Int64($0) }), .string((0..<1000).map { "v\($0)" }),
        ])
        var o = ParquetWriteOptions()
        o.rowGroupRows = 100
        try ParquetWriter.write([batch], schema: schema, to: path, options: o)
        let table = try ParquetTable(paths: [path])
        #expect(table.files[0].rowGroups.count == 10)
        let df = session.table(table).filter(col("x") > 900)
        #expect(try df.count() == 99)
        #expect(table.lastScan == (rowGroups: 10, skipped: 9))
        #expect(try session.table(table).filter(col("y") == "v5").count() == 1)
        #expect(table.lastScan.skipped == 9)  // strings: only [v0, v99] holds "v5"
        #expect(try session.table(table).count() == 1000)
        #expect(table.lastScan.skipped == 0)
    }

    @Test func largeRowGroupsAreSplitIntoMorsels() throws {
        let path = tempPath("big.parquet")
        let n = 200_000
        // Nullable and required columns, plain and dictionary-encoded, several pages per morsel.
        let schema = Schema([Field("x", .int64), Field("r", .int64, nullable: false), Field("s", .string, nullable: false)])
        var o = ParquetWriteOptions()
        o.pageBytes = 100_000
        try ParquetWriter.write([RecordBatch(schema: schema, columns: [
            .int64((0..<n).map { Int64($0) }), .int64((0..<n).map { Int64($0) }), .string((0..<n).map { "k\($0 % 7)" }),
        ])], schema: schema, to: path, options: o)
        let table = try ParquetTable(paths: [path])
        let source = try table.scan(columns: [0, 1, 2], context: ExecutionContext(threads: 1, memoryLimit: 1 << 30))
        #expect(source.count == 4)
        var sizes: [Int] = [], next: Int64 = 0, ok = true
        for m in 0..<source.count {
            let b = try source.produce(m)
            sizes.append(b.rowCount)
            for i in 0..<b.rowCount {
                if b.columns[0].value(i) != .int64(next) || b.columns[1].value(i) != .int64(next)
                    || b.columns[2].value(i) != .string("k\(next % 7)") { ok = false }
                next += 1
            }
        }
        #expect(sizes == [65536, 65536, 65536, 3392])
        #expect(ok, "a morsel's rows differ from the rows written")
        #expect(try rows(session.table(table).agg(sum("x"), sum("r"))) == [[.int64(Int64(n) * Int64(n - 1) / 2), .int64(Int64(n) * Int64(n - 1) / 2)]])
    }
}
