import DataFlowColumnar

/// Spark's window group limit: a filter that keeps the rows whose `row_number()`, `rank()` or
/// `dense_rank()` is at most k (`rn <= k`, `rn < k`, `rn = k`, or mirrored as `k >= rn`) over a window
/// gets a `windowGroupLimit` below that window, which drops, per partition, the rows that cannot rank
/// within k before the window sorts its input (a top-k per partition instead of a full sort).
/// The window and the filter stay, so results are unchanged.
///
/// Applies only when every expression of the window is one of those three ranking functions: they
/// all keep their values on a prefix of a partition, where a frame aggregate, an offset function or
/// `ntile`/`percent_rank`/`cume_dist` (which count the whole partition) would change. k must be a
/// constant between 1 and `maxLimit`: beyond that most rows tend to survive and the limit only costs.
struct InsertWindowGroupLimit: OptimizerRule {
    var name: String { "InsertWindowGroupLimit" }
    static let maxLimit = 1000

    func apply(_ plan: LogicalPlan) throws -> LogicalPlan {
        plan.transformDown { node in
            guard case .filter(let cond, .window(let exprs, let child)) = node else { return node }
            if case .windowGroupLimit = child { return node }
            guard case .window(_, let spec)? = exprs.first?.unaliased, !spec.orderBy.isEmpty else { return node }
            var functions: [RankingFunction] = []
            for e in exprs {
                guard case .window(.function(let fname, let args), let s) = e.unaliased, args.isEmpty, s.sameSort(spec),
                      let f = RankingFunction(rawValue: fname) else { return node }
                functions.append(f)
            }
            let nc = Analyzer.attributes(child).count
            var best: (function: RankingFunction, limit: Int)? = nil
            for c in cond.conjuncts {
                guard let (i, k) = InsertWindowGroupLimit.rankBound(c), i >= nc, i - nc < functions.count else { continue }
                if best == nil || k < best!.limit { best = (functions[i - nc], k) }
            }
            guard let best, best.limit >= 1, best.limit <= InsertWindowGroupLimit.maxLimit else { return node }
            let limited = LogicalPlan.windowGroupLimit(partitionBy: spec.partitionBy, orderBy: spec.orderBy,
                                                       function: best.function, limit: best.limit, child)
            return .filter(cond, .window(exprs, limited))
        }
    }

    /// `(column, k)` when `c` keeps only rows whose integer `column` is at most k.
    static func rankBound(_ c: Expr) -> (Int, Int)? {
        guard case .comparison(let op, let a, let b) = c else { return nil }
        if let i = column(a), let k = constant(b) {
            switch op {
            case .le, .eq: return (i, k)
            case .lt: return k > Int.min ? (i, k - 1) : nil
            default: return nil
            }
        }
        if let i = column(b), let k = constant(a) {
            switch op {
            case .ge, .eq: return (i, k)
            case .gt: return k > Int.min ? (i, k - 1) : nil
            default: return nil
            }
        }
        return nil
    }

    /// A column reference, possibly widened to bigint (`rn <= 2L`).
    static func column(_ e: Expr) -> Int? {
        switch e {
        case .bound(let i, .int32, _, _): return i
        case .cast(let inner, .int64, false): return column(inner)
        default: return nil
        }
    }

    static func constant(_ e: Expr) -> Int? {
        switch e {
        case .literal(.int32(let v)): return Int(v)
        case .literal(.int64(let v)): return Int(v)
        case .cast(let inner, .int64, false): return constant(inner)
        default: return nil
        }
    }
}
