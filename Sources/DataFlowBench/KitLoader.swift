import DataFlow
import DataFlowFormats
import Foundation

/// Loads a benchmark kit data folder into memory as temporary views, the way the kit's `ENGINE_CMD`
/// contract asks: every `DIR/<table>.parquet` names a table.
///
/// Each table is read from its Parquet file, its columns cast to the kit's documented types
/// (`KitSchemas`) where the file's differ (a table the kit does not document keeps the file's types).
///
/// ```swift
/// let session = Session(threads: 2)
/// let tables = try KitLoader.loadSuite(session, suite: "tpch", data: "/data/tpch/sf0.1")
/// let df = try session.sql("SELECT count(*) FROM lineitem")
/// ```
public enum KitLoader {
    /// The tables of `dir`: the stems of its `*.parquet` files, sorted.
    public static func tableNames(in dir: String) throws -> [String] {
        let files: [String]
        do { files = try FileManager.default.contentsOfDirectory(atPath: dir) } catch {
            throw DataFlowError.io("cannot list the data folder \(dir): \(error.localizedDescription)")
        }
        let names = files.filter { $0.hasSuffix(".parquet") }.map { String($0.dropLast(".parquet".count)) }.sorted()
        guard !names.isEmpty else {
            throw DataFlowError.invalid("no <table>.parquet files in \(dir); is this one of the kit's data folders?")
        }
        return names
    }

    /// Loads every table of `dir` fully into memory and registers each as a temporary view named
    /// after it. Returns the table names and their row counts.
    @discardableResult
    public static func loadSuite(_ session: Session, suite: String, data dir: String) throws -> [(table: String, rows: Int)] {
        var loaded: [(table: String, rows: Int)] = []
        for table in try tableNames(in: dir) {
            let df = try loadTable(session, suite: suite, table: table, data: dir)
            try df.createOrReplaceTempView(table)
            loaded.append((table, Int(try df.count())))
        }
        return loaded
    }

    /// One table of the suite, in memory: `DIR/<table>.parquet` with the kit's types.
    public static func loadTable(_ session: Session, suite: String, table: String, data dir: String) throws -> DataFrame {
        let path = dir + "/" + table + ".parquet"
        var df = try session.read.parquet(path)
        if let ddl = KitSchemas.ddl(suite: suite, table: table) {
            let want = try Schema(ddl: ddl)
            let have = try df.schema
            guard have.names.map({ $0.lowercased() }) == want.names.map({ $0.lowercased() }) else {
                throw DataFlowError.invalid("\(path): columns \(have.names.joined(separator: ",")) do not match the kit's schema (\(want.names.joined(separator: ",")))")
            }
            if have.fields.map(\.type) != want.fields.map(\.type) {
                df = try df.select(zip(have.fields, want.fields).map { h, w in
                    h.type == w.type ? col(h.name) : col(h.name).cast(w.type).alias(w.name)
                })
            }
        }
        let schema = try df.schema
        return session.createDataFrame(try df.collectBatches(), schema: schema)
    }

    /// Reads one CSV file (header row) fully into memory: with the given DDL, or inferring types when
    /// `ddl` is nil. A value that does not parse as its column's type fails the read.
    public static func readIntoMemory(_ session: Session, path: String, ddl: String?) throws -> DataFrame {
        var reader = session.read.format("csv").option("header", true).option("mode", "FAILFAST")
        if let ddl { reader = try reader.schema(ddl) } else { reader = reader.option("inferSchema", true) }
        let df = try reader.load(path)
        let schema = try df.schema
        if ddl != nil { try checkHeader(path: path, names: schema.names) }
        return session.createDataFrame(try df.collectBatches(), schema: schema)
    }

    /// The CSV reader maps a given schema by position; make sure the header names the same columns.
    static func checkHeader(path: String, names expected: [String]) throws {
        let names = try CSVSource.headerNames(ofFile: path)
        guard names == expected else {
            throw DataFlowError.invalid("\(path): header \(names.joined(separator: ",")) does not match the kit's schema (\(expected.joined(separator: ",")))")
        }
    }
}
