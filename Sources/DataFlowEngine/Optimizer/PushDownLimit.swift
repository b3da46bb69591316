import DataFlowColumnar

/// Pushes a limit below projections, into scans (so `show()` reads only the first morsels), and a
/// copy of it into each input of a union.
struct PushDownLimit: OptimizerRule {
    var name: String { "PushDownLimit" }

    func apply(_ plan: LogicalPlan) throws -> LogicalPlan {
        plan.transformDown { node in
            guard case .limit(let n, let offset, let child) = node else { return node }
            let total = n.saturatingAdd(offset)
            switch child {
            case .project(let e, let grand) where e.allSatisfy(\.isDeterministic):
                return .project(e, .limit(n, offset: offset, grand))
            case .scan(var s) where s.filters.isEmpty:
                s.limit = min(s.limit ?? Int.max, total)
                return .limit(n, offset: offset, .scan(s))
            case .union(let kids, let b, let m):
                let limited = kids.map { k -> LogicalPlan in
                    if case .limit = k { return k }
                    return .limit(total, offset: 0, k)
                }
                return .limit(n, offset: offset, .union(limited, byName: b, allowMissing: m))
            default:
                return node
            }
        }
    }
}
