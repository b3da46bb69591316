import DataFlowColumnar

/// Array functions that build new arrays or text: array_join, slice, flatten, sequence, array_repeat, and
/// `concat` over arrays (the string `concat` dispatches here when its arguments are arrays).
enum ArrayBuildFunctions {
    /// Spark's limit on the number of elements of one array.
    static let maxArrayLength = 2_147_483_632

    static let all: [ScalarFunction] = [
        ScalarFunction("array_join", category: "collection", signature: "array_join(array, delimiter[, nullReplacement])",
                       doc: "The elements as text joined by `delimiter`; NULL elements are skipped, or replaced by `nullReplacement` when given.",
                       example: "array_join(array('a', NULL, 'c'), '-', '?') → a-?-c", arity: 2...3,
                       coerce: { a in
                           guard a[0] == .null || a[0].elementType != nil else { return nil }
                           for t in a.dropFirst() where !canImplicitlyCast(t, to: .string) { return nil }
                           return [DataType.array(.string)] + a.dropFirst().map { _ -> DataType in .string }
                       }, returnType: { _ in .string }) { a, n in
            join(a[0], a[1], a.count > 2 ? a[2] : nil, n)
        },
        ScalarFunction("slice", category: "collection", signature: "slice(array, start, length)",
                       doc: "`length` elements from the 1-based `start` (negative counts from the end). A `start` of 0 or a negative `length` raises INVALID_PARAMETER_VALUE.",
                       example: "slice(array(1, 2, 3, 4), 2, 2) → [2, 3]", arity: 3...3,
                       coerce: { a in
                           guard let first = ArrayCoerce.array([a[0]]), canImplicitlyCast(a[1], to: .int32),
                                 canImplicitlyCast(a[2], to: .int32) else { return nil }
                           return [first[0], .int32, .int32]
                       }, returnType: { $0[0] }) { a, n in
            try slice(a[0], a[1], a[2], n)
        },
        ScalarFunction("flatten", category: "collection", signature: "flatten(arrayOfArrays)",
                       doc: "The inner arrays' elements in one array; NULL if any inner array is NULL.",
                       example: "flatten(array(array(1, 2), array(3))) → [1, 2, 3]", arity: 1...1,
                       coerce: { a in a[0].elementType?.elementType != nil ? a : nil },
                       returnType: { $0[0].elementType ?? .null }) { a, n in flatten(a[0], n) },
        ScalarFunction("sequence", category: "collection", signature: "sequence(start, stop[, step])",
                       doc: "The integers from `start` to `stop` inclusive, by `step` (default 1, or -1 when `stop` < `start`). A step of 0 or one pointing away from `stop` raises INVALID_PARAMETER_VALUE.",
                       example: "sequence(1, 10, 3) → [1, 4, 7, 10]", arity: 2...3,
                       coerce: { a in
                           guard let t = commonType(a), t == .int32 || t == .int64 || t == .null else { return nil }
                           let w: DataType = t == .null ? .int32 : t
                           return a.map { _ in w }
                       }, returnType: { .array($0[0]) }) { a, n in
            try sequence(a[0], a[1], a.count > 2 ? a[2] : nil, n)
        },
        ScalarFunction("array_repeat", category: "collection", signature: "array_repeat(element, count)",
                       doc: "An array of `count` copies of `element` (empty when `count` ≤ 0).",
                       example: "array_repeat('ab', 3) → [ab, ab, ab]", arity: 2...2,
                       coerce: { a in canImplicitlyCast(a[1], to: .int32) && a[1] != .string ? [a[0], .int32] : nil },
                       returnType: { .array($0[0]) }) { a, n in try repeatArray(a[0], a[1], n) },
    ]

    /// Coercion of `concat` when any argument is an array: all must be arrays (widened to one type).
    static func concatCoerce(_ a: [DataType]) -> [DataType]? {
        guard a.allSatisfy({ $0.elementType != nil }) else { return nil }
        return ArrayCoerce.arrays(a)
    }

    /// `concat(array1, array2, …)`: NULL if any array is NULL.
    static func concat(_ cols: [Column], _ n: Int) throws -> Column {
        let all = Column.concat(cols.map(\.elementColumn))
        var bases: [Int] = [], b = 0
        for c in cols { bases.append(b); b += c.elementColumn.count }
        var out = ArrayAssembler(capacity: n)
        for i in 0..<n {
            guard cols.allSatisfy({ $0.isValid(i) }) else { out.appendNull(); continue }
            for (k, c) in cols.enumerated() {
                for j in c.arrayRange(i) { out.picks.append(Int32(bases[k] + j)) }
            }
            out.endRow()
        }
        guard out.picks.count <= maxArrayLength else { throw tooLong("concat", out.picks.count) }
        return out.finish(elementsFrom: all)
    }

    static func join(_ a: Column, _ sep: Column, _ repl: Column?, _ n: Int) -> Column {
        let e = a.elementColumn.decoded(), sep = sep.decoded(), repl = repl?.decoded()
        var b = ColumnBuilder(type: .string, capacity: n)
        var bytes: [UInt8] = []
        for i in 0..<n {
            guard a.isValid(i), sep.isValid(i), repl?.isValid(i) ?? true else { b.appendNull(); continue }
            bytes.removeAll(keepingCapacity: true)
            var first = true
            for j in a.arrayRange(i) {
                let piece: UnsafeRawBufferPointer
                if e.isValid(j) { piece = e.utf8(j) } else if let repl { piece = repl.utf8(i) } else { continue }
                if !first { bytes.append(contentsOf: sep.utf8(i)) }
                first = false
                bytes.append(contentsOf: piece)
            }
            bytes.withUnsafeBytes { b.appendUTF8($0) }
        }
        return b.finish()
    }

    static func slice(_ a: Column, _ start: Column, _ length: Column, _ n: Int) throws -> Column {
        let e = a.elementColumn
        let s = start.values(Int32.self), l = length.values(Int32.self)
        var out = ArrayAssembler(capacity: n)
        for i in 0..<n {
            guard a.isValid(i), start.isValid(i), length.isValid(i) else { out.appendNull(); continue }
            let r = a.arrayRange(i), st = Int(s[i]), len = Int(l[i])
            if st == 0 {
                throw DataFlowError("INVALID_PARAMETER_VALUE.START", "The value of parameter `start` in slice is invalid: it must not be 0 (the first element is 1; negative counts from the end).")
            }
            if len < 0 {
                throw DataFlowError("INVALID_PARAMETER_VALUE.LENGTH", "The value of parameter `length` in slice is invalid: it must be at least 0, but got \(len).")
            }
            let from = st > 0 ? st - 1 : r.count + st
            if from >= 0 && from < r.count {
                let to = min(r.count, from + len)
                for j in (r.lowerBound + from)..<(r.lowerBound + to) { out.picks.append(Int32(j)) }
            }
            out.endRow()
        }
        return out.finish(elementsFrom: e)
    }

    static func flatten(_ a: Column, _ n: Int) -> Column {
        let inner = a.elementColumn
        let leaves = inner.elementColumn
        var out = ArrayAssembler(capacity: n)
        for i in 0..<n {
            guard a.isValid(i) else { out.appendNull(); continue }
            let r = a.arrayRange(i)
            guard r.allSatisfy({ inner.isValid($0) }) else { out.appendNull(); continue }
            for k in r {
                for j in inner.arrayRange(k) { out.picks.append(Int32(j)) }
            }
            out.endRow()
        }
        return out.finish(elementsFrom: leaves)
    }

    static func sequence(_ start: Column, _ stop: Column, _ step: Column?, _ n: Int) throws -> Column {
        let t = start.type
        func int(_ c: Column, _ i: Int) -> Int64 {
            t == .int32 ? Int64(c.values(Int32.self)[i]) : c.values(Int64.self)[i]
        }
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(n + 1)
        var values = ColumnBuilder(type: t, capacity: n)
        var valid = [Bool](repeating: true, count: n)
        var total = 0
        for i in 0..<n {
            defer { offsets.append(Int32(truncatingIfNeeded: total)) }
            guard start.isValid(i), stop.isValid(i), step?.isValid(i) ?? true else { valid[i] = false; continue }
            let a = int(start, i), b = int(stop, i)
            let st = step.map { int($0, i) } ?? (b >= a ? 1 : -1)
            guard st != 0 || a == b, (st > 0 && a <= b) || (st < 0 && a >= b) || a == b else {
                throw DataFlowError("INVALID_PARAMETER_VALUE.SEQUENCE_STEP",
                                    "Illegal sequence boundaries in sequence: \(a) to \(b) by \(st). The step must be non-zero and go from start towards stop.")
            }
            // Count first (in 128 bits: the span of two bigints overflows 64).
            let count = a == b ? 1 : Int((Int128(b) - Int128(a)) / Int128(st)) + 1
            guard total + count <= maxArrayLength else { throw tooLong("sequence", total + count) }
            var v = a
            for k in 0..<count {
                values.append(v)
                if k < count - 1 { v &+= st }
            }
            total += count
        }
        var validity: Buffer? = nil
        if valid.contains(false) {
            let vb = Buffer(byteCount: Bitmap.byteCount(for: n), zeroed: true)
            for (i, ok) in valid.enumerated() where ok { Bitmap.set(vb.pointer(UInt8.self), i, true) }
            validity = vb
        }
        return Column.array(offsets: offsets, elements: values.finish(), validity: validity)
    }

    static func repeatArray(_ e: Column, _ count: Column, _ n: Int) throws -> Column {
        let c = count.values(Int32.self)
        var out = ArrayAssembler(capacity: n)
        for i in 0..<n {
            guard count.isValid(i) else { out.appendNull(); continue }
            let k = max(0, Int(c[i]))
            guard out.picks.count + k <= maxArrayLength else { throw tooLong("array_repeat", out.picks.count + k) }
            out.picks.append(contentsOf: Swift.repeatElement(Int32(i), count: k))
            out.endRow()
        }
        return out.finish(elementsFrom: e)
    }

    static func tooLong(_ f: String, _ n: Int) -> DataFlowError {
        DataFlowError("COLLECTION_SIZE_LIMIT_EXCEEDED", "\(f) would create an array of \(n) elements, more than the limit of \(maxArrayLength).")
    }
}
