import DataFlowColumnar
import DataFlowEngine
import Foundation

/// One WHEN clause of a MERGE.
public struct DeltaMergeClause: Sendable {
    public enum Action: Sendable {
        /// `UPDATE SET col = expr, …` (matched only).
        case update([(String, Expr)])
        /// `UPDATE SET *`: every target column from the source column of the same name.
        case updateAll
        /// `DELETE` (matched only).
        case delete
        /// `INSERT (cols) VALUES (exprs)` (not matched only); columns not given are null.
        case insert([(String, Expr)])
        /// `INSERT *`.
        case insertAll
    }
    public var action: Action
    public var condition: Expr?

    public init(_ action: Action, condition: Expr? = nil) {
        self.action = action
        self.condition = condition
    }
}

extension DeltaTableStore {
    static let rowIdColumn = "__df_target_row"
    static let sourceIdColumn = "__df_source_row"

    /// MERGE INTO this table USING `source` ON `condition`. `targetAlias`/`sourceAlias` qualify columns
    /// in the condition and clauses (`t.id = s.id`); a source plan that ends in `.alias(name, …)` uses
    /// that name. Multiple source rows matching one target row fail with
    /// `DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE`.
    ///
    /// Metrics: numSourceRows, numTargetRowsInserted/Updated/Deleted/Copied, numTargetFilesAdded/Removed, numOutputRows.
    @discardableResult
    public func merge(source: LogicalPlan, on condition: Expr, targetAlias: String? = nil, sourceAlias: String? = nil,
                      whenMatched: [DeltaMergeClause], whenNotMatched: [DeltaMergeClause], conditionText: String? = nil) throws -> DeltaOperationResult {
        let start = Self.nowMillis
        let snap = try snapshot()
        try snap.checkWritable()
        let schema = try snap.schema()
        if whenMatched.contains(where: { if case .delete = $0.action { return true }; return false }) { try checkNotAppendOnly(snap, "MERGE with DELETE") }
        for c in whenMatched {
            if case .insert = c.action { throw DataFlowError.invalid("MERGE: INSERT is only allowed in WHEN NOT MATCHED clauses") }
            if case .insertAll = c.action { throw DataFlowError.invalid("MERGE: INSERT is only allowed in WHEN NOT MATCHED clauses") }
        }
        for c in whenNotMatched {
            switch c.action {
            case .insert, .insertAll: break
            default: throw DataFlowError.invalid("MERGE: WHEN NOT MATCHED clauses can only INSERT")
            }
        }
        // The source, materialised once with a row id.
        var srcPlan = source
        var sAlias = sourceAlias
        if case .alias(let n, let inner) = source { sAlias = sAlias ?? n; srcPlan = inner }
        let sName = sAlias ?? "__df_source", tName = targetAlias ?? "__df_target"
        let srcQE = try QueryExecution(srcPlan)
        let srcSchema0 = srcQE.schema
        var srcBatches: [RecordBatch] = []
        var next: Int64 = 0
        let srcSchema = Schema(srcSchema0.fields + [Field(Self.sourceIdColumn, .int64, nullable: false)])
        for b in try srcQE.physical.execute(context) {
            let ids = Column.int64((0..<b.rowCount).map { Int64($0) + next })
            next += Int64(b.rowCount)
            srcBatches.append(RecordBatch(schema: srcSchema, columns: b.columns + [ids], rowCount: b.rowCount))
        }
        let numSource = next
        // The target: the live files the ON condition's target-only conjuncts do not rule out (their rows
        // can match no source row), rows numbered across files.
        let txn = Transaction(log: log, snapshot: snap)
        let targetOnly = Self.targetOnlyConjuncts(condition, alias: targetAlias, schema: schema, source: srcSchema0)
        let pruning = FilePruning(schema: schema, partitionColumns: snap.partitionColumns)
        let files = snap.files.filter { f in targetOnly.allSatisfy { pruning.mayMatch(f, $0) } }
        txn.readPredicate(Expr.conjunction(targetOnly))
        txn.readFiles(files)
        let scan = try DeltaScanTable(snapshot: snap)
        let tSchema = Schema(schema.fields + [Field(Self.rowIdColumn, .int64, nullable: false)])
        var targetBatches: [RecordBatch] = []
        var fileOfBatch: [Int] = []
        var rowBase: [Int64] = []
        var total: Int64 = 0
        for (k, f) in files.enumerated() {
            for b in try scan.readAll([f], context: context) {
                let ids = Column.int64((0..<b.rowCount).map { Int64($0) + total })
                rowBase.append(total)
                total += Int64(b.rowCount)
                targetBatches.append(RecordBatch(schema: tSchema, columns: b.columns + [ids], rowCount: b.rowCount))
                fileOfBatch.append(k)
            }
        }
        let target = LogicalPlan.alias(tName, Self.table(targetBatches, tSchema, name: "delta target"))
        let src = LogicalPlan.alias(sName, Self.table(srcBatches, srcSchema, name: "merge source"))

        // Matched pairs, with each clause's condition and values.
        var matchedExprs: [Expr] = [.alias(.column(Self.rowIdColumn, qualifier: tName), "__t"), .alias(.column(Self.sourceIdColumn, qualifier: sName), "__s")]
        var updateCols: [Int: [Int]] = [:]  // clause → output column per table column
        for (i, c) in whenMatched.enumerated() {
            matchedExprs.append(.alias(Self.isTrue(c.condition ?? .literal(.bool(true))), "__c\(i)"))
            var values: [Expr]?
            switch c.action {
            case .update(let sets):
                let byName = try Self.assignments(sets, schema: schema)
                values = schema.fields.map { f in byName[f.name] ?? .column(f.name, qualifier: tName) }
            case .updateAll:
                values = try schema.fields.map { f in .column(try Self.sourceName(f.name, srcSchema0), qualifier: sName) }
            default: values = nil
            }
            if let values {
                var idx: [Int] = []
                for (j, (v, f)) in zip(values, schema.fields).enumerated() {
                    idx.append(matchedExprs.count)
                    matchedExprs.append(.alias(.cast(v, f.type), "__u\(i)_\(j)"))
                }
                updateCols[i] = idx
            }
        }
        var matchedSources = Set<Int64>()
        var deleted = Set<Int64>()
        var updatedBatches: [RecordBatch] = []
        var updatedIds = Set<Int64>()
        var seenTargets = Set<Int64>()
        let joined = try run(.project(matchedExprs, .join(target, src, .inner, on: condition)))
        for b in joined {
            let t = b.columns[0].values(Int64.self), s = b.columns[1].values(Int64.self)
            var chosen: [Int: [Int32]] = [:]
            for r in 0..<b.rowCount {
                matchedSources.insert(s[r])
                if whenMatched.isEmpty { continue }
                if !seenTargets.insert(t[r]).inserted {
                    throw DataFlowError("DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE",
                                        "Cannot perform Merge as multiple source rows matched and attempted to modify the same target row in the Delta table in possibly conflicting ways. By SQL semantics of Merge, when multiple source rows match on the same target row, the result may be ambiguous as it is unclear which source row should be used to update or delete the matching target row. You can preprocess the source table to eliminate the possibility of multiple matches.")
                }
                for i in whenMatched.indices where Self.truth(b.columns[2 + i], r) {
                    if case .delete = whenMatched[i].action { deleted.insert(t[r]) } else {
                        updatedIds.insert(t[r])
                        chosen[i, default: []].append(Int32(r))
                    }
                    break
                }
            }
            for (i, rows) in chosen.sorted(by: { $0.key < $1.key }) {
                guard let cols = updateCols[i] else { continue }
                let part = b.take(rows)
                updatedBatches.append(RecordBatch(schema: schema, columns: cols.map { part.columns[$0] }, rowCount: part.rowCount))
            }
        }
        // Not-matched source rows, inserted by the first clause whose condition holds.
        var inserted: [RecordBatch] = []
        if !whenNotMatched.isEmpty {
            var unmatched: [RecordBatch] = []
            for b in srcBatches {
                let ids = b.columns[b.columns.count - 1].values(Int64.self)
                let keep = (0..<b.rowCount).filter { !matchedSources.contains(ids[$0]) }.map { Int32($0) }
                if !keep.isEmpty { unmatched.append(b.take(keep)) }
            }
            if !unmatched.isEmpty {
                var exprs: [Expr] = []
                var valueCols: [[Int]] = []
                var condCols: [Int] = []
                for (i, c) in whenNotMatched.enumerated() {
                    condCols.append(exprs.count)
                    exprs.append(.alias(Self.isTrue(c.condition ?? .literal(.bool(true))), "__c\(i)"))
                    let values: [Expr]
                    switch c.action {
                    case .insert(let sets):
                        let byName = try Self.assignments(sets, schema: schema)
                        values = schema.fields.map { f in byName[f.name] ?? .literal(.null) }
                    default:
                        values = schema.fields.map { f in
                            (try? Self.sourceName(f.name, srcSchema0)).map { Expr.column($0, qualifier: sName) } ?? .literal(.null)
                        }
                    }
                    var idx: [Int] = []
                    for (j, (v, f)) in zip(values, schema.fields).enumerated() {
                        idx.append(exprs.count)
                        exprs.append(.alias(.cast(v, f.type), "__v\(i)_\(j)"))
                    }
                    valueCols.append(idx)
                }
                let src2 = LogicalPlan.alias(sName, Self.table(unmatched, srcSchema, name: "merge source"))
                for b in try run(.project(exprs, src2)) {
                    var chosen: [Int: [Int32]] = [:]
                    for r in 0..<b.rowCount {
                        for i in whenNotMatched.indices where Self.truth(b.columns[condCols[i]], r) {
                            chosen[i, default: []].append(Int32(r))
                            break
                        }
                    }
                    for (i, rows) in chosen.sorted(by: { $0.key < $1.key }) {
                        let part = b.take(rows)
                        inserted.append(RecordBatch(schema: schema, columns: valueCols[i].map { part.columns[$0] }, rowCount: part.rowCount))
                    }
                }
            }
        }
        // Rewrite the target files that hold a deleted or updated row.
        let touched = deleted.union(updatedIds)
        var touchedFiles = Set<Int>()
        var kept: [Int: [RecordBatch]] = [:]
        for (bi, b) in targetBatches.enumerated() {
            let lo = rowBase[bi], hi = lo + Int64(b.rowCount)
            guard touched.contains(where: { $0 >= lo && $0 < hi }) else { continue }
            touchedFiles.insert(fileOfBatch[bi])
            let keep = (0..<b.rowCount).filter { !touched.contains(lo + Int64($0)) }.map { Int32($0) }
            let part = b.take(keep)
            kept[fileOfBatch[bi], default: []].append(RecordBatch(schema: schema, columns: Array(part.columns.dropLast()), rowCount: part.rowCount))
        }
        // Untouched batches of touched files are kept too.
        for (bi, b) in targetBatches.enumerated() where touchedFiles.contains(fileOfBatch[bi]) {
            let lo = rowBase[bi], hi = lo + Int64(b.rowCount)
            if !touched.contains(where: { $0 >= lo && $0 < hi }) {
                kept[fileOfBatch[bi], default: []].append(RecordBatch(schema: schema, columns: Array(b.columns.dropLast()), rowCount: b.rowCount))
            }
        }
        let now = Self.nowMillis
        let w = try writer(snap)
        var removes: [RemoveFile] = [], adds: [AddFile] = []
        var copied: Int64 = 0
        for k in touchedFiles.sorted() {
            removes.append(files[k].removed(at: now))
            let rows = kept[k] ?? []
            copied += Self.rows(rows)
            adds += try w.write(try Self.conform(rows, from: schema, to: schema))
        }
        adds += try w.write(try Self.conform(updatedBatches, from: schema, to: schema))
        adds += try w.write(try Self.conform(inserted, from: schema, to: schema))
        let nIns = Self.rows(inserted), nUpd = Int64(updatedIds.count), nDel = Int64(deleted.count)
        var metrics: [String: Int64] = [
            "numSourceRows": numSource, "numTargetRowsInserted": nIns, "numTargetRowsUpdated": nUpd,
            "numTargetRowsDeleted": nDel, "numTargetRowsCopied": copied, "numOutputRows": nIns + nUpd + copied,
            "numTargetFilesAdded": Int64(adds.count), "numTargetFilesRemoved": Int64(removes.count),
        ]
        if removes.isEmpty && adds.isEmpty { return DeltaOperationResult(version: nil, metrics: metrics) }
        metrics["executionTimeMs"] = Self.nowMillis - start
        let params: [(String, String)] = [
            ("predicate", "[\"\(conditionText ?? condition.description)\"]"),
            ("matchedPredicates", JSONValue.array(whenMatched.map { Self.clauseJSON($0) }).text),
            ("notMatchedPredicates", JSONValue.array(whenNotMatched.map { Self.clauseJSON($0) }).text),
        ]
        let v = try txn.commit(removes.map { .remove($0) } + adds.map { .add($0) }, operation: "MERGE",
                               parameters: params, metrics: Self.metricList(metrics))
        return DeltaOperationResult(version: v, metrics: metrics)
    }

    /// Conjuncts of the ON condition that read only target columns (qualified with the target alias, or
    /// unqualified names only the target has), with qualifiers stripped for file pruning.
    static func targetOnlyConjuncts(_ condition: Expr, alias: String?, schema: Schema, source: Schema) -> [Expr] {
        let targetNames = Set(schema.names.map { $0.lowercased() }), sourceNames = Set(source.names.map { $0.lowercased() })
        return condition.conjuncts.compactMap { c in
            var ok = true, any = false
            let stripped = c.transformUp { e -> Expr in
                switch e {
                case .column(let n, let q):
                    any = true
                    let mine = q.map { $0 == alias } ?? (targetNames.contains(n.lowercased()) && !sourceNames.contains(n.lowercased()))
                    if !mine || !targetNames.contains(n.lowercased()) { ok = false }
                    return .column(n)
                case .star, .bound, .udf, .udaf, .aggregate, .window: ok = false; return e
                default: return e
                }
            }
            return ok && any && c.isDeterministic ? stripped : nil
        }
    }

    static func clauseJSON(_ c: DeltaMergeClause) -> JSONValue {
        var kv: [(String, JSONValue)] = []
        if let p = c.condition { kv.append(("predicate", .string(p.description))) }
        let type: String
        switch c.action {
        case .update, .updateAll: type = "update"
        case .delete: type = "delete"
        case .insert, .insertAll: type = "insert"
        }
        kv.append(("actionType", .string(type)))
        return .object(kv)
    }

    /// True when row `r` of a boolean column is true.
    static func truth(_ c: Column, _ r: Int) -> Bool {
        c.isValid(r) && c.values(UInt8.self)[r] != 0
    }

    /// SET assignments keyed by the table's column names.
    static func assignments(_ sets: [(String, Expr)], schema: Schema) throws -> [String: Expr] {
        var m: [String: Expr] = [:]
        for (n, e) in sets {
            let bare = n.split(separator: ".").last.map(String.init) ?? n
            guard let f = schema.fields.first(where: { $0.name.lowercased() == bare.lowercased() }) else {
                throw DataFlowError("DELTA_MERGE_UNRESOLVED_EXPRESSION", "Cannot resolve \(n) in the MERGE target; its columns are \(schema.names.joined(separator: ", ")).")
            }
            m[f.name] = e
        }
        return m
    }

    /// The source column matching a target column by name (for `UPDATE SET *` / `INSERT *`).
    static func sourceName(_ name: String, _ src: Schema) throws -> String {
        guard let f = src.fields.first(where: { $0.name.lowercased() == name.lowercased() }) else {
            throw DataFlowError("DELTA_MERGE_UNRESOLVED_EXPRESSION", "Cannot resolve \(name) in the MERGE source for UPDATE SET * / INSERT *; the source's columns are \(src.names.joined(separator: ", ")).")
        }
        return f.name
    }
}
