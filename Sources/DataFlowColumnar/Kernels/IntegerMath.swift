/// pmod, width_bucket, factorial, bin and hex kernels.
extension Kernels {
    /// Spark's `pmod(a, n)`: `a % n`, made non-negative by `(r + n) % n` when it is negative. Both columns
    /// already have `resultType` (int32, int64, float64) or are decimals of which `resultType` is the
    /// remainder type. Division by zero raises DIVIDE_BY_ZERO (ANSI) or gives NULL.
    public static func pmod(_ a: Column, _ b: Column, resultType: DataType, mode: ErrorMode) throws -> Column {
        let r = try arithmetic(.remainder, a, b, resultType: resultType, mode: mode)
        let b = b.decoded()
        let n = r.count
        if r.type == .null || b.type == .null { return r }
        switch resultType {
        case .int32: return fixPmod(r, b, Int32.self, n)
        case .int64: return fixPmod(r, b, Int64.self, n)
        case .float64:
            let out = Buffer(byteCount: n * 8)
            let x = r.values.pointer(Double.self), y = b.values.pointer(Double.self), o = out.pointer(Double.self)
            for i in 0..<n { o[i] = x[i] < 0 ? (x[i] + y[i]).truncatingRemainder(dividingBy: y[i]) : x[i] }
            return finish(.float64, out, validity: r.validity, count: n)
        case .decimal(let p, let s):
            let u = unscaled(r), d = unscaled(b)
            let ds = scaleOf(b.type)
            var o = [Int128](repeating: 0, count: n)
            let vp = bits(r.validity)
            for i in 0..<n where valid(vp, i) {
                guard u[i] < 0, let m = scaleBy(d[i], s - ds), m != 0 else { o[i] = u[i]; continue }
                o[i] = (u[i] + m) % m
            }
            return o.withUnsafeBufferPointer { decimalColumn($0, precision: p, scale: s, validity: r.validity) }
        default:
            throw DataFlowError.typeMismatch("pmod", resultType)
        }
    }

    static func fixPmod<T: FixedWidthInteger & SignedInteger>(_ r: Column, _ b: Column, _: T.Type, _ n: Int) -> Column {
        let out = Buffer(byteCount: n * MemoryLayout<T>.stride)
        let x = r.values.pointer(T.self), y = b.values.pointer(T.self), o = out.pointer(T.self)
        for i in 0..<n {
            // Java's int arithmetic wraps; so does this.
            o[i] = x[i] < 0 && y[i] != 0 && y[i] != -1 ? (x[i] &+ y[i]) % y[i] : x[i]
        }
        return finish(r.type, out, validity: r.validity, count: n)
    }

    /// Spark's `width_bucket(value, min, max, n)` over double columns (n as int64): the 1-based bucket of
    /// `value` among `n` equal-width buckets of [min, max) (reversed when min > max), 0 below and n + 1
    /// above. NULL for n ≤ 0, NaN or infinite bounds, or min = max.
    public static func widthBucket(_ v: Column, _ lo: Column, _ hi: Column, _ k: Column) -> Column {
        let v = asDoubles(v), lo = asDoubles(lo), hi = asDoubles(hi)
        var k = k.decoded()
        let n = v.count
        if k.type != .int64 { k = (try? cast(k, to: .int64, mode: .tryNull)) ?? Column.nulls(.int64, count: n) }
        if v.type == .null || lo.type == .null || hi.type == .null || k.type == .null { return Column.nulls(.int64, count: n) }
        var b = ColumnBuilder(type: .int64, capacity: n)
        let x = v.values.pointer(Double.self), mn = lo.values.pointer(Double.self), mx = hi.values.pointer(Double.self)
        let nb = k.values.pointer(Int64.self)
        for i in 0..<n {
            guard v.isValid(i), lo.isValid(i), hi.isValid(i), k.isValid(i) else { b.appendNull(); continue }
            let value = x[i], min = mn[i], max = mx[i], count = nb[i]
            if count <= 0 || count == Int64.max || value.isNaN || min == max || !min.isFinite || !max.isFinite {
                b.appendNull(); continue
            }
            let lower = Swift.min(min, max), upper = Swift.max(min, max)
            let bucket: Int64
            if min < max {
                bucket = value < lower ? 0 : (value >= upper ? count + 1 : javaLong(Double(count) * (value - lower) / (upper - lower)) + 1)
            } else {
                bucket = value > upper ? 0 : (value <= lower ? count + 1 : javaLong(Double(count) * (upper - value) / (upper - lower)) + 1)
            }
            b.append(bucket)
        }
        return b.finish()
    }

    /// Java's `(long) d`: truncating, saturating, NaN → 0.
    static func javaLong(_ d: Double) -> Int64 {
        if d.isNaN { return 0 }
        if d >= 9.223372036854775807e18 { return Int64.max }
        if d <= -9.223372036854775808e18 { return Int64.min }
        return Int64(d)
    }

    /// `factorial(n)` for n in 0…20 as int64; NULL outside that range.
    public static func factorial(_ a: Column) -> Column {
        var a = a.decoded()
        let n = a.count
        if a.type != .int32 { a = (try? cast(a, to: .int32, mode: .tryNull)) ?? Column.nulls(.int32, count: n) }
        if a.type == .null { return Column.nulls(.int64, count: n) }
        var b = ColumnBuilder(type: .int64, capacity: n)
        let x = a.values.pointer(Int32.self)
        for i in 0..<n {
            guard a.isValid(i), x[i] >= 0, x[i] <= 20 else { b.appendNull(); continue }
            var f: Int64 = 1
            if x[i] > 1 { for k in 2...Int64(x[i]) { f *= k } }
            b.append(f)
        }
        return b.finish()
    }

    /// `bin(n)` / `hex(n)`: the two's-complement binary or upper-case hexadecimal digits of an int64
    /// (Java's `Long.toBinaryString` / `toHexString`).
    public static func radixString(_ a: Column, radix: Int) -> Column {
        let a = a.decoded()
        let n = a.count
        if a.type == .null { return Column.nulls(.string, count: n) }
        var b = ColumnBuilder(type: .string, capacity: n)
        let x = a.values.pointer(Int64.self)
        for i in 0..<n {
            guard a.isValid(i) else { b.appendNull(); continue }
            b.append(String(UInt64(bitPattern: x[i]), radix: radix, uppercase: true))
        }
        return b.finish()
    }

    /// `hex(str)`: the upper-case hexadecimal digits of the string's UTF-8 bytes.
    public static func hexBytes(_ a: Column) -> Column {
        let a = a.decoded()
        let n = a.count
        if a.type == .null { return Column.nulls(.string, count: n) }
        var b = ColumnBuilder(type: .string, capacity: n)
        let digits = Array("0123456789ABCDEF".utf8)
        var buf: [UInt8] = []
        for i in 0..<n {
            guard a.isValid(i) else { b.appendNull(); continue }
            buf.removeAll(keepingCapacity: true)
            for byte in a.utf8(i) { buf.append(digits[Int(byte >> 4)]); buf.append(digits[Int(byte & 15)]) }
            buf.withUnsafeBytes { b.appendUTF8($0) }
        }
        return b.finish()
    }
}
