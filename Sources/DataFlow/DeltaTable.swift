import DataFlowColumnar
import DataFlowEngine
import DataFlowTables
import Foundation

/// A Delta Lake table: read it, change it in place (delete, update, merge), compact and vacuum it,
/// and look at its history. Every change is one ACID commit in the table's `_delta_log`.
///
/// ```swift
/// try df.write.format("delta").partitionBy("day").save("/data/events")
/// let events = try DeltaTable.forPath(session, "/data/events")
/// try events.delete(where: col("day") < lit("2024-01-01"))
/// try events.as("t").merge(updates.as("s"), on: col("t.id") == col("s.id"))
///     .whenMatchedUpdateAll().whenNotMatchedInsertAll().execute()
/// try events.history().show()
/// let v3 = try session.read.format("delta").option("versionAsOf", 3).load("/data/events")
/// ```
public final class DeltaTable: Sendable {
    public let session: Session
    /// The table's store (log, snapshots and operations), for lower-level use.
    public let store: DeltaTableStore
    let alias: String?

    init(session: Session, store: DeltaTableStore, alias: String? = nil) {
        self.session = session
        self.store = store
        self.alias = alias
    }

    /// The Delta table at `path`; fails with `DELTA_MISSING_DELTA_TABLE` when there is none.
    public static func forPath(_ session: Session, _ path: String) throws -> DeltaTable {
        let store = DeltaTableStore(path: path, context: session.context())
        _ = try store.version()
        return DeltaTable(session: session, store: store)
    }

    /// The catalog table `name`, which must be a Delta table.
    public static func forName(_ session: Session, _ name: String) throws -> DeltaTable {
        guard let t = session.catalog.table(name) else { throw session.catalog.notFound(name) }
        guard case .files(let f) = t.storage, f.format == .delta else {
            throw DataFlowError("DELTA_MISSING_DELTA_TABLE", "`\(name)` is not a Delta table.")
        }
        return try forPath(session, f.path)
    }

    /// Whether `path` holds a Delta table.
    public static func isDeltaTable(_ session: Session, _ path: String) -> Bool { DeltaLog(tablePath: path).tableExists }

    /// The same table with an alias for merge conditions (`t.id`).
    public func `as`(_ alias: String) -> DeltaTable { DeltaTable(session: session, store: store, alias: alias) }
    public func alias(_ alias: String) -> DeltaTable { self.as(alias) }

    /// The latest version.
    public var version: Int64 { get throws { try store.version() } }

    /// The latest version as a DataFrame.
    public func toDF() throws -> DataFrame {
        let df = session.table(try store.scanTable())
        return alias.map { df.alias($0) } ?? df
    }

    /// Deletes the rows matching `condition` (every row when nil).
    @discardableResult
    public func delete(where condition: Column? = nil) throws -> DeltaOperationResult {
        try store.delete(condition: condition?.expr)
    }

    /// Deletes the rows matching a SQL condition.
    @discardableResult
    public func delete(_ condition: String) throws -> DeltaOperationResult {
        try store.delete(condition: DeltaSource.condition(condition, schema: store.snapshot().schema()), conditionText: condition)
    }

    /// Sets columns in the rows matching `condition` (every row when nil).
    @discardableResult
    public func update(where condition: Column? = nil, set: [String: Column]) throws -> DeltaOperationResult {
        try store.update(condition: condition?.expr, set: set.keys.sorted().map { ($0, set[$0]?.expr ?? .literal(.null)) })
    }

    /// Starts a MERGE of `source` into this table on `condition`.
    public func merge(_ source: DataFrame, on condition: Column) -> DeltaMergeBuilder {
        DeltaMergeBuilder(table: self, source: source, condition: condition)
    }

    /// The commits, newest first: version, timestamp, operation, operationParameters (JSON),
    /// readVersion, isolationLevel, isBlindAppend, operationMetrics (JSON), engineInfo, userMetadata.
    public func history(limit: Int? = nil) throws -> DataFrame {
        let entries = try store.history(limit: limit)
        let schema = Schema([Field("version", .int64), Field("timestamp", .timestamp), Field("operation", .string),
                             Field("operationParameters", .string), Field("readVersion", .int64), Field("isolationLevel", .string),
                             Field("isBlindAppend", .boolean), Field("operationMetrics", .string), Field("engineInfo", .string),
                             Field("userMetadata", .string)])
        func obj(_ kv: [(String, String)]) -> String { JSONValue.object(kv.map { ($0.0, .string($0.1)) }).text }
        let rows: [[Value]] = entries.map { e in
            [.int64(e.version), e.timestamp.map { .timestamp($0 * 1000) } ?? .null, e.operation.map(Value.string) ?? .null,
             .string(obj(e.operationParameters)), e.readVersion.map(Value.int64) ?? .null, e.isolationLevel.map(Value.string) ?? .null,
             e.isBlindAppend.map(Value.bool) ?? .null, .string(obj(e.operationMetrics)), e.engineInfo.map(Value.string) ?? .null,
             e.userMetadata.map(Value.string) ?? .null]
        }
        return try session.createDataFrame(rows, schema: schema)
    }

    /// Compacts small files per partition (operation OPTIMIZE; no data changes).
    @discardableResult
    public func optimize(targetFileBytes: Int64 = 256 << 20) throws -> DeltaOperationResult {
        try store.optimize(targetFileBytes: targetFileBytes)
    }

    /// Deletes files no longer referenced by the table and older than the retention (default 168 hours;
    /// shorter needs `retentionDurationCheck: false`). Returns the files deleted (or that would be, with `dryRun`).
    @discardableResult
    public func vacuum(retentionHours: Double? = nil, dryRun: Bool = false, retentionDurationCheck: Bool = true) throws -> [String] {
        try store.vacuum(retentionHours: retentionHours, dryRun: dryRun, retentionDurationCheck: retentionDurationCheck).files
    }
}

/// `DeltaTable.merge(source, on:)`: add WHEN clauses, then `execute()`.
public struct DeltaMergeBuilder: Sendable {
    let table: DeltaTable
    let source: DataFrame
    let condition: Column
    var matched: [DeltaMergeClause] = []
    var notMatched: [DeltaMergeClause] = []

    static func sets(_ m: [String: Column]) -> [(String, Expr)] { m.keys.sorted().map { ($0, m[$0]?.expr ?? .literal(.null)) } }

    public func whenMatchedUpdate(condition: Column? = nil, set: [String: Column]) -> DeltaMergeBuilder {
        var b = self
        b.matched.append(DeltaMergeClause(.update(Self.sets(set)), condition: condition?.expr))
        return b
    }
    public func whenMatchedUpdateAll(condition: Column? = nil) -> DeltaMergeBuilder {
        var b = self
        b.matched.append(DeltaMergeClause(.updateAll, condition: condition?.expr))
        return b
    }
    public func whenMatchedDelete(condition: Column? = nil) -> DeltaMergeBuilder {
        var b = self
        b.matched.append(DeltaMergeClause(.delete, condition: condition?.expr))
        return b
    }
    public func whenNotMatchedInsert(condition: Column? = nil, values: [String: Column]) -> DeltaMergeBuilder {
        var b = self
        b.notMatched.append(DeltaMergeClause(.insert(Self.sets(values)), condition: condition?.expr))
        return b
    }
    public func whenNotMatchedInsertAll(condition: Column? = nil) -> DeltaMergeBuilder {
        var b = self
        b.notMatched.append(DeltaMergeClause(.insertAll, condition: condition?.expr))
        return b
    }

    /// Runs the merge as one commit; returns its metrics (numTargetRowsInserted, …).
    @discardableResult
    public func execute() throws -> DeltaOperationResult {
        try table.store.merge(source: source.plan, on: condition.expr, targetAlias: table.alias, whenMatched: matched,
                              whenNotMatched: notMatched)
    }
}
