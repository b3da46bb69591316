import DataFlow
import DataFlowBench
import Foundation
import Testing

@Suite struct KitLoaderTests {
    /// A fresh folder for one test's files.
    func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dataflow-bench-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func write(_ text: String, _ path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func everyKitDDLParses() throws {
        let session = Session(threads: 1)
        for (suite, tables) in KitSchemas.tables {
            for (table, ddl) in tables {
                #expect(throws: Never.self, "\(suite).\(table)") { _ = try session.read.schema(ddl) }
            }
        }
        #expect(KitSchemas.tables["tpch"]?.count == 8)
        #expect(KitSchemas.ddl(suite: "tpch", table: "nope") == nil)
    }

    /// Writes `rows` with `schema` as one Parquet file at `path` (as the kit's gen-data does).
    func parquet(_ path: String, _ ddl: String, _ rows: [[Value]]) throws {
        let session = Session(threads: 1)
        try session.createDataFrame(rows, schema: try Schema(ddl: ddl)).write.option("singleFile", true).parquet(path)
    }

    @Test func tpchTableLoadsWithDecimalMoneyAndDates() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The file's types differ from the kit's (int keys, double money): the loader casts them.
        try parquet(dir + "/partsupp.parquet", "ps_partkey INT, ps_suppkey BIGINT, ps_availqty INT, ps_supplycost DOUBLE, ps_comment STRING",
                    [[.int32(1), .int64(2), .int32(3325), .double(771.64), .string("a, b")],
                     [.int32(1), .int64(3), .int32(8076), .double(993.49), .string("c")]])
        try parquet(dir + "/orders.parquet", KitSchemas.ddl(suite: "tpch", table: "orders") ?? "",
                    [[.int64(1), .int64(370), .string("O"), .decimal(17279949, precision: 15, scale: 2), .date(9497), .string("5-LOW"),
                      .string("Clerk#000000951"), .int32(0), .string("x")]])
        let session = Session(threads: 1)
        let loaded = try KitLoader.loadSuite(session, suite: "tpch", data: dir)
        #expect(loaded.map(\.table) == ["orders", "partsupp"])
        #expect(loaded.map(\.rows) == [1, 2])
        let ps = try session.table("partsupp").schema
        #expect(ps.fields.map(\.type) == [.int64, .int64, .int32, .decimal(precision: 15, scale: 2), .string])
        let o = try session.table("orders").schema
        #expect(o.fields[3].type == .decimal(precision: 15, scale: 2))
        #expect(o.fields[4].type == .date)
        let total = try session.sql("SELECT sum(ps_supplycost) AS s FROM partsupp").collect()
        #expect(total.first?["s"]?.description == "1765.13")
        #expect(try session.sql("SELECT o_orderdate FROM orders").collect().first?[0] == .date(9497))
    }

    @Test func columnsThatDoNotMatchTheSchemaFail() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try parquet(dir + "/region.parquet", "r_name STRING, r_regionkey BIGINT, r_comment STRING", [[.string("AFRICA"), .int64(0), .string("x")]])
        #expect(throws: DataFlowError.self) { try KitLoader.loadSuite(Session(threads: 1), suite: "tpch", data: dir) }
    }

    @Test func unknownTableKeepsTheFileTypes() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try parquet(dir + "/t.parquet", "a INT, b DOUBLE", [[.int32(1), .double(2.5)]])
        let session = Session(threads: 1)
        try KitLoader.loadSuite(session, suite: "tpch", data: dir)
        #expect(try session.table("t").schema.fields.map(\.type) == [.int32, .float64])
    }

    @Test func resultCSVHasHeaderAndIsoDates() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Session(threads: 1)
        let df = try session.sql("""
            SELECT DATE '1995-03-05' AS d, CAST(12.5 AS DECIMAL(15,2)) AS m, 'say "hi", ok' AS s, CAST(NULL AS INT) AS n
            """)
        let out = dir + "/r.csv"
        try KitResult.writeCSV(session, batches: try df.collectBatches(), schema: try df.schema, to: out)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text == "d,m,s,n\n1995-03-05,12.50,\"say \"\"hi\"\", ok\",\n")
    }

    @Test func peakRSSIsReported() {
        #if os(Linux)
        #expect((KitResult.peakRSSBytes() ?? 0) > 1_000_000)
        #endif
    }

    @Test func loaderErrorsNameTheFile() throws {
        let session = Session(threads: 1)
        // A folder with no <table>.parquet is not a kit data folder.
        let empty = try scratch()
        let e1 = try #require(dataFlowErrorOf { _ = try KitLoader.loadSuite(session, suite: "tpch", data: empty) })
        #expect(e1.message.contains("no <table>.parquet files in \(empty)"))
        // A .parquet that is not Parquet names the file.
        let bad = try scratch()
        try write("", bad + "/nation.parquet")
        let e2 = try #require(dataFlowErrorOf { _ = try KitLoader.loadSuite(session, suite: "tpch", data: bad) })
        #expect(e2.message.contains(bad + "/nation.parquet"))
        // Columns that are not the kit's table.
        let wrong = try scratch()
        try parquet(wrong + "/nation.parquet", "a INT, b INT", [[.int32(1), .int32(2)]])
        let e3 = try #require(dataFlowErrorOf { _ = try KitLoader.loadSuite(session, suite: "tpch", data: wrong) })
        #expect(e3.message.contains("do not match the kit's schema"))
    }

    func dataFlowErrorOf(_ body: () throws -> Void) -> DataFlowError? {
        do { try body() } catch let e as DataFlowError { return e } catch { return nil }
        return nil
    }
}
