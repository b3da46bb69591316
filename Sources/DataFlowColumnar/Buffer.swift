#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An immutable (once built) block of 64-byte-aligned memory owned by a class, so columns can share it
/// across batches and threads without copying. Large buffers are 2 MiB-aligned and asked for huge pages.
public final class Buffer: @unchecked Sendable {
    public let raw: UnsafeMutableRawPointer
    public let byteCount: Int
    /// For a buffer that borrows memory (a slice of a file read into another buffer): the owner kept
    /// alive while this buffer lives. Nil when this buffer owns (and frees) its memory.
    private let owner: Buffer?

    public static let hugeThreshold = 4 << 20

    public init(byteCount: Int, zeroed: Bool = false) {
        let n = max(byteCount, 1)
        var p: UnsafeMutableRawPointer? = nil
        let align = n >= Buffer.hugeThreshold ? (2 << 20) : 64
        let rounded = (n + 63) & ~63
        if posix_memalign(&p, align, rounded) != 0 || p == nil {
            // Out of memory: there is nothing sensible to continue with.
            preconditionFailure("DataFlow: out of memory allocating \(rounded) bytes")
        }
        #if os(Linux)
        if align > 64 { _ = madvise(p, rounded, 14 /* MADV_HUGEPAGE */) }
        #endif
        if zeroed { memset(p!, 0, rounded) }
        self.raw = p!
        self.byteCount = byteCount
        self.owner = nil
    }

    /// A view of `byteCount` bytes at `offset` inside `owner` (no copy; zero-copy Arrow reads). The caller
    /// checks that the range lies inside `owner` and is aligned for the values read from it.
    public init(slicing owner: Buffer, offset: Int, byteCount: Int) {
        self.raw = owner.raw + offset
        self.byteCount = byteCount
        self.owner = owner.owner ?? owner
    }

    deinit { if owner == nil { free(raw) } }

    @inlinable public func pointer<T>(_: T.Type) -> UnsafeMutablePointer<T> {
        raw.assumingMemoryBound(to: T.self)
    }

    @inlinable public func buffer<T>(_: T.Type, count: Int) -> UnsafeMutableBufferPointer<T> {
        UnsafeMutableBufferPointer(start: raw.assumingMemoryBound(to: T.self), count: count)
    }

    /// A buffer holding a copy of `values`.
    public static func of<T>(_ values: [T]) -> Buffer {
        let b = Buffer(byteCount: values.count * MemoryLayout<T>.stride)
        values.withUnsafeBytes { src in
            if let base = src.baseAddress { b.raw.copyMemory(from: base, byteCount: src.count) }
        }
        return b
    }

    /// A copy of the first `byteCount` bytes into a new buffer of `newByteCount` bytes (grows or shrinks).
    public func resized(to newByteCount: Int, copying used: Int) -> Buffer {
        let b = Buffer(byteCount: newByteCount)
        b.raw.copyMemory(from: raw, byteCount: min(used, newByteCount))
        return b
    }
}
