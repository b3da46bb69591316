import DataFlowColumnar

/// One rewrite of a resolved logical plan that keeps its results.
public protocol OptimizerRule: Sendable {
    var name: String { get }
    func apply(_ plan: LogicalPlan) throws -> LogicalPlan
}

/// Runs the rules in order, the whole list a few times until the plan stops changing.
public struct Optimizer: Sendable {
    public var rules: [any OptimizerRule]

    public init(rules: [any OptimizerRule]? = nil) {
        self.rules = rules ?? [
            ConstantFolding(), BooleanSimplification(), PushDownFilter(), PushDownLimit(), TopNRule(),
            JoinBuildSide(), PruneColumns(),
        ]
    }

    public func optimize(_ plan: LogicalPlan) throws -> LogicalPlan {
        var p = plan
        for _ in 0..<3 {
            let before = PlanPrinter.text(p)
            for r in rules { p = try r.apply(p) }
            if PlanPrinter.text(p) == before { break }
        }
        return p
    }
}

extension LogicalPlan {
    /// Rewrites every expression held by this node (not its children's).
    func mapExpressions(_ f: (Expr) throws -> Expr) rethrows -> LogicalPlan {
        switch self {
        case .scan(var s):
            s.filters = try s.filters.map(f)
            return .scan(s)
        case .project(let e, let c): return .project(try e.map(f), c)
        case .filter(let e, let c): return .filter(try f(e), c)
        case .aggregate(let g, let o, let c): return .aggregate(groupBy: try g.map(f), outputs: try o.map(f), c)
        case .join(let l, let r, let t, let on): return .join(l, r, t, on: try on.map(f))
        case .sort(let o, let c): return .sort(try o.map { SortOrder(try f($0.expr), ascending: $0.ascending, nullsFirst: $0.nullsFirst) }, c)
        case .topN(let n, let o, let c):
            return .topN(n, try o.map { SortOrder(try f($0.expr), ascending: $0.ascending, nullsFirst: $0.nullsFirst) }, c)
        default: return self
        }
    }
}

extension Expr {
    /// Rewrites bound column indices.
    func remapped(_ f: (Int) -> Int) -> Expr {
        transformUp { e in
            if case .bound(let i, let t, let n, let name) = e { return .bound(index: f(i), type: t, nullable: n, name: name) }
            return e
        }
    }

    /// Replaces each bound reference `i` by `exprs[i]` (without its alias).
    func substituted(_ exprs: [Expr]) -> Expr {
        transformDown { e in
            if case .bound(let i, _, _, _) = e { return exprs[i].unaliased }
            return nil
        }
    }
}

extension Int {
    /// `self + other`, or Int.max when that overflows (row counts: limit + offset, estimates).
    func saturatingAdd(_ other: Int) -> Int {
        let (r, o) = addingReportingOverflow(other)
        return o ? Int.max : r
    }
    func saturatingMultiply(_ other: Int) -> Int {
        let (r, o) = multipliedReportingOverflow(by: other)
        return o ? Int.max : r
    }
}

/// Row estimates for planning.
enum Estimate {
    static func rows(_ p: LogicalPlan) -> Int? {
        switch p {
        case .scan(let s):
            guard let n = s.table.estimatedRows else { return nil }
            let afterFilter = s.filters.isEmpty ? n : n / 2
            return s.limit.map { min($0, afterFilter) } ?? afterFilter
        case .filter(_, let c): return rows(c).map { $0 / 2 }
        case .project(_, let c), .sort(_, let c), .alias(_, let c), .cached(_, let c), .window(_, let c): return rows(c)
        case .aggregate(let g, _, let c): return g.isEmpty ? 1 : rows(c)
        case .limit(let n, _, let c), .topN(let n, _, let c): return min(n, rows(c) ?? n)
        case .deduplicate(_, let c): return rows(c)
        case .sample(let f, _, _, let c): return rows(c).map { n in Int(exactly: (Double(n) * f).rounded(.down)) ?? Int.max }
        case .join(let l, let r, let t, _):
            guard let a = rows(l), let b = rows(r) else { return nil }
            return t == .cross ? a.saturatingMultiply(b) : max(a, b)
        case .usingJoin(let l, let r, _, _):
            guard let a = rows(l), let b = rows(r) else { return nil }
            return max(a, b)
        case .union(let c, _, _): return c.reduce(0) { $0.saturatingAdd(rows($1) ?? 0) }
        }
    }
}
