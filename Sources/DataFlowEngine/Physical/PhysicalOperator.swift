import DataFlowColumnar

/// One physical operator: its schema, its children, how it explains itself, and `open`, which returns
/// its output as morsels. Streaming operators wrap the child's morsels (fused per morsel); pipeline
/// breakers (aggregate, join build, sort) consume their input in parallel inside `open`.
public protocol PhysicalOperator: AnyObject, Sendable {
    var name: String { get }
    var schema: Schema { get }
    var children: [any PhysicalOperator] { get }
    /// The operator's own EXPLAIN details.
    var details: String { get }
    func open(_ ctx: ExecutionContext) throws -> MorselSource
}

extension PhysicalOperator {
    /// The indented operator tree.
    public func treeString(_ indent: Int = 0) -> String {
        let pad = String(repeating: "   ", count: indent)
        var s = pad + (indent > 0 ? "+- " : "") + name + (details.isEmpty ? "" : " " + details) + "\n"
        for c in children { s += c.treeString(indent + 1) }
        return s
    }

    /// Runs to completion and returns every batch in order.
    public func execute(_ ctx: ExecutionContext) throws -> [RecordBatch] {
        try ctx.collect(try open(ctx)).filter { $0.rowCount > 0 }
    }
}

func describeList(_ e: [Expr]) -> String { "[" + e.map(\.description).joined(separator: ", ") + "]" }

/// Keeps the rows where a predicate is true.
func applyFilter(_ batch: RecordBatch, _ pred: CompiledExpr) throws -> RecordBatch {
    if batch.rowCount == 0 { return batch }
    let mask = try pred.evaluate(batch)
    let sel = Column.selection(mask)
    if sel.count == batch.rowCount { return batch }
    return batch.take(sel)
}
