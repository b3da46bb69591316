import DataFlowColumnar
import DataFlowFormats

/// CSV files as a table: each chunk of the files (split at record boundaries) is one morsel, parsed in
/// parallel, converting only the columns the query reads.
public final class CSVTable: TableProvider {
    public let source: CSVSource
    public let paths: [String]

    public init(paths: [String], options: CSVReadOptions, schema: Schema? = nil) throws {
        self.paths = paths
        self.source = try CSVSource(paths: paths, options: options, schema: schema)
    }

    public var schema: Schema { source.schema }
    public var displayName: String { "csv [\(paths.joined(separator: ", "))]" }
    public var estimatedRows: Int? { source.chunkCount * 50_000 }

    public func scan(columns: [Int], context: ExecutionContext) throws -> MorselSource {
        let src = source
        return MorselSource(count: src.chunkCount) { i in try src.readChunk(i, columns: columns) }
    }
}
