/// Comparisons producing boolean columns (one byte per row).
extension Kernels {
    public static func compare(_ op: CompareOp, _ a: Column, _ b: Column) -> Column {
        let a = a.decoded(), b = b.decoded()
        precondition(a.count == b.count, "compare: columns differ in length")
        let n = a.count
        let out = Buffer(byteCount: max(n, 1))
        let o = out.pointer(UInt8.self)
        let cmpOp = op == .eqNullSafe ? CompareOp.eq : op
        switch a.type {
        case .boolean: compareFixed(cmpOp, UInt8.self, a, b, o)
        case .int32, .date: compareFixed(cmpOp, Int32.self, a, b, o)
        case .int64, .timestamp: compareFixed(cmpOp, Int64.self, a, b, o)
        case .float64: compareDoubles(cmpOp, a, b, o)
        case .string: compareStrings(cmpOp, a, b, o)
        case .decimal(let p1, let s1):
            if case .decimal(let p2, let s2) = b.type, s1 == s2, p1 <= 18, p2 <= 18 {
                compareFixed(cmpOp, Int64.self, a, b, o)
            } else {
                compareDecimals(cmpOp, a, b, o)
            }
        case .null:
            for i in 0..<n { o[i] = 0 }
        case .array, .map:
            for i in 0..<n {
                let c = Value.order(a.value(i), b.value(i))
                switch cmpOp {
                case .eq, .eqNullSafe: o[i] = c == 0 ? 1 : 0
                case .ne: o[i] = c != 0 ? 1 : 0
                case .lt: o[i] = c < 0 ? 1 : 0
                case .le: o[i] = c <= 0 ? 1 : 0
                case .gt: o[i] = c > 0 ? 1 : 0
                case .ge: o[i] = c >= 0 ? 1 : 0
                }
            }
        }
        if op == .eqNullSafe {
            // Both null → true, one null → false, else the comparison.
            let va = bits(a.validity), vb = bits(b.validity)
            if va != nil || vb != nil || a.type == .null || b.type == .null {
                let an = a.type == .null, bn = b.type == .null
                for i in 0..<n {
                    let x = !an && valid(va, i), y = !bn && valid(vb, i)
                    o[i] = x && y ? o[i] : (x == y ? 1 : 0)
                }
            }
            return Column(type: .boolean, count: n, values: out, validity: nil)
        }
        if a.type == .null || b.type == .null { return Column.nulls(.boolean, count: n) }
        return finish(.boolean, out, validity: Bitmap.and(a.validity, b.validity, count: n), count: n)
    }

    @inlinable static func compareFixed<T: Comparable>(_ op: CompareOp, _: T.Type, _ a: Column, _ b: Column,
                                                       _ o: UnsafeMutablePointer<UInt8>) {
        let x = UnsafePointer(a.values.pointer(T.self)), y = UnsafePointer(b.values.pointer(T.self))
        let n = a.count
        switch op {
        case .eq, .eqNullSafe: for i in 0..<n { o[i] = x[i] == y[i] ? 1 : 0 }
        case .ne: for i in 0..<n { o[i] = x[i] != y[i] ? 1 : 0 }
        case .lt: for i in 0..<n { o[i] = x[i] < y[i] ? 1 : 0 }
        case .le: for i in 0..<n { o[i] = x[i] <= y[i] ? 1 : 0 }
        case .gt: for i in 0..<n { o[i] = x[i] > y[i] ? 1 : 0 }
        case .ge: for i in 0..<n { o[i] = x[i] >= y[i] ? 1 : 0 }
        }
    }

    /// Spark's double ordering: NaN equals NaN and is greater than every other value; -0.0 == 0.0.
    static func compareDoubles(_ op: CompareOp, _ a: Column, _ b: Column, _ o: UnsafeMutablePointer<UInt8>) {
        let x = UnsafePointer(a.values.pointer(Double.self)), y = UnsafePointer(b.values.pointer(Double.self))
        let n = a.count
        @inline(__always) func eq(_ p: Double, _ q: Double) -> Bool { p == q || (p.isNaN && q.isNaN) }
        @inline(__always) func lt(_ p: Double, _ q: Double) -> Bool { p < q || (q.isNaN && !p.isNaN) }
        switch op {
        case .eq, .eqNullSafe: for i in 0..<n { o[i] = eq(x[i], y[i]) ? 1 : 0 }
        case .ne: for i in 0..<n { o[i] = eq(x[i], y[i]) ? 0 : 1 }
        case .lt: for i in 0..<n { o[i] = lt(x[i], y[i]) ? 1 : 0 }
        case .le: for i in 0..<n { o[i] = lt(y[i], x[i]) ? 0 : 1 }
        case .gt: for i in 0..<n { o[i] = lt(y[i], x[i]) ? 1 : 0 }
        case .ge: for i in 0..<n { o[i] = lt(x[i], y[i]) ? 0 : 1 }
        }
    }

    /// Byte-wise (UTF-8) three-way comparison.
    @inlinable static func compareBytes(_ p: UnsafeRawBufferPointer, _ q: UnsafeRawBufferPointer) -> Int {
        let m = Swift.min(p.count, q.count)
        if m > 0 {
            let c = memcmp(p.baseAddress!, q.baseAddress!, m)
            if c != 0 { return c < 0 ? -1 : 1 }
        }
        return p.count < q.count ? -1 : (p.count > q.count ? 1 : 0)
    }

    static func compareStrings(_ op: CompareOp, _ a: Column, _ b: Column, _ o: UnsafeMutablePointer<UInt8>) {
        let n = a.count
        let ao = a.offsets, bo = b.offsets
        let ad = a.data?.raw, bd = b.data?.raw
        for i in 0..<n {
            let s1 = Int(ao[i]), l1 = Int(ao[i + 1]) - s1, s2 = Int(bo[i]), l2 = Int(bo[i + 1]) - s2
            let p = UnsafeRawBufferPointer(start: ad.map { $0 + s1 }, count: l1)
            let q = UnsafeRawBufferPointer(start: bd.map { $0 + s2 }, count: l2)
            let c: Int
            if op == .eq || op == .ne {
                c = l1 != l2 ? 1 : (l1 == 0 ? 0 : (memcmp(p.baseAddress!, q.baseAddress!, l1) == 0 ? 0 : 1))
            } else {
                c = compareBytes(p, q)
            }
            o[i] = result(op, c) ? 1 : 0
        }
    }

    @inlinable static func result(_ op: CompareOp, _ c: Int) -> Bool {
        switch op {
        case .eq, .eqNullSafe: return c == 0
        case .ne: return c != 0
        case .lt: return c < 0
        case .le: return c <= 0
        case .gt: return c > 0
        case .ge: return c >= 0
        }
    }

    /// Decimals of different scales: rescale both to the larger scale (an overflowing rescale means the
    /// magnitude exceeds anything the other side can hold, so its sign decides).
    static func compareDecimals(_ op: CompareOp, _ a: Column, _ b: Column, _ o: UnsafeMutablePointer<UInt8>) {
        let s1 = scaleOf(a.type), s2 = scaleOf(b.type), s = max(s1, s2)
        let x = unscaled(a), y = unscaled(b)
        for i in 0..<a.count {
            let c: Int
            switch (scaleBy(x[i], s - s1), scaleBy(y[i], s - s2)) {
            case let (p?, q?): c = p < q ? -1 : (p > q ? 1 : 0)
            case (nil, _): c = x[i] < 0 ? -1 : 1
            case (_, nil): c = y[i] < 0 ? 1 : -1
            }
            o[i] = result(op, c) ? 1 : 0
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
