import DataFlowColumnar

enum StringFunctions {
    static let str: @Sendable ([DataType]) -> DataType = { _ in .string }

    static let all: [ScalarFunction] = [
        ScalarFunction("upper", category: "string", signature: "upper(str)", doc: "Returns `str` with all characters changed to uppercase.",
                       example: "upper('SparkSql') → SPARKSQL", arity: 1...1, coerce: Coerce.exact([.string]), returnType: str) { a, _ in
            Kernels.upper(a[0])
        },
        ScalarFunction("lower", category: "string", signature: "lower(str)", doc: "Returns `str` with all characters changed to lowercase.",
                       example: "lower('SparkSql') → sparksql", arity: 1...1, coerce: Coerce.exact([.string]), returnType: str) { a, _ in
            Kernels.lower(a[0])
        },
        ScalarFunction("length", category: "string", signature: "length(str)", doc: "Returns the number of characters in `str`.",
                       example: "length('Spark SQ L') → 10", arity: 1...1, coerce: Coerce.exact([.string]),
                       returnType: { _ in .int32 }) { a, _ in Kernels.length(a[0]) },
        ScalarFunction("substring", category: "string", signature: "substring(str, pos[, len])",
                       doc: "Returns the substring of `str` that starts at `pos` (1-based; negative counts from the end) and is `len` characters long.",
                       example: "substring('Spark SQL', 5, 1) → k", arity: 2...3, coerce: Coerce.exact([.string, .int32, .int32]), returnType: str) { a, _ in
            Kernels.substring(a[0], pos: a[1], len: a.count > 2 ? a[2] : nil)
        },
        ScalarFunction("concat", category: "string", signature: "concat(str1, str2, ...) | concat(array1, array2, ...)",
                       doc: "Concatenates its arguments (strings, or arrays into one array); NULL if any argument is NULL.",
                       example: "concat('Spark', 'SQL') → SparkSQL", arity: 1...255,
                       coerce: { a in
                           // Arrays concatenate as arrays (ArrayBuildFunctions); mixing them with other types is an error.
                           a.contains { $0.elementType != nil } ? ArrayBuildFunctions.concatCoerce(a) : Coerce.exact([.string])(a)
                       },
                       returnType: { $0.first?.elementType != nil ? $0[0] : .string }) { a, n in
            if a.first?.type.elementType != nil { return try ArrayBuildFunctions.concat(a, n) }
            return Kernels.concat(a)
        },
        ScalarFunction("trim", category: "string", signature: "trim(str) | trim(trimStr, str)",
                       doc: "Removes leading and trailing spaces from `str`; with two arguments, the characters of `trimStr` (note Spark's order: the characters first). SQL: `TRIM([BOTH|LEADING|TRAILING] [trimStr] FROM str)`. NULL if either is NULL.",
                       example: "trim('  SparkSQL   ') → SparkSQL", arity: 1...2, coerce: Coerce.exact([.string, .string]), returnType: str) { a, n in
            a.count == 1 ? Kernels.trim(a[0]) : StringPadTrimFunctions.trim(a[1], chars: a[0], n, left: true, right: true)
        },
        ScalarFunction("ltrim", category: "string", signature: "ltrim(str) | ltrim(trimStr, str)",
                       doc: "Removes leading spaces from `str`; with two arguments, the leading characters found in `trimStr`.",
                       example: "ltrim('  SparkSQL') → SparkSQL", arity: 1...2, coerce: Coerce.exact([.string, .string]), returnType: str) { a, n in
            a.count == 1 ? Kernels.ltrim(a[0]) : StringPadTrimFunctions.trim(a[1], chars: a[0], n, left: true, right: false)
        },
        ScalarFunction("rtrim", category: "string", signature: "rtrim(str) | rtrim(trimStr, str)",
                       doc: "Removes trailing spaces from `str`; with two arguments, the trailing characters found in `trimStr`.",
                       example: "rtrim('SparkSQL   ') → SparkSQL", arity: 1...2, coerce: Coerce.exact([.string, .string]), returnType: str) { a, n in
            a.count == 1 ? Kernels.rtrim(a[0]) : StringPadTrimFunctions.trim(a[1], chars: a[0], n, left: false, right: true)
        },
        ScalarFunction("substring_index", category: "string", signature: "substring_index(str, delim, count)",
                       doc: "The part of `str` before the `count`-th occurrence of `delim` (counting from the end when `count` is negative).",
                       example: "substring_index('Action|Comedy|Drama', '|', 1) → Action", arity: 3...3,
                       coerce: Coerce.exact([.string, .string, .int32]), returnType: str) { a, n in
            substringIndex(a[0], a[1], a[2], n)
        },
        ScalarFunction("left", category: "string", signature: "left(str, len)",
                       doc: "The leftmost `len` characters of `str` (empty when `len` ≤ 0).",
                       example: "left('Spark SQL', 3) → Spa", arity: 2...2, coerce: Coerce.exact([.string, .int32]), returnType: str) { a, n in
            edge(a[0], a[1], n, fromLeft: true)
        },
        ScalarFunction("right", category: "string", signature: "right(str, len)",
                       doc: "The rightmost `len` characters of `str` (empty when `len` ≤ 0).",
                       example: "right('Spark SQL', 3) → SQL", arity: 2...2, coerce: Coerce.exact([.string, .int32]), returnType: str) { a, n in
            edge(a[0], a[1], n, fromLeft: false)
        },
    ]

    /// `left` / `right`: the first or last `len` characters.
    static func edge(_ s: Column, _ len: Column, _ n: Int, fromLeft: Bool) -> Column {
        var b = ColumnBuilder(type: .string, capacity: n)
        let lens = len.values(Int32.self)
        for i in 0..<n {
            guard s.isValid(i), len.isValid(i) else { b.appendNull(); continue }
            // Characters are code points, as in Spark.
            let scalars = s.string(i).unicodeScalars, k = max(0, Int(lens[i]))
            b.append(String(String.UnicodeScalarView(fromLeft ? scalars.prefix(k) : scalars.suffix(k))))
        }
        return b.finish()
    }

    static func substringIndex(_ s: Column, _ d: Column, _ c: Column, _ n: Int) -> Column {
        var b = ColumnBuilder(type: .string, capacity: n)
        let counts = c.values(Int32.self)
        for i in 0..<n {
            guard s.isValid(i), d.isValid(i), c.isValid(i) else { b.appendNull(); continue }
            let str = s.string(i), delim = d.string(i)
            let k = Int(counts[i])
            if k == 0 || delim.isEmpty { b.append(""); continue }
            let parts = str.components(separatedBy: delim)
            if abs(k) >= parts.count { b.append(str); continue }
            b.append(k > 0 ? parts.prefix(k).joined(separator: delim) : parts.suffix(-k).joined(separator: delim))
        }
        return b.finish()
    }
}

import Foundation
