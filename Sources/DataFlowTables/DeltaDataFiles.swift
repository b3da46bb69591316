import DataFlowColumnar
import Foundation

/// The Parquet data files of a table: written with stats, read by row group with columns matched by name.
enum DeltaDataFiles {
    /// Writes one data file and returns its row count, size and column stats.
    static func write(_ batches: [RecordBatch], schema: Schema, to path: String) throws -> DataFileSummary {
        throw DataFlowError("DELTA_UNSUPPORTED_FEATURE", "writing \(path) needs the Parquet writer, which is not available yet")
    }

    /// Opens a data file; a missing file's error names it and the log path.
    static func open(_ path: String, logPath: String) throws -> Reader {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataFlowError("DELTA_FILE_NOT_FOUND",
                                "data file \(logPath) named in the transaction log does not exist (\(path)); it may have been deleted by hand or by a vacuum with a short retention")
        }
        throw DataFlowError("DELTA_UNSUPPORTED_FEATURE", "reading \(path) needs the Parquet reader, which is not available yet")
    }

    struct Reader: Sendable {
        let path: String
        var rowGroupCount: Int { 0 }
        func read(rowGroup: Int, fields: [Field]) throws -> RecordBatch {
            throw DataFlowError("DELTA_UNSUPPORTED_FEATURE", "reading \(path) needs the Parquet reader")
        }
    }
}
