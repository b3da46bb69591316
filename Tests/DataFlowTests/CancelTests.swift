import DataFlow
import Dispatch
import Foundation
import Testing

/// `Session.cancel()` from another thread stops a running query promptly; the next query runs.
@Suite(.serialized) struct CancelTests {
    /// Runs `body` after `seconds` on a thread of its own: the queries under test keep the
    /// dispatch pool's workers busy, so a block queued there could wait behind them.
    func after(_ seconds: Double, _ body: @escaping @Sendable () -> Void) {
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: seconds)
            body()
        }
    }

    /// Far more work than a test run allows: only cancellation ends it.
    func endless(_ s: Session) -> DataFrame {
        s.range(0, 1 << 40).filter(col("id") % 7 == 3).agg(sum("id").as("s"))
    }

    func elapsed(since t: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t.uptimeNanoseconds) / 1e9 }

    @Test(arguments: [1, 2]) func cancelFromAnotherThreadStopsTheQuery(threads: Int) throws {
        let s = Session(threads: threads)
        let started = DispatchTime.now()
        after(0.3) { s.cancel() }
        let e = #expect(throws: DataFlowError.self) { try endless(s).collect() }
        #expect(e?.errorClass == "OPERATION_CANCELED")
        #expect(elapsed(since: started) < 10)
        // The session is fine afterwards.
        #expect(try s.range(0, 1000).count() == 1000)
    }

    @Test func cancelStopsACrossJoinInsideOneMorsel() throws {
        let s = Session(threads: 2)
        let big = s.range(0, 100_000).crossJoin(try s.range(0, 100_000).withColumnRenamed("id", "j"))
        after(0.3) { s.cancel() }
        let started = DispatchTime.now()
        let e = #expect(throws: DataFlowError.self) { try big.count() }
        #expect(e?.errorClass == "OPERATION_CANCELED")
        #expect(elapsed(since: started) < 10)
        #expect(try s.range(0, 10).crossJoin(s.range(0, 10)).count() == 100)
    }

    @Test func cancelWithNothingRunningDoesNotAffectLaterQueries() throws {
        let s = Session(threads: 2)
        s.cancel()
        #expect(try s.range(0, 100).count() == 100)
    }

    @Test func progressCountsRowsAndBatchesReadAndIsReadableWhileRunning() throws {
        let s = Session(threads: 2)
        let before = s.progress
        #expect(try s.range(0, 200_000).count() == 200_000)
        let done = s.progress.since(before)
        #expect(done.rows == 200_000)
        #expect(done.batches >= 1)
        // Read from another thread while a query runs: it grows.
        let start = s.progress
        after(0.5) { s.cancel() }
        let watcher = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var seen = 0
        after(0.3) {
            seen = s.progress.since(start).rows
            watcher.signal()
        }
        _ = try? endless(s).collect()
        watcher.wait()
        #expect(seen > 0)
    }
}
