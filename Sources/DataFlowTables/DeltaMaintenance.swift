import DataFlowColumnar
import DataFlowEngine
import Foundation

/// One entry of `history()`: a commit's commitInfo.
public struct DeltaHistoryEntry: Sendable {
    public var version: Int64
    public var timestamp: Int64?
    public var operation: String?
    public var operationParameters: [(String, String)]
    public var readVersion: Int64?
    public var isolationLevel: String?
    public var isBlindAppend: Bool?
    public var operationMetrics: [(String, String)]
    public var engineInfo: String?
    public var userMetadata: String?
}

/// What a vacuum deleted (or, in a dry run, would delete).
public struct DeltaVacuumResult: Sendable {
    public var files: [String]
    public var dryRun: Bool
}

extension DeltaTableStore {
    /// The commits, newest first (at most `limit`).
    public func history(limit: Int? = nil) throws -> [DeltaHistoryEntry] {
        let l = try log.listing()
        var out: [DeltaHistoryEntry] = []
        for v in l.commits.reversed() {
            if let limit, out.count >= limit { break }
            let actions = try log.readCommit(v)
            var e = DeltaHistoryEntry(version: v, operationParameters: [], operationMetrics: [])
            for case .commitInfo(let c) in actions {
                e.timestamp = c.timestamp
                e.operation = c.operation
                e.operationParameters = c.stringMap("operationParameters")
                e.readVersion = c.readVersion
                e.isolationLevel = c.json["isolationLevel"]?.stringValue
                e.isBlindAppend = c.isBlindAppend
                e.operationMetrics = c.stringMap("operationMetrics")
                e.engineInfo = c.json["engineInfo"]?.stringValue
                e.userMetadata = c.json["userMetadata"]?.stringValue
            }
            if e.timestamp == nil { e.timestamp = try? log.commitTimestamp(v) }
            out.append(e)
        }
        return out
    }

    /// Compacts small files: in each partition with two or more files smaller than `targetFileBytes`,
    /// those files are rewritten as files of about that size (dataChange = false, operation OPTIMIZE).
    ///
    /// Metrics: numAddedFiles, numRemovedFiles, numAddedBytes, numRemovedBytes.
    @discardableResult
    public func optimize(targetFileBytes: Int64 = 256 << 20) throws -> DeltaOperationResult {
        let start = Self.nowMillis
        let snap = try snapshot()
        try snap.checkWritable()
        let txn = Transaction(log: log, snapshot: snap)
        var byPartition: [[String]: [AddFile]] = [:]
        var order: [[String]] = []
        for f in snap.files where f.size < targetFileBytes {
            let key = snap.partitionColumns.map { (f.partitionValues[$0] ?? nil) ?? "\u{0}null" }
            if byPartition[key] == nil { order.append(key) }
            byPartition[key, default: []].append(f)
        }
        let scan = try DeltaScanTable(snapshot: snap)
        let now = Self.nowMillis
        var removes: [RemoveFile] = [], adds: [AddFile] = []
        for key in order {
            guard let files = byPartition[key], files.count >= 2 else { continue }
            txn.readFiles(files)
            let rows = try scan.readAll(files, context: context)
            let n = max(1, Self.rows(rows)), bytes = max(1, files.reduce(0) { $0 + $1.size })
            let perFile = Int(max(1, min(Int64(Int32.max), targetFileBytes * n / bytes)))
            var w = try writer(snap, dataChange: false, targetRows: perFile)
            w.dataChange = false
            adds += try w.write(rows)
            removes += files.map { $0.removed(at: now, dataChange: false) }
        }
        var metrics: [String: Int64] = ["numAddedFiles": Int64(adds.count), "numRemovedFiles": Int64(removes.count),
                                        "numAddedBytes": adds.reduce(0) { $0 + $1.size }, "numRemovedBytes": removes.reduce(0) { $0 + ($1.size ?? 0) }]
        if removes.isEmpty { return DeltaOperationResult(version: nil, metrics: metrics) }
        metrics["executionTimeMs"] = Self.nowMillis - start
        let v = try txn.commit(removes.map { .remove($0) } + adds.map { .add($0) }, operation: "OPTIMIZE",
                               parameters: [("predicate", "[]"), ("zOrderBy", "[]")], metrics: Self.metricList(metrics))
        return DeltaOperationResult(version: v, metrics: metrics)
    }

    /// Deletes data files the current version does not reference and that are older than the retention
    /// (default 168 hours, or the table's `delta.deletedFileRetentionDuration`). A retention under
    /// 168 hours is refused unless `retentionDurationCheck` is false, as Delta does.
    public func vacuum(retentionHours: Double? = nil, dryRun: Bool = false, retentionDurationCheck: Bool = true,
                       now: Date = Date()) throws -> DeltaVacuumResult {
        let snap = try snapshot()
        let configured = Self.retentionHours(snap.metadata.configuration["delta.deletedFileRetentionDuration"]) ?? 168
        let hours = retentionHours ?? configured
        if hours < 0 { throw DataFlowError.invalid("vacuum: the retention must not be negative (got \(hours) hours)") }
        if retentionDurationCheck && hours < configured {
            throw DataFlowError("DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT",
                                "Are you sure you would like to vacuum files with such a low retention period (\(hours) hours, below \(configured))? If you have writers that are currently writing to this table, there is a risk that you may corrupt the state of your Delta table. If you are certain that there are no operations being performed on this table, turn off this check with retentionDurationCheck: false (Spark: spark.databricks.delta.retentionDurationCheck.enabled = false).")
        }
        let cutoff = now.timeIntervalSince1970 * 1000 - hours * 3_600_000
        let live = Set(snap.files.map { DeltaPaths.canonical($0.path) })
        var tombstoneTime: [String: Int64] = [:]
        for r in snap.tombstones { tombstoneTime[DeltaPaths.canonical(r.path)] = r.deletionTimestamp }
        var victims: [String] = []
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: path) else { return DeltaVacuumResult(files: [], dryRun: dryRun) }
        while let rel = e.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            // Hidden and underscore-prefixed names (the log, _SUCCESS, temp files) are never data files.
            if rel.split(separator: "/").contains(where: { $0.hasPrefix("_") || $0.hasPrefix(".") }) { continue }
            let abs = (path as NSString).appendingPathComponent(rel)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: abs, isDirectory: &isDir), !isDir.boolValue else { continue }
            if live.contains(rel) || name.isEmpty { continue }
            var stamp = Double(tombstoneTime[rel] ?? 0)
            if tombstoneTime[rel] == nil {
                let d = (try? fm.attributesOfItem(atPath: abs))?[.modificationDate] as? Date
                stamp = (d ?? now).timeIntervalSince1970 * 1000
            }
            if stamp < cutoff { victims.append(rel) }
        }
        victims.sort()
        if !dryRun {
            for v in victims {
                let abs = (path as NSString).appendingPathComponent(v)
                do { try fm.removeItem(atPath: abs) } catch {
                    throw DataFlowError.io("vacuum: cannot delete \(abs): \(error.localizedDescription)")
                }
            }
        }
        return DeltaVacuumResult(files: victims, dryRun: dryRun)
    }

    /// Parses `interval 7 days` / `interval 168 hours` into hours.
    static func retentionHours(_ text: String?) -> Double? {
        guard let text else { return nil }
        let parts = text.lowercased().split(separator: " ").filter { $0 != "interval" }
        guard parts.count == 2, let n = Double(parts[0]) else { return nil }
        switch parts[1].hasSuffix("s") ? String(parts[1].dropLast()) : String(parts[1]) {
        case "week": return n * 168
        case "day": return n * 24
        case "hour": return n
        case "minute": return n / 60
        case "second": return n / 3600
        default: return nil
        }
    }
}
