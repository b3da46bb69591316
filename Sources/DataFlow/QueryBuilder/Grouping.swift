/// Groups the rows by keys and computes aggregates, as `df.groupBy(keys).agg(aggregates)`:
///
/// ```swift
/// GroupBy("movieId") {
///     count().as("n")
///     avg("rating").as("avgRating")
/// }
/// ```
///
/// With no keys (`GroupBy { count().as("n") }`) it aggregates all rows into one, as `df.agg(...)`.
/// Only `Having` may filter the groups directly after it; any other stage works on the aggregated rows.
public struct GroupBy: Sendable {
    public let keys: [Column]
    public let aggregates: [Column]

    public init(_ keys: String..., @ColumnsBuilder aggregates: () -> [Column]) {
        self.keys = keys.map { col($0) }
        self.aggregates = aggregates()
    }
    public init(_ keys: Column..., @ColumnsBuilder aggregates: () -> [Column]) {
        self.keys = keys
        self.aggregates = aggregates()
    }
    public init(@ColumnsBuilder aggregates: () -> [Column]) {
        self.keys = []
        self.aggregates = aggregates()
    }

    public func apply(to frame: DataFrame) throws -> DataFrame { frame.groupBy(keys).agg(aggregates) }
}

/// Keeps the groups of the `GroupBy` just before it where `condition` holds, as `.filter(condition)`
/// after `.agg(...)`; refer to aggregates by their names: `Having(col("n") >= 100)`.
public struct Having: Sendable {
    public let condition: Column
    public init(_ condition: Column) { self.condition = condition }
    public func apply(to frame: DataFrame) throws -> DataFrame { frame.filter(condition) }
}
