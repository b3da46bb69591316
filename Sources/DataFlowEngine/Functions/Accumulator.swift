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

final class CountAccumulator: Accumulator {
    var counts: [Int64] = []
    let star: Bool
    init(star: Bool) { self.star = star }
    func resize(_ groups: Int) { if groups > counts.count { counts.append(contentsOf: repeatElement(0, count: groups - counts.count)) } }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        counts.withUnsafeMutableBufferPointer { c in
            if star || args.isEmpty || args[0].validity == nil {
                for i in 0..<g.count { c[Int(g[i])] &+= 1 }
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

/// Sum of integers (as Int64 with ANSI overflow checks), doubles, or decimals (as Int128).
final class SumAccumulator<T: Numeric & Sendable>: Accumulator {
    var sums: [T] = []
    var seen: [Bool] = []
    let inputType: DataType
    let outputType: DataType
    /// Converts one input row to T.
    let load: (Column, Int) -> T
    let add: (T, T) throws -> T
    let store: ([T], [Bool], DataType) throws -> Column

    init(inputType: DataType, outputType: DataType, load: @escaping (Column, Int) -> T,
         add: @escaping (T, T) throws -> T, store: @escaping ([T], [Bool], DataType) throws -> Column) {
        self.inputType = inputType
        self.outputType = outputType
        self.load = load
        self.add = add
        self.store = store
    }
    func resize(_ groups: Int) {
        if groups > sums.count {
            sums.append(contentsOf: repeatElement(0, count: groups - sums.count))
            seen.append(contentsOf: repeatElement(false, count: groups - seen.count))
        }
    }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0]
        for i in 0..<g.count where c.isValid(i) {
            let k = Int(g[i])
            sums[k] = try add(sums[k], load(c, i))
            seen[k] = true
        }
    }
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        let o = other as! SumAccumulator<T>
        for j in 0..<mapping.count where mapping[j] >= 0 && o.seen[j] {
            let k = Int(mapping[j])
            sums[k] = try add(sums[k], o.sums[j])
            seen[k] = true
        }
    }
    func finish() throws -> Column { try store(sums, seen, outputType) }
}

/// Fast path for the most common sum: doubles, vectorizable per batch.
final class DoubleSumAccumulator: Accumulator {
    var sums: [Double] = []
    var seen: [UInt8] = []
    func resize(_ groups: Int) {
        if groups > sums.count {
            sums.append(contentsOf: repeatElement(0, count: groups - sums.count))
            seen.append(contentsOf: repeatElement(0, count: groups - seen.count))
        }
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
    func finish() throws -> Column {
        var b = ColumnBuilder(type: .float64, capacity: sums.count)
        for i in 0..<sums.count { if seen[i] != 0 { b.append(sums[i]) } else { b.appendNull() } }
        return b.finish()
    }
}

/// avg: double sum and count (doubles and integers), or Int128 sum and count (decimals).
final class AvgAccumulator: Accumulator {
    var sums: [Double] = []
    var dsums: [Int128] = []
    var counts: [Int64] = []
    let decimal: (inScale: Int, outType: DataType)?
    init(decimal: (Int, DataType)?) { self.decimal = decimal }
    func resize(_ groups: Int) {
        if groups > counts.count {
            let extra = groups - counts.count
            counts.append(contentsOf: repeatElement(0, count: extra))
            if decimal == nil { sums.append(contentsOf: repeatElement(0, count: extra)) } else { dsums.append(contentsOf: repeatElement(0, count: extra)) }
        }
    }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0]
        if decimal != nil {
            for i in 0..<g.count where c.isValid(i) {
                let k = Int(g[i])
                dsums[k] += decimalAt(c, i)
                counts[k] += 1
            }
            return
        }
        let vals: (Int) -> Double
        switch c.type {
        case .int32: let p = c.values(Int32.self); vals = { Double(p[$0]) }
        case .int64: let p = c.values(Int64.self); vals = { Double(p[$0]) }
        default: let p = c.values(Double.self); vals = { p[$0] }
        }
        for i in 0..<g.count where c.isValid(i) {
            let k = Int(g[i])
            sums[k] += vals(i)
            counts[k] += 1
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

/// min / max over any type, by Spark's ordering (NaN greatest).
final class MinMaxAccumulator: Accumulator {
    var best: [Value] = []
    let isMax: Bool
    let type: DataType
    init(isMax: Bool, type: DataType) { self.isMax = isMax; self.type = type }
    func resize(_ groups: Int) { if groups > best.count { best.append(contentsOf: repeatElement(.null, count: groups - best.count)) } }
    func better(_ a: Value, than b: Value) -> Bool {
        if b.isNull { return true }
        let c = compareValues(a, b)
        return isMax ? c > 0 : c < 0
    }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0]
        switch c.type {
        case .int64, .timestamp: try typed(g, c, Int64.self)
        case .int32, .date: try typed(g, c, Int32.self)
        case .float64:
            let p = c.values(Double.self)
            for i in 0..<g.count where c.isValid(i) {
                let k = Int(g[i])
                if case .double(let cur) = best[k] {
                    let v = p[i]
                    let take = isMax ? (v > cur || (v.isNaN && !cur.isNaN)) : (v < cur || (cur.isNaN && !v.isNaN))
                    if take { best[k] = .double(v) }
                } else { best[k] = .double(p[i]) }
            }
        default:
            for i in 0..<g.count where c.isValid(i) {
                let k = Int(g[i])
                let v = c.value(i)
                if better(v, than: best[k]) { best[k] = v }
            }
        }
    }
    private func typed<T: FixedWidthInteger>(_ g: UnsafeBufferPointer<Int32>, _ c: Column, _: T.Type) throws {
        // Fold to a typed array first, then box once per group.
        var cur = [T](repeating: isMax ? T.min : T.max, count: best.count)
        var seen = [Bool](repeating: false, count: best.count)
        let p = c.values(T.self)
        for i in 0..<g.count where c.isValid(i) {
            let k = Int(g[i])
            let v = p[i]
            if isMax ? v > cur[k] : v < cur[k] { cur[k] = v }
            seen[k] = true
        }
        for k in 0..<best.count where seen[k] {
            let v: Value = T.self == Int64.self
                ? (type == .timestamp ? .timestamp(Int64(cur[k])) : .int64(Int64(cur[k])))
                : (type == .date ? .date(Int32(cur[k])) : .int32(Int32(cur[k])))
            if better(v, than: best[k]) { best[k] = v }
        }
    }
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        let o = other as! MinMaxAccumulator
        for j in 0..<mapping.count where mapping[j] >= 0 && !o.best[j].isNull {
            let k = Int(mapping[j])
            if better(o.best[j], than: best[k]) { best[k] = o.best[j] }
        }
    }
    func finish() throws -> Column { Column.from(best, type: type) }
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
        if groups > values.count {
            values.append(contentsOf: repeatElement(.null, count: groups - values.count))
            set.append(contentsOf: repeatElement(false, count: groups - set.count))
        }
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
        if groups > n.count {
            let e = groups - n.count
            n.append(contentsOf: repeatElement(0, count: e))
            mean.append(contentsOf: repeatElement(0, count: e))
            m2.append(contentsOf: repeatElement(0, count: e))
        }
    }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0]
        let p = c.values(Double.self)
        for i in 0..<g.count where c.isValid(i) {
            let k = Int(g[i])
            n[k] += 1
            let d = p[i] - mean[k]
            mean[k] += d / n[k]
            m2[k] += d * (p[i] - mean[k])
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

/// median / percentile: keeps each group's values, interpolates at the end (Spark's `percentile`).
final class PercentileAccumulator: Accumulator {
    var lists: [[Double]] = []
    let p: Double
    init(p: Double) { self.p = p }
    func resize(_ groups: Int) { if groups > lists.count { lists.append(contentsOf: repeatElement([], count: groups - lists.count)) } }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0]
        let v = c.values(Double.self)
        for i in 0..<g.count where c.isValid(i) { lists[Int(g[i])].append(v[i]) }
    }
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        let o = other as! PercentileAccumulator
        for j in 0..<mapping.count where mapping[j] >= 0 { lists[Int(mapping[j])].append(contentsOf: o.lists[j]) }
    }
    func finish() throws -> Column {
        var b = ColumnBuilder(type: .float64, capacity: lists.count)
        for l in lists {
            if l.isEmpty { b.appendNull(); continue }
            let s = l.sorted()
            let pos = p * Double(s.count - 1)
            let lo = Int(pos.rounded(.down)), hi = Int(pos.rounded(.up))
            b.append(lo == hi ? s[lo] : s[lo] + (pos - Double(lo)) * (s[hi] - s[lo]))
        }
        return b.finish()
    }
}

/// Wraps an accumulator for `DISTINCT`: keeps each group's distinct values, feeds them at the end.
final class DistinctAccumulator: Accumulator {
    var sets: [Set<Value>] = []
    let inner: any Accumulator
    let type: DataType
    init(inner: any Accumulator, type: DataType) { self.inner = inner; self.type = type }
    func resize(_ groups: Int) { if groups > sets.count { sets.append(contentsOf: repeatElement([], count: groups - sets.count)) } }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0]
        for i in 0..<g.count where c.isValid(i) { sets[Int(g[i])].insert(c.value(i)) }
    }
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        let o = other as! DistinctAccumulator
        for j in 0..<mapping.count where mapping[j] >= 0 { sets[Int(mapping[j])].formUnion(o.sets[j]) }
    }
    func finish() throws -> Column {
        inner.resize(sets.count)
        var ids: [Int32] = []
        var vals: [Value] = []
        for (k, s) in sets.enumerated() {
            for v in s { ids.append(Int32(k)); vals.append(v) }
        }
        let col = Column.from(vals, type: type)
        try ids.withUnsafeBufferPointer { try inner.update($0, [col]) }
        return try inner.finish()
    }
}

/// Spark's ordering of two non-null values of one type (NaN greatest, strings by UTF-8 bytes).
public func compareValues(_ a: Value, _ b: Value) -> Int {
    switch (a, b) {
    case (.null, .null): return 0
    case (.null, _): return -1
    case (_, .null): return 1
    case (.int32(let x), .int32(let y)): return x < y ? -1 : (x > y ? 1 : 0)
    case (.int64(let x), .int64(let y)): return x < y ? -1 : (x > y ? 1 : 0)
    case (.date(let x), .date(let y)): return x < y ? -1 : (x > y ? 1 : 0)
    case (.timestamp(let x), .timestamp(let y)): return x < y ? -1 : (x > y ? 1 : 0)
    case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
    case (.double(let x), .double(let y)):
        if x.isNaN { return y.isNaN ? 0 : 1 }
        if y.isNaN { return -1 }
        return x < y ? -1 : (x > y ? 1 : 0)
    case (.decimal(let x, _, let sx), .decimal(let y, _, let sy)):
        let s = max(sx, sy)
        let xx = x * Decimal128.pow10(s - sx), yy = y * Decimal128.pow10(s - sy)
        return xx < yy ? -1 : (xx > yy ? 1 : 0)
    case (.string(let x), .string(let y)):
        return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : (x == y ? 0 : 1)
    default:
        if let x = a.doubleValue, let y = b.doubleValue { return x < y ? -1 : (x > y ? 1 : 0) }
        return 0
    }
}
