import DataFlow
import Dispatch
import Foundation
import Synchronization

/// The progress line the REPL shows on stderr (a terminal only) while a query runs longer than a
/// second: rows and batches read, elapsed time. Erased before the query prints and when it ends.
final class ProgressLine: Sendable {
    private let visible = Mutex<Bool>(false)
    let enabled: Bool

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ text: String) {
        guard enabled else { return }
        visible.withLock { v in
            writeStandardError("\r\u{1B}[2K" + text)
            v = true
        }
    }

    func erase() {
        visible.withLock { v in
            if v { writeStandardError("\r\u{1B}[2K") }
            v = false
        }
    }

    static func text(_ p: QueryProgress, seconds: Double) -> String {
        "\(grouped(p.rows)) rows, \(grouped(p.batches)) batches, \(String(format: "%.1f", seconds)) s  (Ctrl-C cancels)"
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }
}

/// Watches one REPL entry while it runs on the REPL's thread: turns Ctrl-C into `Session.cancel()`
/// and updates the progress line.
final class QueryMonitor: Sendable {
    private let session: Session
    private let line: ProgressLine
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(session: Session, line: ProgressLine) {
        self.session = session
        self.line = line
    }

    func start() {
        let start = session.progress
        let began = DispatchTime.now()
        Thread.detachNewThread { [self] in
            var drawn = 0.0
            var interrupts = 0
            while !stopped.load(ordering: .relaxed) {
                usleep(20_000)
                if Interrupt.take() {
                    session.cancel()
                    interrupts += 1
                    // Work that never reaches a cancellation point: the third Ctrl-C gives up on it.
                    if interrupts >= 3 {
                        line.erase()
                        writeStandardError("\ndfs: the query did not stop; leaving\n")
                        _exit(130)
                    }
                }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - began.uptimeNanoseconds) / 1e9
                if seconds > 1 && seconds - drawn >= 0.25 && !stopped.load(ordering: .relaxed) {
                    line.show(ProgressLine.text(session.progress.since(start), seconds: seconds))
                    drawn = seconds
                }
            }
            line.erase()
            finished.signal()
        }
    }

    /// Stops watching; the progress line is gone when this returns.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        finished.wait()
    }
}
