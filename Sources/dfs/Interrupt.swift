import Foundation
import Synchronization

/// Ctrl-C in the REPL. The SIGINT handler only sets a flag (async-signal-safe); the REPL reads it
/// after `readline` returns, and a watcher thread turns it into `Session.cancel()` while a query runs.
enum Interrupt {
    static func install() {
        _ = flag.load(ordering: .relaxed)  // initialize the global before a signal can touch it
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in flag.store(true, ordering: .relaxed) }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: a blocking read returns so the prompt can be redrawn
        sigaction(SIGINT, &action, nil)
    }

    static func reset() { flag.store(false, ordering: .relaxed) }

    /// True (once) if Ctrl-C was pressed since the last `reset` or `take`.
    static func take() -> Bool { flag.exchange(false, ordering: .relaxed) }
}

private let flag = Atomic<Bool>(false)
