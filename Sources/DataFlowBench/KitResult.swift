import DataFlow
import Foundation

/// What the kit's `ENGINE_CMD` contract asks of a result file and a process: the result as CSV
/// (header, comma, RFC 4180 quoting, dates `yyyy-mm-dd`) and the peak resident memory.
public enum KitResult {
    /// Writes `batches` as one CSV file at `path` (replacing it): a header row, comma separated,
    /// quotes doubled inside quoted fields, nulls as empty fields, dates as `yyyy-mm-dd`.
    ///
    /// ```swift
    /// let df = try session.sql(text)
    /// try KitResult.writeCSV(session, batches: try df.collectBatches(), schema: try df.schema, to: "/tmp/q01.csv")
    /// ```
    public static func writeCSV(_ session: Session, batches: [RecordBatch], schema: Schema, to path: String) throws {
        try session.createDataFrame(batches, schema: schema).write
            .format("csv")
            .mode(.overwrite)
            .option("header", true)
            .option("singleFile", true)
            .option("escape", "\"")
            .option("dateFormat", "yyyy-MM-dd")
            .option("timestampFormat", "yyyy-MM-dd HH:mm:ss")
            .save(path)
    }

    /// The process's peak resident set size in bytes (`VmHWM` in `/proc/self/status`), or nil where
    /// that file does not exist.
    public static func peakRSSBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count >= 2, let kib = Int(parts[1]) else { return nil }
            return kib * 1024
        }
        return nil
    }
}
