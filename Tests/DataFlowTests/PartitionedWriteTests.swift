@testable import DataFlow
import DataFlowEngine
import Foundation
import Testing

/// `partitionBy` on file formats writes Hive-style `key=value/` folders; reading the folder brings the
/// partition columns back (typed by inference) and prunes partitions by filters on them.
@Suite struct PartitionedWriteTests {
    func folder() -> String {
        let p = NSTemporaryDirectory() + "dataflow-hive-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        return p
    }

    func events(_ s: Session) throws -> DataFrame {
        try s.createDataFrame([
            [.int32(2024), .string("a/b"), .int64(1)],
            [.int32(2024), .string("c"), .int64(2)],
            [.int32(2025), .string("c"), .int64(3)],
            [.null, .string("c"), .int64(4)],
        ], schema: Schema([Field("year", .int32), Field("tag", .string), Field("v", .int64)]))
    }

    @Test(arguments: ["parquet", "csv", "json", "arrow"])
    func writeAndReadBack(format: String) throws {
        let s = Session(threads: 2)
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var w = try events(s).write.format(format).partitionBy("year", "tag")
        if format == "csv" { w = w.option("header", true) }
        try w.save(dir + "/t")
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: dir + "/t/year=2024/tag=a%2Fb"))
        #expect(fm.fileExists(atPath: dir + "/t/year=__HIVE_DEFAULT_PARTITION__/tag=c"))
        #expect(fm.fileExists(atPath: dir + "/t/_SUCCESS"))
        var r = s.read.format(format)
        if format == "csv" { r = r.option("header", true).option("inferSchema", true) }
        let back = try r.load(dir + "/t")
        #expect(try back.schema.names == ["v", "year", "tag"])
        #expect(try back.schema.fields.map(\.type) == [format == "csv" ? .int32 : .int64, .int32, .string])
        let rows = try back.orderBy("v").collect().map { $0.values.map(\.description) }
        #expect(rows == [["1", "2024", "a/b"], ["2", "2024", "c"], ["3", "2025", "c"], ["4", "NULL", "c"]])
        // Appending adds files to the partitions.
        var again = try events(s).filter(col("v") == 3).write.format(format).mode(.append).partitionBy("year", "tag")
        if format == "csv" { again = again.option("header", true) }
        try again.save(dir + "/t")
        #expect(try r.load(dir + "/t").filter(col("year") == 2025).count() == 2)
    }

    @Test func filtersOnPartitionColumnsSkipPartitions() throws {
        let s = Session(threads: 2)
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try events(s).write.partitionBy("year").parquet(dir + "/t")
        let table = try #require(try HivePartitioning.table(root: dir + "/t", format: .parquet, options: [], schema: nil, lenient: false) as? PartitionedTable)
        #expect(table.partitions.count == 3)
        let df = s.table(table).filter(col("year") == 2025)
        #expect(try df.collect().map { $0["v"] } == [.int64(3)])
        #expect(table.lastScannedPartitions == 1)
        #expect(try s.table(table).filter(col("year").isNull).count() == 1)
        #expect(table.lastScannedPartitions == 1)
    }

    @Test func errors() throws {
        let s = Session(threads: 1)
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let df = try events(s)
        #expect(throws: DataFlowError.self) { try df.write.partitionBy("nope").parquet(dir + "/a") }
        #expect(throws: DataFlowError.self) { try df.write.partitionBy("year", "tag", "v").parquet(dir + "/b") }
        #expect(throws: DataFlowError.self) { try df.write.partitionBy("year").option("singleFile", true).parquet(dir + "/c") }
        #expect(HivePartitioning.escape("a/b=c%") == "a%2Fb%3Dc%25")
        #expect(HivePartitioning.unescape("a%2Fb%3Dc%25") == "a/b=c%")
        #expect(HivePartitioning.inferType(["1", "2", nil]) == .int32)
        #expect(HivePartitioning.inferType(["1", "3000000000"]) == .int64)
        #expect(HivePartitioning.inferType(["1", "2.5"]) == .float64)
        #expect(HivePartitioning.inferType(["2024-01-01"]) == .date)
        #expect(HivePartitioning.inferType(["2024-01-01", "x"]) == .string)
    }
}

/// `read.autodetect` and `dfs sql --table` choose the format from the path.
@Suite struct FormatDetectionTests {
    @Test func byNameMagicAndFolder() throws {
        let s = Session(threads: 1)
        let dir = NSTemporaryDirectory() + "dataflow-detect-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let df = try s.createDataFrame([[.int32(1), .string("a")], [.int32(2), .string("b")]],
                                       schema: Schema([Field("k", .int32), Field("v", .string)]))
        try df.write.option("singleFile", true).parquet(dir + "/noext")          // Parquet without an extension
        try df.write.partitionBy("k").json(dir + "/parts")                       // a partitioned folder of .json
        try df.write.format("delta").save(dir + "/table")
        try "{\"a\": 1}\n".write(toFile: dir + "/lines", atomically: true, encoding: .utf8)
        try "a,b\n1,2\n".write(toFile: dir + "/plain.tsv.gz.txt", atomically: true, encoding: .utf8)
        #expect(try DataFrameReader.detectFormat(dir + "/noext") == "parquet")
        #expect(try DataFrameReader.detectFormat(dir + "/parts") == "json")
        #expect(try DataFrameReader.detectFormat(dir + "/table") == "delta")
        #expect(try DataFrameReader.detectFormat(dir + "/lines") == "json")
        #expect(try DataFrameReader.detectFormat(dir + "/plain.tsv.gz.txt") == "csv")
        #expect(try s.read.autodetect(dir + "/parts").orderBy("k").collect().map { $0["k"] } == [.int32(1), .int32(2)])
        #expect(try s.read.autodetect(dir + "/table").count() == 2)
        #expect(try s.read.autodetect(dir + "/plain.tsv.gz.txt").schema.names == ["a", "b"])
    }

    @Test func errorsNameThePath() throws {
        let dir = NSTemporaryDirectory() + "dataflow-detect-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
        let missing = #expect(throws: DataFlowError.self) { try DataFrameReader.detectFormat(dir + "/nope") }
        #expect(missing?.errorClass == "PATH_NOT_FOUND" && missing?.message.contains(dir + "/nope") == true)
        let empty = #expect(throws: DataFlowError.self) { try DataFrameReader.detectFormat(dir + "/empty") }
        #expect(empty?.errorClass == "UNABLE_TO_INFER_SCHEMA" && empty?.message.contains(dir + "/empty") == true)
        // Partition folders that disagree on their columns.
        try FileManager.default.createDirectory(atPath: dir + "/bad/a=1", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/bad/b=2", withIntermediateDirectories: true)
        let conflict = #expect(throws: DataFlowError.self) { try Session(threads: 1).read.parquet(dir + "/bad") }
        #expect(conflict?.errorClass == "CONFLICTING_PARTITION_COLUMN_NAMES")
    }
}
