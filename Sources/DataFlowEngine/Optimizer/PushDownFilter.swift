import DataFlowColumnar

/// Moves filters towards the data: through projections (substituting the projected expressions),
/// sorts, unions and grouping keys, into both sides of joins where the join kind allows it, into
/// scans (evaluated right after reading), and merges adjacent filters.
struct PushDownFilter: OptimizerRule {
    var name: String { "PushDownFilter" }

    func apply(_ plan: LogicalPlan) throws -> LogicalPlan {
        plan.transformDown { node in
            if case .join(let l, let r, let t, let on?) = node { return pushJoinCondition(l, r, t, on) }
            guard case .filter(let cond, let child) = node, cond.isDeterministic else { return node }
            return push(cond, child)
        }
    }

    /// Conjuncts of a join's own condition that read one input only become filters on that input where
    /// the join kind allows: the right input of inner, left outer, semi and anti joins (rows of the right
    /// side failing them can match nothing), the left input of inner and right outer joins.
    func pushJoinCondition(_ l: LogicalPlan, _ r: LogicalPlan, _ t: JoinType, _ on: Expr) -> LogicalPlan {
        guard on.isDeterministic else { return .join(l, r, t, on: on) }
        let leftCount = Analyzer.attributes(l).count
        var toLeft: [Expr] = [], toRight: [Expr] = [], keep: [Expr] = []
        for c in on.conjuncts {
            let refs = c.boundIndices
            if !refs.isEmpty && refs.allSatisfy({ $0 >= leftCount }) && [.inner, .left, .leftSemi, .leftAnti].contains(t) {
                toRight.append(c.remapped { $0 - leftCount })
            } else if !refs.isEmpty && refs.allSatisfy({ $0 < leftCount }) && [.inner, .right].contains(t) {
                toLeft.append(c)
            } else {
                keep.append(c)
            }
        }
        if toLeft.isEmpty && toRight.isEmpty { return .join(l, r, t, on: on) }
        let nl = Expr.conjunction(toLeft).map { push($0, l) } ?? l
        let nr = Expr.conjunction(toRight).map { push($0, r) } ?? r
        return .join(nl, nr, t, on: Expr.conjunction(keep))
    }

    func push(_ cond: Expr, _ child: LogicalPlan) -> LogicalPlan {
        switch child {
        case .filter(let c2, let grand):
            return push(.and(c2, cond), grand)
        case .scan(var s):
            s.filters += cond.conjuncts
            if s.limit != nil { return .filter(cond, child) }
            return .scan(s)
        case .project(let exprs, let grand) where exprs.allSatisfy(\.isDeterministic):
            return .project(exprs, push(cond.substituted(exprs), grand))
        case .sort(let o, let grand):
            return .sort(o, push(cond, grand))
        case .alias(let n, let grand):
            return .alias(n, push(cond, grand))
        case .union(let children, let b, let m):
            return .union(children.map { push(cond, $0) }, byName: b, allowMissing: m)
        case .window(let exprs, let grand):
            // Only conjuncts over columns that every window expression partitions by may go below:
            // they keep or drop whole partitions, so the window results of the rows kept do not change.
            var keys: Set<Int>? = nil
            for e in exprs {
                guard case .window(_, let spec) = e.unaliased else { keys = []; break }
                var mine = Set<Int>()
                for p in spec.partitionBy { if case .bound(let i, _, _, _) = p { mine.insert(i) } }
                keys = keys.map { $0.intersection(mine) } ?? mine
            }
            let partitionKeys = keys ?? []
            var below: [Expr] = [], above: [Expr] = []
            for c in cond.conjuncts {
                let refs = c.boundIndices
                if !refs.isEmpty && refs.isSubset(of: partitionKeys) { below.append(c) } else { above.append(c) }
            }
            guard let b = Expr.conjunction(below) else { return .filter(cond, child) }
            let pushed = LogicalPlan.window(exprs, push(b, grand))
            return Expr.conjunction(above).map { .filter($0, pushed) } ?? pushed
        case .windowGroupLimit(let p, let o, let f, let k, let grand):
            // As for a window: conjuncts over partition keys only keep or drop whole partitions.
            let keys = Set(p.compactMap { e -> Int? in if case .bound(let i, _, _, _) = e { return i }; return nil })
            let below = cond.conjuncts.filter { !$0.boundIndices.isEmpty && $0.boundIndices.isSubset(of: keys) }
            let above = cond.conjuncts.filter { $0.boundIndices.isEmpty || !$0.boundIndices.isSubset(of: keys) }
            guard let b = Expr.conjunction(below) else { return .filter(cond, child) }
            let pushed = LogicalPlan.windowGroupLimit(partitionBy: p, orderBy: o, function: f, limit: k, push(b, grand))
            return Expr.conjunction(above).map { .filter($0, pushed) } ?? pushed
        case .aggregate(let groupBy, let outputs, let grand):
            // Conjuncts over grouping outputs only can be evaluated before grouping.
            var below: [Expr] = [], above: [Expr] = []
            for c in cond.conjuncts {
                let refs = c.boundIndices
                let ok = refs.allSatisfy { i in
                    let o = outputs[i].unaliased
                    return !o.containsAggregate && groupBy.contains(o)
                }
                if ok && !c.containsAggregate { below.append(c.substituted(outputs)) } else { above.append(c) }
            }
            guard let b = Expr.conjunction(below) else { return .filter(cond, child) }
            let pushed = LogicalPlan.aggregate(groupBy: groupBy, outputs: outputs, push(b, grand))
            return Expr.conjunction(above).map { .filter($0, pushed) } ?? pushed
        case .join(let l, let r, let type, let on):
            let leftCount = Analyzer.attributes(l).count
            var toLeft: [Expr] = [], toRight: [Expr] = [], toJoin: [Expr] = [], keep: [Expr] = []
            for c in cond.conjuncts {
                let refs = c.boundIndices
                let leftOnly = refs.allSatisfy { $0 < leftCount }
                let rightOnly = !refs.isEmpty && refs.allSatisfy { $0 >= leftCount }
                switch type {
                case .inner, .cross:
                    if leftOnly { toLeft.append(c) } else if rightOnly { toRight.append(c) } else { toJoin.append(c) }
                case .left, .leftSemi, .leftAnti:
                    if leftOnly { toLeft.append(c) } else { keep.append(c) }
                case .right:
                    if rightOnly { toRight.append(c) } else { keep.append(c) }
                case .full:
                    keep.append(c)
                }
            }
            if toLeft.isEmpty && toRight.isEmpty && toJoin.isEmpty { return .filter(cond, child) }
            let nl = Expr.conjunction(toLeft).map { push($0, l) } ?? l
            let nr = Expr.conjunction(toRight.map { $0.remapped { $0 - leftCount } }).map { push($0, r) } ?? r
            var newType = type
            var newOn = on
            if !toJoin.isEmpty {
                // Filter-to-join-condition: a condition over both sides becomes the join's condition.
                newOn = Expr.conjunction((on.map { [$0] } ?? []) + toJoin)
                if type == .cross { newType = .inner }
            }
            let joined = LogicalPlan.join(nl, nr, newType, on: newOn)
            return Expr.conjunction(keep).map { .filter($0, joined) } ?? joined
        case .mapBatches:
            // Opaque: what its closure reads or drops is unknown, so nothing moves below it.
            return .filter(cond, child)
        default:
            return .filter(cond, child)
        }
    }
}
