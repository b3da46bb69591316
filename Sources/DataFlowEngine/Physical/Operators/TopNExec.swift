import DataFlowColumnar

/// `orderBy(...).limit(n)`: keeps only the best n rows of each morsel, then sorts the survivors.
final class TopNExec: PhysicalOperator {
    let limit: Int
    let orders: [SortOrder]
    let child: any PhysicalOperator
    var name: String { "TopN" }
    var schema: Schema { child.schema }
    var children: [any PhysicalOperator] { [child] }
    var details: String { "limit=\(limit), [" + orders.map(\.description).joined(separator: ", ") + "]" }

    init(_ limit: Int, _ orders: [SortOrder], _ child: any PhysicalOperator) {
        self.limit = limit
        self.orders = orders
        self.child = child
    }

    func top(_ b: RecordBatch, _ keyExprs: [CompiledExpr], _ ctx: ExecutionContext) throws -> RecordBatch {
        let keys = try keyExprs.map { try $0.evaluate(b) }
        let perm = try RowComparator(columns: keys, orders: orders).sortedIndices(b.rowCount, ctx: ctx)
        return b.take(Array(perm.prefix(limit)))
    }

    func open(_ ctx: ExecutionContext) throws -> MorselSource {
        let keyExprs = try orders.map { try ExpressionEvaluator.compile($0.expr) }
        let src = try child.open(ctx)
        let single = ExecutionContext(threads: 1, memoryLimit: ctx.memoryLimit, control: ctx.control)
        let candidates = try ctx.collect(src.map { b in try self.top(b, keyExprs, single) })
        let all = RecordBatch.concat(candidates, schema: schema)
        if all.rowCount == 0 { return .batches([]) }
        return .batches([try top(all, keyExprs, ctx)])
    }
}
