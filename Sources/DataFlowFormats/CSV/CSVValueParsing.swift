import DataFlowColumnar

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level parsers for CSV field values: no `String` is created on the fast paths.
enum CSVValues {
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }

    /// A Java `Long.parseLong`-compatible integer: optional sign, digits only.
    @inline(__always)
    static func parseInt64(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        guard n > 0 else { return nil }
        var i = 0
        var neg = false
        if p[0] == UInt8(ascii: "-") { neg = true; i = 1 } else if p[0] == UInt8(ascii: "+") { i = 1 }
        guard i < n else { return nil }
        if n - i <= 18 {
            var v: Int64 = 0
            while i < n {
                let d = p[i] &- 48
                guard d < 10 else { return nil }
                v = v &* 10 &+ Int64(d)
                i &+= 1
            }
            return neg ? 0 &- v : v
        }
        var v: UInt64 = 0
        while i < n {
            let d = p[i] &- 48
            guard d < 10 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(d))
            if o1 || o2 { return nil }
            v = a
            i += 1
        }
        if neg {
            guard v <= UInt64(Int64.max) + 1 else { return nil }
            return Int64(bitPattern: 0 &- v)
        }
        guard v <= UInt64(Int64.max) else { return nil }
        return Int64(v)
    }

    @inline(__always)
    static func parseInt32(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
        guard let v = parseInt64(p, n), v >= Int64(Int32.min), v <= Int64(Int32.max) else { return nil }
        return Int32(truncatingIfNeeded: v)
    }

    static let exactPowers: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
                                        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    @inline(__always) static func equals(_ p: UnsafePointer<UInt8>, _ n: Int, _ s: [UInt8]) -> Bool {
        guard n == s.count else { return false }
        for i in 0..<n where p[i] != s[i] { return false }
        return true
    }

    /// A decimal floating-point number (Java `Double.parseDouble` syntax without hex and type suffixes):
    /// exact fast path for at most 15 significant digits and |exponent| <= 22, `strtod` otherwise.
    static func parseDouble(_ p: UnsafePointer<UInt8>, _ count: Int, specials: CSVSpecialDoubles) -> Double? {
        var i = 0, e = count
        while i < e && p[i] <= 32 { i += 1 }
        while e > i && p[e - 1] <= 32 { e -= 1 }
        guard i < e else { return nil }
        let start = i
        var neg = false
        if p[i] == UInt8(ascii: "-") { neg = true; i += 1 } else if p[i] == UInt8(ascii: "+") { i += 1 }
        guard i < e else { return nil }
        if !isDigit(p[i]) && p[i] != UInt8(ascii: ".") {
            return specials.match(p + start, e - start)
        }
        var mant: UInt64 = 0
        var sig = 0, exp10 = 0
        var truncated = false, anyDigit = false
        while i < e, isDigit(p[i]) {
            let d = UInt64(p[i] &- 48)
            anyDigit = true
            if mant == 0 && d == 0 {
            } else if sig < 19 {
                mant = mant &* 10 &+ d; sig += 1
            } else {
                exp10 += 1
                if d != 0 { truncated = true }
            }
            i += 1
        }
        if i < e && p[i] == UInt8(ascii: ".") {
            i += 1
            while i < e, isDigit(p[i]) {
                let d = UInt64(p[i] &- 48)
                anyDigit = true
                if mant == 0 && d == 0 {
                    exp10 -= 1
                } else if sig < 19 {
                    mant = mant &* 10 &+ d; sig += 1; exp10 -= 1
                } else if d != 0 {
                    truncated = true
                }
                i += 1
            }
        }
        guard anyDigit else { return nil }
        if i < e && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
            i += 1
            var eneg = false
            if i < e && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) { eneg = p[i] == UInt8(ascii: "-"); i += 1 }
            guard i < e, isDigit(p[i]) else { return nil }
            var ev = 0
            while i < e, isDigit(p[i]) {
                if ev < 100_000 { ev = ev * 10 + Int(p[i] &- 48) }
                i += 1
            }
            exp10 += eneg ? -ev : ev
        }
        guard i == e else { return nil }
        if mant == 0 { return neg ? -0.0 : 0.0 }
        if !truncated && sig <= 15 && exp10 >= -22 && exp10 <= 22 {
            var d = Double(mant)
            if exp10 < 0 { d /= exactPowers[-exp10] } else { d *= exactPowers[exp10] }
            return neg ? -d : d
        }
        // Slow path: the syntax is validated, so strtod consumes the whole text.
        let len = e - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: len + 1) { buf -> Double? in
            guard let b = buf.baseAddress else { return nil }
            UnsafeMutableRawPointer(b).copyMemory(from: p + start, byteCount: len)
            b[len] = 0
            return strtod(b, nil)
        }
    }

    /// Scala's `toBoolean`: `true`/`false`, case-insensitive.
    @inline(__always)
    static func parseBool(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool? {
        if n == 4 && (p[0] | 0x20) == UInt8(ascii: "t") && (p[1] | 0x20) == UInt8(ascii: "r")
            && (p[2] | 0x20) == UInt8(ascii: "u") && (p[3] | 0x20) == UInt8(ascii: "e") { return true }
        if n == 5 && (p[0] | 0x20) == UInt8(ascii: "f") && (p[1] | 0x20) == UInt8(ascii: "a")
            && (p[2] | 0x20) == UInt8(ascii: "l") && (p[3] | 0x20) == UInt8(ascii: "s")
            && (p[4] | 0x20) == UInt8(ascii: "e") { return false }
        return nil
    }

    /// A decimal at `scale` (half-up rounding); nil if malformed or wider than `precision`.
    static func parseDecimal(_ p: UnsafePointer<UInt8>, _ n: Int, precision: Int, scale: Int) -> Int128? {
        var i = 0
        var neg = false
        if n > 0 && (p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+")) { neg = p[0] == UInt8(ascii: "-"); i = 1 }
        var mant: Int128 = 0
        var digits = 0, frac = 0, seenDot = false, any = false, simple = true
        while i < n {
            let c = p[i]
            if isDigit(c) {
                any = true
                if mant != 0 || c != 48 { digits += 1 }
                if digits > 36 { simple = false; break }
                mant = mant * 10 + Int128(c &- 48)
                if seenDot { frac += 1 }
            } else if c == UInt8(ascii: ".") && !seenDot {
                seenDot = true
            } else {
                simple = false
                break
            }
            i += 1
        }
        if !simple {
            let s = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
            return Decimal128.parse(Substring(s), precision: precision, scale: scale)
        }
        guard any else { return nil }
        var result: Int128
        if frac <= scale {
            let (r, o) = mant.multipliedReportingOverflow(by: Decimal128.pow10(scale - frac))
            if o { return nil }
            result = r
        } else {
            result = Decimal128.divideRoundHalfUp(mant, Decimal128.pow10(frac - scale))
        }
        if result > Decimal128.maxUnscaled(precision: precision) { return nil }
        return neg ? -result : result
    }
}

/// The text forms of NaN and the infinities a double column accepts.
struct CSVSpecialDoubles: Sendable {
    let nan: [UInt8], posInf: [UInt8], negInf: [UInt8]

    init(nan: String, posInf: String, negInf: String) {
        self.nan = Array(nan.utf8); self.posInf = Array(posInf.utf8); self.negInf = Array(negInf.utf8)
    }

    static let javaNaN = Array("NaN".utf8), javaInf = Array("Infinity".utf8)
    static let javaPosInf = Array("+Infinity".utf8), javaNegInf = Array("-Infinity".utf8)

    func match(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        if CSVValues.equals(p, n, nan) || CSVValues.equals(p, n, Self.javaNaN) { return .nan }
        if CSVValues.equals(p, n, posInf) || CSVValues.equals(p, n, Self.javaInf) || CSVValues.equals(p, n, Self.javaPosInf) {
            return .infinity
        }
        if CSVValues.equals(p, n, negInf) || CSVValues.equals(p, n, Self.javaNegInf) { return -.infinity }
        return nil
    }
}

/// Date and timestamp parsing with an optional user pattern.
struct CSVDateTimeParser: Sendable {
    let datePattern: DateTimePattern?
    let timestampPattern: DateTimePattern?
    /// Strict `yyyy-MM-dd` used for inference when no date format is given (Spark infers a date only for
    /// values that match the whole pattern).
    static let isoDate = DateTimePattern("yyyy-MM-dd")

    init(dateFormat: String?, timestampFormat: String?) {
        datePattern = dateFormat.map(DateTimePattern.init)
        timestampPattern = timestampFormat.map(DateTimePattern.init)
    }

    @inline(__always) static func floorDays(_ micros: Int64) -> Int32? {
        var d = micros / DateTime.microsPerDay
        if micros % DateTime.microsPerDay < 0 { d -= 1 }
        return Int32(exactly: d)
    }

    func date(_ b: UnsafeRawBufferPointer) -> Int32? {
        if let pat = datePattern { return pat.parse(b).flatMap(Self.floorDays) }
        return DateTime.parseDate(b)
    }

    func timestamp(_ b: UnsafeRawBufferPointer) -> Int64? {
        if let pat = timestampPattern { return pat.parse(b) }
        return DateTime.parseTimestamp(b)
    }

    /// Whether the whole value matches the date format (inference).
    func isStrictDate(_ b: UnsafeRawBufferPointer) -> Bool {
        (datePattern ?? Self.isoDate).parse(b) != nil
    }
}

/// The type lattice of Spark's CSV schema inference (`CSVInferSchema`).
enum CSVInferredType: Equatable, Sendable {
    case null, int, long, decimal(Int), double, date, timestamp, boolean, string

    var dataType: DataType {
        switch self {
        case .null, .string: return .string
        case .int: return .int32
        case .long: return .int64
        case .decimal(let p): return .decimal(precision: p, scale: 0)
        case .double: return .float64
        case .date: return .date
        case .timestamp: return .timestamp
        case .boolean: return .boolean
        }
    }

    /// Precision of the decimal that holds every value of an integral type (Spark's `DecimalType.forType`).
    var decimalPrecision: Int? {
        switch self {
        case .int: return 10
        case .long: return 20
        case .decimal(let p): return p
        default: return nil
        }
    }

    /// Spark's `compatibleType`; nil means "no common type" (the caller widens to string).
    static func merge(_ a: CSVInferredType, _ b: CSVInferredType) -> CSVInferredType? {
        if a == b { return a }
        switch (a, b) {
        case (.null, let x), (let x, .null): return x
        case (.string, _), (_, .string): return .string
        case (.date, .timestamp), (.timestamp, .date): return .string
        case (.int, .long), (.long, .int): return .long
        case (.int, .double), (.double, .int), (.long, .double), (.double, .long): return .double
        case (.decimal, .double), (.double, .decimal): return .double
        default:
            if let p = a.decimalPrecision, let q = b.decimalPrecision {
                let r = max(p, q)
                return r > DataType.maxDecimalPrecision ? .double : .decimal(r)
            }
            return nil
        }
    }
}

/// Per-field type inference (Spark's `CSVInferSchema.inferField`).
struct CSVInferrer {
    let specials: CSVSpecialDoubles
    let dates: CSVDateTimeParser
    let preferDate: Bool

    func infer(_ soFar: CSVInferredType, _ b: UnsafeRawBufferPointer) -> CSVInferredType {
        guard let base = b.baseAddress, b.count > 0 else { return soFar }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let n = b.count
        let found: CSVInferredType
        switch soFar {
        case .null, .int: found = tryInt(p, n, b)
        case .long: found = tryLong(p, n, b)
        case .decimal: found = tryDecimal(p, n, b)
        case .double: found = tryDouble(p, n, b)
        case .date: found = tryDate(b)
        case .timestamp: found = tryTimestamp(b)
        case .boolean: found = tryBool(p, n)
        case .string: return .string
        }
        return CSVInferredType.merge(soFar, found) ?? .string
    }

    func tryInt(_ p: UnsafePointer<UInt8>, _ n: Int, _ b: UnsafeRawBufferPointer) -> CSVInferredType {
        CSVValues.parseInt32(p, n) != nil ? .int : tryLong(p, n, b)
    }
    func tryLong(_ p: UnsafePointer<UInt8>, _ n: Int, _ b: UnsafeRawBufferPointer) -> CSVInferredType {
        CSVValues.parseInt64(p, n) != nil ? .long : tryDecimal(p, n, b)
    }
    /// Integers too wide for a long become decimal(p, 0) (values with a fraction go on to double).
    func tryDecimal(_ p: UnsafePointer<UInt8>, _ n: Int, _ b: UnsafeRawBufferPointer) -> CSVInferredType {
        var i = 0
        if n > 0 && (p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+")) { i = 1 }
        guard i < n else { return tryDouble(p, n, b) }
        var digits = 0, allDigits = true
        while i < n {
            guard CSVValues.isDigit(p[i]) else { allDigits = false; break }
            if digits > 0 || p[i] != 48 { digits += 1 }
            i += 1
        }
        if allDigits && digits <= DataType.maxDecimalPrecision { return .decimal(max(digits, 1)) }
        return tryDouble(p, n, b)
    }
    func tryDouble(_ p: UnsafePointer<UInt8>, _ n: Int, _ b: UnsafeRawBufferPointer) -> CSVInferredType {
        if CSVValues.parseDouble(p, n, specials: specials) != nil { return .double }
        return preferDate ? tryDate(b) : tryTimestamp(b)
    }
    func tryDate(_ b: UnsafeRawBufferPointer) -> CSVInferredType {
        dates.isStrictDate(b) ? .date : tryTimestamp(b)
    }
    func tryTimestamp(_ b: UnsafeRawBufferPointer) -> CSVInferredType {
        guard let base = b.baseAddress else { return .string }
        return dates.timestamp(b) != nil ? .timestamp : tryBool(base.assumingMemoryBound(to: UInt8.self), b.count)
    }
    func tryBool(_ p: UnsafePointer<UInt8>, _ n: Int) -> CSVInferredType {
        CSVValues.parseBool(p, n) != nil ? .boolean : .string
    }
}
