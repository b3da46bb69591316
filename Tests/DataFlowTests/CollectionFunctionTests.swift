import DataFlow
import Foundation
import Testing

/// The Swift API of the collection functions (arrays, generators, collect_list/collect_set); Spark's own
/// answers for the SQL side are in Fixtures/spark-functions/collection.sql.
@Suite struct CollectionFunctionTests {
    static func tags(_ s: Session) throws -> DataFrame {
        try s.createDataFrame(columns: [
            ("id", [.int32(1), .int32(2), .int32(3), .int32(4)]),
            ("tags", [.array([.string("a"), .string("b")]), .array([]), .null, .array([.string("c"), .null])]),
        ])
    }

    static func texts(_ df: DataFrame) throws -> [String] {
        try df.collect().map { row in row.values.map { $0.isNull ? "NULL" : $0.description }.joined(separator: "|") }
    }

    @Test func arrayFunctionsFromSwift() throws {
        let s = Session(threads: 1)
        let df = try Self.tags(s)
        #expect(try Self.texts(df.select(size(col("tags")), array_contains(col("tags"), "b"), try_element_at(col("tags"), -1))) ==
                ["2|true|b", "0|false|NULL", "NULL|NULL|NULL", "2|NULL|NULL"])
        #expect(try Self.texts(df.select(array_join(col("tags"), ",", "?"), sort_array(col("tags"), asc: false))) ==
                ["a,b|[b, a]", "|[]", "NULL|NULL", "c,?|[c, null]"])
        #expect(try Self.texts(df.select(array(col("id"), lit(10)), array_repeat(col("id"), 2), sequence(lit(1), col("id")))) ==
                ["[1, 10]|[1, 1]|[1]", "[2, 10]|[2, 2]|[1, 2]", "[3, 10]|[3, 3]|[1, 2, 3]", "[4, 10]|[4, 4]|[1, 2, 3, 4]"])
        #expect(try Self.texts(s.sql("SELECT array_union(array(3, 1), array(1, 2)), slice(array(1, 2, 3), -2, 2), flatten(array(array(1), array(2, 3)))")) ==
                ["[3, 1, 2]|[2, 3]|[1, 2, 3]"])
    }

    @Test func explodeInSelectAndWithColumn() throws {
        let s = Session(threads: 2)
        let df = try Self.tags(s)
        #expect(try Self.texts(df.select(col("id"), explode(col("tags")).alias("tag"))) == ["1|a", "1|b", "4|c", "4|NULL"])
        #expect(try df.select(col("id"), explode(col("tags"))).schema.names == ["id", "col"])
        #expect(try Self.texts(df.select(col("id"), explode_outer(col("tags")))) == ["1|a", "1|b", "2|NULL", "3|NULL", "4|c", "4|NULL"])
        #expect(try Self.texts(df.select(posexplode(col("tags")), col("id"))) == ["0|a|1", "1|b|1", "0|c|4", "1|NULL|4"])
        #expect(try df.select(posexplode_outer(col("tags"))).schema.names == ["pos", "col"])
        let w = try df.withColumn("tag", explode(col("tags")))
        #expect(try w.schema.names == ["id", "tags", "tag"])
        #expect(try Self.texts(w.select("id", "tag").filter(col("tag") == "b")) == ["1|b"])
        // A generator's rows feed later operators: group and count them.
        #expect(try Self.texts(df.select(explode(col("tags")).alias("t")).groupBy("t").agg(count()).orderBy("t")) ==
                ["NULL|1", "a|1", "b|1", "c|1"])
    }

    @Test func generatorMisuseIsAClearError() throws {
        let s = Session(threads: 1)
        let df = try Self.tags(s)
        #expect(throws: DataFlowError.self) { try df.select(explode(col("tags")), explode(col("tags"))).collect() }
        #expect(throws: DataFlowError.self) { try df.select(size(explode(col("tags")))).collect() }
        #expect(throws: DataFlowError.self) { try df.filter(explode(col("tags")) == "a").collect() }
        #expect(throws: DataFlowError.self) { try df.select(explode(col("id"))).collect() }
    }

    @Test func collectListAndSet() throws {
        let s = Session(threads: 2)
        let df = try s.createDataFrame(columns: [
            ("g", [.string("x"), .string("y"), .string("x"), .string("x"), .string("y")]),
            ("v", [.int32(3), .int32(1), .null, .int32(3), .int32(2)]),
        ])
        #expect(try Self.texts(df.groupBy("g").agg(collect_list("v"), array_sort(collect_set(col("v")))).orderBy("g")) ==
                ["x|[3, 3]|[3]", "y|[1, 2]|[1, 2]"])
        #expect(try Self.texts(df.agg(size(collect_set(col("v"))), array_agg(col("g")))) == ["3|[x, y, x, x, y]"])
    }

    @Test func sequenceAndSubscriptErrors() throws {
        let s = Session(threads: 1)
        for (q, errorClass) in [("SELECT sequence(1, 5, -1)", "INVALID_PARAMETER_VALUE.SEQUENCE_STEP"),
                                ("SELECT sequence(1, 5, 0)", "INVALID_PARAMETER_VALUE.SEQUENCE_STEP"),
                                ("SELECT array(1, 2)[2]", "INVALID_ARRAY_INDEX"),
                                ("SELECT element_at(array(1, 2), 3)", "INVALID_ARRAY_INDEX_IN_ELEMENT_AT")] {
            do {
                _ = try s.sql(q).collect()
                Issue.record("\(q) should fail")
            } catch let e as DataFlowError {
                #expect(e.errorClass == errorClass, "\(q)")
            }
        }
    }

    @Test func mapsFromSwift() throws {
        let s = Session(threads: 1)
        let df = try s.createDataFrame(columns: [("k", [.string("a"), .string("b")]), ("v", [.int32(1), .null])])
        let m = df.select(create_map(col("k"), col("v")).alias("m"))
        #expect(try m.schema.fields[0].type == .map(.string, .int32))
        #expect(try Self.texts(m) == ["{a -> 1}", "{b -> null}"])
        #expect(try Self.texts(m.select(map_keys(col("m")), map_values(col("m")), element_at(col("m"), "a"), map_contains_key(col("m"), "b"), size(col("m")))) ==
                ["[a]|[1]|1|false|1", "[b]|[null]|NULL|true|1"])
        let parsed = try Self.texts(df.select(str_to_map(lit("x=1;y=2"), pairDelim: ";", keyValueDelim: "=")))
        #expect(parsed == ["{x -> 1, y -> 2}", "{x -> 1, y -> 2}"])
        #expect(DataType(sqlName: "map<string, array<int>>") == .map(.string, .array(.int32)))
        #expect(DataType.map(.string, .int32).sqlName == "map<string,int>")
    }

    @Test func mapsCannotBeSortedGroupedOrWrittenToCSV() throws {
        let s = Session(threads: 1)
        let m = try s.sql("SELECT map('a', id) AS m, id FROM range(3)")
        #expect(throws: DataFlowError.self) { try m.orderBy("m").collect() }
        #expect(throws: DataFlowError.self) { try m.groupBy("m").agg(count()).collect() }
        #expect(throws: DataFlowError.self) { try s.sql("SELECT map('a', 1) = map('a', 1)").collect() }
        #expect(throws: DataFlowError.self) { try s.sql("SELECT map_from_arrays(array(1, 2), array('x'))").collect() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coll-map-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: DataFlowError.self) { try m.write.csv(dir) }
        #expect(throws: DataFlowError.self) { try m.write.parquet(dir + "-p") }
    }
}

extension CollectionFunctionTests {
    @Test func explodeMapGivesKeyAndValue() throws {
        let s = Session(threads: 1)
        let df = try s.sql("SELECT id, posexplode(map('a', id, 'b', id * 10)) FROM range(2)")
        #expect(try df.schema.names == ["id", "pos", "key", "value"])
        #expect(try Self.texts(df) == ["0|0|a|0", "0|1|b|0", "1|0|a|1", "1|1|b|10"])
    }
}
