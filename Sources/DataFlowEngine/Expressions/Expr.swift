import DataFlowColumnar

/// A scalar or aggregate expression. Unresolved expressions name columns (`column`); the analyzer turns
/// them into `bound` references with types, and inserts the casts Spark's type coercion implies.
public indirect enum Expr: Sendable, Hashable {
    /// An unresolved column, optionally qualified by a table alias (`r.movieId`).
    case column(String, qualifier: String? = nil)
    /// `*` (select all, `count(*)`), optionally qualified.
    case star(qualifier: String? = nil)
    /// A resolved column: position in the input batch.
    case bound(index: Int, type: DataType, nullable: Bool, name: String)
    case literal(Value)
    case alias(Expr, String)
    case arithmetic(ArithmeticOp, Expr, Expr, isTry: Bool = false)
    case comparison(CompareOp, Expr, Expr)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case not(Expr)
    case negate(Expr)
    case isNull(Expr)
    case isNotNull(Expr)
    case cast(Expr, DataType, isTry: Bool = false)
    case inList(Expr, [Expr])
    case like(Expr, pattern: String, escape: Character = "\\", caseInsensitive: Bool = false)
    case caseWhen([WhenClause], otherwise: Expr?)
    /// A scalar function from the registry, by name.
    case function(String, [Expr])
    /// An aggregate function from the registry, by name (`count`, `sum`, …).
    case aggregate(String, [Expr], distinct: Bool = false)
    /// A user-defined scalar function, held by reference (see `UserFunction`).
    case udf(UserFunction, [Expr])
    /// A user-defined aggregate function, held by reference.
    case udaf(UserFunction, [Expr])
    /// `function OVER (spec)`: a ranking/offset function (`.function("rank", [])`) or an aggregate over a
    /// window frame. The analyzer moves these into `LogicalPlan.window` nodes.
    case window(Expr, WindowSpec)

    public struct WhenClause: Sendable, Hashable {
        public var condition: Expr
        public var value: Expr
        public init(_ condition: Expr, _ value: Expr) { self.condition = condition; self.value = value }
    }

    /// The output name Spark would give this expression.
    public var name: String {
        switch self {
        case .column(let n, _): return n
        case .bound(_, _, _, let n): return n
        case .alias(_, let n): return n
        default: return description
        }
    }

    public var children: [Expr] {
        switch self {
        case .column, .star, .bound, .literal: return []
        case .alias(let e, _), .not(let e), .negate(let e), .isNull(let e), .isNotNull(let e),
             .cast(let e, _, _), .like(let e, _, _, _):
            return [e]
        case .arithmetic(_, let a, let b, _), .comparison(_, let a, let b), .and(let a, let b), .or(let a, let b):
            return [a, b]
        case .inList(let e, let l): return [e] + l
        case .caseWhen(let w, let o): return w.flatMap { [$0.condition, $0.value] } + (o.map { [$0] } ?? [])
        case .function(_, let a), .aggregate(_, let a, _), .udf(_, let a), .udaf(_, let a): return a
        case .window(let f, let spec): return [f] + spec.partitionBy + spec.orderBy.map(\.expr)
        }
    }

    /// Rebuilds this node with new children (same order as `children`).
    public func withChildren(_ c: [Expr]) -> Expr {
        switch self {
        case .column, .star, .bound, .literal: return self
        case .alias(_, let n): return .alias(c[0], n)
        case .not: return .not(c[0])
        case .negate: return .negate(c[0])
        case .isNull: return .isNull(c[0])
        case .isNotNull: return .isNotNull(c[0])
        case .cast(_, let t, let tr): return .cast(c[0], t, isTry: tr)
        case .like(_, let p, let e, let ci): return .like(c[0], pattern: p, escape: e, caseInsensitive: ci)
        case .arithmetic(let op, _, _, let t): return .arithmetic(op, c[0], c[1], isTry: t)
        case .comparison(let op, _, _): return .comparison(op, c[0], c[1])
        case .and: return .and(c[0], c[1])
        case .or: return .or(c[0], c[1])
        case .inList: return .inList(c[0], Array(c.dropFirst()))
        case .caseWhen(let w, let o):
            var clauses: [WhenClause] = []
            for i in 0..<w.count { clauses.append(WhenClause(c[2 * i], c[2 * i + 1])) }
            return .caseWhen(clauses, otherwise: o == nil ? nil : c[2 * w.count])
        case .function(let n, _): return .function(n, c)
        case .aggregate(let n, _, let d): return .aggregate(n, c, distinct: d)
        case .udf(let f, _): return .udf(f, c)
        case .udaf(let f, _): return .udaf(f, c)
        case .window(_, let spec):
            let np = spec.partitionBy.count
            let orders = spec.orderBy.enumerated().map { k, o in
                SortOrder(c[1 + np + k], ascending: o.ascending, nullsFirst: o.nullsFirst)
            }
            return .window(c[0], WindowSpec(partitionBy: Array(c[1..<(1 + np)]), orderBy: orders, frame: spec.frame))
        }
    }

    /// Bottom-up rewrite.
    public func transformUp(_ f: (Expr) throws -> Expr) rethrows -> Expr {
        let kids = children
        let node = kids.isEmpty ? self : withChildren(try kids.map { try $0.transformUp(f) })
        return try f(node)
    }

    /// Top-down rewrite: `f` returns a replacement (whose children are not visited again) or nil to descend.
    public func transformDown(_ f: (Expr) throws -> Expr?) rethrows -> Expr {
        if let r = try f(self) { return r }
        let kids = children
        return kids.isEmpty ? self : withChildren(try kids.map { try $0.transformDown(f) })
    }

    public func contains(where p: (Expr) -> Bool) -> Bool {
        if p(self) { return true }
        return children.contains { $0.contains(where: p) }
    }

    /// An aggregate function call itself (built-in or user-defined), not an expression containing one.
    public var isAggregateCall: Bool {
        switch self {
        case .aggregate, .udaf: return true
        default: return false
        }
    }

    /// An aggregate outside window expressions (an aggregate under `OVER` is computed by the window operator).
    public var containsAggregate: Bool {
        switch self {
        case .aggregate, .udaf: return true
        case .window: return false
        default: return children.contains { $0.containsAggregate }
        }
    }

    public var containsWindow: Bool { contains { if case .window = $0 { return true }; return false } }

    /// Column names referenced (unresolved) or bound indices referenced (resolved).
    public var boundIndices: Set<Int> {
        var s = Set<Int>()
        func walk(_ e: Expr) {
            if case .bound(let i, _, _, _) = e { s.insert(i) }
            e.children.forEach(walk)
        }
        walk(self)
        return s
    }

    /// Strips a top-level alias.
    public var unaliased: Expr { if case .alias(let e, _) = self { return e.unaliased }; return self }

    /// Splits `a AND b AND c` into its conjuncts.
    public var conjuncts: [Expr] {
        if case .and(let a, let b) = self { return a.conjuncts + b.conjuncts }
        return [self]
    }

    public static func conjunction(_ parts: [Expr]) -> Expr? {
        guard var e = parts.first else { return nil }
        for p in parts.dropFirst() { e = .and(e, p) }
        return e
    }

    public var isDeterministic: Bool {
        !contains {
            switch $0 {
            case .function(let n, _): return ["rand", "randn", "uuid"].contains(n)
            case .udf(let f, _), .udaf(let f, _): return !f.isDeterministic
            default: return false
            }
        }
    }
}

/// A sort key: expression, direction and where nulls go (Spark: nulls first ascending, last descending).
public struct SortOrder: Sendable, Hashable, CustomStringConvertible {
    public var expr: Expr
    public var ascending: Bool
    public var nullsFirst: Bool

    public init(_ expr: Expr, ascending: Bool = true, nullsFirst: Bool? = nil) {
        self.expr = expr
        self.ascending = ascending
        self.nullsFirst = nullsFirst ?? ascending
    }

    public var description: String {
        "\(expr) \(ascending ? "ASC" : "DESC") NULLS \(nullsFirst ? "FIRST" : "LAST")"
    }
}

/// The function name API builders use for an expression that is invalid by construction (an unknown
/// type name in `cast("…")`, `otherwise` without `when`); the analyzer reports the message it carries.
public let invalidMarker = "__invalid_expression__"

/// The function name `call_udf("name", ...)` builds before the session resolves it to its registered
/// `UserFunction` (the first argument is the name as a string literal).
public let userFunctionMarker = "__call_udf__"
