import DataFlowColumnar
import DataFlowEngine
@testable import DataFlowTables
import DataFlowTestSupport
import Foundation
import Testing

@Suite struct DeltaLogTests {
    @Test func actionsRoundTripThroughJSON() throws {
        let actions: [Action] = [
            .protocolAction(ProtocolAction()),
            .metadata(Metadata(id: "id-1", schemaString: try DeltaSchema.json(Schema([Field("a", .int64), Field("d", .decimal(precision: 10, scale: 2))])),
                               partitionColumns: ["a"], configuration: ["delta.appendOnly": "false"], createdTime: 42)),
            .add(AddFile(path: "a=1/part-0.parquet", partitionValues: ["a": "1", "b": nil], size: 123, modificationTime: 9,
                         dataChange: true, stats: #"{"numRecords":3}"#)),
            .remove(RemoveFile(path: "x%20y.parquet", deletionTimestamp: 7, dataChange: true, extendedFileMetadata: true,
                               partitionValues: [:], size: 5)),
            .txn(SetTransaction(appId: "app", version: 3, lastUpdated: 11)),
        ]
        for a in actions {
            let text = a.json.text
            #expect(!text.contains("\n"))
            let back = try Action.parse(text, where: "test")
            #expect(back == a, "\(text)")
        }
        let meta = actions[1].json.text
        #expect(meta.contains(#""schemaString":"{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}},{\"name\":\"d\",\"type\":\"decimal(10,2)\""#))
        #expect(actions[2].json.text == #"{"add":{"path":"a=1/part-0.parquet","partitionValues":{"a":"1","b":null},"size":123,"modificationTime":9,"dataChange":true,"stats":"{\"numRecords\":3}"}}"#)
    }

    @Test func schemaStringUsesSparkTypeNames() throws {
        let s = Schema([Field("i", .int32), Field("l", .int64), Field("d", .float64), Field("b", .boolean), Field("s", .string),
                        Field("dt", .date), Field("ts", .timestamp), Field("m", .decimal(precision: 38, scale: 6))])
        let text = try DeltaSchema.json(s)
        for t in ["\"integer\"", "\"long\"", "\"double\"", "\"boolean\"", "\"string\"", "\"date\"", "\"timestamp\"", "\"decimal(38,6)\""] {
            #expect(text.contains(t))
        }
        #expect(try DeltaSchema.parse(text) == s)
        let nested = #"{"type":"struct","fields":[{"name":"st","type":{"type":"struct","fields":[]},"nullable":true,"metadata":{}}]}"#
        #expect(throws: DataFlowError.self) { try DeltaSchema.parse(nested) }
    }

    @Test func replayReconcilesAddsAndRemovesAndMetadata() throws {
        let t = temporaryFolder("delta")
        try writeCommit(t, 0, [protocolLine, metadataLine(), addLine("a.parquet"), addLine("b%20c.parquet")])
        try writeCommit(t, 1, [removeLine("a.parquet"), addLine("d.parquet")])
        let twoCols = #"{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}},{\"name\":\"x\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}]}"#
        try writeCommit(t, 2, [metadataLine(twoCols), removeLine("b c.parquet")])
        let log = DeltaLog(tablePath: t)
        let s2 = try log.snapshot()
        #expect(s2.version == 2)
        #expect(s2.files.map(\.path) == ["d.parquet"])
        #expect(try s2.schema().names == ["id", "x"])
        #expect(Set(s2.tombstones.map { DeltaPaths.canonical($0.path) }) == ["a.parquet", "b c.parquet"])
        let s0 = try log.snapshot(at: 0)
        #expect(s0.files.map(\.path) == ["a.parquet", "b%20c.parquet"])
        #expect(try s0.schema().names == ["id"])
        let s1 = try log.snapshot(at: 1)
        #expect(s1.files.map(\.path) == ["b%20c.parquet", "d.parquet"])
        // A file removed and added again is live.
        try writeCommit(t, 3, [addLine("a.parquet")])
        #expect(try log.snapshot().files.map(\.path) == ["d.parquet", "a.parquet"])
    }

    @Test func versionGapIsAnErrorNamingTheMissingFile() throws {
        let t = temporaryFolder("delta")
        try writeCommit(t, 0, [protocolLine, metadataLine()])
        try writeCommit(t, 1, [addLine("a.parquet")])
        try writeCommit(t, 3, [addLine("b.parquet")])
        let e = #expect(throws: DataFlowError.self) { try DeltaLog(tablePath: t).snapshot() }
        #expect(e?.errorClass == "DELTA_VERSIONS_NOT_CONTIGUOUS")
        #expect(e?.message.contains("00000000000000000002.json") == true)
        #expect(try DeltaLog(tablePath: t).snapshot(at: 1).files.count == 1)
    }

    @Test func versionOutOfRangeUsesSparksError() throws {
        let t = temporaryFolder("delta")
        try writeCommit(t, 0, [protocolLine, metadataLine()])
        try writeCommit(t, 1, [addLine("a.parquet")])
        let e = #expect(throws: DataFlowError.self) { try DeltaLog(tablePath: t).snapshot(at: 5) }
        #expect(e?.errorClass == "DELTA_VERSION_NOT_FOUND")
        #expect(e?.message == "Cannot time travel Delta table to version 5. Available versions: [0, 1].")
    }

    @Test func garbledCommitLineNamesFileAndLine() throws {
        let t = temporaryFolder("delta")
        try writeCommit(t, 0, [protocolLine, metadataLine()])
        try writeCommit(t, 1, [addLine("a.parquet"), #"{"add":{"path":"b.parquet","#])
        let e = #expect(throws: DataFlowError.self) { try DeltaLog(tablePath: t).snapshot() }
        #expect(e?.errorClass == "DELTA_INVALID_COMMIT")
        #expect(e?.message.contains("00000000000000000001.json line 2") == true)
        // An action without a path.
        try writeCommit(t, 1, [#"{"add":{"size":3}}"#])
        let e2 = #expect(throws: DataFlowError.self) { try DeltaLog(tablePath: t).snapshot() }
        #expect(e2?.message.contains("line 1: add has no valid 'path'") == true)
    }

    @Test func missingLogIsNotADeltaTable() throws {
        let t = temporaryFolder("delta")
        let e = #expect(throws: DataFlowError.self) { try DeltaLog(tablePath: t).snapshot() }
        #expect(e?.errorClass == "DELTA_MISSING_DELTA_TABLE")
        #expect(e?.message.contains("no _delta_log") == true)
        #expect(!DeltaLog(tablePath: t).tableExists)
    }

    @Test func unsupportedReaderFeaturesFailClearly() throws {
        let t = temporaryFolder("delta")
        try writeCommit(t, 0, [#"{"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["deletionVectors"],"writerFeatures":["deletionVectors"]}}"#, metadataLine()])
        let e = #expect(throws: DataFlowError.self) { try DeltaScanTable(snapshot: DeltaLog(tablePath: t).snapshot()) }
        #expect(e?.errorClass == "DELTA_UNSUPPORTED_FEATURE")
        #expect(e?.message.contains("deletionVectors") == true)
    }

    @Test func timestampAsOfPicksTheLatestCommitAtOrBefore() throws {
        let t = temporaryFolder("delta")
        try writeCommit(t, 0, [#"{"commitInfo":{"timestamp":1000,"operation":"CREATE TABLE"}}"#, protocolLine, metadataLine()])
        try writeCommit(t, 1, [#"{"commitInfo":{"timestamp":2000,"operation":"WRITE"}}"#, addLine("a.parquet")])
        try writeCommit(t, 2, [#"{"commitInfo":{"timestamp":3000,"operation":"WRITE"}}"#, addLine("b.parquet")])
        let log = DeltaLog(tablePath: t)
        #expect(try log.version(atTimestamp: 2500) == 1)
        #expect(try log.version(atTimestamp: 2000) == 1)
        #expect(try log.version(atTimestamp: 3000) == 2)
        #expect(try log.version(atTimestamp: 1000) == 0)
        let late = #expect(throws: DataFlowError.self) { try log.version(atTimestamp: 5000) }
        #expect(late?.errorClass == "DELTA_TIMESTAMP_GREATER_THAN_COMMIT")
        let early = #expect(throws: DataFlowError.self) { try log.version(atTimestamp: 500) }
        #expect(early?.errorClass == "DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION")
    }

    @Test func commitFilesArePutIfAbsent() throws {
        let t = temporaryFolder("delta")
        let log = DeltaLog(tablePath: t)
        #expect(try log.writeCommit(0, actions: [.protocolAction(ProtocolAction())]))
        #expect(try !log.writeCommit(0, actions: [.txn(SetTransaction(appId: "x", version: 1))]))
        #expect(try log.readCommit(0) == [.protocolAction(ProtocolAction())])
        // No temporary files are left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: log.logPath)
        #expect(names == ["00000000000000000000.json"])
    }
}
