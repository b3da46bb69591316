import DataFlowColumnar

/// Row estimates for planning (join order, build sides). Without collected statistics they rest on
/// the table sizes the sources report, fixed selectivities per predicate shape, and the usual
/// key/foreign-key assumption for equi-joins: a join key column has as many distinct values as the
/// smaller of the tables its values come from, so `|L ⋈ R| = |L| · |R| / min(base(L.k), base(R.k))`.
enum Estimate {
    static func rows(_ p: LogicalPlan) -> Int? {
        switch p {
        case .scan(let s):
            guard let n = s.table.estimatedRows else { return nil }
            let afterFilter = scaled(n, selectivity(s.filters))
            return s.limit.map { min($0, afterFilter) } ?? afterFilter
        case .filter(let c, let child): return rows(child).map { scaled($0, selectivity(c.conjuncts)) }
        case .project(_, let c), .sort(_, let c), .alias(_, let c), .cached(_, let c), .window(_, let c),
             .windowGroupLimit(_, _, _, _, let c), .mapBatches(_, let c):
            return rows(c)
        case .aggregate(let g, _, let c): return g.isEmpty ? 1 : rows(c)
        case .limit(let n, _, let c), .topN(let n, _, let c): return min(n, rows(c) ?? n)
        case .deduplicate(_, let c): return rows(c)
        case .sample(let f, _, _, let c): return rows(c).map { n in Int(exactly: (Double(n) * f).rounded(.down)) ?? Int.max }
        case .join(let l, let r, let t, let on):
            guard let a = rows(l), let b = rows(r) else { return nil }
            switch t {
            case .leftSemi, .leftAnti: return a
            case .cross: return a.saturatingMultiply(b)
            case .inner: return innerJoin(l, r, a, b, on)
            case .left: return max(a, innerJoin(l, r, a, b, on))
            case .right: return max(b, innerJoin(l, r, a, b, on))
            case .full: return max(a.saturatingAdd(b), innerJoin(l, r, a, b, on))
            }
        case .usingJoin(let l, let r, _, _):
            guard let a = rows(l), let b = rows(r) else { return nil }
            return max(a, b)
        case .union(let c, _, _): return c.reduce(0) { $0.saturatingAdd(rows($1) ?? 0) }
        }
    }

    /// An inner join's rows: the most selective `column = column` key decides; with none, the larger input.
    static func innerJoin(_ l: LogicalPlan, _ r: LogicalPlan, _ a: Int, _ b: Int, _ on: Expr?) -> Int {
        guard let on else { return a.saturatingMultiply(b) }
        let leftCount = Analyzer.attributes(l).count
        var best: Int? = nil
        for c in on.conjuncts {
            guard case .comparison(.eq, .bound(let i, _, _, _), .bound(let j, _, _, _)) = c else { continue }
            let (li, ri) = i < leftCount ? (i, j - leftCount) : (j, i - leftCount)
            guard li >= 0, li < leftCount, ri >= 0, let bl = keyDomain(l, li), let br = keyDomain(r, ri) else { continue }
            let domain = max(1, min(bl, br))
            let est = max(1, Int((Double(a) * Double(b) / Double(domain)).rounded()))
            best = min(best ?? est, est)
        }
        return best ?? max(a, b)
    }

    /// How many distinct values column `i` of `p` can have at most: the unfiltered size of the table it
    /// comes from (a grouped output: the number of groups).
    static func keyDomain(_ p: LogicalPlan, _ i: Int) -> Int? {
        switch p {
        case .scan(let s): return s.table.estimatedRows
        case .filter(_, let c), .sort(_, let c), .alias(_, let c), .cached(_, let c), .limit(_, _, let c),
             .topN(_, _, let c), .sample(_, _, _, let c), .deduplicate(_, let c), .windowGroupLimit(_, _, _, _, let c):
            return keyDomain(c, i)
        case .window(_, let c):
            return i < Analyzer.attributes(c).count ? keyDomain(c, i) : rows(c)
        case .project(let exprs, let c):
            guard i < exprs.count else { return nil }
            if case .bound(let j, _, _, _) = exprs[i].unaliased { return keyDomain(c, j) }
            return rows(p)
        case .join(let l, let r, let t, _):
            let lc = Analyzer.attributes(l).count
            if i < lc { return keyDomain(l, i) }
            return t == .leftSemi || t == .leftAnti ? nil : keyDomain(r, i - lc)
        default:
            return rows(p)
        }
    }

    /// `n` scaled by a selectivity, at least one row when there were rows.
    static func scaled(_ n: Int, _ s: Double) -> Int {
        if n == 0 || s >= 1 { return n }
        return max(1, Int((Double(n) * s).rounded()))
    }

    /// The fraction of rows a conjunction keeps, by predicate shape.
    static func selectivity(_ conjuncts: [Expr]) -> Double {
        conjuncts.reduce(1.0) { $0 * selectivity($1) }
    }

    static func selectivity(_ e: Expr) -> Double {
        switch e {
        case .literal(.bool(true)): return 1
        case .literal(.bool(false)), .literal(.null): return 0
        case .and(let a, let b): return selectivity(a) * selectivity(b)
        case .or(let a, let b):
            let x = selectivity(a), y = selectivity(b)
            return min(1, x + y - x * y)
        case .not(let a): return 1 - selectivity(a)
        case .comparison(let op, _, _):
            switch op {
            case .eq, .eqNullSafe: return 0.1
            case .ne: return 0.9
            case .lt, .le, .gt, .ge: return 1.0 / 3
            }
        case .inList(_, let items): return min(0.5, 0.1 * Double(items.count))
        case .like: return 0.1
        case .isNull: return 0.1
        case .isNotNull: return 0.9
        default: return 0.5
        }
    }
}
