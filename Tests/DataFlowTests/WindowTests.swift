import DataFlow
import Testing

/// The rows of t(id, k, x, v) by id: (k, x, v).
let windowRows: [Int32: [Value]] = [
    1: [.string("a"), .null, .double(10)],
    2: [.string("a"), .int32(1), .double(20)],
    3: [.string("a"), .int32(2), .double(30)],
    4: [.string("a"), .int32(2), .null],
    5: [.string("a"), .int32(4), .double(50)],
    6: [.string("b"), .int32(5), .double(1)],
    7: [.string("b"), .int32(5), .double(2)],
    8: [.string("b"), .int32(7), .double(3)],
]

/// t(id, k, x, v), inserted out of order. Partition "a" has a NULL order key and a tie (x = 2);
/// "b" has a tie (x = 5). Sorted by x within k: a = ids 1 (NULL), 2, 3, 4 (3 and 4 tie), 5; b = 6, 7 (tie), 8.
func windowTable(_ s: Session = session) throws -> DataFrame {
    let all = windowRows
    let order: [Int32] = [5, 3, 1, 8, 2, 6, 4, 7]
    return try s.createDataFrame(order.map { [.int32($0)] + all[$0]! },
                                 schema: Schema([Field("id", .int32), Field("k", .string), Field("x", .int32), Field("v", .float64)]))
}

/// Column `name` of `df` ordered by id.
func byId(_ df: DataFrame, _ name: String) throws -> [Value] {
    try rows(df.select(col("id"), col(name)).orderBy("id")).map { $0[1] }
}

func ints(_ v: [Int?]) -> [Value] { v.map { $0.map { .int32(Int32($0)) } ?? .null } }
func longs(_ v: [Int?]) -> [Value] { v.map { $0.map { .int64(Int64($0)) } ?? .null } }
func doubles(_ v: [Double?]) -> [Value] { v.map { $0.map { .double($0) } ?? .null } }

func close(_ a: [Value], _ b: [Value]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { x, y in
        if case .double(let d) = y { return approx(x.doubleValue, d) }
        return x == y
    }
}

@Suite struct WindowTests {
    let w = Window.partitionBy("k").orderBy("x")

    @Test func rankingFunctions() throws {
        let df = try windowTable()
            .withColumn("rn", row_number().over(w))
            .withColumn("rk", rank().over(w))
            .withColumn("dr", dense_rank().over(w))
            .withColumn("pr", percent_rank().over(w))
            .withColumn("cd", cume_dist().over(w))
            .withColumn("n2", ntile(2).over(w))
            .withColumn("n3", ntile(3).over(w))
        #expect(try byId(df, "rn") == ints([1, 2, 3, 4, 5, 1, 2, 3]))
        #expect(try byId(df, "rk") == ints([1, 2, 3, 3, 5, 1, 1, 3]))
        #expect(try byId(df, "dr") == ints([1, 2, 3, 3, 4, 1, 1, 2]))
        #expect(close(try byId(df, "pr"), doubles([0, 0.25, 0.5, 0.5, 1, 0, 0, 1])))
        #expect(close(try byId(df, "cd"), doubles([0.2, 0.4, 0.8, 0.8, 1, 2.0 / 3, 2.0 / 3, 1])))
        #expect(try byId(df, "n2") == ints([1, 1, 1, 2, 2, 1, 1, 2]))
        #expect(try byId(df, "n3") == ints([1, 1, 2, 2, 3, 1, 2, 3]))
        #expect(try df.schema.fields.first { $0.name == "rn" }?.type == .int32)
    }

    @Test func descendingOrderPutsNullsLast() throws {
        let df = try windowTable().withColumn("r", rank().over(Window.partitionBy("k").orderBy(col("x").desc)))
        #expect(try byId(df, "r") == ints([5, 4, 2, 2, 1, 2, 2, 1]))
    }

    @Test func lagAndLead() throws {
        let df = try windowTable()
            .withColumn("lag1", lag("v").over(w))
            .withColumn("lead2", lead(col("v"), 2, -1.0).over(w))
            .withColumn("lag3", lag(col("x"), 3, 0).over(w))
            .withColumn("lagNeg", lag(col("x"), -1).over(w))
        #expect(try byId(df, "lag1") == doubles([nil, 10, 20, 30, nil, nil, 1, 2]))
        // A NULL value two rows ahead stays NULL; only a missing row takes the default.
        #expect(try byId(df, "lead2") == doubles([30, nil, 50, -1, -1, 3, -1, -1]))
        #expect(try byId(df, "lag3") == ints([0, 0, 0, nil, 1, 0, 0, 0]))
        #expect(try byId(df, "lagNeg") == ints([1, 2, 2, 4, nil, 5, 7, nil]))
    }

    @Test func runningAggregatesRangeVersusRows() throws {
        let rows = w.rowsBetween(Window.unboundedPreceding, Window.currentRow)
        let df = try windowTable()
            .withColumn("sumR", sum("v").over(w))
            .withColumn("cntR", count("v").over(w))
            .withColumn("avgR", avg("v").over(w))
            .withColumn("sumRows", sum("v").over(rows))
            .withColumn("cntStar", count().over(rows))
        // RANGE (the default with orderBy): peers (x = 2 in a, x = 5 in b) share the value.
        #expect(try byId(df, "sumR") == doubles([10, 30, 60, 60, 110, 3, 3, 6]))
        #expect(try byId(df, "cntR") == longs([1, 2, 3, 3, 4, 2, 2, 3]))
        #expect(close(try byId(df, "avgR"), doubles([10, 15, 20, 20, 27.5, 1.5, 1.5, 2])))
        #expect(try byId(df, "sumRows") == doubles([10, 30, 60, 60, 110, 1, 3, 6]))
        #expect(try byId(df, "cntStar") == longs([1, 2, 3, 4, 5, 1, 2, 3]))
    }

    @Test func slidingRowsFrame() throws {
        let s = w.rowsBetween(-1, 1)
        let df = try windowTable()
            .withColumn("s", sum("v").over(s))
            .withColumn("lo", min("v").over(s))
            .withColumn("hi", max("v").over(s))
            .withColumn("xs", sum(col("x")).over(s))
        #expect(try byId(df, "s") == doubles([30, 60, 50, 80, 50, 3, 6, 5]))
        #expect(try byId(df, "lo") == doubles([10, 10, 20, 30, 50, 1, 1, 2]))
        #expect(try byId(df, "hi") == doubles([20, 30, 30, 50, 50, 2, 3, 3]))
        #expect(try byId(df, "xs") == longs([1, 3, 5, 8, 6, 10, 17, 12]))
    }

    @Test func rangeOffsetFrame() throws {
        let df = try windowTable()
            .withColumn("s", sum("v").over(w.rangeBetween(-2, Window.currentRow)))
            .withColumn("c", count().over(w.rangeBetween(-1, 1)))
        // NULL keys frame only NULL keys; x = 2 sees x in [0, 2]; x = 4 sees [2, 4].
        #expect(try byId(df, "s") == doubles([10, 20, 50, 50, 80, 3, 3, 6]))
        #expect(try byId(df, "c") == longs([1, 3, 3, 3, 1, 2, 2, 1]))
    }

    @Test func wholePartitionAndWholeFrame() throws {
        let df = try windowTable()
            .withColumn("tot", sum("v").over(Window.partitionBy("k")))
            .withColumn("med", median(col("v")).over(Window.partitionBy("k")))
            .withColumn("all", count().over())
            .withColumn("fv", first_value(col("v")).over(w))
            .withColumn("lv", last_value(col("v")).over(w))
            .withColumn("nv", nth_value(col("v"), 2).over(w.rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing)))
        #expect(try byId(df, "tot") == doubles([110, 110, 110, 110, 110, 6, 6, 6]))
        #expect(try byId(df, "med") == doubles([25, 25, 25, 25, 25, 2, 2, 2]))
        #expect(try byId(df, "all") == longs([8, 8, 8, 8, 8, 8, 8, 8]))
        #expect(try byId(df, "fv") == doubles([10, 10, 10, 10, 10, 1, 1, 1]))
        #expect(try byId(df, "lv") == doubles([10, 20, nil, nil, 50, 2, 2, 3]))
        #expect(try byId(df, "nv") == doubles([20, 20, 20, 20, 20, 2, 2, 2]))
    }

    @Test func selectWithSeveralSpecs() throws {
        let df = try windowTable().select(col("id"), row_number().over(Window.orderBy(col("id").desc)).as("r"),
                                          (sum("v").over(w) + 1).as("s1"), col("k"))
        #expect(try byId(df, "r") == ints([8, 7, 6, 5, 4, 3, 2, 1]))
        #expect(try byId(df, "s1") == doubles([11, 31, 61, 61, 111, 4, 4, 7]))
        #expect(try df.columns == ["id", "r", "s1", "k"])
    }

    @Test func filtersAboveTheWindow() throws {
        let base = try windowTable().withColumn("rn", row_number().over(w))
        // On the partition key the filter may run first; on another column it must not.
        #expect(try byId(base.filter(col("k") == "b"), "rn") == ints([1, 2, 3]))
        #expect(try byId(base.filter(col("x") >= 2), "rn") == ints([3, 4, 5, 1, 2, 3]))
        let plan = try base.filter(col("k") == "b" && col("x") >= 2).explainString()
        let optimized = plan.components(separatedBy: "== Optimized Logical Plan ==")[1].components(separatedBy: "== Physical Plan ==")[0]
        let windowLine = optimized.components(separatedBy: "\n").firstIndex { $0.contains("Window ") } ?? -1
        let filterLine = optimized.components(separatedBy: "\n").firstIndex { $0.contains("Filter") && $0.contains("x") } ?? -1
        #expect(windowLine >= 0 && filterLine >= 0 && filterLine < windowLine, "\(optimized)")
        #expect(optimized.contains("filters=[(k = b)]") || optimized.contains("(k = b)"), "\(optimized)")
    }

    @Test func pruningKeepsWhatWindowsRead() throws {
        let base = try windowTable().withColumn("r", rank().over(w)).withColumn("s", sum("v").over(Window.partitionBy("k")))
        func optimized(_ df: DataFrame) throws -> String {
            let text = try df.explainString()
            return text.components(separatedBy: "== Optimized Logical Plan ==")[1].components(separatedBy: "== Physical Plan ==")[0]
        }
        // No window result read: no window computed.
        #expect(try !optimized(base.select("id")).contains("Window"))
        // Only rank read: its window stays, the sum's goes, and v is not read.
        let onlyRank = try optimized(base.select("id", "r"))
        #expect(onlyRank.contains("rank()") && !onlyRank.contains("sum(v)"), "\(onlyRank)")
        #expect(try byId(base.select("id", "r"), "r") == ints([1, 2, 3, 3, 5, 1, 1, 3]))
        #expect(try byId(base.select("id", "s"), "s") == doubles([110, 110, 110, 110, 110, 6, 6, 6]))
    }

    @Test func errors() throws {
        let t = try windowTable()
        #expect(errorClass { _ = try t.filter(rank().over(w) == 1).collect() } == "WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE")
        #expect(errorClass { _ = try t.select(callFunction("lag", col("v"), col("x")).over(w)).collect() } == "NON_FOLDABLE_ARGUMENT")
        #expect(errorClass { _ = try t.select(ntile(0).over(w)).collect() } == "INVALID_PARAMETER_VALUE")
        #expect(errorClass { _ = try t.select(rank()).collect() } == "WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE")
        #expect(errorClass { _ = try t.select(rank().over(Window.partitionBy("k"))).collect() } == "WINDOW_FUNCTION_FRAME_NOT_ORDERED")
        #expect(errorClass { _ = try t.select(upper(col("k")).over(w)).collect() } == "UNSUPPORTED_EXPR_FOR_WINDOW")
        #expect(errorClass { _ = try t.select(sum("v").over(Window.orderBy("k").rangeBetween(-1, 0))).collect() } == "DATATYPE_MISMATCH.RANGE_FRAME_INVALID_TYPE")
        #expect(errorClass { _ = try t.select(sum("v").over(Window.orderBy("k", "x").rangeBetween(-1, 0))).collect() } == "DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER")
        #expect(errorClass { _ = try t.select(sum("v").over(w.rowsBetween(1, -1))).collect() } == "INVALID_WINDOW_FRAME")
        #expect(errorClass { _ = try t.groupBy("k").agg(rank().over(w)).collect() } == "WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE")
        #expect(errorClass { _ = try t.select(countDistinct("v").over(w)).collect() } == "DISTINCT_WINDOW_FUNCTION_UNSUPPORTED")
    }

    /// Several partitions over more than one morsel, two threads, against a plain Swift reference.
    @Test func largeInputMatchesReference() throws {
        let n = 150_000
        let s = Session(threads: 2)
        var data: [[Value]] = []
        data.reserveCapacity(n)
        for i in 0..<n {
            let x: Value = i % 97 == 0 ? .null : .int32(Int32((i * 7919) % 1000))
            data.append([.int32(Int32(i)), .int32(Int32(i % 7)), x, .int64(Int64(i % 13))])
        }
        let t = try s.createDataFrame(data, schema: Schema([Field("id", .int32), Field("k", .int32), Field("x", .int32), Field("v", .int64)]))
        let w = Window.partitionBy("k").orderBy("x")
        let out = try t.select(col("id"), row_number().over(w).as("rn"), rank().over(w).as("rk"), sum("v").over(w).as("run"),
                               sum("v").over(w.rowsBetween(-2, 2)).as("slide"), max("v").over(w.rowsBetween(-3, 0)).as("mx"),
                               sum("v").over(w.rangeBetween(-5, 5)).as("rng"))
            .collect()
        #expect(out.count == n)
        // Reference: each partition sorted by (x nulls first, id).
        var got = [[Int64]](repeating: [], count: n)
        for r in out {
            let v = r.values
            guard let id = v[0].int64Value else { continue }
            got[Int(id)] = v.dropFirst().map { $0.int64Value ?? Int64.min }
        }
        let key: (Int) -> Int = { i in i % 97 == 0 ? -1 : (i * 7919) % 1000 }
        var mismatches = 0
        for k in 0..<7 {
            let ids = (0..<n).filter { $0 % 7 == k }.sorted { (key($0), $0) < (key($1), $1) }
            let vals = ids.map { Int64($0 % 13) }
            var runningByKey: [Int: Int64] = [:]
            var acc: Int64 = 0
            for (p, id) in ids.enumerated() { acc += vals[p]; runningByKey[key(id)] = acc }
            let nullSum = ids.indices.filter { key(ids[$0]) < 0 }.reduce(Int64(0)) { $0 + vals[$1] }
            var rankOf: [Int: Int] = [:]
            for (p, id) in ids.enumerated() where rankOf[key(id)] == nil { rankOf[key(id)] = p + 1 }
            for (p, id) in ids.enumerated() {
                let slide = vals[max(0, p - 2)...min(ids.count - 1, p + 2)].reduce(0, +)
                let mx = vals[max(0, p - 3)...p].max() ?? 0
                let kx = key(id)
                let rng = kx < 0 ? nullSum : Int64(0)
                let expected: [Int64] = [Int64(p + 1), Int64(rankOf[kx]!), runningByKey[kx]!, slide, mx, rng]
                var actual = got[id]
                if kx >= 0 { actual[5] = 0 }  // checked separately below
                if actual != expected { mismatches += 1 }
            }
            // RANGE ±5 for a few keys.
            for probe in [0, 3, 500, 999] {
                guard let id = ids.first(where: { key($0) == probe }) else { continue }
                let expect = ids.filter { key($0) >= 0 && abs(key($0) - probe) <= 5 }.reduce(Int64(0)) { $0 + Int64($1 % 13) }
                if got[id][5] != expect { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }
}

/// Reference answers computed by DuckDB with Scripts/fixtures/make_window_fixtures.py (pasted output).
enum DuckDBWindowAnswers {
    // SELECT i::BIGINT, rank() OVER (PARTITION BY k ORDER BY v)::BIGINT, dense_rank() OVER (PARTITION BY k ORDER BY v)::BIGINT, percent_rank() OVER (PARTITION BY k ORDER BY v)::DOUBLE, cume_dist() OVER (PARTITION BY k ORDER BY v)::DOUBLE, ntile(4) OVER (PARTITION BY k ORDER BY v, i)::BIGINT, lag(v, 2) OVER (PARTITION BY k ORDER BY v, i)::DOUBLE, sum(v) OVER (PARTITION BY k ORDER BY v)::DOUBLE, avg(v) OVER (PARTITION BY k ORDER BY v, i ROWS BETWEEN 3 PRECEDING AND 1 FOLLOWING)::DOUBLE, min(v) OVER (PARTITION BY k ORDER BY v, i ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING)::DOUBLE, count(*) OVER (PARTITION BY k ORDER BY v RANGE BETWEEN 2 PRECEDING AND 1 FOLLOWING)::BIGINT, stddev_samp(v) OVER (PARTITION BY k ORDER BY v, i ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)::DOUBLE FROM t ORDER BY i
    static let rows: [[Value]] = [
        [.int64(0), .int64(1), .int64(1), .double(0.0), .double(0.05263157894736842), .int64(1), .null, .double(0.0), .double(0.375), .double(0.0), .int64(2), .null],
        [.int64(1), .int64(10), .int64(10), .double(0.36), .double(0.38461538461538464), .int64(2), .double(8.0), .double(47.5), .double(8.3), .double(8.0), .int64(4), .double(3.157882553582736)],
        [.int64(2), .int64(18), .int64(18), .double(0.68), .double(0.6923076923076923), .int64(3), .double(17.25), .double(185.0), .double(17.8), .double(17.25), .int64(4), .double(5.553806914345336)],
        [.int64(3), .int64(4), .int64(4), .double(0.11538461538461539), .double(0.14814814814814814), .int64(1), .double(1.25), .double(5.75), .double(1.8), .double(1.25), .int64(4), .double(1.087332362558324)],
        [.int64(4), .int64(11), .int64(11), .double(0.4166666666666667), .double(0.44), .int64(2), .double(9.25), .double(63.5), .double(10.4), .double(9.25), .int64(3), .double(3.8020628372216336)],
        [.int64(5), .int64(20), .int64(20), .double(0.7916666666666666), .double(0.8), .int64(4), .double(19.75), .double(228.75), .double(20.3), .double(19.75), .int64(4), .double(6.39894882403599)],
        [.int64(6), .int64(5), .int64(5), .double(0.16), .double(0.19230769230769232), .int64(1), .double(2.5), .double(13.75), .double(3.8), .double(2.5), .int64(3), .double(1.9685019685029528)],
        [.int64(7), .int64(14), .int64(14), .double(0.52), .double(0.5384615384615384), .int64(2), .double(13.0), .double(103.5), .double(13.55), .double(13.0), .int64(4), .double(4.564404803344156)],
        [.int64(8), .int64(25), .int64(25), .double(0.96), .double(0.9615384615384616), .int64(4), .double(22.25), .double(302.75), .double(22.8), .double(22.25), .int64(4), .double(7.228444968779017)],
        [.int64(9), .int64(7), .int64(7), .double(0.24), .double(0.2692307692307692), .int64(1), .double(6.25), .double(31.75), .double(7.05), .double(6.25), .int64(3), .double(2.6670386645294886)],
        [.int64(10), .int64(18), .int64(18), .double(0.6538461538461539), .double(0.6666666666666666), .int64(3), .double(15.5), .double(150.75), .double(16.05), .double(15.5), .int64(4), .double(5.445080078274656)],
        [.int64(11), .int64(2), .int64(2), .double(0.05555555555555555), .double(0.10526315789473684), .int64(1), .null, .double(0.75), .double(0.75), .double(0.0), .int64(3), .double(0.5303300858899106)],
        [.int64(12), .int64(9), .int64(9), .double(0.3333333333333333), .double(0.36), .int64(2), .double(8.75), .double(50.0), .double(9.05), .double(8.75), .int64(4), .double(3.344252947636853)],
        [.int64(13), .int64(20), .int64(20), .double(0.76), .double(0.7692307692307693), .int64(3), .double(18.0), .double(204.0), .double(18.55), .double(18.0), .int64(4), .double(5.8840775335691)],
        [.int64(14), .int64(4), .int64(4), .double(0.12), .double(0.15384615384615385), .int64(1), .double(2.0), .double(8.75), .double(2.55), .double(2.0), .int64(4), .double(1.087332362558324)],
        [.int64(15), .int64(13), .int64(13), .double(0.48), .double(0.5), .int64(2), .double(10.0), .double(81.25), .double(11.25), .double(10.0), .int64(3), .double(3.9830369485272583)],
        [.int64(16), .int64(22), .int64(22), .double(0.84), .double(0.8461538461538461), .int64(4), .double(20.5), .double(267.75), .double(21.05), .double(20.5), .int64(4), .double(6.482754762241073)],
        [.int64(17), .int64(7), .int64(7), .double(0.23076923076923078), .double(0.25925925925925924), .int64(1), .double(3.25), .double(20.0), .double(4.65), .double(3.25), .int64(3), .double(2.07593925959403)],
        [.int64(18), .int64(15), .int64(15), .double(0.5833333333333334), .double(0.6), .int64(3), .double(13.75), .double(119.25), .double(14.3), .double(13.75), .int64(4), .double(4.9544352424296125)],
        [.int64(19), .int64(24), .int64(24), .double(0.9583333333333334), .double(0.96), .int64(4), .double(23.0), .double(321.5), .double(23.55), .double(23.0), .int64(4), .double(7.347698791882523)],
        [.int64(20), .int64(9), .int64(9), .double(0.32), .double(0.34615384615384615), .int64(2), .double(7.0), .double(42.5), .double(7.8), .double(7.0), .int64(3), .double(2.8019090714090713)],
        [.int64(21), .int64(18), .int64(18), .double(0.68), .double(0.6923076923076923), .int64(3), .double(16.25), .double(169.25), .double(16.8), .double(16.25), .int64(4), .double(5.577751819458905)],
        [.int64(22), .int64(3), .int64(3), .double(0.1111111111111111), .double(0.15789473684210525), .int64(1), .double(0.0), .double(2.25), .double(1.125), .double(0.0), .int64(4), .double(0.75)],
        [.int64(23), .int64(10), .int64(10), .double(0.36), .double(0.38461538461538464), .int64(2), .double(9.5), .double(62.25), .double(9.9), .double(9.5), .int64(4), .double(3.4969232508338273)],
        [.int64(24), .int64(22), .int64(22), .double(0.8076923076923077), .double(0.8148148148148148), .int64(4), .double(18.75), .double(226.5), .double(19.3), .double(18.75), .int64(4), .double(6.446499771764467)],
        [.int64(25), .int64(5), .int64(5), .double(0.16666666666666666), .double(0.2), .int64(1), .double(2.75), .double(12.0), .double(3.3), .double(2.75), .int64(4), .double(1.526843148460247)],
        [.int64(26), .int64(12), .int64(12), .double(0.4583333333333333), .double(0.48), .int64(2), .double(10.75), .double(86.0), .double(12.0), .double(10.75), .int64(3), .double(4.112527056188055)],
        [.int64(27), .int64(24), .int64(24), .double(0.92), .double(0.9230769230769231), .int64(4), .double(21.25), .double(289.75), .double(21.8), .double(21.25), .int64(4), .double(6.859806993841272)],
        [.int64(28), .int64(7), .int64(7), .double(0.24), .double(0.2692307692307692), .int64(1), .double(4.0), .double(25.25), .double(5.4), .double(4.0), .int64(3), .double(2.07593925959403)],
        [.int64(29), .int64(17), .int64(17), .double(0.64), .double(0.6538461538461539), .int64(3), .double(14.5), .double(140.0), .double(15.05), .double(14.5), .int64(4), .double(5.072498296755578)],
        [.int64(30), .int64(26), .int64(26), .double(1.0), .double(1.0), .int64(4), .double(23.75), .double(363.5), .double(23.9375), .double(23.75), .int64(3), .double(7.361359615221591)],
        [.int64(31), .int64(11), .int64(11), .double(0.38461538461538464), .double(0.4074074074074074), .int64(2), .double(7.75), .double(51.75), .double(8.55), .double(7.75), .int64(3), .double(3.083865637917332)],
        [.int64(32), .int64(19), .int64(19), .double(0.75), .double(0.76), .int64(3), .double(17.0), .double(188.0), .double(17.55), .double(17.0), .int64(4), .double(5.853130566363661)],
        [.int64(33), .int64(4), .int64(4), .double(0.16666666666666666), .double(0.21052631578947367), .int64(1), .double(0.75), .double(4.5), .double(1.5), .double(0.75), .int64(4), .double(0.9682458365518543)],
        [.int64(34), .int64(12), .int64(12), .double(0.44), .double(0.46153846153846156), .int64(2), .double(10.25), .double(75.25), .double(10.65), .double(10.25), .int64(4), .double(3.6919112033380936)],
        [.int64(35), .int64(22), .int64(22), .double(0.84), .double(0.8461538461538461), .int64(4), .double(19.5), .double(248.0), .double(20.05), .double(19.5), .int64(4), .double(6.468287608690928)],
        [.int64(36), .int64(6), .int64(6), .double(0.2), .double(0.23076923076923078), .int64(1), .double(3.5), .double(16.0), .double(4.05), .double(3.5), .int64(4), .double(1.807392228230128)],
        [.int64(37), .int64(13), .int64(13), .double(0.48), .double(0.5), .int64(2), .double(11.5), .double(100.5), .double(12.75), .double(11.5), .int64(3), .double(4.197545833655783)],
        [.int64(38), .int64(26), .int64(26), .double(0.9615384615384616), .double(0.9629629629629629), .int64(4), .double(22.0), .double(315.25), .double(22.55), .double(22.0), .int64(4), .double(7.361810239336519)],
        [.int64(39), .int64(7), .int64(7), .double(0.25), .double(0.28), .int64(1), .double(4.0), .double(24.0), .double(5.5), .double(4.0), .int64(2), .double(2.271720556255607)],
        [.int64(40), .int64(15), .int64(15), .double(0.5833333333333334), .double(0.6), .int64(3), .double(14.0), .double(131.75), .double(15.25), .double(14.0), .int64(3), .double(4.971226733724307)],
        [.int64(41), .int64(1), .int64(1), .double(0.0), .double(0.038461538461538464), .int64(1), .null, .double(0.5), .double(0.875), .double(0.5), .int64(2), .null],
        [.int64(42), .int64(10), .int64(10), .double(0.36), .double(0.38461538461538464), .int64(2), .double(7.25), .double(50.75), .double(8.75), .double(7.25), .int64(2), .double(2.967532645144784)],
        [.int64(43), .int64(20), .int64(20), .double(0.76), .double(0.7692307692307693), .int64(3), .double(16.5), .double(193.25), .double(17.75), .double(16.5), .int64(3), .double(5.829414410420746)],
        [.int64(44), .int64(5), .int64(5), .double(0.2222222222222222), .double(0.2631578947368421), .int64(1), .double(1.5), .double(7.5), .double(2.25), .double(1.5), .int64(4), .double(1.1858541225631423)],
        [.int64(45), .int64(13), .int64(13), .double(0.46153846153846156), .double(0.48148148148148145), .int64(2), .double(9.0), .double(75.0), .double(10.75), .double(9.0), .int64(3), .double(3.8398425782369032)],
        [.int64(46), .int64(22), .int64(22), .double(0.875), .double(0.88), .int64(4), .double(19.0), .double(248.75), .double(20.25), .double(19.0), .int64(3), .double(6.537862171604091)],
        [.int64(47), .int64(5), .int64(5), .double(0.16666666666666666), .double(0.2), .int64(1), .double(3.0), .double(15.5), .double(4.15), .double(3.0), .int64(3), .double(1.8251712248443979)],
        [.int64(48), .int64(15), .int64(15), .double(0.56), .double(0.5769230769230769), .int64(3), .double(12.25), .double(115.75), .double(13.5), .double(12.25), .int64(3), .double(4.460007473835292)],
        [.int64(49), .int64(25), .int64(25), .double(0.96), .double(0.9615384615384616), .int64(4), .double(21.5), .double(316.25), .double(22.75), .double(21.5), .int64(3), .double(7.15745532061966)],
        [.int64(50), .int64(8), .int64(8), .double(0.28), .double(0.3076923076923077), .int64(2), .double(4.75), .double(29.5), .double(6.25), .double(4.75), .int64(2), .double(2.520452056958944)],
        [.int64(51), .int64(16), .int64(16), .double(0.6), .double(0.6153846153846154), .int64(3), .double(14.75), .double(148.5), .double(16.0), .double(14.75), .int64(3), .double(5.041391177046273)],
        [.int64(52), .int64(2), .int64(2), .double(0.038461538461538464), .double(0.07407407407407407), .int64(1), .null, .double(1.25), .double(1.0833333333333333), .double(0.0), .int64(3), .double(0.8838834764831844)],
        [.int64(53), .int64(10), .int64(10), .double(0.375), .double(0.4), .int64(2), .double(8.0), .double(51.75), .double(9.35), .double(8.0), .int64(2), .double(3.419815622060477)],
        [.int64(54), .int64(18), .int64(18), .double(0.7083333333333334), .double(0.72), .int64(3), .double(17.25), .double(187.25), .double(18.5), .double(17.25), .int64(3), .double(5.866867894276203)],
        [.int64(55), .int64(6), .int64(6), .double(0.2777777777777778), .double(0.3157894736842105), .int64(2), .double(2.25), .double(11.25), .double(3.0), .double(2.25), .int64(4), .double(1.403121520040228)],
        [.int64(56), .int64(12), .int64(12), .double(0.44), .double(0.46153846153846156), .int64(2), .double(9.75), .double(75.5), .double(11.35), .double(9.75), .int64(3), .double(3.917955945117146)],
        [.int64(57), .int64(23), .int64(23), .double(0.88), .double(0.8846153846153846), .int64(4), .double(19.75), .double(256.25), .double(21.0), .double(19.75), .int64(3), .double(6.688196049994502)],
        [.int64(58), .int64(5), .int64(5), .double(0.16), .double(0.19230769230769232), .int64(1), .double(3.75), .double(17.25), .double(4.75), .double(3.75), .int64(3), .double(2.341206953688631)],
        [.int64(59), .int64(16), .int64(16), .double(0.5769230769230769), .double(0.5925925925925926), .int64(3), .double(13.0), .double(117.75), .double(14.25), .double(13.0), .int64(3), .double(4.867381868109384)],
        [.int64(60), .int64(25), .int64(25), .double(1.0), .double(1.0), .int64(4), .double(22.25), .double(319.25), .double(23.0), .double(22.25), .int64(2), .double(7.340640299047488)],
        [.int64(61), .int64(7), .int64(7), .double(0.25), .double(0.28), .int64(1), .double(5.5), .double(30.5), .double(6.85), .double(5.5), .int64(2), .double(2.711307890334566)],
        [.int64(62), .int64(18), .int64(18), .double(0.68), .double(0.6923076923076923), .int64(3), .double(15.5), .double(166.0), .double(16.75), .double(15.5), .int64(3), .double(5.344657096308816)],
        [.int64(63), .int64(2), .int64(2), .double(0.04), .double(0.07692307692307693), .int64(1), .null, .double(2.75), .double(1.8333333333333333), .double(0.75), .int64(3), .double(0.8838834764831844)],
        [.int64(64), .int64(12), .int64(12), .double(0.44), .double(0.46153846153846156), .int64(2), .double(9.25), .double(68.75), .double(10.35), .double(9.25), .int64(3), .double(3.66875371044157)],
        [.int64(65), .int64(20), .int64(20), .double(0.76), .double(0.7692307692307693), .int64(3), .double(18.5), .double(224.75), .double(19.5), .double(18.5), .int64(4), .double(6.030337229812538)],
        [.int64(66), .int64(7), .int64(7), .double(0.3333333333333333), .double(0.3684210526315789), .int64(2), .double(3.0), .double(15.75), .double(3.75), .double(3.0), .int64(4), .double(1.620185174601965)],
        [.int64(67), .int64(13), .int64(13), .double(0.5), .double(0.52), .int64(2), .double(11.75), .double(89.75), .double(12.6), .double(11.75), .int64(4), .double(4.442384004228545)],
        [.int64(68), .int64(22), .int64(22), .double(0.875), .double(0.88), .int64(4), .double(21.0), .double(273.5), .double(22.0), .double(21.0), .int64(4), .double(6.887783274868515)],
        [.int64(69), .int64(7), .int64(7), .double(0.24), .double(0.2692307692307692), .int64(1), .double(5.0), .double(26.5), .double(6.0), .double(5.0), .int64(4), .double(2.417077140838063)],
        [.int64(70), .int64(16), .int64(16), .double(0.6), .double(0.6153846153846154), .int64(3), .double(14.25), .double(134.75), .double(15.25), .double(14.25), .int64(4), .double(5.10042379775119)],
        [.int64(71), .int64(1), .int64(1), .double(0.0), .double(0.038461538461538464), .int64(1), .null, .double(0.25), .double(0.625), .double(0.25), .int64(2), .null],
        [.int64(72), .int64(8), .int64(8), .double(0.28), .double(0.3076923076923077), .int64(2), .double(7.0), .double(41.25), .double(8.1), .double(7.0), .int64(3), .double(3.0294315237586833)],
        [.int64(73), .int64(20), .int64(20), .double(0.7307692307692307), .double(0.7407407407407407), .int64(3), .double(16.75), .double(187.0), .double(17.75), .double(16.75), .int64(4), .double(5.96447818337866)],
        [.int64(74), .int64(3), .int64(3), .double(0.08333333333333333), .double(0.12), .int64(1), .double(0.25), .double(4.5), .double(2.0), .double(0.25), .int64(3), .double(1.25)],
        [.int64(75), .int64(11), .int64(11), .double(0.4166666666666667), .double(0.44), .int64(2), .double(10.0), .double(72.75), .double(11.1), .double(10.0), .int64(3), .double(3.8166798994080517)],
        [.int64(76), .int64(22), .int64(22), .double(0.84), .double(0.8461538461538461), .int64(4), .double(19.25), .double(245.25), .double(20.25), .double(19.25), .int64(4), .double(6.385278404504404)],
        [.int64(77), .int64(8), .int64(8), .double(0.3888888888888889), .double(0.42105263157894735), .int64(2), .double(3.75), .double(21.0), .double(4.5), .double(3.75), .int64(4), .double(1.8371173070873836)],
        [.int64(78), .int64(15), .int64(15), .double(0.56), .double(0.5769230769230769), .int64(3), .double(12.5), .double(109.0), .double(13.35), .double(12.5), .int64(4), .double(4.566440731289628)],
        [.int64(79), .int64(24), .int64(24), .double(0.92), .double(0.9230769230769231), .int64(4), .double(21.75), .double(314.0), .double(22.75), .double(21.75), .int64(4), .double(6.926111065580281)],
        [.int64(80), .int64(9), .int64(9), .double(0.3076923076923077), .double(0.3333333333333333), .int64(2), .double(5.75), .double(34.25), .double(6.75), .double(5.75), .int64(4), .double(2.621359910004305)],
        [.int64(81), .int64(17), .int64(17), .double(0.6666666666666666), .double(0.68), .int64(3), .double(15.0), .double(152.0), .double(16.0), .double(15.0), .int64(4), .double(5.418089933676975)],
        [.int64(82), .int64(1), .int64(1), .double(0.0), .double(0.04), .int64(1), .null, .double(1.0), .double(1.375), .double(1.0), .int64(2), .null],
        [.int64(83), .int64(10), .int64(10), .double(0.36), .double(0.38461538461538464), .int64(2), .double(7.75), .double(52.75), .double(8.85), .double(7.75), .int64(3), .double(3.167653355052882)],
        [.int64(84), .int64(20), .int64(20), .double(0.76), .double(0.7692307692307693), .int64(3), .double(17.5), .double(207.0), .double(18.5), .double(17.5), .int64(4), .double(6.031387201875484)],
        [.int64(85), .int64(4), .int64(4), .double(0.12), .double(0.15384615384615385), .int64(1), .double(1.0), .double(7.0), .double(2.25), .double(1.0), .int64(3), .double(1.4288690166235207)],
        [.int64(86), .int64(12), .int64(12), .double(0.44), .double(0.46153846153846156), .int64(2), .double(10.75), .double(86.5), .double(11.85), .double(10.75), .int64(3), .double(3.917955945117146)],
        [.int64(87), .int64(24), .int64(24), .double(0.8846153846153846), .double(0.8888888888888888), .int64(4), .double(20.0), .double(269.25), .double(21.0), .double(20.0), .int64(4), .double(6.911046804557369)],
        [.int64(88), .int64(9), .int64(9), .double(0.4444444444444444), .double(0.47368421052631576), .int64(2), .double(4.5), .double(27.0), .double(5.25), .double(4.5), .int64(4), .double(2.053959590644373)],
        [.int64(89), .int64(14), .int64(14), .double(0.5416666666666666), .double(0.56), .int64(3), .double(13.25), .double(115.25), .double(14.2), .double(13.25), .int64(3), .double(4.659011414735681)],
        [.int64(90), .int64(26), .int64(26), .double(1.0), .double(1.0), .int64(4), .double(22.5), .double(337.5), .double(23.0625), .double(22.5), .int64(3), .double(7.321858738367969)],
        [.int64(91), .int64(9), .int64(9), .double(0.32), .double(0.34615384615384615), .int64(2), .double(6.5), .double(41.0), .double(7.6), .double(6.5), .int64(3), .double(2.621359910004305)],
        [.int64(92), .int64(19), .int64(19), .double(0.72), .double(0.7307692307692307), .int64(3), .double(15.75), .double(174.25), .double(16.85), .double(15.75), .int64(3), .double(5.547179358053006)],
        [.int64(93), .int64(2), .int64(2), .double(0.04), .double(0.07692307692307693), .int64(1), .null, .double(2.25), .double(2.0), .double(0.5), .int64(2), .double(0.8838834764831844)],
        [.int64(94), .int64(12), .int64(12), .double(0.4230769230769231), .double(0.4444444444444444), .int64(2), .double(8.5), .double(62.75), .double(9.7), .double(8.5), .int64(2), .double(3.45664434842741)],
        [.int64(95), .int64(21), .int64(21), .double(0.8333333333333334), .double(0.84), .int64(4), .double(18.25), .double(227.25), .double(19.35), .double(18.25), .int64(3), .double(6.279999431301158)],
        [.int64(96), .int64(4), .int64(4), .double(0.125), .double(0.16), .int64(1), .double(1.75), .double(10.0), .double(3.1), .double(1.75), .int64(2), .double(1.4288690166235207)],
        [.int64(97), .int64(14), .int64(14), .double(0.52), .double(0.5384615384615384), .int64(2), .double(11.5), .double(101.0), .double(12.6), .double(11.5), .int64(3), .double(4.164706498635915)],
        [.int64(98), .int64(24), .int64(24), .double(0.92), .double(0.9230769230769231), .int64(4), .double(20.75), .double(292.25), .double(21.85), .double(20.75), .int64(3), .double(6.900881783080911)],
        [.int64(99), .int64(10), .int64(10), .double(0.5), .double(0.5263157894736842), .int64(2), .double(5.25), .double(33.75), .double(6.0), .double(5.25), .int64(4), .double(2.2707377655731187)],
        [.int64(100), .int64(15), .int64(15), .double(0.56), .double(0.5769230769230769), .int64(3), .double(14.0), .double(131.25), .double(14.95), .double(14.0), .int64(3), .double(4.732109164300539)],
        [.int64(101), .int64(1), .int64(1), .double(0.0), .double(0.037037037037037035), .int64(1), .null, .double(0.0), .double(0.625), .double(0.0), .int64(1), .null],
        [.int64(102), .int64(9), .int64(9), .double(0.3333333333333333), .double(0.36), .int64(2), .double(7.25), .double(41.25), .double(7.95), .double(7.25), .int64(3), .double(3.0362394503727796)],
        [.int64(103), .int64(17), .int64(17), .double(0.6666666666666666), .double(0.68), .int64(3), .double(16.5), .double(167.5), .double(17.45), .double(16.5), .int64(3), .double(5.548830692931938)],
        [.int64(104), .int64(3), .int64(3), .double(0.08), .double(0.11538461538461539), .int64(1), .double(0.5), .double(4.25), .double(2.1875), .double(0.5), .int64(3), .double(1.0103629710818451)],
        [.int64(105), .int64(11), .int64(11), .double(0.4), .double(0.4230769230769231), .int64(2), .double(8.5), .double(62.5), .double(10.05), .double(8.5), .int64(2), .double(3.4606554817890154)],
        [.int64(106), .int64(22), .int64(22), .double(0.84), .double(0.8461538461538461), .int64(4), .double(19.0), .double(234.0), .double(19.95), .double(19.0), .int64(3), .double(6.381113908920192)],
        [.int64(107), .int64(4), .int64(4), .double(0.12), .double(0.15384615384615385), .int64(1), .double(1.75), .double(11.0), .double(3.45), .double(1.75), .int64(2), .double(2.01038968030247)],
        [.int64(108), .int64(15), .int64(15), .double(0.5384615384615384), .double(0.5555555555555556), .int64(3), .double(12.25), .double(102.25), .double(13.2), .double(12.25), .int64(3), .double(4.509381754689196)],
        [.int64(109), .int64(24), .int64(24), .double(0.9583333333333334), .double(0.96), .int64(4), .double(21.5), .double(294.5), .double(22.45), .double(21.5), .int64(3), .double(7.051794663134661)],
        [.int64(110), .int64(11), .int64(11), .double(0.5555555555555556), .double(0.5789473684210527), .int64(3), .double(6.0), .double(41.25), .double(6.75), .double(6.0), .int64(4), .double(2.48746859276655)],
        [.int64(111), .int64(17), .int64(17), .double(0.64), .double(0.6538461538461539), .int64(3), .double(14.75), .double(148.0), .double(15.7), .double(14.75), .int64(3), .double(5.025120718479718)],
        [.int64(112), .int64(1), .int64(1), .double(0.0), .double(0.038461538461538464), .int64(1), .null, .double(0.75), .double(1.375), .double(0.75), .int64(1), .null],
        [.int64(113), .int64(11), .int64(11), .double(0.4), .double(0.4230769230769231), .int64(2), .double(8.75), .double(57.5), .double(9.45), .double(8.75), .int64(4), .double(3.388315483862419)],
        [.int64(114), .int64(19), .int64(19), .double(0.72), .double(0.7307692307692307), .int64(3), .double(18.0), .double(204.25), .double(18.7), .double(18.0), .int64(4), .double(5.776508941874457)],
        [.int64(115), .int64(5), .int64(5), .double(0.15384615384615385), .double(0.18518518518518517), .int64(1), .double(2.0), .double(9.0), .double(2.85), .double(2.0), .int64(4), .double(1.2424773639789177)],
        [.int64(116), .int64(12), .int64(12), .double(0.4583333333333333), .double(0.48), .int64(2), .double(10.5), .double(76.0), .double(11.55), .double(10.5), .int64(3), .double(4.112527056188055)],
        [.int64(117), .int64(21), .int64(21), .double(0.8333333333333334), .double(0.84), .int64(4), .double(20.5), .double(250.5), .double(21.2), .double(20.5), .int64(4), .double(6.63048963932098)],
        [.int64(118), .int64(6), .int64(6), .double(0.2), .double(0.23076923076923078), .int64(1), .double(4.5), .double(19.5), .double(4.95), .double(4.5), .int64(3), .double(2.1447610589527217)],
        [.int64(119), .int64(15), .int64(15), .double(0.56), .double(0.5769230769230769), .int64(3), .double(13.75), .double(118.5), .double(14.45), .double(13.75), .int64(4), .double(4.817008555999401)],
        [.int64(120), .int64(26), .int64(26), .double(1.0), .double(1.0), .int64(4), .double(23.0), .double(327.0), .double(23.25), .double(23.0), .int64(4), .double(7.471870325015429)],
        [.int64(121), .int64(12), .int64(12), .double(0.6111111111111112), .double(0.631578947368421), .int64(3), .double(6.75), .double(49.5), .double(7.5), .double(6.75), .int64(4), .double(2.704163456597992)],
        [.int64(122), .int64(19), .int64(19), .double(0.6923076923076923), .double(0.7037037037037037), .int64(3), .double(16.25), .double(168.25), .double(16.95), .double(16.25), .int64(4), .double(5.690706232700876)],
        [.int64(123), .int64(2), .int64(2), .double(0.041666666666666664), .double(0.08), .int64(1), .null, .double(1.75), .double(1.5), .double(0.25), .int64(2), .double(0.8838834764831844)],
        [.int64(124), .int64(10), .int64(10), .double(0.375), .double(0.4), .int64(2), .double(9.5), .double(60.75), .double(10.2), .double(9.5), .int64(4), .double(3.5552191681151437)],
        [.int64(125), .int64(21), .int64(21), .double(0.8), .double(0.8076923076923077), .int64(4), .double(18.75), .double(224.0), .double(19.45), .double(18.75), .int64(4), .double(6.120831915134848)],
        [.int64(126), .int64(5), .int64(5), .double(0.16), .double(0.19230769230769232), .int64(1), .double(2.75), .double(12.75), .double(3.6), .double(2.75), .int64(4), .double(1.2424773639789177)],
        [.int64(127), .int64(14), .int64(14), .double(0.52), .double(0.5384615384615384), .int64(2), .double(11.25), .double(94.5), .double(12.3), .double(11.25), .int64(3), .double(4.259604532022987)],
        [.int64(128), .int64(23), .int64(23), .double(0.88), .double(0.8846153846153846), .int64(4), .double(21.25), .double(290.25), .double(21.95), .double(21.25), .int64(4), .double(6.689913356050469)],
        [.int64(129), .int64(8), .int64(8), .double(0.2692307692307692), .double(0.2962962962962963), .int64(2), .double(5.25), .double(26.5), .double(5.7), .double(5.25), .int64(3), .double(2.313585652494537)],
        [.int64(130), .int64(16), .int64(16), .double(0.625), .double(0.64), .int64(3), .double(14.5), .double(135.0), .double(15.2), .double(14.5), .int64(4), .double(5.1684136831333465)],
        [.int64(131), .int64(25), .int64(25), .double(1.0), .double(1.0), .int64(4), .double(23.75), .double(346.5), .double(24.0), .double(23.75), .int64(4), .double(7.558135793081961)],
        [.int64(132), .int64(13), .int64(13), .double(0.6666666666666666), .double(0.6842105263157895), .int64(3), .double(7.5), .double(58.5), .double(8.25), .double(7.5), .int64(4), .double(2.920830361386981)],
        [.int64(133), .int64(19), .int64(19), .double(0.72), .double(0.7307692307692307), .int64(3), .double(17.0), .double(187.5), .double(17.7), .double(17.0), .int64(4), .double(5.788139466143863)],
        [.int64(134), .int64(3), .int64(3), .double(0.08), .double(0.11538461538461539), .int64(1), .double(0.25), .double(3.5), .double(1.75), .double(0.25), .int64(3), .double(1.0103629710818451)],
        [.int64(135), .int64(11), .int64(11), .double(0.4), .double(0.4230769230769231), .int64(2), .double(10.25), .double(73.75), .double(10.95), .double(10.25), .int64(4), .double(3.6790253155866264)],
        [.int64(136), .int64(23), .int64(23), .double(0.8461538461538461), .double(0.8518518518518519), .int64(4), .double(19.5), .double(247.25), .double(20.2), .double(19.5), .int64(4), .double(6.664867181381378)],
        [.int64(137), .int64(6), .int64(6), .double(0.20833333333333334), .double(0.24), .int64(1), .double(3.5), .double(16.75), .double(4.45), .double(3.5), .int64(4), .double(1.668956759975125)],
        [.int64(138), .int64(13), .int64(13), .double(0.5), .double(0.52), .int64(2), .double(12.0), .double(100.0), .double(13.05), .double(12.0), .int64(3), .double(4.36982294425101)],
        [.int64(139), .int64(25), .int64(25), .double(0.96), .double(0.9615384615384616), .int64(4), .double(22.0), .double(313.0), .double(22.7), .double(22.0), .int64(4), .double(7.077664398184852)],
        [.int64(140), .int64(8), .int64(8), .double(0.28), .double(0.3076923076923077), .int64(2), .double(6.0), .double(32.5), .double(6.45), .double(6.0), .int64(3), .double(2.313585652494537)],
        [.int64(141), .int64(18), .int64(18), .double(0.68), .double(0.6923076923076923), .int64(3), .double(15.25), .double(156.5), .double(15.95), .double(15.25), .int64(4), .double(5.29258329254219)],
        [.int64(142), .int64(1), .int64(1), .double(0.0), .double(0.038461538461538464), .int64(1), .null, .double(0.5), .double(1.125), .double(0.5), .int64(1), .null],
        [.int64(143), .int64(14), .int64(14), .double(0.7222222222222222), .double(0.7368421052631579), .int64(3), .double(8.25), .double(68.25), .double(9.0), .double(8.25), .int64(4), .double(3.137475099502783)],
        [.int64(144), .int64(20), .int64(20), .double(0.7916666666666666), .double(0.8), .int64(4), .double(17.75), .double(207.0), .double(18.45), .double(17.75), .int64(4), .double(6.049902130569856)],
        [.int64(145), .int64(3), .int64(3), .double(0.08333333333333333), .double(0.12), .int64(1), .double(1.0), .double(5.75), .double(2.5), .double(1.0), .int64(3), .double(1.0103629710818451)],
        [.int64(146), .int64(13), .int64(13), .double(0.48), .double(0.5), .int64(2), .double(11.0), .double(87.5), .double(11.7), .double(11.0), .int64(4), .double(3.9044066163299416)],
        [.int64(147), .int64(23), .int64(23), .double(0.88), .double(0.8846153846153846), .int64(4), .double(20.25), .double(269.5), .double(20.95), .double(20.25), .int64(4), .double(6.669683935125143)],
        [.int64(148), .int64(7), .int64(7), .double(0.24), .double(0.2692307692307692), .int64(1), .double(4.25), .double(21.5), .double(5.2), .double(4.25), .int64(4), .double(1.9669894811736082)],
        [.int64(149), .int64(14), .int64(14), .double(0.52), .double(0.5384615384615384), .int64(2), .double(12.75), .double(115.25), .double(13.8), .double(12.75), .int64(3), .double(4.447843347012172)],
        [.int64(150), .int64(27), .int64(27), .double(1.0), .double(1.0), .int64(4), .double(22.75), .double(339.25), .double(23.0), .double(22.75), .int64(4), .double(7.571960101062325)],
        [.int64(151), .int64(8), .int64(8), .double(0.2916666666666667), .double(0.32), .int64(2), .double(4.75), .double(32.0), .double(6.65), .double(4.75), .int64(2), .double(2.65249208966102)],
        [.int64(152), .int64(16), .int64(16), .double(0.625), .double(0.64), .int64(3), .double(15.25), .double(149.0), .double(16.3), .double(15.25), .int64(3), .double(5.248412458385235)],
        [.int64(153), .int64(2), .int64(2), .double(0.04), .double(0.07692307692307693), .int64(1), .null, .double(1.75), .double(1.4166666666666667), .double(0.5), .int64(2), .double(0.5303300858899106)],
        [.int64(154), .int64(15), .int64(15), .double(0.7777777777777778), .double(0.7894736842105263), .int64(3), .double(9.0), .double(78.75), .double(9.75), .double(9.0), .int64(4), .double(3.3541019662496847)],
        [.int64(155), .int64(21), .int64(21), .double(0.8), .double(0.8076923076923077), .int64(4), .double(17.75), .double(213.0), .double(18.8), .double(17.75), .int64(3), .double(6.093321871407372)],
        [.int64(156), .int64(3), .int64(3), .double(0.08), .double(0.11538461538461539), .int64(1), .double(0.5), .double(6.0), .double(2.75), .double(0.5), .int64(2), .double(1.6393596310755)],
        [.int64(157), .int64(14), .int64(14), .double(0.5), .double(0.5185185185185185), .int64(2), .double(11.0), .double(88.0), .double(11.9), .double(11.0), .int64(3), .double(4.164706498635915)],
        [.int64(158), .int64(23), .int64(23), .double(0.9166666666666666), .double(0.92), .int64(4), .double(20.25), .double(271.0), .double(21.3), .double(20.25), .int64(3), .double(6.782876312243477)],
        [.int64(159), .int64(6), .int64(6), .double(0.20833333333333334), .double(0.24), .int64(1), .double(4.25), .double(21.75), .double(5.55), .double(4.25), .int64(3), .double(2.0781602440620404)],
        [.int64(160), .int64(16), .int64(16), .double(0.6), .double(0.6153846153846154), .int64(3), .double(13.5), .double(131.25), .double(14.55), .double(13.5), .int64(3), .double(4.727771453514506)],
        [.int64(161), .int64(26), .int64(26), .double(1.0), .double(1.0), .int64(4), .double(22.75), .double(341.0), .double(23.25), .double(22.75), .int64(3), .double(7.403455534151188)],
        [.int64(162), .int64(9), .int64(9), .double(0.32), .double(0.34615384615384615), .int64(2), .double(5.5), .double(38.25), .double(7.25), .double(5.5), .int64(3), .double(2.8993533761858004)],
        [.int64(163), .int64(17), .int64(17), .double(0.64), .double(0.6538461538461539), .int64(3), .double(16.0), .double(166.5), .double(16.9), .double(16.0), .int64(4), .double(5.319653488272908)],
        [.int64(164), .int64(3), .int64(3), .double(0.07692307692307693), .double(0.1111111111111111), .int64(1), .double(0.0), .double(3.25), .double(1.4375), .double(0.0), .int64(4), .double(1.0103629710818451)],
        [.int64(165), .int64(16), .int64(16), .double(0.8333333333333334), .double(0.8421052631578947), .int64(4), .double(9.75), .double(90.0), .double(10.5), .double(9.75), .int64(4), .double(3.570714214271425)],
        [.int64(166), .int64(19), .int64(19), .double(0.75), .double(0.76), .int64(3), .double(18.5), .double(207.75), .double(19.4), .double(18.5), .int64(4), .double(6.154177728078052)],
        [.int64(167), .int64(4), .int64(4), .double(0.12), .double(0.15384615384615385), .int64(1), .double(1.25), .double(8.75), .double(2.75), .double(1.25), .int64(3), .double(1.748511271529774)],
        [.int64(168), .int64(13), .int64(13), .double(0.48), .double(0.5), .int64(2), .double(11.75), .double(89.25), .double(12.5), .double(11.75), .int64(4), .double(4.283708703496336)],
        [.int64(169), .int64(24), .int64(24), .double(0.92), .double(0.9230769230769231), .int64(4), .double(21.0), .double(279.25), .double(21.9), .double(21.0), .int64(4), .double(6.974713320689038)],
        [.int64(170), .int64(6), .int64(6), .double(0.2), .double(0.23076923076923078), .int64(1), .double(5.0), .double(24.25), .double(5.9), .double(5.0), .int64(4), .double(2.5466481238417424)],
        [.int64(171), .int64(17), .int64(17), .double(0.6153846153846154), .double(0.6296296296296297), .int64(3), .double(14.25), .double(134.0), .double(15.15), .double(14.25), .int64(4), .double(5.1826917830068835)],
        [.int64(172), .int64(1), .int64(1), .double(0.0), .double(0.04), .int64(1), .null, .double(0.25), .double(0.875), .double(0.25), .int64(1), .null],
        [.int64(173), .int64(8), .int64(8), .double(0.2916666666666667), .double(0.32), .int64(2), .double(6.25), .double(40.0), .double(8.0), .double(6.25), .int64(3), .double(3.0995391362495903)],
        [.int64(174), .int64(19), .int64(19), .double(0.72), .double(0.7307692307692307), .int64(3), .double(16.75), .double(184.75), .double(17.65), .double(16.75), .int64(4), .double(5.635265162376336)],
        [.int64(175), .int64(3), .int64(3), .double(0.08), .double(0.11538461538461539), .int64(1), .double(0.75), .double(5.5), .double(2.1875), .double(0.75), .int64(4), .double(1.0103629710818451)],
        [.int64(176), .int64(17), .int64(17), .double(0.8888888888888888), .double(0.8947368421052632), .int64(4), .double(10.5), .double(102.0), .double(11.25), .double(10.5), .int64(4), .double(3.787314351885779)],
        [.int64(177), .int64(21), .int64(21), .double(0.8), .double(0.8076923076923077), .int64(4), .double(19.25), .double(246.0), .double(20.25), .double(19.25), .int64(4), .double(6.270608879071132)],
        [.int64(178), .int64(6), .int64(6), .double(0.19230769230769232), .double(0.2222222222222222), .int64(1), .double(2.5), .double(14.25), .double(3.75), .double(2.5), .int64(3), .double(1.7940875118009154)],
        [.int64(179), .int64(14), .int64(14), .double(0.5416666666666666), .double(0.56), .int64(3), .double(12.5), .double(104.25), .double(13.5), .double(12.5), .int64(4), .double(4.726336371282253)],
        [.int64(180), .int64(23), .int64(23), .double(0.9166666666666666), .double(0.92), .int64(4), .double(21.75), .double(297.25), .double(22.75), .double(21.75), .int64(4), .double(7.13125115831745)],
        [.int64(181), .int64(8), .int64(8), .double(0.28), .double(0.3076923076923077), .int64(2), .double(5.75), .double(34.25), .double(6.75), .double(5.75), .int64(4), .double(2.640473104253424)],
        [.int64(182), .int64(17), .int64(17), .double(0.64), .double(0.6538461538461539), .int64(3), .double(15.0), .double(151.75), .double(16.0), .double(15.0), .int64(4), .double(5.358816265249806)],
        [.int64(183), .int64(2), .int64(2), .double(0.04), .double(0.07692307692307693), .int64(1), .null, .double(1.25), .double(1.1666666666666667), .double(0.25), .int64(2), .double(0.5303300858899106)],
        [.int64(184), .int64(9), .int64(9), .double(0.32), .double(0.34615384615384615), .int64(2), .double(7.5), .double(51.5), .double(9.0), .double(7.5), .int64(3), .double(3.3035124404858)],
        [.int64(185), .int64(21), .int64(21), .double(0.7692307692307693), .double(0.7777777777777778), .int64(3), .double(17.5), .double(206.5), .double(18.5), .double(17.5), .int64(4), .double(6.2210998491692235)],
        [.int64(186), .int64(4), .int64(4), .double(0.125), .double(0.16), .int64(1), .double(1.5), .double(8.0), .double(2.4), .double(1.5), .int64(4), .double(1.4288690166235205)],
        [.int64(187), .int64(18), .int64(18), .double(0.9444444444444444), .double(0.9473684210526315), .int64(4), .double(11.25), .double(114.75), .double(12.0), .double(11.25), .int64(4), .double(4.003904344511741)],
        [.int64(188), .int64(23), .int64(23), .double(0.88), .double(0.8846153846153846), .int64(4), .double(20.0), .double(267.25), .double(21.0), .double(20.0), .int64(4), .double(6.63619104762313)],
        [.int64(189), .int64(6), .int64(6), .double(0.2), .double(0.23076923076923078), .int64(1), .double(3.25), .double(18.75), .double(4.5), .double(3.25), .int64(3), .double(1.7940875118009154)],
        [.int64(190), .int64(16), .int64(16), .double(0.6), .double(0.6153846153846154), .int64(3), .double(13.25), .double(124.25), .double(14.25), .double(13.25), .int64(4), .double(4.842062878223151)],
        [.int64(191), .int64(25), .int64(25), .double(0.96), .double(0.9615384615384616), .int64(4), .double(22.5), .double(338.5), .double(23.5), .double(22.5), .int64(4), .double(7.1544275335859915)],
        [.int64(192), .int64(10), .int64(10), .double(0.34615384615384615), .double(0.37037037037037035), .int64(2), .double(6.5), .double(42.75), .double(7.5), .double(6.5), .int64(4), .double(2.8830202142120953)],
        [.int64(193), .int64(18), .int64(18), .double(0.7083333333333334), .double(0.72), .int64(3), .double(15.75), .double(169.75), .double(16.75), .double(15.75), .int64(4), .double(5.651526053379401)],
        [.int64(194), .int64(2), .int64(2), .double(0.041666666666666664), .double(0.08), .int64(1), .null, .double(2.75), .double(1.9166666666666667), .double(1.0), .int64(2), .double(0.5303300858899106)],
        [.int64(195), .int64(11), .int64(11), .double(0.4), .double(0.4230769230769231), .int64(2), .double(8.25), .double(63.75), .double(9.75), .double(8.25), .int64(3), .double(3.465577480410339)],
        [.int64(196), .int64(21), .int64(21), .double(0.8), .double(0.8076923076923077), .int64(4), .double(18.25), .double(227.25), .double(19.25), .double(18.25), .int64(4), .double(6.263057788105014)],
        [.int64(197), .int64(5), .int64(5), .double(0.16), .double(0.19230769230769232), .int64(1), .double(2.25), .double(11.25), .double(3.15), .double(2.25), .int64(4), .double(1.6677080080157918)],
        [.int64(198), .int64(19), .int64(19), .double(1.0), .double(1.0), .int64(4), .double(12.0), .double(128.25), .double(12.375), .double(12.0), .int64(3), .double(4.220485754033533)],
        [.int64(199), .int64(25), .int64(25), .double(0.9230769230769231), .double(0.9259259259259259), .int64(4), .double(20.75), .double(292.0), .double(21.75), .double(20.75), .int64(4), .double(7.147814351254516)],
    ]
}

@Suite struct WindowDuckDBCrossCheckTests {
    @Test(arguments: [1, 2]) func matchesDuckDB(threads: Int) throws {
        let s = Session(threads: threads)
        let t = try fixtureTables(s).t
        let w = Window.partitionBy("k").orderBy("v")
        let wi = Window.partitionBy("k").orderBy("v", "i")
        let out = try rows(t.select(
            col("i"), rank().over(w), dense_rank().over(w), percent_rank().over(w), cume_dist().over(w),
            ntile(4).over(wi), lag(col("v"), 2).over(wi), sum("v").over(w),
            avg("v").over(wi.rowsBetween(-3, 1)), min("v").over(wi.rowsBetween(-2, 2)),
            count().over(w.rangeBetween(-2, 1)),
            stddev("v").over(wi.rowsBetween(Window.unboundedPreceding, Window.currentRow))
        ).orderBy("i"))
        #expect(out.count == DuckDBWindowAnswers.rows.count)
        for (a, e) in zip(out, DuckDBWindowAnswers.rows) where !sameAnswer([a], [e]) {
            Issue.record("row \(a) differs from DuckDB's \(e)")
        }
    }
}
