import DataFlowColumnar
import DataFlowEngine
import DataFlowFormats
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

    public func mode(_ m: SaveMode) -> DataFrameWriter { var w = self; w.saveMode = m; return w }
    public func mode(_ m: String) throws -> DataFrameWriter {
        guard let s = SaveMode(spark: m) else {
            throw DataFlowError.invalid("unknown save mode '\(m)'; use error, errorifexists, overwrite, append or ignore")
        }
        return mode(s)
    }
    public func option(_ key: String, _ value: String) -> DataFrameWriter { var w = self; w.options.append((key, value)); return w }
    public func option(_ key: String, _ value: Bool) -> DataFrameWriter { option(key, value ? "true" : "false") }

    public func csv(_ path: String, mode: SaveMode? = nil, header: Bool? = nil) throws {
        var w = self
        if let mode { w.saveMode = mode }
        if let header { w = w.option("header", header) }
        var opts = CSVWriteOptions()
        var single = false
        for (k, v) in w.options {
            if k.lowercased() == "singlefile" { single = v.lowercased() == "true"; continue }
            try opts.set(k, v)
        }
        let fm = FileManager.default
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: path, isDirectory: &isDir)
        if exists {
            switch w.saveMode {
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
        let qe = try frame.queryExecution()
        let schema = qe.schema
        let batches = try qe.physical.execute(frame.session.context())
        if single {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty { try? fm.createDirectory(atPath: parent, withIntermediateDirectories: true) }
            try CSVWriter.write(batches, schema: schema, to: path, options: opts)
            return
        }
        do { try fm.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw DataFlowError.io("cannot create folder \(path): \(error.localizedDescription)")
        }
        // One part file per ~1M rows; unique names so that appends never collide.
        let tag = String(UInt64.random(in: 0..<UInt64.max), radix: 16)
        var part = 0, start = 0
        let perFile = 16
        repeat {
            let chunk = Array(batches[start..<min(batches.count, start + perFile)])
            let file = (path as NSString).appendingPathComponent(String(format: "part-%05d-%@.csv", part, tag))
            try CSVWriter.write(chunk, schema: schema, to: file, options: opts)
            part += 1
            start += perFile
        } while start < batches.count
        fm.createFile(atPath: (path as NSString).appendingPathComponent("_SUCCESS"), contents: Data())
    }
}
