import DataFlowColumnar
import DataFlowFormats

/// CSV files as a table: each chunk of the files (split at record boundaries) is one morsel, parsed in
/// parallel, converting only the columns the query reads.
public final class CSVTable: TableProvider {
    public let source: CSVSource
    public let paths: [String]

    /// Position of the corrupt-record column, if any.
    let corruptIndex: Int?

    public init(paths: [String], options: CSVReadOptions, schema: Schema? = nil) throws {
        self.paths = paths
        let source = try CSVSource(paths: paths, options: options, schema: schema)
        self.source = source
        corruptIndex = options.columnNameOfCorruptRecord.flatMap { name in source.schema.fields.firstIndex { $0.name == name } }
    }

    public var schema: Schema { source.schema }
    public var displayName: String { "csv [\(paths.joined(separator: ", "))]" }
    public var estimatedRows: Int? { source.recordCount }

    public func scan(columns: [Int], context: ExecutionContext) throws -> MorselSource {
        let src = source
        // A record is known to be malformed only when every column is converted, so a query that reads
        // the corrupt-record column parses all columns and then keeps the requested ones.
        if let c = corruptIndex, columns.contains(c) {
            let all = Array(0..<schema.count)
            return MorselSource(count: src.chunkCount) { i in try src.readChunk(i, columns: all).project(columns) }
        }
        return MorselSource(count: src.chunkCount) { i in try src.readChunk(i, columns: columns) }
    }
}
