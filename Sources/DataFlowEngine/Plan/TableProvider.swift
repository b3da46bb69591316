import DataFlowColumnar

/// A source of rows the engine can scan: in-memory batches, CSV files, and later Parquet, Delta tables.
/// Like DataFusion's `TableProvider`: higher layers implement it, the engine only calls it.
public protocol TableProvider: AnyObject, Sendable {
    /// Shown by `explain`, e.g. `csv [data/ratings.csv]`.
    var displayName: String { get }
    var schema: Schema { get }
    /// Row estimate for planning (join build side), nil if unknown.
    var estimatedRows: Int? { get }
    /// Morsels holding only `columns` (indices into `schema`, in that order).
    func scan(columns: [Int], context: ExecutionContext) throws -> MorselSource
    /// Morsels holding only `columns`, given the scan's pushed-down `filters` (bound to those output
    /// columns) so that blocks statistics rule out can be skipped (`StatsPruning`). The scan applies the
    /// filters to what it returns, so skipping is only an optimisation.
    func scan(columns: [Int], filters: [Expr], context: ExecutionContext) throws -> MorselSource
}

extension TableProvider {
    /// Sources without statistics read everything.
    public func scan(columns: [Int], filters: [Expr], context: ExecutionContext) throws -> MorselSource {
        try scan(columns: columns, context: context)
    }
}

/// Batches held in memory (`createDataFrame`, `range`, cached results).
public final class InMemoryTable: TableProvider {
    public let schema: Schema
    public let batches: [RecordBatch]
    public let displayName: String

    public init(schema: Schema, batches: [RecordBatch], name: String = "LocalRelation") {
        self.schema = schema
        self.batches = batches.filter { $0.rowCount > 0 }
        self.displayName = name
    }

    public var estimatedRows: Int? { batches.reduce(0) { $0 + $1.rowCount } }

    public func scan(columns: [Int], context: ExecutionContext) throws -> MorselSource {
        let batches = self.batches
        let outSchema = Schema(columns.map { schema[$0] })
        return MorselSource(count: batches.count) { i in
            RecordBatch(schema: outSchema, columns: columns.map { batches[i].columns[$0] }, rowCount: batches[i].rowCount)
        }
    }
}

/// `range(start, end, step)`: generated on the fly, one morsel per 64Ki rows.
public final class RangeTable: TableProvider {
    public let start: Int64, end: Int64, step: Int64
    public let schema = Schema([Field("id", .int64, nullable: false)])

    public init(start: Int64, end: Int64, step: Int64) {
        self.start = start
        self.end = end
        self.step = step
    }

    public var displayName: String { "Range (\(start), \(end), step=\(step))" }

    /// Computed in 128 bits (`range(Int64.min, Int64.max)` overflows 64), capped at Int.max.
    public var rowCount: Int {
        if step == 0 { return 0 }
        let s = Int128(start), e = Int128(end), st = Int128(step)
        let n: Int128
        if st > 0 { n = e > s ? (e - s + st - 1) / st : 0 } else { n = s > e ? (s - e - st - 1) / -st : 0 }
        return n > Int128(Int.max) ? Int.max : Int(n)
    }

    public var estimatedRows: Int? { rowCount }

    public func scan(columns: [Int], context: ExecutionContext) throws -> MorselSource {
        guard step != 0 else { throw DataFlowError.invalid("range: the step must not be 0") }
        let n = rowCount, m = RecordBatch.morselSize
        let start = self.start, step = self.step
        let outSchema = Schema(columns.map { schema[$0] })
        return MorselSource(count: n / m + (n % m == 0 ? 0 : 1)) { i in
            let lo = i * m, cnt = min(m, n - lo)
            let buf = Buffer(byteCount: cnt * 8)
            let p = buf.pointer(Int64.self)
            let base = start &+ Int64(lo) &* step
            for k in 0..<cnt { p[k] = base &+ Int64(k) &* step }
            let col = Column(type: .int64, count: cnt, values: buf)
            return RecordBatch(schema: outSchema, columns: columns.map { _ in col }, rowCount: cnt)
        }
    }
}
