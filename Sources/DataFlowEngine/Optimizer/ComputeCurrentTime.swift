import DataFlowColumnar

/// Replaces `current_date()`, `current_timestamp()` (`now()`) and `unix_timestamp()` with literals of one
/// instant read once per query, so every use in a query agrees (Spark's ComputeCurrentTime). Output
/// columns keep their names.
struct ComputeCurrentTime: OptimizerRule {
    var name: String { "ComputeCurrentTime" }

    func apply(_ plan: LogicalPlan) throws -> LogicalPlan {
        let now = DateFormatFunctions.nowMicros()
        func replace(_ e: Expr) -> Expr {
            e.transformUp { node in
                guard case .function(let n, let args) = node, args.isEmpty else { return node }
                switch n {
                case "current_date": return .literal(.date(Int32(truncatingIfNeeded: Kernels.floorDivide(now, DateTime.microsPerDay))))
                case "current_timestamp": return .literal(.timestamp(now))
                case "unix_timestamp": return .literal(.int64(Kernels.floorDivide(now, 1_000_000)))
                default: return node
                }
            }
        }
        func named(_ e: Expr) -> Expr {
            let r = replace(e)
            if case .alias = e { return r }
            return r == e ? e : .alias(r, e.name)
        }
        return plan.transformUp { node in
            switch node {
            case .project(let exprs, let child): return .project(exprs.map(named), child)
            case .aggregate(let g, let o, let child): return .aggregate(groupBy: g.map(replace), outputs: o.map(named), child)
            default: return node.mapExpressions(replace)
            }
        }
    }
}
