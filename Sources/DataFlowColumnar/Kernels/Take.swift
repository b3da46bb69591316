import CDataFlowSupport
/// Gather (take), selection and concatenation kernels.
extension Column {
    /// Rows at `indices` (a selection vector); an index of -1 yields null (outer joins use this).
    public func take(_ indices: UnsafeBufferPointer<Int32>, validity extra: Buffer? = nil) -> Column {
        let n = indices.count
        if let d = dictionary {
            // Gather the indices, keep the dictionary.
            let idx = Column(type: .int32, count: count, values: values, validity: validity).take(indices, validity: extra)
            return Column(type: type, count: n, values: idx.values, validity: idx.validity, data: nil, dictionary: d)
        }
        var anyNegative = false
        for i in indices where i < 0 { anyNegative = true; break }
        var outValidity: Buffer? = nil
        if validity != nil || anyNegative || extra != nil {
            let vb = Buffer(byteCount: Bitmap.byteCount(for: n), zeroed: true)
            let o = vb.pointer(UInt8.self)
            let src = validity.map { UnsafePointer($0.pointer(UInt8.self)) }
            let ex = extra.map { UnsafePointer($0.pointer(UInt8.self)) }
            var nulls = 0
            for k in 0..<n {
                let i = Int(indices[k])
                var valid = i >= 0
                if valid, let src { valid = Bitmap.get(src, i) }
                if valid, let ex { valid = Bitmap.get(ex, k) }
                if valid { o[k &>> 3] |= 1 &<< UInt8(k & 7) } else { nulls += 1 }
            }
            outValidity = nulls == 0 ? nil : vb
        }
        switch type {
        case .array, .map:
            return takeArrays(indices, validity: outValidity)
        case .string:
            let so = offsets
            var total = 0
            for k in 0..<n { let i = Int(indices[k]); if i >= 0 { total &+= Int(so[i &+ 1] &- so[i]) } }
            let ob = Buffer(byteCount: (n + 1) * 4)
            let db = Buffer(byteCount: max(total, 1))
            let oo = ob.pointer(Int32.self)
            let src = data!.raw
            var pos = 0
            oo[0] = 0
            for k in 0..<n {
                let i = Int(indices[k])
                if i >= 0 {
                    let s = Int(so[i]), len = Int(so[i &+ 1]) &- s
                    if len > 0 { (db.raw + pos).copyMemory(from: src + s, byteCount: len) }
                    pos &+= len
                }
                oo[k &+ 1] = Int32(pos)
            }
            return Column(type: type, count: n, values: ob, validity: outValidity, data: db)
        default:
            let out: Buffer
            switch type.byteWidth {
            case 1: out = gatherFixed(UInt8.self, indices)
            case 4: out = gatherFixed(UInt32.self, indices)
            case 8: out = gatherFixed(UInt64.self, indices)
            default: out = gatherFixed(Int128.self, indices)
            }
            return Column(type: type, count: n, values: out, validity: outValidity)
        }
    }

    public func take(_ indices: [Int32]) -> Column { indices.withUnsafeBufferPointer { take($0) } }

    /// Arrays at `indices`: new offsets, and the elements of the chosen arrays gathered in order.
    func takeArrays(_ indices: UnsafeBufferPointer<Int32>, validity: Buffer?) -> Column {
        let n = indices.count
        let so = offsets
        var newOffsets = [Int32](repeating: 0, count: n + 1)
        var elementRows: [Int32] = []
        for k in 0..<n {
            let i = Int(indices[k])
            if i >= 0 {
                let s = so[i], e = so[i &+ 1]
                if e > s { elementRows.append(contentsOf: s..<e) }
            }
            newOffsets[k + 1] = Int32(elementRows.count)
        }
        if let mt = type.mapTypes {
            let keys = elements?.column ?? Column.nulls(mt.key, count: 0), items = mapValues?.column ?? Column.nulls(mt.value, count: 0)
            return Column.map(offsets: newOffsets, keys: keys.take(elementRows), values: items.take(elementRows), validity: validity)
        }
        let child = elements?.column ?? Column.nulls(type.elementType ?? .null, count: 0)
        return Column.array(offsets: newOffsets, elements: child.take(elementRows), validity: validity)
    }

    @inlinable func gatherFixed<T: FixedWidthInteger>(_: T.Type, _ indices: UnsafeBufferPointer<Int32>) -> Buffer {
        let n = indices.count
        let out = Buffer(byteCount: n * MemoryLayout<T>.stride)
        let o = out.pointer(T.self)
        let s = values.pointer(T.self)
        let ahead = 16
        for k in 0..<n {
            if k &+ ahead < n, indices[k &+ ahead] >= 0 { dataflow_prefetch(s + Int(indices[k &+ ahead])) }
            let i = Int(indices[k])
            o[k] = i >= 0 ? s[i] : 0
        }
        return out
    }

    /// The rows where `mask` (a boolean column) is true; null counts as false.
    public func filter(_ mask: Column) -> Column {
        let sel = Column.selection(mask)
        return sel.withUnsafeBufferPointer { take($0) }
    }

    /// Indices of rows where a boolean column is true (null is false): a selection vector.
    public static func selection(_ mask: Column) -> [Int32] {
        let n = mask.count
        let m = mask.values.pointer(UInt8.self)
        var out = [Int32](repeating: 0, count: n)
        var k = 0
        out.withUnsafeMutableBufferPointer { o in
            if let v = mask.validity {
                let vp = v.pointer(UInt8.self)
                for i in 0..<n {
                    o[k] = Int32(truncatingIfNeeded: i)
                    k &+= Int(m[i] & ((vp[i &>> 3] &>> UInt8(i & 7)) & 1))
                }
            } else {
                for i in 0..<n {
                    o[k] = Int32(truncatingIfNeeded: i)
                    k &+= Int(m[i] & 1)
                }
            }
        }
        out.removeLast(n - k)
        return out
    }

    /// Joins columns of one type end to end.
    public static func concat(_ parts: [Column]) -> Column {
        let decodedParts = parts.map { $0.decoded() }
        guard let first = decodedParts.first else { return Column.nulls(.null, count: 0) }
        if decodedParts.count == 1 { return first }
        let type = first.type
        let n = decodedParts.reduce(0) { $0 + $1.count }
        var validity: Buffer? = nil
        if decodedParts.contains(where: { $0.validity != nil }) {
            let vb = Bitmap.allValid(n)
            let o = vb.pointer(UInt8.self)
            var base = 0
            for p in decodedParts {
                if let v = p.validity {
                    let vp = v.pointer(UInt8.self)
                    for i in 0..<p.count where !Bitmap.get(vp, i) { Bitmap.set(o, base + i, false) }
                }
                base += p.count
            }
            validity = vb
        }
        if case .array(let elementType) = type {
            var offsets: [Int32] = [0]
            offsets.reserveCapacity(n + 1)
            var children: [Column] = []
            for p in decodedParts {
                let po = p.offsets
                let first = po[0], last = po[p.count]
                let base = offsets[offsets.count - 1]
                for i in 0..<p.count { offsets.append(base + po[i + 1] - first) }
                let child = p.elements?.column ?? Column.nulls(elementType, count: 0)
                // Only the elements the part's arrays use (a part may be a slice of a larger child).
                children.append(first == 0 && Int(last) == child.count ? child : child.take(Array(first..<last)))
            }
            return Column.array(offsets: offsets, elements: Column.concat(children), validity: validity)
        }
        if case .map = type {
            // Rare: through the scalar form (maps are small and seldom leave the select that made them).
            var b = ColumnBuilder(type: type, capacity: n)
            for p in decodedParts { for i in 0..<p.count { b.append(value: p.value(i)) } }
            return b.finish()
        }
        if type == .string {
            let total = decodedParts.reduce(0) { $0 + Int($1.offsets[$1.count]) }
            let ob = Buffer(byteCount: (n + 1) * 4)
            let db = Buffer(byteCount: max(total, 1))
            let oo = ob.pointer(Int32.self)
            oo[0] = 0
            var row = 0, pos: Int32 = 0
            for p in decodedParts {
                let po = p.offsets
                let len = Int(po[p.count])
                if len > 0 { (db.raw + Int(pos)).copyMemory(from: p.data!.raw, byteCount: len) }
                for i in 0..<p.count { oo[row + i + 1] = pos + po[i + 1] }
                row += p.count
                pos += Int32(len)
            }
            return Column(type: type, count: n, values: ob, validity: validity, data: db)
        }
        let w = type.byteWidth
        let out = Buffer(byteCount: n * w)
        var off = 0
        for p in decodedParts {
            (out.raw + off).copyMemory(from: p.values.raw, byteCount: p.count * w)
            off += p.count * w
        }
        return Column(type: type, count: n, values: out, validity: validity)
    }
}

extension Column {
    /// Gathers rows spread over several chunks of one column without joining the chunks first: output
    /// row `k` is row `rows[k]` of `parts[chunks[k]]`, or null when `rows[k]` is negative. Every part
    /// has the same type; dictionary-encoded parts are decoded by the caller.
    public static func gather(_ parts: [Column], type: DataType, chunks: UnsafeBufferPointer<UInt32>,
                              rows: UnsafeBufferPointer<Int32>) -> Column {
        let n = rows.count
        var outValidity: Buffer? = nil
        var anyNegative = false
        for i in rows where i < 0 { anyNegative = true; break }
        if anyNegative || parts.contains(where: { $0.validity != nil }) {
            let vb = Buffer(byteCount: Bitmap.byteCount(for: n), zeroed: true)
            let o = vb.pointer(UInt8.self)
            let bits = parts.map { $0.validity.map { UnsafePointer($0.pointer(UInt8.self)) } }
            var nulls = 0
            for k in 0..<n {
                let i = Int(rows[k])
                var valid = i >= 0
                if valid, let v = bits[Int(chunks[k])] { valid = Bitmap.get(v, i) }
                if valid { o[k &>> 3] |= 1 &<< UInt8(k & 7) } else { nulls += 1 }
            }
            outValidity = nulls == 0 ? nil : vb
        }
        if type == .null { return Column.nulls(.null, count: n) }
        if type.isNested {
            // Rare (array payloads through joins and sorts): join the parts, then take.
            var bases: [Int32] = [0]
            for p in parts { bases.append(bases[bases.count - 1] + Int32(p.count)) }
            let global = (0..<n).map { k in rows[k] < 0 ? Int32(-1) : bases[Int(chunks[k])] + rows[k] }
            let joined = Column.concat(parts)
            return global.withUnsafeBufferPointer { joined.take($0, validity: outValidity) }
        }
        if type == .string {
            let offs = parts.map { $0.offsets }
            let datas = parts.map { UnsafePointer<UInt8>(($0.data?.raw ?? $0.values.raw).assumingMemoryBound(to: UInt8.self)) }
            // Offsets are prefetched a few rows ahead in the length pass, string bytes in the copy pass.
            let ahead = 16
            var total = 0
            for k in 0..<n {
                if k &+ ahead < n, rows[k &+ ahead] >= 0 { dataflow_prefetch(offs[Int(chunks[k &+ ahead])] + Int(rows[k &+ ahead])) }
                let i = Int(rows[k])
                if i >= 0 { let o = offs[Int(chunks[k])]; total &+= Int(o[i &+ 1] &- o[i]) }
            }
            let ob = Buffer(byteCount: (n + 1) * 4)
            let db = Buffer(byteCount: max(total, 1))
            let oo = ob.pointer(Int32.self), dst = db.pointer(UInt8.self)
            var pos = 0
            oo[0] = 0
            for k in 0..<n {
                if k &+ ahead < n, rows[k &+ ahead] >= 0 {
                    let c = Int(chunks[k &+ ahead])
                    dataflow_prefetch(datas[c] + Int(offs[c][Int(rows[k &+ ahead])]))
                }
                let i = Int(rows[k])
                if i >= 0 {
                    let c = Int(chunks[k]), o = offs[c]
                    let s = Int(o[i]), len = Int(o[i &+ 1]) &- s
                    if len > 0 { (dst + pos).update(from: datas[c] + s, count: len) }
                    pos &+= len
                }
                oo[k &+ 1] = Int32(pos)
            }
            return Column(type: type, count: n, values: ob, validity: outValidity, data: db)
        }
        let values: Buffer
        switch type.byteWidth {
        case 1: values = gatherChunked(UInt8.self, parts, chunks, rows)
        case 4: values = gatherChunked(UInt32.self, parts, chunks, rows)
        case 8: values = gatherChunked(UInt64.self, parts, chunks, rows)
        default: values = gatherChunked(Int128.self, parts, chunks, rows)
        }
        return Column(type: type, count: n, values: values, validity: outValidity)
    }

    @inlinable static func gatherChunked<T: FixedWidthInteger>(_: T.Type, _ parts: [Column], _ chunks: UnsafeBufferPointer<UInt32>,
                                                               _ rows: UnsafeBufferPointer<Int32>) -> Buffer {
        let n = rows.count
        let out = Buffer(byteCount: n * MemoryLayout<T>.stride)
        let o = out.pointer(T.self)
        let bases = parts.map { UnsafePointer($0.values.pointer(T.self)) }
        let ahead = 16
        bases.withUnsafeBufferPointer { b in
            for k in 0..<n {
                if k &+ ahead < n, rows[k &+ ahead] >= 0 { dataflow_prefetch(b[Int(chunks[k &+ ahead])] + Int(rows[k &+ ahead])) }
                let i = Int(rows[k])
                o[k] = i >= 0 ? b[Int(chunks[k])][i] : 0
            }
        }
        return out
    }
}
