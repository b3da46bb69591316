/// SQL three-valued logic and null tests.
extension Kernels {
    /// `a AND b`: false wins over null.
    public static func and(_ a: Column, _ b: Column) -> Column { logic(a, b, isAnd: true) }

    /// `a OR b`: true wins over null.
    public static func or(_ a: Column, _ b: Column) -> Column { logic(a, b, isAnd: false) }

    static func logic(_ a: Column, _ b: Column, isAnd: Bool) -> Column {
        let n = a.count
        let an = a.type == .null, bn = b.type == .null
        let x = a.values.pointer(UInt8.self), y = b.values.pointer(UInt8.self)
        let out = Buffer(byteCount: max(n, 1))
        let o = out.pointer(UInt8.self)
        if !an && !bn && a.validity == nil && b.validity == nil {
            if isAnd { for i in 0..<n { o[i] = x[i] & y[i] } } else { for i in 0..<n { o[i] = x[i] | y[i] } }
            return Column(type: .boolean, count: n, values: out)
        }
        let va = bits(a.validity), vb = bits(b.validity)
        let vbuf = Buffer(byteCount: Bitmap.byteCount(for: n), zeroed: true)
        let v = vbuf.pointer(UInt8.self)
        for i in 0..<n {
            let pa: UInt8 = an ? 0 : (valid(va, i) ? 1 : 0), pb: UInt8 = bn ? 0 : (valid(vb, i) ? 1 : 0)
            let xa = an ? 0 : x[i] & pa, yb = bn ? 0 : y[i] & pb
            let value: UInt8, isValid: UInt8
            if isAnd {
                value = xa & yb
                isValid = (pa & pb) | (pa & (xa ^ 1)) | (pb & (yb ^ 1))
            } else {
                value = xa | yb
                isValid = (pa & pb) | xa | yb
            }
            o[i] = value & isValid
            v[i &>> 3] |= isValid &<< UInt8(i & 7)
        }
        return Column(type: .boolean, count: n, values: out, validity: normalized(vbuf, count: n))
    }

    /// `NOT a` (null stays null).
    public static func not(_ a: Column) -> Column {
        let n = a.count
        if a.type == .null { return Column.nulls(.boolean, count: n) }
        let out = Buffer(byteCount: max(n, 1))
        let o = out.pointer(UInt8.self), x = a.values.pointer(UInt8.self)
        for i in 0..<n { o[i] = x[i] ^ 1 }
        return finish(.boolean, out, validity: a.validity, count: n)
    }

    /// `a IS NULL` (never null).
    public static func isNull(_ a: Column) -> Column { nullTest(a, wantNull: true) }

    /// `a IS NOT NULL` (never null).
    public static func isNotNull(_ a: Column) -> Column { nullTest(a, wantNull: false) }

    static func nullTest(_ a: Column, wantNull: Bool) -> Column {
        let n = a.count
        let out = Buffer(byteCount: max(n, 1))
        let o = out.pointer(UInt8.self)
        if a.type == .null {
            for i in 0..<n { o[i] = wantNull ? 1 : 0 }
        } else if let v = bits(a.validity) {
            let flip: UInt8 = wantNull ? 1 : 0
            for i in 0..<n { o[i] = ((v[i &>> 3] &>> UInt8(i & 7)) & 1) ^ flip }
        } else {
            for i in 0..<n { o[i] = wantNull ? 0 : 1 }
        }
        return Column(type: .boolean, count: n, values: out)
    }

    /// `isnan(a)`: true for NaN, false otherwise, including null (Spark's `isnan` is never null).
    public static func isNaN(_ a: Column) -> Column {
        let n = a.count
        let out = Buffer(byteCount: max(n, 1))
        let o = out.pointer(UInt8.self)
        if a.type == .float64 {
            let x = a.values.pointer(Double.self)
            for i in 0..<n { o[i] = x[i].isNaN ? 1 : 0 }
            if let v = bits(a.validity) { for i in 0..<n { o[i] &= (v[i &>> 3] &>> UInt8(i & 7)) & 1 } }
        } else {
            for i in 0..<n { o[i] = 0 }
        }
        return Column(type: .boolean, count: n, values: out)
    }
}
