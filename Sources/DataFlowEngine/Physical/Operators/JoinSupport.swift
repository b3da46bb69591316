import DataFlowColumnar

/// What hash and nested-loop joins share: turning candidate pairs of one probe morsel into output rows
/// for each join kind, with an optional residual condition, and tracking which build rows matched.
struct JoinCore: @unchecked Sendable {
    let type: JoinType
    let residual: CompiledExpr?
    let probeSchema: Schema
    let buildSchema: Schema
    let outSchema: Schema
    /// One byte per build row, set when it matched (full outer only). Benign concurrent stores of 1.
    let matched: UnsafeMutablePointer<UInt8>?

    /// `pl[k]`, `pr[k]`: probe and build row of candidate pair k (probe rows ascending).
    func output(probe: RecordBatch, build: RecordBatch, pl: [Int32], pr: [Int32]) throws -> RecordBatch {
        var pl = pl, pr = pr
        if let residual, !pl.isEmpty {
            let pairs = RecordBatch(schema: Schema(probeSchema.fields + buildSchema.fields),
                                    columns: probe.take(pl).columns + build.take(pr).columns, rowCount: pl.count)
            let keep = Column.selection(try residual.evaluate(pairs))
            if keep.count != pl.count {
                pl = keep.map { pl[Int($0)] }
                pr = keep.map { pr[Int($0)] }
            }
        }
        if let matched { for r in pr { matched[Int(r)] = 1 } }
        switch type {
        case .inner, .cross:
            return RecordBatch(schema: outSchema, columns: probe.take(pl).columns + build.take(pr).columns, rowCount: pl.count)
        case .leftSemi, .leftAnti:
            var hit = [Bool](repeating: false, count: probe.rowCount)
            for l in pl { hit[Int(l)] = true }
            let want = type == .leftSemi
            let sel = (0..<probe.rowCount).compactMap { hit[$0] == want ? Int32($0) : nil }
            return probe.take(sel).with(schema: outSchema)
        case .left, .full:
            // Matched pairs in probe order, with unmatched probe rows (build side null) in place.
            var ol: [Int32] = [], or: [Int32] = []
            ol.reserveCapacity(pl.count + probe.rowCount)
            or.reserveCapacity(pl.count + probe.rowCount)
            var k = 0
            for row in 0..<probe.rowCount {
                var any = false
                while k < pl.count && Int(pl[k]) == row {
                    ol.append(pl[k]); or.append(pr[k]); k += 1; any = true
                }
                if !any { ol.append(Int32(row)); or.append(-1) }
            }
            return RecordBatch(schema: outSchema, columns: probe.take(ol).columns + build.take(or).columns, rowCount: ol.count)
        case .right:
            throw DataFlowError("INTERNAL_ERROR", "right joins are planned as swapped left joins")
        }
    }

    /// Build rows that never matched, with the probe side null (full outer).
    func unmatchedBuildRows(build: RecordBatch) -> RecordBatch? {
        guard let matched else { return nil }
        let sel = (0..<build.rowCount).compactMap { matched[$0] == 0 ? Int32($0) : nil }
        if sel.isEmpty { return nil }
        let nulls = [Int32](repeating: -1, count: sel.count)
        let probeCols = probeSchema.fields.map { Column.nulls($0.type, count: 0).take(nulls) }
        return RecordBatch(schema: outSchema, columns: probeCols + build.take(sel).columns, rowCount: sel.count)
    }
}

/// Materialises a child into one batch (the build side of a join).
func materialize(_ op: any PhysicalOperator, _ ctx: ExecutionContext, what: String) throws -> RecordBatch {
    let batches = try op.execute(ctx)
    let bytes = batches.reduce(0) { $0 + $1.byteSize }
    try ctx.reserve(bytes, for: what)
    return RecordBatch.concat(batches, schema: op.schema)
}

/// Wraps a raw matched-flags allocation so it is freed with the operator's run.
final class MatchFlags: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<UInt8>
    init(_ n: Int) {
        pointer = .allocate(capacity: max(n, 1))
        pointer.initialize(repeating: 0, count: max(n, 1))
    }
    deinit { pointer.deallocate() }
}
