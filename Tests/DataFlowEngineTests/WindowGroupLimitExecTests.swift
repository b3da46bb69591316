import DataFlowColumnar
@testable import DataFlowEngine
import Testing

/// The group limit operator on its own: many small morsels, two workers, and candidates cut down
/// every few morsels (running top-k and exact selection), against one exact selection over all rows.
@Suite struct WindowGroupLimitExecTests {
    static let fields = [Field("g", .int64), Field("x", .float64), Field("s", .string)]

    /// g: 40 groups and NULL; x rises with the row (so under DESC every row beats the rows before it,
    /// the worst case for the running top-k), ties within a group, some NULL; s: 7 strings.
    func source(rows n: Int, batch: Int) -> ScanExec {
        let schema = Schema(WindowGroupLimitExecTests.fields)
        var batches: [RecordBatch] = []
        var lo = 0
        while lo < n {
            let hi = min(n, lo + batch)
            var g = ColumnBuilder(type: .int64, capacity: hi - lo)
            var x = ColumnBuilder(type: .float64, capacity: hi - lo)
            var s = ColumnBuilder(type: .string, capacity: hi - lo)
            for i in lo..<hi {
                g.append(value: i % 37 == 0 ? .null : .int64(Int64(i % 40)))
                x.append(value: i % 53 == 0 ? .null : .double(Double(i / 80)))
                s.append(value: .string("s\(i % 7)"))
            }
            batches.append(RecordBatch(schema: schema, columns: [g.finish(), x.finish(), s.finish()], rowCount: hi - lo))
            lo = hi
        }
        return ScanExec(ScanNode(table: InMemoryTable(schema: schema, batches: batches, name: "t")))
    }

    func ref(_ i: Int) -> Expr {
        let f = WindowGroupLimitExecTests.fields[i]
        return .bound(index: i, type: f.type, nullable: true, name: f.name)
    }

    /// Sorted rows of the given columns.
    func bag(_ batches: [RecordBatch], _ columns: [Int]) -> [String] {
        batches.flatMap { b in (0..<b.rowCount).map { r in columns.map { "\(b.columns[$0].value(r))" }.joined(separator: "|") } }.sorted()
    }

    @Test(arguments: [RankingFunction.rowNumber, .rank, .denseRank])
    func cutsMatchOneSelection(function: RankingFunction) throws {
        let ctx = ExecutionContext(threads: 2, memoryLimit: 1 << 30)
        let child = source(rows: 3000, batch: 100)
        let all = RecordBatch.concat(try child.execute(ctx), schema: child.schema)
        let cases: [([Int], [SortOrder])] = [
            ([0], [SortOrder(ref(1), ascending: false, nullsFirst: false)]),   // one integer key
            ([2, 0], [SortOrder(ref(1), ascending: false, nullsFirst: true)]), // string + integer keys
            ([2], [SortOrder(ref(1), ascending: true, nullsFirst: false)]),    // one string key
            ([], [SortOrder(ref(1), ascending: false, nullsFirst: false)]),    // no partition
            ([0], [SortOrder(ref(2), ascending: false, nullsFirst: false)]),   // string order key: no running top-k
        ]
        var mismatches: [String] = []
        for (keys, orders) in cases {
            for k in [1, 3, 40] {
                let op = WindowGroupLimitExec(partitionBy: keys.map(ref), orderBy: orders, function: function, limit: k, child,
                                              compactionRows: 600)
                // With k = 40 most rows qualify and the operator may pass rows on unselected: the
                // window above still finds the same ones.
                let output = try op.execute(ctx)
                let got = k == 40 ? [try op.select(RecordBatch.concat(output, schema: child.schema), ctx)] : output
                let want = try op.select(all, ctx)
                // Partition and order keys do not depend on which tied row row_number keeps.
                var columns = keys
                if case .bound(let i, _, _, _) = orders[0].expr, !columns.contains(i) { columns.append(i) }
                if function != .rowNumber { columns = [0, 1, 2] }
                if bag(got, columns) != bag([want], columns) {
                    let g = bag(got, columns), wnt = bag([want], columns)
                    mismatches.append("\(keys) \(orders) k=\(k) got \(g.count) want \(wnt.count) extra \(Set(g).subtracting(wnt).sorted().prefix(5)) missing \(Set(wnt).subtracting(g).sorted().prefix(5))")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    /// The exact selection by hand: group 1 of x DESC NULLS LAST holds 4, 4, 3, NULL.
    @Test func exactSelection() throws {
        let ctx = ExecutionContext(threads: 1, memoryLimit: 1 << 30)
        let schema = Schema(WindowGroupLimitExecTests.fields)
        let g = Column.int64([1, 1, 2, 1, 1, nil])
        let x = Column.float64([4, 3, 9, nil, 4, .nan])
        let s = Column.string(["a", "b", "c", "d", "e", "f"])
        let batch = RecordBatch(schema: schema, columns: [g, x, s], rowCount: 6)
        let child = ScanExec(ScanNode(table: InMemoryTable(schema: schema, batches: [batch], name: "t")))
        func kept(_ f: RankingFunction, _ k: Int) throws -> [String] {
            let op = WindowGroupLimitExec(partitionBy: [ref(0)], orderBy: [SortOrder(ref(1), ascending: false, nullsFirst: false)],
                                          function: f, limit: k, child)
            return try op.execute(ctx).flatMap { b in (0..<b.rowCount).map { b.columns[2].string($0) } }.sorted()
        }
        #expect(try kept(.rowNumber, 1).count == 3)
        #expect(try kept(.rank, 1) == ["a", "c", "e", "f"])
        #expect(try kept(.rank, 2) == ["a", "c", "e", "f"])
        #expect(try kept(.rank, 3) == ["a", "b", "c", "e", "f"])
        #expect(try kept(.denseRank, 2) == ["a", "b", "c", "e", "f"])
        #expect(try kept(.denseRank, 3) == ["a", "b", "c", "d", "e", "f"])
        #expect(try kept(.rowNumber, 3) == ["a", "b", "c", "e", "f"])
    }
}
