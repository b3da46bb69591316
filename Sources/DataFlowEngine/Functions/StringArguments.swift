import DataFlowColumnar

// Column readers shared by the string-function kernels: a kernel reads its arguments row by row as
// UTF-8 bytes or integers without creating a `String` or a `Value` per row. A NULL-typed argument
// (a bare `NULL` literal) reads as NULL in every row.

/// A string argument read as UTF-8 bytes (dictionary columns are decoded once).
struct StringArg {
    let column: Column
    private let allNull: Bool
    private let offsets: UnsafePointer<Int32>?
    private let base: UnsafeRawPointer?

    init(_ c: Column) {
        let d = c.decoded()
        column = d
        if d.type == .string, let data = d.data {
            allNull = false
            offsets = d.offsets
            base = UnsafeRawPointer(data.raw)
        } else {
            allNull = true
            offsets = nil
            base = nil
        }
    }

    @inline(__always) func isValid(_ i: Int) -> Bool { !allNull && column.isValid(i) }

    /// The bytes of row `i` (no copy; only valid while `column` lives, which it does as long as `self`).
    @inline(__always) func bytes(_ i: Int) -> UnsafeRawBufferPointer {
        guard let o = offsets, let b = base else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let s = Int(o[i]), e = Int(o[i &+ 1])
        return UnsafeRawBufferPointer(start: b + s, count: e &- s)
    }

    /// Row `i` as a `String` (allocates: for Unicode-aware work only).
    func string(_ i: Int) -> String { String(decoding: bytes(i), as: UTF8.self) }
}

/// An integer argument (int or bigint; decimals and doubles are cast to these by the declarations).
struct IntArg {
    let column: Column
    private let kind: UInt8  // 0 = all NULL, 4 = Int32, 8 = Int64

    init(_ c: Column) {
        column = c
        switch c.type {
        case .int32: kind = 4
        case .int64: kind = 8
        default: kind = 0
        }
    }

    @inline(__always) func isValid(_ i: Int) -> Bool { kind != 0 && column.isValid(i) }

    @inline(__always) subscript(_ i: Int) -> Int {
        kind == 4 ? Int(column.values.pointer(Int32.self)[i]) : Int(column.values.pointer(Int64.self)[i])
    }
}

/// UTF-8 helpers: Spark counts positions and lengths in characters (code points).
enum UTF8Text {
    /// True for a byte that starts a code point.
    @inline(__always) static func isLead(_ b: UInt8) -> Bool { b & 0xC0 != 0x80 }

    @inline(__always) static func charCount(_ s: UnsafeRawBufferPointer) -> Int {
        var c = 0
        for b in s where isLead(b) { c &+= 1 }
        return c
    }

    /// Byte offset where character `k` starts (the byte count when `k` is past the end).
    @inline(__always) static func byteOffset(_ s: UnsafeRawBufferPointer, char k: Int) -> Int {
        if k <= 0 { return 0 }
        var c = 0
        for i in 0..<s.count where isLead(s[i]) {
            if c == k { return i }
            c &+= 1
        }
        return s.count
    }

    /// Byte ranges of each code point of `s`.
    static func charBounds(_ s: UnsafeRawBufferPointer, into out: inout [Int]) {
        out.removeAll(keepingCapacity: true)
        for i in 0..<s.count where isLead(s[i]) { out.append(i) }
        out.append(s.count)
    }

    /// First byte offset `>= from` where `needle` occurs in `hay`, or nil.
    static func find(_ needle: UnsafeRawBufferPointer, in hay: UnsafeRawBufferPointer, from: Int = 0) -> Int? {
        let m = needle.count, n = hay.count
        if m == 0 { return from <= n ? from : nil }
        if m > n { return nil }
        let first = needle[0]
        var i = from
        while i <= n &- m {
            if hay[i] == first {
                var j = 1
                while j < m && hay[i &+ j] == needle[j] { j &+= 1 }
                if j == m { return i }
            }
            i &+= 1
        }
        return nil
    }

    static var empty: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: nil, count: 0) }
}

extension StringFunctions {
    /// The value of constant argument `i` as a string: nil when it is not constant, `.some(nil)` when NULL.
    static func constantString(_ constants: [Value?], _ i: Int) -> String?? {
        guard i < constants.count, let v = constants[i] else { return nil }
        if v.isNull { return .some(nil) }
        return .some(v.stringValue ?? v.description)
    }

    static func constantInt(_ constants: [Value?], _ i: Int) -> Int?? {
        guard i < constants.count, let v = constants[i] else { return nil }
        if v.isNull { return .some(nil) }
        return .some(v.int64Value.map { Int($0) })
    }
}

extension StringArg {
    /// A string column built row by row from the string column `str`: NULL rows stay NULL; for every other row
    /// `body` writes the result's UTF-8 bytes into `out`, a buffer reused across rows and empty at each call.
    /// Shared by the kernels that map one string to new bytes (reverse, base64, unbase64).
    static func mapBytes(
        _ str: Column, _ n: Int,
        _ body: (_ text: UnsafeRawBufferPointer, _ out: inout [UInt8]) throws -> Void
    ) rethrows -> Column {
        let s = StringArg(str)
        var b = ColumnBuilder(type: .string, capacity: n)
        var out: [UInt8] = []
        for i in 0..<n {
            guard s.isValid(i) else { b.appendNull(); continue }
            out.removeAll(keepingCapacity: true)
            try body(s.bytes(i), &out)
            out.withUnsafeBytes { b.appendUTF8($0) }
        }
        return b.finish()
    }
}
