import DataFlowColumnar
import DataFlowEngine
import Foundation
import Synchronization

/// A Delta table snapshot as a table the engine scans: one morsel per row group of each live file,
/// partition columns filled in from the file's partition values, columns a file lacks (added later by
/// schema evolution) read as nulls. Files whose partition values or stats rule out the pushed filters
/// are skipped.
public final class DeltaScanTable: TableProvider {
    public let snapshot: Snapshot
    public let schema: Schema
    /// Filters known to hold for every row the query wants (used only to skip files).
    public let filters: [Expr]
    private let opened = Atomic<Int>(0)

    public init(snapshot: Snapshot, filters: [Expr] = []) throws {
        try snapshot.checkReadable()
        self.snapshot = snapshot
        self.schema = try snapshot.schema()
        self.filters = filters
    }

    public var displayName: String { "delta [\(snapshot.log.tablePath) @ v\(snapshot.version)]" }
    public var estimatedRows: Int? {
        var n: Int64 = 0
        for f in snapshot.files {
            guard let r = f.numRecords else { return nil }
            n += r
        }
        return Int(n)
    }

    /// Test hook: how many data files the scans of this table opened.
    public var filesOpened: Int { opened.load(ordering: .relaxed) }

    /// The files a scan with `filters` (over the columns `names`) reads.
    public func selectFiles(_ filters: [Expr], names: [String]? = nil) -> [AddFile] {
        let all = self.filters.map { ($0, Optional<[String]>.none) } + filters.map { ($0, names) }
        if all.isEmpty { return snapshot.files }
        let pruning = FilePruning(schema: schema, partitionColumns: snapshot.partitionColumns)
        return snapshot.files.filter { f in all.allSatisfy { pruning.mayMatch(f, $0.0, names: $0.1) } }
    }

    public func scan(columns: [Int], context: ExecutionContext) throws -> MorselSource {
        try scan(columns: columns, files: selectFiles([]))
    }

    /// Skips files whose partition values or stats rule out the pushed filters (bound to `columns`).
    public func scan(columns: [Int], filters: [Expr], context: ExecutionContext) throws -> MorselSource {
        let base = selectFiles([])
        if filters.isEmpty { return try scan(columns: columns, files: base) }
        let parts = Set(snapshot.partitionColumns)
        let fields = columns.map { schema[$0] }
        let kept = base.filter { f in
            let stats = FileStats(json: f.stats, schema: schema)
            let rows = Int(stats.numRecords ?? Int64(Int.max))
            return !StatsPruning.canSkip(filters, rowCount: rows) { i -> ColumnStatistics? in
                guard i < fields.count else { return nil }
                let field = fields[i]
                if parts.contains(field.name) {
                    guard let v = try? DeltaValues.parsePartition(f.partitionValues[field.name] ?? nil, field.type, column: field.name) else { return nil }
                    return v.isNull ? ColumnStatistics(nullCount: rows) : ColumnStatistics(min: v, max: v, nullCount: 0)
                }
                return ColumnStatistics(min: stats.min[field.name], max: stats.max[field.name],
                                        nullCount: stats.nullCount[field.name].map { Int($0) })
            }
        }
        return try scan(columns: columns, files: kept)
    }

    /// Morsels over `files` holding only `columns` (indices into `schema`).
    public func scan(columns: [Int], files: [AddFile]) throws -> MorselSource {
        let schema = self.schema
        let parts = Set(snapshot.partitionColumns)
        let outSchema = Schema(columns.map { schema[$0] })
        let dataWanted = columns.map { schema[$0] }.filter { !parts.contains($0.name) }
        let table = snapshot.log.tablePath
        // (file, row group, rows) per morsel; footers are read now so the morsel count is known.
        var units: [(file: Int, group: Int)] = []
        var readers: [DeltaDataFiles.Reader] = []
        for (k, f) in files.enumerated() {
            let path = DeltaPaths.absolute(f.path, table: table)
            let r = try DeltaDataFiles.open(path, logPath: f.path)
            opened.add(1, ordering: .relaxed)
            readers.append(r)
            for g in 0..<r.rowGroupCount { units.append((k, g)) }
        }
        let fileList = files
        let partValues: [[String: Value]] = try files.map { f in
            var m: [String: Value] = [:]
            for p in snapshot.partitionColumns {
                guard let field = schema.fields.first(where: { $0.name == p }) else { continue }
                m[p] = try DeltaValues.parsePartition(f.partitionValues[p] ?? nil, field.type, column: p)
            }
            return m
        }
        let readerList = readers, unitList = units
        return MorselSource(count: unitList.count) { i in
            let (k, g) = unitList[i]
            let data = try readerList[k].read(rowGroup: g, fields: dataWanted)
            let n = data.rowCount
            var cols: [Column] = []
            var d = 0
            for f in outSchema.fields {
                if parts.contains(f.name) {
                    cols.append(Column.constant(partValues[k][f.name] ?? .null, type: f.type, count: n))
                } else {
                    cols.append(data.columns[d])
                    d += 1
                }
            }
            _ = fileList
            return RecordBatch(schema: outSchema, columns: cols, rowCount: n)
        }
    }

    /// Every row of `files` (all columns of the table schema), in file order.
    public func readAll(_ files: [AddFile], context: ExecutionContext) throws -> [RecordBatch] {
        let src = try scan(columns: Array(0..<schema.count), files: files)
        return try (0..<src.count).map { try src.produce($0) }.filter { $0.rowCount > 0 }
    }
}
