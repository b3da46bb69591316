import DataFlowColumnar

/// Predicate transfer into a grouped join input ("magic set"): when a join reads an aggregate `G` on
/// `X.k = G.g` with `g` one of G's grouping keys, only the groups whose key occurs among X's values
/// can meet a row of X — so G's input may be filtered, before grouping, by a semi join on a cheap plan
/// that yields a superset of those values. A correlated scalar subquery (TPC-H Q17: `l_quantity <
/// (SELECT 0.2 * avg(l_quantity) FROM lineitem WHERE l_partkey = p_partkey)`) is planned as exactly
/// this shape, an aggregate of all lineitem grouped by `l_partkey` left-joined to the outer rows; with
/// the filtered part table as the key source, it aggregates ~0.03% of lineitem instead of all of it.
///
/// Why results do not change: the semi join keeps or drops whole groups (it tests the grouping key
/// only), and every group it drops has a key that no row of X holds, so it could match no X row.
/// Hence it is valid wherever G's unmatched rows are not output: G as the right input of an inner,
/// left outer, semi or anti join, or the left input of an inner or right outer join. Only `=` keys
/// count (`<=>` matches NULL keys, which a semi join drops).
///
/// The key source is X itself or any plan inside X whose column holds every (non-null) value the key
/// column of X can take: through filters, projections, aliases and aggregates (to the grouped input),
/// to the input a join column comes from, and across an inner or semi join's `a = b` condition to the
/// other input. Only sources that are a scan with filters and projections are used (they are cheap to
/// read twice and deterministic), and only when they are estimated to keep at most `maxSelectivity` of
/// the key's domain; the most selective one wins. The rule runs once, before join reordering, so that
/// `PushDownSemiJoin` can move the new semi join further down (Q2's subquery over four tables).
struct FilterAggregateByJoinKeys: OptimizerRule {
    var name: String { "FilterAggregateByJoinKeys" }
    /// Fraction of the key domain a source may keep for the semi join to be worth adding.
    var maxSelectivity = 0.5

    func apply(_ plan: LogicalPlan) throws -> LogicalPlan {
        plan.transformUp { node in rewrite(node) ?? node }
    }

    /// A key source: a cheap plan and the column of it that holds the values.
    struct Source {
        var plan: LogicalPlan
        var column: Int
        var selectivity: Double
    }

    func rewrite(_ node: LogicalPlan) -> LogicalPlan? {
        guard case .join(let l, let r, let t, let on?) = node, on.isDeterministic else { return nil }
        let wl = Analyzer.attributes(l).count
        // Equalities between a left column and a right column: (left column, right column).
        var pairs: [(Int, Int)] = []
        for c in on.conjuncts {
            guard case .comparison(.eq, .bound(let i, let ti, _, _), .bound(let j, let tj, _, _)) = c, ti == tj else { continue }
            if i < wl && j >= wl { pairs.append((i, j - wl)) } else if j < wl && i >= wl { pairs.append((j, i - wl)) }
        }
        if pairs.isEmpty { return nil }
        if [.inner, .left, .leftSemi, .leftAnti].contains(t),
           let nr = filtered(r, keys: pairs.map { (x: $0.0, g: $0.1) }, outer: l) {
            return .join(l, nr, t, on: on)
        }
        if [.inner, .right].contains(t), let nl = filtered(l, keys: pairs.map { (x: $0.1, g: $0.0) }, outer: r) {
            return .join(nl, r, t, on: on)
        }
        return nil
    }

    /// `g` (an aggregate under wrappers) with its input semi-joined to the best key source found in
    /// `outer` for one of `keys` (column `x` of `outer` equals column `g` of `g`), or nil.
    func filtered(_ g: LogicalPlan, keys: [(x: Int, g: Int)], outer: LogicalPlan) -> LogicalPlan? {
        var best: (Source, Int)? = nil
        for k in keys {
            guard let (input, inputColumn) = groupedInput(g, column: k.g) else { continue }
            guard let inputRows = Estimate.rows(input) else { continue }
            let inputDomain = Estimate.keyDomain(input, inputColumn)
            for s in sources(outer, k.x) where isCheap(s.plan) {
                guard let rows = Estimate.rows(s.plan), rows < inputRows,
                      let domain = Estimate.keyDomain(s.plan, s.column) else { continue }
                let sel = Double(rows) / Double(max(1, min(domain, inputDomain ?? domain)))
                guard sel <= maxSelectivity else { continue }
                if best.map({ sel < $0.0.selectivity }) ?? true {
                    best = (Source(plan: s.plan, column: s.column, selectivity: sel), k.g)
                }
            }
        }
        guard let (source, column) = best else { return nil }
        return withFilteredInput(g, column: column, source: source)
    }

    /// The aggregate's input under `p` and the input column grouping key `column` of `p` is, when
    /// `p` is an aggregate (under aliases, filters and column projections) and that column one of its
    /// grouping keys.
    func groupedInput(_ p: LogicalPlan, column: Int) -> (LogicalPlan, Int)? {
        switch p {
        case .alias(_, let c), .filter(_, let c): return groupedInput(c, column: column)
        case .project(let exprs, let c):
            guard column < exprs.count, case .bound(let j, _, _, _) = exprs[column].unaliased else { return nil }
            return groupedInput(c, column: j)
        case .aggregate(let groupBy, let outputs, let input):
            guard !groupBy.isEmpty, column < outputs.count else { return nil }
            let o = outputs[column].unaliased
            guard !o.containsAggregate, groupBy.contains(o), case .bound(let j, _, _, _) = o else { return nil }
            if case .join(_, _, .leftSemi, _) = input, alreadyFiltered(input, column: j) { return nil }
            return (input, j)
        default: return nil
        }
    }

    /// True when `input` is a semi join this rule made on `column`.
    func alreadyFiltered(_ input: LogicalPlan, column: Int) -> Bool {
        guard case .join(let a, _, .leftSemi, let on?) = input,
              case .comparison(.eq, .bound(let i, _, _, _), .bound(let j, _, _, _)) = on else { return false }
        return i == column && j == Analyzer.attributes(a).count
    }

    func withFilteredInput(_ p: LogicalPlan, column: Int, source: Source) -> LogicalPlan? {
        switch p {
        case .alias(let n, let c): return withFilteredInput(c, column: column, source: source).map { .alias(n, $0) }
        case .filter(let e, let c): return withFilteredInput(c, column: column, source: source).map { .filter(e, $0) }
        case .project(let exprs, let c):
            guard case .bound(let j, _, _, _) = exprs[column].unaliased else { return nil }
            return withFilteredInput(c, column: j, source: source).map { .project(exprs, $0) }
        case .aggregate(let groupBy, let outputs, let input):
            guard case .bound(let j, let type, let nullable, let name) = outputs[column].unaliased else { return nil }
            let attrs = Analyzer.attributes(input), src = Analyzer.attributes(source.plan)
            let key = src[source.column]
            guard key.type == type else { return nil }
            let on = Expr.comparison(.eq, .bound(index: j, type: type, nullable: nullable, name: name),
                                     .bound(index: attrs.count, type: key.type, nullable: key.nullable, name: key.name))
            let keys = LogicalPlan.project([.bound(index: source.column, type: key.type, nullable: key.nullable, name: key.name)], source.plan)
            return .aggregate(groupBy: groupBy, outputs: outputs, .join(input, keys, .leftSemi, on: on))
        default: return nil
        }
    }

    /// A scan under deterministic filters, projections and aliases: reading it again is cheap and
    /// gives the same rows.
    func isCheap(_ p: LogicalPlan) -> Bool {
        switch p {
        case .scan(let s): return s.filters.allSatisfy(\.isDeterministic)
        case .filter(let e, let c): return e.isDeterministic && isCheap(c)
        case .project(let exprs, let c): return exprs.allSatisfy(\.isDeterministic) && isCheap(c)
        case .alias(_, let c): return isCheap(c)
        default: return false
        }
    }

    /// Plans (with a column) whose column holds every non-null value column `col` of `p` can hold: `p`
    /// itself and, recursively, the inputs that column comes from.
    func sources(_ p: LogicalPlan, _ col: Int) -> [(plan: LogicalPlan, column: Int)] {
        var out: [(plan: LogicalPlan, column: Int)] = [(p, col)]
        switch p {
        case .alias(_, let c), .filter(_, let c), .sort(_, let c), .limit(_, _, let c), .topN(_, _, let c):
            out += sources(c, col)
        case .window(_, let c):
            if col < Analyzer.attributes(c).count { out += sources(c, col) }
        case .project(let exprs, let c):
            if col < exprs.count, case .bound(let j, _, _, _) = exprs[col].unaliased { out += sources(c, j) }
        case .aggregate(let groupBy, let outputs, let c):
            if col < outputs.count, case .bound(let j, _, _, _) = outputs[col].unaliased, groupBy.contains(outputs[col].unaliased) {
                out += sources(c, j)
            }
        case .join(let a, let b, let t, let on):
            // A column of a join holds its input's values (or NULL, for the null-producing side).
            let wa = Analyzer.attributes(a).count
            out += col < wa ? sources(a, col) : sources(b, col - wa)
            // Every row of an inner or semi join satisfies `col = other column`.
            guard t == .inner || (t == .leftSemi && col < wa), let on else { break }
            for c in on.conjuncts {
                guard case .comparison(.eq, .bound(let i, let ti, _, _), .bound(let j, let tj, _, _)) = c, ti == tj else { continue }
                let o = i == col ? j : (j == col ? i : nil)
                guard let o, (o < wa) != (col < wa) else { continue }
                out += o < wa ? sources(a, o) : sources(b, o - wa)
            }
        default: break
        }
        return out
    }
}
