import DataFlowColumnar

/// An opaque per-batch transform (a typed Dataset's closure `filter`, `map` or `flatMap`): the optimizer
/// cannot see into it, so filters stop below it and it needs its input columns by name.
public final class BatchTransform: Sendable {
    /// What `explain` shows, e.g. `filter(Rating)`.
    public let name: String
    /// The columns of its output batches (for a row filter, its input's columns).
    public let schema: Schema
    /// A row filter: each output batch is some of its input batch's rows with all of its columns, so
    /// the transform passes through whatever columns its input has (and pruning may remove some).
    public let filtersRows: Bool
    /// The child's columns it reads (by name); column pruning keeps them.
    public let inputColumns: [String]
    /// Maps one input batch (with the child's schema) to one output batch with `schema`. Called from
    /// several worker threads at once, one morsel each.
    public let apply: @Sendable (RecordBatch) throws -> RecordBatch

    public init(name: String, schema: Schema, inputColumns: [String], filtersRows: Bool = false,
                apply: @escaping @Sendable (RecordBatch) throws -> RecordBatch) {
        self.name = name
        self.schema = schema
        self.filtersRows = filtersRows
        self.inputColumns = inputColumns
        self.apply = apply
    }
}
