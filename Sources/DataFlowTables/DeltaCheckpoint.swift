import DataFlowColumnar
import Foundation

/// Checkpoints: `%020d.checkpoint.parquet` files holding the table state at a version, and
/// `_last_checkpoint` pointing at the newest.
public enum DeltaCheckpoint {
    /// Reads the actions of a (single- or multi-part) checkpoint.
    public static func read(_ paths: [String]) throws -> [Action] {
        throw DataFlowError("DELTA_UNSUPPORTED_FEATURE", "reading checkpoint \(paths.first ?? "") needs the Parquet reader, which is not available yet")
    }

    /// Writes a checkpoint for `version` when it is a multiple of the interval.
    public static func maybeWrite(log: DeltaLog, version: Int64) throws {}
}
