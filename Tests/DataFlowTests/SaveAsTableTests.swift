import DataFlow
import Foundation
import Testing

/// `saveAsTable` and managed warehouse tables, which are Delta tables: they survive the session, and
/// SQL's DELETE / UPDATE / MERGE / DESCRIBE HISTORY / time travel work on them.
@Suite struct SaveAsTableTests {
    @Test func managedDeltaTablesInTheWarehouse() throws {
        let dir = NSTemporaryDirectory() + "dataflow-saveastable-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = try Session(threads: 2, warehouse: dir)
        let ratings = try s.createDataFrame([[.int32(1), .double(4.5)], [.int32(2), .double(0.5)], [.int32(3), .double(3.0)]],
                                            schema: Schema([Field("userId", .int32), Field("rating", .float64)]))
        try ratings.write.saveAsTable("ratings")
        #expect(FileManager.default.fileExists(atPath: dir + "/ratings/_delta_log/00000000000000000000.json"))
        #expect(throws: DataFlowError.self) { try ratings.write.saveAsTable("ratings") }
        try ratings.write.mode(.ignore).saveAsTable("ratings")
        try ratings.filter(col("userId") == 1).write.mode(.append).saveAsTable("ratings")
        #expect(try s.table("ratings").count() == 4)
        _ = try s.sql("DELETE FROM ratings WHERE rating < 1").collect()
        #expect(try s.sql("SELECT count(*) FROM ratings VERSION AS OF 1").collect().first?[0] == .int64(4))
        #expect(try s.sql("SHOW TABLES").collect().map { $0["tableName"] } == [.string("ratings")])
        // A new session finds the table and its history.
        let again = try Session(threads: 1, warehouse: dir)
        #expect(try again.table("ratings").count() == 3)
        #expect(try again.sql("DESCRIBE HISTORY ratings").select("operation").collect().map { $0[0] }
                == [.string("DELETE"), .string("WRITE"), .string("CREATE TABLE AS SELECT")])
        try ratings.write.mode(.overwrite).saveAsTable("ratings")
        #expect(try again.table("ratings").count() == 3)
        // SQL's CREATE TABLE in a warehouse makes a Delta table too; USING csv still makes a CSV one.
        _ = try s.sql("CREATE TABLE events (id INT, day DATE) PARTITIONED BY (day)").collect()
        _ = try s.sql("INSERT INTO events VALUES (1, DATE '2026-01-01'), (2, DATE '2026-01-02')").collect()
        #expect(FileManager.default.fileExists(atPath: dir + "/events/day=2026-01-01"))
        _ = try s.sql("CREATE TABLE plain USING csv AS SELECT 1 AS a").collect()
        #expect(!FileManager.default.fileExists(atPath: dir + "/plain/_delta_log"))
    }

    @Test func withoutAWarehouseTablesLiveInMemory() throws {
        let s = Session(threads: 1)
        try s.range(3).write.saveAsTable("r")
        #expect(try s.table("r").count() == 3)
        try s.range(5).write.mode(.overwrite).saveAsTable("r")
        #expect(try s.table("r").count() == 5)
        #expect(throws: DataFlowError.self) { try s.sql("DELETE FROM r").collect() }
    }
}
