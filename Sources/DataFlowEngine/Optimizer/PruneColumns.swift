import DataFlowColumnar

/// Projection pruning: every operator keeps only the columns someone above it reads, down to the scans,
/// which then read (and, for CSV, convert) only those columns.
struct PruneColumns: OptimizerRule {
    var name: String { "PruneColumns" }

    func apply(_ plan: LogicalPlan) throws -> LogicalPlan {
        let n = Analyzer.attributes(plan).count
        return prune(plan, Set(0..<n)).plan
    }

    /// `mapping[old] = new` position, -1 where dropped.
    struct Result {
        var plan: LogicalPlan
        var mapping: [Int]
    }

    func identity(_ plan: LogicalPlan) -> Result {
        let n = Analyzer.attributes(plan).count
        return Result(plan: plan, mapping: Array(0..<n))
    }

    func refs(_ exprs: [Expr]) -> Set<Int> { exprs.reduce(into: Set<Int>()) { $0.formUnion($1.boundIndices) } }

    func prune(_ plan: LogicalPlan, _ required: Set<Int>) -> Result {
        switch plan {
        case .scan(var s):
            let cols = s.columns ?? Array(0..<s.table.schema.count)
            var need = required.union(refs(s.filters)).sorted()
            if need.isEmpty, !cols.isEmpty { need = [0] }  // keep one column so rows can be counted
            var mapping = [Int](repeating: -1, count: cols.count)
            for (k, i) in need.enumerated() { mapping[i] = k }
            s.filters = s.filters.map { $0.remapped { mapping[$0] } }
            s.columns = need.map { cols[$0] }
            // Columns read only by the scan's own filters are dropped right after filtering, so joins
            // and sorts above never copy them (a long comment tested by `NOT LIKE`, say).
            let outputs = required.sorted()
            guard !outputs.isEmpty, outputs.count < need.count else { return Result(plan: .scan(s), mapping: mapping) }
            let fields = s.fields
            var outMapping = [Int](repeating: -1, count: cols.count)
            for (k, i) in outputs.enumerated() { outMapping[i] = k }
            let exprs: [Expr] = outputs.map { i in
                let j = mapping[i], f = fields[j]
                return .bound(index: j, type: f.type, nullable: f.nullable, name: f.name)
            }
            return Result(plan: .project(exprs, .scan(s)), mapping: outMapping)
        case .project(let exprs, let child):
            let keep = exprs.indices.filter { required.contains($0) }
            let sub = prune(child, refs(keep.map { exprs[$0] }))
            var mapping = [Int](repeating: -1, count: exprs.count)
            for (k, i) in keep.enumerated() { mapping[i] = k }
            let newExprs = keep.map { exprs[$0].remapped { sub.mapping[$0] } }
            if case .project(let inner, let grand) = sub.plan, inner.allSatisfy({ if case .bound = $0 { return true }; return false }) {
                // A projection that only selects columns (a scan's, dropping filter-only columns, say)
                // folds into this one.
                return Result(plan: .project(newExprs.map { $0.substituted(inner) }, grand), mapping: mapping)
            }
            return Result(plan: .project(newExprs, sub.plan), mapping: mapping)
        case .filter(let cond, let child):
            let sub = prune(child, required.union(cond.boundIndices))
            return wrapSame(sub, required) { .filter(cond.remapped { sub.mapping[$0] }, $0) }
        case .sort(let orders, let child):
            let sub = prune(child, required.union(refs(orders.map(\.expr))))
            let o = orders.map { SortOrder($0.expr.remapped { sub.mapping[$0] }, ascending: $0.ascending, nullsFirst: $0.nullsFirst) }
            return wrapSame(sub, required) { .sort(o, $0) }
        case .topN(let n, let orders, let child):
            let sub = prune(child, required.union(refs(orders.map(\.expr))))
            let o = orders.map { SortOrder($0.expr.remapped { sub.mapping[$0] }, ascending: $0.ascending, nullsFirst: $0.nullsFirst) }
            return wrapSame(sub, required) { .topN(n, o, $0) }
        case .windowGroupLimit(let p, let orders, let fn, let k, let child):
            let sub = prune(child, required.union(refs(p + orders.map(\.expr))))
            let f: (Int) -> Int = { sub.mapping[$0] }
            let o = orders.map { SortOrder($0.expr.remapped(f), ascending: $0.ascending, nullsFirst: $0.nullsFirst) }
            return wrapSame(sub, required) { .windowGroupLimit(partitionBy: p.map { $0.remapped(f) }, orderBy: o, function: fn, limit: k, $0) }
        case .limit(let n, let off, let child):
            let sub = prune(child, required)
            return wrapSame(sub, required) { .limit(n, offset: off, $0) }
        case .sample(let f, let w, let s, let child):
            let sub = prune(child, required)
            return wrapSame(sub, required) { .sample(fraction: f, withReplacement: w, seed: s, $0) }
        case .alias(let name, let child):
            let sub = prune(child, required)
            return Result(plan: .alias(name, sub.plan), mapping: sub.mapping)
        case .window(let exprs, let child):
            // Keeps the window expressions read above (dropping the node when none is) and every
            // column they read: arguments, partition and order keys.
            let nc = Analyzer.attributes(child).count
            let keep = exprs.indices.filter { required.contains(nc + $0) }
            let sub = prune(child, Set(required.filter { $0 < nc }).union(refs(keep.map { exprs[$0] })))
            let newNc = sub.mapping.filter { $0 >= 0 }.count
            var mapping = sub.mapping
            var next = newNc
            for i in exprs.indices {
                if keep.contains(i) { mapping.append(next); next += 1 } else { mapping.append(-1) }
            }
            if keep.isEmpty { return Result(plan: sub.plan, mapping: mapping) }
            let newExprs = keep.map { exprs[$0].remapped { sub.mapping[$0] } }
            return Result(plan: .window(newExprs, sub.plan), mapping: mapping)
        case .aggregate(let g, let o, let child):
            let sub = prune(child, refs(g + o))
            let f: (Int) -> Int = { sub.mapping[$0] }
            return Result(plan: .aggregate(groupBy: g.map { $0.remapped(f) }, outputs: o.map { $0.remapped(f) }, sub.plan),
                          mapping: Array(0..<o.count))
        case .join(let l, let r, let type, let on):
            let nl = Analyzer.attributes(l).count
            let onRefs = on?.boundIndices ?? []
            let all = required.union(onRefs)
            let ls = prune(l, Set(all.filter { $0 < nl }))
            let rs = prune(r, Set(all.filter { $0 >= nl }.map { $0 - nl }))
            let newNl = ls.mapping.filter { $0 >= 0 }.count
            // Positions in the join's input row (left then right); semi/anti joins output the left only.
            let combined = ls.mapping + rs.mapping.map { $0 < 0 ? -1 : $0 + newNl }
            let mapping = type == .leftSemi || type == .leftAnti ? ls.mapping : combined
            let newOn = on.map { $0.remapped { combined[$0] } }
            return Result(plan: .join(ls.plan, rs.plan, type, on: newOn), mapping: mapping)
        case .mapBatches(let t, let child):
            // Opaque: it needs the columns it reads by name, whatever is required above; its output
            // is fixed by the transform.
            let names = Set(t.inputColumns.map { $0.lowercased() })
            let attrs = Analyzer.attributes(child)
            let need = Set(attrs.indices.filter { names.contains(attrs[$0].name.lowercased()) })
            if t.filtersRows {
                let sub = prune(child, required.union(need))
                return wrapSame(sub, required) { .mapBatches(t, $0) }
            }
            let sub = prune(child, need)
            return Result(plan: .mapBatches(t, sub.plan), mapping: Array(0..<t.schema.count))
        default:
            // Union, deduplicate, cached: keep all columns, prune below independently.
            let kids = plan.children.map { c -> LogicalPlan in
                let n = Analyzer.attributes(c).count
                return prune(c, Set(0..<n)).plan
            }
            return identity(plan.withChildren(kids))
        }
    }

    /// For operators whose output is their child's columns.
    func wrapSame(_ sub: Result, _ required: Set<Int>, _ make: (LogicalPlan) -> LogicalPlan) -> Result {
        Result(plan: make(sub.plan), mapping: sub.mapping)
    }
}
