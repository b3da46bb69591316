import DataFlowColumnar

/// Array functions (Spark's collection functions): constructors, size, element access and search.
/// Set operations and sorting are in ArraySetFunctions.swift, building functions in ArrayBuildFunctions.swift.
enum ArrayFunctions {
    static let all: [ScalarFunction] = access + ArraySetFunctions.all + ArrayBuildFunctions.all + Generators.functions + MapFunctions.all

    /// The internal name `arr[i]` (SQL subscript) compiles to.
    static let subscriptName = "__subscript"

    static let access: [ScalarFunction] = [
        ScalarFunction("array", category: "collection", signature: "array(expr, ...)",
                       doc: "An array of its arguments, widened to one element type (`array()` is an empty array).",
                       example: "array(1, 2, 3) → [1, 2, 3]", arity: 0...255,
                       coerce: { args in commonType(args).map { t in args.map { _ in t } } },
                       returnType: { .array(commonType($0) ?? .null) }) { a, n in
            makeArray(a, n)
        },
        ScalarFunction("size", category: "collection", signature: "size(array)",
                       doc: "The number of elements of `array` (or entries of a map); NULL for a NULL array.",
                       example: "size(array('a', 'b')) → 2", arity: 1...1, coerce: { a in a[0].mapTypes != nil ? a : ArrayCoerce.array(a) },
                       returnType: { _ in .int32 }) { a, n in size(a[0], n) },
        ScalarFunction("array_contains", category: "collection", signature: "array_contains(array, value)",
                       doc: "True if `array` contains `value`; NULL when it does not but holds a NULL, or when an argument is NULL.",
                       example: "array_contains(array(1, 2, 3), 2) → true", arity: 2...2,
                       coerce: ArrayCoerce.arrayAndElement, returnType: { _ in .boolean }) { a, n in
            position(a[0], a[1], n, contains: true)
        },
        ScalarFunction("array_position", category: "collection", signature: "array_position(array, value)",
                       doc: "The 1-based position of the first element equal to `value`; 0 when there is none.",
                       example: "array_position(array(3, 2, 1), 1) → 3", arity: 2...2,
                       coerce: ArrayCoerce.arrayAndNullableElement, returnType: { _ in .int64 }) { a, n in
            position(a[0], a[1], n, contains: false)
        },
        ScalarFunction("element_at", category: "collection", signature: "element_at(array, index)",
                       doc: "The element at the 1-based `index` (negative counts from the end). An index beyond the array raises INVALID_ARRAY_INDEX_IN_ELEMENT_AT; 0 raises INVALID_INDEX_OF_ZERO. For a map: the value of the key `index`, NULL when missing.",
                       example: "element_at(array(1, 2, 3), -1) → 3", arity: 2...2,
                       coerce: ArrayCoerce.indexOrKey, returnType: { $0[0].mapTypes?.value ?? $0[0].elementType ?? .null }) { a, n in
            if a[0].type.mapTypes != nil { return MapFunctions.lookup(a[0], a[1], n) }
            return try elementAt(a[0], a[1], n, mode: .elementAt)
        },
        ScalarFunction("try_element_at", category: "collection", signature: "try_element_at(array, index)",
                       doc: "`element_at`, but NULL instead of an error when `index` is beyond the array. For a map, the value of a key (NULL when missing).",
                       example: "try_element_at(array(1, 2, 3), 5) → NULL", arity: 2...2,
                       coerce: ArrayCoerce.indexOrKey, returnType: { $0[0].mapTypes?.value ?? $0[0].elementType ?? .null }) { a, n in
            if a[0].type.mapTypes != nil { return MapFunctions.lookup(a[0], a[1], n) }
            return try elementAt(a[0], a[1], n, mode: .tryElementAt)
        },
        ScalarFunction(subscriptName, category: "collection", signature: "__subscript(array, index): SQL `array[index]` / `map[key]`",
                       doc: "SQL's subscript: the element at the 0-based `index`; an index outside the array raises INVALID_ARRAY_INDEX.",
                       example: "array(1, 2, 3)[0] → 1", arity: 2...2,
                       coerce: ArrayCoerce.indexOrKey, returnType: { $0[0].mapTypes?.value ?? $0[0].elementType ?? .null }) { a, n in
            if a[0].type.mapTypes != nil { return MapFunctions.lookup(a[0], a[1], n) }
            return try elementAt(a[0], a[1], n, mode: .sqlSubscript)
        },
        ScalarFunction("array_min", category: "collection", signature: "array_min(array)",
                       doc: "The smallest non-null element; NULL for an empty or all-NULL array.",
                       example: "array_min(array(3, NULL, 1)) → 1", arity: 1...1, coerce: ArrayCoerce.array,
                       returnType: { $0[0].elementType ?? .null }) { a, n in extreme(a[0], n, max: false) },
        ScalarFunction("array_max", category: "collection", signature: "array_max(array)",
                       doc: "The largest non-null element; NULL for an empty or all-NULL array.",
                       example: "array_max(array(3, NULL, 1)) → 3", arity: 1...1, coerce: ArrayCoerce.array,
                       returnType: { $0[0].elementType ?? .null }) { a, n in extreme(a[0], n, max: true) },
    ]

    /// `array(c1, …, ck)`: row i's array is (c1[i], …, ck[i]), gathered from the arguments laid end to end.
    static func makeArray(_ cols: [Column], _ n: Int) -> Column {
        guard !cols.isEmpty else {
            return Column.array(offsets: [Int32](repeating: 0, count: n + 1), elements: Column.nulls(.null, count: 0))
        }
        let all = Column.concat(cols.map { $0.count == n ? $0 : $0.slicedPrefix(n) })
        var out = ArrayAssembler(capacity: n)
        out.picks.reserveCapacity(n * cols.count)
        for i in 0..<n {
            for j in 0..<cols.count { out.picks.append(Int32(j * n + i)) }
            out.endRow()
        }
        return out.finish(elementsFrom: all)
    }

    static func size(_ a: Column, _ n: Int) -> Column {
        let out = Buffer(byteCount: max(n, 1) * 4)
        let o = out.pointer(Int32.self), off = a.offsets
        for i in 0..<n { o[i] = off[i &+ 1] &- off[i] }
        return Column(type: .int32, count: n, values: out, validity: a.validity)
    }

    /// `array_contains` (boolean) or `array_position` (bigint, 1-based, 0 when absent).
    static func position(_ a: Column, _ v: Column, _ n: Int, contains: Bool) -> Column {
        let e = a.elementColumn
        let cmp = ElementComparator(e, v)
        var b = ColumnBuilder(type: contains ? .boolean : .int64, capacity: n)
        for i in 0..<n {
            guard a.isValid(i), v.isValid(i) else { b.appendNull(); continue }
            var found = -1, sawNull = false
            for (k, j) in a.arrayRange(i).enumerated() {
                if !e.isValid(j) { sawNull = true; continue }
                if cmp.equal(j, i) { found = k; break }
            }
            if contains {
                if found >= 0 { b.append(true) } else if sawNull { b.appendNull() } else { b.append(false) }
            } else {
                b.append(Int64(found + 1))
            }
        }
        return b.finish()
    }

    enum IndexMode { case elementAt, tryElementAt, sqlSubscript }

    static func elementAt(_ a: Column, _ idx: Column, _ n: Int, mode: IndexMode) throws -> Column {
        let e = a.elementColumn
        let ix = idx.values(Int32.self)
        var picks = [Int32](repeating: -1, count: n)
        for i in 0..<n {
            guard a.isValid(i), idx.isValid(i) else { continue }
            let r = a.arrayRange(i), k = Int(ix[i])
            let pos: Int
            switch mode {
            case .sqlSubscript:
                guard k >= 0, k < r.count else {
                    throw DataFlowError("INVALID_ARRAY_INDEX", "The index \(k) is out of bounds. The array has \(r.count) elements. Use `try_element_at` with a 1-based index to get NULL instead.")
                }
                pos = k
            case .elementAt, .tryElementAt:
                if k == 0 {
                    throw DataFlowError("INVALID_INDEX_OF_ZERO", "The index 0 is invalid in element_at: an index is either < 0 or > 0 (the first element has index 1).")
                }
                guard abs(k) <= r.count else {
                    if mode == .tryElementAt { continue }
                    throw DataFlowError("INVALID_ARRAY_INDEX_IN_ELEMENT_AT", "The index \(k) is out of bounds in element_at. The array has \(r.count) elements. Use `try_element_at` to get NULL instead.")
                }
                pos = k > 0 ? k - 1 : r.count + k
            }
            picks[i] = Int32(r.lowerBound + pos)
        }
        return picks.withUnsafeBufferPointer { e.take($0) }
    }

    /// `array_min` / `array_max`: the extreme non-null element of each array.
    static func extreme(_ a: Column, _ n: Int, max: Bool) -> Column {
        let e = a.elementColumn
        let cmp = ElementComparator(e, e)
        var picks = [Int32](repeating: -1, count: n)
        for i in 0..<n where a.isValid(i) {
            var best = -1
            for j in a.arrayRange(i) where e.isValid(j) {
                if best < 0 { best = j; continue }
                let c = cmp.compare(j, best)
                if max ? c > 0 : c < 0 { best = j }
            }
            picks[i] = Int32(best)
        }
        return picks.withUnsafeBufferPointer { e.take($0) }
    }
}

/// Argument coercions shared by the array functions.
enum ArrayCoerce {
    /// One array argument (an untyped NULL stands for a NULL array).
    static let array: @Sendable ([DataType]) -> [DataType]? = { a in
        if a[0] == .null { return [.array(.null)] }
        return a[0].elementType != nil ? [a[0]] : nil
    }

    /// An array and a value compared with its elements: both widen to one element type. A NULL value is
    /// rejected, as in Spark (DATATYPE_MISMATCH.NULL_TYPE).
    static let arrayAndElement: @Sendable ([DataType]) -> [DataType]? = { a in
        guard a[1] != .null else { return nil }
        let e: DataType
        if a[0] == .null { e = .null } else if let t = a[0].elementType { e = t } else { return nil }
        guard let t = widerType(e, a[1]) else { return nil }
        return [.array(t), t]
    }

    /// An array and a value that may be an untyped NULL (the result is then NULL).
    static let arrayAndNullableElement: @Sendable ([DataType]) -> [DataType]? = { a in
        guard a[1] == .null else { return ArrayCoerce.arrayAndElement(a) }
        guard let first = ArrayCoerce.array([a[0]]) else { return nil }
        return [first[0], first[0].elementType ?? .null]
    }

    /// An array and an integer index, or a map and a key.
    static let indexOrKey: @Sendable ([DataType]) -> [DataType]? = { a in
        a[0].mapTypes != nil ? MapFunctions.mapAndKey(a) : ArrayCoerce.arrayAndIndex(a)
    }

    /// An array and an integer index.
    static let arrayAndIndex: @Sendable ([DataType]) -> [DataType]? = { a in
        guard let first = ArrayCoerce.array([a[0]]), canImplicitlyCast(a[1], to: .int32) || a[1] == .int64 else { return nil }
        return [first[0], .int32]
    }

    /// Arrays that combine (union, concat, …): all widen to one array type.
    static let arrays: @Sendable ([DataType]) -> [DataType]? = { a in
        var e: DataType = .null
        for t in a {
            if t == .null { continue }
            guard let et = t.elementType, let w = widerType(e, et) else { return nil }
            e = w
        }
        return a.map { _ in .array(e) }
    }
}

extension Column {
    /// The first `n` rows (a view of the same buffers; arrays and strings keep their offsets).
    func slicedPrefix(_ n: Int) -> Column {
        Column(type: type, count: n, values: values, validity: validity, data: data, dictionary: dictionary, elements: elements,
               mapValues: mapValues)
    }
}
