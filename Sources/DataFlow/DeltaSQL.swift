import DataFlowColumnar
import DataFlowEngine
import DataFlowSQL
import DataFlowTables
import Foundation

/// SQL over Delta tables: DELETE, UPDATE, MERGE INTO, DESCRIBE HISTORY, OPTIMIZE, VACUUM, and
/// `FROM t VERSION AS OF n`. A table is a catalog table stored as Delta, or `delta.`/path``.
extension Session {
    /// The Delta table a SQL statement names.
    func deltaTable(named name: String) throws -> DeltaTable {
        if let path = Catalog.pathTable(name, format: "delta") { return try DeltaTable.forPath(self, path) }
        if catalog.viewExists(name) {
            throw DataFlowError("EXPECT_TABLE_NOT_VIEW", "`\(name)` is a view; DELETE, UPDATE, MERGE and the Delta commands need a Delta table.")
        }
        guard let t = catalog.table(name) else { throw catalog.notFound(name) }
        guard case .files(let f) = t.storage, f.format == .delta else {
            throw DataFlowError("DELTA_MISSING_DELTA_TABLE",
                                "`\(name)` is not a Delta table; DELETE, UPDATE, MERGE, DESCRIBE HISTORY, OPTIMIZE and VACUUM work on Delta tables (CREATE TABLE … USING delta).")
        }
        return try DeltaTable.forPath(self, f.path)
    }

    /// Runs one of the Delta statements; the result is Spark's: affected-row counts, the history, the
    /// files vacuumed.
    func runDelta(_ command: SQLCommand) throws -> DataFrame {
        func counts(_ names: [String], _ values: [Int64]) throws -> DataFrame {
            try createDataFrame([values.map { .int64($0) }], schema: Schema(names.map { Field($0, .int64) }))
        }
        switch command {
        case .delete(let name, let condition):
            let r = try deltaTable(named: name).store.delete(condition: condition)
            return try counts(["num_affected_rows"], [r.metrics["numDeletedRows"] ?? 0])
        case .update(let name, let set, let condition):
            let r = try deltaTable(named: name).store.update(condition: condition, set: set.map { ($0.column, $0.value) })
            return try counts(["num_affected_rows"], [r.metrics["numUpdatedRows"] ?? 0])
        case .merge(let m):
            let table = try deltaTable(named: m.target)
            func action(_ a: MergeCommand.Action) -> DeltaMergeClause.Action {
                switch a {
                case .update(let s): return .update(s.map { ($0.column, $0.value) })
                case .updateAll: return .updateAll
                case .delete: return .delete
                case .insert(let s): return .insert(s.map { ($0.column, $0.value) })
                case .insertAll: return .insertAll
                }
            }
            let matched = m.clauses.filter(\.matched).map { DeltaMergeClause(action($0.action), condition: $0.condition) }
            let notMatched = m.clauses.filter { !$0.matched }.map { DeltaMergeClause(action($0.action), condition: $0.condition) }
            let r = try table.store.merge(source: m.source, on: m.condition, targetAlias: m.targetAlias,
                                          whenMatched: matched, whenNotMatched: notMatched)
            let u = r.metrics["numTargetRowsUpdated"] ?? 0, d = r.metrics["numTargetRowsDeleted"] ?? 0
            let i = r.metrics["numTargetRowsInserted"] ?? 0
            return try counts(["num_affected_rows", "num_updated_rows", "num_deleted_rows", "num_inserted_rows"], [u + d + i, u, d, i])
        case .describeHistory(let name, let limit):
            return try deltaTable(named: name).history(limit: limit)
        case .optimize(let name, let condition):
            if condition != nil {
                throw DataFlowError("UNSUPPORTED_FEATURE", "OPTIMIZE … WHERE is not supported yet; OPTIMIZE compacts the whole table.")
            }
            let r = try deltaTable(named: name).optimize()
            return try counts(["numFilesAdded", "numFilesRemoved"], [r.metrics["numAddedFiles"] ?? 0, r.metrics["numRemovedFiles"] ?? 0])
        case .vacuum(let name, let hours, let dryRun):
            let files = try deltaTable(named: name).vacuum(retentionHours: hours, dryRun: dryRun)
            return try createDataFrame(files.map { [.string($0)] }, schema: Schema([Field("path", .string)]))
        default:
            throw DataFlowError.invalid("not a Delta statement")
        }
    }
}

extension Catalog {
    /// `delta.`/data/events``, `parquet.`out/x``: a path read in a format, as Spark SQL allows; nil for
    /// an ordinary name.
    static func pathTable(_ name: String, format: String? = nil) -> String? {
        guard let dot = name.firstIndex(of: ".") else { return nil }
        let prefix = name[..<dot].lowercased(), rest = String(name[name.index(after: dot)...])
        guard format.map({ $0 == prefix }) ?? ["delta", "parquet", "csv", "json", "arrow"].contains(prefix),
              rest.contains("/") || FileManager.default.fileExists(atPath: rest) else { return nil }
        return rest
    }

    /// A Delta table (catalog table or `delta.`path``) at a version or time.
    public func lookup(_ name: String, asOf: TableVersion) throws -> LogicalPlan {
        let path: String
        if let p = Catalog.pathTable(name, format: "delta") {
            path = p
        } else {
            guard let t = table(name) else {
                if viewExists(name) { throw DataFlowError("UNSUPPORTED_FEATURE.TIME_TRAVEL", "Time travel needs a Delta table; `\(name)` is a view.") }
                throw notFound(name)
            }
            guard case .files(let f) = t.storage, f.format == .delta else {
                throw DataFlowError("UNSUPPORTED_FEATURE.TIME_TRAVEL", "Time travel (VERSION AS OF / TIMESTAMP AS OF) needs a Delta table; `\(name)` is not one.")
            }
            path = f.path
        }
        let option: (String, String)
        switch asOf {
        case .version(let v): option = ("versionAsOf", String(v))
        case .timestamp(let t): option = ("timestampAsOf", t)
        }
        return .scan(ScanNode(table: try DeltaSource.table(paths: [path], options: [option], schema: nil)))
    }
}
