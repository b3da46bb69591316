import DataFlowColumnar

/// Equi-join: by default the right child is the build side (a hash table of its keys, built on all
/// workers) and the left child is probed morsel by morsel in parallel. Handles inner, left outer, full
/// outer, left semi and left anti (right outer is planned as a swapped left outer). Null keys never
/// match. A semi or anti join whose left input is the smaller one (`buildLeft`) builds the left side
/// instead, streams the right side through it marking the left rows that found a match, then emits the
/// marked (semi) or unmarked (anti) left rows.
final class HashJoinExec: PhysicalOperator {
    let type: JoinType
    let leftKeys: [Expr]
    let rightKeys: [Expr]
    let residual: Expr?
    let left: any PhysicalOperator
    let right: any PhysicalOperator
    let schema: Schema
    let buildLeft: Bool
    var name: String { "HashJoin" }
    var children: [any PhysicalOperator] { [left, right] }
    var details: String {
        "\(type.sqlName), keys \(describeList(leftKeys)) = \(describeList(rightKeys))"
            + (residual.map { ", condition \($0)" } ?? "") + (buildLeft ? ", build=left" : ", build=right")
    }

    init(type: JoinType, leftKeys: [Expr], rightKeys: [Expr], residual: Expr?, left: any PhysicalOperator,
         right: any PhysicalOperator, schema: Schema, buildLeft: Bool = false) {
        self.type = type
        self.leftKeys = leftKeys
        self.rightKeys = rightKeys
        self.residual = residual
        self.left = left
        self.right = right
        self.schema = schema
        self.buildLeft = buildLeft && (type == .leftSemi || type == .leftAnti)
    }

    /// Runs the build side; its batches feed the parallel table build and are gathered from in place.
    static func buildSide(_ op: any PhysicalOperator, _ ctx: ExecutionContext, what: String) throws -> ([RecordBatch], BuildRows) {
        let batches = try op.execute(ctx)
        try ctx.reserve(batches.reduce(0) { $0 + $1.byteSize }, for: what)
        return (batches, BuildRows(batches, schema: op.schema))
    }

    func open(_ ctx: ExecutionContext) throws -> MorselSource {
        if buildLeft { return try openBuildingLeft(ctx) }
        let (batches, build) = try HashJoinExec.buildSide(right, ctx, what: "HashJoin build side")
        let table = try JoinHashTable(batches: batches, keys: try rightKeys.map(ExpressionEvaluator.compile), ctx: ctx)
        try ctx.reserve(table.byteSize, for: "HashJoin hash table")
        let flags = type == .full ? MatchFlags(build.rowCount) : nil
        let core = JoinCore(type: type, residual: try residual.map(ExpressionEvaluator.compile), probeSchema: left.schema,
                            buildSchema: right.schema, outSchema: schema, matched: flags?.pointer)
        let probeKeyExprs = try leftKeys.map(ExpressionEvaluator.compile)
        let src = try left.open(ctx)
        let probe: MorselSource = MorselSource(count: src.count) { i in
            let batch = try src.produce(i)
            if batch.rowCount == 0 { return RecordBatch.empty(core.outSchema) }
            let keyCols = try probeKeyExprs.map { try $0.evaluate(batch) }
            var pl: [Int32] = [], pr: [Int32] = []
            pl.reserveCapacity(batch.rowCount)
            pr.reserveCapacity(batch.rowCount)
            table.probe(keyCols, count: batch.rowCount, pl: &pl, pr: &pr)
            return try core.output(probe: batch, build: build, pl: pl, pr: pr)
        }
        guard type == .full else { return probe }
        // Full outer: every probe morsel must finish before unmatched build rows are known.
        var out = try ctx.collect(probe)
        if let extra = core.unmatchedBuildRows(build: build) { out.append(extra) }
        withExtendedLifetime(flags) {}
        return .batches(out)
    }

    /// Semi/anti join with the left side built: every right morsel marks the left rows it matches
    /// (after the residual condition, evaluated on left row + right row pairs).
    func openBuildingLeft(_ ctx: ExecutionContext) throws -> MorselSource {
        let (batches, build) = try HashJoinExec.buildSide(left, ctx, what: "HashJoin build side (left)")
        let table = try JoinHashTable(batches: batches, keys: try leftKeys.map(ExpressionEvaluator.compile), ctx: ctx)
        try ctx.reserve(table.byteSize, for: "HashJoin hash table")
        let flags = MatchFlags(build.rowCount)
        let residual = try self.residual.map(ExpressionEvaluator.compile)
        let probeKeyExprs = try rightKeys.map(ExpressionEvaluator.compile)
        let pairSchema = Schema(left.schema.fields + right.schema.fields)
        let src = try right.open(ctx)
        let matched = UncheckedBox(flags.pointer)
        try ctx.parallelFor(src.count) { i, _ in
            let batch = try src.produce(i)
            if batch.rowCount == 0 { return }
            let keyCols = try probeKeyExprs.map { try $0.evaluate(batch) }
            var rightRows: [Int32] = [], leftRows: [Int32] = []
            table.probe(keyCols, count: batch.rowCount, pl: &rightRows, pr: &leftRows)
            if let residual, !leftRows.isEmpty {
                // Pairs already known to match need no second look.
                var keep: [Int32] = []
                keep.reserveCapacity(leftRows.count)
                for k in leftRows.indices where matched.value[Int(leftRows[k])] == 0 { keep.append(Int32(k)) }
                if keep.isEmpty { return }
                let l = keep.map { leftRows[Int($0)] }, r = keep.map { rightRows[Int($0)] }
                let pairs = RecordBatch(schema: pairSchema, columns: build.take(l) + batch.take(r).columns, rowCount: l.count)
                for k in Column.selection(try residual.evaluate(pairs)) { matched.value[Int(l[Int(k)])] = 1 }
            } else {
                for l in leftRows { matched.value[Int(l)] = 1 }
            }
        }
        let want: UInt8 = type == .leftSemi ? 1 : 0
        let sel = (0..<build.rowCount).compactMap { flags.pointer[$0] == want ? Int32($0) : nil }
        withExtendedLifetime(flags) {}
        let out = schema
        let morsels = (sel.count + RecordBatch.morselSize - 1) / RecordBatch.morselSize
        return MorselSource(count: morsels) { m in
            let lo = m * RecordBatch.morselSize, hi = min(sel.count, lo + RecordBatch.morselSize)
            return RecordBatch(schema: out, columns: build.take(sel[lo..<hi]), rowCount: hi - lo)
        }
    }
}
