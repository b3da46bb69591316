import DataFlow
import DataFlowColumnar
import DataFlowEngine
@testable import DataFlowTables
import DataFlowTestSupport
import Foundation
import Testing

/// Rows sorted by their text (order-independent comparison).
func sortedRows(_ df: DataFrame) throws -> [[Value]] {
    try df.collect().map(\.values).sorted { $0.description < $1.description }
}

@Suite struct OperationsTests {
    let session = Session(threads: 2)
    let schema = Schema([Field("id", .int64), Field("name", .string)])

    func frame(_ rows: [(Int64, String?)]) throws -> DataFrame {
        try session.createDataFrame(rows.map { [.int64($0.0), $0.1.map(Value.string) ?? .null] }, schema: schema)
    }

    func ids(_ df: DataFrame) throws -> [Int64] { try df.collect().compactMap { $0.values[0].int64Value }.sorted() }

    @Test func createAppendReadAndHistory() throws {
        let path = temporaryFolder("delta")
        try frame([(1, "a"), (2, "b")]).write.format("delta").save(path)
        try frame([(3, "c")]).write.format("delta").mode(.append).save(path)
        let t = try DeltaTable.forPath(session, path)
        #expect(try t.version == 1)
        #expect(try sortedRows(t.toDF()) == [[.int64(1), .string("a")], [.int64(2), .string("b")], [.int64(3), .string("c")]])
        #expect(try ids(session.read.format("delta").option("versionAsOf", 0).load(path)) == [1, 2])
        let h = try t.history().collect()
        #expect(h.map { $0.values[0] } == [.int64(1), .int64(0)])
        #expect(h.map { $0.values[2] } == [.string("WRITE"), .string("CREATE TABLE AS SELECT")])
        #expect(h[0].values[4] == .int64(0))          // readVersion
        #expect(h[0].values[6] == .bool(true))        // isBlindAppend
        #expect(h[0].values[7].stringValue?.contains(#""numOutputRows":"1""#) == true)
        #expect(h[0].values[8] == .string(DeltaLog.engineInfo))
        #expect(try t.history(limit: 1).count() == 1)
        // Writing again without a mode fails; ignore does nothing.
        let e = #expect(throws: DataFlowError.self) { try frame([(9, "z")]).write.format("delta").save(path) }
        #expect(e?.errorClass == "DELTA_PATH_EXISTS")
        try frame([(9, "z")]).write.format("delta").mode(.ignore).save(path)
        #expect(try t.version == 1)
    }

    @Test func overwriteAndTimeTravel() throws {
        let path = temporaryFolder("delta")
        try frame([(1, "a"), (2, "b")]).write.format("delta").save(path)
        try frame([(7, "x")]).write.format("delta").mode(.overwrite).save(path)
        #expect(try ids(session.read.format("delta").load(path)) == [7])
        #expect(try ids(session.read.format("delta").option("versionAsOf", 0).load(path)) == [1, 2])
        let e = #expect(throws: DataFlowError.self) { try session.read.format("delta").option("versionAsOf", 4).load(path) }
        #expect(e?.message == "Cannot time travel Delta table to version 4. Available versions: [0, 1].")
        // timestampAsOf: the commit timestamps of the two versions.
        let store = DeltaTableStore(path: path, context: testContext())
        let ts1 = try store.log.commitTimestamp(1)
        let text = DateTime.formatTimestamp(ts1 * 1000)
        #expect(try ids(session.read.format("delta").option("timestampAsOf", text).load(path)) == [7])
        let h = try store.history()
        #expect(h[0].operationParameters.first { $0.0 == "mode" }?.1 == "Overwrite")
        #expect(h[0].operationMetrics.first { $0.0 == "numRemovedFiles" }?.1 == "1")
    }

    @Test func schemaEnforcementAndEvolution() throws {
        let path = temporaryFolder("delta")
        try frame([(1, "a")]).write.format("delta").save(path)
        // An extra column needs mergeSchema.
        let extra = try session.createDataFrame([[.int64(2), .string("b"), .double(1.5)]],
                                                schema: Schema([Field("id", .int64), Field("name", .string), Field("score", .float64)]))
        let e = #expect(throws: DataFlowError.self) { try extra.write.format("delta").mode(.append).save(path) }
        #expect(e?.errorClass == "DELTA_METADATA_MISMATCH")
        #expect(e?.message.contains("`score` (double)") == true)
        #expect(e?.message.contains("mergeSchema") == true)
        // A column of another type fails naming the column and both types.
        let wrong = try session.createDataFrame([[.string("x"), .string("b")]], schema: Schema([Field("id", .string), Field("name", .string)]))
        let e2 = #expect(throws: DataFlowError.self) { try wrong.write.format("delta").mode(.append).save(path) }
        #expect(e2?.errorClass == "DELTA_FAILED_TO_MERGE_FIELDS")
        #expect(e2?.message.contains("`id` has type bigint and the data's has type string") == true)
        // A missing nullable column is filled with nulls; an int column widens to long.
        let narrow = try session.createDataFrame([[.int32(5)]], schema: Schema([Field("id", .int32)]))
        try narrow.write.format("delta").mode(.append).save(path)
        // mergeSchema adds the column; old rows read it as null.
        try extra.write.format("delta").mode(.append).option("mergeSchema", true).save(path)
        let df = try session.read.format("delta").load(path)
        #expect(try df.columns == ["id", "name", "score"])
        #expect(try sortedRows(df) == [[.int64(1), .string("a"), .null], [.int64(2), .string("b"), .double(1.5)], [.int64(5), .null, .null]])
        // overwriteSchema replaces the schema.
        let other = try session.createDataFrame([[.string("k")]], schema: Schema([Field("key", .string)]))
        let e3 = #expect(throws: DataFlowError.self) { try other.write.format("delta").mode(.overwrite).save(path) }
        #expect(e3?.errorClass == "DELTA_METADATA_MISMATCH")
        try other.write.format("delta").mode(.overwrite).option("overwriteSchema", true).save(path)
        #expect(try session.read.format("delta").load(path).columns == ["key"])
        #expect(try session.read.format("delta").option("versionAsOf", 2).load(path).columns == ["id", "name", "score"])
    }

    @Test func partitionedLayoutAndReadBack() throws {
        let path = temporaryFolder("delta")
        let s = Schema([Field("id", .int64), Field("day", .int32), Field("tag", .string)])
        let df = try session.createDataFrame([[.int64(1), .int32(1), .string("a b")], [.int64(2), .int32(2), .string("x")],
                                              [.int64(3), .int32(1), .null]], schema: s)
        try df.write.format("delta").partitionBy("day", "tag").save(path)
        let snap = try DeltaLog(tablePath: path).snapshot()
        #expect(snap.partitionColumns == ["day", "tag"])
        let paths = snap.files.map { DeltaPaths.canonical($0.path) }.sorted()
        #expect(paths.count == 3)
        #expect(paths[0].hasPrefix("day=1/tag=__HIVE_DEFAULT_PARTITION__/part-00"))
        #expect(paths[1].hasPrefix("day=1/tag=a b/part-"))
        #expect(paths[2].hasPrefix("day=2/tag=x/part-"))
        for p in paths { #expect(FileManager.default.fileExists(atPath: path + "/" + p)) }
        #expect(snap.files.contains { $0.partitionValues == ["day": "1", "tag": nil] })
        let back = try session.read.format("delta").load(path)
        #expect(try back.dtypes.map(\.1) == ["bigint", "int", "string"])
        #expect(try sortedRows(back) == [[.int64(1), .int32(1), .string("a b")], [.int64(2), .int32(2), .string("x")], [.int64(3), .int32(1), .null]])
        #expect(try back.filter(col("day") == 1).count() == 2)
    }

    @Test func replaceWhereOverwritesOnlyMatchingRows() throws {
        let path = temporaryFolder("delta")
        let s = Schema([Field("id", .int64), Field("p", .string)])
        try session.createDataFrame([[.int64(1), .string("a")], [.int64(2), .string("b")], [.int64(3), .string("a")]], schema: s)
            .write.format("delta").partitionBy("p").save(path)
        let new = try session.createDataFrame([[.int64(10), .string("a")]], schema: s)
        try new.write.format("delta").mode(.overwrite).option("replaceWhere", "p = 'a'").save(path)
        #expect(try ids(session.read.format("delta").load(path)) == [2, 10])
        let bad = try session.createDataFrame([[.int64(11), .string("b")]], schema: s)
        let e = #expect(throws: DataFlowError.self) { try bad.write.format("delta").mode(.overwrite).option("replaceWhere", "p = 'a'").save(path) }
        #expect(e?.errorClass == "DELTA_REPLACE_WHERE_MISMATCH")
        #expect(e?.message.contains("p = 'a'") == true)
        // On a data column: rows matching are replaced, others in the same files kept.
        try session.createDataFrame([[.int64(2), .string("b")]], schema: s)
            .write.format("delta").mode(.overwrite).option("replaceWhere", "id < 5").save(path)
        #expect(try ids(session.read.format("delta").load(path)) == [2, 10])
    }

    @Test func deleteRewritesOnlyFilesWithMatchingRows() throws {
        let path = temporaryFolder("delta")
        for k in 0..<3 { try frame([(Int64(k * 10 + 1), "a"), (Int64(k * 10 + 2), "b")]).write.format("delta").mode(.append).save(path) }
        let t = try DeltaTable.forPath(session, path)
        let r = try t.delete(where: col("id") == 12)
        #expect(r.metrics["numRemovedFiles"] == 1)
        #expect(r.metrics["numAddedFiles"] == 1)
        #expect(r.metrics["numDeletedRows"] == 1)
        #expect(r.metrics["numCopiedRows"] == 1)
        #expect(try ids(t.toDF()) == [1, 2, 11, 21, 22])
        // Nothing matches: no commit.
        #expect(try t.delete(where: col("id") == 999).version == nil)
        let r2 = try t.delete("name = 'b'")
        #expect(r2.metrics["numDeletedRows"] == 2)
        #expect(try ids(t.toDF()) == [1, 11, 21])
        #expect(try t.history(limit: 1).collect()[0].values[3] == .string(#"{"predicate":"[\"name = 'b'\"]"}"#))
        try t.delete()
        #expect(try t.toDF().count() == 0)
    }

    @Test func deleteOnPartitionColumnsRemovesWholeFiles() throws {
        let path = temporaryFolder("delta")
        let s = Schema([Field("id", .int64), Field("p", .int32)])
        try session.createDataFrame((0..<6).map { [.int64(Int64($0)), .int32(Int32($0 % 3))] }, schema: s)
            .write.format("delta").partitionBy("p").save(path)
        let t = try DeltaTable.forPath(session, path)
        let r = try t.delete(where: col("p") >= 1)
        #expect(r.metrics["numRemovedFiles"] == 2)
        #expect(r.metrics["numAddedFiles"] == 0)
        #expect(r.metrics["numDeletedRows"] == 4)
        #expect(try ids(t.toDF()) == [0, 3])
    }

    @Test func updateSetsColumnsInMatchingRows() throws {
        let path = temporaryFolder("delta")
        try frame([(1, "a"), (2, "b")]).write.format("delta").save(path)
        try frame([(3, "c")]).write.format("delta").mode(.append).save(path)
        let t = try DeltaTable.forPath(session, path)
        let r = try t.update(where: col("id") >= 2, set: ["name": lit("z"), "id": col("id") + 100])
        #expect(r.metrics["numUpdatedRows"] == 2)
        #expect(r.metrics["numCopiedRows"] == 1)
        #expect(r.metrics["numRemovedFiles"] == 2)
        #expect(try sortedRows(t.toDF()) == [[.int64(1), .string("a")], [.int64(102), .string("z")], [.int64(103), .string("z")]])
        let e = #expect(throws: DataFlowError.self) { try t.update(set: ["nope": lit(1)]) }
        #expect(e?.errorClass == "DELTA_MISSING_SET_COLUMN")
    }

    @Test func mergeUpdatesDeletesAndInserts() throws {
        let path = temporaryFolder("delta")
        try frame([(1, "a"), (2, "b"), (3, "c"), (4, "d")]).write.format("delta").save(path)
        let src = try session.createDataFrame([[.int64(2), .string("B"), .bool(false)], [.int64(3), .string("C"), .bool(true)],
                                               [.int64(5), .string("E"), .bool(false)]],
                                              schema: Schema([Field("id", .int64), Field("name", .string), Field("del", .boolean)]))
        let t = try DeltaTable.forPath(session, path)
        let r = try t.as("t").merge(src.alias("s"), on: col("t.id") == col("s.id"))
            .whenMatchedDelete(condition: col("s.del") == true)
            .whenMatchedUpdate(set: ["name": col("s.name")])
            .whenNotMatchedInsert(values: ["id": col("s.id"), "name": col("s.name")])
            .execute()
        #expect(try sortedRows(t.toDF()) == [[.int64(1), .string("a")], [.int64(2), .string("B")], [.int64(4), .string("d")], [.int64(5), .string("E")]])
        #expect(r.metrics["numSourceRows"] == 3)
        #expect(r.metrics["numTargetRowsUpdated"] == 1)
        #expect(r.metrics["numTargetRowsDeleted"] == 1)
        #expect(r.metrics["numTargetRowsInserted"] == 1)
        #expect(r.metrics["numTargetRowsCopied"] == 2)
        #expect(try t.history(limit: 1).collect()[0].values[2] == .string("MERGE"))
        // updateAll / insertAll with unqualified-but-aliased names.
        let src2 = try frame([(1, "A1"), (9, "I9")])
        try t.as("t").merge(src2.alias("s"), on: col("t.id") == col("s.id")).whenMatchedUpdateAll().whenNotMatchedInsertAll().execute()
        #expect(try sortedRows(t.toDF()).map { $0[1] } == [.string("A1"), .string("B"), .string("d"), .string("E"), .string("I9")])
        // Two source rows for one target row.
        let dup = try frame([(1, "x"), (1, "y")])
        let e = #expect(throws: DataFlowError.self) {
            try t.as("t").merge(dup.alias("s"), on: col("t.id") == col("s.id")).whenMatchedUpdateAll().execute()
        }
        #expect(e?.errorClass == "DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE")
    }

    @Test func optimizeCompactsSmallFiles() throws {
        let path = temporaryFolder("delta")
        for k in 0..<4 { try frame([(Int64(k), "r\(k)")]).write.format("delta").mode(.append).save(path) }
        let t = try DeltaTable.forPath(session, path)
        let r = try t.optimize()
        #expect(r.metrics["numRemovedFiles"] == 4)
        #expect(r.metrics["numAddedFiles"] == 1)
        let snap = try DeltaLog(tablePath: path).snapshot()
        #expect(snap.files.count == 1)
        #expect(snap.files[0].dataChange == false)
        #expect(try ids(t.toDF()) == [0, 1, 2, 3])
        #expect(try t.history(limit: 1).collect()[0].values[2] == .string("OPTIMIZE"))
        // Nothing left to compact.
        #expect(try t.optimize().version == nil)
    }

    @Test func vacuumDeletesOnlyUnreferencedOldFiles() throws {
        let path = temporaryFolder("delta")
        try frame([(1, "a")]).write.format("delta").save(path)
        try frame([(2, "b")]).write.format("delta").mode(.overwrite).save(path)
        let store = DeltaTableStore(path: path, context: testContext())
        let t = try DeltaTable.forPath(session, path)
        let old = try DeltaLog(tablePath: path).snapshot(at: 0).files[0].path
        let e = #expect(throws: DataFlowError.self) { try t.vacuum(retentionHours: 1) }
        #expect(e?.errorClass == "DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT")
        // Too recent for the default retention: nothing goes.
        #expect(try t.vacuum().isEmpty)
        let later = Date().addingTimeInterval(200 * 3600)
        let dry = try store.vacuum(dryRun: true, now: later)
        #expect(dry.files == [DeltaPaths.canonical(old)])
        #expect(FileManager.default.fileExists(atPath: path + "/" + old))
        let done = try store.vacuum(now: later)
        #expect(done.files == [DeltaPaths.canonical(old)])
        #expect(!FileManager.default.fileExists(atPath: path + "/" + old))
        #expect(FileManager.default.fileExists(atPath: path + "/_delta_log/00000000000000000000.json"))
        #expect(try ids(t.toDF()) == [2])
        // Time travel to the vacuumed version now fails naming the missing file.
        let e2 = #expect(throws: DataFlowError.self) { try session.read.format("delta").option("versionAsOf", 0).load(path).collect() }
        #expect(e2?.errorClass == "DELTA_FILE_NOT_FOUND")
        #expect(e2?.message.contains(old) == true)
    }

    @Test func dataSkippingReadsOnlyFilesThatCanMatch() throws {
        let path = temporaryFolder("delta")
        for k in 0..<3 { try frame((0..<10).map { (Int64(k * 100 + $0), "v") }).write.format("delta").mode(.append).save(path) }
        let table = try DeltaTableStore(path: path, context: testContext()).scanTable()
        let df = session.table(table)
        #expect(try df.filter(col("id") >= 205).count() == 5)
        #expect(table.filesOpened == 1)
        #expect(try df.filter(col("id") == 1000).count() == 0)
        #expect(table.filesOpened == 1)
        #expect(try df.count() == 30)
        #expect(table.filesOpened == 4)
    }

    @Test func missingDataFileIsNamed() throws {
        let path = temporaryFolder("delta")
        try frame([(1, "a")]).write.format("delta").save(path)
        let f = try DeltaLog(tablePath: path).snapshot().files[0].path
        try FileManager.default.removeItem(atPath: path + "/" + f)
        let e = #expect(throws: DataFlowError.self) { try session.read.format("delta").load(path).collect() }
        #expect(e?.errorClass == "DELTA_FILE_NOT_FOUND")
        #expect(e?.message.contains(f) == true)
        let e2 = #expect(throws: DataFlowError.self) { try DeltaTable.forPath(session, temporaryFolder("delta")) }
        #expect(e2?.errorClass == "DELTA_MISSING_DELTA_TABLE")
    }

    @Test func idempotentWritesWithTxn() throws {
        let path = temporaryFolder("delta")
        try frame([(1, "a")]).write.format("delta").option("txnAppId", "job").option("txnVersion", "1").save(path)
        try frame([(1, "a")]).write.format("delta").mode(.append).option("txnAppId", "job").option("txnVersion", "1").save(path)
        try frame([(2, "b")]).write.format("delta").mode(.append).option("txnAppId", "job").option("txnVersion", "2").save(path)
        #expect(try ids(session.read.format("delta").load(path)) == [1, 2])
        #expect(try DeltaLog(tablePath: path).snapshot().transactions["job"]?.version == 2)
    }
}

@Suite struct CatalogDeltaTests {
    @Test func forNameFindsAnExternalDeltaTable() throws {
        let session = Session(threads: 1)
        let path = temporaryFolder("delta")
        try session.createDataFrame([[.int64(1)], [.int64(2)]], schema: Schema([Field("id", .int64)])).write.format("delta").save(path)
        try session.sql("CREATE TABLE events USING delta LOCATION '\(path)'").collect()
        let t = try DeltaTable.forName(session, "events")
        #expect(try t.version == 0)
        try t.delete(where: col("id") == 1)
        #expect(try session.sql("SELECT id FROM events").collect().map(\.values) == [[.int64(2)]])
        let e = #expect(throws: DataFlowError.self) { try DeltaTable.forName(session, "nope") }
        #expect(e?.errorClass == "TABLE_OR_VIEW_NOT_FOUND")
    }
}

@Suite struct MergePruningTests {
    @Test func targetOnlyConditionsPruneTargetFiles() throws {
        let session = Session(threads: 1)
        let path = temporaryFolder("delta")
        let s = Schema([Field("id", .int64), Field("p", .string), Field("v", .int64)])
        try session.createDataFrame([[.int64(1), .string("a"), .int64(10)], [.int64(1), .string("b"), .int64(20)],
                                     [.int64(2), .string("b"), .int64(30)]], schema: s)
            .write.format("delta").partitionBy("p").save(path)
        let before = try DeltaLog(tablePath: path).snapshot().files
        let src = try session.createDataFrame([[.int64(1), .string("a"), .int64(11)], [.int64(2), .string("a"), .int64(12)]], schema: s)
        let t = try DeltaTable.forPath(session, path)
        let r = try t.as("t").merge(src.alias("s"), on: col("t.id") == col("s.id") && col("t.p") == lit("a"))
            .whenMatchedUpdate(set: ["v": col("s.v")]).whenNotMatchedInsertAll().execute()
        #expect(r.metrics["numTargetRowsUpdated"] == 1)
        #expect(r.metrics["numTargetRowsInserted"] == 1)
        #expect(r.metrics["numTargetFilesRemoved"] == 1)
        let after = try DeltaLog(tablePath: path).snapshot().files
        // The p=b file was not touched.
        let bFile = before.first { $0.partitionValues["p"] == "b" }?.path
        #expect(after.contains { $0.path == bFile })
        #expect(try sortedRows(t.toDF()) == [[.int64(1), .string("a"), .int64(11)], [.int64(1), .string("b"), .int64(20)],
                                            [.int64(2), .string("a"), .int64(12)], [.int64(2), .string("b"), .int64(30)]])
        #expect(DeltaTableStore.targetOnlyConjuncts(.and(.comparison(.eq, .column("id", qualifier: "t"), .column("id", qualifier: "s")),
                                                         .comparison(.eq, .column("p", qualifier: "t"), .literal(.string("a")))),
                                                    alias: "t", schema: s, source: s) == [.comparison(.eq, .column("p"), .literal(.string("a")))])
    }
}
