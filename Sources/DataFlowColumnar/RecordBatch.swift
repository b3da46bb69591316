/// A schema plus equally long columns: the unit that flows between operators (at most
/// `RecordBatch.morselSize` rows) and the unit of parallel work.
public struct RecordBatch: Sendable {
    public static let morselSize = 65_536

    public let schema: Schema
    public let columns: [Column]
    public let rowCount: Int

    public init(schema: Schema, columns: [Column], rowCount: Int? = nil) {
        precondition(schema.count == columns.count, "schema and columns differ in length")
        self.schema = schema
        self.columns = columns
        self.rowCount = rowCount ?? columns.first?.count ?? 0
    }

    public static func empty(_ schema: Schema) -> RecordBatch {
        RecordBatch(schema: schema, columns: schema.fields.map { Column.nulls($0.type, count: 0) }, rowCount: 0)
    }

    public subscript(_ i: Int) -> Column { columns[i] }

    public func column(named name: String) -> Column? { schema.index(of: name).map { columns[$0] } }

    /// Rows selected by `indices`, in that order.
    public func take(_ indices: UnsafeBufferPointer<Int32>) -> RecordBatch {
        RecordBatch(schema: schema, columns: columns.map { $0.take(indices) }, rowCount: indices.count)
    }

    public func take(_ indices: [Int32]) -> RecordBatch {
        indices.withUnsafeBufferPointer { take($0) }
    }

    /// Rows `start ..< start + length`.
    public func slice(_ start: Int, _ length: Int) -> RecordBatch {
        if start == 0 && length == rowCount { return self }
        let idx = (0..<length).map { Int32(start + $0) }
        return take(idx)
    }

    public func project(_ indices: [Int]) -> RecordBatch {
        RecordBatch(schema: Schema(indices.map { schema[$0] }), columns: indices.map { columns[$0] }, rowCount: rowCount)
    }

    /// Same columns under another schema (renames, nullability); types must match.
    public func with(schema: Schema) -> RecordBatch { RecordBatch(schema: schema, columns: columns, rowCount: rowCount) }

    /// Concatenates batches of one schema.
    public static func concat(_ batches: [RecordBatch], schema: Schema) -> RecordBatch {
        let nonEmpty = batches.filter { $0.rowCount > 0 }
        if nonEmpty.count == 1 { return nonEmpty[0].with(schema: schema) }
        if nonEmpty.isEmpty { return .empty(schema) }
        let cols = (0..<schema.count).map { c in Column.concat(nonEmpty.map { $0.columns[c] }) }
        return RecordBatch(schema: schema, columns: cols, rowCount: nonEmpty.reduce(0) { $0 + $1.rowCount })
    }

    /// Rows as scalars (tests and small results).
    public var rows: [[Value]] { (0..<rowCount).map { r in columns.map { $0.value(r) } } }

    /// Rough bytes held (memory accounting).
    public var byteSize: Int {
        columns.reduce(0) { $0 + $1.byteSize }
    }
}
