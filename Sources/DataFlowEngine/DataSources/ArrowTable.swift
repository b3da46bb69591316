import DataFlowColumnar
import DataFlowFormats

/// Arrow IPC files (file or streaming format, told apart by the magic) as a table: every record batch,
/// cut into pieces of at most `RecordBatch.morselSize` rows, is one morsel, decoded in parallel and
/// referencing the file's buffers in place where it can.
public final class ArrowTable: TableProvider {
    public let files: [ArrowFile]
    public let paths: [String]
    public let schema: Schema
    /// (file, batch, first row, rows) of each morsel.
    let morsels: [(Int, Int, Int, Int)]

    /// `schema`, when given, must match the files' schema; it is the table's schema when there are no
    /// files yet (an empty table folder).
    public init(paths: [String], schema given: Schema? = nil) throws {
        self.paths = paths
        let expanded = try ArrowFile.expand(paths)
        files = try expanded.map { try ArrowFile(path: $0) }
        guard let first = files.first else {
            guard let given else {
                throw DataFlowError("UNABLE_TO_INFER_SCHEMA", "No Arrow IPC files in \(paths.joined(separator: ", ")), so there is no schema; give one.")
            }
            schema = given
            morsels = []
            return
        }
        if let given, given.fields.map(\.name) != first.schema.fields.map(\.name) || given.fields.map(\.type) != first.schema.fields.map(\.type) {
            throw DataFlowError("INVALID_ARGUMENT", "Arrow files carry their own schema \(first.schema); the given schema \(given) does not match it.")
        }
        for f in files.dropFirst() where f.schema.fields.map({ [$0.name: $0.type] }) != first.schema.fields.map({ [$0.name: $0.type] }) {
            throw DataFlowError("INCOMPATIBLE_SCHEMA",
                                "Arrow file \(f.path) has schema \(f.schema) but \(first.path) has \(first.schema); all files of a table must match.")
        }
        schema = first.schema
        var ms: [(Int, Int, Int, Int)] = []
        for (fi, f) in files.enumerated() {
            for b in 0..<f.batchCount {
                let len = f.batchLength(b)
                var lo = 0
                while lo < len {
                    let n = min(RecordBatch.morselSize, len - lo)
                    ms.append((fi, b, lo, n))
                    lo += n
                }
            }
        }
        morsels = ms
    }

    public var displayName: String { "arrow [\(paths.joined(separator: ", "))]" }
    public var estimatedRows: Int? { files.reduce(0) { $0 + $1.rowCount } }

    public func scan(columns: [Int], context: ExecutionContext) throws -> MorselSource {
        let files = self.files
        let ms = morsels
        let schema = self.schema
        return MorselSource(count: ms.count) { i in
            let (f, b, lo, n) = ms[i]
            let batch = try files[f].read(batch: b, rows: lo..<(lo + n), columns: columns)
            // Later files' fields may differ in nullability only; report the table's schema.
            return batch.with(schema: Schema(columns.map { schema[$0] }))
        }
    }
}
