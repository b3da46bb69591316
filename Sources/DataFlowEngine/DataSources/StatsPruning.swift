import DataFlowColumnar

/// Decides from statistics alone that a block of rows cannot satisfy a scan's filters, so it need not be
/// read (row-group skipping, data skipping). Conservative: anything it cannot reason about keeps the block.
/// Skipping is only an optimisation; the scan still applies the filters to what it reads.
///
/// ```swift
/// // x > 900, with x in [0, 99] in this row group: skip it.
/// StatsPruning.canSkip([x > 900], rowCount: 100) { _ in ColumnStatistics(min: .int64(0), max: .int64(99), nullCount: 0) }
/// ```
public enum StatsPruning {
    /// True when no row of a block of `rowCount` rows can make every filter true. Filters are bound to the
    /// scan's output columns; `stats(i)` describes output column `i` (nil when unknown).
    public static func canSkip(_ filters: [Expr], rowCount: Int, stats: (Int) -> ColumnStatistics?) -> Bool {
        if rowCount == 0 { return true }
        return filters.contains { never($0, rowCount, stats) }
    }

    /// True when `e` is false or NULL for every row of the block.
    private static func never(_ e: Expr, _ rows: Int, _ stats: (Int) -> ColumnStatistics?) -> Bool {
        switch e {
        case .and(let a, let b):
            return never(a, rows, stats) || never(b, rows, stats)
        case .or(let a, let b):
            return never(a, rows, stats) && never(b, rows, stats)
        case .literal(let v):
            if case .bool(let b) = v { return !b }
            return v.isNull
        case .isNull(let c):
            guard let (i, _) = column(c), let n = stats(i)?.nullCount else { return false }
            return n == 0
        case .isNotNull(let c):
            guard let (i, _) = column(c), let n = stats(i)?.nullCount else { return false }
            return n >= rows
        case .comparison(let op, let a, let b):
            if let (i, t) = column(a), case .literal(let v) = b { return never(op, i, t, v, rows, stats) }
            if let (i, t) = column(b), case .literal(let v) = a { return never(op.flipped, i, t, v, rows, stats) }
            return false
        case .inList(let c, let items):
            guard let (i, t) = column(c) else { return false }
            var values: [Value] = []
            for item in items {
                guard case .literal(let v) = item else { return false }
                values.append(v)
            }
            return values.allSatisfy { never(.eq, i, t, $0, rows, stats) }
        default:
            return false
        }
    }

    /// `column op v` is never true in the block.
    private static func never(_ op: CompareOp, _ i: Int, _ type: DataType, _ v: Value, _ rows: Int,
                              _ stats: (Int) -> ColumnStatistics?) -> Bool {
        guard let s = stats(i) else { return false }
        // Comparing NULL, or a column that is all NULL, is never true (except null-safe equality).
        if op == .eqNullSafe { return false }
        if v.isNull { return true }
        if let n = s.nullCount, n >= rows { return true }
        // NaN is the greatest double in Spark and statistics leave it out: the maximum bounds nothing
        // for a double column, and a NaN literal is beyond every bound.
        let nanPossible = type == .float64
        if case .double(let d) = v, d.isNaN { return false }
        let lo = s.min.flatMap { order($0, v) }  // min vs v
        let hi = nanPossible ? nil : s.max.flatMap { order($0, v) }  // max vs v
        switch op {
        case .eq: return (lo.map { $0 > 0 } ?? false) || (hi.map { $0 < 0 } ?? false)
        case .lt: return lo.map { $0 >= 0 } ?? false
        case .le: return lo.map { $0 > 0 } ?? false
        case .gt: return hi.map { $0 <= 0 } ?? false
        case .ge: return hi.map { $0 < 0 } ?? false
        case .ne:
            // Every value equals v: min == max == v (and no NaN can hide beyond max).
            guard !nanPossible, lo == 0, hi == 0 else { return false }
            return true
        case .eqNullSafe: return false
        }
    }

    /// The output column `e` reads, looking through casts that keep order (numeric widening, a type to
    /// itself), with the column's own type.
    private static func column(_ e: Expr) -> (Int, DataType)? {
        switch e {
        case .bound(let i, let t, _, _): return (i, t)
        case .cast(let inner, let to, _):
            guard let (i, from) = column(inner), keepsOrder(from: from, to: to) else { return nil }
            return (i, from)
        default: return nil
        }
    }

    private static func keepsOrder(from: DataType, to: DataType) -> Bool {
        if from == to { return true }
        switch (from, to) {
        case (.int32, .int64), (.int32, .float64), (.int64, .float64), (.int32, .decimal), (.int64, .decimal),
             (.decimal, .decimal), (.decimal, .float64), (.date, .timestamp):
            return true
        default: return false
        }
    }

    /// The order of two statistics values, or nil when they cannot be compared (different kinds).
    static func order(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.string(let x), .string(let y)):
            return x == y ? 0 : (x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.date(let x), .date(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.timestamp(let x), .timestamp(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.date(let d), .timestamp):
            return order(.timestamp(Int64(d) * 86_400_000_000), b)
        case (.timestamp, .date(let d)):
            return order(a, .timestamp(Int64(d) * 86_400_000_000))
        case (.string, _), (_, .string), (.bool, _), (_, .bool), (.date, _), (_, .date), (.timestamp, _), (_, .timestamp):
            return nil
        case (.decimal, .decimal), (.int32, .int32), (.int64, .int64), (.int32, .int64), (.int64, .int32),
             (.decimal, .int32), (.decimal, .int64), (.int32, .decimal), (.int64, .decimal):
            return compareValues(exact(a), exact(b))
        default:
            guard let x = a.doubleValue, let y = b.doubleValue, !x.isNaN, !y.isNaN else { return nil }
            return x == y ? 0 : (x < y ? -1 : 1)
        }
    }

    /// Integers as scale-0 decimals so that integers and decimals compare exactly.
    private static func exact(_ v: Value) -> Value {
        switch v {
        case .int32(let x): return .decimal(Int128(x), precision: 38, scale: 0)
        case .int64(let x): return .decimal(Int128(x), precision: 38, scale: 0)
        default: return v
        }
    }
}
