import DataFlowColumnar

/// Null and NaN handling and greatest/least (Spark's conditional group).
enum NullFunctions {
    /// All arguments widened to one type (Spark's `findWiderTypeForTwo`).
    static let common: @Sendable ([DataType]) -> [DataType]? = { args in commonType(args).map { t in args.map { _ in t } } }

    static let all: [ScalarFunction] = [
        ScalarFunction("ifnull", category: "conditional", signature: "ifnull(expr1, expr2)",
                       doc: "Returns `expr2` if `expr1` is NULL, else `expr1`. Alias: `nvl`.",
                       example: "ifnull(NULL, 2) → 2", arity: 2...2, coerce: common, returnType: { $0[0] }) { a, _ in
            Kernels.coalesce(a)
        },
        ScalarFunction("nvl2", category: "conditional", signature: "nvl2(expr1, expr2, expr3)",
                       doc: "Returns `expr2` if `expr1` is not NULL, else `expr3`.",
                       example: "nvl2(NULL, 2, 1) → 1", arity: 3...3, coerce: { args in
                           guard let t = commonType([args[1], args[2]]) else { return nil }
                           return [args[0], t, t]
                       }, returnType: { $0[1] }) { a, _ in
            Kernels.nvl2(a[0], a[1], a[2], type: a[1].type)
        },
        ScalarFunction("nanvl", category: "conditional", signature: "nanvl(expr1, expr2)",
                       doc: "Returns `expr1` if it is not NaN, else `expr2` (doubles).",
                       example: "nanvl(cast('NaN' as double), 123) → 123.0", arity: 2...2,
                       coerce: Coerce.exact([.float64, .float64]), returnType: { _ in .float64 }) { a, _ in
            Kernels.nanvl(a[0], a[1])
        },
        ScalarFunction("nullif", category: "conditional", signature: "nullif(expr1, expr2)",
                       doc: "Returns NULL if `expr1` equals `expr2`, else `expr1`.",
                       example: "nullif(2, 2) → NULL", arity: 2...2, coerce: { args in
                           comparisonType(args[0], args[1]) != nil || args.contains(.null) ? args : nil
                       }, returnType: { $0[0] }) { a, _ in
            let t = comparisonType(a[0].type, a[1].type) ?? (a[0].type == .null ? a[1].type : a[0].type)
            return try Kernels.nullIf(a[0], a[1], compareAs: t)
        },
        ScalarFunction("greatest", category: "conditional", signature: "greatest(expr1, expr2, ...)",
                       doc: "Returns the greatest of the arguments, skipping NULLs (NULL only when all are NULL). NaN is greater than any other double.",
                       example: "greatest(10, 9, 2, 4, 3) → 10", arity: 2...255, coerce: orderable, returnType: { $0[0] }) { a, _ in
            Kernels.extreme(a, greatest: true, type: a[0].type)
        },
        ScalarFunction("least", category: "conditional", signature: "least(expr1, expr2, ...)",
                       doc: "Returns the least of the arguments, skipping NULLs (NULL only when all are NULL).",
                       example: "least(10, 9, 2, 4, 3) → 2", arity: 2...255, coerce: orderable, returnType: { $0[0] }) { a, _ in
            Kernels.extreme(a, greatest: false, type: a[0].type)
        },
        ScalarFunction("if", category: "conditional", signature: "if(cond, expr1, expr2)",
                       doc: "`expr1` when `cond` is true, else `expr2` (also when `cond` is NULL).",
                       example: "if(1 < 2, 'a', 'b') → a", arity: 3...3, coerce: { args in
                           guard canImplicitlyCast(args[0], to: .boolean), args[0] == .boolean || args[0] == .null,
                                 let t = commonType([args[1], args[2]]) else { return nil }
                           return [.boolean, t, t]
                       }, returnType: { $0[1] }) { a, _ in
            Kernels.caseWhen(conditions: [a[0]], values: [a[1]], otherwise: a[2], type: a[1].type)
        },
        ScalarFunction("isnull", category: "conditional", signature: "isnull(expr)", doc: "True if `expr` is NULL.",
                       example: "isnull(NULL) → true", arity: 1...1, coerce: { $0 }, returnType: { _ in .boolean }) { a, _ in
            Kernels.isNull(a[0])
        },
        ScalarFunction("isnotnull", category: "conditional", signature: "isnotnull(expr)", doc: "True if `expr` is not NULL.",
                       example: "isnotnull(1) → true", arity: 1...1, coerce: { $0 }, returnType: { _ in .boolean }) { a, _ in
            Kernels.isNotNull(a[0])
        },
    ]

    /// greatest/least: one common type without mixing strings with other types (Spark rejects
    /// `greatest(1, 'a')`).
    static let orderable: @Sendable ([DataType]) -> [DataType]? = { args in
        let kinds = Set(args.filter { $0 != .null }.map { $0 == .string })
        guard kinds.count <= 1, let t = commonType(args) else { return nil }
        return args.map { _ in t }
    }
}
