import DataFlowColumnar
import DataFlowEngine
import Synchronization

private let nextFrameId = Atomic<Int>(1)

/// A lazy, immutable query, as in Spark: transformations return new DataFrames and do no work;
/// actions (`show`, `count`, `collect`, `write`) optimize and run the plan.
///
/// ```swift
/// let top = ratings
///     .filter(col("rating") >= 4.0)
///     .groupBy("movieId")
///     .agg(count().as("n"), avg("rating").as("avg"))
///     .orderBy(desc("n"))
///     .limit(10)
/// try top.show()
/// ```
public struct DataFrame: Sendable {
    public let session: Session
    public let plan: LogicalPlan
    /// Identifies this DataFrame so that `df.col("x")` resolves to its column after a join.
    let id: Int

    public init(_ session: Session, _ plan: LogicalPlan) {
        self.session = session
        self.plan = plan
        self.id = nextFrameId.add(1, ordering: .relaxed).oldValue
    }

    /// A new DataFrame over `plan`, with `call_udf` columns resolved against this session's functions.
    func with(_ plan: LogicalPlan) -> DataFrame { DataFrame(session, session.resolvingUserFunctions(plan)) }

    /// The plan tagged with this DataFrame's id, so columns taken from it (`df.col`) resolve after joins.
    var taggedPlan: LogicalPlan { .alias("#\(id)", plan) }

    // MARK: Columns of this DataFrame

    /// This DataFrame's column `name`, unambiguous after joins (`left.col("id") == right.col("id")`).
    public func col(_ name: String) -> Column { Column(.column(name, qualifier: "#\(id)")) }
    public subscript(_ name: String) -> Column { col(name) }

    // MARK: Projection

    public func select(_ columns: Column...) -> DataFrame { select(columns) }
    public func select(_ columns: [Column]) -> DataFrame { with(.project(columns.map(\.expr), taggedPlan)) }
    public func select(_ names: String...) -> DataFrame { select(names.map { Column($0) }) }
    public func select(_ names: [String]) -> DataFrame { select(names.map { Column($0) }) }

    /// Every output column as a reference by position, for projections that rebuild the whole row
    /// (`withColumn`, `drop`, `na.fill`, ...). Like Spark, which uses the resolved attributes, this keeps
    /// working when a join left two columns with the same name.
    func outputColumns() throws -> [(name: String, ref: Expr)] {
        try schema.fields.enumerated().map { i, f in
            (f.name, Expr.bound(index: i, type: f.type, nullable: f.nullable, name: f.name))
        }
    }

    /// Adds or replaces a column (every column with that name, as in Spark).
    public func withColumn(_ name: String, _ value: Column) throws -> DataFrame {
        var exprs: [Expr] = []
        var replaced = false
        for (n, ref) in try outputColumns() {
            if n.lowercased() == name.lowercased() {
                exprs.append(.alias(value.expr, name))
                replaced = true
            } else {
                exprs.append(ref)
            }
        }
        if !replaced { exprs.append(.alias(value.expr, name)) }
        return with(.project(exprs, taggedPlan))
    }

    /// Renames a column (a no-op when it does not exist, as in Spark).
    public func withColumnRenamed(_ existing: String, _ newName: String) throws -> DataFrame {
        let cols = try outputColumns()
        guard cols.contains(where: { $0.name.lowercased() == existing.lowercased() }) else { return self }
        return with(.project(cols.map { n, ref in
            n.lowercased() == existing.lowercased() ? .alias(ref, newName) : ref
        }, taggedPlan))
    }

    /// Drops columns by name (names that do not exist are ignored, as in Spark).
    public func drop(_ names: String...) throws -> DataFrame {
        let lower = Set(names.map { $0.lowercased() })
        return with(.project(try outputColumns().filter { !lower.contains($0.name.lowercased()) }.map(\.ref), taggedPlan))
    }

    // MARK: Rows

    public func filter(_ condition: Column) -> DataFrame { with(.filter(condition.expr, taggedPlan)) }
    public func `where`(_ condition: Column) -> DataFrame { filter(condition) }

    public func limit(_ n: Int) -> DataFrame { with(.limit(n, offset: 0, plan)) }
    public func offset(_ n: Int) -> DataFrame { with(.limit(Int.max / 2, offset: n, plan)) }

    public func orderBy(_ orders: SortColumn...) -> DataFrame { orderBy(orders) }
    public func orderBy(_ orders: [SortColumn]) -> DataFrame { with(.sort(orders.map(\.order), taggedPlan)) }
    public func orderBy(_ columns: Column...) -> DataFrame { orderBy(columns.map(\.asc)) }
    public func orderBy(_ names: String...) -> DataFrame { orderBy(names.map { SortColumn($0) }) }
    public func sort(_ orders: SortColumn...) -> DataFrame { orderBy(orders) }
    public func sort(_ names: String...) -> DataFrame { orderBy(names.map { SortColumn($0) }) }

    public func distinct() -> DataFrame { with(.deduplicate(keys: nil, plan)) }
    public func dropDuplicates(_ subset: [String]? = nil) -> DataFrame { with(.deduplicate(keys: subset, plan)) }
    public func dropDuplicates(_ subset: String...) -> DataFrame { dropDuplicates(subset.isEmpty ? nil : subset) }

    /// A random sample: each row kept with probability `fraction` (deterministic for a seed).
    public func sample(fraction: Double, withReplacement: Bool = false, seed: UInt64 = 42) -> DataFrame {
        with(.sample(fraction: fraction, withReplacement: withReplacement, seed: seed, plan))
    }

    /// Names this DataFrame for qualified references: `ratings.alias("r")` then `col("r.movieId")`.
    public func alias(_ name: String) -> DataFrame { with(.alias(name, plan)) }

    // MARK: Set operations

    /// Rows of both, by position (Spark's `union` keeps duplicates).
    public func union(_ other: DataFrame) -> DataFrame { with(.union([plan, other.plan], byName: false, allowMissing: false)) }
    public func unionAll(_ other: DataFrame) -> DataFrame { union(other) }
    /// Rows of both, matching columns by name.
    public func unionByName(_ other: DataFrame, allowMissingColumns: Bool = false) -> DataFrame {
        with(.union([plan, other.plan], byName: true, allowMissing: allowMissingColumns))
    }

    // MARK: Joins

    /// Joins on equally named columns (each appears once in the result).
    public func join(_ other: DataFrame, on columns: [String], how: JoinType = .inner) -> DataFrame {
        with(.usingJoin(taggedPlan, other.taggedPlan, how, columns: columns))
    }
    public func join(_ other: DataFrame, on column: String, how: JoinType = .inner) -> DataFrame {
        join(other, on: [column], how: how)
    }
    /// Joins on a condition: `a.join(b, on: a.col("id") == b.col("userId"), how: .left)`.
    public func join(_ other: DataFrame, on condition: Column, how: JoinType = .inner) -> DataFrame {
        with(.join(taggedPlan, other.taggedPlan, how, on: condition.expr))
    }
    /// `how` as Spark's strings: "inner", "left", "right", "full", "left_semi", "left_anti", "cross", …
    public func join(_ other: DataFrame, on columns: [String], how: String) throws -> DataFrame {
        join(other, on: columns, how: try joinType(how))
    }
    public func join(_ other: DataFrame, on column: String, how: String) throws -> DataFrame {
        join(other, on: [column], how: try joinType(how))
    }
    public func join(_ other: DataFrame, on condition: Column, how: String) throws -> DataFrame {
        join(other, on: condition, how: try joinType(how))
    }
    public func crossJoin(_ other: DataFrame) -> DataFrame { with(.join(taggedPlan, other.taggedPlan, .cross, on: nil)) }

    func joinType(_ how: String) throws -> JoinType {
        guard let t = JoinType(spark: how) else {
            throw DataFlowError("UNSUPPORTED_JOIN_TYPE",
                                "Unsupported join type '\(how)'. Supported: inner, cross, outer, full, fullouter, full_outer, left, leftouter, left_outer, right, rightouter, right_outer, semi, leftsemi, left_semi, anti, leftanti, left_anti.")
        }
        return t
    }

    // MARK: Aggregation

    public func groupBy(_ columns: Column...) -> GroupedData { GroupedData(frame: self, keys: columns) }
    public func groupBy(_ names: String...) -> GroupedData { GroupedData(frame: self, keys: names.map { Column($0) }) }
    public func groupBy(_ columns: [Column]) -> GroupedData { GroupedData(frame: self, keys: columns) }

    /// Aggregates the whole DataFrame: `df.agg(sum("x"), max("y"))`.
    public func agg(_ columns: Column...) -> DataFrame { with(.aggregate(groupBy: [], outputs: columns.map(\.expr), taggedPlan)) }

    /// `na.drop()`, `na.fill(...)`.
    public var na: NaFunctions { NaFunctions(frame: self) }

    // MARK: Caching

    /// Keeps the computed result in memory after the next action; later queries that contain this
    /// DataFrame's plan reuse it.
    @discardableResult
    public func cache() throws -> DataFrame {
        let analyzed = try Analyzer().analyze(plan)
        _ = session.cache.add(PlanKey.of(analyzed))
        return self
    }
    @discardableResult public func persist() throws -> DataFrame { try cache() }
    @discardableResult
    public func unpersist() throws -> DataFrame {
        session.cache.remove(PlanKey.of(try Analyzer().analyze(plan)))
        return self
    }
    public var isCached: Bool {
        guard let a = try? Analyzer().analyze(plan) else { return false }
        return session.cache.entry(for: PlanKey.of(a)) != nil
    }
}

/// `df.groupBy(...)`: then `agg(...)` or a shortcut.
public struct GroupedData: Sendable {
    let frame: DataFrame
    let keys: [Column]

    public func agg(_ columns: Column...) -> DataFrame { agg(columns) }
    public func agg(_ columns: [Column]) -> DataFrame {
        // A time window key (`window(col("ts"), "10 minutes")`) groups by its start and end.
        let k = keys.flatMap { FunctionRegistry.windowGroupingKeys($0.expr) ?? [$0.expr] }
        return frame.with(.aggregate(groupBy: k, outputs: k + columns.map(\.expr), frame.taggedPlan))
    }
    public func count() -> DataFrame { agg(DataFlow.count().as("count")) }
    public func sum(_ names: String...) -> DataFrame { sum(names) }
    public func avg(_ names: String...) -> DataFrame { avg(names) }
    public func mean(_ names: String...) -> DataFrame { avg(names) }
    public func min(_ names: String...) -> DataFrame { min(names) }
    public func max(_ names: String...) -> DataFrame { max(names) }
    public func sum(_ names: [String]) -> DataFrame { agg(names.map { DataFlow.sum($0).as("sum(\($0))") }) }
    public func avg(_ names: [String]) -> DataFrame { agg(names.map { DataFlow.avg($0).as("avg(\($0))") }) }
    public func mean(_ names: [String]) -> DataFrame { avg(names) }
    public func min(_ names: [String]) -> DataFrame { agg(names.map { DataFlow.min($0).as("min(\($0))") }) }
    public func max(_ names: [String]) -> DataFrame { agg(names.map { DataFlow.max($0).as("max(\($0))") }) }
}
