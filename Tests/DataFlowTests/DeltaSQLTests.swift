import DataFlow
import Foundation
import Testing

/// DELETE, UPDATE, MERGE INTO, DESCRIBE HISTORY, OPTIMIZE, VACUUM and time travel in SQL over Delta
/// tables (catalog tables `USING delta` and `delta.`path``).
@Suite struct DeltaSQLTests {
    func folder() -> String {
        let p = NSTemporaryDirectory() + "dataflow-delta-sql-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        return p
    }

    func ids(_ df: DataFrame) throws -> [String] { try df.collect().map { $0.values.map(\.description).joined(separator: ",") } }

    @Test func dmlHistoryAndTimeTravel() throws {
        let s = Session(threads: 2)
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try s.sql("CREATE TABLE t (id INT, v STRING) USING delta LOCATION '\(dir)/t'").collect()
        _ = try s.sql("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')").collect()            // version 1
        #expect(try ids(s.sql("DELETE FROM t WHERE id = 2")) == ["1"])                          // version 2
        #expect(try ids(s.sql("UPDATE t AS x SET v = upper(x.v) WHERE x.id = 3")) == ["1"])     // version 3
        #expect(try ids(s.sql("SELECT * FROM t ORDER BY id")) == ["1,a", "3,C"])
        try s.createDataFrame([[.int32(3), .string("z")], [.int32(4), .string("d")]],
                              schema: Schema([Field("id", .int32), Field("v", .string)])).createOrReplaceTempView("updates")
        let merged = try ids(s.sql("""
            MERGE INTO t USING updates u ON t.id = u.id
            WHEN MATCHED THEN UPDATE SET v = u.v
            WHEN NOT MATCHED THEN INSERT (id, v) VALUES (u.id, u.v)
            """))                                                                               // version 4
        #expect(merged == ["2,1,0,1"])
        #expect(try ids(s.sql("SELECT * FROM t ORDER BY id")) == ["1,a", "3,z", "4,d"])
        #expect(try ids(s.sql("SELECT * FROM t VERSION AS OF 1 ORDER BY id")) == ["1,a", "2,b", "3,c"])
        #expect(try ids(s.sql("SELECT count(*) FROM t FOR SYSTEM_VERSION AS OF 2")) == ["2"])
        #expect(try ids(s.sql("SELECT count(*) FROM delta.`\(dir)/t`")) == ["3"])
        #expect(try ids(s.sql("SELECT id FROM delta.`\(dir)/t` VERSION AS OF 3 ORDER BY id")) == ["1", "3"])
        let history = try s.sql("DESCRIBE HISTORY t").select("version", "operation").collect()
        #expect(history.map { $0.values.map(\.description).joined(separator: " ") }
                == ["4 MERGE", "3 UPDATE", "2 DELETE", "1 WRITE", "0 CREATE TABLE"])
        #expect(try s.sql("DESCRIBE HISTORY t LIMIT 1").count() == 1)
        #expect(try ids(s.sql("OPTIMIZE t")).count == 1)
        #expect(try s.sql("VACUUM t DRY RUN").count() == 0)  // nothing older than the retention
    }

    @Test func errors() throws {
        let s = Session(threads: 1)
        try s.range(3).createOrReplaceTempView("v")
        #expect(throws: DataFlowError.self) { try s.sql("DELETE FROM v WHERE id = 1").collect() }
        #expect(throws: DataFlowError.self) { try s.sql("SELECT * FROM v VERSION AS OF 1").collect() }
        #expect(throws: DataFlowError.self) { try s.sql("DELETE FROM nope").collect() }
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try s.sql("CREATE TABLE p (a INT) USING parquet LOCATION '\(dir)/p'").collect()
        let e = #expect(throws: DataFlowError.self) { try s.sql("UPDATE p SET a = 1").collect() }
        #expect(e?.errorClass == "DELTA_MISSING_DELTA_TABLE")
        _ = try s.sql("CREATE TABLE d (a INT) USING delta LOCATION '\(dir)/d'").collect()
        let t = #expect(throws: DataFlowError.self) { try s.sql("SELECT * FROM d TIMESTAMP AS OF a").collect() }
        #expect(t?.errorClass == "INVALID_TIME_TRAVEL_TIMESTAMP_EXPR")
        let early = #expect(throws: DataFlowError.self) { try s.sql("SELECT * FROM d VERSION AS OF 7").collect() }
        #expect(early?.message.contains("7") == true)
    }
}
