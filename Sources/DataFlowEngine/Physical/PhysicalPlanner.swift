import DataFlowColumnar

/// Turns an optimized logical plan into physical operators.
public struct PhysicalPlanner: Sendable {
    /// One operator per shared sub-plan (CacheEntry.perQuery), however many places use it.
    private let shared = SharedSubplans()

    public init() {}

    public func plan(_ p: LogicalPlan) throws -> any PhysicalOperator {
        let schema = Schema(Analyzer.attributes(p))
        switch p {
        case .scan(let s): return ScanExec(s)
        case .project(let exprs, let c): return ProjectExec(exprs, try plan(c), schema: schema)
        case .filter(let cond, let c): return FilterExec(cond, try plan(c))
        case .aggregate(let groupBy, let outputs, let c): return try planAggregate(groupBy, outputs, try plan(c), schema)
        case .join(let l, let r, let type, let on): return try planJoin(l, r, type, on, schema)
        case .usingJoin: throw DataFlowError("INTERNAL_ERROR", "using-join not resolved before planning")
        case .sort(let o, let c): return SortExec(o, try plan(c))
        case .topN(let n, let o, let c): return TopNExec(n, o, try plan(c))
        case .limit(let n, let off, let c): return LimitExec(n, offset: off, try plan(c))
        case .deduplicate(let keys, let c): return try planDeduplicate(keys, c)
        case .union(let kids, _, _): return UnionExec(try kids.map(plan), schema: schema)
        case .sample(let f, let w, let seed, let c): return SampleExec(fraction: f, withReplacement: w, seed: seed, try plan(c))
        case .alias(_, let c): return try plan(c)
        case .cached(let e, let c) where e.perQuery:
            if let op = shared.existing(for: e) { return op }
            let op = SharedSubplanExec(e.key, try plan(c))
            shared.add(op, for: e)
            return op
        case .cached(let e, let c): return CacheExec(e, try plan(c))
        case .window(let exprs, let c): return try WindowExec(exprs, try plan(c), schema: schema)
        case .windowGroupLimit(let p, let o, let f, let k, let c):
            return WindowGroupLimitExec(partitionBy: p, orderBy: o, function: f, limit: k, try plan(c))
        case .mapBatches(let t, let c): return MapBatchesExec(t, try plan(c))
        }
    }

    func planAggregate(_ groupBy: [Expr], _ outputs: [Expr], _ child: any PhysicalOperator, _ schema: Schema) throws -> any PhysicalOperator {
        var aggs: [Expr] = []
        func collect(_ e: Expr) {
            if e.isAggregateCall {
                if !aggs.contains(e) { aggs.append(e) }
                return
            }
            e.children.forEach(collect)
        }
        outputs.forEach(collect)
        let fields = groupBy.enumerated().map { Field("k\($0.offset)", $0.element.type) }
            + aggs.enumerated().map { Field("a\($0.offset)", $0.element.type, nullable: $0.element.nullable) }
        let agg = HashAggregateExec(groupBy: groupBy, aggregates: aggs, child, schema: Schema(fields))
        let nG = groupBy.count
        let projected: [Expr] = outputs.map { o in
            let body = o.unaliased.transformDown { e -> Expr? in
                if let k = groupBy.firstIndex(of: e) { return .bound(index: k, type: e.type, nullable: true, name: e.name) }
                if e.isAggregateCall, let k = aggs.firstIndex(of: e) {
                    return .bound(index: nG + k, type: e.type, nullable: e.nullable, name: e.name)
                }
                return nil
            }
            return .alias(body, o.name)
        }
        return ProjectExec(projected, agg, schema: schema)
    }

    func planJoin(_ l: LogicalPlan, _ r: LogicalPlan, _ type: JoinType, _ on: Expr?, _ schema: Schema) throws -> any PhysicalOperator {
        let nl = Analyzer.attributes(l).count
        let nr = Analyzer.attributes(r).count
        if type == .right {
            // Right outer = left outer with the inputs swapped, then columns back in order.
            let swappedOn = on.map { $0.remapped { $0 < nl ? $0 + nr : $0 - nl } }
            let inner = try planJoin(r, l, .left, swappedOn, Schema(Analyzer.attributes(r).map(\.field) + Analyzer.attributes(l).map(\.field)))
            let order: [Expr] = (0..<(nl + nr)).map { i in
                let j = i < nl ? i + nr : i - nl
                let f = inner.schema[j]
                return .bound(index: j, type: f.type, nullable: true, name: f.name)
            }
            return ProjectExec(order, inner, schema: schema)
        }
        let left = try plan(l), right = try plan(r)
        var lk: [Expr] = [], rk: [Expr] = [], residual: [Expr] = []
        for c in on?.conjuncts ?? [] {
            if case .comparison(.eq, let a, let b) = c {
                let ra = a.boundIndices, rb = b.boundIndices
                if !ra.isEmpty, !rb.isEmpty {
                    if ra.allSatisfy({ $0 < nl }) && rb.allSatisfy({ $0 >= nl }) {
                        lk.append(a); rk.append(b.remapped { $0 - nl }); continue
                    }
                    if rb.allSatisfy({ $0 < nl }) && ra.allSatisfy({ $0 >= nl }) {
                        lk.append(b); rk.append(a.remapped { $0 - nl }); continue
                    }
                }
            }
            residual.append(c)
        }
        if lk.isEmpty {
            return NestedLoopJoinExec(type: type == .cross && on != nil ? .inner : type, condition: on, left: left, right: right, schema: schema)
        }
        // A semi/anti join builds its left side when that is estimated clearly smaller (EXISTS over a big table).
        var buildLeft = false
        if type == .leftSemi || type == .leftAnti, let ls = Estimate.rows(l), let rs = Estimate.rows(r) {
            buildLeft = ls.saturatingMultiply(2) < rs
        }
        return HashJoinExec(type: type == .cross ? .inner : type, leftKeys: lk, rightKeys: rk, residual: Expr.conjunction(residual),
                            left: left, right: right, schema: schema, buildLeft: buildLeft)
    }

    func planDeduplicate(_ keys: [String]?, _ c: LogicalPlan) throws -> any PhysicalOperator {
        let attrs = Analyzer.attributes(c)
        let child = try plan(c)
        let schema = Schema(attrs)
        func ref(_ i: Int) -> Expr { .bound(index: i, type: attrs[i].type, nullable: attrs[i].nullable, name: attrs[i].name) }
        let keyIdx: [Int] = keys.map { ks in
            ks.compactMap { k in attrs.firstIndex { $0.name.lowercased() == k.lowercased() } }
        } ?? Array(attrs.indices)
        let rest = attrs.indices.filter { !keyIdx.contains($0) }
        let aggs = rest.map { Expr.aggregate("first", [ref($0)]) }
        let fields = keyIdx.map { attrs[$0].field } + rest.map { attrs[$0].field }
        let agg = HashAggregateExec(groupBy: keyIdx.map(ref), aggregates: aggs, child, schema: Schema(fields))
        if rest.isEmpty && keyIdx == Array(attrs.indices) { return agg }
        // Back to the input's column order.
        let order: [Expr] = attrs.indices.map { i in
            let pos = keyIdx.firstIndex(of: i) ?? (keyIdx.count + rest.firstIndex(of: i)!)
            return .bound(index: pos, type: attrs[i].type, nullable: attrs[i].nullable, name: attrs[i].name)
        }
        return ProjectExec(order, agg, schema: schema)
    }
}
