import DataFlowColumnar
@testable import DataFlowEngine
import Testing

/// An in-memory scan over `rows` (values by column order).
func scan(_ fields: [Field], _ rows: [[Value]], name: String = "t") -> LogicalPlan {
    var builders = fields.map { ColumnBuilder(type: $0.type, capacity: rows.count) }
    for row in rows { for (c, v) in row.enumerated() { builders[c].append(value: v) } }
    let schema = Schema(fields)
    let batch = RecordBatch(schema: schema, columns: builders.map { $0.finish() }, rowCount: rows.count)
    return .scan(ScanNode(table: InMemoryTable(schema: schema, batches: [batch], name: name)))
}

/// t(a int, b string, c double): 6 rows.
let tRows: [[Value]] = (0..<6).map { i in
    [.int32(Int32(i)), i == 4 ? .null : .string("s\(i % 3)"), .double(Double(i) * 1.5)]
}
let t = scan([Field("a", .int32), Field("b", .string), Field("c", .float64)], tRows, name: "t")
/// u(a int, d string): a = 0, 2, 2, 7, NULL.
let u = scan([Field("a", .int32), Field("d", .string)],
             [[.int32(0), .string("x")], [.int32(2), .string("y")], [.int32(2), .string("z")], [.int32(7), .string("w")], [.null, .string("n")]],
             name: "u")

func lit(_ i: Int32) -> Expr { .literal(.int32(i)) }
func col(_ n: String, _ q: String? = nil) -> Expr { .column(n, qualifier: q) }

func analyzed(_ p: LogicalPlan) throws -> LogicalPlan { try Analyzer().analyze(p) }

/// Every row of the plan's result, run with the given optimizer.
func run(_ p: LogicalPlan, optimizer: Optimizer = Optimizer(), threads: Int = 2) throws -> [[Value]] {
    let qe = try QueryExecution(p, optimizer: optimizer)
    let batches = try qe.physical.execute(ExecutionContext(threads: threads, memoryLimit: 1 << 30))
    return batches.flatMap { b in (0..<b.rowCount).map { r in b.columns.map { $0.value(r) } } }
}

func scans(_ p: LogicalPlan) -> [ScanNode] {
    if case .scan(let s) = p { return [s] }
    return p.children.flatMap(scans)
}

func containsNode(_ p: LogicalPlan, _ pred: (LogicalPlan) -> Bool) -> Bool {
    pred(p) || p.children.contains { containsNode($0, pred) }
}

func isFilter(_ p: LogicalPlan) -> Bool { if case .filter = p { return true }; return false }

@Suite struct OptimizerRuleTests {
    @Test func constantFoldingFoldsArithmetic() throws {
        let p = try analyzed(.project([.alias(.arithmetic(.add, lit(1), lit(2)), "x"), .arithmetic(.multiply, col("a"), .arithmetic(.add, lit(2), lit(3)))], t))
        let out = try ConstantFolding().apply(p)
        guard case .project(let exprs, _) = out else { Issue.record("expected a project"); return }
        #expect(exprs[0] == .alias(.literal(.int32(3)), "x"))
        #expect(exprs[1].contains { $0 == .literal(.int32(5)) })
        #expect(!exprs[1].contains { $0 == .literal(.int32(2)) })
        // Output names do not change.
        #expect(Analyzer.attributes(out).map(\.name) == Analyzer.attributes(p).map(\.name))
        // 1/0 is not folded (the error surfaces only if a row reaches it).
        let div = try analyzed(.project([.alias(.arithmetic(.divide, lit(1), lit(0)), "z")], t))
        guard case .project(let dexprs, _) = try ConstantFolding().apply(div) else { Issue.record("expected a project"); return }
        #expect(dexprs[0].contains { if case .arithmetic(.divide, _, _, _) = $0 { return true }; return false })
    }

    @Test func booleanSimplification() throws {
        let gt = Expr.comparison(.gt, col("a"), lit(1))
        let p1 = try analyzed(.filter(.and(.literal(.bool(true)), gt), t))
        guard case .filter(let c, .scan) = try BooleanSimplification().apply(p1) else { Issue.record("expected a filter"); return }
        #expect(c == (try analyzed(.filter(gt, t))).filterCondition)
        // Always-true filter disappears.
        let p2 = try analyzed(.filter(.or(gt, .literal(.bool(true))), t))
        guard case .scan = try BooleanSimplification().apply(p2) else { Issue.record("expected the filter removed"); return }
        let p3 = try analyzed(.filter(.not(.not(gt)), t))
        #expect(try BooleanSimplification().apply(p3).filterCondition == (try analyzed(.filter(gt, t))).filterCondition)
        let p4 = try analyzed(.filter(.and(gt, .literal(.bool(false))), t))
        #expect(try BooleanSimplification().apply(p4).filterCondition == .literal(.bool(false)))
    }

    @Test func pushDownFilterIntoScanAndThroughProject() throws {
        let p = try analyzed(.filter(.comparison(.gt, col("x"), lit(2)), .project([.alias(.arithmetic(.add, col("a"), lit(1)), "x"), col("b")], t)))
        let out = try PushDownFilter().apply(p)
        #expect(!containsNode(out, isFilter))
        guard case .project(_, .scan(let s)) = out else { Issue.record("expected project over scan: \(PlanPrinter.text(out))"); return }
        #expect(s.filters.count == 1)
        #expect(s.filters[0].description.contains("+"))   // substituted a + 1
        #expect(try run(out, optimizer: Optimizer(rules: [])) == run(p, optimizer: Optimizer(rules: [])))
        // Conjuncts are split.
        let q = try analyzed(.filter(.and(.comparison(.gt, col("a"), lit(1)), .isNotNull(col("b"))), t))
        guard case .scan(let s2) = try PushDownFilter().apply(q) else { Issue.record("expected a scan"); return }
        #expect(s2.filters.count == 2)
    }

    @Test func pushDownFilterIntoJoinSides() throws {
        let cond = Expr.comparison(.eq, col("a", "l"), col("a", "r"))
        let leftOnly = Expr.comparison(.gt, col("c", "l"), .literal(.double(1)))
        let rightOnly = Expr.comparison(.ne, col("d", "r"), .literal(.string("w")))
        for type in [JoinType.inner, .left, .right, .full] {
            let j = LogicalPlan.join(.alias("l", t), .alias("r", u), type, on: cond)
            let p = try analyzed(.filter(.and(leftOnly, rightOnly), j))
            let out = try PushDownFilter().apply(p)
            guard case .join(let l, let r, _, _) = out.strippingFilter else { Issue.record("expected a join"); continue }
            let lf = scans(l)[0].filters.count, rf = scans(r)[0].filters.count
            switch type {
            case .inner:
                #expect(lf == 1 && rf == 1 && !isFilter(out))
            case .left:   // the right side produces NULLs: its filter stays above the join
                #expect(lf == 1 && rf == 0 && isFilter(out))
            case .right:
                #expect(lf == 0 && rf == 1 && isFilter(out))
            default:
                #expect(lf == 0 && rf == 0 && isFilter(out))
            }
            #expect(try Set(run(out, optimizer: Optimizer(rules: [])).map(\.description)) ==
                    Set(run(p, optimizer: Optimizer(rules: [])).map(\.description)), "\(type)")
        }
    }

    @Test func pruneColumnsReducesScan() throws {
        let p = try analyzed(.project([col("b")], .filter(.comparison(.gt, col("a"), lit(1)), t)))
        let out = try PruneColumns().apply(p)
        let s = scans(out)[0]
        #expect(s.columns == [0, 1])
        let pushed = try PruneColumns().apply(PushDownFilter().apply(p))
        #expect(scans(pushed)[0].columns == [0, 1])
        let only = try PruneColumns().apply(try analyzed(.project([col("c")], t)))
        #expect(scans(only)[0].columns == [2])
        #expect(try run(only, optimizer: Optimizer(rules: [])) == tRows.map { [$0[2]] })
        // count(*) still needs one column to count rows.
        let cnt = try PruneColumns().apply(try analyzed(.aggregate(groupBy: [], outputs: [.aggregate("count", [])], t)))
        #expect(scans(cnt)[0].columns?.count == 1)
    }

    @Test func topNRule() throws {
        let p = try analyzed(.limit(2, offset: 0, .sort([SortOrder(col("c"), ascending: false)], t)))
        guard case .topN(2, let orders, .scan) = try TopNRule().apply(p) else { Issue.record("expected a TopN"); return }
        #expect(orders.count == 1 && !orders[0].ascending)
        let withOffset = try TopNRule().apply(try analyzed(.limit(2, offset: 1, .sort([SortOrder(col("c"))], t))))
        guard case .limit(2, 1, .topN(3, _, _)) = withOffset else { Issue.record("expected Limit over TopN 3"); return }
        #expect(try run(withOffset, optimizer: Optimizer(rules: [])) == [tRows[1], tRows[2]])
        // A limit alone is left alone.
        guard case .limit = try TopNRule().apply(try analyzed(.limit(2, offset: 0, t))) else { Issue.record("limit changed"); return }
    }

    @Test func joinBuildSideSwapsWhenLeftIsSmaller() throws {
        let big = scan([Field("a", .int32), Field("v", .int64)], (0..<100).map { [.int32(Int32($0 % 10)), .int64(Int64($0))] }, name: "big")
        let small = scan([Field("a", .int32)], [[.int32(3)], [.int32(5)]], name: "small")
        let p = try analyzed(.join(.alias("s", small), .alias("b", big), .inner, on: .comparison(.eq, col("a", "s"), col("a", "b"))))
        let out = try JoinBuildSide().apply(p)
        #expect(PlanPrinter.text(out).contains("#swap"))
        #expect(scans(out).map { $0.table.displayName } == ["big", "small"])
        #expect(Analyzer.attributes(out).map(\.name) == ["a", "a", "v"])
        #expect(try Set(run(out, optimizer: Optimizer(rules: [])).map(\.description)) == Set(run(p, optimizer: Optimizer(rules: [])).map(\.description)))
        // Big on the left: unchanged; outer joins: unchanged.
        let keep = try analyzed(.join(.alias("b", big), .alias("s", small), .inner, on: .comparison(.eq, col("a", "s"), col("a", "b"))))
        #expect(PlanPrinter.text(try JoinBuildSide().apply(keep)) == PlanPrinter.text(keep))
        let outer = try analyzed(.join(.alias("s", small), .alias("b", big), .left, on: .comparison(.eq, col("a", "s"), col("a", "b"))))
        #expect(PlanPrinter.text(try JoinBuildSide().apply(outer)) == PlanPrinter.text(outer))
    }

    @Test func joinConditionsOnOneInputBecomeFilters() throws {
        // LEFT JOIN … ON l.a = r.a AND r.d <> 'w' AND l.c > 1: the right-only conjunct filters u; the
        // left-only one must stay (a failing left row is still emitted, with NULLs).
        let on = Expr.and(.and(.comparison(.eq, col("a", "l"), col("a", "r")), .comparison(.ne, col("d", "r"), .literal(.string("w")))),
                          .comparison(.gt, col("c", "l"), .literal(.double(1))))
        let p = try analyzed(.join(.alias("l", t), .alias("r", u), .left, on: on))
        let out = try PushDownFilter().apply(p)
        guard case .join(let l, let r, .left, let cond?) = out else { Issue.record("expected a left join"); return }
        #expect(scans(r)[0].filters.count == 1)
        #expect(scans(l)[0].filters.isEmpty)
        #expect(cond.conjuncts.count == 2)
        #expect(try Set(run(out, optimizer: Optimizer(rules: [], joinRules: [])).map(\.description)) ==
                Set(run(p, optimizer: Optimizer(rules: [], joinRules: [])).map(\.description)))
        // Inner join: both move.
        let innerOut = try PushDownFilter().apply(try analyzed(.join(.alias("l", t), .alias("r", u), .inner, on: on)))
        #expect(scans(innerOut).map(\.filters.count) == [1, 1])
    }

    @Test func optimizedEqualsUnoptimized() throws {
        let plans: [LogicalPlan] = [
            .limit(3, offset: 1, .sort([SortOrder(col("c"), ascending: false)], .filter(.comparison(.gt, col("a"), .arithmetic(.add, lit(0), lit(1))), t))),
            .project([col("b")], .filter(.and(.literal(.bool(true)), .isNotNull(col("b"))), t)),
            .aggregate(groupBy: [col("b")], outputs: [col("b"), .alias(.aggregate("sum", [col("c")]), "s"), .alias(.aggregate("count", []), "n")],
                       .filter(.comparison(.lt, col("a"), lit(5)), t)),
            .filter(.isNotNull(col("d", "r")), .join(.alias("l", t), .alias("r", u), .left, on: .comparison(.eq, col("a", "l"), col("a", "r")))),
            .filter(.comparison(.gt, col("c", "l"), .literal(.double(2))), .join(.alias("l", t), .alias("r", u), .inner, on: .comparison(.eq, col("a", "l"), col("a", "r")))),
            .project([col("a", "l"), col("d")], .join(.alias("l", t), .alias("r", u), .full, on: .comparison(.eq, col("a", "l"), col("a", "r")))),
            .filter(.comparison(.gt, col("n"), .literal(.int64(1))),
                    .aggregate(groupBy: [col("a")], outputs: [col("a"), .alias(.aggregate("count", []), "n")], u)),
            .deduplicate(keys: ["b"], .sort([SortOrder(col("a"))], t)),
            .union([.project([col("a")], t), .project([col("a")], u)], byName: false, allowMissing: false),
        ]
        for p in plans {
            let fast = try run(p).map(\.description).sorted()
            let slow = try run(p, optimizer: Optimizer(rules: [])).map(\.description).sorted()
            let oneThread = try run(p, threads: 1).map(\.description).sorted()
            #expect(fast == slow, "\(PlanPrinter.text(p))")
            #expect(fast == oneThread)
            #expect(!fast.isEmpty)
        }
    }
}

@Suite struct MemoryLimitTests {
    @Test func reserveOverLimitThrows() throws {
        let ctx = ExecutionContext(threads: 1, memoryLimit: 1000)
        try ctx.reserve(600, for: "first")
        #expect(throws: DataFlowError.self) { try ctx.reserve(500, for: "second") }
        do { try ctx.reserve(500, for: "second"); Issue.record("no error") } catch let e as DataFlowError {
            #expect(e.errorClass == "MEMORY_LIMIT_EXCEEDED")
            #expect(e.message.contains("second"))
        }
        // A failed reservation is not kept; releasing makes room.
        try ctx.reserve(400, for: "third")
        ctx.release(1000)
        try ctx.reserve(900, for: "fourth")
        #expect(ctx.peakReserved >= 1000)
    }

    @Test func bigHashAggregateFailsCleanly() throws {
        let p = LogicalPlan.aggregate(groupBy: [col("id")], outputs: [col("id"), .alias(.aggregate("count", []), "n")],
                                      .scan(ScanNode(table: RangeTable(start: 0, end: 300_000, step: 1))))
        let qe = try QueryExecution(p)
        do {
            _ = try qe.physical.execute(ExecutionContext(threads: 2, memoryLimit: 100_000))
            Issue.record("expected MEMORY_LIMIT_EXCEEDED")
        } catch let e as DataFlowError {
            #expect(e.errorClass == "MEMORY_LIMIT_EXCEEDED")
        }
    }
}

extension LogicalPlan {
    var filterCondition: Expr? { if case .filter(let c, _) = self { return c }; return nil }
    var strippingFilter: LogicalPlan { if case .filter(_, let c) = self { return c }; return self }
    var description: String { PlanPrinter.text(self) }
}
