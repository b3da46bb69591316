import DataFlowColumnar
import DataFlowFormats

/// JSON lines files as a table: each line-aligned chunk is one morsel, parsed in parallel, converting
/// only the columns the query reads.
public final class JSONTable: TableProvider {
    public let source: JSONSource
    public let paths: [String]

    public init(paths: [String], options: JSONReadOptions, schema: Schema? = nil) throws {
        self.paths = paths
        source = try JSONSource(paths: paths, options: options, schema: schema)
    }

    public var schema: Schema { source.schema }
    public var displayName: String { "json [\(paths.joined(separator: ", "))]" }
    public var estimatedRows: Int? { source.recordCount }

    public func scan(columns: [Int], context: ExecutionContext) throws -> MorselSource {
        let src = source
        // A line is known to be malformed only when every column is converted, so a query that reads the
        // corrupt-record column converts all columns and then keeps the requested ones.
        if let c = src.corruptIndex, columns.contains(c) {
            let all = Array(0..<schema.count)
            return MorselSource(count: src.chunkCount) { i in try src.readChunk(i, columns: all).project(columns) }
        }
        return MorselSource(count: src.chunkCount) { i in try src.readChunk(i, columns: columns) }
    }
}
