import DataFlowColumnar
import DataFlowEngine
import DataFlowFormats
import DataFlowSQL
import Foundation

/// What `write` does when the target exists (Spark's `SaveMode`).
public enum SaveMode: String, Sendable {
    case errorIfExists = "error", overwrite, append, ignore

    public init?(spark: String) {
        switch spark.lowercased() {
        case "error", "errorifexists", "default": self = .errorIfExists
        case "overwrite": self = .overwrite
        case "append": self = .append
        case "ignore": self = .ignore
        default: return nil
        }
    }
}

/// `df.write`: mode and options, then a format. CSV output is a folder of part files plus `_SUCCESS`,
/// as Spark writes it, or one file with `.option("singleFile", true)`.
public struct DataFrameWriter: Sendable {
    let frame: DataFrame
    var saveMode: SaveMode = .errorIfExists
    var options: [(String, String)] = []
    var formatName: String?
    /// `partitionBy` columns: Delta partitions by them; file formats get Hive-style `key=value/` folders.
    var partitionColumns: [String] = []

    public func mode(_ m: SaveMode) -> DataFrameWriter { var w = self; w.saveMode = m; return w }
    public func mode(_ m: String) throws -> DataFrameWriter {
        guard let s = SaveMode(spark: m) else {
            throw DataFlowError.invalid("unknown save mode '\(m)'; use error, errorifexists, overwrite, append or ignore")
        }
        return mode(s)
    }
    public func option(_ key: String, _ value: String) -> DataFrameWriter { var w = self; w.options.append((key, value)); return w }
    public func option(_ key: String, _ value: Bool) -> DataFrameWriter { option(key, value ? "true" : "false") }

    /// The format `save` writes (`"csv"`; Spark's default when none is given is parquet, which is not
    /// available yet).
    public func format(_ name: String) -> DataFrameWriter { var w = self; w.formatName = name; return w }

    /// Partitions the output by these columns (`key=value/` folders).
    public func partitionBy(_ cols: String...) -> DataFrameWriter { partitionBy(cols) }
    public func partitionBy(_ cols: [String]) -> DataFrameWriter { var w = self; w.partitionColumns = cols; return w }

    public func csv(_ path: String, mode: SaveMode? = nil, header: Bool? = nil) throws {
        var w = format("csv")
        if let mode { w.saveMode = mode }
        if let header { w = w.option("header", header) }
        try w.save(path)
    }

    /// Writes a folder of Parquet part files (`part-00000-….snappy.parquet`); `compression` is none,
    /// snappy (the default), gzip or zstd.
    public func parquet(_ path: String, mode: SaveMode? = nil, compression: String? = nil) throws {
        var w = format("parquet")
        if let mode { w.saveMode = mode }
        if let compression { w = w.option("compression", compression) }
        try w.save(path)
    }

    /// Writes JSON lines: one object per row, null fields left out (Spark's defaults).
    ///
    /// ```swift
    /// try df.write.json("out/events", mode: .overwrite)
    /// ```
    public func json(_ path: String, mode: SaveMode? = nil) throws {
        var w = format("json")
        if let mode { w.saveMode = mode }
        try w.save(path)
    }

    /// Writes Arrow IPC files (the file format; `.option("arrowFormat", "stream")` for the streaming format).
    ///
    /// ```swift
    /// try df.write.arrow("out/table", mode: .overwrite)
    /// ```
    public func arrow(_ path: String, mode: SaveMode? = nil) throws {
        var w = format("arrow")
        if let mode { w.saveMode = mode }
        try w.save(path)
    }

    /// Writes the DataFrame as the catalog table `name`, as Spark's `saveAsTable`: a managed table in the
    /// session's warehouse (a Delta table unless `format(...)` says otherwise), or in memory for a session
    /// without a warehouse. The mode decides what happens when the table exists: `.errorIfExists` fails,
    /// `.ignore` does nothing, `.append` inserts the rows (by position, as `INSERT INTO`), `.overwrite`
    /// replaces the table.
    ///
    /// ```swift
    /// let session = try Session(warehouse: "warehouse")
    /// try ratings.write.mode(.overwrite).saveAsTable("ratings")
    /// try session.sql("DELETE FROM ratings WHERE rating < 1").collect()
    /// ```
    public func saveAsTable(_ name: String) throws {
        let session = frame.session
        if session.catalog.tableExists(name) {
            switch saveMode {
            case .errorIfExists: throw session.catalog.tableExistsError(name)
            case .ignore: return
            case .append:
                try session.insert(into: name, columns: [], overwrite: false, query: frame.plan)
                return
            case .overwrite: break
            }
        }
        var d = TableDefinition(name: name, format: formatName, options: options.map { (key: $0.0, value: $0.1) },
                                query: frame.plan, orReplace: saveMode == .overwrite)
        d.partitionedBy = partitionColumns
        try session.createTable(d)
    }

    /// Writes the DataFrame in the chosen format to `path`: a folder of part files, or one file with
    /// `.option("singleFile", true)`.
    ///
    /// ```swift
    /// try df.write.format("csv").option("header", true).mode(.overwrite).save("out/top")
    /// ```
    public func save(_ path: String) throws {
        let format = try DataSourceFormat(named: formatName ?? DataSourceFormat.defaultName)
        if format == .delta {
            try DeltaSource.save(frame, to: path, mode: saveMode, options: self.options, partitionBy: partitionColumns)
            return
        }
        var single = false
        var options: [(String, String)] = []
        for (k, v) in self.options {
            if k.lowercased() == "singlefile" { single = v.lowercased() == "true"; continue }
            options.append((k, v))
        }
        // Bad options fail before anything is removed or run.
        try format.validateWrite(options: options)
        let fm = FileManager.default
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: path, isDirectory: &isDir)
        if exists {
            switch saveMode {
            case .errorIfExists:
                throw DataFlowError("PATH_ALREADY_EXISTS", "Path \(path) already exists. Use mode(.overwrite) to replace it or .append to add to it.")
            case .ignore: return
            case .overwrite:
                do { try fm.removeItem(atPath: path) } catch {
                    throw DataFlowError.io("cannot remove \(path) to overwrite it: \(error.localizedDescription)")
                }
            case .append:
                if single || !isDir.boolValue {
                    throw DataFlowError.invalid("append needs a folder of part files, but \(path) is a single file")
                }
            }
        }
        if single && !partitionColumns.isEmpty {
            throw DataFlowError.invalid("singleFile cannot be combined with partitionBy, which writes a folder per partition")
        }
        let qe = try frame.queryExecution()
        let schema = qe.schema
        let batches = try qe.physical.execute(frame.session.context())
        if !partitionColumns.isEmpty {
            try HivePartitioning.write(batches, schema: schema, partitionBy: partitionColumns, folder: path, format: format, options: options)
            return
        }
        if single {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty { try? fm.createDirectory(atPath: parent, withIntermediateDirectories: true) }
            try format.writeFile(batches, schema: schema, to: path, options: options)
            return
        }
        try format.writeParts(batches, schema: schema, folder: path, options: options)
    }
}
