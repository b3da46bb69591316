import DataFlow
import Foundation
import Testing

@Suite struct JSONArrowEndToEndTests {
    @Test func readJSONQueryAndWriteBack() throws {
        let s = Session(threads: 2)
        let dir = tempPath("json")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let input = dir + "/events.jsonl"
        try """
        {"user": {"id": 7, "name": "ann"}, "amount": 12.5, "kind": "buy"}
        {"user": {"id": 8, "name": "bob"}, "amount": 3, "kind": "sell"}
        {"user": {"id": 7, "name": "ann"}, "amount": 1.5, "kind": "buy", "note": "x\\ty"}
        """.write(toFile: input, atomically: true, encoding: .utf8)
        let df = try s.read.json(input)
        #expect(try df.schema.fields.map { "\($0.name):\($0.type.sqlName)" } ==
                ["amount:double", "kind:string", "note:string", "user.id:bigint", "user.name:string"])
        try df.createOrReplaceTempView("events")
        let top = try rows(s.sql("SELECT `user.name`, sum(amount) AS total FROM events GROUP BY `user.name` ORDER BY total DESC"))
        #expect(top == [[.string("ann"), .double(14.0)], [.string("bob"), .double(3.0)]])

        let out = dir + "/out"
        try df.filter(col("kind") == lit("buy")).select("kind", "amount", "note").write.json(out, mode: .overwrite)
        let parts = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".json") }
        #expect(parts.count == 1)
        let text = try String(contentsOfFile: out + "/" + parts[0], encoding: .utf8)
        #expect(text == "{\"kind\":\"buy\",\"amount\":12.5}\n{\"kind\":\"buy\",\"amount\":1.5,\"note\":\"x\\ty\"}\n")
        // Reading the folder back.
        #expect(try s.read.json(out).count() == 2)
        // gzip parts are named .json.gz and read back.
        try df.write.format("json").option("compression", "gzip").mode(.overwrite).save(out)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).contains { $0.hasSuffix(".json.gz") })
        #expect(try s.read.format("json").load(out).count() == 3)
    }

    @Test func jsonOptionsAndErrors() throws {
        let s = Session(threads: 1)
        let path = tempPath("bad.json")
        try "{\"a\": 1}\n{\"a\": \n".write(toFile: path, atomically: true, encoding: .utf8)
        let e = dataFlowError { _ = try s.read.option("mode", "FAILFAST").json(path).collect() }
        #expect(e?.errorClass == "MALFORMED_RECORD")
        #expect(e?.message.contains("line 2") == true)
        #expect(try s.read.option("mode", "DROPMALFORMED").json(path).count() == 1)
        let permissive = try s.read.json(path)
        #expect(try permissive.columns == ["_corrupt_record", "a"])
        #expect(try rows(permissive.select("_corrupt_record")) == [[.null], [.string("{\"a\": ")]])
        #expect(errorClass { _ = try s.read.option("nosuch", "1").json(path) } == "INVALID_OPTION")
        let typed = try s.read.schema("a INT, b STRING").json(path)
        #expect(try rows(typed) == [[.int32(1), .null], [.null, .null]])
    }

    @Test func arrowRoundTripThroughTheSession() throws {
        let s = Session(threads: 2)
        let df = try people(s)
        let out = tempPath("arrow-out")
        try df.write.arrow(out)
        #expect(try rows(s.read.arrow(out).orderBy("id")) == rows(df.orderBy("id")))
        // The streaming format, one file, read through the `feather` alias.
        let single = tempPath("p.arrows")
        try df.write.format("arrow").option("arrowFormat", "stream").option("singleFile", true).save(single)
        let back = try s.read.format("feather").load(single)
        #expect(try back.schema == df.schema)
        #expect(try rows(back.filter(col("age") > lit(26)).select("name").orderBy("name")) == [[.string("alice")], [.string("dave")]])
        #expect(errorClass { try df.write.format("ipc").option("compression", "zstd").save(tempPath("z")) } == "INVALID_OPTION")
    }

    @Test func bigArrowBatchesAreSplitIntoMorsels() throws {
        let s = Session(threads: 2)
        let path = tempPath("big.arrow")
        try s.range(200_000).select(col("id"), (col("id") % 7).as("k")).write.format("arrow").option("singleFile", true).save(path)
        let t = try s.read.arrow(path)
        #expect(try t.count() == 200_000)
        #expect(try rows(t.groupBy("k").agg(sum("id").as("s")).orderBy("k").limit(1)) == [[.int64(0), .int64(2_857_157_142)]])
    }
}

@Suite struct JSONArrowTableTests {
    @Test(arguments: ["json", "arrow"])
    func warehouseTablesInTheFormat(_ format: String) throws {
        let dir = tempPath("wh-\(format)")
        let s = try Session(threads: 1, warehouse: dir)
        try s.sql("CREATE TABLE t (id INT, label STRING, at TIMESTAMP) USING \(format)").collect()
        #expect(try rows(s.sql("SELECT count(*) FROM t")) == [[.int64(0)]])
        try s.sql("INSERT INTO t VALUES (1, 'a', TIMESTAMP '2024-01-02 03:04:05'), (2, NULL, NULL)").collect()
        try s.sql("INSERT INTO t VALUES (3, 'c', NULL)").collect()
        #expect(try rows(s.sql("SELECT id, label FROM t ORDER BY id")) == [[.int32(1), .string("a")], [.int32(2), .null], [.int32(3), .string("c")]])
        #expect(try rows(s.sql("SELECT count(at) FROM t")) == [[.int64(1)]])
        let ext = (dir as NSString).appendingPathComponent("t")
        let files = try FileManager.default.contentsOfDirectory(atPath: ext).filter { $0.hasPrefix("part-") }
        #expect(files.count == 2 && files.allSatisfy { $0.hasSuffix("." + format) })
    }
}
