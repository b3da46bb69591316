import DataFlow
import Foundation
import Testing

/// Managed tables in a warehouse folder (`Session(warehouse:)`): their files, their metadata, and
/// their life across sessions.
@Suite struct WarehouseTests {
    /// A fresh warehouse path (the folder is not there yet: the session creates it).
    func warehouse() -> String { tempPath("warehouse") }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    func dataFiles(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".csv") }
    }

    @Test func createInsertOverwriteAndDropInTheWarehouse() throws {
        let dir = warehouse()
        let s = try Session(threads: 1, warehouse: dir)
        #expect(s.warehouse == dir)
        #expect(exists(dir))
        try s.sql("CREATE TABLE Points (id INT NOT NULL COMMENT 'key', label STRING) USING csv").collect()
        let folder = (dir as NSString).appendingPathComponent("points")
        #expect(exists((folder as NSString).appendingPathComponent("_dataflow_table.json")))
        #expect(try dataFiles(folder).isEmpty)
        #expect(try rows(s.sql("SELECT count(*) FROM points")) == [[.int64(0)]])
        #expect(s.catalog.listTables().map(\.tableType) == ["MANAGED"])

        try s.sql("INSERT INTO points VALUES (1, 'a'), (2, 'b')").collect()
        try s.sql("INSERT INTO points VALUES (3, NULL)").collect()
        #expect(try dataFiles(folder).count == 2)
        #expect(try rows(s.sql("SELECT id, label FROM points ORDER BY id"))
                == [[.int32(1), .string("a")], [.int32(2), .string("b")], [.int32(3), .null]])
        // NOT NULL is kept: the metadata records it.
        #expect(errorClass { try s.sql("INSERT INTO points VALUES (NULL, 'x')").collect() } != nil)

        try s.sql("INSERT OVERWRITE points VALUES (9, 'z')").collect()
        #expect(try rows(s.sql("SELECT * FROM points")) == [[.int32(9), .string("z")]])
        #expect(try dataFiles(folder).count == 1)
        #expect(exists((folder as NSString).appendingPathComponent("_dataflow_table.json")))

        // DESCRIBE keeps the comment; the files have a header.
        #expect(try rows(s.sql("DESCRIBE points")).map { $0[2] } == [.string("key"), .null])
        let part = try #require(try dataFiles(folder).first)
        let text = try String(contentsOfFile: (folder as NSString).appendingPathComponent(part), encoding: .utf8)
        #expect(text.hasPrefix("id,label\n"))

        try s.sql("DROP TABLE points").collect()
        #expect(!exists(folder))
        #expect(!s.catalog.tableExists("points"))
    }

    @Test func ctasWritesPartsAndMetadata() throws {
        let dir = warehouse()
        let s = try Session(threads: 1, warehouse: dir)
        try s.sql("CREATE TABLE sq USING csv AS SELECT id, id * id AS sq FROM range(4)").collect()
        let folder = (dir as NSString).appendingPathComponent("sq")
        #expect(try !dataFiles(folder).isEmpty)
        #expect(try rows(s.sql("SELECT sum(sq) FROM sq")) == [[.int64(14)]])
        let meta = try String(contentsOfFile: (folder as NSString).appendingPathComponent("_dataflow_table.json"), encoding: .utf8)
        #expect(meta.contains("\"format\" : \"csv\"") && meta.contains("\"bigint\"") && meta.contains("\"created\""))
        // An external table in the same session stays EXTERNAL and keeps its files when dropped.
        let ext = tempPath("ext")
        try s.sql("CREATE TABLE e USING csv LOCATION '\(ext)' AS SELECT 1 AS a").collect()
        #expect(s.catalog.listTables().map { "\($0.name) \($0.tableType)" } == ["e EXTERNAL", "sq MANAGED"])
        try s.sql("DROP TABLE e").collect()
        #expect(exists(ext))
        // OR REPLACE by an external table removes the managed table's folder.
        try s.sql("CREATE OR REPLACE TABLE sq (a INT) USING csv LOCATION '\(tempPath("ext2"))'").collect()
        #expect(!exists(folder))
        #expect(s.catalog.listTables().map { "\($0.name) \($0.tableType)" } == ["sq EXTERNAL"])
    }

    @Test func aSecondSessionSeesTheTables() throws {
        let dir = warehouse()
        do {
            let s = try Session(threads: 1, warehouse: dir)
            try s.sql("CREATE TABLE t (a INT NOT NULL, b DECIMAL(5,2) COMMENT 'money')").collect()
            try s.sql("INSERT INTO t VALUES (1, 2.50), (2, NULL)").collect()
            try s.sql("CREATE TABLE u AS SELECT 'x' AS s").collect()
        }
        let s2 = try Session(threads: 1, warehouse: dir)
        #expect(s2.warehouseWarnings.isEmpty)
        #expect(s2.catalog.listTables().map { "\($0.name) \($0.tableType)" } == ["t MANAGED", "u MANAGED"])
        #expect(try rows(s2.sql("SELECT a, b FROM t ORDER BY a"))
                == [[.int32(1), .decimal(250, precision: 5, scale: 2)], [.int32(2), .null]])
        #expect(try rows(s2.sql("DESCRIBE t")).map { $0.map(\.description) }
                == [["a", "int", "NULL"], ["b", "decimal(5,2)", "money"]])
        #expect(try rows(s2.sql("SELECT * FROM u")) == [[.string("x")]])
        try s2.sql("INSERT INTO t VALUES (3, 1)").collect()
        try s2.sql("DROP TABLE u").collect()
        let s3 = try Session(threads: 1, warehouse: dir)
        #expect(try rows(s3.sql("SELECT count(*) FROM t")) == [[.int64(3)]])
        #expect(!s3.catalog.tableExists("u"))
    }

    @Test func anUnregisteredFolderIsNotOverwritten() throws {
        let dir = warehouse()
        let s = try Session(threads: 1, warehouse: dir)
        let stray = (dir as NSString).appendingPathComponent("stray")
        try FileManager.default.createDirectory(atPath: stray, withIntermediateDirectories: true)
        try "keep".write(toFile: (stray as NSString).appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let e = dataFlowError { try s.sql("CREATE TABLE stray (a INT)").collect() }
        #expect(e?.errorClass == "LOCATION_ALREADY_EXISTS")
        #expect(e?.message.contains(stray) == true)
        #expect(exists((stray as NSString).appendingPathComponent("notes.txt")))
        // OR REPLACE takes the folder over.
        try s.sql("CREATE OR REPLACE TABLE stray AS SELECT 5 AS a").collect()
        #expect(try rows(s.sql("SELECT a FROM stray")) == [[.int32(5)]])
        #expect(!exists((stray as NSString).appendingPathComponent("notes.txt")))
        // OR REPLACE of a managed table replaces its rows.
        try s.sql("CREATE OR REPLACE TABLE stray (b STRING)").collect()
        #expect(try rows(s.sql("SELECT count(*) FROM stray")) == [[.int64(0)]])
        #expect(try s.table("stray").columns == ["b"])
        // IF NOT EXISTS keeps it.
        try s.sql("CREATE TABLE IF NOT EXISTS stray AS SELECT 1 AS z").collect()
        #expect(try s.table("stray").columns == ["b"])
        // A failed CTAS leaves nothing behind.
        #expect(errorClass { try s.sql("CREATE TABLE bad AS SELECT 1 AS a, 2 AS a").collect() } == "COLUMN_ALREADY_EXISTS")
        #expect(!exists((dir as NSString).appendingPathComponent("bad")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["stray"])
    }

    @Test func corruptMetadataIsSkippedWithAWarning() throws {
        let dir = warehouse()
        do {
            let s = try Session(threads: 1, warehouse: dir)
            try s.sql("CREATE TABLE good AS SELECT 1 AS a").collect()
            try s.sql("CREATE TABLE broken (a INT)").collect()
            try s.sql("CREATE TABLE oddtype (a INT)").collect()
        }
        let broken = (dir as NSString).appendingPathComponent("broken")
        try "{ not json".write(toFile: (broken as NSString).appendingPathComponent("_dataflow_table.json"), atomically: true, encoding: .utf8)
        let odd = (dir as NSString).appendingPathComponent("oddtype/_dataflow_table.json")
        let text = try String(contentsOfFile: odd, encoding: .utf8).replacingOccurrences(of: "\"int\"", with: "\"hyperint\"")
        try text.write(toFile: odd, atomically: true, encoding: .utf8)
        // A folder with no metadata is not a table.
        try FileManager.default.createDirectory(atPath: (dir as NSString).appendingPathComponent("other"), withIntermediateDirectories: true)

        let s2 = try Session(threads: 1, warehouse: dir)
        #expect(s2.catalog.listTables().map(\.name) == ["good"])
        #expect(s2.warehouseWarnings.count == 2)
        #expect(s2.warehouseWarnings.first?.contains(broken) == true)
        #expect(s2.warehouseWarnings.last?.contains("hyperint") == true)
        #expect(try rows(s2.sql("SELECT a FROM good")) == [[.int32(1)]])
        // The skipped folder is still there, so its name cannot be reused by accident.
        #expect(errorClass { try s2.sql("CREATE TABLE broken (a INT)").collect() } == "LOCATION_ALREADY_EXISTS")
    }

    @Test func aWarehouseThatIsAFileIsAnError() throws {
        let file = tempPath("file")
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(errorClass { _ = try Session(threads: 1, warehouse: file) } == "IO_ERROR")
    }

    @Test func noWarehouseKeepsManagedTablesInMemory() throws {
        let s = try Session(threads: 1, warehouse: nil)
        #expect(s.warehouse == nil && Session().warehouse == nil)
        try s.sql("CREATE TABLE m AS SELECT 1 AS a").collect()
        try s.sql("INSERT INTO m VALUES (2)").collect()
        #expect(try rows(s.sql("SELECT a FROM m ORDER BY a")) == [[.int32(1)], [.int32(2)]])
        #expect(s.catalog.listTables().map(\.tableType) == ["MANAGED"])
        try s.sql("DROP TABLE m").collect()
        #expect(!s.catalog.tableExists("m"))
    }
}
