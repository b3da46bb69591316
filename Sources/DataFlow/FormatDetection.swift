import DataFlowColumnar
import Foundation

extension DataFrameReader {
    /// Reads a file or folder in whatever format it is in, as DuckDB's `FROM 'file'` does: a folder with
    /// `_delta_log/` is a Delta table; otherwise the extension decides (`.parquet`, `.csv`/`.tsv`,
    /// `.json`/`.jsonl`/`.ndjson`, `.arrow`/`.arrows`/`.feather`, each optionally `.gz`), or for a
    /// folder the extension of its data files, or the file's first bytes. CSV is read with a header and
    /// inferred types. Options set on the reader apply.
    ///
    /// ```swift
    /// let ratings = try session.read.autodetect("data/ratings.parquet")
    /// ```
    public func autodetect(_ path: String) throws -> DataFrame {
        let name = try DataFrameReader.detectFormat(path)
        var r = format(name)
        if name == "csv" {
            let set = Set(options.map { $0.0.lowercased() })
            if !set.contains("header") { r = r.option("header", true) }
            if !set.contains("inferschema") { r = r.option("inferSchema", true) }
        }
        return try r.load(path)
    }

    /// The format name `autodetect` picks for `path`.
    public static func detectFormat(_ path: String) throws -> String {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
            throw DataFlowError("PATH_NOT_FOUND", "Path does not exist: \(path)")
        }
        if !isDir.boolValue {
            return formatByName(path) ?? formatBySniffing(path)
        }
        if fm.fileExists(atPath: (path as NSString).appendingPathComponent("_delta_log")) { return "delta" }
        // The first data file, looking into partition folders (`key=value`).
        var queue = [path]
        while let dir = queue.first {
            queue.removeFirst()
            let names = ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).sorted()
            for n in names where !n.hasPrefix(".") && !n.hasPrefix("_") {
                let p = (dir as NSString).appendingPathComponent(n)
                var sub: ObjCBool = false
                guard fm.fileExists(atPath: p, isDirectory: &sub) else { continue }
                if sub.boolValue {
                    if n.contains("=") { queue.append(p) }
                } else if let f = formatByName(n) {
                    return f
                }
            }
        }
        throw DataFlowError("UNABLE_TO_INFER_SCHEMA",
                            "Cannot tell the format of the folder \(path): it holds no _delta_log and no .parquet, .csv, .json or .arrow files. Use read.format(...).load(path).")
    }

    static func formatByName(_ name: String) -> String? {
        var n = name.lowercased()
        if n.hasSuffix(".gz") { n = String(n.dropLast(3)) }
        for (exts, f) in [([".parquet", ".parq"], "parquet"), ([".csv", ".tsv", ".txt"], "csv"),
                          ([".json", ".jsonl", ".ndjson"], "json"), ([".arrow", ".arrows", ".feather", ".ipc"], "arrow")] {
            if exts.contains(where: { n.hasSuffix($0) }) { return f }
        }
        return nil
    }

    /// Parquet and Arrow files start with magic bytes; JSON lines with `{`; anything else is CSV.
    static func formatBySniffing(_ path: String) -> String {
        guard let h = FileHandle(forReadingAtPath: path) else { return "csv" }
        defer { try? h.close() }
        let head = [UInt8]((try? h.read(upToCount: 8)) ?? Data())
        if head.starts(with: Array("PAR1".utf8)) { return "parquet" }
        if head.starts(with: Array("ARROW1".utf8)) || head.starts(with: [0xFF, 0xFF, 0xFF, 0xFF]) { return "arrow" }
        if let first = head.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }), first == UInt8(ascii: "{") {
            return "json"
        }
        return "csv"
    }
}
