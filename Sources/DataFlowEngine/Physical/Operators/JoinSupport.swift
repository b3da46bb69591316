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
    func output(probe: RecordBatch, build: BuildRows, pl: [Int32], pr: [Int32]) throws -> RecordBatch {
        var pl = pl, pr = pr
        if let residual, !pl.isEmpty {
            let pairs = RecordBatch(schema: Schema(probeSchema.fields + buildSchema.fields),
                                    columns: probe.take(pl).columns + build.take(pr), rowCount: pl.count)
            let keep = Column.selection(try residual.evaluate(pairs))
            if keep.count != pl.count {
                pl = keep.map { pl[Int($0)] }
                pr = keep.map { pr[Int($0)] }
            }
        }
        if let matched { for r in pr { matched[Int(r)] = 1 } }
        switch type {
        case .inner, .cross:
            return RecordBatch(schema: outSchema, columns: probe.take(pl).columns + build.take(pr), rowCount: pl.count)
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
            return RecordBatch(schema: outSchema, columns: probe.take(ol).columns + build.take(or), rowCount: ol.count)
        case .right:
            throw DataFlowError("INTERNAL_ERROR", "right joins are planned as swapped left joins")
        }
    }

    /// Build rows that never matched, with the probe side null (full outer).
    func unmatchedBuildRows(build: BuildRows) -> RecordBatch? {
        guard let matched else { return nil }
        let sel = (0..<build.rowCount).compactMap { matched[$0] == 0 ? Int32($0) : nil }
        if sel.isEmpty { return nil }
        let nulls = [Int32](repeating: -1, count: sel.count)
        let probeCols = probeSchema.fields.map { Column.nulls($0.type, count: 0).take(nulls) }
        return RecordBatch(schema: outSchema, columns: probeCols + build.take(sel), rowCount: sel.count)
    }
}

/// The build side of a join as the batches it arrived in, addressed by row number across them (row
/// numbers count through the batches in order, as `JoinHashTable` numbers them). Rows are gathered
/// straight from their batches, so a large build side is never copied into one batch first.
struct BuildRows: @unchecked Sendable {
    let schema: Schema
    let rowCount: Int
    private let parts: [RecordBatch]
    /// `starts[k]`: first row of part `k`; `starts[parts.count] == rowCount`.
    private let starts: [Int]
    /// The part holding row `b << blockBits`, for each block of rows.
    private let blockPart: [UInt32]
    private static let blockBits = 12

    init(_ batches: [RecordBatch], schema: Schema) {
        self.schema = schema
        // Dictionary-encoded columns are decoded per batch so every part has the plain layout.
        parts = batches.filter { $0.rowCount > 0 }.map { b in
            b.columns.contains { $0.dictionary != nil } ? RecordBatch(schema: b.schema, columns: b.columns.map { $0.decoded() }, rowCount: b.rowCount) : b
        }
        var st = [0]
        for p in parts { st.append(st[st.count - 1] + p.rowCount) }
        starts = st
        rowCount = st[st.count - 1]
        var blocks: [UInt32] = []
        blocks.reserveCapacity((rowCount >> BuildRows.blockBits) + 1)
        var part = 0
        var row = 0
        while row < rowCount {
            while row >= st[part + 1] { part += 1 }
            blocks.append(UInt32(part))
            row += 1 << BuildRows.blockBits
        }
        blockPart = blocks
    }

    /// The rows at `rows` (ascending or not; `-1` gives a row of nulls), one column per field.
    func take(_ rows: [Int32]) -> [Column] {
        if parts.count <= 1 {
            if let only = parts.first { return only.take(rows).columns }
            return schema.fields.map { Column.nulls($0.type, count: 0).take(rows) }
        }
        let n = rows.count
        var chunk = [UInt32](repeating: 0, count: n)
        var local = [Int32](repeating: -1, count: n)
        starts.withUnsafeBufferPointer { st in
            for k in 0..<n {
                let r = Int(rows[k])
                guard r >= 0 else { continue }
                var p = Int(blockPart[r >> BuildRows.blockBits])
                while r >= st[p + 1] { p += 1 }
                chunk[k] = UInt32(p)
                local[k] = Int32(r - st[p])
            }
        }
        return chunk.withUnsafeBufferPointer { c in
            local.withUnsafeBufferPointer { l in
                (0..<schema.count).map { f in
                    Column.gather(parts.map { $0.columns[f] }, type: parts[0].columns[f].type, chunks: c, rows: l)
                }
            }
        }
    }

    func take(_ rows: ArraySlice<Int32>) -> [Column] { take(Array(rows)) }
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
