import DataFlowColumnar
@testable import DataFlowEngine
import Testing

/// A semi join into an aggregate's input: the shape FilterAggregateByJoinKeys makes.
func aggregateInputIsSemiJoined(_ p: LogicalPlan) -> Bool {
    containsNode(p) { node in
        if case .aggregate(_, _, .join(_, _, .leftSemi, _)) = node { return true }
        return false
    }
}

/// `fact` grouped by k1: count and sum per key (10 groups of 20 rows).
let grouped = LogicalPlan.alias("g", .aggregate(groupBy: [col("k1")],
                                                 outputs: [col("k1"), .alias(.aggregate("count", []), "n"), .alias(.aggregate("sum", [col("v")]), "s")], fact))

@Suite struct FilterAggregateByJoinKeysTests {
    /// d1 filtered to one key, joined to the grouped fact table on the grouping key.
    func joined(_ type: JoinType, on: Expr? = nil, filter: Expr = .comparison(.eq, col("name", "a"), .literal(.string("n3")))) throws -> LogicalPlan {
        let cond = on ?? .comparison(.eq, col("k1", "a"), col("k1", "g"))
        return try analyzed(.join(.filter(filter, .alias("a", d1)), grouped, type, on: cond))
    }

    @Test func semiJoinsTheAggregateInputForInnerLeftSemiAndAnti() throws {
        for type in [JoinType.inner, .left, .leftSemi, .leftAnti] {
            let p = try joined(type)
            let opt = try QueryExecution(p).optimized
            #expect(aggregateInputIsSemiJoined(opt), "\(type): \(PlanPrinter.text(opt))")
            #expect(try sameRows(p), "\(type)")
        }
        #expect(try run(try joined(.inner)).map(\.description) == [[Value.int32(3), .string("n3"), .int32(3), .int64(20), .int64(3 * 20 + 190 * 10)].description])
    }

    @Test func groupedSideOnTheLeft() throws {
        let p = try analyzed(.join(grouped, .filter(.comparison(.eq, col("name", "a"), .literal(.string("n3"))), .alias("a", d1)), .inner,
                                   on: .comparison(.eq, col("k1", "a"), col("k1", "g"))))
        #expect(aggregateInputIsSemiJoined(try QueryExecution(p).optimized))
        #expect(try sameRows(p))
    }

    @Test func doesNotFireWhereUnmatchedGroupsAreOutput() throws {
        // Right and full outer joins output every group; `<=>` matches the NULL group.
        for type in [JoinType.right, .full] {
            let p = try joined(type)
            #expect(!aggregateInputIsSemiJoined(try QueryExecution(p).optimized), "\(type)")
            #expect(try sameRows(p), "\(type)")
        }
        let nullSafe = try joined(.inner, on: .comparison(.eqNullSafe, col("k1", "a"), col("k1", "g")))
        #expect(!aggregateInputIsSemiJoined(try QueryExecution(nullSafe).optimized))
    }

    @Test func doesNotFireOnANonKeyColumnOrAnUnselectiveSource() throws {
        // `s` is an aggregate result, not a grouping key.
        let onSum = try joined(.inner, on: .comparison(.eq, .cast(col("k1", "a"), .int64), col("s", "g")))
        #expect(!aggregateInputIsSemiJoined(try QueryExecution(onSum).optimized))
        // All of d1: every group can match, so filtering would cost without saving anything.
        let all = try analyzed(.join(.alias("a", d1), grouped, .inner, on: .comparison(.eq, col("k1", "a"), col("k1", "g"))))
        #expect(!aggregateInputIsSemiJoined(try QueryExecution(all).optimized))
        #expect(try sameRows(all))
    }

    @Test func keySourceFoundAcrossAnInnerJoinCondition() throws {
        // The outer key is fact's k1, equal to d1's k1, and d1 (filtered) is the cheap source.
        let outer = LogicalPlan.join(.alias("f2", fact), .filter(.comparison(.eq, col("name", "a"), .literal(.string("n3"))), .alias("a", d1)),
                                     .inner, on: .comparison(.eq, col("k1", "f2"), col("k1", "a")))
        let p = try analyzed(.join(outer, grouped, .left, on: .comparison(.eq, col("k1", "f2"), col("k1", "g"))))
        #expect(aggregateInputIsSemiJoined(try QueryExecution(p).optimized))
        #expect(try sameRows(p))
    }

    @Test func nullKeysAndMissingGroups() throws {
        // u has keys 0, 2, 2, 7, NULL; groups of t by a are 0...5: 7 and NULL find no group.
        let g = LogicalPlan.alias("g", .aggregate(groupBy: [col("a")], outputs: [col("a"), .alias(.aggregate("count", []), "n")], t))
        let p = try analyzed(.join(.filter(.comparison(.ne, col("d", "u"), .literal(.string("y"))), .alias("u", u)), g, .left,
                                   on: .comparison(.eq, col("a", "u"), col("a", "g"))))
        #expect(try sameRows(p))
        #expect(try run(p).count == 4)
    }
}

@Suite struct DeriveDisjunctFiltersTests {
    /// (f.v < 50 AND a.name = 'n1' AND f.k2 < a.k1) OR (f.v > 150 AND a.name = 'n2')
    let cond = Expr.and(.comparison(.eq, col("k1", "f"), col("k1", "a")),
                        .or(.and(.and(.comparison(.lt, col("v", "f"), .literal(.int64(50))), .comparison(.eq, col("name", "a"), .literal(.string("n1")))),
                                 .comparison(.lt, col("k2", "f"), col("k1", "a"))),
                            .and(.comparison(.gt, col("v", "f"), .literal(.int64(150))), .comparison(.eq, col("name", "a"), .literal(.string("n2"))))))

    func scanFilters(_ p: LogicalPlan, _ table: String) -> String {
        scans(p).filter { $0.table.displayName == table }.flatMap(\.filters).map(\.description).joined(separator: " AND ")
    }

    @Test func innerJoinFiltersBothInputs() throws {
        let p = try analyzed(.join(.alias("f", fact), .alias("a", d1), .inner, on: cond))
        let opt = try QueryExecution(p).optimized
        #expect(scanFilters(opt, "fact").contains("((v < 50) OR (v > 150))"), "\(PlanPrinter.text(opt))")
        #expect(scanFilters(opt, "d1").contains("((name = n1) OR (name = n2))"), "\(PlanPrinter.text(opt))")
        #expect(try sameRows(p))
        #expect(try !run(p).isEmpty)
    }

    @Test func outerJoinFiltersOnlyTheNullProducingInput() throws {
        let p = try analyzed(.join(.alias("f", fact), .alias("a", d1), .left, on: cond))
        let opt = try QueryExecution(p).optimized
        #expect(scanFilters(opt, "fact").isEmpty, "\(PlanPrinter.text(opt))")
        #expect(scanFilters(opt, "d1").contains("((name = n1) OR (name = n2))"))
        #expect(try run(p).count == 200)
        #expect(try sameRows(p))
    }

    @Test func noFilterWhenADisjunctLeavesASideFree() throws {
        let free = Expr.and(.comparison(.eq, col("k1", "f"), col("k1", "a")),
                            .or(.comparison(.lt, col("v", "f"), .literal(.int64(50))), .comparison(.eq, col("name", "a"), .literal(.string("n2")))))
        let p = try analyzed(.join(.alias("f", fact), .alias("a", d1), .inner, on: free))
        let opt = try QueryExecution(p).optimized
        #expect(scanFilters(opt, "fact").isEmpty && scanFilters(opt, "d1").isEmpty, "\(PlanPrinter.text(opt))")
        #expect(try sameRows(p))
    }
}
