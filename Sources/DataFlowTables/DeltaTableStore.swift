import DataFlowColumnar
import DataFlowEngine
import Foundation

/// What a table operation did: the version it committed (nil when nothing changed) and its metrics, as
/// recorded in `commitInfo.operationMetrics`.
public struct DeltaOperationResult: Sendable {
    public var version: Int64?
    public var metrics: [String: Int64]
    public init(version: Int64?, metrics: [String: Int64]) {
        self.version = version
        self.metrics = metrics
    }
}

/// How a write treats an existing table (Spark's SaveMode).
public enum DeltaWriteMode: String, Sendable {
    case errorIfExists, append, overwrite, ignore
}

/// Options of `DeltaTableStore.write`.
public struct DeltaWriteOptions: Sendable {
    public var mode: DeltaWriteMode = .errorIfExists
    /// Partition columns (for a new table, or an overwrite with `overwriteSchema`).
    public var partitionBy: [String]?
    /// Adds columns the data has and the table lacks.
    public var mergeSchema = false
    /// Lets an overwrite replace the schema and partitioning.
    public var overwriteSchema = false
    /// Overwrite only the rows matching this predicate; every written row must satisfy it.
    public var replaceWhere: Expr?
    /// The predicate's text (for history).
    public var replaceWhereText: String?
    /// Idempotent writes: skip the write when the table already has `txnVersion` or later for `txnAppId`.
    public var txnAppId: String?
    public var txnVersion: Int64?
    /// Table properties for a new table (`metaData.configuration`).
    public var configuration: [String: String] = [:]
    /// Rows per data file (about).
    public var targetFileRows = 1 << 20
    /// The operation the commit records (default: CREATE TABLE AS SELECT for a new table, else WRITE);
    /// SQL's CREATE TABLE without data records CREATE TABLE.
    public var operation: String?

    public init(mode: DeltaWriteMode = .errorIfExists) { self.mode = mode }
}

/// A Delta table at a path, with every operation DataFlow supports on it: create, append, overwrite
/// (whole or `replaceWhere`), read at a version or timestamp, delete, update, merge, optimize, vacuum
/// and history. Each operation is one optimistic transaction.
///
/// ```swift
/// let t = DeltaTableStore(path: "/data/events", context: ctx)
/// try t.write(batches, schema: schema, options: DeltaWriteOptions(mode: .append))
/// try t.delete(condition: .comparison(.lt, .column("day"), .literal(.int32(3))))
/// ```
public final class DeltaTableStore: Sendable {
    public let log: DeltaLog
    public let context: ExecutionContext

    public init(path: String, context: ExecutionContext) {
        self.log = DeltaLog(tablePath: path)
        self.context = context
    }

    public var path: String { log.tablePath }
    public var exists: Bool { log.tableExists }

    public func snapshot(version: Int64? = nil) throws -> Snapshot { try log.snapshot(at: version) }
    public func snapshot(timestampMillis: Int64) throws -> Snapshot { try log.snapshot(at: log.version(atTimestamp: timestampMillis)) }

    /// The latest version.
    public func version() throws -> Int64 { try log.latestVersion() }

    /// The table (at `version`, latest when nil) as a scan.
    public func scanTable(version: Int64? = nil) throws -> DeltaScanTable { try DeltaScanTable(snapshot: snapshot(version: version)) }

    // MARK: - Plans

    /// Runs a plan with the engine and returns its batches.
    func run(_ plan: LogicalPlan) throws -> [RecordBatch] {
        try QueryExecution(plan).physical.execute(context)
    }

    /// The output schema of a plan (analysis only).
    func schemaOf(_ plan: LogicalPlan) throws -> Schema { Schema(Analyzer.attributes(try Analyzer().analyze(plan))) }

    static func table(_ batches: [RecordBatch], _ schema: Schema, name: String = "delta") -> LogicalPlan {
        .scan(ScanNode(table: InMemoryTable(schema: schema, batches: batches.map { $0.with(schema: schema) }, name: name)))
    }

    /// `cond` is true (null counts as false).
    static func isTrue(_ cond: Expr) -> Expr { .caseWhen([Expr.WhenClause(cond, .literal(.bool(true)))], otherwise: .literal(.bool(false))) }

    /// Rows of `batches` where `cond` is true, and the rest.
    func split(_ batches: [RecordBatch], _ schema: Schema, by cond: Expr) throws -> (matching: [RecordBatch], rest: [RecordBatch]) {
        let input = Self.table(batches, schema)
        let m = try run(.filter(Self.isTrue(cond), input))
        let r = try run(.filter(.not(Self.isTrue(cond)), input))
        return (m, r)
    }

    static func rows(_ b: [RecordBatch]) -> Int64 { Int64(b.reduce(0) { $0 + $1.rowCount }) }

    func writer(_ snap: Snapshot, schema: Schema? = nil, dataChange: Bool = true, targetRows: Int = 1 << 20) throws -> DeltaFileWriter {
        var w = DeltaFileWriter(tablePath: path, schema: try schema ?? snap.schema(), partitionColumns: snap.partitionColumns)
        w.dataChange = dataChange
        w.targetFileRows = targetRows
        return w
    }

    static var nowMillis: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    // MARK: - Write (create, append, overwrite)

    /// Writes `batches` to the table as `options.mode` says, creating it when absent.
    @discardableResult
    public func write(_ batches: [RecordBatch], schema: Schema, options: DeltaWriteOptions) throws -> DeltaOperationResult {
        let current: Snapshot? = exists ? try snapshot() : nil
        if let current {
            switch options.mode {
            case .errorIfExists:
                throw DataFlowError("DELTA_PATH_EXISTS", "Cannot write to already existent path \(path) without setting the save mode to overwrite or append.")
            case .ignore: return DeltaOperationResult(version: nil, metrics: [:])
            default: break
            }
            try current.checkWritable()
            if options.mode == .overwrite { try checkNotAppendOnly(current, "an overwrite") }
            if let app = options.txnAppId, let v = options.txnVersion, let seen = current.transactions[app], seen.version >= v {
                return DeltaOperationResult(version: nil, metrics: [:])  // already written (idempotent retry)
            }
        }
        let start = Self.nowMillis
        let txn = Transaction(log: log, snapshot: current)
        var actions: [Action] = []
        var tableSchema: Schema
        var partitionColumns: [String]
        var metadata: Metadata
        let overwrite = options.mode == .overwrite
        if let current, !(overwrite && options.overwriteSchema) {
            metadata = current.metadata
            tableSchema = try current.schema()
            partitionColumns = current.partitionColumns
            if let p = options.partitionBy, !p.isEmpty, p.map({ $0.lowercased() }) != partitionColumns.map({ $0.lowercased() }) {
                throw DataFlowError("DELTA_PARTITION_COLUMNS_MISMATCH",
                                    "Partition columns do not match the partition columns of the table. Given: [\(p.joined(separator: ", "))], table: [\(partitionColumns.joined(separator: ", "))]. Use overwriteSchema to change them.")
            }
            let merged = try Self.mergeSchemas(table: tableSchema, data: schema, mergeSchema: options.mergeSchema)
            if merged != tableSchema {
                tableSchema = merged
                metadata.schemaString = try DeltaSchema.json(merged)
                actions.append(.metadata(metadata))
            }
        } else {
            partitionColumns = options.partitionBy ?? []
            for p in partitionColumns where schema.index(of: p) == nil {
                throw DataFlowError("DELTA_PARTITION_COLUMN_NOT_FOUND", "Partition column `\(p)` not found in schema \(schema.treeString)")
            }
            partitionColumns = partitionColumns.map { p in schema.fields.first { $0.name.lowercased() == p.lowercased() }?.name ?? p }
            tableSchema = Schema(schema.fields.map { f in Field(f.name, f.type == .null ? .string : f.type, nullable: true) })
            metadata = Metadata(id: current?.metadata.id ?? UUID().uuidString.lowercased(), schemaString: try DeltaSchema.json(tableSchema),
                                partitionColumns: partitionColumns, configuration: current == nil ? options.configuration : current?.metadata.configuration ?? [:],
                                createdTime: current?.metadata.createdTime ?? Self.nowMillis)
            if current == nil { actions.append(.protocolAction(ProtocolAction())) }
            actions.append(.metadata(metadata))
        }
        // Lay the data out as the table: columns by name, widened, missing nullable ones null.
        let data = try Self.conform(batches, from: schema, to: tableSchema)
        var removes: [RemoveFile] = []
        var deletedRows: Int64 = 0
        if overwrite, let current {
            let now = Self.nowMillis
            if let cond = options.replaceWhere {
                // Every written row must satisfy the predicate.
                let (_, outside) = try split(data, tableSchema, by: cond)
                if Self.rows(outside) > 0 {
                    throw DataFlowError("DELTA_REPLACE_WHERE_MISMATCH",
                                        "Written data does not conform to partial table overwrite condition or constraint '\(options.replaceWhereText ?? cond.description)': \(Self.rows(outside)) row(s) do not match it.")
                }
                let del = try deleteActions(current, condition: cond, txn: txn)
                removes = del.removes
                actions += del.adds.map { .add($0) }
                deletedRows = del.deletedRows
            } else {
                txn.readPredicate(nil)
                removes = current.files.map { $0.removed(at: now) }
            }
        }
        var w = DeltaFileWriter(tablePath: path, schema: tableSchema, partitionColumns: partitionColumns)
        w.targetFileRows = options.targetFileRows
        let adds = try w.write(data)
        actions += removes.map { .remove($0) } + adds.map { .add($0) }
        if let app = options.txnAppId, let v = options.txnVersion {
            actions.append(.txn(SetTransaction(appId: app, version: v, lastUpdated: Self.nowMillis)))
        }
        let newRows = Self.rows(data)
        var metrics: [String: Int64] = ["numFiles": Int64(adds.count), "numOutputRows": newRows,
                                        "numOutputBytes": adds.reduce(0) { $0 + $1.size }]
        if overwrite && current != nil {
            metrics["numRemovedFiles"] = Int64(removes.count)
            metrics["numAddedFiles"] = Int64(adds.count)
            if options.replaceWhere != nil { metrics["numDeletedRows"] = deletedRows }
        }
        metrics["executionTimeMs"] = Self.nowMillis - start
        var params: [(String, String)] = [("mode", overwrite ? "Overwrite" : (current == nil ? "ErrorIfExists" : "Append")),
                                          ("partitionBy", JSONValue.array(partitionColumns.map(JSONValue.string)).text)]
        if let r = options.replaceWhereText ?? options.replaceWhere?.description { params.append(("predicate", r)) }
        let operation = options.operation ?? (current == nil ? "CREATE TABLE AS SELECT" : "WRITE")
        let v = try txn.commit(actions, operation: operation, parameters: params, metrics: Self.metricList(metrics))
        return DeltaOperationResult(version: v, metrics: metrics)
    }

    static func metricList(_ m: [String: Int64]) -> [(String, String)] { m.keys.sorted().map { ($0, String(m[$0] ?? 0)) } }

    /// Creates an empty table (no data files).
    @discardableResult
    public func create(schema: Schema, partitionBy: [String] = [], configuration: [String: String] = [:]) throws -> DeltaOperationResult {
        var o = DeltaWriteOptions(mode: .errorIfExists)
        o.partitionBy = partitionBy
        o.configuration = configuration
        return try write([], schema: schema, options: o)
    }

    /// Checks incoming data against the table schema and returns the table schema to write with
    /// (the table's, plus new columns when `mergeSchema`).
    static func mergeSchemas(table: Schema, data: Schema, mergeSchema: Bool) throws -> Schema {
        var fields = table.fields
        for f in data.fields {
            if let t = table.fields.first(where: { $0.name.lowercased() == f.name.lowercased() }) {
                if t.type != f.type && !canWiden(f.type, to: t.type) {
                    throw DataFlowError("DELTA_FAILED_TO_MERGE_FIELDS",
                                        "Failed to merge fields '\(t.name)' and '\(f.name)': the table's column `\(t.name)` has type \(t.type.sqlName) and the data's has type \(f.type.sqlName), which cannot be written to it.")
                }
            } else if mergeSchema {
                fields.append(Field(f.name, f.type == .null ? .string : f.type, nullable: true))
            } else {
                throw DataFlowError("DELTA_METADATA_MISMATCH",
                                    "A schema mismatch detected when writing to the Delta table: the data has column `\(f.name)` (\(f.type.sqlName)), which the table does not have. To enable schema migration, set .option(\"mergeSchema\", \"true\").\nTable schema:\n\(table.treeString)Data schema:\n\(data.treeString)")
            }
        }
        return Schema(fields)
    }

    /// Types data may be written as without loss (Delta's implicit up-casts on write).
    static func canWiden(_ from: DataType, to: DataType) -> Bool {
        switch (from, to) {
        case (.null, _): return true
        case (.int32, .int64), (.int32, .float64), (.int64, .float64): return true
        case (.int32, .decimal(let p, let s)): return p - s >= 10
        case (.int64, .decimal(let p, let s)): return p - s >= 19
        case (.decimal(let p1, let s1), .decimal(let p2, let s2)): return s2 >= s1 && p2 - s2 >= p1 - s1
        case (.date, .timestamp): return true
        default: return false
        }
    }

    /// `batches` (laid out as `from`) re-laid out as `to`: columns by name (case-insensitive), cast where
    /// widened, nulls for missing nullable columns; a null in a NOT NULL column fails.
    static func conform(_ batches: [RecordBatch], from: Schema, to: Schema) throws -> [RecordBatch] {
        let lower = from.fields.enumerated().reduce(into: [String: Int]()) { $0[$1.element.name.lowercased()] = $0[$1.element.name.lowercased()] ?? $1.offset }
        var out: [RecordBatch] = []
        for b in batches where b.rowCount > 0 {
            var cols: [Column] = []
            for f in to.fields {
                if let i = lower[f.name.lowercased()] {
                    var c = b.columns[i]
                    if c.type != f.type { c = try Kernels.cast(c, to: f.type, mode: .ansi) }
                    if !f.nullable && c.nullCount > 0 {
                        throw DataFlowError("DELTA_NOT_NULL_CONSTRAINT_VIOLATED", "NOT NULL constraint violated for column: \(f.name).")
                    }
                    cols.append(c)
                } else {
                    if !f.nullable {
                        throw DataFlowError("DELTA_MISSING_NOT_NULL_COLUMN_VALUE", "Column `\(f.name)`, which has a NOT NULL constraint, is missing from the data being written into the table.")
                    }
                    cols.append(Column.nulls(f.type, count: b.rowCount))
                }
            }
            out.append(RecordBatch(schema: to, columns: cols, rowCount: b.rowCount))
        }
        return out
    }
}
