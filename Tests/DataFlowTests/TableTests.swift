import DataFlow
import Foundation
import Testing

/// SQL tables through the API: the catalog's view of them, INSERT's store assignment, and the files
/// external tables read and write.
@Suite struct TableTests {
    let fixtures: String
    init() throws {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw DataFlowError.io("test fixtures not found in the bundle")
        }
        fixtures = url.appendingPathComponent("movielens").path
    }

    @Test func listTablesReportsTablesAndViews() throws {
        let s = Session(threads: 1)
        let folder = tempPath("ext")
        try s.sql("CREATE TABLE m (a INT)").collect()
        try s.sql("CREATE TABLE e (a INT) USING csv LOCATION '\(folder)'").collect()
        try s.range(2).createOrReplaceTempView("v")
        #expect(s.catalog.listTables().map { "\($0.name) \($0.isTemporary) \($0.tableType)" }
                == ["e false EXTERNAL", "m false MANAGED", "v true TEMPORARY"])
        #expect(s.catalog.tableExists("M") && s.catalog.tableExists("default.e"))
        // The folder is made for a table with declared columns.
        var isDir: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: folder, isDirectory: &isDir) && isDir.boolValue)
        // session.table and SQL both see tables, by any case and as default.<name>.
        #expect(try s.table("M").columns == ["a"])
        #expect(try rows(s.sql("SELECT count(*) FROM default.m")) == [[.int64(0)]])
        let e = dataFlowError { _ = try s.table("mm") }
        #expect(e?.errorClass == "TABLE_OR_VIEW_NOT_FOUND")
        #expect(e?.message.contains("did you mean `m`") == true)
    }

    @Test func insertCastsByStoreAssignment() throws {
        let s = Session(threads: 1)
        try s.sql("CREATE TABLE t (i INT, l BIGINT, d DECIMAL(5,2), x DOUBLE, s STRING, ts TIMESTAMP)").collect()
        // 7.9 → 7 (truncated), 3 → 3L, 1.005 → 1.01 (rounded half up to scale 2), 2 → 2.0, 42 → '42',
        // DATE 1970-01-02 → midnight, 86 400 000 000 µs.
        try s.sql("INSERT INTO t VALUES (7.9, 3, 1.005, 2, 42, DATE '1970-01-02')").collect()
        #expect(try rows(s.sql("SELECT * FROM t")) ==
                [[.int32(7), .int64(3), .decimal(101, precision: 5, scale: 2), .double(2), .string("42"), .timestamp(86_400_000_000)]])

        let overflow = dataFlowError { try s.sql("INSERT INTO t (d) VALUES (1234.5)").collect() }
        #expect(overflow?.errorClass == "CAST_OVERFLOW_IN_TABLE_INSERT")
        #expect(overflow?.message.contains("column `d` of table `t`") == true)

        let incompatible = dataFlowError { try s.sql("INSERT INTO t (i) VALUES (true)").collect() }
        #expect(incompatible?.errorClass == "INCOMPATIBLE_DATA_FOR_TABLE")
        #expect(incompatible?.message.contains("BOOLEAN to INT for column `i`") == true)

        let arity = dataFlowError { try s.sql("INSERT INTO t SELECT 1, 2").collect() }
        #expect(arity?.errorClass == "INSERT_COLUMN_ARITY_MISMATCH")
        #expect(arity?.message.contains("not enough data columns") == true)
        #expect(arity?.message.contains("Table columns: `i`, `l`, `d`, `x`, `s`, `ts`") == true)
        #expect(try s.table("t").count() == 1)
    }

    @Test func insertReturnsNothingAndTablesAreLive() throws {
        let s = Session(threads: 2)
        try s.sql("CREATE TABLE n (k STRING, v INT)").collect()
        let before = try s.table("n")
        let result = try s.sql("INSERT INTO n VALUES ('a', 1), ('b', 2), ('a', 3)")
        #expect(try result.columns.isEmpty && result.collect().isEmpty)
        // A DataFrame made before the INSERT reads the table when it runs, and a cached one is refreshed.
        let cached = try before.groupBy("k").agg(sum("v").as("s")).orderBy("k").cache()
        #expect(try rows(cached) == [[.string("a"), .int64(4)], [.string("b"), .int64(2)]])
        try s.sql("INSERT INTO n VALUES ('b', 10)").collect()
        #expect(try rows(cached) == [[.string("a"), .int64(4)], [.string("b"), .int64(12)]])
        try s.sql("INSERT OVERWRITE n SELECT 'c', 5").collect()
        #expect(try rows(before) == [[.string("c"), .int32(5)]])
    }

    @Test func createTableAsSelectWritesCSVFiles() throws {
        let s = Session(threads: 2)
        let folder = tempPath("ctas")
        try s.sql("""
            CREATE TABLE squares USING csv LOCATION '\(folder)'
            AS SELECT id, id * id AS sq FROM range(1, 5)
            """).collect()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names.first == "_SUCCESS")
        #expect(names.count == 2 && names.dropFirst().allSatisfy { $0.hasPrefix("part-") && $0.hasSuffix(".csv") })
        // The files have a header (recorded in the table's options) and read back with the plain reader.
        let back = try s.read.csv(folder, header: true, inferSchema: true)
        #expect(try back.columns == ["id", "sq"])
        #expect(try rows(back.orderBy("id")) == [[.int32(1), .int32(1)], [.int32(2), .int32(4)], [.int32(3), .int32(9)], [.int32(4), .int32(16)]])
        // The table keeps the query's types (bigint), not what inference would give.
        #expect(try rows(s.sql("SELECT sum(sq) FROM squares")) == [[.int64(30)]])
        try s.sql("INSERT INTO squares VALUES (5, 25)").collect()
        #expect(try back.count() == 4)  // a DataFrame from read.csv listed its files when it was made
        #expect(try s.read.csv(folder, header: true).count() == 5)
        // DROP TABLE keeps an external table's files.
        try s.sql("DROP TABLE squares").collect()
        #expect(!s.catalog.tableExists("squares"))
        #expect(try s.read.csv(folder, header: true).count() == 5)
        let again = dataFlowError { try s.sql("CREATE TABLE sq2 USING csv LOCATION '\(folder)' AS SELECT 1 AS x").collect() }
        #expect(again?.errorClass == "LOCATION_ALREADY_EXISTS")
    }

    @Test func externalTableOverAFixture() throws {
        let s = Session(threads: 2)
        try s.sql("CREATE TABLE movies USING csv OPTIONS (header 'true', inferSchema 'true') LOCATION '\(fixtures)/movies.csv'").collect()
        #expect(try s.table("movies").dtypes.map { "\($0.0) \($0.1)" } == ["movieId int", "title string", "genres string"])
        // movies.csv: 156 lines, a header and 155 movies; the smallest id is the first row's.
        #expect(try rows(s.sql("SELECT count(*), min(movieId) FROM movies")) == [[.int64(155), .int32(2)]])
        #expect(try rows(s.sql("SELECT title, genres FROM movies WHERE movieId = 27")) ==
                [[.string("Little \"Mirror\" (2019)"), .string("Comedy|Crime")]])
        let e = dataFlowError { try s.sql("INSERT INTO movies VALUES (1, 'x', 'y')").collect() }
        #expect(e?.errorClass == "UNSUPPORTED_INSERT")
        #expect(e?.message.contains("single file") == true)
    }

    @Test func formatsAreChosenByName() throws {
        let s = Session(threads: 1)
        let folder = tempPath("fmt")
        try s.range(3).write.format("CSV").option("header", true).save(folder)
        let back = try s.read.format("csv").option("header", true).option("inferSchema", true).load(folder)
        #expect(try rows(back.orderBy("id")) == [[.int32(0)], [.int32(1)], [.int32(2)]])
        // A folder of CSV parts holds no Parquet files.
        let parquet = dataFlowError { _ = try s.read.format("parquet").load(folder) }
        #expect(parquet?.errorClass == "UNABLE_TO_INFER_SCHEMA")
        // Spark's default format, when none is given, is parquet.
        #expect(errorClass { _ = try s.read.load(folder) } == "UNABLE_TO_INFER_SCHEMA")
        let pq = tempPath("pq")
        try s.range(3).write.save(pq)
        #expect(try rows(s.read.load(pq).orderBy("id")) == [[.int64(0)], [.int64(1)], [.int64(2)]])
        #expect(errorClass { try s.range(1).write.format("orc").save(tempPath("x")) } == "UNSUPPORTED_DATA_SOURCE")
        #expect(errorClass { try s.range(1).write.format("xml2").save(tempPath("x")) } == "DATA_SOURCE_NOT_FOUND")
        #expect(errorClass { try s.sql("CREATE TABLE j (a INT) USING orc").collect() } == "UNSUPPORTED_DATA_SOURCE")
    }

    @Test func viewsAndTablesKeepTheirCommands() throws {
        let s = Session(threads: 1)
        try s.sql("CREATE TABLE t (a INT)").collect()
        try s.sql("CREATE VIEW w AS SELECT 1 AS a").collect()
        let dropView = dataFlowError { try s.sql("DROP VIEW t").collect() }
        #expect(dropView?.errorClass == "WRONG_COMMAND_FOR_OBJECT_TYPE")
        #expect(dropView?.message.contains("Use DROP TABLE t") == true)
        #expect(errorClass { try s.sql("INSERT INTO w VALUES (2)").collect() } == "EXPECT_TABLE_NOT_VIEW")
        #expect(s.catalog.tableExists("t"))
        try s.sql("DROP TABLE t").collect()
        #expect(!s.catalog.tableExists("t"))
        #expect(s.catalog.tableExists("w"))
    }
}

@Suite struct TableFileTests {
    @Test func insertIntoAFolderThatWasRemoved() throws {
        let s = Session(threads: 1)
        let folder = tempPath("gone")
        try s.sql("CREATE TABLE g (a INT) USING csv LOCATION '\(folder)'").collect()
        try FileManager.default.removeItem(atPath: folder)
        let e = dataFlowError { try s.sql("INSERT INTO g VALUES (1)").collect() }
        #expect(e?.errorClass == "PATH_NOT_FOUND")
        #expect(e?.message.contains("table `g`") == true)
    }

    @Test func insertOverwriteKeepsOtherFiles() throws {
        let s = Session(threads: 1)
        let folder = tempPath("keep")
        try s.sql("CREATE TABLE k (a INT) USING csv LOCATION '\(folder)'").collect()
        try s.sql("INSERT INTO k VALUES (1), (2)").collect()
        try Data("notes".utf8).write(to: URL(fileURLWithPath: folder + "/README.txt"))
        try s.sql("INSERT OVERWRITE k VALUES (3)").collect()
        #expect(try rows(s.sql("SELECT a FROM k")) == [[.int32(3)]])
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names.count == 3 && names[0] == "README.txt" && names[1] == "_SUCCESS" && names[2].hasPrefix("part-00000-"))
    }
}
