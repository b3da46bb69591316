import DataFlowColumnar
import Synchronization

/// Join kinds with Spark's names.
public enum JoinType: String, Sendable, Hashable, CaseIterable {
    case inner, left, right, full, leftSemi = "left_semi", leftAnti = "left_anti", cross

    /// Accepts Spark's spellings: "inner", "left", "leftouter", "left_outer", "right", "full", "outer",
    /// "fullouter", "semi", "leftsemi", "left_semi", "anti", "leftanti", "left_anti", "cross".
    public init?(spark: String) {
        switch spark.lowercased().replacingOccurrences(of: "_", with: "") {
        case "inner": self = .inner
        case "left", "leftouter": self = .left
        case "right", "rightouter": self = .right
        case "full", "outer", "fullouter": self = .full
        case "semi", "leftsemi": self = .leftSemi
        case "anti", "leftanti": self = .leftAnti
        case "cross": self = .cross
        default: return nil
        }
    }

    public var sqlName: String {
        switch self {
        case .inner: return "Inner"
        case .left: return "LeftOuter"
        case .right: return "RightOuter"
        case .full: return "FullOuter"
        case .leftSemi: return "LeftSemi"
        case .leftAnti: return "LeftAnti"
        case .cross: return "Cross"
        }
    }
}

/// A table scan: the source, the columns read (projection push-down), filters evaluated right after
/// reading (filter push-down), and a row limit (limit push-down).
public struct ScanNode: Sendable {
    public var table: any TableProvider
    public var columns: [Int]?
    public var filters: [Expr]
    public var limit: Int?

    public init(table: any TableProvider, columns: [Int]? = nil, filters: [Expr] = [], limit: Int? = nil) {
        self.table = table
        self.columns = columns
        self.filters = filters
        self.limit = limit
    }

    /// Output fields (after projection).
    public var fields: [Field] { (columns ?? Array(0..<table.schema.count)).map { table.schema[$0] } }
}

/// A relational plan: an immutable value. Every API (DataFrame methods, the DSL, scripts, SQL) builds one.
public indirect enum LogicalPlan: Sendable {
    case scan(ScanNode)
    case project([Expr], LogicalPlan)
    case filter(Expr, LogicalPlan)
    /// `outputs` are the named result columns (grouping columns and aggregate expressions), as in Spark.
    case aggregate(groupBy: [Expr], outputs: [Expr], LogicalPlan)
    case join(LogicalPlan, LogicalPlan, JoinType, on: Expr?)
    /// Join on equally named columns; the analyzer rewrites it into `join` plus a projection.
    case usingJoin(LogicalPlan, LogicalPlan, JoinType, columns: [String])
    case sort([SortOrder], LogicalPlan)
    case limit(Int, offset: Int, LogicalPlan)
    /// Sort + limit, made by the optimizer.
    case topN(Int, [SortOrder], LogicalPlan)
    /// `distinct()` (keys nil) or `dropDuplicates(keys)`.
    case deduplicate(keys: [String]?, LogicalPlan)
    case union([LogicalPlan], byName: Bool, allowMissing: Bool)
    case sample(fraction: Double, withReplacement: Bool, seed: UInt64, LogicalPlan)
    /// Names the child's columns' table (`df.alias("r")`, and internal `#id` tags for `df.col`).
    case alias(String, LogicalPlan)
    /// A `cache()`d sub-plan: computed once, then reused.
    case cached(CacheEntry, LogicalPlan)
    /// Window functions: the child's columns, then one column per expression (each `Expr.window`,
    /// optionally aliased). The analyzer puts expressions with the same PARTITION BY and ORDER BY in one node.
    case window([Expr], LogicalPlan)
    /// Made by the optimizer below a `window` whose ranking function a filter above limits to `limit`:
    /// keeps, per partition, only the rows whose `function` value can be ≤ `limit` (Spark's
    /// `WindowGroupLimit`). Its output is its child's columns; the window above still computes the ranks.
    case windowGroupLimit(partitionBy: [Expr], orderBy: [SortOrder], function: RankingFunction, limit: Int, LogicalPlan)
    /// An opaque per-batch transform (a typed Dataset's closure `filter`/`map`/`flatMap`): its output is
    /// `transform.schema`; the optimizer treats it as a barrier.
    case mapBatches(BatchTransform, LogicalPlan)

    public var children: [LogicalPlan] {
        switch self {
        case .scan: return []
        case .project(_, let c), .filter(_, let c), .aggregate(_, _, let c), .sort(_, let c), .limit(_, _, let c),
             .topN(_, _, let c), .deduplicate(_, let c), .sample(_, _, _, let c), .alias(_, let c), .cached(_, let c),
             .window(_, let c), .windowGroupLimit(_, _, _, _, let c), .mapBatches(_, let c):
            return [c]
        case .join(let l, let r, _, _), .usingJoin(let l, let r, _, _): return [l, r]
        case .union(let c, _, _): return c
        }
    }

    public func withChildren(_ c: [LogicalPlan]) -> LogicalPlan {
        switch self {
        case .scan: return self
        case .project(let e, _): return .project(e, c[0])
        case .filter(let e, _): return .filter(e, c[0])
        case .aggregate(let g, let o, _): return .aggregate(groupBy: g, outputs: o, c[0])
        case .sort(let o, _): return .sort(o, c[0])
        case .limit(let n, let off, _): return .limit(n, offset: off, c[0])
        case .topN(let n, let o, _): return .topN(n, o, c[0])
        case .deduplicate(let k, _): return .deduplicate(keys: k, c[0])
        case .sample(let f, let w, let s, _): return .sample(fraction: f, withReplacement: w, seed: s, c[0])
        case .alias(let n, _): return .alias(n, c[0])
        case .cached(let e, _): return .cached(e, c[0])
        case .window(let e, _): return .window(e, c[0])
        case .windowGroupLimit(let p, let o, let f, let k, _): return .windowGroupLimit(partitionBy: p, orderBy: o, function: f, limit: k, c[0])
        case .mapBatches(let t, _): return .mapBatches(t, c[0])
        case .join(_, _, let t, let on): return .join(c[0], c[1], t, on: on)
        case .usingJoin(_, _, let t, let cols): return .usingJoin(c[0], c[1], t, columns: cols)
        case .union(_, let b, let m): return .union(c, byName: b, allowMissing: m)
        }
    }

    public func transformUp(_ f: (LogicalPlan) throws -> LogicalPlan) rethrows -> LogicalPlan {
        let kids = children
        let node = kids.isEmpty ? self : withChildren(try kids.map { try $0.transformUp(f) })
        return try f(node)
    }

    public func transformDown(_ f: (LogicalPlan) throws -> LogicalPlan) rethrows -> LogicalPlan {
        let node = try f(self)
        let kids = node.children
        return kids.isEmpty ? node : node.withChildren(try kids.map { try $0.transformDown(f) })
    }
}

/// The ranking functions a window group limit understands.
public enum RankingFunction: String, Sendable, Hashable {
    case rowNumber = "row_number", rank, denseRank = "dense_rank"
}

/// Computed batches of a cached plan, shared by every DataFrame that reuses it — or, for a sub-plan
/// that one query uses several times (a SQL CTE), computed once per run of that query and not kept.
public final class CacheEntry: @unchecked Sendable {
    public let key: String
    /// True for a sub-plan shared within one query: each run computes it once; nothing is stored here.
    public let perQuery: Bool
    private let batches = Mutex<[RecordBatch]?>(nil)

    public init(key: String, perQuery: Bool = false) {
        self.key = key
        self.perQuery = perQuery
    }

    public var stored: [RecordBatch]? { batches.withLock { $0 } }
    public func store(_ b: [RecordBatch]?) { batches.withLock { $0 = b } }
}
