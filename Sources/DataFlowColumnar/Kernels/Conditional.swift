/// CASE WHEN and COALESCE: pick, per row, which input column supplies the value, then gather.
extension Kernels {
    /// First condition that is true wins (null counts as false); no match → `otherwise`, or null without one.
    public static func caseWhen(conditions: [Column], values: [Column], otherwise: Column?, type: DataType) -> Column {
        let n = conditions.first?.count ?? values.first?.count ?? otherwise?.count ?? 0
        var sources = values.map { $0.decoded() }
        if let otherwise { sources.append(otherwise.decoded()) }
        var chosen = [Int32](repeating: -1, count: n)
        var undecided = [Bool](repeating: true, count: n)
        for (k, c) in conditions.enumerated() where k < values.count {
            let cond = c.decoded()
            if cond.type == .null { continue }
            let x = cond.values.pointer(UInt8.self), vp = bits(cond.validity)
            for i in 0..<n where undecided[i] && x[i] != 0 && valid(vp, i) {
                chosen[i] = Int32(k); undecided[i] = false
            }
        }
        if otherwise != nil {
            let k = Int32(values.count)
            for i in 0..<n where undecided[i] { chosen[i] = k }
        }
        return gather(sources, chosen, type: type)
    }

    /// The first non-null value per row.
    public static func coalesce(_ columns: [Column]) -> Column {
        let cols = columns.map { $0.decoded() }
        guard let first = cols.first else { return Column.nulls(.null, count: 0) }
        if cols.count == 1 { return first }
        let n = first.count
        let type = cols.first(where: { $0.type != .null })?.type ?? .null
        var chosen = [Int32](repeating: -1, count: n)
        var remaining = n
        for (k, c) in cols.enumerated() where remaining > 0 && c.type != .null {
            let vp = bits(c.validity)
            for i in 0..<n where chosen[i] < 0 && valid(vp, i) { chosen[i] = Int32(k); remaining -= 1 }
        }
        return gather(cols, chosen, type: type)
    }

    /// Row `i` from `sources[chosen[i]]`; -1 → null.
    static func gather(_ sources: [Column], _ chosen: [Int32], type: DataType) -> Column {
        let n = chosen.count
        if type == .null { return Column.nulls(.null, count: n) }
        if type.isNested {
            // Arrays and maps: whole values, children included (an untyped NULL source is all NULLs).
            let parts = sources.map { $0.type == .null ? Column.nulls(type, count: $0.count) : $0 }
            let chunks = chosen.map { UInt32(max($0, 0)) }
            let rows = (0..<n).map { i in chosen[i] >= 0 ? Int32(i) : -1 }
            return chunks.withUnsafeBufferPointer { c in
                rows.withUnsafeBufferPointer { r in Column.gather(parts, type: type, chunks: c, rows: r) }
            }
        }
        let vbuf = Buffer(byteCount: Bitmap.byteCount(for: n), zeroed: true)
        let v = vbuf.pointer(UInt8.self)
        let srcBits = sources.map { $0.type == .null ? nil : bits($0.validity) }
        for i in 0..<n {
            let k = Int(chosen[i])
            if k >= 0 && sources[k].type != .null && valid(srcBits[k], i) { v[i &>> 3] |= 1 &<< UInt8(i & 7) }
        }
        if type == .string {
            var b = ColumnBuilder(type: .string, capacity: n)
            for i in 0..<n {
                if Bitmap.get(v, i) { b.appendUTF8(sources[Int(chosen[i])].utf8(i)) } else { b.appendNull() }
            }
            return b.finish()
        }
        let w = type.byteWidth
        let out = Buffer(byteCount: n * w, zeroed: true)
        switch w {
        case 1: gatherRows(UInt8.self, sources, chosen, v, out)
        case 4: gatherRows(UInt32.self, sources, chosen, v, out)
        case 8: gatherRows(UInt64.self, sources, chosen, v, out)
        default: gatherRows(Int128.self, sources, chosen, v, out)
        }
        return Column(type: type, count: n, values: out, validity: normalized(vbuf, count: n))
    }

    @inlinable static func gatherRows<T>(_: T.Type, _ sources: [Column], _ chosen: [Int32], _ v: UnsafePointer<UInt8>, _ out: Buffer) {
        let ptrs = sources.map { UnsafePointer($0.values.pointer(T.self)) }
        let o = out.pointer(T.self)
        for i in 0..<chosen.count where Bitmap.get(v, i) { o[i] = ptrs[Int(chosen[i])][i] }
    }
}

/// greatest / least / nvl2 / nanvl / nullif.
extension Kernels {
    /// Per row, the greatest (or least) non-null value among `columns` (all of `type`); NULL when all
    /// are NULL. NaN is greater than every other double, as in Spark's ordering.
    public static func extreme(_ columns: [Column], greatest: Bool, type: DataType) -> Column {
        let cols = columns.map { $0.decoded() }
        guard let first = cols.first else { return Column.nulls(type, count: 0) }
        let n = first.count
        var chosen = [Int32](repeating: -1, count: n)
        var best = first
        for (k, c) in cols.enumerated() where c.type != .null {
            let vp = bits(c.validity)
            if best.type == .null {
                for i in 0..<n where chosen[i] < 0 && valid(vp, i) { chosen[i] = Int32(k) }
            } else {
                let better = compare(greatest ? .gt : .lt, c, best)
                let m = better.values.pointer(UInt8.self), mp = bits(better.validity)
                for i in 0..<n where valid(vp, i) && (chosen[i] < 0 || (m[i] != 0 && valid(mp, i))) { chosen[i] = Int32(k) }
            }
            best = gather(cols, chosen, type: type)
        }
        return best.type == .null ? Column.nulls(type, count: n) : best
    }

    /// `nvl2(test, ifNotNull, ifNull)`.
    public static func nvl2(_ test: Column, _ a: Column, _ b: Column, type: DataType) -> Column {
        caseWhen(conditions: [isNotNull(test)], values: [a], otherwise: b, type: type)
    }

    /// `nanvl(a, b)`: `b` where `a` is NaN, else `a` (double columns).
    public static func nanvl(_ a: Column, _ b: Column) -> Column {
        caseWhen(conditions: [isNaN(a)], values: [b], otherwise: a, type: .float64)
    }

    /// `nullif(a, b)`: NULL where `a = b`, else `a`; `a` and `b` are compared as `type`.
    public static func nullIf(_ a: Column, _ b: Column, compareAs type: DataType) throws -> Column {
        let x = a.type == type ? a : try cast(a, to: type, mode: .ansi)
        let y = b.type == type ? b : try cast(b, to: type, mode: .ansi)
        return caseWhen(conditions: [compare(.eq, x, y)], values: [Column.nulls(a.type, count: a.count)], otherwise: a, type: a.type)
    }
}
