#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Casts from and to strings: byte-level parsers (no `String` per row) and formatters.
extension Kernels {
    @usableFromInline enum ParsedDecimal { case invalid, overflow, value(Int128) }

    /// Bytes with ASCII whitespace and control characters trimmed at both ends (Spark's `trimAll`).
    @inlinable static func trimmed(_ b: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var i = 0, j = b.count
        while i < j, b[i] <= 32 { i &+= 1 }
        while j > i, b[j &- 1] <= 32 { j &-= 1 }
        return UnsafeRawBufferPointer(rebasing: b[i..<j])
    }

    /// `[+-]digits[.digits][e[+-]digits]` as an unscaled integer at `scale`, rounded half-up.
    @usableFromInline static func parseDecimal(_ raw: UnsafeRawBufferPointer, scale: Int) -> ParsedDecimal {
        let b = trimmed(raw)
        let n = b.count
        var i = 0
        var neg = false
        if i < n, b[i] == 43 || b[i] == 45 { neg = b[i] == 45; i += 1 }
        var mantissa: Int128 = 0
        var significant = 0, exponent = 0, digits = 0, seenDot = false
        while i < n {
            let c = b[i]
            if c >= 48 && c <= 57 {
                digits += 1
                if significant < 38 {
                    mantissa = mantissa &* 10 &+ Int128(c &- 48)
                    if mantissa != 0 { significant += 1 }
                    if seenDot { exponent -= 1 }
                } else if !seenDot {
                    exponent += 1   // digits beyond 38 significant ones: drop (rounding below them is lost)
                }
            } else if c == 46 && !seenDot {
                seenDot = true
            } else {
                break
            }
            i += 1
        }
        guard digits > 0 else { return .invalid }
        if i < n {
            guard b[i] == 101 || b[i] == 69 else { return .invalid }
            i += 1
            var eneg = false
            if i < n, b[i] == 43 || b[i] == 45 { eneg = b[i] == 45; i += 1 }
            var e = 0, ed = 0
            while i < n, b[i] >= 48, b[i] <= 57 { if e < 100_000 { e = e * 10 + Int(b[i] - 48) }; ed += 1; i += 1 }
            guard ed > 0, i == n else { return .invalid }
            exponent += eneg ? -e : e
        }
        guard let v = scaleBy(mantissa, scale + exponent) else { return .overflow }
        return .value(neg ? 0 - v : v)
    }

    /// Strict `[+-]digits` (Spark ANSI `toLongExact`); nil when malformed or out of range.
    @inlinable static func parseInteger<T: FixedWidthInteger & SignedInteger>(_ raw: UnsafeRawBufferPointer, _: T.Type) -> T? {
        let b = trimmed(raw)
        let n = b.count
        var i = 0
        var neg = false
        if i < n, b[i] == 43 || b[i] == 45 { neg = b[i] == 45; i += 1 }
        guard i < n else { return nil }
        var v: T = 0   // accumulated negatively so T.min parses
        while i < n {
            let c = b[i]
            guard c >= 48, c <= 57 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.subtractingReportingOverflow(T(c - 48))
            if o1 || o2 { return nil }
            v = s
            i += 1
        }
        if neg { return v }
        return v == T.min ? nil : 0 - v
    }

    /// Java `Double.parseDouble` syntax plus Spark's special literals (`NaN`, `Infinity`, `inf`, case-insensitive).
    @usableFromInline static func parseDouble(_ raw: UnsafeRawBufferPointer, scratch: inout [CChar]) -> Double? {
        var b = trimmed(raw)
        let n = b.count
        guard n > 0 else { return nil }
        // Special literals.
        if n <= 9, (b[n - 1] | 0x20) == UInt8(ascii: "n") || (b[n - 1] | 0x20) == UInt8(ascii: "f") || (b[n - 1] | 0x20) == UInt8(ascii: "y") {
            var lower = [UInt8](repeating: 0, count: 0)
            lower.reserveCapacity(n)
            for c in b { lower.append(c | 0x20) }
            switch String(decoding: lower, as: UTF8.self) {
            case "nan": return .nan
            case "inf", "+inf", "infinity", "+infinity": return .infinity
            case "-inf", "-infinity": return -.infinity
            default: break
            }
        }
        // Java allows a trailing type suffix.
        let last = b[n - 1] | 0x20
        if last == UInt8(ascii: "d") || last == UInt8(ascii: "f") { b = UnsafeRawBufferPointer(rebasing: b[0..<(n - 1)]) }
        // Validate the syntax and try the exact fast path.
        var i = 0
        let m = b.count
        var neg = false
        if i < m, b[i] == 43 || b[i] == 45 { neg = b[i] == 45; i += 1 }
        var mant: UInt64 = 0, sig = 0, digits = 0, exp10 = 0, seenDot = false
        while i < m {
            let c = b[i]
            if c >= 48 && c <= 57 {
                digits += 1
                if mant != 0 || c != 48 { sig += 1 }
                if sig <= 19 { mant = mant &* 10 &+ UInt64(c - 48); if seenDot { exp10 -= 1 } } else if !seenDot { exp10 += 1 }
            } else if c == 46 && !seenDot { seenDot = true } else { break }
            i += 1
        }
        guard digits > 0 else { return nil }
        var hasExp = false
        if i < m {
            guard b[i] | 0x20 == UInt8(ascii: "e") else { return nil }
            i += 1
            if i < m, b[i] == 43 || b[i] == 45 { i += 1 }
            let start = i
            while i < m, b[i] >= 48, b[i] <= 57 { i += 1 }
            guard i > start, i == m else { return nil }
            hasExp = true
        }
        if !hasExp && sig <= 15 && exp10 >= -22 && exp10 <= 22 {
            let v = exp10 < 0 ? Double(mant) / exactPowers[-exp10] : Double(mant) * exactPowers[exp10]
            return neg ? -v : v
        }
        // Slow path: strtod on a NUL-terminated copy in a reused scratch buffer.
        scratch.removeAll(keepingCapacity: true)
        for c in b { scratch.append(CChar(bitPattern: c)) }
        scratch.append(0)
        return scratch.withUnsafeBufferPointer { p -> Double? in
            var end: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(p.baseAddress!, &end)
            guard let end, end - UnsafeMutablePointer(mutating: p.baseAddress!) == b.count else { return nil }
            return v
        }
    }

    /// Spark's string → boolean: t/true/y/yes/1 and f/false/n/no/0, case-insensitive.
    @usableFromInline static func parseBoolean(_ raw: UnsafeRawBufferPointer) -> Bool? {
        let b = trimmed(raw)
        guard b.count >= 1, b.count <= 5 else { return nil }
        var w: UInt64 = 0
        for c in b { w = w << 8 | UInt64(c >= 65 && c <= 90 ? c | 0x20 : c) }
        switch w {
        case 0x74, 0x74727565, 0x79, 0x796573, 0x31: return true               // t true y yes 1
        case 0x66, 0x66616c7365, 0x6e, 0x6e6f, 0x30: return false              // f false n no 0
        default: return nil
        }
    }

    /// Spark's string → date: `[+-]yyyy[y…]`, `yyyy-[m]m`, `yyyy-[m]m-[d]d`, optionally followed by ` …` or `T…`.
    public static func parseDateSpark(_ raw: UnsafeRawBufferPointer) -> Int32? {
        let b = trimmed(raw)
        let n = b.count
        var i = 0
        var neg = false
        if i < n, b[i] == 43 || b[i] == 45 { neg = b[i] == 45; i += 1 }
        var seg = [1, 1, 1]
        for k in 0..<3 {
            var v = 0, d = 0
            while i < n, b[i] >= 48, b[i] <= 57, d < 8 { v = v * 10 + Int(b[i] - 48); d += 1; i += 1 }
            if k == 0 { guard d >= 4, d <= 7 else { return nil } } else { guard d >= 1, d <= 2 else { return nil } }
            seg[k] = v
            if i == n { break }
            if k < 2 && b[i] == 45 { i += 1; continue }
            // After the day a space or 'T' may start an ignored time part.
            guard k == 2, b[i] == 32 || b[i] == UInt8(ascii: "T") else { return nil }
            break
        }
        let y = neg ? -seg[0] : seg[0], m = seg[1], d = seg[2]
        guard m >= 1, m <= 12, d >= 1, d <= DateTime.daysInMonth(y, m) else { return nil }
        return DateTime.days(year: y, month: m, day: d)
    }

    /// Spark's string → timestamp: ISO date-times (see `DateTime.parseTimestamp`) and the date-only forms.
    public static func parseTimestampSpark(_ raw: UnsafeRawBufferPointer) -> Int64? {
        if let t = DateTime.parseTimestamp(raw) { return t }
        let b = trimmed(raw)
        if b.contains(where: { $0 == 32 || $0 == UInt8(ascii: "T") || $0 == 58 }) { return nil }
        return parseDateSpark(b).map { Int64($0) * DateTime.microsPerDay }
    }

    static func castFromString(_ a: Column, to: DataType, mode: ErrorMode) throws -> Column {
        let n = a.count
        let vp = bits(a.validity)
        var validity = a.validity
        var cleared: Buffer? = nil
        func fail(_ i: Int) throws {
            let text = a.string(i)
            switch mode {
            case .ansi:
                switch (to, parseDecimalIfNumeric(a.utf8(i), to)) {
                case (.decimal(let p, let s), .overflow?):
                    throw DataFlowError.numericOutOfRange(text, precision: p, scale: s)
                default: throw DataFlowError.castInvalid(text, to: to)
                }
            case .tryNull:
                if cleared == nil { cleared = copyValidity(validity, count: n); validity = cleared }
                Bitmap.set(cleared!.pointer(UInt8.self), i, false)
            }
        }
        let out = Buffer(byteCount: n * to.byteWidth)
        switch to {
        case .boolean:
            let o = out.pointer(UInt8.self)
            for i in 0..<n where valid(vp, i) { if let v = parseBoolean(a.utf8(i)) { o[i] = v ? 1 : 0 } else { try fail(i) } }
        case .int32:
            let o = out.pointer(Int32.self)
            for i in 0..<n where valid(vp, i) { if let v = parseInteger(a.utf8(i), Int32.self) { o[i] = v } else { try fail(i) } }
        case .int64:
            let o = out.pointer(Int64.self)
            for i in 0..<n where valid(vp, i) { if let v = parseInteger(a.utf8(i), Int64.self) { o[i] = v } else { try fail(i) } }
        case .float64:
            let o = out.pointer(Double.self)
            var scratch = [CChar]()
            for i in 0..<n where valid(vp, i) { if let v = parseDouble(a.utf8(i), scratch: &scratch) { o[i] = v } else { try fail(i) } }
        case .date:
            let o = out.pointer(Int32.self)
            for i in 0..<n where valid(vp, i) { if let v = parseDateSpark(a.utf8(i)) { o[i] = v } else { try fail(i) } }
        case .timestamp:
            let o = out.pointer(Int64.self)
            for i in 0..<n where valid(vp, i) { if let v = parseTimestampSpark(a.utf8(i)) { o[i] = v } else { try fail(i) } }
        case .decimal(let p, let s):
            let limit = Decimal128.maxUnscaled(precision: p)
            for i in 0..<n where valid(vp, i) {
                if case .value(let v) = parseDecimal(a.utf8(i), scale: s), v <= limit, v >= 0 - limit {
                    if p <= 18 { out.pointer(Int64.self)[i] = Int64(v) } else { out.pointer(Int128.self)[i] = v }
                } else { try fail(i) }
            }
        default:
            throw DataFlowError.castUnsupported(from: a.type, to: to)
        }
        // Rows never written (nulls) must hold zero.
        if let v = bits(validity) {
            for i in 0..<n where !valid(v, i) {
                (out.raw + i * to.byteWidth).initializeMemory(as: UInt8.self, repeating: 0, count: to.byteWidth)
            }
        }
        return Column(type: to, count: n, values: out, validity: normalized(validity, count: n))
    }

    /// For error classification: a well-formed number that does not fit is an overflow, not malformed input.
    static func parseDecimalIfNumeric(_ b: UnsafeRawBufferPointer, _ to: DataType) -> ParsedDecimal? {
        guard case .decimal(let p, let s) = to else { return nil }
        switch parseDecimal(b, scale: s) {
        case .value(let v): return v > Decimal128.maxUnscaled(precision: p) || v < 0 - Decimal128.maxUnscaled(precision: p) ? .overflow : .value(v)
        case let other: return other
        }
    }

    /// Appends the decimal digits of `v` without creating a `String`.
    @usableFromInline static func appendInteger(_ v: Int64, to b: inout ColumnBuilder) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buf in
            var m = v.magnitude
            var k = 20
            repeat { k -= 1; buf[k] = UInt8(48 + m % 10); m /= 10 } while m != 0
            if v < 0 { k -= 1; buf[k] = 45 }
            b.appendUTF8(UnsafeRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buf)[k..<20]))
        }
    }

    static func castToString(_ a: Column) -> Column {
        let n = a.count
        var b = ColumnBuilder(type: .string, capacity: n)
        let vp = bits(a.validity)
        switch a.type {
        case .boolean:
            let x = a.values.pointer(UInt8.self)
            for i in 0..<n { if valid(vp, i) { b.append(x[i] != 0 ? "true" : "false") } else { b.appendNull() } }
        case .int32:
            let x = a.values.pointer(Int32.self)
            for i in 0..<n { if valid(vp, i) { appendInteger(Int64(x[i]), to: &b) } else { b.appendNull() } }
        case .int64:
            let x = a.values.pointer(Int64.self)
            for i in 0..<n { if valid(vp, i) { appendInteger(x[i], to: &b) } else { b.appendNull() } }
        case .float64:
            let x = a.values.pointer(Double.self)
            for i in 0..<n { if valid(vp, i) { b.append(formatDouble(x[i])) } else { b.appendNull() } }
        case .decimal(_, let s):
            let u = unscaled(a)
            for i in 0..<n { if valid(vp, i) { b.append(Decimal128.format(u[i], scale: s)) } else { b.appendNull() } }
        case .date:
            let x = a.values.pointer(Int32.self)
            for i in 0..<n { if valid(vp, i) { b.append(DateTime.formatDate(x[i])) } else { b.appendNull() } }
        case .timestamp:
            let x = a.values.pointer(Int64.self)
            for i in 0..<n { if valid(vp, i) { b.append(DateTime.formatTimestamp(x[i])) } else { b.appendNull() } }
        case .string: return a
        case .null: return Column.nulls(.string, count: n)
        case .array, .map:
            for i in 0..<n { if valid(vp, i) { b.append(a.value(i).description) } else { b.appendNull() } }
        }
        return b.finish()
    }
}
