#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

struct GenError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

func errnoString(_ code: Int32) -> String { String(cString: strerror(code)) }

/// File-scope wrapper so `ByteWriter.close()` can reach close(2).
func posixClose(_ fd: Int32) -> Int32 { close(fd) }

/// Buffered file writer: appends bytes into a large buffer and flushes with write(2).
/// Numbers are formatted by hand to avoid per-line String allocation.
final class ByteWriter {
    private let fd: Int32
    private let path: String
    private let capacity: Int
    private let buffer: UnsafeMutablePointer<UInt8>
    private var used = 0
    private(set) var bytesWritten = 0
    private var closed = false

    /// Longest single append must stay below this so `ensure` can guarantee room.
    static let maxRecord = 4096

    init(path: String, capacity: Int = 1 << 22) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw GenError("cannot open \(path) for writing: \(errnoString(errno))")
        }
        self.fd = fd
        self.path = path
        self.capacity = max(capacity, ByteWriter.maxRecord * 2)
        buffer = .allocate(capacity: self.capacity)
    }

    deinit {
        if !closed { _ = posixClose(fd) }
        buffer.deallocate()
    }

    /// Flush if fewer than `maxRecord` bytes of room remain.
    @inline(__always)
    func ensureRoom() throws {
        if capacity - used < ByteWriter.maxRecord { try flush() }
    }

    func flush() throws {
        var offset = 0
        while offset < used {
            let n = write(fd, buffer + offset, used - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw GenError("write to \(path) failed: \(errnoString(errno))")
            }
            offset += n
        }
        bytesWritten += used
        used = 0
    }

    func close() throws {
        try flush()
        closed = true
        if posixClose(fd) != 0 {
            throw GenError("closing \(path) failed: \(errnoString(errno))")
        }
    }

    @inline(__always)
    func byte(_ b: UInt8) {
        buffer[used] = b
        used += 1
    }

    func ascii(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            for b in utf8 { buffer[used] = b; used += 1 }
        }
    }

    /// Non-negative decimal integer.
    @inline(__always)
    func uint(_ value: Int) {
        var v = UInt(bitPattern: value)
        if v < 10 {
            byte(UInt8(truncatingIfNeeded: v) &+ 48)
            return
        }
        var digits = 0
        var t = v
        while t > 0 { digits += 1; t /= 10 }
        var p = used + digits - 1
        while v > 0 {
            buffer[p] = UInt8(truncatingIfNeeded: v % 10) &+ 48
            v /= 10
            p -= 1
        }
        used += digits
    }

    /// Half-star rating given as a count of half stars (1...10), printed like `3.5` / `4.0`.
    @inline(__always)
    func halfStars(_ h: Int) {
        uint(h >> 1)
        byte(UInt8(ascii: "."))
        byte((h & 1) == 1 ? UInt8(ascii: "5") : UInt8(ascii: "0"))
    }

    /// CSV field, quoted RFC-4180 style only when needed.
    func csvField(_ s: String) {
        let needsQuotes = s.utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
        if !needsQuotes { ascii(s); return }
        byte(34)
        for b in s.utf8 {
            if b == 34 { byte(34) }
            byte(b)
        }
        byte(34)
    }
}
