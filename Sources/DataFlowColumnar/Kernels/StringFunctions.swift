/// String functions over UTF-8 columns; positions and lengths count characters (code points), as Spark does.
extension Kernels {
    public static func upper(_ a: Column) -> Column { changeCase(a, upper: true) }
    public static func lower(_ a: Column) -> Column { changeCase(a, upper: false) }

    static func changeCase(_ a: Column, upper: Bool) -> Column {
        let a = a.decoded()
        guard a.type == .string else { return a }
        let n = a.count
        let total = Int(a.offsets[n])
        let d = a.data!.raw.assumingMemoryBound(to: UInt8.self)
        var ascii: UInt8 = 0
        for i in 0..<total { ascii |= d[i] }
        if ascii < 0x80 {
            // Whole batch ASCII: one byte map, offsets shared.
            let db = Buffer(byteCount: max(total, 1))
            let o = db.pointer(UInt8.self)
            if upper {
                for i in 0..<total { let c = d[i]; o[i] = c &- (c &- 97 < 26 ? 32 : 0) }
            } else {
                for i in 0..<total { let c = d[i]; o[i] = c &+ (c &- 65 < 26 ? 32 : 0) }
            }
            return Column(type: .string, count: n, values: a.values, validity: a.validity, data: db)
        }
        var b = ColumnBuilder(type: .string, capacity: n)
        let vp = bits(a.validity)
        for i in 0..<n {
            guard valid(vp, i) else { b.appendNull(); continue }
            let s = String(decoding: a.utf8(i), as: UTF8.self)
            b.append(upper ? s.uppercased() : s.lowercased())
        }
        return b.finish()
    }

    /// Number of characters (int32).
    public static func length(_ a: Column) -> Column {
        let a = a.decoded()
        let n = a.count
        let out = Buffer(byteCount: n * 4)
        let o = out.pointer(Int32.self)
        let off = a.offsets
        if let d = a.data?.raw.assumingMemoryBound(to: UInt8.self) {
            for i in 0..<n {
                var c: Int32 = 0
                for j in Int(off[i])..<Int(off[i + 1]) { c &+= (d[j] & 0xC0) != 0x80 ? 1 : 0 }
                o[i] = c
            }
        } else {
            for i in 0..<n { o[i] = 0 }
        }
        return finish(.int32, out, validity: a.validity, count: n)
    }

    /// Byte offset of character `k` (clamped to the end).
    @inlinable static func byteOffset(_ s: UnsafeRawBufferPointer, char k: Int) -> Int {
        var i = 0, c = 0
        while i < s.count {
            if s[i] & 0xC0 != 0x80 { if c == k { return i }; c += 1 }
            i += 1
        }
        return s.count
    }

    @inlinable static func charCount(_ s: UnsafeRawBufferPointer) -> Int {
        var c = 0
        for b in s where b & 0xC0 != 0x80 { c += 1 }
        return c
    }

    /// Spark's `substring(str, pos[, len])`: 1-based, pos 0 acts as 1, negative pos counts from the end,
    /// negative len gives the empty string.
    public static func substring(_ a: Column, pos: Column, len: Column?) -> Column {
        let a = a.decoded(), pos = pos.decoded(), len = len?.decoded()
        let n = a.count
        var b = ColumnBuilder(type: .string, capacity: n)
        var validity = Bitmap.and(a.validity, pos.validity, count: n)
        if let len { validity = Bitmap.and(validity, len.validity, count: n) }
        let vp = bits(validity)
        let anyNull = a.type == .null || pos.type == .null || len?.type == .null
        let p = pos.values.pointer(Int32.self)
        let l = len.map { $0.values.pointer(Int32.self) }
        for i in 0..<n {
            guard !anyNull, valid(vp, i) else { b.appendNull(); continue }
            let s = a.utf8(i)
            let position = Int(p[i]), length = l.map { Int($0[i]) } ?? Int(Int32.max)
            let chars = position < 0 ? charCount(s) : 0
            var start = position > 0 ? position - 1 : (position < 0 ? chars + position : 0)
            let end = start + length
            start = Swift.max(start, 0)
            if start >= end { b.appendUTF8(UnsafeRawBufferPointer(start: nil, count: 0)); continue }
            let from = byteOffset(s, char: start)
            let rest = UnsafeRawBufferPointer(rebasing: s[from...])
            let to = from + byteOffset(rest, char: end - start)
            b.appendUTF8(UnsafeRawBufferPointer(rebasing: s[from..<to]))
        }
        return b.finish()
    }

    /// Spark's `concat`: any null argument gives null.
    public static func concat(_ columns: [Column]) -> Column {
        let cols = columns.map { $0.decoded() }
        guard let first = cols.first else { return Column.nulls(.string, count: 0) }
        let n = first.count
        if cols.contains(where: { $0.type == .null }) { return Column.nulls(.string, count: n) }
        var validity: Buffer? = nil
        for c in cols { validity = Bitmap.and(validity, c.validity, count: n) }
        let vp = bits(validity)
        var total = 0
        for c in cols { total += Int(c.offsets[n]) }
        let ob = Buffer(byteCount: (n + 1) * 4)
        let db = Buffer(byteCount: max(total, 1))
        let oo = ob.pointer(Int32.self)
        oo[0] = 0
        var pos = 0
        for i in 0..<n {
            if valid(vp, i) {
                for c in cols {
                    let s = c.utf8(i)
                    if s.count > 0 { (db.raw + pos).copyMemory(from: s.baseAddress!, byteCount: s.count) }
                    pos += s.count
                }
            }
            oo[i + 1] = Int32(pos)
        }
        return Column(type: .string, count: n, values: ob, validity: normalized(validity, count: n), data: db)
    }

    public static func trim(_ a: Column) -> Column { trimSpaces(a, left: true, right: true) }
    public static func ltrim(_ a: Column) -> Column { trimSpaces(a, left: true, right: false) }
    public static func rtrim(_ a: Column) -> Column { trimSpaces(a, left: false, right: true) }

    static func trimSpaces(_ a: Column, left: Bool, right: Bool) -> Column {
        let a = a.decoded()
        guard a.type == .string else { return a }
        let n = a.count
        var b = ColumnBuilder(type: .string, capacity: n)
        let vp = bits(a.validity)
        for i in 0..<n {
            guard valid(vp, i) else { b.appendNull(); continue }
            let s = a.utf8(i)
            var x = 0, y = s.count
            if left { while x < y, s[x] == 32 { x += 1 } }
            if right { while y > x, s[y - 1] == 32 { y -= 1 } }
            b.appendUTF8(UnsafeRawBufferPointer(rebasing: s[x..<y]))
        }
        return b.finish()
    }
}
