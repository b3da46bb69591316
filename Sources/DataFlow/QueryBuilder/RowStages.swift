import DataFlowColumnar

/// Keeps the rows where `condition` is true: `df.filter(condition)`.
public struct Where: QueryStage {
    public let condition: Column
    public init(_ condition: Column) { self.condition = condition }
    public func apply(to frame: DataFrame) throws -> DataFrame { frame.filter(condition) }
}

/// Sorts the rows: `OrderBy(desc("n"), col("title").asc)`, `OrderBy("userId")`, `OrderBy(col("a"), col("b"))`.
/// Names and plain columns sort ascending, as in `df.orderBy`.
public struct OrderBy: QueryStage {
    public let orders: [SortColumn]
    public init(_ orders: SortColumn...) { self.orders = orders }
    public init(_ orders: [SortColumn]) { self.orders = orders }
    public init(_ columns: Column...) { orders = columns.map(\.asc) }
    public init(_ names: String...) { orders = names.map { SortColumn($0) } }
    public func apply(to frame: DataFrame) throws -> DataFrame { frame.orderBy(orders) }
}

/// The first `n` rows (after skipping `offset`): `df.limit(n)`, or `df.offset(offset).limit(n)`.
public struct Limit: QueryStage {
    public let count: Int
    public let offset: Int
    public init(_ count: Int, offset: Int = 0) {
        self.count = count
        self.offset = offset
    }
    public func apply(to frame: DataFrame) throws -> DataFrame {
        guard count >= 0, offset >= 0 else {
            throw DataFlowError.invalid("Limit(\(count), offset: \(offset)): the row count and offset must not be negative")
        }
        return offset == 0 ? frame.limit(count) : frame.offset(offset).limit(count)
    }
}

/// Removes duplicate rows: `df.distinct()`; `Distinct(on: "userId")` keeps one row per key, as
/// `df.dropDuplicates(["userId"])`.
public struct Distinct: QueryStage {
    public let keys: [String]?
    public init() { keys = nil }
    public init(on keys: String...) { self.keys = keys.isEmpty ? nil : keys }
    public func apply(to frame: DataFrame) throws -> DataFrame {
        keys.map { frame.dropDuplicates($0) } ?? frame.distinct()
    }
}
