import DataFlowColumnar
import Synchronization

/// Cancellation and progress shared by the queries of one session, safe to use from any thread:
/// the REPL's Ctrl-C handler calls `cancel()` while a query runs on another thread, and its progress
/// line reads `progress` while the workers add to it.
///
/// Cancelling bumps a generation number: every query whose `ExecutionContext` was created before
/// the call stops at its next morsel with `OPERATION_CANCELED`; queries started afterwards run
/// normally, so nothing has to be reset.
public final class QueryControl: Sendable {
    private let generation = Atomic<Int>(0)
    private let batches = Atomic<Int>(0)
    private let rows = Atomic<Int>(0)

    public init() {}

    /// Stops every query of this control that is running now.
    public func cancel() { generation.add(1, ordering: .sequentiallyConsistent) }

    var currentGeneration: Int { generation.load(ordering: .relaxed) }

    /// Batches and rows read by the scans of every query so far (they only grow): take a snapshot
    /// before a query and subtract it to follow that query.
    public var progress: QueryProgress {
        QueryProgress(batches: batches.load(ordering: .relaxed), rows: rows.load(ordering: .relaxed))
    }

    func record(rows n: Int) {
        batches.add(1, ordering: .relaxed)
        rows.add(n, ordering: .relaxed)
    }
}

/// Work done by queries: batches (morsels) and rows read from their tables.
public struct QueryProgress: Sendable, Equatable {
    public var batches: Int
    public var rows: Int

    public init(batches: Int, rows: Int) {
        self.batches = batches
        self.rows = rows
    }

    /// The work done since `earlier`.
    public func since(_ earlier: QueryProgress) -> QueryProgress {
        QueryProgress(batches: batches - earlier.batches, rows: rows - earlier.rows)
    }
}

extension DataFlowError {
    /// Spark's `OPERATION_CANCELED`: the query was cancelled (Ctrl-C in the REPL, `Session.cancel()`).
    public static func cancelled() -> DataFlowError {
        DataFlowError("OPERATION_CANCELED", "The query was cancelled.")
    }
}
