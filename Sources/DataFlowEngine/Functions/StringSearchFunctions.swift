import DataFlowColumnar

// Substring tests and positions: contains, startswith, endswith, instr, locate (alias position).
// All work on UTF-8 bytes; positions are counted in characters (code points), 1-based, as in Spark.
enum StringSearchFunctions {
    static let all: [ScalarFunction] = [
        ScalarFunction("contains", category: "string", signature: "contains(left, right)",
                       doc: "True if `right` occurs in `left` (an empty `right` always does). NULL if either is NULL.",
                       example: "contains('Spark SQL', 'SQL') → true", arity: 2...2,
                       coerce: Coerce.exact([.string, .string]), returnType: { _ in .boolean }) { a, n in
            test(a[0], a[1], n) { s, p in UTF8Text.find(p, in: s) != nil }
        },
        ScalarFunction("startswith", category: "string", signature: "startswith(left, right)",
                       doc: "True if `left` starts with `right` (an empty `right` always does). NULL if either is NULL.",
                       example: "startswith('Spark SQL', 'Spark') → true", arity: 2...2,
                       coerce: Coerce.exact([.string, .string]), returnType: { _ in .boolean }) { a, n in
            test(a[0], a[1], n) { s, p in p.count <= s.count && memcmpEqual(s, 0, p) }
        },
        ScalarFunction("endswith", category: "string", signature: "endswith(left, right)",
                       doc: "True if `left` ends with `right` (an empty `right` always does). NULL if either is NULL.",
                       example: "endswith('Spark SQL', 'SQL') → true", arity: 2...2,
                       coerce: Coerce.exact([.string, .string]), returnType: { _ in .boolean }) { a, n in
            test(a[0], a[1], n) { s, p in p.count <= s.count && memcmpEqual(s, s.count - p.count, p) }
        },
        ScalarFunction("instr", category: "string", signature: "instr(str, substr)",
                       doc: "The 1-based position (in characters) of the first occurrence of `substr` in `str`, 0 if there is none. NULL if either is NULL.",
                       example: "instr('SparkSQL', 'SQL') → 6", arity: 2...2,
                       coerce: Coerce.exact([.string, .string]), returnType: { _ in .int32 }) { a, n in
            locate(substr: a[1], str: a[0], pos: nil, n)
        },
        ScalarFunction("locate", category: "string", signature: "locate(substr, str[, pos])",
                       doc: "The 1-based position (in characters) of the first occurrence of `substr` in `str` at or after character `pos` (default 1); 0 if there is none or `pos` < 1, and 0 when `pos` is NULL. NULL if `substr` or `str` is NULL. Alias: `position`; SQL also `POSITION(substr IN str)`.",
                       example: "locate('bar', 'foobarbar', 5) → 7", arity: 2...3,
                       coerce: Coerce.exact([.string, .string, .int32]), returnType: { _ in .int32 }) { a, n in
            locate(substr: a[0], str: a[1], pos: a.count > 2 ? a[2] : nil, n)
        },
    ]

    @inline(__always) static func memcmpEqual(_ s: UnsafeRawBufferPointer, _ at: Int, _ p: UnsafeRawBufferPointer) -> Bool {
        var j = 0
        while j < p.count {
            if s[at &+ j] != p[j] { return false }
            j &+= 1
        }
        return true
    }

    /// A boolean per row from the bytes of two string arguments.
    static func test(_ s: Column, _ p: Column, _ n: Int,
                     _ f: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Bool) -> Column {
        let s = StringArg(s), p = StringArg(p)
        var b = ColumnBuilder(type: .boolean, capacity: n)
        for i in 0..<n {
            guard s.isValid(i), p.isValid(i) else { b.appendNull(); continue }
            b.append(f(s.bytes(i), p.bytes(i)))
        }
        return b.finish()
    }

    /// `locate(substr, str, pos)` (and `instr` with pos 1).
    static func locate(substr: Column, str: Column, pos: Column?, _ n: Int) -> Column {
        let sub = StringArg(substr), s = StringArg(str)
        let p = pos.map(IntArg.init)
        var b = ColumnBuilder(type: .int32, capacity: n)
        for i in 0..<n {
            var start = 1
            if let p {
                // Spark answers 0 for a NULL position before looking at the strings.
                guard p.isValid(i) else { b.append(Int32(0)); continue }
                start = p[i]
            }
            guard sub.isValid(i), s.isValid(i) else { b.appendNull(); continue }
            if start < 1 { b.append(Int32(0)); continue }
            let hay = s.bytes(i), needle = sub.bytes(i)
            if needle.count == 0 { b.append(Int32(1)); continue }
            let from = UTF8Text.byteOffset(hay, char: start - 1)
            guard let at = UTF8Text.find(needle, in: hay, from: from) else { b.append(Int32(0)); continue }
            b.append(Int32(UTF8Text.charCount(UnsafeRawBufferPointer(rebasing: hay[0..<at])) + 1))
        }
        return b.finish()
    }
}
