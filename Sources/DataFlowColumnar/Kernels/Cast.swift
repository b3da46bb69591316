/// `CAST` with Spark's ANSI rules (string parsing and formatting: CastString.swift).
extension Kernels {
    public static func cast(_ a: Column, to: DataType, mode: ErrorMode) throws -> Column {
        let a = a.decoded()
        if a.type == to { return a }
        let n = a.count
        if a.type == .null { return Column.nulls(to, count: n) }
        if to == .string { return castToString(a) }
        if a.type == .string { return try castFromString(a, to: to, mode: mode) }
        if case .array(let target) = to, a.type.elementType != nil {
            // Element by element: `CAST(array(1, 2) AS ARRAY<DOUBLE>)`.
            let e = try cast(a.elements?.column ?? Column.nulls(.null, count: 0), to: target, mode: mode)
            return Column(type: to, count: n, values: a.values, validity: a.validity, elements: ColumnBox(e))
        }
        switch (a.type, to) {
        case (.boolean, .int32), (.boolean, .int64), (.boolean, .float64), (.boolean, .decimal):
            let ints = Column(type: .int32, count: n, values: widenBytes(a), validity: a.validity)
            return try castNumeric(ints, to: to, mode: mode)
        case (.int32, .boolean), (.int64, .boolean), (.float64, .boolean), (.decimal, .boolean):
            return numericToBoolean(a)
        case (.int32, _), (.int64, _), (.float64, _), (.decimal, _):
            if to == .timestamp { return try numericToTimestamp(a, mode: mode) }
            guard to.isNumeric else { throw DataFlowError.castUnsupported(from: a.type, to: to) }
            return try castNumeric(a, to: to, mode: mode)
        case (.date, .timestamp):
            let out = Buffer(byteCount: n * 8)
            let x = a.values.pointer(Int32.self), o = out.pointer(Int64.self)
            for i in 0..<n { o[i] = Int64(x[i]) &* DateTime.microsPerDay }
            return Column(type: .timestamp, count: n, values: out, validity: a.validity)
        case (.timestamp, .date):
            let out = Buffer(byteCount: n * 4)
            let x = a.values.pointer(Int64.self), o = out.pointer(Int32.self)
            for i in 0..<n { o[i] = Int32(truncatingIfNeeded: floorDiv(x[i], DateTime.microsPerDay)) }
            return Column(type: .date, count: n, values: out, validity: a.validity)
        case (.timestamp, .int64), (.timestamp, .int32):
            let out = Buffer(byteCount: n * 8)
            let x = a.values.pointer(Int64.self), o = out.pointer(Int64.self)
            for i in 0..<n { o[i] = floorDiv(x[i], 1_000_000) }
            let secs = Column(type: .int64, count: n, values: out, validity: a.validity)
            return to == .int64 ? secs : try castNumeric(secs, to: .int32, mode: mode)
        case (.timestamp, .float64), (.timestamp, .decimal):
            // Seconds with a microsecond fraction: exactly the micros as decimal(38, 6).
            var u = [Int128](repeating: 0, count: n)
            let x = a.values.pointer(Int64.self)
            for i in 0..<n { u[i] = Int128(x[i]) }
            let dec = u.withUnsafeBufferPointer { decimalColumn($0, precision: 38, scale: 6, validity: a.validity) }
            return try castNumeric(dec, to: to, mode: mode)
        default:
            throw DataFlowError.castUnsupported(from: a.type, to: to)
        }
    }

    @inlinable static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func widenBytes(_ a: Column) -> Buffer {
        let out = Buffer(byteCount: a.count * 4)
        let x = a.values.pointer(UInt8.self), o = out.pointer(Int32.self)
        for i in 0..<a.count { o[i] = Int32(x[i]) }
        return out
    }

    static func numericToBoolean(_ a: Column) -> Column {
        let n = a.count
        let out = Buffer(byteCount: max(n, 1))
        let o = out.pointer(UInt8.self)
        switch a.type {
        case .int32: let x = a.values.pointer(Int32.self); for i in 0..<n { o[i] = x[i] != 0 ? 1 : 0 }
        case .int64: let x = a.values.pointer(Int64.self); for i in 0..<n { o[i] = x[i] != 0 ? 1 : 0 }
        case .float64: let x = a.values.pointer(Double.self); for i in 0..<n { o[i] = x[i] != 0 ? 1 : 0 }
        default: let u = unscaled(a); for i in 0..<n { o[i] = u[i] != 0 ? 1 : 0 }
        }
        return finish(.boolean, out, validity: a.validity, count: n)
    }

    static func numericToTimestamp(_ a: Column, mode: ErrorMode) throws -> Column {
        let n = a.count
        let out = Buffer(byteCount: n * 8)
        let o = out.pointer(Int64.self)
        var bad = [Bool](repeating: false, count: n)
        var any = false
        switch a.type {
        case .int32, .int64:
            let u = unscaled(a)
            for i in 0..<n {
                let (r, ov) = Int64(truncatingIfNeeded: u[i]).multipliedReportingOverflow(by: 1_000_000)
                o[i] = r; bad[i] = ov; any = any || ov
            }
        case .float64:
            let x = a.values.pointer(Double.self)
            for i in 0..<n {
                let m = (x[i] * 1_000_000).rounded(.towardZero)
                let ok = m.isFinite && m >= -9.223372036854775808e18 && m < 9.223372036854775808e18
                o[i] = ok ? Int64(m) : 0; bad[i] = !ok; any = any || !ok
            }
        default:
            let u = unscaled(a), s = scaleOf(a.type)
            for i in 0..<n {
                let m = (s >= 6 ? u[i] / Decimal128.pow10(s - 6) : scaleBy(u[i], 6 - s)).flatMap { Int64(exactly: $0) }
                o[i] = m ?? 0; bad[i] = m == nil; any = any || m == nil
            }
        }
        var validity = a.validity
        if any {
            validity = try resolveErrors(count: n, validity: validity, mode: mode, isBad: { bad[$0] },
                                         error: { DataFlowError.castOverflow(literal(a, $0), to: .timestamp) })
        }
        return finish(.timestamp, out, validity: validity, count: n)
    }

    /// Numeric → numeric casts (int32, int64, float64, decimal in any combination).
    static func castNumeric(_ a: Column, to: DataType, mode: ErrorMode) throws -> Column {
        let n = a.count
        var validity = a.validity
        switch to {
        case .int32, .int64:
            let out = Buffer(byteCount: n * to.byteWidth)
            var overflow = false
            var checkRow: (Int) -> Bool = { _ in false }
            switch a.type {
            case .int32:  // to int64
                let x = a.values.pointer(Int32.self), o = out.pointer(Int64.self)
                for i in 0..<n { o[i] = Int64(x[i]) }
            case .int64:  // to int32
                let x = a.values.pointer(Int64.self), o = out.pointer(Int32.self)
                var acc: Int64 = 0
                for i in 0..<n { let v = x[i]; let r = Int32(truncatingIfNeeded: v); o[i] = r; acc |= Int64(r) ^ v }
                overflow = acc != 0
                checkRow = { Int32(exactly: x[$0]) == nil }
            case .float64:
                let x = a.values.pointer(Double.self)
                let lo: Double = to == .int32 ? -2147483648.0 : -9.223372036854775808e18
                let hi: Double = to == .int32 ? 2147483648.0 : 9.223372036854775808e18
                var acc: UInt8 = 0
                if to == .int32 {
                    let o = out.pointer(Int32.self)
                    for i in 0..<n {
                        let t = x[i].rounded(.towardZero); let ok = t >= lo && t < hi   // false for NaN
                        o[i] = ok ? Int32(t) : 0; acc |= ok ? 0 : 1
                    }
                } else {
                    let o = out.pointer(Int64.self)
                    for i in 0..<n {
                        let t = x[i].rounded(.towardZero); let ok = t >= lo && t < hi
                        o[i] = ok ? Int64(t) : 0; acc |= ok ? 0 : 1
                    }
                }
                overflow = acc != 0
                checkRow = { let t = x[$0].rounded(.towardZero); return !(t >= lo && t < hi) }
            default:  // decimal: truncate toward zero
                let u = unscaled(a), p = Decimal128.pow10(scaleOf(a.type))
                var bad = [Bool](repeating: false, count: n)
                for i in 0..<n {
                    let q = u[i] / p
                    if to == .int32 {
                        let r = Int32(exactly: q); out.pointer(Int32.self)[i] = r ?? 0; bad[i] = r == nil
                    } else {
                        let r = Int64(exactly: q); out.pointer(Int64.self)[i] = r ?? 0; bad[i] = r == nil
                    }
                    overflow = overflow || bad[i]
                }
                checkRow = { bad[$0] }
            }
            if overflow {
                validity = try resolveErrors(count: n, validity: validity, mode: mode, isBad: checkRow,
                                             error: { DataFlowError.castOverflow(literal(a, $0), to: to) })
            }
            return finish(to, out, validity: validity, count: n)
        case .float64:
            let out = Buffer(byteCount: n * 8)
            let o = out.pointer(Double.self)
            switch a.type {
            case .int32: let x = a.values.pointer(Int32.self); for i in 0..<n { o[i] = Double(x[i]) }
            case .int64: let x = a.values.pointer(Int64.self); for i in 0..<n { o[i] = Double(x[i]) }
            default:
                let u = unscaled(a), s = scaleOf(a.type)
                for i in 0..<n { o[i] = decimalToDouble(u[i], scale: s) }
            }
            return finish(.float64, out, validity: validity, count: n)
        case .decimal(let p, let s):
            let limit = Decimal128.maxUnscaled(precision: p)
            var u = [Int128](repeating: 0, count: n)
            var bad = [Bool](repeating: false, count: n)
            var any = false
            switch a.type {
            case .float64:
                let x = a.values.pointer(Double.self)
                let vp = bits(validity)
                for i in 0..<n where valid(vp, i) {
                    let r = doubleToDecimal(x[i], scale: s)
                    if let r, r <= limit, r >= 0 - limit { u[i] = r } else { bad[i] = true; any = true }
                }
            default:
                let x = unscaled(a), from = scaleOf(a.type)
                for i in 0..<n {
                    if let r = scaleBy(x[i], s - from), r <= limit, r >= 0 - limit { u[i] = r } else { bad[i] = true; any = true }
                }
            }
            if any {
                validity = try resolveErrors(count: n, validity: validity, mode: mode, isBad: { bad[$0] }, error: { i in
                    a.type == .float64 && !a.values.pointer(Double.self)[i].isFinite
                        ? DataFlowError.castOverflow(literal(a, i), to: to)
                        : DataFlowError.numericOutOfRange(a.value(i).description, precision: p, scale: s)
                })
            }
            return u.withUnsafeBufferPointer { decimalColumn($0, precision: p, scale: s, validity: validity) }
        default:
            throw DataFlowError.castUnsupported(from: a.type, to: to)
        }
    }

    /// Correctly rounded when the unscaled value and the power of ten are exact doubles.
    @usableFromInline static func decimalToDouble(_ u: Int128, scale: Int) -> Double {
        if scale == 0 { return Double(u) }
        if scale <= 22 { return Double(u) / Kernels.exactPowers[scale] }
        return Double(u) / Double(Decimal128.pow10(scale))
    }

    @usableFromInline static let exactPowers: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }

    /// A double as an unscaled decimal at `scale`, via its shortest decimal representation (as Spark's
    /// `BigDecimal(double)` does), rounded half-up; nil for NaN/infinity or when it does not fit Int128.
    static func doubleToDecimal(_ d: Double, scale: Int) -> Int128? {
        guard d.isFinite else { return nil }
        if d == 0 { return 0 }
        var text = d.description
        return text.withUTF8 {
            if case .value(let v) = parseDecimal(UnsafeRawBufferPointer($0), scale: scale) { return v }
            return nil
        }
    }
}
