import DataFlowColumnar

/// `limit(n)` with an optional offset: pulls morsels in order and stops as soon as it has enough.
final class LimitExec: PhysicalOperator {
    let limit: Int
    let offset: Int
    let child: any PhysicalOperator
    var name: String { "Limit" }
    var schema: Schema { child.schema }
    var children: [any PhysicalOperator] { [child] }
    var details: String { offset > 0 ? "\(limit) OFFSET \(offset)" : "\(limit)" }

    init(_ limit: Int, offset: Int, _ child: any PhysicalOperator) {
        self.limit = limit
        self.offset = offset
        self.child = child
    }

    func open(_ ctx: ExecutionContext) throws -> MorselSource {
        let src = try child.open(ctx)
        var out: [RecordBatch] = []
        var skip = offset, need = limit
        var i = 0
        // Produce a few morsels at a time in parallel, in order, until the limit is reached.
        while need > 0 && i < src.count {
            let n = min(ctx.threads, src.count - i)
            let start = i
            let part = SlotArray<RecordBatch>(n)
            try ctx.parallelFor(n) { k, _ in part[k] = try src.produce(start + k) }
            for case let b? in part.values {
                var b = b
                if skip > 0 {
                    if b.rowCount <= skip { skip -= b.rowCount; continue }
                    b = b.slice(skip, b.rowCount - skip)
                    skip = 0
                }
                if need <= 0 { break }
                if b.rowCount > need { b = b.slice(0, need) }
                need -= b.rowCount
                out.append(b)
            }
            i += n
        }
        return .batches(out)
    }
}
