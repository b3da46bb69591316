import DataFlowColumnar

// Padding and trimming with characters: lpad, rpad, btrim, and the two-argument forms of trim, ltrim
// and rtrim (their one-argument forms are in StringFunctions.swift).
enum StringPadTrimFunctions {
    static let all: [ScalarFunction] = [
        ScalarFunction("lpad", category: "string", signature: "lpad(str, len[, pad])",
                       doc: "`str` left-padded with `pad` (default a space) to `len` characters; shortened to its first `len` characters when longer; empty when `len` ≤ 0. An empty `pad` leaves a shorter `str` as it is. NULL if any argument is NULL.",
                       example: "lpad('hi', 5, '??') → ???hi", arity: 2...3,
                       coerce: Coerce.exact([.string, .int32, .string]), returnType: { _ in .string }) { a, n in
            pad(a[0], a[1], a.count > 2 ? a[2] : nil, n, left: true)
        },
        ScalarFunction("rpad", category: "string", signature: "rpad(str, len[, pad])",
                       doc: "`str` right-padded with `pad` (default a space) to `len` characters; shortened to its first `len` characters when longer; empty when `len` ≤ 0. NULL if any argument is NULL.",
                       example: "rpad('hi', 5, 'ab') → hiaba", arity: 2...3,
                       coerce: Coerce.exact([.string, .int32, .string]), returnType: { _ in .string }) { a, n in
            pad(a[0], a[1], a.count > 2 ? a[2] : nil, n, left: false)
        },
        ScalarFunction("btrim", category: "string", signature: "btrim(str[, trimStr])",
                       doc: "Removes the characters of `trimStr` (default: spaces) from both ends of `str`. Note the argument order differs from two-argument `trim(trimStr, str)`. NULL if either is NULL.",
                       example: "btrim('xxSparkxx', 'x') → Spark", arity: 1...2,
                       coerce: Coerce.exact([.string, .string]), returnType: { _ in .string }) { a, n in
            a.count == 1 ? Kernels.trim(a[0]) : trim(a[0], chars: a[1], n, left: true, right: true)
        },
    ]

    /// One space: the default padding.
    static let spaceBuffer: Buffer = {
        let b = Buffer(byteCount: 1)
        b.raw.storeBytes(of: 32, as: UInt8.self)
        return b
    }()

    /// `lpad` / `rpad`.
    static func pad(_ str: Column, _ len: Column, _ padding: Column?, _ n: Int, left: Bool) -> Column {
        let s = StringArg(str), l = IntArg(len)
        let p = padding.map(StringArg.init)
        let spacePad = UnsafeRawBufferPointer(start: spaceBuffer.raw, count: 1)
        var b = ColumnBuilder(type: .string, capacity: n)
        var scratch: [UInt8] = []
        var padBounds: [Int] = []
        for i in 0..<n {
            guard s.isValid(i), l.isValid(i), p?.isValid(i) ?? true else { b.appendNull(); continue }
            let text = s.bytes(i), target = l[i]
            let padText = p?.bytes(i) ?? spacePad
            if target <= 0 { b.appendUTF8(UTF8Text.empty); continue }
            let chars = UTF8Text.charCount(text)
            if chars >= target {
                // Too long (or exact): the first `len` characters, for both lpad and rpad.
                b.appendUTF8(UnsafeRawBufferPointer(rebasing: text[0..<UTF8Text.byteOffset(text, char: target)]))
                continue
            }
            if padText.count == 0 { b.appendUTF8(text); continue }
            // The padding: whole copies of `pad`, then the first characters of one more.
            var missing = target - chars
            scratch.removeAll(keepingCapacity: true)
            if !left { scratch.append(contentsOf: text) }
            UTF8Text.charBounds(padText, into: &padBounds)
            let padChars = padBounds.count - 1
            while missing >= padChars {
                scratch.append(contentsOf: padText)
                missing -= padChars
            }
            if missing > 0 { scratch.append(contentsOf: padText[0..<padBounds[missing]]) }
            if left { scratch.append(contentsOf: text) }
            scratch.withUnsafeBytes { b.appendUTF8($0) }
        }
        return b.finish()
    }

    /// Removes the code points of `chars` from the chosen ends of `str`.
    static func trim(_ str: Column, chars: Column, _ n: Int, left: Bool, right: Bool) -> Column {
        let s = StringArg(str), c = StringArg(chars)
        var b = ColumnBuilder(type: .string, capacity: n)
        var set: [UInt32] = []
        var ascii = [Bool](repeating: false, count: 128)
        for i in 0..<n {
            guard s.isValid(i), c.isValid(i) else { b.appendNull(); continue }
            let text = s.bytes(i), cs = c.bytes(i)
            // The trim set: an ASCII table plus a list of the other code points.
            for k in 0..<128 { ascii[k] = false }
            set.removeAll(keepingCapacity: true)
            var k = 0
            while k < cs.count {
                let (scalar, width) = decode(cs, k)
                if scalar < 128 { ascii[Int(scalar)] = true } else { set.append(scalar) }
                k += width
            }
            func trimmed(_ x: UInt32) -> Bool { x < 128 ? ascii[Int(x)] : set.contains(x) }
            var x = 0, y = text.count
            if left {
                while x < y {
                    let (scalar, width) = decode(text, x)
                    guard trimmed(scalar) else { break }
                    x += width
                }
            }
            if right {
                while y > x {
                    var start = y - 1
                    while start > x && !UTF8Text.isLead(text[start]) { start -= 1 }
                    guard trimmed(decode(text, start).0) else { break }
                    y = start
                }
            }
            b.appendUTF8(UnsafeRawBufferPointer(rebasing: text[x..<y]))
        }
        return b.finish()
    }

    /// The code point starting at byte `i` and its width in bytes (invalid bytes read as themselves).
    @inline(__always) static func decode(_ s: UnsafeRawBufferPointer, _ i: Int) -> (UInt32, Int) {
        let b0 = UInt32(s[i])
        if b0 < 0x80 { return (b0, 1) }
        var width = b0 >= 0xF0 ? 4 : (b0 >= 0xE0 ? 3 : (b0 >= 0xC0 ? 2 : 1))
        if i + width > s.count { width = 1 }
        if width == 1 { return (b0, 1) }
        var v = b0 & (0x7F >> UInt32(width))
        for j in 1..<width { v = (v << 6) | (UInt32(s[i + j]) & 0x3F) }
        return (v, width)
    }
}
