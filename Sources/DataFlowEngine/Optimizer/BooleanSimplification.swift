import DataFlowColumnar

/// `true AND x` → `x`, `false AND x` → `false`, `x OR true` → `true`, `NOT NOT x` → `x`,
/// a filter that is always true disappears.
struct BooleanSimplification: OptimizerRule {
    var name: String { "BooleanSimplification" }

    func apply(_ plan: LogicalPlan) throws -> LogicalPlan {
        plan.transformUp { node in
            let simplified = node.mapExpressions(simplify)
            if case .filter(.literal(.bool(true)), let child) = simplified { return child }
            return simplified
        }
    }

    func simplify(_ e: Expr) -> Expr {
        e.transformUp { node in
            switch node {
            case .and(.literal(.bool(true)), let x), .and(let x, .literal(.bool(true))): return x
            case .and(.literal(.bool(false)), _), .and(_, .literal(.bool(false))): return .literal(.bool(false))
            case .or(.literal(.bool(false)), let x), .or(let x, .literal(.bool(false))): return x
            case .or(.literal(.bool(true)), _), .or(_, .literal(.bool(true))): return .literal(.bool(true))
            case .not(.not(let x)): return x
            case .not(.literal(.bool(let b))): return .literal(.bool(!b))
            default: return node
            }
        }
    }
}
