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
