import DataFlowColumnar
import DataFlowEngine
import DataFlowFormats
import Foundation

/// The file formats DataFlow reads and writes, chosen by name — `read.format("csv")`,
/// `write.format("csv")`, SQL's `USING csv` — in this one place. A new format adds a case here and its
/// reader and writer below; nothing else chooses a format.
public enum DataSourceFormat: String, Sendable {
    case csv

    /// Formats Spark users will ask for that come with the storage layer.
    static let planned: Set<String> = ["parquet", "json", "delta", "arrow", "orc", "avro", "text"]

    /// Spark's default for `load`/`save` without a format (`spark.sql.sources.default`).
    static let defaultName = "parquet"

    /// The format called `name` (case-insensitive, as Spark spells it).
    public init(named name: String) throws {
        switch name.lowercased() {
        case "csv", "com.databricks.spark.csv": self = .csv
        case let n where DataSourceFormat.planned.contains(n):
            throw DataFlowError("UNSUPPORTED_DATA_SOURCE",
                                "The data source format '\(name)' is not available yet (it comes with the storage layer); use csv, which is.")
        default:
            throw DataFlowError("DATA_SOURCE_NOT_FOUND", "Failed to find the data source '\(name)'. Available: csv.")
        }
    }

    /// The name part files get.
    var fileExtension: String {
        switch self {
        case .csv: return ".csv"
        }
    }

    /// Files as a table: `paths` are files, folders of part files or globs. With `lenient`, options that
    /// only the writer knows are skipped (a table's options serve both reading and writing).
    func table(paths: [String], options: [(String, String)], schema: Schema?, lenient: Bool = false) throws -> any TableProvider {
        switch self {
        case .csv:
            var o = CSVReadOptions()
            for (k, v) in options {
                do { try o.set(k, v) } catch let e as DataFlowError {
                    var w = CSVWriteOptions()
                    if lenient, (try? w.set(k, v)) != nil { continue }
                    throw e
                }
            }
            return try CSVTable(paths: paths, options: o, schema: schema)
        }
    }

    /// Writes `batches` as one file at `path`. With `lenient`, options only the reader knows are skipped.
    func writeFile(_ batches: [RecordBatch], schema: Schema, to path: String, options: [(String, String)], lenient: Bool = false) throws {
        switch self {
        case .csv:
            var o = CSVWriteOptions()
            for (k, v) in options {
                do { try o.set(k, v) } catch let e as DataFlowError {
                    var r = CSVReadOptions()
                    if lenient, (try? r.set(k, v)) != nil { continue }
                    throw e
                }
            }
            try CSVWriter.write(batches, schema: schema, to: path, options: o)
        }
    }

    /// Checks options for writing (strictly: a reader-only option is an error here).
    func validateWrite(options: [(String, String)]) throws {
        switch self {
        case .csv:
            var w = CSVWriteOptions()
            for (k, v) in options { try w.set(k, v) }
        }
    }

    /// Checks a table's options: each must mean something to the reader or the writer.
    func validate(options: [(String, String)]) throws {
        switch self {
        case .csv:
            for (k, v) in options {
                var r = CSVReadOptions(), w = CSVWriteOptions()
                if (try? r.set(k, v)) != nil || (try? w.set(k, v)) != nil { continue }
                try r.set(k, v)  // throws the reader's error, which names the option
            }
        }
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
        // One part file per 16 batches (~1M rows).
        let tag = String(UInt64.random(in: 0..<UInt64.max), radix: 16)
        var part = 0, start = 0
        let perFile = 16
        var written: [String] = []
        do {
            repeat {
                let chunk = Array(batches[start..<min(batches.count, start + perFile)])
                let name = String(format: "part-%05d-%@", part, tag) + fileExtension
                let file = (folder as NSString).appendingPathComponent(name)
                written.append(name)
                try writeFile(chunk, schema: schema, to: file, options: options, lenient: lenient)
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
        }
    }
}
