import DataFlow
import Foundation
import Testing

@Suite struct TransformTests {
    @Test func selectAndWithColumn() throws {
        let df = try people()
        #expect(try rows(df.select("name", "id")) == [
            [.string("alice"), .int32(1)], [.string("bob"), .int32(2)], [.null, .int32(3)], [.string("dave"), .int32(4)],
        ])
        let plus = try df.withColumn("next", col("id") + 1).select("id", "next")
        #expect(try plus.columns == ["id", "next"])
        #expect(try rows(plus).map { $0[1] } == [.int32(2), .int32(3), .int32(4), .int32(5)])
        // Replacing keeps the column's position.
        let replaced = try df.withColumn("age", col("age") * 2)
        #expect(try replaced.columns == ["id", "name", "age", "score"])
        #expect(try rows(replaced).map { $0[2] } == [.int32(60), .null, .int32(50), .int32(80)])
        // NULL propagates through arithmetic.
        #expect(try rows(df.select((col("age") + col("id")).as("x"))).map { $0[0] } == [.int32(31), .null, .int32(28), .int32(44)])
    }

    @Test func renameAndDrop() throws {
        let df = try people()
        #expect(try df.withColumnRenamed("name", "who").columns == ["id", "who", "age", "score"])
        #expect(try df.withColumnRenamed("nope", "x").columns == ["id", "name", "age", "score"])
        #expect(try df.drop("age", "nope").columns == ["id", "name", "score"])
        #expect(try rows(df.drop("name", "age", "score")) == [[.int32(1)], [.int32(2)], [.int32(3)], [.int32(4)]])
    }

    @Test func filterThreeValuedLogic() throws {
        let df = try people()
        // age NULL: `age > 26` is NULL, the row is dropped; so is its negation.
        #expect(try rows(df.filter(col("age") > 26).select("id")) == [[.int32(1)], [.int32(4)]])
        #expect(try rows(df.filter(!(col("age") > 26)).select("id")) == [[.int32(3)]])
        // NULL OR true is true; NULL AND true is NULL.
        #expect(try rows(df.filter(col("age") > 26 || col("id") == 2).select("id")) == [[.int32(1)], [.int32(2)], [.int32(4)]])
        #expect(try rows(df.filter(col("age") > 0 && col("id") == 2).select("id")) == [])
        #expect(try rows(df.filter(col("name").isNull).select("id")) == [[.int32(3)]])
        #expect(try rows(df.filter(col("age").isNotNull).select("id")).count == 3)
        #expect(try rows(df.filter(col("name") == "bob").select("id")) == [[.int32(2)]])
        #expect(try df.filter(col("age").between(25, 30)).count() == 2)
        #expect(try df.filter(col("id").isin(2, 4, 9)).count() == 2)
    }

    @Test func arithmeticSemantics() throws {
        let df = try session.createDataFrame([[.int32(7), .int32(2)], [.int32(1), .int32(4)]],
                                             schema: Schema([Field("a", .int32), Field("b", .int32)]))
        let q = df.select((col("a") / col("b")).as("q"))
        #expect(try q.schema.fields[0].type == .float64)
        #expect(try rows(q) == [[.double(3.5)], [.double(0.25)]])
        #expect(try rows(df.select((col("a") % col("b")).as("r"))) == [[.int32(1)], [.int32(1)]])
    }

    @Test func ansiErrors() throws {
        let ints = try session.createDataFrame([[.int32(Int32.max), .int32(0)]],
                                               schema: Schema([Field("a", .int32), Field("z", .int32)]))
        #expect(errorClass { _ = try ints.select(col("a") + 1).collect() } == "ARITHMETIC_OVERFLOW")
        #expect(errorClass { _ = try ints.select(col("a") * col("a")).collect() } == "ARITHMETIC_OVERFLOW")
        #expect(errorClass { _ = try ints.select(col("a") / col("z")).collect() } == "DIVIDE_BY_ZERO")
        #expect(errorClass { _ = try ints.select(col("a") % col("z")).collect() } == "REMAINDER_BY_ZERO")
        let big = session.range(1, 2).select((col("id") + Int64.max).as("x"))
        #expect(errorClass { _ = try big.collect() } == "ARITHMETIC_OVERFLOW")
        #expect(try rows(ints.select(try_divide(col("a"), col("z")))) == [[.null]])
        #expect(try rows(ints.select(try_add(col("a"), 1))) == [[.null]])
        // The error type is DataFlowError with Spark's error class.
        #expect(throws: DataFlowError.self) { _ = try ints.select(col("a") / col("z")).collect() }
    }

    @Test func limitOffset() throws {
        let df = session.range(10)
        #expect(try rows(df.limit(3)) == [[.int64(0)], [.int64(1)], [.int64(2)]])
        #expect(try rows(df.offset(7)) == [[.int64(7)], [.int64(8)], [.int64(9)]])
        #expect(try rows(df.offset(3).limit(2)) == [[.int64(3)], [.int64(4)]])
        #expect(try df.limit(0).count() == 0)
        #expect(try df.limit(100).count() == 10)
        #expect(try df.take(2).map { $0.int64(0) } == [0, 1])
        #expect(try df.first()?.int64("id") == 0)
    }

    @Test func distinctAndDropDuplicates() throws {
        let df = try session.createDataFrame([
            [.int32(1), .string("a")], [.int32(1), .string("a")], [.int32(1), .string("b")],
            [.null, .string("a")], [.null, .string("a")], [.int32(2), .null],
        ], schema: Schema([Field("k", .int32), Field("s", .string)]))
        #expect(try bag(df.distinct()) == ["[1,a]", "[1,b]", "[2,NULL]", "[NULL,a]"])
        let byK = df.dropDuplicates(["k"])
        #expect(try byK.count() == 3)
        #expect(try bag(byK.select("k")) == ["[1]", "[2]", "[NULL]"])
        #expect(try bag(df.dropDuplicates("s").select("s")) == ["[NULL]", "[a]", "[b]"])
        #expect(errorClass { _ = try df.dropDuplicates(["nope"]).collect() } == "UNRESOLVED_COLUMN")
    }

    @Test func unions() throws {
        let a = try session.createDataFrame([[.int32(1), .string("x")]], schema: Schema([Field("id", .int32), Field("s", .string)]))
        let b = try session.createDataFrame([[.string("y"), .int32(2)]], schema: Schema([Field("s", .string), Field("id", .int32)]))
        let c = try session.createDataFrame([[.int32(3)]], schema: Schema([Field("id", .int32)]))
        #expect(try rows(a.union(a)) == [[.int32(1), .string("x")], [.int32(1), .string("x")]])
        #expect(try rows(a.unionByName(b)) == [[.int32(1), .string("x")], [.int32(2), .string("y")]])
        #expect(try rows(a.unionByName(c, allowMissingColumns: true)) == [[.int32(1), .string("x")], [.int32(3), .null]])
        #expect(errorClass { _ = try a.union(c).collect() } == "NUM_COLUMNS_MISMATCH")
        #expect(errorClass { _ = try a.unionByName(c).collect() } == "UNRESOLVED_COLUMN")
    }

    @Test func sampleIsDeterministic() throws {
        let df = session.range(10_000)
        let s1 = try rows(df.sample(fraction: 0.1, seed: 7))
        let s2 = try rows(df.sample(fraction: 0.1, seed: 7))
        #expect(s1 == s2)
        #expect((800...1200).contains(s1.count))
        let other = try rows(df.sample(fraction: 0.1, seed: 8))
        #expect(other != s1)
        #expect(try df.sample(fraction: 0.0).count() == 0)
        #expect(try df.sample(fraction: 1.0).count() == 10_000)
        // Same answer with one thread.
        #expect(try rows(Session(threads: 1).range(10_000).sample(fraction: 0.1, seed: 7)) == s1)
    }

    @Test func naFunctions() throws {
        let df = try people()
        #expect(try rows(df.na.drop().select("id")) == [[.int32(1)], [.int32(4)]])
        #expect(try rows(df.na.drop(how: "all", subset: ["age", "score"]).select("id")).count == 4)
        #expect(try rows(df.na.drop(subset: ["age"]).select("id")) == [[.int32(1)], [.int32(3)], [.int32(4)]])
        #expect(try rows(df.na.fill(0).select("age")) == [[.int32(30)], [.int32(0)], [.int32(25)], [.int32(40)]])
        #expect(try rows(df.na.fill("?").select("name")).map { $0[0] } == [.string("alice"), .string("bob"), .string("?"), .string("dave")])
        #expect(try rows(df.na.fill(["score": .double(-1)]).select("score")).map { $0[0] } ==
                [.double(1.5), .double(2.5), .double(-1), .double(4.0)])
        #expect(errorClass { _ = try df.na.drop(how: "some") } == "INVALID_ARGUMENT")
    }

    @Test func decimals() throws {
        let t = DataType.decimal(precision: 10, scale: 2)
        let df = try session.createDataFrame([
            [.string("a"), .decimal(125, precision: 10, scale: 2)],
            [.string("a"), .decimal(250, precision: 10, scale: 2)],
            [.string("b"), .null],
            [.string("b"), .decimal(375, precision: 10, scale: 2)],
        ], schema: Schema([Field("g", .string), Field("d", t)]))
        let total = try df.agg(sum("d").as("s"), avg("d").as("a"), max("d").as("m")).collect()[0]
        #expect(total[0].description == "7.50")
        #expect(total[1].description == "2.500000")
        #expect(total[2].description == "3.75")
        #expect(try df.agg(sum("d")).schema.fields[0].type == .decimal(precision: 20, scale: 2))
        #expect(try df.agg(avg("d")).schema.fields[0].type == .decimal(precision: 14, scale: 6))
        let byG = try df.groupBy("g").agg(sum("d").as("s")).orderBy("g").collect()
        #expect(byG.map { $0[1].description } == ["3.75", "3.75"])
    }

    @Test func dates() throws {
        let d1 = Value.date(civilDays(2024, 2, 29)), d2 = Value.date(civilDays(2023, 12, 25))
        let df = try session.createDataFrame([[d1, d2]], schema: Schema([Field("a", .date), Field("b", .date)]))
        let r = try df.select(year(col("a")), month(col("a")), dayofmonth(col("b")), datediff(col("a"), col("b")),
                              date_add(col("a"), 1)).collect()[0]
        #expect(r.values == [.int32(2024), .int32(2), .int32(25), .int32(66), .date(civilDays(2024, 3, 1))])
        #expect(r[4].description == "2024-03-01")
    }
}

/// Days since 1970-01-01 (computed here, independently of the engine).
func civilDays(_ y: Int, _ m: Int, _ d: Int) -> Int32 {
    var comps = DateComponents()
    comps.year = y; comps.month = m; comps.day = d
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = TimeZone(identifier: "UTC")!
    return Int32(cal.date(from: comps)!.timeIntervalSince1970 / 86_400)
}
