import DataFlowColumnar

/// Full sort: materialises the input, sorts a permutation (parallel runs + merge), then gathers the
/// output morsels in parallel.
final class SortExec: PhysicalOperator {
    let orders: [SortOrder]
    let child: any PhysicalOperator
    var name: String { "Sort" }
    var schema: Schema { child.schema }
    var children: [any PhysicalOperator] { [child] }
    var details: String { "[" + orders.map(\.description).joined(separator: ", ") + "]" }

    init(_ orders: [SortOrder], _ child: any PhysicalOperator) {
        self.orders = orders
        self.child = child
    }

    func open(_ ctx: ExecutionContext) throws -> MorselSource {
        let all = try materialize(child, ctx, what: "Sort")
        let keys = try orders.map { try ExpressionEvaluator.compile($0.expr).evaluate(all) }
        let perm = try RowComparator(columns: keys, orders: orders).sortedIndices(all.rowCount, ctx: ctx)
        let m = RecordBatch.morselSize
        return MorselSource(count: (all.rowCount + m - 1) / m) { i in
            let lo = i * m, hi = min(all.rowCount, lo + m)
            return perm[lo..<hi].withUnsafeBufferPointer { all.take($0) }
        }
    }
}
