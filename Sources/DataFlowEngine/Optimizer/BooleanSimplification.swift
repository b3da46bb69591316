import DataFlowColumnar

/// `true AND x` → `x`, `false AND x` → `false`, `x OR true` → `true`, `NOT NOT x` → `x`,
/// a filter that is always true disappears, and conditions common to every branch of an OR are taken
/// out of it — `(a AND b) OR (a AND c)` → `a AND (b OR c)` — so that a join key repeated in each branch
/// (TPC-H Q19) becomes a hash-join key.
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
            case .or: return factorCommonConjuncts(node)
            default: return node
            }
        }
    }

    func disjuncts(_ e: Expr) -> [Expr] {
        if case .or(let a, let b) = e { return disjuncts(a) + disjuncts(b) }
        return [e]
    }

    func factorCommonConjuncts(_ e: Expr) -> Expr {
        guard e.isDeterministic else { return e }
        let branches = disjuncts(e).map(\.conjuncts)
        guard let first = branches.first else { return e }
        let common = first.filter { c in branches.dropFirst().allSatisfy { $0.contains(c) } }
        if common.isEmpty { return e }
        let rests = branches.map { b in b.filter { !common.contains($0) } }
        // A branch left with nothing is TRUE, so the whole OR is TRUE.
        if rests.contains(where: \.isEmpty) { return Expr.conjunction(common) ?? e }
        let ors = rests.compactMap { Expr.conjunction($0) }
        guard let head = ors.first else { return e }
        let rest = ors.dropFirst().reduce(head) { .or($0, $1) }
        return Expr.conjunction(common + [rest]) ?? e
    }
}
