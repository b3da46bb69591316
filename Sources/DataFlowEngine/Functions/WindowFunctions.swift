import DataFlowColumnar

/// A ranking or offset function, valid only with `OVER (...)`. Every aggregate can also be used over a
/// window; these are the functions that exist only there.
public struct WindowFunction: Sendable {
    public let name: String
    public let signature: String
    public let doc: String
    public let example: String
    public let arity: ClosedRange<Int>
    /// Whether the window must have ORDER BY.
    public let needsOrder: Bool
    /// Whether the result depends on the frame (`nth_value`); ranking and lag/lead ignore it.
    public let usesFrame: Bool
    /// Argument types the analyzer casts to (nil = reject).
    let coerce: @Sendable ([DataType]) -> [DataType]?
    let returnType: @Sendable ([DataType]) -> DataType
    let nullable: @Sendable ([Expr]) -> Bool
    /// Positions of arguments that must be constants.
    let constantArguments: [Int]
}

enum WindowFunctions {
    static let integer: @Sendable ([DataType]) -> [DataType]? = { a in
        a.allSatisfy { $0 == .int32 || $0 == .int64 || $0 == .null } ? a.map { _ in .int32 } : nil
    }
    /// `lag(x[, offset[, default]])`: the default is cast to x's type.
    static let offsetCoerce: @Sendable ([DataType]) -> [DataType]? = { a in
        var out = a
        if out[0] == .null { out[0] = .int32 }
        if a.count > 1 {
            guard a[1] == .int32 || a[1] == .int64 || a[1] == .null else { return nil }
            out[1] = .int32
        }
        if a.count > 2 {
            guard let t = widerType(out[0], a[2]) ?? (canImplicitlyCast(a[2], to: out[0]) ? out[0] : nil) else { return nil }
            out[0] = t
            out[2] = t
        }
        return out
    }
    static let never: @Sendable ([Expr]) -> Bool = { _ in false }
    static let always: @Sendable ([Expr]) -> Bool = { _ in true }

    static let all: [WindowFunction] = [
        WindowFunction(name: "row_number", signature: "row_number() OVER (...)",
                       doc: "Sequential number of the row within its partition, from 1, in the window's order (ties get different numbers).",
                       example: "row_number() OVER (ORDER BY x) over x = 10, 20, 20 → 1, 2, 3", arity: 0...0, needsOrder: true, usesFrame: false,
                       coerce: { $0 }, returnType: { _ in .int32 }, nullable: never, constantArguments: []),
        WindowFunction(name: "rank", signature: "rank() OVER (...)",
                       doc: "Rank of the row within its partition: one plus the number of rows before its peers; ties share a rank and leave gaps.",
                       example: "rank() OVER (ORDER BY x) over x = 10, 20, 20, 30 → 1, 2, 2, 4", arity: 0...0, needsOrder: true, usesFrame: false,
                       coerce: { $0 }, returnType: { _ in .int32 }, nullable: never, constantArguments: []),
        WindowFunction(name: "dense_rank", signature: "dense_rank() OVER (...)",
                       doc: "Rank of the row's peer group within its partition, without gaps.",
                       example: "dense_rank() OVER (ORDER BY x) over x = 10, 20, 20, 30 → 1, 2, 2, 3", arity: 0...0, needsOrder: true, usesFrame: false,
                       coerce: { $0 }, returnType: { _ in .int32 }, nullable: never, constantArguments: []),
        WindowFunction(name: "percent_rank", signature: "percent_rank() OVER (...)",
                       doc: "(rank - 1) / (rows in partition - 1), as a double; 0 for a one-row partition.",
                       example: "percent_rank() OVER (ORDER BY x) over x = 10, 20, 20, 30 → 0.0, 0.333…, 0.333…, 1.0", arity: 0...0,
                       needsOrder: true, usesFrame: false, coerce: { $0 }, returnType: { _ in .float64 }, nullable: never, constantArguments: []),
        WindowFunction(name: "cume_dist", signature: "cume_dist() OVER (...)",
                       doc: "Fraction of the partition's rows that come before the row or are its peers.",
                       example: "cume_dist() OVER (ORDER BY x) over x = 10, 20, 20, 30 → 0.25, 0.75, 0.75, 1.0", arity: 0...0,
                       needsOrder: true, usesFrame: false, coerce: { $0 }, returnType: { _ in .float64 }, nullable: never, constantArguments: []),
        WindowFunction(name: "ntile", signature: "ntile(n) OVER (...)",
                       doc: "Splits each partition into `n` buckets as equal as possible (the first ones one row larger) and gives the row's bucket, from 1. `n` is a positive constant.",
                       example: "ntile(2) OVER (ORDER BY x) over 5 rows → 1, 1, 1, 2, 2", arity: 1...1, needsOrder: true, usesFrame: false,
                       coerce: integer, returnType: { _ in .int32 }, nullable: never, constantArguments: [0]),
        WindowFunction(name: "lag", signature: "lag(expr[, offset[, default]]) OVER (...)",
                       doc: "`expr` at the row `offset` rows (a constant, default 1) before this one in the partition; `default` (NULL unless given) when there is no such row.",
                       example: "lag(x) OVER (ORDER BY x) over x = 1, 2, 3 → NULL, 1, 2", arity: 1...3, needsOrder: true, usesFrame: false,
                       coerce: offsetCoerce, returnType: { $0[0] }, nullable: always, constantArguments: [1]),
        WindowFunction(name: "lead", signature: "lead(expr[, offset[, default]]) OVER (...)",
                       doc: "`expr` at the row `offset` rows (a constant, default 1) after this one in the partition; `default` (NULL unless given) when there is no such row.",
                       example: "lead(x, 1, 0) OVER (ORDER BY x) over x = 1, 2, 3 → 2, 3, 0", arity: 1...3, needsOrder: true, usesFrame: false,
                       coerce: offsetCoerce, returnType: { $0[0] }, nullable: always, constantArguments: [1]),
        WindowFunction(name: "nth_value", signature: "nth_value(expr, n) OVER (...)",
                       doc: "`expr` at the `n`-th row (a positive constant) of the window frame; NULL when the frame has fewer rows.",
                       example: "nth_value(x, 2) OVER (ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) over x = 1, 2, 3 → 2, 2, 2",
                       arity: 2...2, needsOrder: false, usesFrame: true,
                       coerce: { a in a[1] == .int32 || a[1] == .int64 ? [a[0] == .null ? .int32 : a[0], .int32] : nil },
                       returnType: { $0[0] }, nullable: always, constantArguments: [1]),
    ]
}

extension FunctionRegistry {
    public static let windows: [String: WindowFunction] = {
        var d: [String: WindowFunction] = [:]
        for f in WindowFunctions.all { d[f.name] = f }
        return d
    }()

    /// A ranking or offset function (one valid only over a window).
    public static func window(_ name: String) -> WindowFunction? { windows[name.lowercased()] }
}
