import DataFlowColumnar
@testable import DataFlowEngine
import Testing

/// The integer-code fast path orders exactly as Spark does (and as the per-key closures do).
@Suite struct RowComparatorTests {
    @Test func normalizedKeysMatchSparkOrder() throws {
        let d: [Double?] = [1.5, nil, -0.0, .nan, -3, 0.0, .infinity, -.infinity, 2]
        let i: [Int64?] = [Int64.min, 5, nil, Int64.max, -1, 0, 5, 7, nil]
        let dc = Column.float64(d), ic = Column.int64(i)
        func order(_ cols: [Column], _ orders: [SortOrder]) throws -> [Int32] {
            try RowComparator(columns: cols, orders: orders).sortedIndices(d.count, ctx: ExecutionContext(threads: 1, memoryLimit: 1 << 20))
        }
        // Ascending, nulls first; NaN after +inf; -0.0 == 0.0 (stable: index order).
        #expect(try order([dc], [SortOrder(.literal(.null))]) == [1, 7, 4, 2, 5, 0, 8, 6, 3])
        // Descending, nulls last.
        #expect(try order([dc], [SortOrder(.literal(.null), ascending: false)]) == [3, 6, 8, 0, 2, 5, 4, 7, 1])
        // Two keys: int64 descending with nulls first, then double ascending.
        let cmp = RowComparator(columns: [ic, dc], orders: [SortOrder(.literal(.null), ascending: false, nullsFirst: true), SortOrder(.literal(.null))])
        #expect(cmp.codes != nil)
        // Same answer as the closure path (strings force it) on every pair.
        for a in 0..<d.count {
            for b in 0..<d.count where a != b {
                var slow = false
                for k in cmp.keys {
                    let r = k(a, b)
                    if r != 0 { slow = r < 0; break }
                    slow = a < b
                }
                #expect(cmp.less(Int32(a), Int32(b)) == slow, "\(a) \(b)")
            }
        }
        #expect(RowComparator(columns: [Column.string(["a"])], orders: [SortOrder(.literal(.null))]).codes == nil)
    }
}
