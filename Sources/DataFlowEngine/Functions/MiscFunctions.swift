import DataFlowColumnar

/// Spark's `misc` group: facts about values rather than computations on them.
enum MiscFunctions {
    static let all: [ScalarFunction] = [
        ScalarFunction("typeof", category: "misc", signature: "typeof(expr)",
                       doc: "The Spark SQL name of `expr`'s type (`int`, `decimal(2,1)`, `array<string>`, …); never NULL.",
                       example: "typeof(1.5) → decimal(2,1)", arity: 1...1, coerce: { $0 }, returnType: { _ in .string }) { a, n in
            Column.constant(.string(a[0].type.sqlName), type: .string, count: n)
        },
        ScalarFunction("octet_length", category: "string", signature: "octet_length(str)",
                       doc: "The number of bytes of `str` in UTF-8. NULL if `str` is NULL.",
                       example: "octet_length('Spark SQL') → 9", arity: 1...1, coerce: Coerce.exact([.string]),
                       returnType: { _ in .int32 }) { a, n in byteLengths(a[0], n, scale: 1) },
        ScalarFunction("bit_length", category: "string", signature: "bit_length(str)",
                       doc: "The number of bits of `str` in UTF-8 (8 × its bytes). NULL if `str` is NULL.",
                       example: "bit_length('Spark SQL') → 72", arity: 1...1, coerce: Coerce.exact([.string]),
                       returnType: { _ in .int32 }) { a, n in byteLengths(a[0], n, scale: 8) },
    ]

    static func byteLengths(_ c: Column, _ n: Int, scale: Int32) -> Column {
        let s = StringArg(c)
        var b = ColumnBuilder(type: .int32, capacity: n)
        for i in 0..<n {
            if s.isValid(i) { b.appendRaw(Int32(s.bytes(i).count) * scale) } else { b.appendNull() }
        }
        return b.finish()
    }
}
