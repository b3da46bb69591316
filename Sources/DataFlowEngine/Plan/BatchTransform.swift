import DataFlowColumnar

/// An opaque per-batch transform (a typed Dataset's closure `filter`, `map` or `flatMap`): the optimizer
/// cannot see into it, so filters stop below it and it needs its input columns by name.
public final class BatchTransform: Sendable {
    /// What `explain` shows, e.g. `filter(Rating)`.
    public let name: String
    /// The columns of its output batches.
    public let schema: Schema
    /// The child's columns it reads (by name); column pruning keeps them.
    public let inputColumns: [String]
    /// Maps one input batch (with the child's schema) to one output batch with `schema`. Called from
    /// several worker threads at once, one morsel each.
    public let apply: @Sendable (RecordBatch) throws -> RecordBatch

    public init(name: String, schema: Schema, inputColumns: [String], apply: @escaping @Sendable (RecordBatch) throws -> RecordBatch) {
        self.name = name
        self.schema = schema
        self.inputColumns = inputColumns
        self.apply = apply
    }
}
