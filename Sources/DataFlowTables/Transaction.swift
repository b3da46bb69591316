import DataFlowColumnar
import DataFlowEngine
import Foundation

/// One optimistic transaction: it reads a snapshot, records what it read, and commits actions as the
/// next version. When another writer committed first, it re-checks its reads against the winning
/// commits and either retries at a later version or fails with `DELTA_CONCURRENT_MODIFICATION`.
public final class Transaction: @unchecked Sendable {
    public let log: DeltaLog
    /// The snapshot read (nil when creating a table).
    public let snapshot: Snapshot?
    public var readVersion: Int64 { snapshot?.version ?? -1 }

    /// Predicates the transaction read the table with (empty and `readWholeTable` false: blind append).
    public private(set) var readPredicates: [Expr] = []
    public private(set) var readWholeTable = false
    /// Paths (decoded) of files the transaction read and may rewrite.
    public private(set) var readFiles: Set<String> = []
    /// Bounded retries after losing a version race.
    public var maxRetries = 50

    public init(log: DeltaLog, snapshot: Snapshot?) {
        self.log = log
        self.snapshot = snapshot
    }

    /// Records that files matching `predicate` were read (nil predicate: the whole table).
    public func readPredicate(_ predicate: Expr?) {
        if let predicate { readPredicates.append(predicate) } else { readWholeTable = true }
    }

    /// Records the files read (and possibly rewritten).
    public func readFiles(_ files: [AddFile]) { for f in files { readFiles.insert(DeltaPaths.canonical(f.path)) } }

    var isBlindAppend: Bool { !readWholeTable && readPredicates.isEmpty && readFiles.isEmpty }

    /// Commits `actions` (plus a commitInfo) and returns the version written.
    @discardableResult
    public func commit(_ actions: [Action], operation: String, parameters: [(String, String)] = [],
                       metrics: [(String, String)] = []) throws -> Int64 {
        let blind = isBlindAppend && !actions.contains { if case .remove = $0 { return true }; return false }
        var version = readVersion + 1
        var checkedUpTo = readVersion
        for _ in 0...maxRetries {
            let info = CommitInfo(timestamp: Int64(Date().timeIntervalSince1970 * 1000), operation: operation,
                                  operationParameters: parameters, readVersion: snapshot == nil ? nil : readVersion,
                                  isBlindAppend: blind, operationMetrics: metrics)
            if try log.writeCommit(version, actions: [.commitInfo(info)] + actions) {
                try? DeltaCheckpoint.maybeWrite(log: log, version: version)
                return version
            }
            // Lost the race: check every commit since the last one checked, then try after the newest.
            let latest = try log.latestVersion()
            if snapshot == nil {
                throw DataFlowError("DELTA_TABLE_ALREADY_EXISTS", "Cannot create table \(log.tablePath): another writer created it first (version 0)")
            }
            var v = checkedUpTo + 1
            while v <= latest {
                try checkConflicts(with: log.readCommit(v), version: v, ourActions: actions)
                v += 1
            }
            checkedUpTo = latest
            version = latest + 1
        }
        throw DataFlowError("DELTA_CONCURRENT_MODIFICATION", "gave up committing to \(log.tablePath) after \(maxRetries) retries (other writers kept winning)")
    }

    /// Throws when the winning commit invalidates what this transaction read or removes.
    func checkConflicts(with winning: [Action], version: Int64, ourActions: [Action]) throws {
        var op = "an unknown operation"
        for case .commitInfo(let c) in winning { op = c.operation ?? op }
        func conflict(_ kind: String, _ detail: String) -> DataFlowError {
            DataFlowError("DELTA_CONCURRENT_MODIFICATION",
                          "\(kind): version \(version) of \(log.tablePath) was committed by a concurrent \(op); \(detail). Refresh the table and retry the operation.")
        }
        let ourRemoves = Set(ourActions.compactMap { a -> String? in if case .remove(let r) = a { return DeltaPaths.canonical(r.path) }; return nil })
        for a in winning {
            switch a {
            case .protocolAction:
                throw conflict("ProtocolChangedException", "the protocol version changed")
            case .metadata:
                throw conflict("MetadataChangedException", "the table metadata (schema, partitioning or properties) changed")
            case .remove(let r):
                let p = DeltaPaths.canonical(r.path)
                if ourRemoves.contains(p) { throw conflict("ConcurrentDeleteDeleteException", "it also removed file \(r.path)") }
                if readFiles.contains(p) && r.dataChange { throw conflict("ConcurrentDeleteReadException", "it removed file \(r.path), which this operation read") }
            case .add(let f) where f.dataChange:
                if isBlindAppend { continue }
                if readWholeTable { throw conflict("ConcurrentAppendException", "it added file \(f.path) to data this operation read") }
                guard let snap = snapshot, let schema = try? snap.schema() else { continue }
                let pruning = FilePruning(schema: schema, partitionColumns: snap.partitionColumns)
                if readPredicates.contains(where: { pruning.mayMatch(f, $0) }) {
                    throw conflict("ConcurrentAppendException", "it added file \(f.path), which may hold rows matching this operation's condition")
                }
            case .txn(let t):
                if ourActions.contains(where: { if case .txn(let o) = $0 { return o.appId == t.appId }; return false }) {
                    throw conflict("ConcurrentTransactionException", "it committed for the same application id \(t.appId)")
                }
            default: break
            }
        }
    }
}
