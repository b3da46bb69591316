import DataFlowColumnar

/// Reads a table: only the needed columns, pushed-down filters applied right after reading each morsel,
/// and with a limit (no filters) only as many morsels as needed.
final class ScanExec: PhysicalOperator {
    let scan: ScanNode
    let schema: Schema
    var name: String { "Scan" }
    var children: [any PhysicalOperator] { [] }

    init(_ scan: ScanNode) {
        self.scan = scan
        self.schema = Schema(scan.fields)
    }

    var details: String {
        var s = scan.table.displayName
        s += " [" + schema.names.joined(separator: ", ") + "]"
        if !scan.filters.isEmpty { s += " PushedFilters: " + describeList(scan.filters) }
        if let l = scan.limit { s += " Limit: \(l)" }
        return s
    }

    func open(_ ctx: ExecutionContext) throws -> MorselSource {
        let cols = scan.columns ?? Array(0..<scan.table.schema.count)
        var source = try scan.table.scan(columns: cols, filters: scan.filters, context: ctx)
        let schema = self.schema
        source = source.map { b in
            try ctx.checkCancelled()
            ctx.recordProgress(b)
            return b.with(schema: schema)
        }
        if let pred = try Expr.conjunction(scan.filters).map(ExpressionEvaluator.compile) {
            source = source.map { try applyFilter($0, pred) }
        }
        if let limit = scan.limit {
            // Read morsels in order until the limit is met.
            var out: [RecordBatch] = []
            var rows = 0
            var i = 0
            while rows < limit && i < source.count {
                let b = try source.produce(i)
                out.append(b)
                rows += b.rowCount
                i += 1
            }
            return .batches(out)
        }
        return source
    }
}
