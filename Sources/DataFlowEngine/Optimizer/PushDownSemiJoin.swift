import DataFlowColumnar

/// Moves a semi or anti join (`IN`/`EXISTS` subqueries) below an inner join when its condition reads
/// only one input of that join: it is a filter on that input's rows, and filtering first keeps the
/// inner join (and every join above it) from processing rows the subquery drops. TPC-H Q18's
/// `o_orderkey IN (…)` then filters orders before they meet lineitem. It moves only when that input is
/// estimated no bigger than the inner join's result: below a join that shrinks the rows (TPC-H Q21's
/// lineitem joined to one nation's suppliers) it would run over more rows, not fewer.
struct PushDownSemiJoin: OptimizerRule {
    var name: String { "PushDownSemiJoin" }

    func apply(_ plan: LogicalPlan) throws -> LogicalPlan {
        plan.transformDown { node in push(node) ?? node }
    }

    /// `node` with its semi/anti join moved one level down, or nil when it cannot move.
    func push(_ node: LogicalPlan) -> LogicalPlan? {
        guard case .join(let l, let r, let t, let on?) = node, t == .leftSemi || t == .leftAnti, on.isDeterministic,
              case .join(let a, let b, let inner, let c) = l, inner == .inner || inner == .cross || inner == .left else { return nil }
        let wa = Analyzer.attributes(a).count, wb = Analyzer.attributes(b).count
        let leftRefs = on.boundIndices.filter { $0 < wa + wb }
        let joined = Estimate.rows(l)
        func worthIt(_ input: LogicalPlan) -> Bool {
            guard let j = joined, let n = Estimate.rows(input) else { return false }
            return n <= j
        }
        if leftRefs.allSatisfy({ $0 < wa }) && worthIt(a) {
            // Right-side columns move down by B's width.
            let moved = on.remapped { $0 < wa ? $0 : $0 - wb }
            let pushed = LogicalPlan.join(a, r, t, on: moved)
            return .join(push(pushed) ?? pushed, b, inner, on: c)
        }
        if inner != .left && leftRefs.allSatisfy({ $0 >= wa }) && worthIt(b) {
            let moved = on.remapped { $0 - wa }
            let pushed = LogicalPlan.join(b, r, t, on: moved)
            return .join(a, push(pushed) ?? pushed, inner, on: c)
        }
        return nil
    }
}
