/// Fixed slots that several threads write at once, each index by one thread (one result per morsel,
/// one state per worker).
///
/// The slots live in one allocation that never moves. A Swift array held in a class cannot serve here:
/// `withUnsafeMutableBufferPointer` swaps the array out of its variable for the duration of each
/// call, so two concurrent writers raced on the variable itself, losing writes and, rarely, freeing
/// the storage twice (a heap corruption ThreadSanitizer reported as an access race).
public final class ConcurrentSlots<T>: @unchecked Sendable {
    public let count: Int
    private let base: UnsafeMutablePointer<T>

    public init(_ count: Int, repeating value: T) {
        self.count = Swift.max(count, 0)
        base = .allocate(capacity: Swift.max(count, 1))
        base.initialize(repeating: value, count: self.count)
    }

    public init(_ count: Int, _ make: () -> T) {
        self.count = Swift.max(count, 0)
        base = .allocate(capacity: Swift.max(count, 1))
        for i in 0..<self.count { (base + i).initialize(to: make()) }
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    public subscript(i: Int) -> T {
        get {
            precondition(i >= 0 && i < count, "slot \(i) out of 0..<\(count)")
            return base[i]
        }
        set {
            precondition(i >= 0 && i < count, "slot \(i) out of 0..<\(count)")
            base[i] = newValue
        }
    }

    /// Runs `body` on slot `i` in place.
    public func with<R>(_ i: Int, _ body: (inout T) throws -> R) rethrows -> R {
        precondition(i >= 0 && i < count, "slot \(i) out of 0..<\(count)")
        return try body(&base[i])
    }

    /// A copy of every slot (read once the writers are done).
    public var values: [T] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
