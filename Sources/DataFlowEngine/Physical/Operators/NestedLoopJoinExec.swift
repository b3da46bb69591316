import DataFlowColumnar

/// Joins without equality keys (cross joins and arbitrary conditions): every probe row against every
/// build row, in blocks, with the condition evaluated on each block.
final class NestedLoopJoinExec: PhysicalOperator {
    let type: JoinType
    let condition: Expr?
    let left: any PhysicalOperator
    let right: any PhysicalOperator
    let schema: Schema
    var name: String { type == .cross || (type == .inner && condition == nil) ? "CartesianProduct" : "NestedLoopJoin" }
    var children: [any PhysicalOperator] { [left, right] }
    var details: String { type.sqlName + (condition.map { ", condition \($0)" } ?? "") }

    init(type: JoinType, condition: Expr?, left: any PhysicalOperator, right: any PhysicalOperator, schema: Schema) {
        self.type = type
        self.condition = condition
        self.left = left
        self.right = right
        self.schema = schema
    }

    func open(_ ctx: ExecutionContext) throws -> MorselSource {
        let build = BuildRows([try materialize(right, ctx, what: "NestedLoopJoin build side")], schema: right.schema)
        let flags = type == .full ? MatchFlags(build.rowCount) : nil
        let core = JoinCore(type: type, residual: try condition.map(ExpressionEvaluator.compile), probeSchema: left.schema,
                            buildSchema: right.schema, outSchema: schema, matched: flags?.pointer)
        let src = try left.open(ctx)
        let nb = build.rowCount
        let probe = MorselSource(count: src.count) { i in
            let batch = try src.produce(i)
            if batch.rowCount == 0 || (nb == 0 && (core.type == .inner || core.type == .cross || core.type == .leftSemi)) {
                return nb == 0 && core.type != .inner && core.type != .cross && core.type != .leftSemi
                    ? try core.output(probe: batch, build: build, pl: [], pr: [])
                    : RecordBatch.empty(core.outSchema)
            }
            // Blocks of probe rows so each block's pairs stay near one morsel.
            let rowsPerBlock = max(1, RecordBatch.morselSize / max(nb, 1))
            var parts: [RecordBatch] = []
            var start = 0
            while start < batch.rowCount {
                try ctx.checkCancelled()  // one probe morsel against a big build side is long work
                let end = min(batch.rowCount, start + rowsPerBlock)
                let block = batch.slice(start, end - start)
                var pl: [Int32] = [], pr: [Int32] = []
                pl.reserveCapacity((end - start) * nb)
                pr.reserveCapacity((end - start) * nb)
                for l in 0..<(end - start) { for r in 0..<nb { pl.append(Int32(l)); pr.append(Int32(r)) } }
                parts.append(try core.output(probe: block, build: build, pl: pl, pr: pr))
                start = end
            }
            return RecordBatch.concat(parts, schema: core.outSchema)
        }
        guard type == .full else { return probe }
        var out = try ctx.collect(probe)
        if let extra = core.unmatchedBuildRows(build: build) { out.append(extra) }
        withExtendedLifetime(flags) {}
        return .batches(out)
    }
}
