import DataFlowColumnar

/// Array functions that sort, deduplicate or compare elements: sort_array, array_sort, array_distinct,
/// array_remove, array_union, array_intersect, array_except, arrays_overlap. Elements are compared in
/// place (`ElementComparator`) and the results gathered from the input elements: no value boxing.
enum ArraySetFunctions {
    static let same: @Sendable ([DataType]) -> DataType = { $0[0] }

    static let all: [ScalarFunction] = [
        ScalarFunction("sort_array", category: "collection", signature: "sort_array(array[, ascending])",
                       doc: "Sorts the elements, ascending by default; NULLs come first in ascending order and last in descending order.",
                       example: "sort_array(array(3, NULL, 1), false) → [3, 1, null]", arity: 1...2,
                       coerce: { a in
                           guard let first = ArrayCoerce.array([a[0]]) else { return nil }
                           if a.count == 1 { return first }
                           return a[1] == .boolean || a[1] == .null ? [first[0], .boolean] : nil
                       }, returnType: same) { a, n in
            sortArrays(a[0], n, ascending: a.count > 1 ? a[1] : nil, nullsLastAscending: false)
        },
        ScalarFunction("array_sort", category: "collection", signature: "array_sort(array)",
                       doc: "Sorts the elements ascending, NULLs last.",
                       example: "array_sort(array(3, NULL, 1)) → [1, 3, null]", arity: 1...1,
                       coerce: ArrayCoerce.array, returnType: same) { a, n in
            sortArrays(a[0], n, ascending: nil, nullsLastAscending: true)
        },
        ScalarFunction("array_distinct", category: "collection", signature: "array_distinct(array)",
                       doc: "The elements without duplicates, in order of first appearance (one NULL at most).",
                       example: "array_distinct(array(1, 2, 2, NULL, 1)) → [1, 2, null]", arity: 1...1,
                       coerce: ArrayCoerce.array, returnType: same) { a, n in
            combine(a[0], nil, n, .distinct)
        },
        ScalarFunction("array_union", category: "collection", signature: "array_union(array1, array2)",
                       doc: "The distinct elements of both arrays, in order of first appearance.",
                       example: "array_union(array(1, 2), array(2, 3)) → [1, 2, 3]", arity: 2...2,
                       coerce: ArrayCoerce.arrays, returnType: same) { a, n in
            combine(a[0], a[1], n, .union)
        },
        ScalarFunction("array_intersect", category: "collection", signature: "array_intersect(array1, array2)",
                       doc: "The distinct elements of `array1` that are also in `array2`, in `array1`'s order.",
                       example: "array_intersect(array(1, 2, 3), array(3, 1)) → [1, 3]", arity: 2...2,
                       coerce: ArrayCoerce.arrays, returnType: same) { a, n in
            combine(a[0], a[1], n, .intersect)
        },
        ScalarFunction("array_except", category: "collection", signature: "array_except(array1, array2)",
                       doc: "The distinct elements of `array1` that are not in `array2`, in `array1`'s order.",
                       example: "array_except(array(1, 2, 3), array(2)) → [1, 3]", arity: 2...2,
                       coerce: ArrayCoerce.arrays, returnType: same) { a, n in
            combine(a[0], a[1], n, .except)
        },
        ScalarFunction("array_remove", category: "collection", signature: "array_remove(array, value)",
                       doc: "`array` without the elements equal to `value` (NULL elements stay); NULL when `value` is NULL.",
                       example: "array_remove(array(1, 2, 3, 2), 2) → [1, 3]", arity: 2...2,
                       coerce: ArrayCoerce.arrayAndNullableElement, returnType: same) { a, n in
            remove(a[0], a[1], n)
        },
        ScalarFunction("arrays_overlap", category: "collection", signature: "arrays_overlap(array1, array2)",
                       doc: "True if the arrays share a non-null element; otherwise NULL if both are non-empty and either holds a NULL, else false.",
                       example: "arrays_overlap(array(1, 2), array(2, 3)) → true", arity: 2...2,
                       coerce: ArrayCoerce.arrays, returnType: { _ in .boolean }) { a, n in
            overlap(a[0], a[1], n)
        },
    ]

    /// Sorts each array. `ascending` is a boolean column (nil: ascending); NULLs first ascending and last
    /// descending (`sort_array`), or always last (`array_sort`).
    static func sortArrays(_ a: Column, _ n: Int, ascending: Column?, nullsLastAscending: Bool) -> Column {
        let e = a.elementColumn
        let cmp = ElementComparator(e, e)
        var out = ArrayAssembler(capacity: n)
        var nonNull: [Int32] = []
        for i in 0..<n {
            guard a.isValid(i), ascending.map({ $0.isValid(i) }) ?? true else { out.appendNull(); continue }
            let asc = ascending.map { $0.values(UInt8.self)[i] != 0 } ?? true
            nonNull.removeAll(keepingCapacity: true)
            var nulls = 0
            for j in a.arrayRange(i) { if e.isValid(j) { nonNull.append(Int32(j)) } else { nulls += 1 } }
            // Stable, so equal elements keep their order.
            if asc {
                nonNull.sort { x, y in let c = cmp.compare(Int(x), Int(y)); return c != 0 ? c < 0 : x < y }
            } else {
                nonNull.sort { x, y in let c = cmp.compare(Int(x), Int(y)); return c != 0 ? c > 0 : x < y }
            }
            let nullsFirst = asc && !nullsLastAscending
            if nullsFirst { out.picks.append(contentsOf: repeatElement(-1, count: nulls)) }
            out.picks.append(contentsOf: nonNull)
            if !nullsFirst { out.picks.append(contentsOf: repeatElement(-1, count: nulls)) }
            out.endRow()
        }
        return out.finish(elementsFrom: e)
    }

    enum SetOp { case distinct, union, intersect, except }

    /// Distinct elements per row, from `a` (and `b`): the two element columns are laid end to end, hashed
    /// once, and each row's result gathered from them.
    static func combine(_ a: Column, _ b: Column?, _ n: Int, _ op: SetOp) -> Column {
        let ea = a.elementColumn
        let eb = b?.elementColumn
        let all = eb.map { Column.concat([ea, $0]) } ?? ea
        let base = ea.count
        let hashes = Kernels.hash([all])
        let cmp = ElementComparator(all, all)
        var out = ArrayAssembler(capacity: n)
        var seen = ElementSet(all: all, hashes: hashes, cmp: cmp)
        var other = ElementSet(all: all, hashes: hashes, cmp: cmp)
        for i in 0..<n {
            guard a.isValid(i), b?.isValid(i) ?? true else { out.appendNull(); continue }
            seen.clear()
            switch op {
            case .distinct, .union:
                for j in a.arrayRange(i) where seen.insert(j) { out.picks.append(Int32(j)) }
                if let b {
                    for j in b.arrayRange(i) where seen.insert(base + j) { out.picks.append(Int32(base + j)) }
                }
            case .intersect, .except:
                guard let b else { break }
                other.clear()
                for j in b.arrayRange(i) { _ = other.insert(base + j) }
                for j in a.arrayRange(i) where other.contains(j) == (op == .intersect) && seen.insert(j) {
                    out.picks.append(Int32(j))
                }
            }
            out.endRow()
        }
        return out.finish(elementsFrom: all)
    }

    static func remove(_ a: Column, _ v: Column, _ n: Int) -> Column {
        let e = a.elementColumn
        let cmp = ElementComparator(e, v)
        var out = ArrayAssembler(capacity: n)
        for i in 0..<n {
            guard a.isValid(i), v.isValid(i) else { out.appendNull(); continue }
            for j in a.arrayRange(i) where !e.isValid(j) || !cmp.equal(j, i) { out.picks.append(Int32(j)) }
            out.endRow()
        }
        return out.finish(elementsFrom: e)
    }

    static func overlap(_ a: Column, _ b: Column, _ n: Int) -> Column {
        let ea = a.elementColumn, eb = b.elementColumn
        let all = Column.concat([ea, eb])
        let base = ea.count
        let hashes = Kernels.hash([all])
        var set = ElementSet(all: all, hashes: hashes, cmp: ElementComparator(all, all))
        var out = ColumnBuilder(type: .boolean, capacity: n)
        for i in 0..<n {
            guard a.isValid(i), b.isValid(i) else { out.appendNull(); continue }
            let ra = a.arrayRange(i), rb = b.arrayRange(i)
            set.clear()
            var sawNull = false
            for j in ra { if all.isValid(j) { _ = set.insert(j) } else { sawNull = true } }
            var found = false
            for j in rb {
                if !all.isValid(base + j) { sawNull = true; continue }
                if set.contains(base + j) { found = true; break }
            }
            if found { out.append(true) } else if sawNull && !ra.isEmpty && !rb.isEmpty { out.appendNull() } else { out.append(false) }
        }
        return out.finish()
    }
}

/// A set of element rows of one column, keyed by precomputed hashes and confirmed with the comparator.
/// NULL elements are one value. Cleared and reused per array, so no allocation per row once warm.
struct ElementSet {
    let all: Column
    let hashes: [UInt64]
    let cmp: ElementComparator
    private var buckets: [UInt64: [Int32]] = [:]
    private var hasNull = false

    init(all: Column, hashes: [UInt64], cmp: ElementComparator) {
        self.all = all
        self.hashes = hashes
        self.cmp = cmp
    }

    mutating func clear() {
        if !buckets.isEmpty { buckets.removeAll(keepingCapacity: true) }
        hasNull = false
    }

    func contains(_ j: Int) -> Bool {
        if !all.isValid(j) { return hasNull }
        guard let rows = buckets[hashes[j]] else { return false }
        return rows.contains { cmp.equal(Int($0), j) }
    }

    /// Adds row `j`; false when an equal element was already there.
    mutating func insert(_ j: Int) -> Bool {
        if !all.isValid(j) {
            if hasNull { return false }
            hasNull = true
            return true
        }
        if contains(j) { return false }
        buckets[hashes[j], default: []].append(Int32(j))
        return true
    }
}
