import DataFlow
import Testing

@Suite struct AggregateTests {
    /// g: "a" → 2,4,4,4; "b" → 5,5,7,9; NULL → 1, NULL.
    func data(_ s: Session = session) throws -> DataFrame {
        let v: [(String?, Int32?)] = [("a", 2), ("b", 5), ("a", 4), (nil, 1), ("b", 5), ("a", 4), ("b", 7), (nil, nil), ("a", 4), ("b", 9)]
        return try s.createDataFrame(v.map { [$0.0.map(Value.string) ?? .null, $0.1.map(Value.int32) ?? .null] },
                                     schema: Schema([Field("g", .string), Field("v", .int32)]))
    }

    @Test func groupByAllAggregates() throws {
        let out = try data().groupBy("g").agg(
            count().as("n"), count("v").as("nv"), countDistinct("v").as("d"), sum("v").as("s"), avg("v").as("a"),
            min("v").as("lo"), max("v").as("hi"), stddev("v").as("sd"), variance("v").as("var"), median("v").as("med"),
            first("v").as("f"), last("v").as("l")
        ).orderBy("g")
        let schema = try out.schema
        #expect(schema.fields.map(\.type) == [.string, .int64, .int64, .int64, .int64, .float64, .int32, .int32,
                                              .float64, .float64, .float64, .int32, .int32])
        let r = try out.collect()
        #expect(r.count == 3)
        // NULL keys form one group, sorted first (ascending, nulls first).
        #expect(Array(r[0].values[0...7]) == [.null, .int64(2), .int64(1), .int64(1), .int64(1), .double(1), .int32(1), .int32(1)])
        #expect(r[0]["sd"] == .null)     // sample stddev of one value
        #expect(r[0]["var"] == .null)
        #expect(r[0]["med"] == .double(1))
        #expect(r[0]["f"] == .int32(1))
        #expect(r[0]["l"] == .null)      // last() does not skip NULLs by default
        #expect(Array(r[1].values[0...7]) == [.string("a"), .int64(4), .int64(4), .int64(2), .int64(14), .double(3.5), .int32(2), .int32(4)])
        #expect(approx(r[1].double("sd"), 1.0) && approx(r[1].double("var"), 1.0))
        #expect(r[1]["med"] == .double(4))
        #expect(r[1]["f"] == .int32(2) && r[1]["l"] == .int32(4))
        #expect(Array(r[2].values[0...7]) == [.string("b"), .int64(4), .int64(4), .int64(3), .int64(26), .double(6.5), .int32(5), .int32(9)])
        #expect(approx(r[2].double("var"), 11.0 / 3.0))
        #expect(approx(r[2].double("sd"), (11.0 / 3.0).squareRoot()))
        #expect(r[2]["med"] == .double(6))
        #expect(r[2]["f"] == .int32(5) && r[2]["l"] == .int32(9))
    }

    @Test func globalAggregates() throws {
        let r = try data().agg(count().as("n"), count("g").as("ng"), sum("v"), avg("v"), median("v")).collect()
        #expect(r.count == 1)
        #expect(r[0].values == [.int64(10), .int64(8), .int64(41), .double(41.0 / 9.0), .double(4)])
        // Evenly many values: the median interpolates.
        #expect(try rows(session.range(1, 5).agg(median("id"))) == [[.double(2.5)]])
        // Population stddev/variance.
        let pop = try session.createDataFrame([[.int32(2)], [.int32(4)], [.int32(4)], [.int32(4)], [.int32(5)], [.int32(5)], [.int32(7)], [.int32(9)]],
                                              schema: Schema([Field("x", .int32)]))
            .agg(stddev_pop(col("x")), var_pop(col("x")), stddev("x")).collect()[0]
        #expect(approx(pop.double(0), 2.0) && approx(pop.double(1), 4.0) && approx(pop.double(2), (32.0 / 7.0).squareRoot()))
    }

    @Test func emptyInput() throws {
        let empty = session.range(0)
        #expect(try rows(empty.agg(count().as("n"), sum("id").as("s"), avg("id"), max("id"))) == [[.int64(0), .null, .null, .null]])
        #expect(try empty.count() == 0)
        #expect(try rows(empty.groupBy(col("id") % 2).agg(count())) == [])
        let filtered = try data().filter(col("v") > 100)
        #expect(try rows(filtered.agg(count(), countDistinct("v"), sum("v"))) == [[.int64(0), .int64(0), .null]])
    }

    @Test func groupByShortcutsAndExpressions() throws {
        let df = try data()
        #expect(try bag(df.groupBy("g").count()) == ["[NULL,2]", "[a,4]", "[b,4]"])
        #expect(try bag(df.groupBy("g").max("v")) == ["[NULL,1]", "[a,4]", "[b,9]"])
        let byExpr = session.range(10).groupBy((col("id") % 3).as("m")).agg(sum("id").as("s")).orderBy("m")
        #expect(try rows(byExpr) == [[.int64(0), .int64(18)], [.int64(1), .int64(12)], [.int64(2), .int64(15)]])
        // Aggregates inside expressions and over expressions.
        let r = try df.agg((sum("v") * 2).as("twice"), max(col("v") + 1).as("m1")).collect()[0]
        #expect(r.values == [.int64(82), .int32(10)])
        #expect(try rows(df.select(sum("v"))) == [[.int64(41)]])
    }

    @Test func sumOverflowRaises() throws {
        let df = try session.createDataFrame([[.int64(Int64.max)], [.int64(1)]], schema: Schema([Field("x", .int64)]))
        #expect(errorClass { _ = try df.agg(sum("x")).collect() } == "ARITHMETIC_OVERFLOW")
    }

    @Test func threadsGiveIdenticalAnswers() throws {
        let one = Session(threads: 1), two = Session(threads: 2)
        func query(_ s: Session) throws -> [[Value]] {
            let base = try s.range(20_000).withColumn("k", col("id") % 37)
            let agg = try base.groupBy("k").agg(count().as("n"), sum("id").as("s"), avg("id").as("a"), countDistinct(col("id") % 5).as("d"))
            let other = try s.range(37).withColumnRenamed("id", "k")
            return try rows(agg.join(other, on: "k", how: .inner).orderBy("k"))
        }
        let a = try query(one), b = try query(two)
        #expect(a.count == 37)
        #expect(a == b)
        #expect(a[0] == [.int64(0), .int64(541), .int64(Int64((0..<541).reduce(0) { $0 + $1 * 37 })),
                         .double(Double((0..<541).reduce(0) { $0 + $1 * 37 }) / 541), .int64(5)])
    }
}
