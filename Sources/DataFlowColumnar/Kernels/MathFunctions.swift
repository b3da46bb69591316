/// round / bround / floor / ceil / sqrt / pow.
extension Kernels {
    /// Spark `round` (HALF_UP). Doubles round their shortest decimal form (as `BigDecimal(double)` does);
    /// decimals get Spark's result type; integers round to tens, hundreds, … for a negative `scale`.
    public static func round(_ a: Column, scale: Int, mode: ErrorMode) throws -> Column {
        try roundColumn(a, scale: scale, halfEven: false, mode: mode)
    }

    /// Spark `bround` (HALF_EVEN), same shapes as `round`.
    public static func bround(_ a: Column, scale: Int, mode: ErrorMode) throws -> Column {
        try roundColumn(a, scale: scale, halfEven: true, mode: mode)
    }

    /// Spark's result type of `round(decimal(p,s), scale)`.
    public static func roundResultType(_ t: DataType, scale: Int) -> DataType {
        guard case .decimal(let p, let s) = t else { return t }
        let integral = p - s + 1
        if scale < 0 { return .decimal(precision: min(max(integral, -scale + 1), 38), scale: 0) }
        let ns = min(s, scale)
        return .decimal(precision: min(integral + ns, 38), scale: ns)
    }

    /// `a / b` rounded half-up or half-even.
    @usableFromInline static func divideRounding(_ a: Int128, _ b: Int128, halfEven: Bool) -> Int128 {
        if !halfEven { return Decimal128.divideRoundHalfUp(a, b) }
        let q = a / b, r = a % b
        let twice = r.magnitude &* 2, m = b.magnitude
        let away = (a < 0) != (b < 0) ? q - 1 : q + 1
        if twice > m { return away }
        if twice == m { return q & 1 == 0 ? q : away }
        return q
    }

    static func roundColumn(_ a: Column, scale: Int, halfEven: Bool, mode: ErrorMode) throws -> Column {
        let a = a.decoded()
        let n = a.count
        switch a.type {
        case .float64:
            let out = Buffer(byteCount: n * 8)
            let x = a.values.pointer(Double.self), o = out.pointer(Double.self)
            for i in 0..<n { o[i] = roundDouble(x[i], scale, halfEven: halfEven) }
            return finish(.float64, out, validity: a.validity, count: n)
        case .decimal(_, let s):
            guard case .decimal(let rp, let rs) = roundResultType(a.type, scale: scale) else { return a }
            let u = unscaled(a)
            var r = [Int128](repeating: 0, count: n)
            var bad = [Bool](repeating: false, count: n)
            var any = false
            let limit = Decimal128.maxUnscaled(precision: rp)
            for i in 0..<n {
                var v = u[i]
                if scale < s {
                    let unit = s - scale   // round at 10^unit
                    v = unit > 38 ? 0 : divideRounding(v, Decimal128.pow10(unit), halfEven: halfEven)
                    if scale < 0, let up = scaleBy(v, -scale) { v = up } else if scale < 0 { bad[i] = true; any = true; continue }
                }
                if v > limit || v < 0 - limit { bad[i] = true; any = true; continue }
                r[i] = v
            }
            var validity = a.validity
            if any {
                validity = try resolveErrors(count: n, validity: validity, mode: mode, isBad: { bad[$0] },
                                             error: { _ in DataFlowError.numericOutOfRange("round result", precision: rp, scale: rs) })
            }
            return r.withUnsafeBufferPointer { decimalColumn($0, precision: rp, scale: rs, validity: validity) }
        case .int32, .int64:
            if scale >= 0 { return a }
            let u = unscaled(a)
            let out = Buffer(byteCount: n * a.type.byteWidth)
            var bad = [Bool](repeating: false, count: n)
            var any = false
            for i in 0..<n {
                let unit = -scale
                var v: Int128 = 0
                if unit <= 38, let up = scaleBy(divideRounding(u[i], Decimal128.pow10(unit), halfEven: halfEven), unit) { v = up }
                let fits = a.type == .int32 ? Int32(exactly: v) != nil : Int64(exactly: v) != nil
                if !fits { bad[i] = true; any = true; v = 0 }
                if a.type == .int32 { out.pointer(Int32.self)[i] = Int32(truncatingIfNeeded: v) } else { out.pointer(Int64.self)[i] = Int64(truncatingIfNeeded: v) }
            }
            var validity = a.validity
            if any {
                validity = try resolveErrors(count: n, validity: validity, mode: mode, isBad: { bad[$0] },
                                             error: { _ in DataFlowError.overflow(halfEven ? "bround" : "round") })
            }
            return finish(a.type, out, validity: validity, count: n)
        case .null: return a
        default: throw DataFlowError.typeMismatch(halfEven ? "bround" : "round", a.type)
        }
    }

    /// Rounds a double at `scale` decimal places the way `BigDecimal(d.toString).setScale(scale, mode)` does.
    public static func roundDouble(_ d: Double, _ scale: Int, halfEven: Bool) -> Double {
        guard d.isFinite, d != 0 else { return d }
        if scale > 22 || scale < -22 {
            return scale > 0 ? d : exactDecimalRound(d, scale, halfEven: halfEven)
        }
        let p = exactPowers[Swift.abs(scale)]
        let x = scale >= 0 ? d * p : d / p
        if Swift.abs(x) >= 4_503_599_627_370_496 { return d }   // 2^52: no digits below the rounding position
        let frac = Swift.abs(x - x.rounded(.towardZero))
        if Swift.abs(frac - 0.5) > 1e-7 {
            let r = x.rounded(halfEven ? .toNearestOrEven : .toNearestOrAwayFromZero)
            let v = scale >= 0 ? r / p : r * p
            return v == 0 ? (d < 0 ? -0.0 : 0.0) : v
        }
        return exactDecimalRound(d, scale, halfEven: halfEven)
    }

    /// Near-tie slow path: rounds the shortest decimal representation exactly.
    static func exactDecimalRound(_ d: Double, _ scale: Int, halfEven: Bool) -> Double {
        let guardDigits = 20
        var text = d.description
        let parsed = text.withUTF8 { parseDecimal(UnsafeRawBufferPointer($0), scale: scale + guardDigits) }
        guard case .value(let u) = parsed else { return d }
        let r = divideRounding(u, Decimal128.pow10(guardDigits), halfEven: halfEven)
        let v = scale >= 0 ? decimalToDouble(r, scale: scale) : Double(r) * (scale >= -22 ? exactPowers[-scale] : Double(Decimal128.pow10(-scale)))
        return v == 0 ? (d < 0 ? -0.0 : 0.0) : v
    }

    public static func floor(_ a: Column) -> Column { floorCeil(a, ceil: false) }
    public static func ceil(_ a: Column) -> Column { floorCeil(a, ceil: true) }

    /// Spark's result type of floor/ceil.
    public static func floorCeilResultType(_ t: DataType) -> DataType {
        switch t {
        case .float64: return .int64
        case .decimal(let p, let s): return s == 0 ? t : .decimal(precision: min(p - s + 1, 38), scale: 0)
        default: return t
        }
    }

    static func floorCeil(_ a: Column, ceil: Bool) -> Column {
        let a = a.decoded()
        let n = a.count
        switch a.type {
        case .float64:
            let out = Buffer(byteCount: n * 8)
            let x = a.values.pointer(Double.self), o = out.pointer(Int64.self)
            for i in 0..<n {
                let r = x[i].rounded(ceil ? .up : .down)
                // Java's (long) conversion: saturating, NaN → 0.
                o[i] = r.isNaN ? 0 : (r >= 9.223372036854775807e18 ? Int64.max : (r <= -9.223372036854775808e18 ? Int64.min : Int64(r)))
            }
            return finish(.int64, out, validity: a.validity, count: n)
        case .decimal(_, let s) where s > 0:
            guard case .decimal(let rp, _) = floorCeilResultType(a.type) else { return a }
            let u = unscaled(a), p = Decimal128.pow10(s)
            var r = [Int128](repeating: 0, count: n)
            for i in 0..<n {
                let q = u[i] / p, rem = u[i] % p
                r[i] = rem == 0 ? q : (ceil ? (u[i] > 0 ? q + 1 : q) : (u[i] < 0 ? q - 1 : q))
            }
            return r.withUnsafeBufferPointer { decimalColumn($0, precision: rp, scale: 0, validity: a.validity) }
        default:
            return a
        }
    }

    static func asDoubles(_ a: Column) -> Column {
        let a = a.decoded()
        if a.type == .float64 || a.type == .null { return a }
        return (try? cast(a, to: .float64, mode: .tryNull)) ?? Column.nulls(.float64, count: a.count)
    }

    /// Square root (double; negative → NaN).
    public static func sqrt(_ a: Column) -> Column {
        let a = asDoubles(a)
        if a.type == .null { return Column.nulls(.float64, count: a.count) }
        let n = a.count
        let out = Buffer(byteCount: n * 8)
        let x = a.values.pointer(Double.self), o = out.pointer(Double.self)
        for i in 0..<n { o[i] = x[i].squareRoot() }
        return finish(.float64, out, validity: a.validity, count: n)
    }

    /// `a ^ b` (double).
    public static func pow(_ a: Column, _ b: Column) -> Column {
        let a = asDoubles(a), b = asDoubles(b)
        let n = a.count
        if a.type == .null || b.type == .null { return Column.nulls(.float64, count: n) }
        let out = Buffer(byteCount: n * 8)
        let x = a.values.pointer(Double.self), y = b.values.pointer(Double.self), o = out.pointer(Double.self)
        for i in 0..<n { o[i] = Foundation.pow(x[i], y[i]) }
        return finish(.float64, out, validity: Bitmap.and(a.validity, b.validity, count: n), count: n)
    }
}

import Foundation
