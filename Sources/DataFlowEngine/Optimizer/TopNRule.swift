import DataFlowColumnar

/// `sort` followed by `limit` becomes a top-N, which keeps only N rows per morsel instead of sorting all.
struct TopNRule: OptimizerRule {
    var name: String { "TopN" }

    func apply(_ plan: LogicalPlan) throws -> LogicalPlan {
        plan.transformDown { node in
            if case .limit(let n, let offset, .sort(let orders, let child)) = node, n.saturatingAdd(offset) <= 100_000 {
                let top = LogicalPlan.topN(n + offset, orders, child)
                return offset == 0 ? top : .limit(n, offset: offset, top)
            }
            if case .limit(let n, let offset, .project(let e, .sort(let orders, let child))) = node, n.saturatingAdd(offset) <= 100_000 {
                let top = LogicalPlan.topN(n + offset, orders, child)
                return .project(e, offset == 0 ? top : .limit(n, offset: offset, top))
            }
            return node
        }
    }
}
