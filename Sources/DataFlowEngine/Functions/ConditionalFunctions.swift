import DataFlowColumnar

enum ConditionalFunctions {
    static let all: [ScalarFunction] = [
        ScalarFunction("coalesce", category: "conditional", signature: "coalesce(expr1, expr2, ...)",
                       doc: "Returns the first non-null argument, or NULL if all are NULL.",
                       example: "coalesce(NULL, 1, NULL) → 1", arity: 1...255,
                       coerce: { args in commonType(args).map { t in args.map { _ in t } } },
                       returnType: { $0.first ?? .null }) { a, _ in
            Kernels.coalesce(a)
        },
        ScalarFunction("isnan", category: "conditional", signature: "isnan(expr)", doc: "True if `expr` is NaN.",
                       example: "isnan(cast('NaN' as double)) → true", arity: 1...1, coerce: Coerce.exact([.float64]),
                       returnType: { _ in .boolean }) { a, _ in
            Kernels.isNaN(a[0])
        },
    ]
}

/// The type two or more values widen to (Spark's `findWiderTypeForTwo`), or nil if none.
public func commonType(_ types: [DataType]) -> DataType? {
    var result: DataType = .null
    for t in types {
        guard let w = widerType(result, t) else { return nil }
        result = w
    }
    return result
}

public func widerType(_ a: DataType, _ b: DataType) -> DataType? {
    if a == b { return a }
    if a == .null { return b }
    if b == .null { return a }
    switch (a, b) {
    case (.int32, .int64), (.int64, .int32): return .int64
    case (.float64, _) where b.isNumeric, (_, .float64) where a.isNumeric: return .float64
    case (.decimal(let p1, let s1), .decimal(let p2, let s2)):
        let s = max(s1, s2)
        let p = min(38, max(p1 - s1, p2 - s2) + s)
        return .decimal(precision: p, scale: s)
    case (.decimal, .int32), (.int32, .decimal): return widerType(a == .int32 ? .decimal(precision: 10, scale: 0) : a,
                                                                   b == .int32 ? .decimal(precision: 10, scale: 0) : b)
    case (.decimal, .int64), (.int64, .decimal): return widerType(a == .int64 ? .decimal(precision: 20, scale: 0) : a,
                                                                   b == .int64 ? .decimal(precision: 20, scale: 0) : b)
    case (.date, .timestamp), (.timestamp, .date): return .timestamp
    case (.array(let x), .array(let y)): return widerType(x, y).map { .array($0) }
    case (.string, _), (_, .string): return .string
    default: return nil
    }
}

/// The type both sides of a comparison are cast to (Spark ANSI: a string compared with a number, date or
/// timestamp is cast to that type).
public func comparisonType(_ a: DataType, _ b: DataType) -> DataType? {
    if a.containsMap || b.containsMap { return nil }  // maps cannot be compared (Spark)
    if a == b { return a }
    switch (a, b) {
    case (.string, _) where b != .null: return b
    case (_, .string) where a != .null: return a
    case (.boolean, .null), (.null, .boolean): return .boolean
    default:
        if a == .boolean || b == .boolean { return nil }
        return widerType(a, b)
    }
}
