import DataFlowColumnar

/// Arithmetic written as functions: mod/pmod, the try_ operators, negative/positive, width_bucket,
/// factorial, bin and hex. `mod`, `try_*`, `negative` and `positive` are rewritten by the analyzer into
/// the operator expressions (`%`, `+` with `isTry`, unary minus) so they share their coercion and kernels;
/// the declarations here carry their documentation and serve a direct call.
enum ArithmeticFunctions {
    /// Operand types of a binary arithmetic function, as the `+ - * / %` operators coerce them.
    static let operands: @Sendable ([DataType]) -> [DataType]? = { args in
        let t = args.map { $0 == .string || $0 == .null ? DataType.float64 : $0 }
        guard t.allSatisfy(\.isNumeric) else { return nil }
        if t.contains(.float64) { return t.map { _ in .float64 } }
        if t.contains(where: \.isDecimal) {
            return t.map { $0 == .int32 ? .decimal(precision: 10, scale: 0) : ($0 == .int64 ? .decimal(precision: 20, scale: 0) : $0) }
        }
        let w: DataType = t.contains(.int64) ? .int64 : .int32
        return t.map { _ in w }
    }

    static func remainderType(_ t: [DataType]) -> DataType {
        if t[0].isDecimal || t[1].isDecimal { return Kernels.decimalResultType(.remainder, t[0], t[1]) }
        return t[0]
    }

    static func binary(_ name: String, _ op: ArithmeticOp, _ doc: String, _ example: String) -> ScalarFunction {
        ScalarFunction(name, category: "math", signature: "\(name)(expr1, expr2)", doc: doc, example: example, arity: 2...2,
                       coerce: operands, returnType: { t in
                           if t[0].isDecimal || t[1].isDecimal { return Kernels.decimalResultType(op, t[0], t[1]) }
                           return op == .divide ? .float64 : t[0]
                       }) { a, _ in
            let t: DataType = a[0].type.isDecimal || a[1].type.isDecimal ? Kernels.decimalResultType(op, a[0].type, a[1].type)
                : (op == .divide ? .float64 : a[0].type)
            return try Kernels.arithmetic(op, a[0], a[1], resultType: t, mode: name.hasPrefix("try_") ? .tryNull : .ansi)
        }
    }

    /// The operator expression a function call stands for (`mod(a, b)` → `a % b`), or nil.
    static func rewrite(_ name: String, _ args: [Expr]) -> Expr? {
        switch (name, args.count) {
        case ("mod", 2): return .arithmetic(.remainder, args[0], args[1])
        case ("try_add", 2): return .arithmetic(.add, args[0], args[1], isTry: true)
        case ("try_subtract", 2): return .arithmetic(.subtract, args[0], args[1], isTry: true)
        case ("try_multiply", 2): return .arithmetic(.multiply, args[0], args[1], isTry: true)
        case ("try_divide", 2): return .arithmetic(.divide, args[0], args[1], isTry: true)
        case ("negative", 1): return .negate(args[0])
        default: return nil
        }
    }

    static let all: [ScalarFunction] = [
        binary("mod", .remainder, "The remainder of `expr1` / `expr2` (also written `expr1 % expr2`), with the sign of `expr1`. Division by zero raises DIVIDE_BY_ZERO.",
               "mod(-7, 3) → -1"),
        binary("try_add", .add, "`expr1 + expr2`, or NULL where it overflows.", "try_add(2147483647, 1) → NULL"),
        binary("try_subtract", .subtract, "`expr1 - expr2`, or NULL where it overflows.", "try_subtract(5, 3) → 2"),
        binary("try_multiply", .multiply, "`expr1 * expr2`, or NULL where it overflows.", "try_multiply(2147483647, 2) → NULL"),
        binary("try_divide", .divide, "`expr1 / expr2`, or NULL where `expr2` is 0.", "try_divide(1, 0) → NULL"),
        ScalarFunction("pmod", category: "math", signature: "pmod(expr1, expr2)",
                       doc: "The positive remainder of `expr1` / `expr2`: `expr1 % expr2`, plus `expr2` when that is negative. Division by zero raises DIVIDE_BY_ZERO.",
                       example: "pmod(-7, 3) → 2", arity: 2...2, coerce: operands, returnType: remainderType) { a, _ in
            try Kernels.pmod(a[0], a[1], resultType: remainderType([a[0].type, a[1].type]), mode: .ansi)
        },
        ScalarFunction("negative", category: "math", signature: "negative(expr)",
                       doc: "Returns `-expr`; negating the smallest integer raises ARITHMETIC_OVERFLOW.",
                       example: "negative(1) → -1", arity: 1...1, coerce: Coerce.numeric, returnType: { $0[0] }) { a, _ in
            try Kernels.negate(a[0], mode: .ansi)
        },
        ScalarFunction("positive", category: "math", signature: "positive(expr)", doc: "Returns `expr` unchanged (a number).",
                       example: "positive(-3) → -3", arity: 1...1, coerce: Coerce.numeric, returnType: { $0[0] }) { a, _ in a[0] },
        ScalarFunction("width_bucket", category: "math", signature: "width_bucket(value, min, max, numBuckets)",
                       doc: "The 1-based bucket `value` falls in among `numBuckets` equal-width buckets spanning [`min`, `max`) (reversed when `min` > `max`): 0 below the range, `numBuckets` + 1 above it. NULL when `numBuckets` ≤ 0, a bound is NaN or infinite, or `min` = `max`.",
                       example: "width_bucket(5.3, 0.2, 10.6, 5) → 3", arity: 4...4,
                       coerce: Coerce.exact([.float64, .float64, .float64, .int64]), returnType: { _ in .int64 }) { a, _ in
            Kernels.widthBucket(a[0], a[1], a[2], a[3])
        },
        ScalarFunction("factorial", category: "math", signature: "factorial(expr)",
                       doc: "Returns `expr`! as a BIGINT for `expr` in 0…20, else NULL.",
                       example: "factorial(5) → 120", arity: 1...1, coerce: Coerce.exact([.int32]), returnType: { _ in .int64 }) { a, _ in
            Kernels.factorial(a[0])
        },
        ScalarFunction("bin", category: "math", signature: "bin(expr)",
                       doc: "The binary digits of the BIGINT `expr` (two's complement for negative numbers).",
                       example: "bin(13) → 1101", arity: 1...1, coerce: Coerce.exact([.int64]), returnType: { _ in .string }) { a, _ in
            Kernels.radixString(a[0], radix: 2)
        },
        ScalarFunction("hex", category: "math", signature: "hex(expr)",
                       doc: "Upper-case hexadecimal digits: of the BIGINT `expr` (two's complement for negative numbers), or of a string's UTF-8 bytes.",
                       example: "hex(255) → FF", arity: 1...1, coerce: { t in
                           t[0] == .string ? [.string] : (t[0].isIntegral || t[0] == .null ? [.int64] : nil)
                       }, returnType: { _ in .string }) { a, _ in
            a[0].type == .string ? Kernels.hexBytes(a[0]) : Kernels.radixString(a[0], radix: 16)
        },
    ]
}
