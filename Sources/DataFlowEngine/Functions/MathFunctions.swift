import DataFlowColumnar

enum MathFunctions {
    static let all: [ScalarFunction] = [
        ScalarFunction("abs", category: "math", signature: "abs(expr)", doc: "Returns the absolute value of the numeric `expr`.",
                       example: "abs(-1) → 1", arity: 1...1, coerce: Coerce.numeric, returnType: { $0[0] }) { a, _ in
            try Kernels.abs(a[0], mode: .ansi)
        },
        ScalarFunction("round", category: "math", signature: "round(expr[, d])",
                       doc: "Rounds `expr` to `d` decimal places (default 0) using HALF_UP rounding.",
                       example: "round(2.5, 0) → 3", arity: 1...2, coerce: { args in
                           guard let n = Coerce.numeric([args[0]]) else { return nil }
                           return n + (args.count > 1 ? [.int32] : [])
                       }, returnType: { t in roundType(t[0]) }) { a, _ in
            try Kernels.round(a[0], scale: a.count > 1 ? try constantInt(a[1], "round's scale") : 0, mode: .ansi)
        }.returning(roundTypeWithScale),
        ScalarFunction("bround", category: "math", signature: "bround(expr[, d])",
                       doc: "Rounds `expr` to `d` decimal places (default 0) using HALF_EVEN rounding.",
                       example: "bround(2.5, 0) → 2", arity: 1...2, coerce: { args in
                           guard let n = Coerce.numeric([args[0]]) else { return nil }
                           return n + (args.count > 1 ? [.int32] : [])
                       }, returnType: { t in roundType(t[0]) }) { a, _ in
            try Kernels.bround(a[0], scale: a.count > 1 ? try constantInt(a[1], "bround's scale") : 0, mode: .ansi)
        }.returning(roundTypeWithScale),
        ScalarFunction("div", category: "math", signature: "div(expr1, expr2)",
                       doc: "Integral division (also written `expr1 div expr2`): `expr1 / expr2` truncated toward zero, as a BIGINT. Exact for integers; fractional operands are divided as doubles first. Division by zero raises DIVIDE_BY_ZERO.",
                       example: "div(7, -2) → -3", arity: 2...2, coerce: { args in
                           guard let n = Coerce.numeric(args) else { return nil }
                           return n.allSatisfy { $0.isIntegral || $0 == .null } ? [.int64, .int64] : [.float64, .float64]
                       }, returnType: { _ in .int64 }) { a, _ in
            if a[0].type == .float64 || a[1].type == .float64 {
                return try Kernels.cast(try Kernels.arithmetic(.divide, a[0], a[1], resultType: .float64, mode: .ansi), to: .int64, mode: .ansi)
            }
            return try Kernels.arithmetic(.divide, a[0], a[1], resultType: .int64, mode: .ansi)
        },
        ScalarFunction("floor", category: "math", signature: "floor(expr)", doc: "Returns the largest integer not greater than `expr`.",
                       example: "floor(-0.1) → -1", arity: 1...1, coerce: floorArgs, returnType: { floorType($0[0]) }) { a, _ in
            Kernels.floor(a[0])
        },
        ScalarFunction("ceil", category: "math", signature: "ceil(expr)", doc: "Returns the smallest integer not smaller than `expr`.",
                       example: "ceil(-0.1) → 0", arity: 1...1, coerce: floorArgs, returnType: { floorType($0[0]) }) { a, _ in
            Kernels.ceil(a[0])
        },
        ScalarFunction("sqrt", category: "math", signature: "sqrt(expr)", doc: "Returns the square root of `expr`.",
                       example: "sqrt(4) → 2.0", arity: 1...1, coerce: Coerce.exact([.float64]), returnType: { _ in .float64 }) { a, _ in
            Kernels.sqrt(a[0])
        },
        ScalarFunction("pow", category: "math", signature: "pow(expr1, expr2)", doc: "Raises `expr1` to the power of `expr2`.",
                       example: "pow(2, 3) → 8.0", arity: 2...2, coerce: Coerce.exact([.float64, .float64]), returnType: { _ in .float64 }) { a, _ in
            Kernels.pow(a[0], a[1])
        },
    ]

    static func roundType(_ t: DataType) -> DataType { t }

    /// Spark's `round`/`bround` result type: decimals narrow to the requested scale.
    static let roundTypeWithScale: @Sendable ([DataType], [Value?]) -> DataType = { t, v in
        var scale = 0
        if v.count > 1, let d = v[1]?.int64Value { scale = Int(d) }
        return Kernels.roundResultType(t[0], scale: scale)
    }

    /// Spark's floor/ceil take BIGINT, DOUBLE or DECIMAL: integers widen to BIGINT.
    static let floorArgs: @Sendable ([DataType]) -> [DataType]? = { t in
        Coerce.numeric(t).map { $0.map { $0 == .int32 ? .int64 : $0 } }
    }

    static func floorType(_ t: DataType) -> DataType { Kernels.floorCeilResultType(t) }
}
