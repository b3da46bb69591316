import DataFlowColumnar
import DataFlowEngine
@testable import DataFlowTables
import DataFlowTestSupport
import Foundation
import Testing

/// Optimistic concurrency: two transactions read the same version; the second to commit either
/// retries at the next version or fails with DELTA_CONCURRENT_MODIFICATION.
@Suite struct ConflictTests {
    func table() throws -> DeltaLog {
        let t = temporaryFolder("delta")
        try writeCommit(t, 0, [protocolLine, metadataLine(),
                               addLine("a.parquet", stats: #"{"numRecords":2,"minValues":{"id":1},"maxValues":{"id":2},"nullCount":{"id":0}}"#),
                               addLine("b.parquet", stats: #"{"numRecords":2,"minValues":{"id":10},"maxValues":{"id":20},"nullCount":{"id":0}}"#)])
        return DeltaLog(tablePath: t)
    }

    func add(_ path: String, min: Int, max: Int) -> Action {
        .add(AddFile(path: path, partitionValues: [:], size: 1, modificationTime: 1, dataChange: true,
                     stats: #"{"numRecords":1,"minValues":{"id":\#(min)},"maxValues":{"id":\#(max)},"nullCount":{"id":0}}"#))
    }

    @Test func blindAppendsRetryAndBothLand() throws {
        let log = try table()
        let snap = try log.snapshot()
        let t1 = Transaction(log: log, snapshot: snap), t2 = Transaction(log: log, snapshot: snap)
        #expect(try t1.commit([add("c.parquet", min: 5, max: 5)], operation: "WRITE") == 1)
        #expect(try t2.commit([add("d.parquet", min: 6, max: 6)], operation: "WRITE") == 2)
        let files = try log.snapshot().files.map(\.path)
        #expect(files == ["a.parquet", "b.parquet", "c.parquet", "d.parquet"])
        // The retried commit records the version it read.
        let info = try log.readCommit(2).compactMap { a -> CommitInfo? in if case .commitInfo(let c) = a { return c }; return nil }.first
        #expect(info?.readVersion == 0)
        #expect(info?.isBlindAppend == true)
    }

    @Test func concurrentDeletesOfTheSameFileConflict() throws {
        let log = try table()
        let snap = try log.snapshot()
        let a = snap.files[0]
        let t1 = Transaction(log: log, snapshot: snap), t2 = Transaction(log: log, snapshot: snap)
        for t in [t1, t2] {
            t.readPredicate(.comparison(.lt, .column("id"), .literal(.int64(5))))
            t.readFiles([a])
        }
        #expect(try t1.commit([.remove(a.removed(at: 1))], operation: "DELETE") == 1)
        let e = #expect(throws: DataFlowError.self) { try t2.commit([.remove(a.removed(at: 2))], operation: "DELETE") }
        #expect(e?.errorClass == "DELTA_CONCURRENT_MODIFICATION")
        #expect(e?.message.contains("version 1") == true)
        #expect(e?.message.contains("concurrent DELETE") == true)
        #expect(try log.latestVersion() == 1)
    }

    @Test func aDeleteConflictsWithAnAppendMatchingItsPredicate() throws {
        let log = try table()
        let snap = try log.snapshot()
        let deleter = Transaction(log: log, snapshot: snap)
        deleter.readPredicate(.comparison(.lt, .column("id"), .literal(.int64(5))))
        deleter.readFiles([snap.files[0]])
        // The winner appends a file with ids 100..200: no overlap, so the delete retries and lands.
        #expect(try Transaction(log: log, snapshot: snap).commit([add("far.parquet", min: 100, max: 200)], operation: "WRITE") == 1)
        #expect(try deleter.commit([.remove(snap.files[0].removed(at: 1))], operation: "DELETE") == 2)
        // Now a winner appends ids 3..4, which the predicate id < 5 covers: conflict.
        let snap2 = try log.snapshot()
        let deleter2 = Transaction(log: log, snapshot: snap2)
        deleter2.readPredicate(.comparison(.lt, .column("id"), .literal(.int64(5))))
        #expect(try Transaction(log: log, snapshot: snap2).commit([add("near.parquet", min: 3, max: 4)], operation: "WRITE") == 3)
        let e = #expect(throws: DataFlowError.self) { try deleter2.commit([.remove(snap2.files[0].removed(at: 1))], operation: "DELETE") }
        #expect(e?.message.contains("ConcurrentAppendException: version 3") == true)
        #expect(e?.message.contains("concurrent WRITE") == true)
    }

    @Test func aDeleteConflictsWhenAFileItReadWasRemoved() throws {
        let log = try table()
        let snap = try log.snapshot()
        let b = snap.files[1]
        let updater = Transaction(log: log, snapshot: snap)
        updater.readPredicate(.comparison(.gt, .column("id"), .literal(.int64(15))))
        updater.readFiles([b])
        #expect(try Transaction(log: log, snapshot: snap).commit([.remove(b.removed(at: 1))], operation: "DELETE") == 1)
        let e = #expect(throws: DataFlowError.self) { try updater.commit([add("new.parquet", min: 16, max: 16)], operation: "UPDATE") }
        #expect(e?.message.contains("ConcurrentDeleteReadException") == true)
    }

    @Test func metadataChangesAlwaysConflict() throws {
        let log = try table()
        let snap = try log.snapshot()
        var m = snap.metadata
        m.configuration["delta.appendOnly"] = "false"
        #expect(try Transaction(log: log, snapshot: snap).commit([.metadata(m)], operation: "SET TBLPROPERTIES") == 1)
        let e = #expect(throws: DataFlowError.self) { try Transaction(log: log, snapshot: snap).commit([add("x.parquet", min: 1, max: 1)], operation: "WRITE") }
        #expect(e?.message.contains("MetadataChangedException") == true)
    }

    @Test func filePruningUsesStatsAndPartitionValues() throws {
        let schema = Schema([Field("id", .int64), Field("p", .string)])
        let pr = FilePruning(schema: schema, partitionColumns: ["p"])
        let f = AddFile(path: "p=x/a", partitionValues: ["p": "x"], size: 1, modificationTime: 1, dataChange: true,
                        stats: #"{"numRecords":3,"minValues":{"id":5},"maxValues":{"id":9},"nullCount":{"id":0}}"#)
        let id = Expr.column("id"), p = Expr.column("p")
        #expect(!pr.mayMatch(f, .comparison(.gt, id, .literal(.int64(9)))))
        #expect(pr.mayMatch(f, .comparison(.ge, id, .literal(.int64(9)))))
        #expect(!pr.mayMatch(f, .comparison(.lt, id, .literal(.int32(5)))))
        #expect(!pr.mayMatch(f, .comparison(.eq, p, .literal(.string("y")))))
        #expect(pr.mayMatch(f, .and(.comparison(.eq, p, .literal(.string("x"))), .comparison(.eq, id, .literal(.int64(7))))))
        #expect(!pr.mayMatch(f, .isNull(id)))
        #expect(!pr.mayMatch(f, .inList(id, [.literal(.int64(1)), .literal(.int64(20))])))
        #expect(pr.onlyPartitionColumns(.comparison(.eq, p, .literal(.string("y")))))
        #expect(!pr.onlyPartitionColumns(.comparison(.eq, id, .literal(.int64(1)))))
    }
}
