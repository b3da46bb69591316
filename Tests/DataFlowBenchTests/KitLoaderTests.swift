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

    @Test func tpchTableLoadsWithDecimalMoneyAndDates() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write("", dir + "/partsupp.parquet")
        try write("", dir + "/orders.parquet")
        try write("ps_partkey,ps_suppkey,ps_availqty,ps_supplycost,ps_comment\n1,2,3325,771.64,\"a, b\"\n1,3,8076,993.49,c\n", dir + "/partsupp.csv")
        try write("""
            o_orderkey,o_custkey,o_orderstatus,o_totalprice,o_orderdate,o_orderpriority,o_clerk,o_shippriority,o_comment
            1,370,O,172799.49,1996-01-02,5-LOW,Clerk#000000951,0,x

            """, dir + "/orders.csv")
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
    }

    @Test func headerThatDoesNotMatchTheSchemaFails() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write("", dir + "/region.parquet")
        try write("r_name,r_regionkey,r_comment\nAFRICA,0,x\n", dir + "/region.csv")
        #expect(throws: DataFlowError.self) { try KitLoader.loadSuite(Session(threads: 1), suite: "tpch", data: dir) }
    }

    @Test func unknownTableIsInferred() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write("", dir + "/t.parquet")
        try write("a,b\n1,2.5\n", dir + "/t.csv")
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
        // A .parquet without its CSV copy says which file is missing.
        let noCSV = try scratch()
        try write("", noCSV + "/nation.parquet")
        let e2 = try #require(dataFlowErrorOf { _ = try KitLoader.loadSuite(session, suite: "tpch", data: noCSV) })
        #expect(e2.message.contains(noCSV + "/nation.csv not found"))
        // A header that is not the kit's table.
        let wrong = try scratch()
        try write("", wrong + "/nation.parquet")
        try write("a,b\n1,2\n", wrong + "/nation.csv")
        let e3 = try #require(dataFlowErrorOf { _ = try KitLoader.loadSuite(session, suite: "tpch", data: wrong) })
        #expect(e3.message.contains("does not match the kit's schema"))
    }

    func dataFlowErrorOf(_ body: () throws -> Void) -> DataFlowError? {
        do { try body() } catch let e as DataFlowError { return e } catch { return nil }
        return nil
    }
}
