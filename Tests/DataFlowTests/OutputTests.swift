import DataFlow
import Foundation
import Testing

@Suite struct OutputTests {
    @Test func showMatchesSpark() throws {
        let df = try people()
        #expect(try df.showString() == """
        +---+-----+----+-----+
        | id| name| age|score|
        +---+-----+----+-----+
        |  1|alice|  30|  1.5|
        |  2|  bob|NULL|  2.5|
        |  3| NULL|  25| NULL|
        |  4| dave|  40|  4.0|
        +---+-----+----+-----+

        """)
        #expect(try df.select("id").showString(2) == """
        +---+
        | id|
        +---+
        |  1|
        |  2|
        +---+
        only showing top 2 rows

        """)
        let long = try session.createDataFrame([[.string("abcdefghijklmnopqrstuvwxyz"), .bool(true)]],
                                               schema: Schema([Field("text", .string), Field("flag", .boolean)]))
        #expect(try long.showString() == """
        +--------------------+----+
        |                text|flag|
        +--------------------+----+
        |abcdefghijklmnopq...|true|
        +--------------------+----+

        """)
        #expect(try long.showString(truncate: 0) == """
        +--------------------------+----+
        |text                      |flag|
        +--------------------------+----+
        |abcdefghijklmnopqrstuvwxyz|true|
        +--------------------------+----+

        """)
        #expect(try session.range(0).showString() == "+---+\n| id|\n+---+\n+---+\n")
    }

    @Test func printSchemaTree() throws {
        let df = try people().withColumn("half", col("age") / 2)
        #expect(try df.schema.treeString == """
        root
         |-- id: integer (nullable = true)
         |-- name: string (nullable = true)
         |-- age: integer (nullable = true)
         |-- score: double (nullable = true)
         |-- half: double (nullable = true)

        """)
        #expect(try session.range(1).schema.treeString == "root\n |-- id: long (nullable = false)\n")
        #expect(try people().dtypes.map(\.1) == ["int", "string", "int", "double"])
    }

    @Test func describeStatistics() throws {
        let d = try people().describe("age", "name")
        #expect(try d.columns == ["summary", "age", "name"])
        let r = try d.collect()
        #expect(r.map { $0.string(0)! } == ["count", "mean", "stddev", "min", "max"])
        #expect(r[0].values == [.string("count"), .string("3"), .string("3")])
        #expect(approx(Double(r[1].string(1)!), 95.0 / 3.0))
        let mean = 95.0 / 3.0
        let sd = ([30.0, 25, 40].map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
        #expect(approx(Double(r[2].string(1)!), sd))
        #expect(r[1][2] == .null && r[2][2] == .null)
        #expect(r[3].values == [.string("min"), .string("25"), .string("alice")])
        #expect(r[4].values == [.string("max"), .string("40"), .string("dave")])
    }

    @Test func explainShowsPhysicalPlan() throws {
        let df = try people()
        let filtered = try df.filter(col("age") > 26).select("name").explainString()
        #expect(filtered.contains("== Physical Plan =="))
        #expect(filtered.contains("== Optimized Logical Plan =="))
        #expect(filtered.contains("PushedFilters"))
        let physicalOnly = try df.orderBy(desc("age")).limit(2).explainString(extended: false)
        #expect(physicalOnly.hasPrefix("== Physical Plan =="))
        #expect(physicalOnly.contains("TopN"))
        #expect(!physicalOnly.contains("Sort "))
    }

    @Test func cacheIsReused() throws {
        let s = Session(threads: 2)
        let base = try s.range(10_000).filter(col("id") % 3 == 0).withColumn("k", col("id") % 10)
        let q = { base.groupBy("k").agg(count().as("n"), sum("id").as("s")).orderBy("k") }
        let before = try rows(q())
        #expect(!base.isCached)
        try base.cache()
        #expect(base.isCached)
        #expect(try base.count() == 3334)
        let plan = try q().explainString()
        #expect(plan.contains("InMemory"))
        #expect(try rows(q()) == before)
        #expect(try rows(q()) == before)
        try base.unpersist()
        #expect(!base.isCached)
        #expect(try !q().explainString().contains("InMemory"))
        #expect(try rows(q()) == before)
    }
}

@Suite struct ErrorMessageTests {
    let ratings: DataFrame
    init() throws {
        ratings = try session.createDataFrame([[.int32(1), .double(4.5)]], schema: Schema([Field("movieId", .int32), Field("rating", .float64)]))
    }

    @Test func unresolvedColumnSuggests() throws {
        let e = dataFlowError { _ = try ratings.select("ratng").collect() }
        #expect(e?.errorClass == "UNRESOLVED_COLUMN")
        #expect(e?.message.contains("did you mean `rating`") == true)
        #expect(dataFlowError { _ = try ratings.filter(col("ratng") > 1).collect() }?.errorClass == "UNRESOLVED_COLUMN")
        #expect(dataFlowError { _ = try ratings.groupBy("movieid").agg(avg("ratng")).collect() }?.message.contains("`rating`") == true)
        // Schema access also analyzes.
        #expect(errorClass { _ = try ratings.select("nope").schema } == "UNRESOLVED_COLUMN")
    }

    @Test func unknownFunctionSuggests() throws {
        let e = dataFlowError { _ = try ratings.select(callFunction("uper", col("rating"))).collect() }
        #expect(e?.errorClass == "UNRESOLVED_ROUTINE")
        #expect(e?.message.contains("`upper`") == true)
    }

    @Test func missingAggregation() throws {
        #expect(errorClass { _ = try ratings.groupBy("movieId").agg(col("rating")).collect() } == "MISSING_AGGREGATION")
        #expect(errorClass { _ = try ratings.select(col("rating"), sum("rating")).collect() } == "MISSING_AGGREGATION")
        #expect(errorClass { _ = try ratings.filter(sum("rating") > 1).collect() } == "INVALID_WHERE_CONDITION")
    }

    @Test func createDataFrameValidates() throws {
        #expect(errorClass { _ = try session.createDataFrame([[.string("x")]], schema: Schema([Field("a", .int32)])) } == "DATATYPE_MISMATCH")
        #expect(errorClass { _ = try session.createDataFrame([[.int32(1), .int32(2)]], schema: Schema([Field("a", .int32)])) } == "INVALID_ARGUMENT")
    }
}

@Suite struct ScaleTests {
    @Test func millionRows() throws {
        let df = session.range(1_000_000)
        // Sum of the even numbers below 1M: 2 * (0 + 1 + ... + 499_999).
        #expect(try rows(df.filter(col("id") % 2 == 0).agg(sum("id"), count())) == [[.int64(249_999_500_000), .int64(500_000)]])
        let groups = try df.groupBy((col("id") % 1000).as("m")).agg(count().as("n"), min("id").as("lo")).orderBy("m").collect()
        #expect(groups.count == 1000)
        #expect(groups.allSatisfy { $0.int64("n") == 1000 })
        #expect(groups.enumerated().allSatisfy { $0.element.int64("m") == Int64($0.offset) && $0.element.int64("lo") == Int64($0.offset) })
        #expect(try df.count() == 1_000_000)
    }

    @Test func memoryLimitFailsCleanly() throws {
        let tiny = Session(threads: 2, memoryLimit: 64 * 1024)
        let big = tiny.range(200_000)
        let other = try tiny.range(200_000).withColumnRenamed("id", "id2")
        let e = dataFlowError { _ = try big.join(other, on: big.col("id") == other.col("id2")).count() }
        #expect(e?.errorClass == "MEMORY_LIMIT_EXCEEDED")
        let e2 = dataFlowError { _ = try big.groupBy("id").count().count() }
        #expect(e2?.errorClass == "MEMORY_LIMIT_EXCEEDED")
        // Small queries still work in that session.
        #expect(try tiny.range(100).agg(sum("id")).collect()[0].int64(0) == 4950)
    }
}

@Suite struct CSVRoundTripTests {
    @Test func writeThenRead() throws {
        let path = tempPath("people")
        let df = try people()
        try df.write.csv(path, header: true)
        #expect(FileManager.default.fileExists(atPath: path + "/_SUCCESS"))
        let back = try session.read.csv(path, header: true, inferSchema: true)
        #expect(try back.columns == ["id", "name", "age", "score"])
        #expect(try back.dtypes.map(\.1) == ["int", "string", "int", "double"])
        #expect(try rows(back.orderBy("id")) == rows(df))

        // Modes: error (default), ignore, append, overwrite.
        #expect(errorClass { try df.write.csv(path, header: true) } == "PATH_ALREADY_EXISTS")
        try df.limit(1).write.mode(.ignore).csv(path, header: true)
        #expect(try session.read.csv(path, header: true, inferSchema: true).count() == 4)
        try df.limit(1).write.mode("append").csv(path, header: true)
        #expect(try session.read.csv(path, header: true, inferSchema: true).count() == 5)
        try df.filter(col("id") > 2).write.mode(.overwrite).csv(path, header: true)
        #expect(try rows(session.read.csv(path, header: true, inferSchema: true).orderBy("id").select("id")) == [[.int32(3)], [.int32(4)]])
        #expect(errorClass { _ = try df.write.mode("sometimes") } == "INVALID_ARGUMENT")

        // An explicit schema.
        let typed = try session.read.schema("id BIGINT, name STRING, age INT, score DOUBLE").option("header", true).csv(path)
        #expect(try typed.schema.fields[0].type == .int64)
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }
}
