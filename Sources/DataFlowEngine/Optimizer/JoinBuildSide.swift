import DataFlowColumnar

/// The hash join builds its right input. For an inner join whose left input is estimated smaller,
/// swap the inputs (and restore the column order with a projection) so the smaller side is built.
struct JoinBuildSide: OptimizerRule {
    var name: String { "JoinBuildSide" }

    func apply(_ plan: LogicalPlan) throws -> LogicalPlan {
        plan.transformUp { node in
            guard case .join(let l, let r, .inner, let on) = node,
                  let ls = Estimate.rows(l), let rs = Estimate.rows(r), ls.saturatingMultiply(2) < rs else { return node }
            let la = Analyzer.attributes(l), ra = Analyzer.attributes(r)
            let nl = la.count, nr = ra.count
            // In the swapped join, right columns come first.
            let swappedOn = on.map { $0.remapped { $0 < nl ? $0 + nr : $0 - nl } }
            let swapped = LogicalPlan.join(r, l, .inner, on: swappedOn)
            let attrs = Analyzer.attributes(swapped)
            let order: [Expr] = (0..<(nl + nr)).map { i in
                let j = i < nl ? i + nr : i - nl
                return .bound(index: j, type: attrs[j].type, nullable: attrs[j].nullable, name: attrs[j].name)
            }
            return .alias("#swap", .project(order, swapped))
        }
    }
}
