import DataFlowColumnar

/// One rewrite of a resolved logical plan that keeps its results.
public protocol OptimizerRule: Sendable {
    var name: String { get }
    func apply(_ plan: LogicalPlan) throws -> LogicalPlan
}

/// Runs the rules in order, the whole list a few times until the plan stops changing. Join ordering
/// runs once before that, after constants are folded and filters pushed into join conditions.
public struct Optimizer: Sendable {
    public var rules: [any OptimizerRule]
    /// Rules run once, before `rules`, on a plan whose filters are already pushed down.
    public var joinRules: [any OptimizerRule]

    public init(rules: [any OptimizerRule]? = nil, joinRules: [any OptimizerRule]? = nil) {
        self.rules = rules ?? [
            ConstantFolding(), BooleanSimplification(), PushDownFilter(), PushDownLimit(), TopNRule(),
            InsertWindowGroupLimit(), JoinBuildSide(), PruneColumns(),
        ]
        self.joinRules = joinRules ?? (rules == nil ? [JoinReorder()] : [])
    }

    public func optimize(_ plan: LogicalPlan) throws -> LogicalPlan {
        var p = try ComputeCurrentTime().apply(plan)
        if !joinRules.isEmpty {
            let early: [any OptimizerRule] = [ConstantFolding(), BooleanSimplification(), PushDownFilter(), PushDownSemiJoin()]
            p = try fixedPoint(p, early)
            // Once: they add semi joins and filters, which the early rules then push further down.
            p = try DeriveDisjunctFilters().apply(p)
            p = try fixedPoint(try FilterAggregateByJoinKeys().apply(p), early)
            for r in joinRules { p = try r.apply(p) }
        }
        return try fixedPoint(p, rules)
    }

    func fixedPoint(_ plan: LogicalPlan, _ rules: [any OptimizerRule]) throws -> LogicalPlan {
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
    public func mapExpressions(_ f: (Expr) throws -> Expr) rethrows -> LogicalPlan {
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
        case .windowGroupLimit(let p, let o, let fn, let k, let c):
            return .windowGroupLimit(partitionBy: try p.map(f), orderBy: try o.map { SortOrder(try f($0.expr), ascending: $0.ascending, nullsFirst: $0.nullsFirst) },
                                     function: fn, limit: k, c)
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
