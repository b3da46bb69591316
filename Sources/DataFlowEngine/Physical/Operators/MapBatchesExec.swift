import DataFlowColumnar

/// Runs an opaque `BatchTransform` on each morsel, in parallel on the worker threads.
final class MapBatchesExec: PhysicalOperator {
    let transform: BatchTransform
    let child: any PhysicalOperator
    var name: String { "MapBatches" }
    var schema: Schema { transform.filtersRows ? child.schema : transform.schema }
    var children: [any PhysicalOperator] { [child] }
    var details: String { "[opaque: \(transform.name)]" }

    init(_ transform: BatchTransform, _ child: any PhysicalOperator) {
        self.transform = transform
        self.child = child
    }

    func open(_ ctx: ExecutionContext) throws -> MorselSource {
        let t = transform
        // Operators below may name their batches' columns internally; the transform reads by name.
        let input = child.schema, output = schema
        return try child.open(ctx).map { b in
            let out = try t.apply(b.rowCount == 0 || b.schema == input ? b : b.with(schema: input))
            guard out.columns.count == output.count else {
                throw DataFlowError("INTERNAL_ERROR", "\(t.name) returned \(out.columns.count) columns, expected \(output.count)")
            }
            return out.schema == output ? out : out.with(schema: output)
        }
    }
}
