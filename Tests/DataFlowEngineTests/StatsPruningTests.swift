import DataFlowColumnar
@testable import DataFlowEngine
import Synchronization
import Testing

private func b(_ i: Int, _ t: DataType) -> Expr { .bound(index: i, type: t, nullable: true, name: "c\(i)") }
private func cmp(_ op: CompareOp, _ e: Expr, _ v: Value) -> Expr { .comparison(op, e, .literal(v)) }

/// Column 0: int64 in [10, 20] with 2 NULLs of 100 rows; column 1: float64 in [0, 1]; column 2: all NULL;
/// column 3: string in ["b", "d"]; column 4: date in [100, 200].
private func stats(_ i: Int) -> ColumnStatistics? {
    switch i {
    case 0: return ColumnStatistics(min: .int64(10), max: .int64(20), nullCount: 2)
    case 1: return ColumnStatistics(min: .double(0), max: .double(1), nullCount: 0)
    case 2: return ColumnStatistics(nullCount: 100)
    case 3: return ColumnStatistics(min: .string("b"), max: .string("d"), nullCount: 0)
    case 4: return ColumnStatistics(min: .date(100), max: .date(200), nullCount: 0)
    default: return nil
    }
}

private func skip(_ e: Expr) -> Bool { StatsPruning.canSkip([e], rowCount: 100, stats: stats) }

@Suite struct StatsPruningTests {
    let x = b(0, .int64)

    @Test func comparisonsAgainstBounds() {
        #expect(skip(cmp(.gt, x, .int64(20))))
        #expect(!skip(cmp(.ge, x, .int64(20))))
        #expect(skip(cmp(.lt, x, .int64(10))))
        #expect(!skip(cmp(.le, x, .int64(10))))
        #expect(skip(cmp(.eq, x, .int64(21))))
        #expect(skip(cmp(.eq, x, .int64(9))))
        #expect(!skip(cmp(.eq, x, .int64(15))))
        // Literal on the left: 25 < x is x > 25.
        #expect(skip(.comparison(.lt, .literal(.int64(25)), x)))
        #expect(!skip(.comparison(.gt, .literal(.int64(25)), x)))
        // Integers and decimals compare exactly; a widening cast keeps the bounds usable.
        #expect(skip(cmp(.gt, x, .decimal(2001, precision: 5, scale: 2))))
        #expect(!skip(cmp(.gt, x, .decimal(1999, precision: 5, scale: 2))))
        #expect(skip(cmp(.gt, .cast(b(0, .int64), .float64), .double(20.5))))
        // A cast that changes order (to string) is not looked through.
        #expect(!skip(cmp(.gt, .cast(x, .string), .string("9"))))
        #expect(skip(cmp(.lt, b(4, .date), .date(100))))
        #expect(skip(cmp(.gt, b(3, .string), .string("da"))))
        #expect(!skip(cmp(.gt, b(3, .string), .string("c"))))
    }

    @Test func nullsAndNaN() {
        #expect(skip(.isNull(b(1, .float64))))
        #expect(!skip(.isNull(x)))
        #expect(skip(.isNotNull(b(2, .int64))))
        #expect(skip(cmp(.eq, b(2, .int64), .int64(1))))
        #expect(skip(cmp(.eq, x, .null)))
        #expect(!skip(cmp(.eqNullSafe, x, .null)))
        // NaN is above every double and statistics leave it out: a max never rules out x > v.
        #expect(!skip(cmp(.gt, b(1, .float64), .double(5))))
        #expect(skip(cmp(.lt, b(1, .float64), .double(0))))
        #expect(!skip(cmp(.eq, b(1, .float64), .double(.nan))))
    }

    @Test func connectivesAndLists() {
        let out = cmp(.gt, x, .int64(50)), inside = cmp(.gt, x, .int64(15))
        #expect(skip(.and(inside, out)))
        #expect(!skip(.or(inside, out)))
        #expect(skip(.or(out, cmp(.lt, x, .int64(0)))))
        #expect(skip(.inList(x, [.literal(.int64(1)), .literal(.int64(30))])))
        #expect(!skip(.inList(x, [.literal(.int64(1)), .literal(.int64(12))])))
        #expect(!skip(.not(out)))  // not reasoned about: kept
        // Unknown statistics keep the block; so does an empty filter list.
        #expect(!skip(cmp(.gt, b(9, .int64), .int64(0))))
        #expect(!StatsPruning.canSkip([], rowCount: 10, stats: stats))
        #expect(StatsPruning.canSkip([], rowCount: 0, stats: stats))
    }

    /// The scan hands its pushed filters, bound to its output columns, to the table.
    @Test func scanPassesPushedFiltersToTheTable() throws {
        let schema = Schema([Field("a", .int32), Field("b", .string), Field("c", .float64)])
        let table = RecordingTable(schema: schema)
        let plan = LogicalPlan.filter(.comparison(.gt, .column("c"), .literal(.double(1))),
                                      .project([.column("c")], .scan(ScanNode(table: table))))
        _ = try run(plan)
        let seen = table.seen.withLock { $0 }
        #expect(seen.count == 1)
        #expect(seen.first?.columns == [2])
        if case .comparison(.gt, .bound(let i, _, _, _), _)? = seen.first?.filters.first { #expect(i == 0) } else {
            Issue.record("expected a bound comparison, got \(String(describing: seen.first?.filters))")
        }
    }
}

/// An empty table that records what each scan asked for.
private final class RecordingTable: TableProvider {
    let schema: Schema
    let seen = Mutex<[(columns: [Int], filters: [Expr])]>([])
    init(schema: Schema) { self.schema = schema }
    var displayName: String { "recording" }
    var estimatedRows: Int? { 0 }
    func scan(columns: [Int], context: ExecutionContext) throws -> MorselSource { .batches([]) }
    func scan(columns: [Int], filters: [Expr], context: ExecutionContext) throws -> MorselSource {
        seen.withLock { $0.append((columns, filters)) }
        return .batches([])
    }
}
