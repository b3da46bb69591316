/// `a IN (v1, v2, …)`.
extension Kernels {
    /// Null `a` → null; found → true; not found and the list holds a null → null; else false.
    /// Values are already of `a`'s type (decimals are rescaled to `a`'s scale when they differ).
    public static func inList(_ a: Column, _ list: [Value]) -> Column {
        let a = a.decoded()
        let n = a.count
        let listHasNull = list.contains { $0.isNull }
        let items = list.filter { !$0.isNull }
        let out = Buffer(byteCount: max(n, 1))
        let o = out.pointer(UInt8.self)
        if a.type == .null { return Column.nulls(.boolean, count: n) }
        switch a.type {
        case .string where items.count <= 16:
            // A short list (the usual `IN ('AIR', 'AIR REG')`): compare lengths, then bytes, against each
            // item held in one flat buffer — no hashing, no dictionary lookups per row.
            var flat: [UInt8] = [], bounds: [Int] = [0]
            for v in items { if case .string(let s) = v { flat += s.utf8; bounds.append(flat.count) } }
            let m = bounds.count - 1
            flat.withUnsafeBytes { f in
                bounds.withUnsafeBufferPointer { b in
                    for i in 0..<n {
                        let s = a.utf8(i)
                        var found: UInt8 = 0
                        for j in 0..<m where b[j + 1] - b[j] == s.count {
                            if compareBytes(UnsafeRawBufferPointer(rebasing: f[b[j]..<b[j + 1]]), s) == 0 { found = 1; break }
                        }
                        o[i] = found
                    }
                }
            }
        case .string:
            var table: [UInt64: [[UInt8]]] = [:]
            for v in items {
                if case .string(let s) = v {
                    let bytes = s.utf8Array
                    table[bytes.withUnsafeBytes { hashBytes($0) }, default: []].append(bytes)
                }
            }
            for i in 0..<n {
                let s = a.utf8(i)
                var found = false
                if let cands = table[hashBytes(s)] {
                    for c in cands where c.count == s.count && c.withUnsafeBytes({ compareBytes($0, s) == 0 }) { found = true; break }
                }
                o[i] = found ? 1 : 0
            }
        case .float64:
            let keys = items.compactMap { $0.doubleValue.map(doubleKey) }
            let x = a.values.pointer(Double.self)
            probe(keys, n, o) { doubleKey(x[$0]) }
        case .boolean:
            let keys = items.compactMap { $0.boolValue.map { UInt64($0 ? 1 : 0) } }
            let x = a.values.pointer(UInt8.self)
            probe(keys, n, o) { UInt64(x[$0]) }
        case .int32, .date:
            let keys = items.compactMap { $0.int64Value.map { UInt64(bitPattern: $0) } }
            let x = a.values.pointer(Int32.self)
            probe(keys, n, o) { UInt64(bitPattern: Int64(x[$0])) }
        case .int64, .timestamp:
            let keys = items.compactMap { $0.int64Value.map { UInt64(bitPattern: $0) } }
            let x = a.values.pointer(Int64.self)
            probe(keys, n, o) { UInt64(bitPattern: x[$0]) }
        case .decimal(_, let s):
            let keys: [Int128] = items.compactMap { v in
                switch v {
                case .decimal(let u, _, let vs): return scaleBy(u, s - vs)
                case .int32, .int64: return v.int64Value.flatMap { scaleBy(Int128($0), s) }
                default: return nil
                }
            }
            let u = unscaled(a)
            let set = Set(keys)
            for i in 0..<n { o[i] = set.contains(u[i]) ? 1 : 0 }
        case .null: break
        case .array, .map:
            for i in 0..<n {
                let v = a.value(i)
                o[i] = items.contains { Value.order($0, v) == 0 } ? 1 : 0
            }
        }
        // Validity: null input → null; not found with a null in the list → null.
        var validity = a.validity
        if listHasNull {
            let v = copyValidity(a.validity, count: n)
            let vp = v.pointer(UInt8.self)
            for i in 0..<n where o[i] == 0 { Bitmap.set(vp, i, false) }
            validity = v
        }
        return finish(.boolean, out, validity: validity, count: n)
    }

    @inlinable static func probe(_ keys: [UInt64], _ n: Int, _ o: UnsafeMutablePointer<UInt8>, _ key: (Int) -> UInt64) {
        if keys.count <= 8 {
            keys.withUnsafeBufferPointer { k in
                for i in 0..<n {
                    let x = key(i)
                    var f: UInt8 = 0
                    for j in 0..<k.count { f |= x == k[j] ? 1 : 0 }
                    o[i] = f
                }
            }
        } else {
            let set = Set(keys)
            for i in 0..<n { o[i] = set.contains(key(i)) ? 1 : 0 }
        }
    }
}

extension String {
    @usableFromInline var utf8Array: [UInt8] { Array(utf8) }
}
