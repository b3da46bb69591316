import DataFlowColumnar
import Foundation

/// The `_delta_log` folder of one table: lists and reads commits and checkpoints, builds snapshots and
/// writes new commits with put-if-absent semantics.
public final class DeltaLog: Sendable {
    /// Written into `commitInfo.engineInfo`.
    public static let engineInfo = "DataFlow/0.1"
    /// Checkpoint after every this many commits.
    public static let checkpointInterval: Int64 = 10

    /// The table root folder.
    public let tablePath: String
    public var logPath: String { (tablePath as NSString).appendingPathComponent("_delta_log") }

    public init(tablePath: String) {
        var p = tablePath
        if p.hasPrefix("file://") { p = String(p.dropFirst(7)) }
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        self.tablePath = p
    }

    public static func commitName(_ v: Int64) -> String { String(format: "%020lld.json", v) }
    public static func checkpointName(_ v: Int64) -> String { String(format: "%020lld.checkpoint.parquet", v) }
    public func commitPath(_ v: Int64) -> String { (logPath as NSString).appendingPathComponent(Self.commitName(v)) }

    /// True when `_delta_log` exists and holds at least one commit or checkpoint.
    public var tableExists: Bool { (try? listing())?.isEmpty == false }

    /// What `_delta_log` holds: commit versions and checkpoints (version → part files).
    public struct Listing: Sendable {
        public var commits: [Int64] = []
        public var checkpoints: [Int64: [String]] = [:]
        public var isEmpty: Bool { commits.isEmpty && checkpoints.isEmpty }
        public var latest: Int64? { max(commits.last ?? -1, checkpoints.keys.max() ?? -1) >= 0 ? max(commits.last ?? -1, checkpoints.keys.max() ?? -1) : nil }
    }

    public func listing() throws -> Listing {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: logPath, isDirectory: &isDir), isDir.boolValue else {
            throw DataFlowError("DELTA_MISSING_DELTA_TABLE", "\(tablePath) is not a Delta table: it has no _delta_log folder")
        }
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: logPath) } catch {
            throw DataFlowError.io("cannot list \(logPath): \(error.localizedDescription)")
        }
        var l = Listing()
        var cps: [Int64: [String]] = [:]
        var multi: [Int64: (total: Int, parts: [String])] = [:]
        for n in names {
            let u = Array(n.utf8)
            guard u.count >= 25, u[0..<20].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), u[20] == UInt8(ascii: "."),
                  let v = Int64(String(n.prefix(20))) else { continue }
            let rest = String(n.dropFirst(21))
            if rest == "json" { l.commits.append(v) } else if rest == "checkpoint.parquet" {
                cps[v] = [n]
            } else if rest.hasPrefix("checkpoint."), rest.hasSuffix(".parquet") {
                // Multi-part: checkpoint.%010d.%010d.parquet
                let parts = rest.dropFirst(11).dropLast(8).split(separator: ".")
                if parts.count == 2, let total = Int(parts[1]) {
                    var e = multi[v] ?? (total, [])
                    e.parts.append(n)
                    multi[v] = e
                }
            }
        }
        for (v, e) in multi where e.parts.count == e.total && cps[v] == nil { cps[v] = e.parts.sorted() }
        l.commits.sort()
        l.checkpoints = cps
        return l
    }

    /// Reads one commit file into actions; a bad line's error names the file and line.
    public func readCommit(_ version: Int64) throws -> [Action] {
        let path = commitPath(version)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataFlowError("DELTA_FILE_NOT_FOUND", "cannot read commit file \(path)")
        }
        var out: [Action] = []
        var lineNo = 0
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            out.append(try Action.parse(t, where: "\(Self.commitName(version)) line \(lineNo)"))
        }
        return out
    }

    /// The version `_last_checkpoint` names, if the file is present and readable.
    func lastCheckpointHint() -> Int64? {
        let p = (logPath as NSString).appendingPathComponent("_last_checkpoint")
        guard let d = FileManager.default.contents(atPath: p), let v = try? JSONValue.parse(String(decoding: d, as: UTF8.self)) else { return nil }
        return v["version"]?.int64Value
    }

    /// The latest version, or an error when there is no table.
    public func latestVersion() throws -> Int64 {
        let l = try listing()
        guard let v = l.latest else {
            throw DataFlowError("DELTA_MISSING_DELTA_TABLE", "\(tablePath) is not a Delta table: its _delta_log folder holds no commits")
        }
        return v
    }

    /// The snapshot at `version` (latest when nil).
    public func snapshot(at version: Int64? = nil) throws -> Snapshot {
        let l = try listing()
        guard let latest = l.latest else {
            throw DataFlowError("DELTA_MISSING_DELTA_TABLE", "\(tablePath) is not a Delta table: its _delta_log folder holds no commits")
        }
        let target = version ?? latest
        let earliest = try earliestRecreatableVersion(l)
        if target < earliest || target > latest {
            throw DataFlowError("DELTA_VERSION_NOT_FOUND",
                                "Cannot time travel Delta table to version \(target). Available versions: [\(earliest), \(latest)].")
        }
        // Start from the newest checkpoint at or before the target (the hint first, else the listing).
        var start: Int64 = -1
        var state = SnapshotBuilder()
        let hint = lastCheckpointHint()
        let candidates = l.checkpoints.keys.filter { $0 <= target }.sorted(by: >)
        let ordered = (hint.map { h in candidates.contains(h) ? [h] : [] } ?? []) + candidates.filter { $0 != hint }
        for cp in ordered {
            if let parts = l.checkpoints[cp] {
                let actions = try DeltaCheckpoint.read(parts.map { (logPath as NSString).appendingPathComponent($0) })
                for a in actions { state.apply(a, version: cp) }
                start = cp
                break
            }
        }
        let commitSet = Set(l.commits)
        var v = start + 1
        while v <= target {
            guard commitSet.contains(v) else {
                throw DataFlowError("DELTA_VERSIONS_NOT_CONTIGUOUS",
                                    "Versions of \(tablePath) are not contiguous: the commit file _delta_log/\(Self.commitName(v)) is missing (needed to read version \(target)).")
            }
            for a in try readCommit(v) { state.apply(a, version: v) }
            v += 1
        }
        return try state.finish(log: self, version: target)
    }

    /// The earliest version whose snapshot can be rebuilt: 0, or the oldest checkpoint after which every
    /// commit is still present.
    func earliestRecreatableVersion(_ l: Listing) throws -> Int64 {
        if l.commits.first == 0 { return 0 }
        let firstCommit = l.commits.first ?? Int64.max
        let cps = l.checkpoints.keys.sorted()
        for cp in cps where cp + 1 >= firstCommit || cp == l.latest { return cp }
        return cps.first ?? firstCommit
    }

    /// Commit timestamps (commitInfo.timestamp, else the file's mtime) for versions in the listing.
    public func commitTimestamp(_ version: Int64) throws -> Int64 {
        if let actions = try? readCommit(version) {
            for case .commitInfo(let c) in actions { if let t = c.timestamp { return t } }
        }
        let attrs = try? FileManager.default.attributesOfItem(atPath: commitPath(version))
        if let d = attrs?[.modificationDate] as? Date { return Int64(d.timeIntervalSince1970 * 1000) }
        throw DataFlowError("DELTA_FILE_NOT_FOUND", "cannot read the timestamp of \(commitPath(version))")
    }

    /// The latest version committed at or before `timestampMillis` (Delta's `timestampAsOf`).
    public func version(atTimestamp ms: Int64) throws -> Int64 {
        let l = try listing()
        let earliest = try earliestRecreatableVersion(l)
        let versions = l.commits.filter { $0 >= earliest }
        guard let first = versions.first, let last = versions.last else { return try latestVersion() }
        let lastTs = try commitTimestamp(last)
        if ms > lastTs {
            throw DataFlowError("DELTA_TIMESTAMP_GREATER_THAN_COMMIT",
                                "The provided timestamp (\(Self.format(ms))) is after the latest version available to this table (\(Self.format(lastTs))). Please use a timestamp before or at \(Self.format(lastTs)).")
        }
        let firstTs = try commitTimestamp(first)
        if ms < firstTs {
            throw DataFlowError("DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION",
                                "The provided timestamp (\(Self.format(ms))) is before the earliest version available to this table (\(Self.format(firstTs))). Please use a timestamp after \(Self.format(firstTs)).")
        }
        var best = first
        for v in versions { if try commitTimestamp(v) <= ms { best = v } else { break } }
        return best
    }

    static func format(_ ms: Int64) -> String { DateTime.formatTimestamp(ms * 1000) }

    // MARK: - Writing

    /// Writes commit `version` only if no other writer has: the text goes to a temporary file first, then
    /// `link(2)` gives it its final name atomically and fails with EEXIST when that name is taken.
    /// Returns false when another writer won the version.
    public func writeCommit(_ version: Int64, actions: [Action]) throws -> Bool {
        let fm = FileManager.default
        try? fm.createDirectory(atPath: logPath, withIntermediateDirectories: true)
        var text = ""
        for a in actions { text += a.json.text + "\n" }
        let tmp = (logPath as NSString).appendingPathComponent(".\(Self.commitName(version)).\(UUID().uuidString).tmp")
        try Self.writeDurably(text, to: tmp)
        defer { unlink(tmp) }
        if link(tmp, commitPath(version)) != 0 {
            let e = errno
            if e == EEXIST { return false }
            throw DataFlowError.io("cannot create commit file \(commitPath(version)): \(String(cString: strerror(e)))")
        }
        Self.syncFolder(logPath)
        return true
    }

    /// Writes `text` to a new file and fsyncs it.
    static func writeDurably(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw DataFlowError.io("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw DataFlowError.io("cannot write \(path): \(String(cString: strerror(errno)))") }
            off += n
        }
        guard fsync(fd) == 0 else { throw DataFlowError.io("cannot fsync \(path): \(String(cString: strerror(errno)))") }
    }

    /// fsyncs a folder so a new name in it survives a crash.
    static func syncFolder(_ path: String) {
        let fd = open(path, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    /// Replaces `path` atomically with `data` (temp file + rename): `_last_checkpoint`, checkpoints.
    static func replaceAtomically(_ data: Data, at path: String) throws {
        let tmp = path + ".\(UUID().uuidString).tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: data) else { throw DataFlowError.io("cannot write \(tmp)") }
        let fd = open(tmp, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
        guard rename(tmp, path) == 0 else {
            unlink(tmp)
            throw DataFlowError.io("cannot rename \(tmp) to \(path): \(String(cString: strerror(errno)))")
        }
        syncFolder((path as NSString).deletingLastPathComponent)
    }
}

/// Accumulates actions in version order into a snapshot (add/remove reconciled by path).
struct SnapshotBuilder {
    var proto: ProtocolAction?
    var metadata: Metadata?
    /// Live files by decoded path, with the sequence number of the add that made them live.
    var files: [String: (file: AddFile, seq: Int)] = [:]
    var seq = 0
    var removed: [String: RemoveFile] = [:]
    var txns: [String: SetTransaction] = [:]

    mutating func apply(_ a: Action, version: Int64) {
        switch a {
        case .protocolAction(let p): proto = p
        case .metadata(let m): metadata = m
        case .add(let f):
            let key = DeltaPaths.canonical(f.path)
            seq += 1
            files[key] = (f, files[key]?.seq ?? seq)
            removed[key] = nil
        case .remove(let r):
            let key = DeltaPaths.canonical(r.path)
            files[key] = nil
            removed[key] = r
        case .txn(let t): txns[t.appId] = t
        case .commitInfo, .other: break
        }
    }

    func finish(log: DeltaLog, version: Int64) throws -> Snapshot {
        guard let proto else {
            throw DataFlowError("DELTA_STATE_RECOVER_ERROR", "\(log.tablePath): no protocol action found up to version \(version)")
        }
        guard let metadata else {
            throw DataFlowError("DELTA_STATE_RECOVER_ERROR", "\(log.tablePath): no metaData action found up to version \(version)")
        }
        let live = files.values.sorted { $0.seq < $1.seq }.map(\.file)
        return Snapshot(log: log, version: version, protocolAction: proto, metadata: metadata, files: live,
                        tombstones: Array(removed.values), transactions: txns)
    }
}

/// Log paths are relative and URL-encoded; these turn them into file paths and back.
public enum DeltaPaths {
    /// The decoded relative path (the key used to match adds and removes).
    public static func canonical(_ p: String) -> String { p.removingPercentEncoding ?? p }

    /// Encodes a relative path for the log (each path segment percent-encoded as Hadoop's Path does).
    public static func encode(_ relative: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~=/+")
        allowed.remove(charactersIn: "%")
        return relative.addingPercentEncoding(withAllowedCharacters: allowed) ?? relative
    }

    /// The absolute file path of a log path.
    public static func absolute(_ p: String, table: String) -> String {
        let d = canonical(p)
        if d.hasPrefix("file://") { return String(d.dropFirst(7)) }
        if d.hasPrefix("/") { return d }
        return (table as NSString).appendingPathComponent(d)
    }
}
