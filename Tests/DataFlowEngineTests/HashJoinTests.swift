import DataFlowColumnar
@testable import DataFlowEngine
import Testing

/// Big enough (150k build rows) for the partitioned parallel build; answers computed by plain loops.
@Suite struct HashJoinTests {
    /// big(k, s, v): k = i % 50_000, s = "s\(k)", v = i, for i in 0..<150_000 (each key three times).
    let big = scan([Field("k", .int64), Field("s", .string), Field("v", .int64)],
                   (0..<150_000).map { i in [.int64(Int64(i % 50_000)), .string("s\(i % 50_000)"), .int64(Int64(i))] }, name: "big")
    /// small(k): 0, 7, 49_999, 50_000 (no match), NULL, 7 again.
    let small = scan([Field("k", .int64)], [[.int64(0)], [.int64(7)], [.int64(49_999)], [.int64(50_000)], [.null], [.int64(7)]], name: "small")
    let smallKeys: [Int64?] = [0, 7, 49_999, 50_000, nil, 7]

    func sumOfMatches(_ keys: [Int64?], where keep: (Int64) -> Bool = { _ in true }) -> (count: Int, sum: Int64) {
        var n = 0, s: Int64 = 0
        for k in keys.compactMap({ $0 }) {
            for i in 0..<150_000 where Int64(i % 50_000) == k && keep(Int64(i)) { n += 1; s += Int64(i) }
        }
        return (n, s)
    }

    @Test func innerJoinOnIntegerAndStringKeys() throws {
        let want = sumOfMatches(smallKeys)
        #expect(want.count == 12)
        // Integer key: the small side is probed against the big build side.
        let onInt = try analyzed(.aggregate(groupBy: [], outputs: [.alias(.aggregate("count", []), "n"), .alias(.aggregate("sum", [col("v", "b")]), "s")],
                                            .join(.alias("a", small), .alias("b", big), .inner, on: .comparison(.eq, col("k", "a"), col("k", "b")))))
        #expect(try run(onInt) == [[.int64(Int64(want.count)), .int64(want.sum)]])
        // String key (encoded keys path): s = "s<k>".
        let keyed = LogicalPlan.project([.alias(.function("concat", [.literal(.string("s")), .cast(col("k"), .string)]), "s")], small)
        let onString = try analyzed(.aggregate(groupBy: [], outputs: [.alias(.aggregate("count", []), "n"), .alias(.aggregate("sum", [col("v", "b")]), "s")],
                                               .join(.alias("a", keyed), .alias("b", big), .inner, on: .comparison(.eq, col("s", "a"), col("s", "b")))))
        #expect(try run(onString) == [[.int64(Int64(want.count)), .int64(want.sum)]])
        // One thread and two agree, and so does building the other side.
        #expect(try run(onInt, threads: 1) == run(onInt, threads: 2))
        let swapped = try analyzed(.aggregate(groupBy: [], outputs: [.alias(.aggregate("count", []), "n")],
                                              .join(.alias("b", big), .alias("a", small), .inner, on: .comparison(.eq, col("k", "a"), col("k", "b")))))
        #expect(try run(swapped, optimizer: Optimizer(rules: [], joinRules: [])) == [[.int64(Int64(want.count))]])
    }

    @Test func matchesComeInProbeOrderThenBuildOrder() throws {
        // Each key is in `big` three times (i, i + 50_000, i + 100_000), over several build partitions;
        // an int32 probe key is widened to the bigint build key.
        let probe = scan([Field("pk", .int32)], [[.int32(49_999)], [.null], [.int32(7)], [.int32(-3)], [.int32(0)]], name: "p")
        let plan = try analyzed(.project([col("pk"), col("v")], .join(probe, .alias("b", big), .inner, on: .comparison(.eq, col("pk"), col("k", "b")))))
        let want: [[Value]] = [49_999, 7, 0].flatMap { k in [0, 50_000, 100_000].map { [.int32(Int32(k)), .int64(Int64(k + $0))] } }
        #expect(try run(plan, optimizer: Optimizer(rules: [], joinRules: [])) == want)
    }

    @Test func semiAndAntiBuildTheSmallLeftSide() throws {
        // EXISTS (big b WHERE b.k = a.k AND b.v >= 100_000): only the third copy of each key qualifies.
        let cond = Expr.and(.comparison(.eq, col("k", "a"), col("k", "b")), .comparison(.ge, col("v", "b"), .literal(.int64(100_000))))
        let semi = try analyzed(.join(.alias("a", small), .alias("b", big), .leftSemi, on: cond))
        let qe = try QueryExecution(semi)
        #expect(qe.physical.treeString().contains("build=left"), "\(qe.physical.treeString())")
        #expect(try run(semi).map { $0[0] } == [.int64(0), .int64(7), .int64(49_999), .int64(7)])
        let anti = try analyzed(.join(.alias("a", small), .alias("b", big), .leftAnti, on: cond))
        #expect(try run(anti).map { $0[0] } == [.int64(50_000), .null])
        // A residual no row passes: semi is empty, anti keeps everything.
        let never = Expr.and(.comparison(.eq, col("k", "a"), col("k", "b")), .comparison(.lt, col("v", "b"), .literal(.int64(0))))
        #expect(try run(try analyzed(.join(.alias("a", small), .alias("b", big), .leftSemi, on: never))).isEmpty)
        #expect(try run(try analyzed(.join(.alias("a", small), .alias("b", big), .leftAnti, on: never))).count == 6)
        // The same joins with the right side built give the same rows.
        for (type, want) in [(JoinType.leftSemi, [Int64?](arrayLiteral: 0, 7, 49_999, 7)), (.leftAnti, [50_000, nil])] {
            for buildLeft in [false, true] {
                let k = Expr.bound(index: 0, type: .int64, nullable: true, name: "k")
                let v = Expr.bound(index: 3, type: .int64, nullable: true, name: "v")
                let op = HashJoinExec(type: type, leftKeys: [k], rightKeys: [k], residual: .comparison(.ge, v, .literal(.int64(100_000))),
                                      left: try PhysicalPlanner().plan(small), right: try PhysicalPlanner().plan(big),
                                      schema: Schema([Field("k", .int64)]), buildLeft: buildLeft)
                let got = try op.execute(ExecutionContext(threads: 2, memoryLimit: 1 << 30)).flatMap { b in
                    (0..<b.rowCount).map { b.columns[0].isValid($0) ? Optional(b.columns[0].values(Int64.self)[$0]) : nil }
                }
                #expect(got == want, "\(type) buildLeft \(buildLeft)")
            }
        }
    }
}

/// The build side is gathered from its batches in place (`BuildRows`), never concatenated first.
@Suite struct BuildRowsTests {
    /// Three batches (5000, 0 and 7000 rows; the empty one is skipped) of (k int64 with nulls, s string
    /// with nulls, d decimal(20, 2), dictionary-encoded string), row i of all: k = i % 97 (null when
    /// i % 11 == 0), s = "v<i>" (null when i % 13 == 0), d = i cents, e = ["red", "green"][i % 2].
    func batches() -> [RecordBatch] {
        let schema = Schema([Field("k", .int64), Field("s", .string), Field("d", .decimal(precision: 20, scale: 2)), Field("e", .string)])
        var words = ColumnBuilder(type: .string, capacity: 2)
        words.append(value: .string("red"))
        words.append(value: .string("green"))
        let dict = DictionaryBox(words.finish())
        return [(0, 5000), (5000, 0), (5000, 7000)].map { start, n in
            var b = (0..<3).map { ColumnBuilder(type: schema[$0].type, capacity: n) }
            for i in start..<(start + n) {
                b[0].append(value: i % 11 == 0 ? .null : .int64(Int64(i % 97)))
                b[1].append(value: i % 13 == 0 ? .null : .string("v\(i)"))
                b[2].append(value: .decimal(Int128(i), precision: 20, scale: 2))
            }
            let codes = Buffer.of((start..<(start + n)).map { Int32($0 % 2) })
            let e = Column(type: .string, count: n, values: codes, dictionary: dict)
            return RecordBatch(schema: schema, columns: b.map { $0.finish() } + [e], rowCount: n)
        }
    }

    @Test func gathersAcrossBatchesLikeTheConcatenation() {
        let parts = batches()
        let rows = BuildRows(parts, schema: parts[0].schema)
        #expect(rows.rowCount == 12_000)
        let all = RecordBatch.concat(parts, schema: parts[0].schema)
        // Out of order, repeated, across the boundary at 5000, and -1 (a row of nulls).
        let picks: [Int32] = [11_999, 0, 4999, 5000, -1, 5001, 4999, 13, 22, 8191, 8192, 4096, -1, 11_000]
        let got = RecordBatch(schema: all.schema, columns: rows.take(picks), rowCount: picks.count).rows
        let want = picks.map { p in p < 0 ? [Value](repeating: .null, count: 4) : all.take([p]).rows[0] }
        #expect(got == want)
        // Spot checks by hand: row 5000 is the first row of the third batch.
        #expect(got[3] == [.int64(5000 % 97), .string("v5000"), .decimal(5000, precision: 20, scale: 2), .string("red")])
        #expect(got[1] == [.null, .null, .decimal(0, precision: 20, scale: 2), .string("red")])
        #expect(got[4] == [.null, .null, .null, .null])
    }

    @Test func fullOuterJoinOutputsBuildColumnsFromEveryBatch() throws {
        let parts = batches()
        let build = LogicalPlan.scan(ScanNode(table: InMemoryTable(schema: parts[0].schema, batches: parts, name: "b")))
        // probe(pk): 3, 96, 200 (no match), NULL. Output columns: pk, k, s, d, e.
        let probe = scan([Field("pk", .int64)], [[.int64(3)], [.int64(96)], [.int64(200)], [.null]], name: "p")
        let plan = try analyzed(.join(probe, build, .full, on: .comparison(.eq, col("pk"), col("k"))))
        let out = try run(plan, optimizer: Optimizer(rules: [], joinRules: []))
        // Each build row once (probe keys are distinct), plus the two probe rows without a match.
        #expect(out.count == 12_002)
        var seen = Set<Int>()
        for r in out {
            guard case .decimal(let cents, _, _) = r[3] else {
                #expect(r[1] == .null && r[2] == .null && r[4] == .null)
                continue
            }
            let i = Int(cents)
            seen.insert(i)
            #expect(r[1] == (i % 11 == 0 ? .null : .int64(Int64(i % 97))), "row \(i)")
            #expect(r[2] == (i % 13 == 0 ? .null : .string("v\(i)")), "row \(i)")
            #expect(r[4] == .string(i % 2 == 0 ? "red" : "green"), "row \(i)")
            let matches = i % 11 != 0 && (i % 97 == 3 || i % 97 == 96)
            #expect(r[0] == (matches ? .int64(Int64(i % 97)) : .null), "row \(i)")
        }
        #expect(seen.count == 12_000)
        let probeOnly = out.filter { $0[3] == .null }.map { $0[0] }
        #expect(probeOnly.count == 2 && probeOnly.contains(.int64(200)) && probeOnly.contains(.null))
    }
}
