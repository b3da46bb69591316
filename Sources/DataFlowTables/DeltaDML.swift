import DataFlowColumnar
import DataFlowEngine
import Foundation

/// DELETE and UPDATE: only files that may hold matching rows are read; a file with matching rows is
/// rewritten without them (or with them changed); a predicate on partition columns only removes whole
/// files without reading them.
extension DeltaTableStore {
    struct DeleteOutcome {
        var removes: [RemoveFile] = []
        var adds: [AddFile] = []
        var deletedRows: Int64 = 0
        var copiedRows: Int64 = 0
        var scannedFiles = 0
    }

    /// The removes/adds that delete the rows matching `condition` from `snap` (recording the reads in `txn`).
    func deleteActions(_ snap: Snapshot, condition: Expr?, txn: Transaction) throws -> DeleteOutcome {
        var out = DeleteOutcome()
        let now = Self.nowMillis
        let schema = try snap.schema()
        guard let condition else {
            txn.readPredicate(nil)
            txn.readFiles(snap.files)
            out.removes = snap.files.map { $0.removed(at: now) }
            out.deletedRows = snap.files.reduce(0) { $0 + ($1.numRecords ?? 0) }
            return out
        }
        txn.readPredicate(condition)
        let pruning = FilePruning(schema: schema, partitionColumns: snap.partitionColumns)
        let candidates = snap.files.filter { pruning.mayMatch($0, condition) }
        txn.readFiles(candidates)
        let scan = try DeltaScanTable(snapshot: snap)
        if !snap.partitionColumns.isEmpty && pruning.onlyPartitionColumns(condition) {
            // Whole files: evaluate the predicate on each file's partition values.
            for f in candidates where try partitionMatches(f, condition, snap: snap, schema: schema) {
                out.removes.append(f.removed(at: now))
                out.deletedRows += f.numRecords ?? 0
            }
            return out
        }
        let w = try writer(snap)
        for f in candidates {
            let rows = try scan.readAll([f], context: context)
            out.scannedFiles += 1
            let (matching, rest) = try split(rows, schema, by: condition)
            let m = Self.rows(matching)
            if m == 0 { continue }
            out.deletedRows += m
            out.copiedRows += Self.rows(rest)
            out.removes.append(f.removed(at: now))
            out.adds += try w.write(rest)
        }
        return out
    }

    /// Whether a file's partition values satisfy a partition-only predicate.
    func partitionMatches(_ f: AddFile, _ cond: Expr, snap: Snapshot, schema: Schema) throws -> Bool {
        let parts = snap.partitionColumns
        let fields = parts.compactMap { p in schema.fields.first { $0.name == p } }
        let cols = try fields.map { fld in
            Column.constant(try DeltaValues.parsePartition(f.partitionValues[fld.name] ?? nil, fld.type, column: fld.name), type: fld.type, count: 1)
        }
        let s = Schema(fields)
        let b = RecordBatch(schema: s, columns: cols, rowCount: 1)
        return Self.rows(try run(.filter(Self.isTrue(cond), Self.table([b], s)))) == 1
    }

    /// Deletes the rows matching `condition` (every row when nil).
    ///
    /// Metrics: numRemovedFiles, numAddedFiles, numDeletedRows, numCopiedRows.
    @discardableResult
    public func delete(condition: Expr?, conditionText: String? = nil) throws -> DeltaOperationResult {
        let start = Self.nowMillis
        let snap = try snapshot()
        try snap.checkWritable()
        try checkNotAppendOnly(snap, "DELETE")
        let txn = Transaction(log: log, snapshot: snap)
        let d = try deleteActions(snap, condition: condition, txn: txn)
        var metrics: [String: Int64] = ["numRemovedFiles": Int64(d.removes.count), "numAddedFiles": Int64(d.adds.count),
                                        "numDeletedRows": d.deletedRows, "numCopiedRows": d.copiedRows,
                                        "numAddedChangeFiles": 0]
        if d.removes.isEmpty && d.adds.isEmpty { return DeltaOperationResult(version: nil, metrics: metrics) }
        metrics["executionTimeMs"] = Self.nowMillis - start
        let pred = condition.map { "[\"\(conditionText ?? $0.description)\"]" } ?? "[]"
        let v = try txn.commit(d.removes.map { .remove($0) } + d.adds.map { .add($0) }, operation: "DELETE",
                               parameters: [("predicate", pred)], metrics: Self.metricList(metrics))
        return DeltaOperationResult(version: v, metrics: metrics)
    }

    func checkNotAppendOnly(_ snap: Snapshot, _ op: String) throws {
        if snap.metadata.configuration["delta.appendOnly"]?.lowercased() == "true" {
            throw DataFlowError("DELTA_CANNOT_MODIFY_APPEND_ONLY", "This table is configured to only allow appends (delta.appendOnly=true); \(op) is not allowed.")
        }
    }

    /// Sets columns to expressions in the rows matching `condition` (every row when nil).
    ///
    /// Metrics: numRemovedFiles, numAddedFiles, numUpdatedRows, numCopiedRows.
    @discardableResult
    public func update(condition: Expr?, set assignments: [(String, Expr)], conditionText: String? = nil) throws -> DeltaOperationResult {
        let start = Self.nowMillis
        let snap = try snapshot()
        try snap.checkWritable()
        try checkNotAppendOnly(snap, "UPDATE")
        let schema = try snap.schema()
        var byColumn: [String: Expr] = [:]
        for (name, e) in assignments {
            guard let f = schema.fields.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw DataFlowError("DELTA_MISSING_SET_COLUMN", "\(name) column not found in the table \(path); its columns are \(schema.names.joined(separator: ", ")).")
            }
            byColumn[f.name] = e
        }
        let txn = Transaction(log: log, snapshot: snap)
        txn.readPredicate(condition)
        let pruning = FilePruning(schema: schema, partitionColumns: snap.partitionColumns)
        let candidates = condition.map { c in snap.files.filter { pruning.mayMatch($0, c) } } ?? snap.files
        txn.readFiles(candidates)
        let scan = try DeltaScanTable(snapshot: snap)
        let w = try writer(snap)
        let now = Self.nowMillis
        var removes: [RemoveFile] = [], adds: [AddFile] = []
        var updated: Int64 = 0, copied: Int64 = 0
        let projection: [Expr] = schema.fields.map { f in
            guard let e = byColumn[f.name] else { return .column(f.name) }
            let value = Expr.cast(e, f.type)
            if let c = condition {
                return .alias(.caseWhen([Expr.WhenClause(Self.isTrue(c), value)], otherwise: .column(f.name)), f.name)
            }
            return .alias(value, f.name)
        }
        for f in candidates {
            let rows = try scan.readAll([f], context: context)
            let n = Self.rows(rows)
            var m = n
            if let c = condition { m = Self.rows(try run(.filter(Self.isTrue(c), Self.table(rows, schema)))) }
            if m == 0 { continue }
            let changed = try run(.project(projection, Self.table(rows, schema)))
            updated += m
            copied += n - m
            removes.append(f.removed(at: now))
            adds += try w.write(try Self.conform(changed, from: schema, to: schema))
        }
        var metrics: [String: Int64] = ["numRemovedFiles": Int64(removes.count), "numAddedFiles": Int64(adds.count),
                                        "numUpdatedRows": updated, "numCopiedRows": copied, "numAddedChangeFiles": 0]
        if removes.isEmpty { return DeltaOperationResult(version: nil, metrics: metrics) }
        metrics["executionTimeMs"] = Self.nowMillis - start
        let pred = condition.map { "[\"\(conditionText ?? $0.description)\"]" } ?? "[]"
        let v = try txn.commit(removes.map { .remove($0) } + adds.map { .add($0) }, operation: "UPDATE",
                               parameters: [("predicate", pred)], metrics: Self.metricList(metrics))
        return DeltaOperationResult(version: v, metrics: metrics)
    }
}
