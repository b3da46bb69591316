import DataFlowColumnar

/// A join condition `(a1 AND b1 AND x1) OR (a2 AND b2 AND x2)`, where `a` terms read the left input
/// only, `b` terms the right input only and `x` terms both, cannot move below the join whole; but a row
/// of the left input can only satisfy it if `a1 OR a2` holds, so that derived disjunction filters the
/// left input (likewise `b1 OR b2` the right), while the condition itself stays on the join. TPC-H Q19's
/// three brand/container/quantity cases thus filter part and lineitem before they are joined, as Spark
/// and DuckDB do. A side gets a derived filter only when every disjunct constrains it (one disjunct
/// without a term on that side lets any row through) and only where the join kind lets filters reach
/// that input: both inputs of an inner join, the right input of a left outer, semi or anti join, the
/// left input of a right outer join. Rows for which the derived filter is false or NULL make every
/// disjunct false or NULL, so no matching pair is lost.
///
/// The rule runs once, after filters have become join conditions; the filters it adds are pushed down
/// by `PushDownFilter` in the rounds that follow.
struct DeriveDisjunctFilters: OptimizerRule {
    var name: String { "DeriveDisjunctFilters" }

    func apply(_ plan: LogicalPlan) throws -> LogicalPlan {
        plan.transformUp { node in
            guard case .join(let l, let r, let t, let on?) = node, on.isDeterministic else { return node }
            let wl = Analyzer.attributes(l).count
            var toLeft: [Expr] = [], toRight: [Expr] = []
            for c in on.conjuncts {
                guard case .or = c else { continue }
                let refs = c.boundIndices
                guard refs.contains(where: { $0 < wl }) && refs.contains(where: { $0 >= wl }) else { continue }
                if [.inner, .right].contains(t), let d = derived(c, { $0 < wl }) { toLeft.append(d) }
                if [.inner, .left, .leftSemi, .leftAnti].contains(t), let d = derived(c, { $0 >= wl }) {
                    toRight.append(d.remapped { $0 - wl })
                }
            }
            let nl = Expr.conjunction(toLeft).map { LogicalPlan.filter($0, l) } ?? l
            let nr = Expr.conjunction(toRight).map { LogicalPlan.filter($0, r) } ?? r
            return .join(nl, nr, t, on: on)
        }
    }

    /// The disjunction, over `c`'s disjuncts, of each one's conjuncts that read only columns `side`
    /// accepts; nil when some disjunct has none.
    func derived(_ c: Expr, _ side: (Int) -> Bool) -> Expr? {
        var parts: [Expr] = []
        for d in c.disjuncts {
            let mine = d.conjuncts.filter { e in
                let refs = e.boundIndices
                return !refs.isEmpty && refs.allSatisfy(side)
            }
            guard let m = Expr.conjunction(mine) else { return nil }
            parts.append(m)
        }
        return parts.dropFirst().reduce(parts.first) { acc, p in acc.map { .or($0, p) } }
    }
}

extension Expr {
    /// Splits `a OR b OR c` into its disjuncts.
    var disjuncts: [Expr] {
        if case .or(let a, let b) = self { return a.disjuncts + b.disjuncts }
        return [self]
    }
}
