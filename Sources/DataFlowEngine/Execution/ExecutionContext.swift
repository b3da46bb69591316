import DataFlowColumnar
import Dispatch
import Synchronization

/// A lazily produced, indexable sequence of batches: morsel `i` can be produced on any thread, and
/// morsels are produced in parallel. Streaming operators (filter, project, probe) wrap their child's
/// source, so a pipeline runs fused per morsel until the next pipeline breaker.
public struct MorselSource: Sendable {
    public let count: Int
    public let produce: @Sendable (Int) throws -> RecordBatch

    public init(count: Int, produce: @escaping @Sendable (Int) throws -> RecordBatch) {
        self.count = count
        self.produce = produce
    }

    public static func batches(_ b: [RecordBatch]) -> MorselSource {
        MorselSource(count: b.count) { b[$0] }
    }

    public func map(_ f: @escaping @Sendable (RecordBatch) throws -> RecordBatch) -> MorselSource {
        let p = produce
        return MorselSource(count: count) { try f(p($0)) }
    }
}

/// Per-query state: worker count, memory accounting, cancellation (on first error, or by the
/// session's `QueryControl`) and progress.
public final class ExecutionContext: Sendable {
    public let threads: Int
    public let memoryLimit: Int
    /// The session's cancellation and progress; this query is cancelled once its generation moves on.
    public let control: QueryControl
    private let generation: Int
    private let reserved = Atomic<Int>(0)
    private let peak = Atomic<Int>(0)

    public init(threads: Int, memoryLimit: Int, control: QueryControl = QueryControl()) {
        self.threads = max(1, threads)
        self.memoryLimit = memoryLimit
        self.control = control
        self.generation = control.currentGeneration
    }

    /// True once `control.cancel()` was called after this query started.
    public var isCancelled: Bool { control.currentGeneration != generation }

    /// Throws `OPERATION_CANCELED` when the query was cancelled; long loops inside one morsel call it.
    public func checkCancelled() throws {
        if isCancelled { throw DataFlowError.cancelled() }
    }

    /// Counts a batch read by a scan (the progress the REPL shows).
    public func recordProgress(_ batch: RecordBatch) { control.record(rows: batch.rowCount) }

    /// Accounts `bytes` held by an operator; throws when the query would pass the session's limit.
    public func reserve(_ bytes: Int, for what: String) throws {
        let now = reserved.add(bytes, ordering: .relaxed).newValue
        var p = peak.load(ordering: .relaxed)
        while now > p {
            let (exchanged, original) = peak.compareExchange(expected: p, desired: now, ordering: .relaxed)
            if exchanged { break }
            p = original
        }
        if now > memoryLimit {
            _ = reserved.subtract(bytes, ordering: .relaxed)
            throw DataFlowError("MEMORY_LIMIT_EXCEEDED",
                                "\(what) needs \(formatBytes(now)) but the session's memory limit is \(formatBytes(memoryLimit)). Raise it with Session(memoryLimit:) or reduce the data (filter or select fewer columns first).")
        }
    }

    public func release(_ bytes: Int) { _ = reserved.subtract(bytes, ordering: .relaxed) }

    public var peakReserved: Int { peak.load(ordering: .relaxed) }

    /// Runs `body(index, worker)` for every index in `0..<count` on up to `threads` workers; each
    /// worker pulls the next index (morsel-driven). The first error stops the others and is rethrown.
    public func parallelFor(_ count: Int, _ body: @Sendable (Int, Int) throws -> Void) throws {
        if count == 0 { return }
        let workers = min(threads, count)
        if workers == 1 {
            for i in 0..<count {
                try checkCancelled()
                try body(i, 0)
            }
            return
        }
        let next = Atomic<Int>(0)
        let failure = Mutex<(any Error)?>(nil)
        let failed = Atomic<Bool>(false)
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                while !failed.load(ordering: .relaxed) {
                    let i = next.add(1, ordering: .relaxed).oldValue
                    if i >= count { break }
                    do {
                        try checkCancelled()
                        try box.value(i, w)
                    } catch {
                        failure.withLock { if $0 == nil { $0 = error } }
                        failed.store(true, ordering: .relaxed)
                    }
                }
            }
        }
        if let e = failure.withLock({ $0 }) { throw e }
    }

    /// Produces every morsel (in parallel) and returns them in order.
    public func collect(_ source: MorselSource) throws -> [RecordBatch] {
        let out = SlotArray<RecordBatch>(source.count)
        try parallelFor(source.count) { i, _ in out[i] = try source.produce(i) }
        return out.values.compactMap { $0 }
    }
}

/// Wraps a non-Sendable value the scheduler guarantees is used safely.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ v: T) { value = v }
}

/// Fixed slots written by distinct workers (each index by exactly one).
final class SlotArray<T>: @unchecked Sendable {
    private let storage: ConcurrentSlots<T?>
    init(_ n: Int) { storage = ConcurrentSlots(n, repeating: nil) }
    subscript(i: Int) -> T? {
        get { storage[i] }
        set { storage[i] = newValue }
    }
    var values: [T?] { storage.values }
}

/// Per-worker state, one slot per worker; a worker touches only its own.
final class WorkerLocal<T>: @unchecked Sendable {
    private let slots: ConcurrentSlots<T>
    init(_ workers: Int, _ make: () -> T) { slots = ConcurrentSlots(workers, make) }
    func with<R>(_ w: Int, _ f: (inout T) throws -> R) rethrows -> R { try slots.with(w, f) }
    var all: [T] { slots.values }
}

public func formatBytes(_ n: Int) -> String {
    let d = Double(n)
    if n >= 1 << 30 { return String(format1(d / Double(1 << 30))) + " GiB" }
    if n >= 1 << 20 { return String(format1(d / Double(1 << 20))) + " MiB" }
    if n >= 1 << 10 { return String(format1(d / Double(1 << 10))) + " KiB" }
    return "\(n) B"
}

func format1(_ d: Double) -> String {
    let r = (d * 10).rounded() / 10
    return r == r.rounded() ? String(Int(r)) : String(r)
}
