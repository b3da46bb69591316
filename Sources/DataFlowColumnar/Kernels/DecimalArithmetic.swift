/// Decimal arithmetic in `Int128` with Spark's result types and HALF_UP rounding.
extension Kernels {
    /// Spark's `DecimalType.adjustPrecisionScale` (precision loss allowed): caps precision at 38, keeping
    /// at least min(scale, 6) fraction digits.
    public static func adjustPrecisionScale(_ precision: Int, _ scale: Int) -> DataType {
        if precision <= DataType.maxDecimalPrecision { return .decimal(precision: precision, scale: scale) }
        let intDigits = precision - scale
        let minScale = min(scale, 6)
        let adjusted = max(DataType.maxDecimalPrecision - intDigits, minScale)
        return .decimal(precision: DataType.maxDecimalPrecision, scale: adjusted)
    }

    /// Spark's result type of a decimal binary operation (integral operands widen to decimal(10,0)/(20,0)).
    public static func decimalResultType(_ op: ArithmeticOp, _ a: DataType, _ b: DataType) -> DataType {
        guard let (p1, s1) = asDecimalType(a), let (p2, s2) = asDecimalType(b) else { return .float64 }
        switch op {
        case .add, .subtract:
            let scale = max(s1, s2)
            return adjustPrecisionScale(max(p1 - s1, p2 - s2) + scale + 1, scale)
        case .multiply:
            return adjustPrecisionScale(p1 + p2 + 1, s1 + s2)
        case .divide:
            let scale = max(6, s1 + p2 + 1)
            return adjustPrecisionScale(p1 - s1 + s2 + scale, scale)
        case .remainder:
            let scale = max(s1, s2)
            return adjustPrecisionScale(min(p1 - s1, p2 - s2) + scale, scale)
        }
    }

    /// `(hi, lo)` 256-bit magnitude divided by `d`, rounded half-up; nil if the quotient exceeds 128 bits.
    @usableFromInline static func divideRounding(_ hi: UInt128, _ lo: UInt128, by d: UInt128) -> UInt128? {
        guard hi < d else { return nil }
        let (q, r) = d.dividingFullWidth((hi, lo))
        if r >= d - r {  // 2r >= d without overflow
            let (q1, o) = q.addingReportingOverflow(1)
            return o ? nil : q1
        }
        return q
    }

    /// `x * 10^k` (k may be negative: divide with HALF_UP); nil when it does not fit in Int128.
    @usableFromInline static func scaleBy(_ x: Int128, _ k: Int) -> Int128? {
        if k == 0 { return x }
        if k > 0 {
            guard k <= 38 else { return x == 0 ? 0 : nil }
            let (r, o) = x.multipliedReportingOverflow(by: Decimal128.pow10(k))
            return o ? nil : r
        }
        if -k > 38 { return 0 }
        return Decimal128.divideRoundHalfUp(x, Decimal128.pow10(-k))
    }

    @usableFromInline static func signed(_ m: UInt128, negative: Bool) -> Int128? {
        guard m <= UInt128(Int128.max) else { return nil }
        return negative ? 0 - Int128(m) : Int128(m)
    }

    static func decimalArithmetic(_ op: ArithmeticOp, _ a: Column, _ b: Column, resultType: DataType,
                                  mode: ErrorMode) throws -> Column {
        guard case .decimal(let rp, let rs) = resultType, let (_, s1) = asDecimalType(a.type),
              let (_, s2) = asDecimalType(b.type) else {
            throw DataFlowError.typeMismatch("decimal arithmetic", a.type.isDecimal ? b.type : a.type)
        }
        if let fast = narrowDecimalArithmetic(op, a, b, resultType: resultType) { return fast }
        let n = a.count
        let x = unscaled(a), y = unscaled(b)
        var validity = Bitmap.and(a.validity, b.validity, count: n)
        let vp = bits(validity)
        let limit = Decimal128.maxUnscaled(precision: rp)
        var out = [Int128](repeating: 0, count: n)
        var failed = [UInt8](repeating: 0, count: n)   // 1 = overflow, 2 = division by zero
        var anyFailed = false
        x.withUnsafeBufferPointer { x in y.withUnsafeBufferPointer { y in out.withUnsafeMutableBufferPointer { o in
            failed.withUnsafeMutableBufferPointer { f in
                switch op {
                case .add, .subtract:
                    let common = max(s1, s2)
                    if rs == common && s1 == s2 {
                        // Same scales: one wrapping pass, flags accumulated branch-free, one check.
                        var acc: UInt8 = 0
                        for i in 0..<n {
                            let (r, ov) = op == .add ? x[i].addingReportingOverflow(y[i]) : x[i].subtractingReportingOverflow(y[i])
                            o[i] = r
                            let bad = ov || r > limit || r < 0 - limit
                            f[i] = bad ? 1 : 0
                            acc |= f[i]
                        }
                        anyFailed = acc != 0
                    } else {
                        for i in 0..<n {
                            guard let xa = scaleBy(x[i], common - s1), let ya = scaleBy(y[i], common - s2) else {
                                f[i] = 1; continue
                            }
                            let (r, ov) = op == .add ? xa.addingReportingOverflow(ya) : xa.subtractingReportingOverflow(ya)
                            guard !ov, let v = scaleBy(r, rs - common), v <= limit, v >= -limit else { f[i] = 1; continue }
                            o[i] = v
                        }
                    }
                case .multiply:
                    let shift = s1 + s2 - rs   // >= 0: adjustment only ever lowers the scale
                    for i in 0..<n {
                        let neg = (x[i] < 0) != (y[i] < 0)
                        let (hi, lo) = x[i].magnitude.multipliedFullWidth(by: y[i].magnitude)
                        var m: UInt128? = nil
                        if shift > 0 {
                            m = shift <= 38 ? divideRounding(hi, lo, by: UInt128(Decimal128.pow10(shift))) : 0
                        } else if hi == 0 {
                            m = lo
                        }
                        guard let mm = m, let v = signed(mm, negative: neg), v <= limit, v >= -limit else { f[i] = 1; continue }
                        o[i] = v
                    }
                case .divide:
                    // x/10^s1 ÷ y/10^s2 at scale rs = x * 10^(rs - s1 + s2) / y, rounded half-up.
                    let k = rs - s1 + s2
                    for i in 0..<n {
                        if y[i] == 0 { f[i] = 2; continue }
                        let neg = (x[i] < 0) != (y[i] < 0)
                        var m: UInt128?
                        if k >= 0 {
                            let (hi, lo) = x[i].magnitude.multipliedFullWidth(by: UInt128(Decimal128.pow10(min(k, 38))))
                            m = k > 38 ? (x[i] == 0 ? 0 : nil) : divideRounding(hi, lo, by: y[i].magnitude)
                        } else {
                            let (d, ov) = y[i].magnitude.multipliedReportingOverflow(by: UInt128(Decimal128.pow10(min(-k, 38))))
                            m = ov || -k > 38 ? 0 : divideRounding(0, x[i].magnitude, by: d)
                        }
                        guard let mm = m, let v = signed(mm, negative: neg), v <= limit, v >= -limit else { f[i] = 1; continue }
                        o[i] = v
                    }
                case .remainder:
                    let common = max(s1, s2)
                    for i in 0..<n {
                        if y[i] == 0 { f[i] = 2; continue }
                        guard let xa = scaleBy(x[i], common - s1), let ya = scaleBy(y[i], common - s2),
                              let v = scaleBy(xa % ya, rs - common), v <= limit, v >= -limit else { f[i] = 1; continue }
                        o[i] = v
                    }
                }
                if !anyFailed { for i in 0..<n where f[i] != 0 { anyFailed = true; break } }
            }
        } } }
        if anyFailed {
            validity = try resolveErrors(count: n, validity: validity, mode: mode, isBad: { failed[$0] != 0 }, error: { i in
                failed[i] == 2 ? (op == .divide ? DataFlowError.divideByZero() : DataFlowError.remainderByZero())
                    : DataFlowError.numericOutOfRange("Decimal arithmetic result", precision: rp, scale: rs)
            })
            if mode == .tryNull { for i in 0..<n where failed[i] != 0 { out[i] = 0 } }
        }
        return out.withUnsafeBufferPointer { decimalColumn($0, precision: rp, scale: rs, validity: validity) }
    }

    /// `+`, `-` and `*` of two decimals of at most 18 digits (stored as `Int64`, or `int` columns) where
    /// the result cannot overflow and needs no rounding: the common case in money arithmetic
    /// (`price * (1 - discount)`). One tight loop in 64-bit (add/subtract) or 64×64→128-bit (multiply)
    /// arithmetic, with no per-row checks; nil when another path must decide.
    static func narrowDecimalArithmetic(_ op: ArithmeticOp, _ a: Column, _ b: Column, resultType: DataType) -> Column? {
        guard case .decimal(let rp, let rs) = resultType, let (p1, s1) = narrowDecimal(a.type),
              let (p2, s2) = narrowDecimal(b.type), a.dictionary == nil, b.dictionary == nil else { return nil }
        let n = a.count
        switch op {
        case .add, .subtract:
            // Both scaled to the result scale stay below 10^18, so the sum fits in Int64 and below 10^rp.
            let common = max(s1, s2)
            guard rs == common, p1 + common - s1 <= 18, p2 + common - s2 <= 18, rp >= max(p1 - s1, p2 - s2) + common + 1 else { return nil }
            let mx = Int64(Decimal128.pow10(common - s1)), my = Int64(Decimal128.pow10(common - s2))
            var out = [Int128](repeating: 0, count: n)
            withNarrowValues(a) { x in
                withNarrowValues(b) { y in
                    out.withUnsafeMutableBufferPointer { o in
                        if op == .add {
                            for i in 0..<n { o[i] = Int128(x[i] &* mx &+ y[i] &* my) }
                        } else {
                            for i in 0..<n { o[i] = Int128(x[i] &* mx &- y[i] &* my) }
                        }
                    }
                }
            }
            let validity = Bitmap.and(a.validity, b.validity, count: n)
            return out.withUnsafeBufferPointer { decimalColumn($0, precision: rp, scale: rs, validity: validity) }
        case .multiply:
            // |x·y| < 10^(p1 + p2) ≤ 10^rp: no overflow, and no rounding when the scale is not reduced.
            guard rs == s1 + s2, p1 + p2 <= rp else { return nil }
            var out = [Int128](repeating: 0, count: n)
            withNarrowValues(a) { x in
                withNarrowValues(b) { y in
                    out.withUnsafeMutableBufferPointer { o in
                        for i in 0..<n { o[i] = Int128(x[i]) &* Int128(y[i]) }
                    }
                }
            }
            let validity = Bitmap.and(a.validity, b.validity, count: n)
            return out.withUnsafeBufferPointer { decimalColumn($0, precision: rp, scale: rs, validity: validity) }
        default:
            return nil
        }
    }

    /// Precision and scale of a decimal stored in 64 bits, or of an `int` column (decimal(10, 0)).
    private static func narrowDecimal(_ t: DataType) -> (Int, Int)? {
        switch t {
        case .decimal(let p, let s) where p <= 18: return (p, s)
        case .int32: return (10, 0)
        default: return nil
        }
    }

    /// The unscaled values of a narrow decimal (or `int`) column as `Int64`.
    private static func withNarrowValues(_ c: Column, _ body: (UnsafeBufferPointer<Int64>) -> Void) {
        if c.type == .int32 {
            let v = c.values(Int32.self)
            let wide = [Int64](unsafeUninitializedCapacity: c.count) { buf, count in
                for i in 0..<c.count { buf[i] = Int64(v[i]) }
                count = c.count
            }
            wide.withUnsafeBufferPointer(body)
        } else {
            body(c.values(Int64.self))
        }
    }
}
