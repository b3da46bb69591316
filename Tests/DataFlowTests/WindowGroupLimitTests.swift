import DataFlow
import Testing

/// The rows of `windowTable()` split over three inputs, so the group limit sees three morsels and,
/// with two threads, two workers. Sorted by x within k: a = ids 1 (NULL), 2, 3, 4 (3 and 4 tie on 2), 5;
/// b = 6, 7 (tie on 5), 8.
func windowTableInParts(_ s: Session = session) throws -> DataFrame {
    let all = windowRows
    let schema = Schema([Field("id", .int32), Field("k", .string), Field("x", .int32), Field("v", .float64)])
    let parts: [[Int32]] = [[5, 3, 1], [8, 2], [6, 4, 7]]
    let frames = try parts.map { ids in try s.createDataFrame(ids.map { [.int32($0)] + all[$0]! }, schema: schema) }
    return frames.dropFirst().reduce(frames[0]) { $0.union($1) }
}

/// The optimized logical plan's text.
func optimizedPlan(_ df: DataFrame) throws -> String {
    let text = try df.explainString()
    return text.components(separatedBy: "== Optimized Logical Plan ==")[1].components(separatedBy: "== Physical Plan ==")[0]
}

/// Sorted ids of the rows `df` returns.
func ids(_ df: DataFrame) throws -> [Int] {
    try rows(df.select("id")).compactMap { $0[0].int64Value.map { Int($0) } }.sorted()
}

@Suite struct WindowGroupLimitTests {
    let w = Window.partitionBy("k").orderBy("x")

    /// `fn` over `spec` filtered to at most `k`: the plan must use the group limit.
    func limited(_ t: DataFrame, _ fn: Column, _ spec: WindowSpec, _ k: Int) throws -> DataFrame {
        let df = try t.withColumn("r", fn.over(spec)).filter(col("r") <= k)
        let plan = try optimizedPlan(df)
        #expect(plan.contains("WindowGroupLimit"), "\(plan)")
        return df
    }

    @Test func rowNumberRankDenseRankAscendingNullsFirst() throws {
        let t = try windowTableInParts()
        #expect(try ids(limited(t, row_number(), w, 2)) == [1, 2, 6, 7])
        #expect(try ids(limited(t, rank(), w, 2)) == [1, 2, 6, 7])
        #expect(try ids(limited(t, rank(), w, 3)) == [1, 2, 3, 4, 6, 7, 8])
        #expect(try ids(limited(t, dense_rank(), w, 2)) == [1, 2, 6, 7, 8])
        #expect(try ids(limited(t, dense_rank(), w, 3)) == [1, 2, 3, 4, 6, 7, 8])
        #expect(try ids(limited(t, rank(), w, 1)) == [1, 6, 7])
        #expect(try ids(limited(t, dense_rank(), w, 1)) == [1, 6, 7])
        // Ties: row_number picks either tied row, and the window above numbers what it kept.
        let one = try rows(limited(t, row_number(), w, 1).select("k", "x", "r").orderBy("k"))
        #expect(one == [[.string("a"), .null, .int32(1)], [.string("b"), .int32(5), .int32(1)]])
        let three = try rows(limited(t, row_number(), w, 3).select("k", "x", "r").orderBy("k", "r"))
        #expect(three == [[.string("a"), .null, .int32(1)], [.string("a"), .int32(1), .int32(2)], [.string("a"), .int32(2), .int32(3)],
                          [.string("b"), .int32(5), .int32(1)], [.string("b"), .int32(5), .int32(2)], [.string("b"), .int32(7), .int32(3)]])
    }

    @Test func descendingAndNullPlacement() throws {
        let t = try windowTableInParts()
        // DESC puts NULLs last: a = 5 (4), 3 and 4 (2), 2 (1), 1 (NULL); b = 8 (7), 6 and 7 (5).
        let desc = Window.partitionBy("k").orderBy(col("x").desc)
        #expect(try ids(limited(t, rank(), desc, 2)) == [3, 4, 5, 6, 7, 8])
        #expect(try ids(limited(t, dense_rank(), desc, 2)) == [3, 4, 5, 6, 7, 8])
        #expect(try ids(limited(t, row_number(), desc, 1)) == [5, 8])
        #expect(try ids(limited(t, rank(), desc, 4)) == [2, 3, 4, 5, 6, 7, 8])
        // ASC NULLS LAST: a = 2, 3, 4, 5, 1 (NULL).
        let ascLast = Window.partitionBy("k").orderBy(asc_nulls_last("x"))
        #expect(try ids(limited(t, row_number(), ascLast, 1)).filter { $0 <= 5 } == [2])
        #expect(try ids(limited(t, rank(), ascLast, 4)) == [2, 3, 4, 5, 6, 7, 8])
        #expect(try ids(limited(t, rank(), ascLast, 5)) == [1, 2, 3, 4, 5, 6, 7, 8])
        // DESC NULLS FIRST: a = 1 (NULL), 5, 3 and 4, 2.
        let descFirst = Window.partitionBy("k").orderBy(desc_nulls_first("x"))
        #expect(try ids(limited(t, rank(), descFirst, 2)) == [1, 5, 6, 7, 8])
        #expect(try ids(limited(t, dense_rank(), descFirst, 3)) == [1, 3, 4, 5, 6, 7, 8])
    }

    @Test func globalTopK() throws {
        let t = try windowTableInParts()
        // All rows by x: 1 (NULL), 2 (1), 3 and 4 (2), 5 (4), 6 and 7 (5), 8 (7).
        let all = Window.orderBy("x")
        #expect(try ids(limited(t, row_number(), all, 2)) == [1, 2])
        #expect(try ids(limited(t, rank(), all, 3)) == [1, 2, 3, 4])
        #expect(try ids(limited(t, dense_rank(), all, 4)) == [1, 2, 3, 4, 5])
        #expect(try ids(limited(t, rank(), Window.orderBy(col("v").desc), 2)) == [3, 5])
    }

    @Test func filterShapes() throws {
        let t = try windowTableInParts()
        let base = try t.withColumn("rn", row_number().over(w))
        func plan(_ df: DataFrame) throws -> String { try optimizedPlan(df) }
        #expect(try plan(base.filter(col("rn") < 3)).contains("row_number, 2"))
        #expect(try plan(base.filter(col("rn") == 1)).contains("row_number, 1"))
        #expect(try plan(base.filter(lit(2) >= col("rn"))).contains("row_number, 2"))
        #expect(try plan(base.filter(lit(3) > col("rn") && col("v") > 0)).contains("row_number, 2"))
        #expect(try ids(base.filter(col("rn") < 3 && col("v") > 15)) == [2])
        // Not a limit from above, or not a constant: left alone.
        #expect(try !plan(base.filter(col("rn") > 2)).contains("WindowGroupLimit"))
        #expect(try !plan(base.filter(col("rn") <= col("x"))).contains("WindowGroupLimit"))
        #expect(try !plan(base.filter(col("rn") + 0 <= 2)).contains("WindowGroupLimit"))
        #expect(try ids(base.filter(col("rn") > 3)) == [4, 5])
        // A frame aggregate (or any non-ranking function) in the same window would see fewer rows.
        let withSum = try t.withColumn("rn", row_number().over(w)).withColumn("s", sum("v").over(w.rowsBetween(-1, 1)))
        #expect(try !plan(withSum.filter(col("rn") <= 2)).contains("WindowGroupLimit"))
        let withLead = try t.withColumn("rn", row_number().over(w)).withColumn("l", lead("v").over(w))
        #expect(try !plan(withLead.filter(col("rn") <= 2)).contains("WindowGroupLimit"))
        // Several ranking functions over one spec: fine, and all keep their values.
        let mixed = t.select(col("id"), row_number().over(w).as("rn"), rank().over(w).as("rk"), dense_rank().over(w).as("dr"))
        let mixedLimited = mixed.filter(col("rk") <= 3)
        #expect(try plan(mixedLimited).contains("rank, 3"))
        #expect(try rows(mixedLimited.select("id", "rk", "dr").orderBy("id")) ==
                [[1, 1, 1], [2, 2, 2], [3, 3, 3], [4, 3, 3], [6, 1, 1], [7, 1, 1], [8, 3, 2]].map { $0.map { .int32(Int32($0)) } })
    }

    @Test func sqlQ8ShapeAndQualify() throws {
        let s = Session(threads: 2)
        try windowTableInParts(s).createOrReplaceTempView("t")
        let q = try s.sql("SELECT k, x AS largest2_x FROM (SELECT k, x, row_number() OVER (PARTITION BY k ORDER BY x DESC) AS o FROM t WHERE x IS NOT NULL) sub WHERE o <= 2")
        #expect(try optimizedPlan(q).contains("WindowGroupLimit"))
        #expect(try bag(q) == ["[a,2]", "[a,4]", "[b,5]", "[b,7]"])
        let qualify = try s.sql("SELECT id FROM t QUALIFY dense_rank() OVER (PARTITION BY k ORDER BY v DESC NULLS LAST) = 1")
        #expect(try optimizedPlan(qualify).contains("dense_rank, 1"))
        #expect(try ids(qualify) == [5, 8])
    }

    /// Many partitions over four morsels and two workers, with NULL, NaN, -0.0 and tied order keys,
    /// against the same query with a filter the rule does not recognise (`r + 0 <= k`). The result
    /// columns (partition keys, order key, rank) do not depend on which tied row row_number keeps.
    @Test func manyPartitionsMatchUnlimited() throws {
        let s = Session(threads: 2)
        let n = 20_000
        var data: [[Value]] = []
        data.reserveCapacity(n)
        for i in 0..<n {
            let h = (i &* 2_654_435_761) % 1_000_003
            let x: Value
            switch h % 23 {
            case 0: x = .null
            case 1: x = .double(.nan)
            case 2: x = .double(-0.0)
            case 3: x = .double(0.0)
            default: x = .double(Double(h % 50))
            }
            let g: Value = i % 101 == 0 ? .null : .int64(Int64(h % 97))
            data.append([.int32(Int32(i)), g, .string(["p", "q", "r"][h % 3]), x, .string("s\(h % 17)")])
        }
        let schema = Schema([Field("id", .int32), Field("g", .int64), Field("c", .string), Field("x", .float64), Field("y", .string)])
        let quarter = n / 4
        let parts = try (0..<4).map { q in try s.createDataFrame(Array(data[(q * quarter)..<((q + 1) * quarter)]), schema: schema) }
        let t = parts.dropFirst().reduce(parts[0]) { $0.union($1) }
        let specs: [(String, [String], WindowSpec)] = [
            ("int key", ["g"], Window.partitionBy("g").orderBy(col("x").desc)),
            ("string key", ["c"], Window.partitionBy("c").orderBy(asc_nulls_last("x"))),
            ("int and string keys", ["g", "c"], Window.partitionBy("g", "c").orderBy(col("x"))),
            ("no partition", [], Window.orderBy(desc_nulls_first("x"))),
            ("string order key", ["g"], Window.partitionBy("g").orderBy(col("y").desc)),
            ("two order keys", ["c"], Window.partitionBy("c").orderBy(col("x").asc, col("y").desc)),
        ]
        var mismatches: [String] = []
        for (label, keys, spec) in specs {
            for (fname, fn) in [("row_number", row_number()), ("rank", rank()), ("dense_rank", dense_rank())] {
                for k in [1, 3, 20] {
                    let withRank = try t.withColumn("r", fn.over(spec))
                    // x + 0.0 prints -0.0 and 0.0 (peers) alike.
                    var cols = keys.map { col($0) } + [col("r")]
                    if label != "string order key" { cols.append((col("x") + 0.0).as("x")) }
                    if label == "string order key" || label == "two order keys" { cols.append(col("y")) }
                    let got = withRank.filter(col("r") <= k).select(cols)
                    let want = withRank.filter(col("r") + 0 <= k).select(cols)
                    if try !optimizedPlan(got).contains("WindowGroupLimit") || optimizedPlan(want).contains("WindowGroupLimit") {
                        mismatches.append("\(label) \(fname) \(k): plan")
                        continue
                    }
                    // NaN prints alike, so comparing printed rows also compares NaN keys.
                    if try bag(got) != bag(want) { mismatches.append("\(label) \(fname) \(k)") }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }
}
