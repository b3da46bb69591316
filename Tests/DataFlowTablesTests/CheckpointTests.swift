import DataFlow
import DataFlowColumnar
@testable import DataFlowTables
import DataFlowTestSupport
import Foundation
import Testing

@Suite struct CheckpointTests {
    let session = Session(threads: 2)

    @Test func everyTenthCommitWritesACheckpointThatReplaysTheSame() throws {
        let path = temporaryFolder("delta")
        let s = Schema([Field("id", .int64), Field("p", .string)])
        try session.createDataFrame([[.int64(0), .string("a")]], schema: s).write.format("delta").partitionBy("p").save(path)
        for k in 1...9 {
            try session.createDataFrame([[.int64(Int64(k)), k % 2 == 0 ? .string("a") : .null]], schema: s)
                .write.format("delta").mode(.append).save(path)
        }
        let t = try DeltaTable.forPath(session, path)
        try t.delete(where: col("id") == 4)  // version 10: a remove in the checkpoint
        let log = DeltaLog(tablePath: path)
        let cp = log.logPath + "/" + DeltaLog.checkpointName(10)
        #expect(FileManager.default.fileExists(atPath: cp))
        let last = try JSONValue.parse(String(contentsOfFile: log.logPath + "/_last_checkpoint", encoding: .utf8))
        #expect(last["version"]?.int64Value == 10)
        #expect(last["size"]?.int64Value == Int64(12))  // protocol, metaData, 9 live files, 1 tombstone
        let fromJSON = try log.snapshot()
        // The checkpoint's actions replay to the same state.
        var b = SnapshotBuilder()
        for a in try DeltaCheckpoint.read([cp]) { b.apply(a, version: 10) }
        let fromCheckpoint = try b.finish(log: log, version: 10)
        #expect(Set(fromCheckpoint.files.map(\.path)) == Set(fromJSON.files.map(\.path)))
        #expect(fromCheckpoint.metadata == fromJSON.metadata)
        #expect(fromCheckpoint.protocolAction == fromJSON.protocolAction)
        #expect(Set(fromCheckpoint.files.map(\.partitionValues)) == Set(fromJSON.files.map(\.partitionValues)))
        #expect(fromCheckpoint.files.allSatisfy { $0.stats?.contains("numRecords") == true })
        #expect(fromCheckpoint.tombstones.count == 1)
        // With the older commits gone, the table still reads from the checkpoint.
        for v in 0..<10 { try FileManager.default.removeItem(atPath: log.commitPath(Int64(v))) }
        try session.createDataFrame([[.int64(11), .string("b")]], schema: s).write.format("delta").mode(.append).save(path)
        let ids = try session.read.format("delta").load(path).collect().compactMap { $0.values[0].int64Value }.sorted()
        #expect(ids == [0, 1, 2, 3, 5, 6, 7, 8, 9, 11])
        let e = #expect(throws: DataFlowError.self) { try session.read.format("delta").option("versionAsOf", 3).load(path) }
        #expect(e?.message == "Cannot time travel Delta table to version 3. Available versions: [10, 11].")
    }
}

@Suite struct CorruptCheckpointTests {
    @Test func aGarbledCheckpointIsNamedInTheError() throws {
        let t = temporaryFolder("delta")
        try writeCommit(t, 0, [protocolLine, metadataLine()])
        try writeCommit(t, 1, [addLine("a.parquet")])
        let log = DeltaLog(tablePath: t)
        try Data("PAR1 not really parquet".utf8).write(to: URL(fileURLWithPath: log.logPath + "/" + DeltaLog.checkpointName(1)))
        try Data(#"{"version":1,"size":3}"#.utf8).write(to: URL(fileURLWithPath: log.logPath + "/_last_checkpoint"))
        let e = #expect(throws: DataFlowError.self) { try log.snapshot() }
        #expect(e?.errorClass == "DELTA_INVALID_CHECKPOINT")
        #expect(e?.message.contains(DeltaLog.checkpointName(1)) == true)
    }
}
