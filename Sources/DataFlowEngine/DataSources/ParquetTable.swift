import DataFlowColumnar
import DataFlowFormats
import Foundation

/// Parquet files as a table: one morsel per row group (large row groups split into ~64Ki-row morsels),
/// decoded in parallel; row groups whose statistics rule out the scan's filters are not read.
public final class ParquetTable: TableProvider, @unchecked Sendable {  // mutable state is behind `lock`
    public let paths: [String]
    public let files: [ParquetFile]
    public let schema: Schema
    /// For each column of `schema`, the files' column it reads (nil: not in the files, reads as NULL).
    let source: [Int?]

    private let lock = NSLock()
    private var _lastScan = (rowGroups: 0, skipped: 0)

    /// Row groups the last scan planned to read and how many it skipped (tests, `explain` later).
    public var lastScan: (rowGroups: Int, skipped: Int) { lock.lock(); defer { lock.unlock() }; return _lastScan }

    /// Opens the footers of the files `paths` name. With `schema` (a table's declared columns), columns
    /// are matched by name (case-insensitive); one the files lack reads as NULL, as Spark does.
    public init(paths: [String], schema userSchema: Schema? = nil) throws {
        self.paths = paths
        let expanded = try ParquetFile.expand(paths)
        if expanded.isEmpty, let userSchema {
            self.files = []
            self.schema = userSchema
            self.source = userSchema.fields.map { _ in nil }
            return
        }
        guard !expanded.isEmpty else {
            throw DataFlowError("UNABLE_TO_INFER_SCHEMA", "Unable to infer schema for Parquet at \(paths.joined(separator: ", ")): no Parquet files found. It must be specified manually.")
        }
        let files = try expanded.map { try ParquetFile(path: $0) }
        var schema = files[0].schema
        for f in files.dropFirst() {
            guard f.schema.count == schema.count,
                  zip(f.schema.fields, schema.fields).allSatisfy({ $0.name == $1.name && $0.type == $1.type }) else {
                throw DataFlowError("PARQUET_SCHEMA_MISMATCH",
                                    "\(f.path) has schema \(f.schema), which differs from \(files[0].path)'s \(files[0].schema); all files of a Parquet table must have the same columns and types")
            }
            // A column is nullable if it is in any file.
            for (i, fld) in f.schema.fields.enumerated() where fld.nullable { schema.fields[i].nullable = true }
        }
        self.files = files
        if let userSchema {
            self.source = try userSchema.fields.map { f in
                guard let i = schema.index(of: f.name) else { return nil }
                guard schema[i].type == f.type else {
                    throw DataFlowError("PARQUET_SCHEMA_MISMATCH",
                                        "column \(f.name) is \(schema[i].type) in \(files[0].path), but the table declares it \(f.type)")
                }
                return i
            }
            self.schema = userSchema
        } else {
            self.source = Array(0..<schema.count)
            self.schema = schema
        }
    }

    public var displayName: String { "parquet [\(paths.joined(separator: ", "))]" }
    public var estimatedRows: Int? { files.reduce(0) { $0 + $1.rowCount } }

    public func scan(columns: [Int], context: ExecutionContext) throws -> MorselSource {
        try scan(columns: columns, filters: [], context: context)
    }

    public func scan(columns: [Int], filters: [Expr], context: ExecutionContext) throws -> MorselSource {
        struct Morsel: Sendable { let file: Int; let group: Int; let rows: Range<Int>? }
        var morsels: [Morsel] = []
        var groups = 0, skipped = 0
        let split = RecordBatch.morselSize
        for (fi, f) in files.enumerated() {
            for (g, info) in f.rowGroups.enumerated() {
                groups += 1
                if !filters.isEmpty, StatsPruning.canSkip(filters, rowCount: info.rowCount, stats: { i in
                    guard i >= 0 && i < columns.count else { return nil }
                    guard let src = source[columns[i]] else { return ColumnStatistics(nullCount: info.rowCount) }
                    return info.columns[src]
                }) {
                    skipped += 1
                    continue
                }
                if info.rowCount <= split + split / 2 {
                    morsels.append(Morsel(file: fi, group: g, rows: nil))
                } else {
                    var start = 0
                    while start < info.rowCount {
                        let end = min(info.rowCount, start + split)
                        morsels.append(Morsel(file: fi, group: g, rows: start..<end))
                        start = end
                    }
                }
            }
        }
        lock.lock(); _lastScan = (groups, skipped); lock.unlock()
        let files = self.files
        let plan = morsels
        let outSchema = Schema(columns.map { schema[$0] })
        let wanted = columns.map { source[$0] }
        let read = wanted.compactMap { $0 }
        return MorselSource(count: plan.count) { i in
            let m = plan[i]
            let b = try files[m.file].readRowGroup(m.group, columns: read, rows: m.rows)
            var k = 0
            let cols: [Column] = wanted.enumerated().map { j, w in
                if w == nil { return Column.nulls(outSchema[j].type, count: b.rowCount) }
                defer { k += 1 }
                return b.columns[k]
            }
            return RecordBatch(schema: outSchema, columns: cols, rowCount: b.rowCount)
        }
    }
}
