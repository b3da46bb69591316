import DataFlow
import Testing

@Suite struct JoinTests {
    /// L: (1,a) (2,b) (2,b2) (NULL,n) (4,d);  R: (2,x) (2,y) (3,z) (NULL,m) (4,w)
    let left: DataFrame
    let right: DataFrame

    init() throws {
        left = try session.createDataFrame([
            [.int32(1), .string("a")], [.int32(2), .string("b")], [.int32(2), .string("b2")], [.null, .string("n")], [.int32(4), .string("d")],
        ], schema: Schema([Field("k", .int32), Field("a", .string)]))
        right = try session.createDataFrame([
            [.int32(2), .string("x")], [.int32(2), .string("y")], [.int32(3), .string("z")], [.null, .string("m")], [.int32(4), .string("w")],
        ], schema: Schema([Field("k", .int32), Field("b", .string)]))
    }

    let innerRows = ["[2,b,x]", "[2,b,y]", "[2,b2,x]", "[2,b2,y]", "[4,d,w]"]

    @Test func usingJoins() throws {
        #expect(try left.join(right, on: "k").columns == ["k", "a", "b"])
        #expect(try bag(left.join(right, on: "k")) == innerRows)
        #expect(try bag(left.join(right, on: "k", how: .left)) == (innerRows + ["[1,a,NULL]", "[NULL,n,NULL]"]).sorted())
        #expect(try bag(left.join(right, on: "k", how: .right)) == (innerRows + ["[3,NULL,z]", "[NULL,NULL,m]"]).sorted())
        #expect(try bag(left.join(right, on: "k", how: .full)) ==
                (innerRows + ["[1,a,NULL]", "[NULL,n,NULL]", "[3,NULL,z]", "[NULL,NULL,m]"]).sorted())
        #expect(try left.join(right, on: "k", how: .leftSemi).columns == ["k", "a"])
        #expect(try bag(left.join(right, on: "k", how: .leftSemi)) == ["[2,b2]", "[2,b]", "[4,d]"])
        #expect(try bag(left.join(right, on: "k", how: .leftAnti)) == ["[1,a]", "[NULL,n]"])
    }

    @Test func conditionJoins() throws {
        let on = left.col("k") == right.col("k")
        let inner = left.join(right, on: on)
        #expect(try inner.columns == ["k", "a", "k", "b"])
        #expect(try bag(inner.select(left.col("k"), col("a"), col("b"))) == innerRows)
        #expect(try bag(left.join(right, on: on, how: .left)) ==
                ["[1,a,NULL,NULL]", "[2,b,2,x]", "[2,b,2,y]", "[2,b2,2,x]", "[2,b2,2,y]", "[4,d,4,w]", "[NULL,n,NULL,NULL]"])
        #expect(try bag(left.join(right, on: on, how: .right)) ==
                ["[2,b,2,x]", "[2,b,2,y]", "[2,b2,2,x]", "[2,b2,2,y]", "[4,d,4,w]", "[NULL,NULL,3,z]", "[NULL,NULL,NULL,m]"])
        #expect(try left.join(right, on: on, how: .full).count() == 9)
        #expect(try bag(left.join(right, on: on, how: .leftAnti)) == ["[1,a]", "[NULL,n]"])
        // A non-equi condition.
        #expect(try left.join(right, on: left.col("k") < right.col("k")).count() == 8)
        // Null-safe equality matches NULL keys.
        #expect(try left.join(right, on: left.col("k").eqNullSafe(right.col("k"))).count() == 6)
    }

    @Test func crossJoin() throws {
        #expect(try left.crossJoin(right).count() == 25)
        #expect(try left.crossJoin(right).columns == ["k", "a", "k", "b"])
        #expect(try left.join(right, on: [], how: .cross).count() == 25)
    }

    @Test func sparkJoinNames() throws {
        let expected: [(String, Int)] = [
            ("inner", 5), ("left", 7), ("leftouter", 7), ("left_outer", 7), ("right", 7), ("right_outer", 7),
            ("full", 9), ("outer", 9), ("full_outer", 9), ("fullouter", 9), ("semi", 3), ("left_semi", 3),
            ("leftsemi", 3), ("anti", 2), ("left_anti", 2), ("leftanti", 2),
        ]
        for (how, n) in expected {
            #expect(try left.join(right, on: "k", how: how).count() == Int64(n), "how: \(how)")
        }
        #expect(try left.join(right, on: left.col("k") == right.col("k"), how: "LEFT_OUTER").count() == 7)
        let e = dataFlowError { _ = try left.join(right, on: "k", how: "sideways") }
        #expect(e?.errorClass == "UNSUPPORTED_JOIN_TYPE")
        #expect(e?.message.contains("sideways") == true)
        #expect(errorClass { _ = try left.join(right, on: "nope").collect() } == "UNRESOLVED_USING_COLUMN_FOR_JOIN")
    }

    @Test func joinWithFiltersAndAggregates() throws {
        // Filters above an outer join must not be pushed into its NULL-producing side.
        let j = left.join(right, on: left.col("k") == right.col("k"), how: .left).filter(col("b").isNull)
        #expect(try bag(j.select(col("a"))) == ["[a]", "[n]"])
        let counts = left.join(right, on: "k", how: .full).groupBy("k").agg(count().as("n")).orderBy("k")
        #expect(try rows(counts) == [[.null, .int64(2)], [.int32(1), .int64(1)], [.int32(2), .int64(4)], [.int32(3), .int64(1)], [.int32(4), .int64(1)]])
    }
}

@Suite struct SortTests {
    let df: DataFrame
    init() throws {
        let data: [(Int32?, String)] = [(2, "a"), (nil, "b"), (1, "c"), (2, "d"), (1, "e"), (nil, "f"), (3, "g")]
        df = try session.createDataFrame(data.map { [$0.0.map(Value.int32) ?? .null, .string($0.1)] },
                                         schema: Schema([Field("k", .int32), Field("s", .string)]))
    }

    func letters(_ d: DataFrame) throws -> String { try d.collect().map { $0.string("s")! }.joined() }

    @Test func defaultsAndStability() throws {
        #expect(try letters(df.orderBy("k")) == "bfceadg")            // asc: NULLs first, ties keep input order
        #expect(try letters(df.orderBy(desc("k"))) == "gadcebf")      // desc: NULLs last
        #expect(try letters(df.orderBy(col("k").ascNullsLast)) == "ceadgbf")
        #expect(try letters(df.orderBy(col("k").descNullsFirst)) == "bfgadce")
        #expect(try letters(df.orderBy(col("k").desc, col("s").desc)) == "gdaecfb")
        #expect(try letters(df.orderBy(col("k").asc, col("s").desc)) == "fbecdag")
        #expect(try letters(df.orderBy(desc("s"))) == "gfedcba")
    }

    @Test func topN() throws {
        #expect(try letters(df.orderBy("k").limit(3)) == "bfc")
        #expect(try letters(df.orderBy(desc("k")).limit(4)) == "gadc")
        #expect(try letters(df.orderBy("k").offset(2).limit(3)) == "cea")
        let big = session.range(5_000).orderBy(desc("id")).limit(3)
        #expect(try rows(big) == [[.int64(4999)], [.int64(4998)], [.int64(4997)]])
        // Stability on many equal keys across morsels.
        let ties = try session.range(3_000).withColumn("k", col("id") % 2)
        let sorted = try rows(ties.orderBy("k")).map { $0[0].int64Value! }
        #expect(sorted == Array(stride(from: 0, to: 3000, by: 2)) + Array(stride(from: 1, to: 3000, by: 2)))
    }

    @Test func doublesAndStrings() throws {
        let d = try session.createDataFrame([[.double(1.5)], [.double(-0.5)], [.null], [.double(10)]], schema: Schema([Field("x", .float64)]))
        #expect(try rows(d.orderBy("x")) == [[.null], [.double(-0.5)], [.double(1.5)], [.double(10)]])
        #expect(try rows(d.orderBy(desc("x"))) == [[.double(10)], [.double(1.5)], [.double(-0.5)], [.null]])
    }
}
