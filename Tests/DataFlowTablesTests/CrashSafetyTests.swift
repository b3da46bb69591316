import DataFlowColumnar
import DataFlowEngine
@testable import DataFlowTables
import DataFlowTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Kills a writer (the `delta-stress` executable) with SIGKILL at random points and checks that the
/// table always reads as exactly a committed version; then runs two writers at once.
@Suite(.serialized) struct CrashSafetyTests {
    static let schema = Schema([Field("writer", .int32), Field("batch", .int64), Field("seq", .int64)])

    /// (writer, batch) → the seq values read, from the latest snapshot.
    func contents(_ path: String) throws -> (version: Int64, batches: [[Int64]: [Int64]]) {
        let store = DeltaTableStore(path: path, context: testContext())
        let scan = try store.scanTable()
        var out: [[Int64]: [Int64]] = [:]
        for b in try scan.readAll(scan.snapshot.files, context: testContext()) {
            let w = b.columns[0].values(Int32.self), k = b.columns[1].values(Int64.self), s = b.columns[2].values(Int64.self)
            for r in 0..<b.rowCount { out[[Int64(w[r]), k[r]], default: []].append(s[r]) }
        }
        return (scan.snapshot.version, out)
    }

    func checkWhole(_ batches: [[Int64]: [Int64]], rows: Int) {
        for (key, seqs) in batches {
            #expect(seqs.sorted() == (0..<Int64(rows)).map { $0 }, "batch \(key) is partial or duplicated: \(seqs.count) rows")
        }
    }

    @Test func killedWriterLeavesACommittedVersion() throws {
        guard FileManager.default.isExecutableFile(atPath: stressBinary) else {
            Issue.record("delta-stress not built at \(stressBinary)")
            return
        }
        let path = temporaryFolder("crash")
        try DeltaTableStore(path: path, context: testContext()).create(schema: Self.schema)
        var rng = SplitMix(seed: 20_261_126)
        var next: Int64 = 0
        var lastVersion: Int64 = 0
        let start = Date()
        for round in 0..<50 {
            let pid = try spawnProgram(stressBinary, [path, "1", String(next), "100000", "50"], stdout: "/dev/null", stderr: "/dev/null")
            usleep(useconds_t(15_000 + rng.next() % 120_000))
            kill(pid, SIGKILL)
            #expect(waitChild(pid) == 128 + SIGKILL, "round \(round): the writer exited before it was killed")
            let (version, batches) = try contents(path)
            #expect(version >= lastVersion)
            lastVersion = version
            // Exactly the batches 0..<n, each whole, once.
            let ids = batches.keys.map { $0[1] }.sorted()
            #expect(ids == Array(0..<Int64(ids.count)), "round \(round): batches \(ids)")
            checkWhole(batches, rows: 50)
            // Versions: 0 created the table, then one commit per batch.
            #expect(Int64(ids.count) == version, "round \(round): version \(version) holds \(ids.count) batches")
            next = Int64(ids.count)
        }
        #expect(next >= 20, "the writer committed only \(next) batches in 50 rounds")
        print("CrashSafetyTests: \(next) batches committed across 50 kills")
        #expect(Date().timeIntervalSince(start) < 60)
        // Checkpoints written along the way are valid.
        #expect(try DeltaLog(tablePath: path).listing().checkpoints.isEmpty == (lastVersion < 10))
    }

    @Test func twoConcurrentWritersEachLandEveryBatchOnce() throws {
        guard FileManager.default.isExecutableFile(atPath: stressBinary) else {
            Issue.record("delta-stress not built at \(stressBinary)")
            return
        }
        let path = temporaryFolder("concurrent")
        try DeltaTableStore(path: path, context: testContext()).create(schema: Self.schema)
        let out1 = path + "-w1.log", out2 = path + "-w2.log"
        let a = try spawnProgram(stressBinary, [path, "1", "0", "30", "20"], stdout: out1, stderr: out1)
        let b = try spawnProgram(stressBinary, [path, "2", "0", "30", "20"], stdout: out2, stderr: out2)
        let sa = waitChild(a), sb = waitChild(b)
        let log1 = (try? String(contentsOfFile: out1, encoding: .utf8)) ?? "", log2 = (try? String(contentsOfFile: out2, encoding: .utf8)) ?? ""
        #expect(sa == 0, "writer 1: \(log1)")
        #expect(sb == 0, "writer 2: \(log2)")
        let (version, batches) = try contents(path)
        #expect(version == 60)
        #expect(batches.count == 60)
        for w in [Int64(1), 2] {
            #expect(batches.keys.filter { $0[0] == w }.map { $0[1] }.sorted() == Array(0..<30))
        }
        checkWhole(batches, rows: 20)
        // The writers did race: some commits were retried after losing a version.
        let store = DeltaTableStore(path: path, context: testContext())
        let retried = try store.history().filter { ($0.readVersion ?? $0.version - 1) < $0.version - 1 }.count
        print("CrashSafetyTests: \(retried) of 60 commits were retried after a concurrent commit")
    }
}
