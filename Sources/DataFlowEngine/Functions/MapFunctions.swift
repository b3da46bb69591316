import DataFlowColumnar

/// Map functions: map, map_from_arrays, str_to_map, map_keys, map_values, map_contains_key, and the map
/// forms of element_at, try_element_at, `m[key]` and size (declared with the array functions, which
/// dispatch here for map arguments). Keys are never NULL; a duplicate key raises DUPLICATED_MAP_KEY
/// (Spark's default `spark.sql.mapKeyDedupPolicy=EXCEPTION`).
enum MapFunctions {
    static let all: [ScalarFunction] = [
        ScalarFunction("map", category: "collection", signature: "map(key1, value1, key2, value2, ...)",
                       doc: "A map of the given key/value pairs; keys widen to one type and values to another. A NULL key raises NULL_MAP_KEY, a repeated key DUPLICATED_MAP_KEY.",
                       example: "map('a', 1, 'b', 2) → {a -> 1, b -> 2}", arity: 0...254,
                       coerce: { a in
                           guard a.count % 2 == 0 else { return nil }
                           let ks = stride(from: 0, to: a.count, by: 2).map { a[$0] }, vs = stride(from: 1, to: a.count, by: 2).map { a[$0] }
                           guard let k = commonType(ks), let v = commonType(vs), !k.containsMap else { return nil }
                           return a.indices.map { $0 % 2 == 0 ? k : v }
                       },
                       returnType: { a in .map(a.first ?? .null, a.count > 1 ? a[1] : .null) }) { a, n in
            try makeMap(a, n)
        },
        ScalarFunction("map_from_arrays", category: "collection", signature: "map_from_arrays(keys, values)",
                       doc: "A map pairing the elements of two arrays of one length; NULL if either array is NULL.",
                       example: "map_from_arrays(array(1, 2), array('a', 'b')) → {1 -> a, 2 -> b}", arity: 2...2,
                       coerce: { a in
                           guard let k = ArrayCoerce.array([a[0]]), let v = ArrayCoerce.array([a[1]]) else { return nil }
                           return [k[0], v[0]]
                       },
                       returnType: { .map($0[0].elementType ?? .null, $0[1].elementType ?? .null) }) { a, n in
            try fromArrays(a[0], a[1], n)
        },
        ScalarFunction("str_to_map", category: "collection", signature: "str_to_map(text[, pairDelim[, keyValueDelim]])",
                       doc: "Splits `text` into pairs at `pairDelim` (default `,`) and each pair into key and value at `keyValueDelim` (default `:`); a pair without the delimiter has a NULL value. The delimiters are plain text here (Spark's are regular expressions).",
                       example: "str_to_map('a:1,b:2') → {a -> 1, b -> 2}", arity: 1...3,
                       coerce: Coerce.exact([.string, .string, .string]), returnType: { _ in .map(.string, .string) }) { a, n in
            try strToMap(a[0], a.count > 1 ? a[1] : nil, a.count > 2 ? a[2] : nil, n)
        },
        ScalarFunction("map_keys", category: "collection", signature: "map_keys(map)",
                       doc: "The keys of `map` as an array.", example: "map_keys(map('a', 1, 'b', 2)) → [a, b]", arity: 1...1,
                       coerce: { a in a[0].mapTypes != nil ? a : nil }, returnType: { .array($0[0].mapTypes?.key ?? .null) }) { a, n in
            part(a[0], keys: true)
        },
        ScalarFunction("map_values", category: "collection", signature: "map_values(map)",
                       doc: "The values of `map` as an array.", example: "map_values(map('a', 1, 'b', 2)) → [1, 2]", arity: 1...1,
                       coerce: { a in a[0].mapTypes != nil ? a : nil }, returnType: { .array($0[0].mapTypes?.value ?? .null) }) { a, n in
            part(a[0], keys: false)
        },
        ScalarFunction("map_contains_key", category: "collection", signature: "map_contains_key(map, key)",
                       doc: "True if `map` has the key `key`.", example: "map_contains_key(map('a', 1), 'a') → true", arity: 2...2,
                       coerce: mapAndKey, returnType: { _ in .boolean }) { a, n in
            containsKey(a[0], a[1], n)
        },
    ]

    /// A map and a key of its key type (arguments of element_at, `m[k]`, map_contains_key).
    static let mapAndKey: @Sendable ([DataType]) -> [DataType]? = { a in
        guard let k = a[0].mapTypes?.key, canImplicitlyCast(a[1], to: k) else { return nil }
        return [a[0], k]
    }

    static func part(_ m: Column, keys: Bool) -> Column {
        let (kt, vt) = m.type.mapTypes ?? (key: DataType.null, value: DataType.null)
        let child = (keys ? m.elements : m.mapValues)?.column ?? Column.nulls(keys ? kt : vt, count: 0)
        return Column(type: .array(child.type), count: m.count, values: m.values, validity: m.validity, elements: ColumnBox(child))
    }

    static func duplicate(_ key: Value) -> DataFlowError {
        DataFlowError("DUPLICATED_MAP_KEY", "Duplicate map key \(key) was found; each key of a map must be distinct.")
    }

    static let nullKey = DataFlowError("NULL_MAP_KEY", "Cannot use NULL as a map key.")

    /// Checks the keys of each row (NULL, duplicates) and builds the map from the row ranges.
    static func assemble(keys: Column, values: Column, offsets: [Int32], validity: Buffer?, _ n: Int) throws -> Column {
        let cmp = ElementComparator(keys, keys)
        for i in 0..<n {
            let r = Int(offsets[i])..<Int(offsets[i + 1])
            for j in r {
                guard keys.isValid(j) else { throw nullKey }
                for p in r.lowerBound..<j where cmp.equal(p, j) { throw duplicate(keys.value(j)) }
            }
        }
        return Column.map(offsets: offsets, keys: keys, values: values, validity: validity)
    }

    static func makeMap(_ a: [Column], _ n: Int) throws -> Column {
        let pairs = a.count / 2
        guard pairs > 0 else {
            return Column.map(offsets: [Int32](repeating: 0, count: n + 1), keys: Column.nulls(.null, count: 0), values: Column.nulls(.null, count: 0))
        }
        var keyCols: [Column] = [], valueCols: [Column] = []
        for p in 0..<pairs { keyCols.append(a[2 * p]); valueCols.append(a[2 * p + 1]) }
        let allKeys = Column.concat(keyCols), allValues = Column.concat(valueCols)
        var picks: [Int32] = []
        picks.reserveCapacity(n * pairs)
        var offsets: [Int32] = [0]
        for i in 0..<n {
            for p in 0..<pairs { picks.append(Int32(p * n + i)) }
            offsets.append(Int32(picks.count))
        }
        return try picks.withUnsafeBufferPointer { ix in
            try assemble(keys: allKeys.take(ix), values: allValues.take(ix), offsets: offsets, validity: nil, n)
        }
    }

    static func fromArrays(_ k: Column, _ v: Column, _ n: Int) throws -> Column {
        var out = ArrayAssembler(capacity: n)
        var vpicks: [Int32] = []
        for i in 0..<n {
            guard k.isValid(i), v.isValid(i) else { out.appendNull(); continue }
            let rk = k.arrayRange(i), rv = v.arrayRange(i)
            guard rk.count == rv.count else {
                throw DataFlowError("INVALID_PARAMETER_VALUE", "map_from_arrays needs arrays of one length, but the keys have \(rk.count) elements and the values \(rv.count).")
            }
            for j in rk { out.picks.append(Int32(j)) }
            for j in rv { vpicks.append(Int32(j)) }
            out.endRow()
        }
        let arr = out.finish(elementsFrom: k.elementColumn)
        let values = vpicks.withUnsafeBufferPointer { v.elementColumn.take($0) }
        return try assemble(keys: arr.elementColumn, values: values, offsets: Array(UnsafeBufferPointer(start: arr.offsets, count: n + 1)),
                            validity: arr.validity, n)
    }

    static func strToMap(_ s: Column, _ pd: Column?, _ kd: Column?, _ n: Int) throws -> Column {
        var keys = ColumnBuilder(type: .string, capacity: n), values = ColumnBuilder(type: .string, capacity: n)
        var offsets: [Int32] = [0]
        var valid = [Bool](repeating: true, count: n)
        var count: Int32 = 0
        for i in 0..<n {
            defer { offsets.append(count) }
            guard s.isValid(i), pd?.isValid(i) ?? true, kd?.isValid(i) ?? true else { valid[i] = false; continue }
            let text = s.string(i), pairDelim = pd?.string(i) ?? ",", kvDelim = kd?.string(i) ?? ":"
            var seen = Set<String>()
            for pair in split(text, pairDelim) {
                let kv = split(pair, kvDelim, limit: 2)
                guard seen.insert(kv[0]).inserted else { throw duplicate(.string(kv[0])) }
                keys.append(kv[0])
                if kv.count > 1 { values.append(kv[1]) } else { values.appendNull() }
                count += 1
            }
        }
        var validity: Buffer? = nil
        if valid.contains(false) {
            let vb = Buffer(byteCount: Bitmap.byteCount(for: n), zeroed: true)
            for (i, ok) in valid.enumerated() where ok { Bitmap.set(vb.pointer(UInt8.self), i, true) }
            validity = vb
        }
        return Column.map(offsets: offsets, keys: keys.finish(), values: values.finish(), validity: validity)
    }

    /// Splits at a plain-text delimiter (an empty delimiter splits into characters, as a regex would).
    static func split(_ s: String, _ d: String, limit: Int = .max) -> [String] {
        if d.isEmpty { return s.map(String.init) }
        var out: [String] = [], rest = Substring(s)
        while out.count < limit - 1, let r = rest.range(of: d) {
            out.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        out.append(String(rest))
        return out
    }

    /// Row i's value for key `key[i]`, or NULL (missing key or NULL map/key).
    static func lookup(_ m: Column, _ key: Column, _ n: Int) -> Column {
        let (kt, vt) = m.type.mapTypes ?? (key: DataType.null, value: DataType.null)
        let keys = m.elements?.column ?? Column.nulls(kt, count: 0)
        let values = m.mapValues?.column ?? Column.nulls(vt, count: 0)
        let cmp = ElementComparator(keys, key)
        var picks = [Int32](repeating: -1, count: n)
        for i in 0..<n where m.isValid(i) && key.isValid(i) {
            for j in m.arrayRange(i) where cmp.equal(j, i) { picks[i] = Int32(j); break }
        }
        return picks.withUnsafeBufferPointer { values.take($0) }
    }

    static func containsKey(_ m: Column, _ key: Column, _ n: Int) -> Column {
        let keys = m.elements?.column ?? Column.nulls(m.type.mapTypes?.key ?? .null, count: 0)
        let cmp = ElementComparator(keys, key)
        var b = ColumnBuilder(type: .boolean, capacity: n)
        for i in 0..<n {
            guard m.isValid(i), key.isValid(i) else { b.appendNull(); continue }
            b.append(m.arrayRange(i).contains { cmp.equal($0, i) })
        }
        return b.finish()
    }
}
