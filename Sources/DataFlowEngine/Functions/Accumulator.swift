import DataFlowColumnar

/// Per-group state of one aggregate. The hash aggregate keeps one accumulator per aggregate per worker,
/// feeds it whole batches (`update`), merges workers' states (`merge`) and finishes into one column.
/// Calls are per batch, never per row.
public protocol Accumulator: AnyObject {
    /// Grows the state to `groups` groups (new groups start empty).
    func resize(_ groups: Int)
    /// Adds rows; `groupIds[i]` is the group of row `i`; `args` are the argument columns.
    func update(_ groupIds: UnsafeBufferPointer<Int32>, _ args: [Column]) throws
    /// Merges `other`'s group `j` into this one's group `mapping[j]` (skipped where `mapping[j] < 0`).
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws
    /// One value per group.
    func finish() throws -> Column
}

extension Array {
    /// Extends per-group state to `n` groups, new groups starting at `fill`.
    mutating func grow(to n: Int, fill: Element) {
        if n > count { append(contentsOf: repeatElement(fill, count: n - count)) }
    }
}

/// One value per group, NULL where the group saw no input.
func nullableColumn<T>(_ type: DataType, _ values: [T], _ seen: [UInt8], _ append: (inout ColumnBuilder, T) -> Void) -> Column {
    var b = ColumnBuilder(type: type, capacity: values.count)
    for i in 0..<values.count { if seen[i] != 0 { append(&b, values[i]) } else { b.appendNull() } }
    return b.finish()
}

final class CountAccumulator: Accumulator {
    var counts: [Int64] = []
    let star: Bool
    init(star: Bool) { self.star = star }
    func resize(_ groups: Int) { counts.grow(to: groups, fill: 0) }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        counts.withUnsafeMutableBufferPointer { c in
            if star || args.isEmpty || args.allSatisfy({ $0.validity == nil }) {
                for i in 0..<g.count { c[Int(g[i])] &+= 1 }
            } else if args.count > 1 {
                // count(a, b, …): rows where every argument is non-null.
                for i in 0..<g.count where args.allSatisfy({ $0.isValid(i) }) { c[Int(g[i])] &+= 1 }
            } else {
                let v = args[0].validity!.pointer(UInt8.self)
                for i in 0..<g.count { c[Int(g[i])] &+= Int64((v[i &>> 3] &>> UInt8(i & 7)) & 1) }
            }
        }
    }
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        let o = other as! CountAccumulator
        for j in 0..<mapping.count where mapping[j] >= 0 { counts[Int(mapping[j])] &+= o.counts[j] }
    }
    func finish() throws -> Column { Column(type: .int64, count: counts.count, values: Buffer.of(counts)) }
}

/// Sum of int/bigint input as bigint, raising on overflow (ANSI). State stays in flat arrays and the
/// loop runs over raw buffers: no closure or exclusivity check per row.
final class IntSumAccumulator: Accumulator {
    var sums: [Int64] = []
    var seen: [UInt8] = []
    func resize(_ groups: Int) {
        sums.grow(to: groups, fill: 0)
        seen.grow(to: groups, fill: 0)
    }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0]
        var overflow = false
        sums.withUnsafeMutableBufferPointer { s in
            seen.withUnsafeMutableBufferPointer { sn in
                if c.type == .int32 {
                    overflow = IntSumAccumulator.add(g, c, c.values(Int32.self), s, sn)
                } else {
                    overflow = IntSumAccumulator.add(g, c, c.values(Int64.self), s, sn)
                }
            }
        }
        if overflow { throw DataFlowError.overflow("sum of bigint") }
    }
    @inline(__always)
    static func add<T: FixedWidthInteger>(_ g: UnsafeBufferPointer<Int32>, _ c: Column, _ v: UnsafeBufferPointer<T>,
                                          _ s: UnsafeMutableBufferPointer<Int64>, _ sn: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        var overflow = false
        if let valid = c.validity {
            let vp = valid.pointer(UInt8.self)
            for i in 0..<g.count where Bitmap.get(vp, i) {
                let k = Int(g[i])
                let (r, o) = s[k].addingReportingOverflow(Int64(v[i]))
                s[k] = r
                overflow = overflow || o
                sn[k] = 1
            }
        } else {
            for i in 0..<g.count {
                let k = Int(g[i])
                let (r, o) = s[k].addingReportingOverflow(Int64(v[i]))
                s[k] = r
                overflow = overflow || o
                sn[k] = 1
            }
        }
        return overflow
    }
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        let o = other as! IntSumAccumulator
        for j in 0..<mapping.count where mapping[j] >= 0 && o.seen[j] != 0 {
            let k = Int(mapping[j])
            let (r, ov) = sums[k].addingReportingOverflow(o.sums[j])
            if ov { throw DataFlowError.overflow("sum of bigint") }
            sums[k] = r
            seen[k] = 1
        }
    }
    func finish() throws -> Column { nullableColumn(.int64, sums, seen) { $0.append($1) } }
}

/// Sum of decimals in Int128; the result precision (p + 10) is checked at the end.
final class DecimalSumAccumulator: Accumulator {
    var sums: [Int128] = []
    var seen: [UInt8] = []
    let outputType: DataType
    init(outputType: DataType) { self.outputType = outputType }
    func resize(_ groups: Int) {
        sums.grow(to: groups, fill: 0)
        seen.grow(to: groups, fill: 0)
    }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0]
        sums.withUnsafeMutableBufferPointer { s in
            seen.withUnsafeMutableBufferPointer { sn in
                for i in 0..<g.count where c.isValid(i) {
                    let k = Int(g[i])
                    s[k] = s[k] &+ decimalAt(c, i)
                    sn[k] = 1
                }
            }
        }
    }
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        let o = other as! DecimalSumAccumulator
        for j in 0..<mapping.count where mapping[j] >= 0 && o.seen[j] != 0 {
            sums[Int(mapping[j])] = sums[Int(mapping[j])] &+ o.sums[j]
            seen[Int(mapping[j])] = 1
        }
    }
    func finish() throws -> Column {
        guard case .decimal(let p, _) = outputType else { return Column.nulls(outputType, count: sums.count) }
        var b = ColumnBuilder(type: outputType, capacity: sums.count)
        let limit = Decimal128.maxUnscaled(precision: p)
        for i in 0..<sums.count {
            if seen[i] == 0 { b.appendNull(); continue }
            if sums[i] > limit || sums[i] < -limit { throw DataFlowError.overflow("sum of \(outputType.sqlName)") }
            b.appendDecimal(sums[i])
        }
        return b.finish()
    }
}

/// Fast path for the most common sum: doubles.
final class DoubleSumAccumulator: Accumulator {
    var sums: [Double] = []
    var seen: [UInt8] = []
    func resize(_ groups: Int) {
        sums.grow(to: groups, fill: 0)
        seen.grow(to: groups, fill: 0)
    }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0]
        let v = c.values(Double.self)
        sums.withUnsafeMutableBufferPointer { s in
            seen.withUnsafeMutableBufferPointer { sn in
                if let valid = c.validity {
                    let vp = valid.pointer(UInt8.self)
                    for i in 0..<g.count where Bitmap.get(vp, i) { s[Int(g[i])] += v[i]; sn[Int(g[i])] = 1 }
                } else {
                    for i in 0..<g.count { let k = Int(g[i]); s[k] += v[i]; sn[k] = 1 }
                }
            }
        }
    }
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        let o = other as! DoubleSumAccumulator
        for j in 0..<mapping.count where mapping[j] >= 0 && o.seen[j] != 0 {
            sums[Int(mapping[j])] += o.sums[j]
            seen[Int(mapping[j])] = 1
        }
    }
    func finish() throws -> Column { nullableColumn(.float64, sums, seen) { $0.append($1) } }
}

/// avg: double sum and count (doubles and integers), or Int128 sum and count (decimals).
final class AvgAccumulator: Accumulator {
    var sums: [Double] = []
    var dsums: [Int128] = []
    var counts: [Int64] = []
    let decimal: (inScale: Int, outType: DataType)?
    init(decimal: (Int, DataType)?) { self.decimal = decimal }
    func resize(_ groups: Int) {
        counts.grow(to: groups, fill: 0)
        if decimal == nil { sums.grow(to: groups, fill: 0) } else { dsums.grow(to: groups, fill: 0) }
    }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0]
        if decimal != nil {
            dsums.withUnsafeMutableBufferPointer { s in
                counts.withUnsafeMutableBufferPointer { n in
                    for i in 0..<g.count where c.isValid(i) {
                        let k = Int(g[i])
                        s[k] = s[k] &+ decimalAt(c, i)
                        n[k] &+= 1
                    }
                }
            }
            return
        }
        sums.withUnsafeMutableBufferPointer { s in
            counts.withUnsafeMutableBufferPointer { n in
                switch c.type {
                case .int32: AvgAccumulator.add(g, c, c.values(Int32.self), s, n) { Double($0) }
                case .int64: AvgAccumulator.add(g, c, c.values(Int64.self), s, n) { Double($0) }
                default: AvgAccumulator.add(g, c, c.values(Double.self), s, n) { $0 }
                }
            }
        }
    }
    @inline(__always)
    static func add<T>(_ g: UnsafeBufferPointer<Int32>, _ c: Column, _ v: UnsafeBufferPointer<T>, _ s: UnsafeMutableBufferPointer<Double>,
                       _ n: UnsafeMutableBufferPointer<Int64>, _ conv: (T) -> Double) {
        if let valid = c.validity {
            let vp = valid.pointer(UInt8.self)
            for i in 0..<g.count where Bitmap.get(vp, i) { let k = Int(g[i]); s[k] += conv(v[i]); n[k] &+= 1 }
        } else {
            for i in 0..<g.count { let k = Int(g[i]); s[k] += conv(v[i]); n[k] &+= 1 }
        }
    }
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        let o = other as! AvgAccumulator
        for j in 0..<mapping.count where mapping[j] >= 0 {
            let k = Int(mapping[j])
            if decimal != nil { dsums[k] += o.dsums[j] } else { sums[k] += o.sums[j] }
            counts[k] += o.counts[j]
        }
    }
    func finish() throws -> Column {
        if let (inScale, outType) = decimal, case .decimal(_, let outScale) = outType {
            var b = ColumnBuilder(type: outType, capacity: counts.count)
            for i in 0..<counts.count {
                if counts[i] == 0 { b.appendNull(); continue }
                let scaled = dsums[i] * Decimal128.pow10(outScale - inScale)
                b.appendDecimal(Decimal128.divideRoundHalfUp(scaled, Int128(counts[i])))
            }
            return b.finish()
        }
        var b = ColumnBuilder(type: .float64, capacity: counts.count)
        for i in 0..<counts.count { if counts[i] == 0 { b.appendNull() } else { b.append(sums[i] / Double(counts[i])) } }
        return b.finish()
    }
}

@inline(__always) func decimalAt(_ c: Column, _ i: Int) -> Int128 {
    c.type.byteWidth == 8 ? Int128(c.values(Int64.self)[i]) : c.values(Int128.self)[i]
}

/// min / max by Spark's ordering (NaN greatest): flat typed state for integers, dates, timestamps and
/// doubles; boxed values for strings, decimals and booleans.
final class MinMaxAccumulator: Accumulator {
    enum Kind { case int, double, boxed }
    var ints: [Int64] = []
    var doubles: [Double] = []
    var seen: [UInt8] = []
    var best: [Value] = []
    let isMax: Bool
    let type: DataType
    let kind: Kind
    init(isMax: Bool, type: DataType) {
        self.isMax = isMax
        self.type = type
        switch type {
        case .int32, .int64, .date, .timestamp: kind = .int
        case .float64: kind = .double
        default: kind = .boxed
        }
    }
    func resize(_ groups: Int) {
        seen.grow(to: groups, fill: 0)
        switch kind {
        case .int: ints.grow(to: groups, fill: 0)
        case .double: doubles.grow(to: groups, fill: 0)
        case .boxed: best.grow(to: groups, fill: .null)
        }
    }
    @inline(__always) func better(_ v: Double, _ cur: Double) -> Bool {
        isMax ? (v > cur || (v.isNaN && !cur.isNaN)) : (v < cur || (cur.isNaN && !v.isNaN))
    }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0]
        let isMax = self.isMax
        switch kind {
        case .int:
            ints.withUnsafeMutableBufferPointer { s in
                seen.withUnsafeMutableBufferPointer { sn in
                    func run<T: FixedWidthInteger>(_ v: UnsafeBufferPointer<T>) {
                        for i in 0..<g.count where c.isValid(i) {
                            let k = Int(g[i]), x = Int64(v[i])
                            if sn[k] == 0 || (isMax ? x > s[k] : x < s[k]) { s[k] = x; sn[k] = 1 }
                        }
                    }
                    if c.type.byteWidth == 4 { run(c.values(Int32.self)) } else { run(c.values(Int64.self)) }
                }
            }
        case .double:
            let v = c.values(Double.self)
            doubles.withUnsafeMutableBufferPointer { s in
                seen.withUnsafeMutableBufferPointer { sn in
                    for i in 0..<g.count where c.isValid(i) {
                        let k = Int(g[i])
                        if sn[k] == 0 || better(v[i], s[k]) { s[k] = v[i]; sn[k] = 1 }
                    }
                }
            }
        case .boxed:
            for i in 0..<g.count where c.isValid(i) {
                let k = Int(g[i])
                let v = c.value(i)
                if seen[k] == 0 || (isMax ? compareValues(v, best[k]) > 0 : compareValues(v, best[k]) < 0) {
                    best[k] = v
                    seen[k] = 1
                }
            }
        }
    }
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        let o = other as! MinMaxAccumulator
        for j in 0..<mapping.count where mapping[j] >= 0 && o.seen[j] != 0 {
            let k = Int(mapping[j])
            switch kind {
            case .int:
                if seen[k] == 0 || (isMax ? o.ints[j] > ints[k] : o.ints[j] < ints[k]) { ints[k] = o.ints[j] }
            case .double:
                if seen[k] == 0 || better(o.doubles[j], doubles[k]) { doubles[k] = o.doubles[j] }
            case .boxed:
                if seen[k] == 0 || (isMax ? compareValues(o.best[j], best[k]) > 0 : compareValues(o.best[j], best[k]) < 0) { best[k] = o.best[j] }
            }
            seen[k] = 1
        }
    }
    func finish() throws -> Column {
        var b = ColumnBuilder(type: type, capacity: seen.count)
        for k in 0..<seen.count {
            if seen[k] == 0 { b.appendNull(); continue }
            switch kind {
            case .int: b.append(ints[k])
            case .double: b.append(doubles[k])
            case .boxed: b.append(value: best[k])
            }
        }
        return b.finish()
    }
}

/// first / last (Spark's default: nulls are not skipped).
final class FirstLastAccumulator: Accumulator {
    var values: [Value] = []
    var set: [Bool] = []
    let isLast: Bool
    let ignoreNulls: Bool
    let type: DataType
    init(isLast: Bool, ignoreNulls: Bool, type: DataType) { self.isLast = isLast; self.ignoreNulls = ignoreNulls; self.type = type }
    func resize(_ groups: Int) {
        values.grow(to: groups, fill: .null)
        set.grow(to: groups, fill: false)
    }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0]
        for i in 0..<g.count {
            let k = Int(g[i])
            if set[k] && !isLast { continue }
            if ignoreNulls && !c.isValid(i) { continue }
            values[k] = c.value(i)
            set[k] = true
        }
    }
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        let o = other as! FirstLastAccumulator
        for j in 0..<mapping.count where mapping[j] >= 0 && o.set[j] {
            let k = Int(mapping[j])
            if set[k] && !isLast { continue }
            values[k] = o.values[j]
            set[k] = true
        }
    }
    func finish() throws -> Column { Column.from(values, type: type) }
}

/// Sample/population variance and standard deviation (Welford per row, Chan et al. to merge).
final class VarianceAccumulator: Accumulator {
    var n: [Double] = [], mean: [Double] = [], m2: [Double] = []
    let sample: Bool, sqrtResult: Bool
    init(sample: Bool, sqrt: Bool) { self.sample = sample; self.sqrtResult = sqrt }
    func resize(_ groups: Int) {
        n.grow(to: groups, fill: 0)
        mean.grow(to: groups, fill: 0)
        m2.grow(to: groups, fill: 0)
    }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0]
        let p = c.values(Double.self)
        n.withUnsafeMutableBufferPointer { n in
            mean.withUnsafeMutableBufferPointer { mean in
                m2.withUnsafeMutableBufferPointer { m2 in
                    for i in 0..<g.count where c.isValid(i) {
                        let k = Int(g[i])
                        n[k] += 1
                        let d = p[i] - mean[k]
                        mean[k] += d / n[k]
                        m2[k] += d * (p[i] - mean[k])
                    }
                }
            }
        }
    }
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        let o = other as! VarianceAccumulator
        for j in 0..<mapping.count where mapping[j] >= 0 && o.n[j] > 0 {
            let k = Int(mapping[j])
            let na = n[k], nb = o.n[j], nt = na + nb
            let d = o.mean[j] - mean[k]
            mean[k] += d * nb / nt
            m2[k] += o.m2[j] + d * d * na * nb / nt
            n[k] = nt
        }
    }
    func finish() throws -> Column {
        var b = ColumnBuilder(type: .float64, capacity: n.count)
        for k in 0..<n.count {
            let denom = sample ? n[k] - 1 : n[k]
            if n[k] == 0 || denom == 0 { b.appendNull(); continue }
            let v = m2[k] / denom
            b.append(sqrtResult ? v.squareRoot() : v)
        }
        return b.finish()
    }
}

/// median / percentile / percentile_approx: keeps (group, value) pairs in two flat arrays; at the end
/// counting-sorts the values by group and selects each group's order statistics in place (quickselect),
/// then either interpolates between neighbours (`percentile`, `median`) or takes the smallest value with
/// at least a fraction `p` of the values at or below it (`percentile_approx`, exact here). NaN sorts last.
final class PercentileAccumulator: Accumulator {
    var groups = 0
    var gids: [Int32] = []
    var vals: [Double] = []
    let p: Double
    let interpolate: Bool
    let outputType: DataType
    init(p: Double, interpolate: Bool, outputType: DataType) {
        self.p = Swift.min(1, Swift.max(0, p))
        self.interpolate = interpolate
        self.outputType = outputType
    }
    func resize(_ groups: Int) { self.groups = Swift.max(self.groups, groups) }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0]
        // Grow geometrically (an exact reserveCapacity per batch would copy everything every batch).
        if gids.capacity < gids.count + g.count {
            gids.reserveCapacity(2 * (gids.count + g.count))
            vals.reserveCapacity(2 * (vals.count + g.count))
        }
        switch c.type {
        case .int32: let v = c.values(Int32.self); for i in 0..<g.count where c.isValid(i) { gids.append(g[i]); vals.append(Double(v[i])) }
        case .int64: let v = c.values(Int64.self); for i in 0..<g.count where c.isValid(i) { gids.append(g[i]); vals.append(Double(v[i])) }
        case .decimal(_, let sc):
            for i in 0..<g.count where c.isValid(i) { gids.append(g[i]); vals.append(Decimal128.toDouble(decimalAt(c, i), scale: sc)) }
        default:
            let v = c.values(Double.self)
            if c.validity == nil {
                gids.append(contentsOf: g)
                vals.append(contentsOf: v)
            } else {
                for i in 0..<g.count where c.isValid(i) { gids.append(g[i]); vals.append(v[i]) }
            }
        }
    }
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        let o = other as! PercentileAccumulator
        o.gids.withUnsafeBufferPointer { og in
            o.vals.withUnsafeBufferPointer { ov in
                for j in 0..<og.count {
                    let m = mapping[Int(og[j])]
                    if m >= 0 { gids.append(m); vals.append(ov[j]) }
                }
            }
        }
    }
    @inline(__always) static func less(_ a: Double, _ b: Double) -> Bool { a < b || (b.isNaN && !a.isNaN) }

    /// Puts the `k`-th smallest of `a[0..<n]` at `a[k]`, smaller ones before it, larger after (Hoare/Wirth).
    static func select(_ a: UnsafeMutablePointer<Double>, _ n: Int, _ k: Int) {
        var lo = 0, hi = n &- 1
        while hi > lo {
            if hi &- lo < 16 {
                for i in (lo &+ 1)...hi {
                    let x = a[i]
                    var j = i
                    while j > lo && less(x, a[j &- 1]) { a[j] = a[j &- 1]; j &-= 1 }
                    a[j] = x
                }
                return
            }
            var x = a[lo], y = a[lo &+ (hi &- lo) / 2], z = a[hi]
            if less(y, x) { swap(&x, &y) }
            if less(z, y) { swap(&y, &z); if less(y, x) { swap(&x, &y) } }
            let pivot = y
            var i = lo, j = hi
            while i <= j {
                while less(a[i], pivot) { i &+= 1 }
                while less(pivot, a[j]) { j &-= 1 }
                if i <= j {
                    let t = a[i]; a[i] = a[j]; a[j] = t
                    i &+= 1
                    j &-= 1
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }

    func finish() throws -> Column {
        // Counting sort of the values by group.
        var start = [Int](repeating: 0, count: groups + 1)
        for g in gids { start[Int(g) + 1] += 1 }
        for k in 0..<groups { start[k + 1] += start[k] }
        var sorted = [Double](repeating: 0, count: vals.count)
        var b = ColumnBuilder(type: outputType, capacity: groups)
        sorted.withUnsafeMutableBufferPointer { sp in
            let s = sp.baseAddress!
            var pos = start
            for j in 0..<gids.count {
                let g = Int(gids[j])
                s[pos[g]] = vals[j]
                pos[g] += 1
            }
            for k in 0..<groups {
                let n = start[k + 1] - start[k]
                if n == 0 { b.appendNull(); continue }
                let a = s + start[k]
                let x: Double
                if interpolate {
                    let position = p * Double(n - 1)
                    let lo = Int(position.rounded(.down)), hi = Int(position.rounded(.up))
                    PercentileAccumulator.select(a, n, lo)
                    if lo == hi {
                        x = a[lo]
                    } else {
                        var next = a[lo + 1]
                        for i in (lo + 1)..<n where PercentileAccumulator.less(a[i], next) { next = a[i] }
                        x = a[lo] + (position - Double(lo)) * (next - a[lo])
                    }
                } else {
                    let r = Swift.max(0, Int((p * Double(n)).rounded(.up)) - 1)
                    PercentileAccumulator.select(a, n, r)
                    x = a[r]
                }
                if case .decimal(_, let sc) = outputType {
                    b.appendDecimal(Int128((x * Double(Decimal128.pow10(sc))).rounded()))
                } else {
                    b.append(value: .double(x))
                }
            }
        }
        return b.finish()
    }
}

/// Wraps an accumulator for `DISTINCT`: keeps each group's distinct values, feeds them at the end.
/// With several arguments (`count(DISTINCT a, b)`) the distinct values are the tuples of rows where
/// every argument is non-null, kept as `.array` values.
final class DistinctAccumulator: Accumulator {
    var sets: [Set<Value>] = []
    let inner: any Accumulator
    let types: [DataType]
    init(inner: any Accumulator, types: [DataType]) { self.inner = inner; self.types = types }
    func resize(_ groups: Int) { sets.grow(to: groups, fill: []) }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        guard let c = args.first else { return }
        if args.count == 1 {
            for i in 0..<g.count where c.isValid(i) { sets[Int(g[i])].insert(c.value(i)) }
            return
        }
        for i in 0..<g.count where args.allSatisfy({ $0.isValid(i) }) {
            sets[Int(g[i])].insert(.array(args.map { $0.value(i) }))
        }
    }
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        guard let o = other as? DistinctAccumulator else { throw mergeMismatch(self, other) }
        for j in 0..<mapping.count where mapping[j] >= 0 { sets[Int(mapping[j])].formUnion(o.sets[j]) }
    }
    func finish() throws -> Column {
        inner.resize(sets.count)
        var ids: [Int32] = []
        var vals: [Value] = []
        for (k, s) in sets.enumerated() {
            for v in s { ids.append(Int32(k)); vals.append(v) }
        }
        let cols: [Column]
        if types.count <= 1 {
            cols = [Column.from(vals, type: types.first ?? .null)]
        } else {
            cols = types.indices.map { a in
                Column.from(vals.map { v -> Value in
                    if case .array(let t) = v, a < t.count { return t[a] }
                    return .null
                }, type: types[a])
            }
        }
        try ids.withUnsafeBufferPointer { try inner.update($0, cols) }
        return try inner.finish()
    }
}

/// Spark's ordering of two values of one type (NaN greatest, strings by UTF-8 bytes).
public func compareValues(_ a: Value, _ b: Value) -> Int { Value.order(a, b) }
