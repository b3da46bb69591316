import DataFlowColumnar

/// Evaluates sub-expressions that read no column once, at planning time (`1 + 2` → `3`,
/// `CAST('2024-01-01' AS DATE)` → a date literal). An expression that would fail (1/0) is left for
/// execution, so the error surfaces only if a row reaches it, as in Spark.
struct ConstantFolding: OptimizerRule {
    var name: String { "ConstantFolding" }

    func apply(_ plan: LogicalPlan) throws -> LogicalPlan {
        plan.transformUp { node in
            switch node {
            case .project(let exprs, let child):
                return .project(exprs.map(foldNamed), child)
            case .aggregate(let g, let o, let child):
                return .aggregate(groupBy: g.map(fold), outputs: o.map(foldNamed), child)
            default:
                return node.mapExpressions(fold)
            }
        }
    }

    /// Output columns keep their names: a folded top-level expression is wrapped in its old name.
    func foldNamed(_ top: Expr) -> Expr {
        let folded = fold(top)
        if case .alias = top { return folded }
        if folded != top, case .literal = folded, !isLiteral(top) { return .alias(folded, top.name) }
        return folded
    }

    func isLiteral(_ e: Expr) -> Bool { if case .literal = e { return true }; return false }

    func fold(_ e: Expr) -> Expr {
        e.transformUp { node in
            switch node {
            case .literal, .alias, .bound, .column, .star, .aggregate, .udaf: return node
            default:
                guard node.isConstant, let v = try? ExpressionEvaluator.evaluateConstant(node) else { return node }
                if v.isNull && node.type != .null { return .cast(.literal(.null), node.type) }
                // A value that cannot carry its type (an array of NULLs: `array(CAST(NULL AS INT))`) stays unfolded.
                if v.type != node.type { return node }
                return .literal(v)
            }
        }
    }
}
