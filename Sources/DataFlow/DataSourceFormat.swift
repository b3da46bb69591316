import DataFlowColumnar
import DataFlowEngine
import DataFlowFormats
import DataFlowTables
import Foundation

/// The file formats DataFlow reads and writes, chosen by name — `read.format("csv")`,
/// `write.format("csv")`, SQL's `USING csv` — in this one place. A new format adds a case here and its
/// reader and writer below; nothing else chooses a format.
public enum DataSourceFormat: String, Sendable {
    case csv
    case parquet
    case json
    /// Arrow IPC: the file format (`ARROW1`) or the streaming format, told apart by the magic on read.
    case arrow
    /// A Delta Lake table (a folder with `_delta_log/`): read here, written by `DataFrameWriter.save`.
    case delta

    /// Formats Spark users will ask for that come with the storage layer.
    static let planned: Set<String> = ["orc", "avro", "text"]

    /// Spark's default for `load`/`save` without a format (`spark.sql.sources.default`).
    static let defaultName = "parquet"

    /// The format called `name` (case-insensitive, as Spark spells it).
    public init(named name: String) throws {
        switch name.lowercased() {
        case "csv", "com.databricks.spark.csv": self = .csv
        case "parquet", "org.apache.spark.sql.parquet": self = .parquet
        case "json": self = .json
        case "arrow", "ipc", "feather": self = .arrow
        case "delta": self = .delta
        case let n where DataSourceFormat.planned.contains(n):
            throw DataFlowError("UNSUPPORTED_DATA_SOURCE",
                                "The data source format '\(name)' is not available yet (it comes with the storage layer); use csv, parquet, json or arrow.")
        default:
            throw DataFlowError("DATA_SOURCE_NOT_FOUND", "Failed to find the data source '\(name)'. Available: csv, parquet, json, arrow, delta.")
        }
    }

    /// The name part files get.
    var fileExtension: String {
        switch self {
        case .csv: return ".csv"
        case .parquet: return ".parquet"
        case .json: return ".json"
        case .arrow: return ".arrow"
        case .delta: return ".parquet"
        }
    }

    /// The end of a part file's name: Spark names Parquet parts `….snappy.parquet` after their codec.
    func partSuffix(_ options: WriteOptions) -> String {
        switch options {
        case .csv: return fileExtension
        case .parquet(let o): return o.compression.fileTag.map { ".\($0)" + fileExtension } ?? fileExtension
        // Compressed JSON parts are named `.json.gz`.
        case .json(let o): return fileExtension + (o.gzip ? ".gz" : "")
        case .arrow, .delta: return fileExtension
        }
    }

    /// Files as a table: `paths` are files, folders of part files or globs. With `lenient`, options that
    /// only the writer knows are skipped (a table's options serve both reading and writing).
    func table(paths: [String], options: [(String, String)], schema: Schema?, lenient: Bool = false) throws -> any TableProvider {
        switch self {
        case .csv:
            return try CSVTable(paths: paths, options: Self.csvReadOptions(options, lenient: lenient), schema: schema)
        case .parquet:
            let _: ParquetReadOptions = try Self.parse(options, lenient: lenient, otherSide: ParquetWriteOptions.self)
            return try ParquetTable(paths: paths, schema: schema)
        case .json:
            return try JSONTable(paths: paths, options: Self.parse(options, lenient: lenient, otherSide: JSONWriteOptions.self) as JSONReadOptions,
                                 schema: schema)
        case .arrow:
            _ = try Self.parse(options, lenient: lenient, otherSide: ArrowWriteOptions.self) as ArrowReadOptions
            return try ArrowTable(paths: paths, schema: schema)
        case .delta:
            return try DeltaSource.table(paths: paths, options: options, schema: schema)
        }
    }

    /// Writes `batches` as one file at `path`. With `lenient`, options only the reader knows are skipped.
    func writeFile(_ batches: [RecordBatch], schema: Schema, to path: String, options: [(String, String)], lenient: Bool = false) throws {
        try writeFile(batches, schema: schema, to: path, options: writeOptions(options, lenient: lenient))
    }

    private func writeFile(_ batches: [RecordBatch], schema: Schema, to path: String, options: WriteOptions) throws {
        switch options {
        case .csv(let o): try CSVWriter.write(batches, schema: schema, to: path, options: o)
        case .parquet(let o): try ParquetWriter.write(batches, schema: schema, to: path, options: o)
        case .json(let o): try JSONWriter.write(batches, schema: schema, to: path, options: o)
        case .arrow(let o): try ArrowWriter.write(batches, schema: schema, to: path, options: o)
        case .delta: throw DeltaSource.notAFileFormat()
        }
    }

    /// Checks options for writing (strictly: a reader-only option is an error here).
    func validateWrite(options: [(String, String)]) throws {
        switch self {
        case .csv: _ = try Self.csvWriteOptions(options, lenient: false)
        case .parquet: let _: ParquetWriteOptions = try Self.parse(options, lenient: false, otherSide: ParquetReadOptions.self)
        case .json, .arrow: _ = try writeOptions(options, lenient: false)
        case .delta: _ = try DeltaSource.writeOptions(options)
        }
    }

    /// Checks a table's options: each must mean something to the reader or the writer.
    func validate(options: [(String, String)]) throws {
        switch self {
        case .csv: _ = try Self.csvReadOptions(options, lenient: true)  // the reader's error names the option
        case .parquet: let _: ParquetReadOptions = try Self.parse(options, lenient: true, otherSide: ParquetWriteOptions.self)
        case .json: _ = try Self.parse(options, lenient: true, otherSide: JSONWriteOptions.self) as JSONReadOptions
        case .arrow: _ = try Self.parse(options, lenient: true, otherSide: ArrowWriteOptions.self) as ArrowReadOptions
        case .delta: try DeltaSource.validate(options)
        }
    }

    /// A write's options, parsed once for all of its part files.
    enum WriteOptions {
        case csv(CSVWriteOptions)
        case parquet(ParquetWriteOptions)
        case json(JSONWriteOptions)
        case arrow(ArrowWriteOptions)
        case delta
    }

    /// `options` parsed for this format's writer. With `lenient`, options only the reader knows are skipped.
    func writeOptions(_ options: [(String, String)], lenient: Bool) throws -> WriteOptions {
        switch self {
        case .csv: return .csv(try Self.csvWriteOptions(options, lenient: lenient))
        case .parquet: return .parquet(try Self.parse(options, lenient: lenient, otherSide: ParquetReadOptions.self))
        case .json: return .json(try Self.parse(options, lenient: lenient, otherSide: JSONReadOptions.self))
        case .arrow: return .arrow(try Self.parse(options, lenient: lenient, otherSide: ArrowReadOptions.self))
        case .delta: return .delta
        }
    }

    /// The CSV reader's options. With `lenient`, an option only the writer knows is skipped.
    static func csvReadOptions(_ options: [(String, String)], lenient: Bool) throws -> CSVReadOptions {
        try parse(options, lenient: lenient, otherSide: CSVWriteOptions.self)
    }

    /// The CSV writer's options. With `lenient`, an option only the reader knows is skipped.
    static func csvWriteOptions(_ options: [(String, String)], lenient: Bool) throws -> CSVWriteOptions {
        try parse(options, lenient: lenient, otherSide: CSVReadOptions.self)
    }

    /// Sets each option in order; one this side rejects throws its error, unless `lenient` and the other
    /// side (reader or writer) accepts it.
    private static func parse<Side: SettableOptions, Other: SettableOptions>(_ options: [(String, String)], lenient: Bool,
                                                                 otherSide: Other.Type) throws -> Side {
        var o = Side()
        for (k, v) in options {
            do { try o.set(k, v) } catch let e as DataFlowError {
                var other = Other()
                if lenient, (try? other.set(k, v)) != nil { continue }
                throw e
            }
        }
        return o
    }

    /// Writes `batches` as new part files in `folder` (created if missing) plus `_SUCCESS`, as Spark lays
    /// out its output; the part names are unique, so appending never overwrites earlier parts. When a
    /// write fails, the parts already written are removed: the folder keeps only what it had.
    /// Returns the names of the files written.
    @discardableResult
    func writeParts(_ batches: [RecordBatch], schema: Schema, folder: String, options: [(String, String)], lenient: Bool = false) throws -> [String] {
        let fm = FileManager.default
        do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw DataFlowError.io("cannot create folder \(folder): \(error.localizedDescription)")
        }
        let parsed = try writeOptions(options, lenient: lenient)
        // One part file per 16 batches (~1M rows).
        let tag = String(UInt64.random(in: 0..<UInt64.max), radix: 16)
        var part = 0, start = 0
        let perFile = 16
        var written: [String] = []
        do {
            repeat {
                let chunk = Array(batches[start..<min(batches.count, start + perFile)])
                let name = String(format: "part-%05d-%@", part, tag) + partSuffix(parsed)
                let file = (folder as NSString).appendingPathComponent(name)
                written.append(name)
                try writeFile(chunk, schema: schema, to: file, options: parsed)
                part += 1
                start += perFile
            } while start < batches.count
        } catch {
            for n in written { try? fm.removeItem(atPath: (folder as NSString).appendingPathComponent(n)) }
            throw error
        }
        _ = fm.createFile(atPath: (folder as NSString).appendingPathComponent("_SUCCESS"), contents: Data())
        return written
    }

    /// Removes the data files a folder holds in this format (and `_SUCCESS`), keeping anything else and
    /// the files named in `keeping`.
    func removeDataFiles(in folder: String, keeping: Set<String> = []) throws {
        let fm = FileManager.default
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: folder) } catch {
            throw DataFlowError.io("cannot list \(folder): \(error.localizedDescription)")
        }
        for n in names where !keeping.contains(n) && (n == "_SUCCESS" || (!n.hasPrefix(".") && !n.hasPrefix("_") && isDataFile(n))) {
            let path = (folder as NSString).appendingPathComponent(n)
            do { try fm.removeItem(atPath: path) } catch {
                throw DataFlowError.io("cannot remove \(path): \(error.localizedDescription)")
            }
        }
    }

    func isDataFile(_ name: String) -> Bool {
        switch self {
        case .csv: return CSVSource.fileExtensions.contains { name.lowercased().hasSuffix($0) }
        case .parquet: return name.lowercased().hasSuffix(".parquet")
        case .json: return JSONSource.fileExtensions.contains { name.lowercased().hasSuffix($0) }
        case .arrow: return ArrowFile.fileExtensions.contains { name.lowercased().hasSuffix($0) }
        case .delta: return name.lowercased().hasSuffix(".parquet")
        }
    }
}

/// Reader or writer options, set one at a time by Spark's option names.
private protocol SettableOptions {
    init()
    mutating func set(_ key: String, _ value: String) throws
}

extension CSVReadOptions: SettableOptions {}
extension CSVWriteOptions: SettableOptions {}
extension ParquetReadOptions: SettableOptions {}
extension ParquetWriteOptions: SettableOptions {}
extension JSONReadOptions: SettableOptions {}
extension JSONWriteOptions: SettableOptions {}
extension ArrowReadOptions: SettableOptions {}
extension ArrowWriteOptions: SettableOptions {}
