import DataFlowColumnar
@testable import DataFlowEngine
import Testing

/// fact(k1, k2, v): 200 rows, k1 = i % 10, k2 = i % 5; d1(k1, name): 10 rows; d2(k2, tag): 5 rows.
let fact = scan([Field("k1", .int32), Field("k2", .int32), Field("v", .int64)],
                (0..<200).map { [.int32(Int32($0 % 10)), .int32(Int32($0 % 5)), .int64(Int64($0))] }, name: "fact")
let d1 = scan([Field("k1", .int32), Field("name", .string)], (0..<10).map { [.int32(Int32($0)), .string("n\($0)")] }, name: "d1")
let d2 = scan([Field("k2", .int32), Field("tag", .string)], (0..<5).map { [.int32(Int32($0)), .string("t\($0)")] }, name: "d2")

func isCross(_ p: LogicalPlan) -> Bool { if case .join(_, _, .cross, _) = p { return true }; return false }

/// `FROM a, b, c WHERE cond` as the SQL planner builds it: cross joins under one filter.
func commaJoin(_ inputs: [(String, LogicalPlan)], where cond: Expr) -> LogicalPlan {
    let joined = inputs.dropFirst().reduce(LogicalPlan.alias(inputs[0].0, inputs[0].1)) { .join($0, .alias($1.0, $1.1), .cross, on: nil) }
    return .filter(cond, joined)
}

func sameRows(_ p: LogicalPlan) throws -> Bool {
    try run(p).map(\.description).sorted() == run(p, optimizer: Optimizer(rules: [], joinRules: [])).map(\.description).sorted()
}

@Suite struct JoinReorderTests {
    @Test func commaJoinAvoidsCrossProduct() throws {
        // d1 and d2 share no condition: in the written order they would be cross-joined first.
        let cond = Expr.and(.comparison(.eq, col("k1", "f"), col("k1", "a")), .comparison(.eq, col("k2", "f"), col("k2", "b")))
        let p = try analyzed(commaJoin([("a", d1), ("b", d2), ("f", fact)], where: cond))
        let qe = try QueryExecution(p)
        #expect(!containsNode(qe.optimized, isCross), "\(PlanPrinter.text(qe.optimized))")
        // The output keeps the written column order.
        #expect(Analyzer.attributes(qe.optimized).map(\.name) == ["k1", "name", "k2", "tag", "k1", "k2", "v"])
        #expect(try run(p).count == 200)
        #expect(try sameRows(p))
    }

    @Test func equalitiesAreTransitive() throws {
        // a.k1 = f.k1 and f.k1 = c.k1 imply a.k1 = c.k1: a and c can be joined directly.
        let c = scan([Field("k1", .int32), Field("w", .float64)], (0..<10).map { [.int32(Int32($0)), .double(Double($0))] }, name: "c")
        let cond = Expr.and(.comparison(.eq, col("k1", "a"), col("k1", "f")), .comparison(.eq, col("k1", "f"), col("k1", "c")))
        let p = try analyzed(commaJoin([("a", d1), ("c", c), ("f", fact)], where: cond))
        let opt = try QueryExecution(p).optimized
        #expect(!containsNode(opt, isCross))
        // Two joins, each with one equality: the implied one replaces a redundant one.
        var conditions: [Expr] = []
        func collect(_ p: LogicalPlan) {
            if case .join(_, _, _, let on?) = p { conditions += on.conjuncts }
            p.children.forEach(collect)
        }
        collect(opt)
        #expect(conditions.count == 2)
        #expect(try run(p).count == 200)
        #expect(try sameRows(p))
    }

    @Test func constantsMoveAcrossEquiJoins() throws {
        // f.k1 = 3 and f.k1 = a.k1 imply a.k1 = 3: d1 is filtered at its scan too.
        let cond = Expr.and(.comparison(.eq, col("k1", "f"), col("k1", "a")), .comparison(.eq, col("k1", "f"), lit(3)))
        let p = try analyzed(.filter(cond, .join(.alias("f", fact), .alias("a", d1), .inner, on: nil)))
        let opt = try QueryExecution(p).optimized
        let d1Scan = scans(opt).first { $0.table.displayName == "d1" }
        #expect(d1Scan?.filters.map(\.description) == ["(k1 = 3)"])
        #expect(try run(p).count == 20)
        #expect(try sameRows(p))
        // Ranges and IN lists move too; an inequality between columns does not create one.
        let range = try analyzed(.filter(.and(.comparison(.eq, col("k1", "f"), col("k1", "a")), .inList(col("k1", "a"), [lit(1), lit(2)])),
                                         .join(.alias("f", fact), .alias("a", d1), .inner, on: nil)))
        let factScan = scans(try QueryExecution(range).optimized).first { $0.table.displayName == "fact" }
        #expect(factScan?.filters.count == 1)
        #expect(try run(range).count == 40)
        let lessThan = try analyzed(.filter(.and(.comparison(.lt, col("k1", "f"), col("k1", "a")), .comparison(.eq, col("k1", "a"), lit(3))),
                                            .join(.alias("f", fact), .alias("a", d1), .inner, on: nil)))
        #expect(scans(try QueryExecution(lessThan).optimized).first { $0.table.displayName == "fact" }?.filters.isEmpty == true)
        #expect(try sameRows(lessThan))
    }

    @Test func unconnectedInputsStillJoin() throws {
        // Nothing links d2: it is cross-joined, last.
        let cond = Expr.comparison(.eq, col("k1", "f"), col("k1", "a"))
        let p = try analyzed(commaJoin([("b", d2), ("a", d1), ("f", fact)], where: cond))
        #expect(try run(p).count == 1000)
        #expect(try sameRows(p))
    }

    @Test func outerJoinsAreNotReordered() throws {
        let p = try analyzed(.join(.join(.alias("a", d1), .alias("f", fact), .left, on: .comparison(.eq, col("k1", "a"), col("k1", "f"))),
                                   .alias("b", d2), .left, on: .comparison(.eq, col("k2", "f"), col("k2", "b"))))
        #expect(PlanPrinter.text(try JoinReorder().apply(p)) == PlanPrinter.text(p))
    }

    @Test func joinEstimatesFollowKeys() throws {
        // 200 fact rows, 10 distinct keys in d1: the key join keeps 200 rows; a filtered d1 (1 of 10) keeps 20.
        let j = try analyzed(.join(.alias("f", fact), .alias("a", d1), .inner, on: .comparison(.eq, col("k1", "f"), col("k1", "a"))))
        #expect(Estimate.rows(j) == 200)
        let filtered = try analyzed(.join(.alias("f", fact), .alias("a", .filter(.comparison(.eq, col("name"), .literal(.string("n1"))), d1)),
                                          .inner, on: .comparison(.eq, col("k1", "f"), col("k1", "a"))))
        #expect(Estimate.rows(filtered) == 20)
        #expect(Estimate.rows(try analyzed(.join(fact, d1, .cross, on: nil))) == 2000)
        #expect(abs(Estimate.selectivity([.comparison(.lt, col("a"), lit(1)), .like(col("b"), pattern: "x%")]) - 0.1 / 3) < 1e-12)
    }

    @Test func semiJoinMovesBelowInnerJoin() throws {
        // (fact ⋈ d1) ⋉ d2 on fact.k2 = d2.k2 AND d2.tag <> 't0': the semi join filters fact before the inner join.
        let semiCond = Expr.and(.comparison(.eq, col("k2", "f"), col("k2", "b")), .comparison(.ne, col("tag", "b"), .literal(.string("t0"))))
        let inner = LogicalPlan.join(.alias("f", fact), .alias("a", d1), .inner, on: .comparison(.eq, col("k1", "f"), col("k1", "a")))
        for type in [JoinType.leftSemi, .leftAnti] {
            let p = try analyzed(.join(inner, .alias("b", d2), type, on: semiCond))
            let out = try PushDownSemiJoin().apply(p)
            guard case .join(.join(_, _, let t, _), _, .inner, _) = out else { Issue.record("not pushed: \(PlanPrinter.text(out))"); continue }
            #expect(t == type)
            #expect(try run(out, optimizer: Optimizer(rules: [], joinRules: [])).map(\.description).sorted()
                    == run(p, optimizer: Optimizer(rules: [], joinRules: [])).map(\.description).sorted())
        }
        #expect(try run(try analyzed(.join(inner, .alias("b", d2), .leftSemi, on: semiCond))).count == 160)
        // Below a join that shrinks the rows (d1 filtered to one key) it would run over more rows: it stays.
        let shrinking = LogicalPlan.join(.alias("f", fact), .alias("a", .filter(.comparison(.eq, col("name"), .literal(.string("n1"))), d1)),
                                         .inner, on: .comparison(.eq, col("k1", "f"), col("k1", "a")))
        let kept = try analyzed(.join(shrinking, .alias("b", d2), .leftSemi, on: semiCond))
        #expect(PlanPrinter.text(try PushDownSemiJoin().apply(kept)) == PlanPrinter.text(kept))
        // A condition over both inputs of the inner join stays above it.
        let both = Expr.and(.comparison(.eq, col("k2", "f"), col("k2", "b")), .comparison(.ne, col("name", "a"), col("tag", "b")))
        let stay = try analyzed(.join(inner, .alias("b", d2), .leftSemi, on: both))
        #expect(PlanPrinter.text(try PushDownSemiJoin().apply(stay)) == PlanPrinter.text(stay))
    }
}
