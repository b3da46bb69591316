import DataFlowColumnar
import DataFlowEngine

/// A window specification, as Spark's `WindowSpec`: `Window.partitionBy("k").orderBy(col("t").desc)
/// .rowsBetween(Window.unboundedPreceding, Window.currentRow)`. Use it with `Column.over(_:)`.
public struct WindowSpec: Sendable {
    public let spec: DataFlowEngine.WindowSpec

    init(_ spec: DataFlowEngine.WindowSpec) { self.spec = spec }

    public func partitionBy(_ names: String...) -> WindowSpec { partitionBy(names.map { col($0) }) }
    public func partitionBy(_ columns: Column...) -> WindowSpec { partitionBy(columns) }
    public func partitionBy(_ columns: [Column]) -> WindowSpec {
        var s = spec
        s.partitionBy = columns.map(\.expr)
        return WindowSpec(s)
    }

    public func orderBy(_ names: String...) -> WindowSpec { orderBy(names.map { SortColumn($0) }) }
    public func orderBy(_ columns: Column...) -> WindowSpec { orderBy(columns.map(\.asc)) }
    public func orderBy(_ orders: SortColumn...) -> WindowSpec { orderBy(orders) }
    public func orderBy(_ orders: [SortColumn]) -> WindowSpec {
        var s = spec
        s.orderBy = orders.map(\.order)
        return WindowSpec(s)
    }

    /// `ROWS BETWEEN start AND end`: offsets in rows relative to the current row (negative = preceding),
    /// or `Window.unboundedPreceding`, `Window.currentRow`, `Window.unboundedFollowing`.
    public func rowsBetween(_ start: Int64, _ end: Int64) -> WindowSpec {
        var s = spec
        s.frame = WindowFrame(.rows, FrameBound(sparkOffset: start), FrameBound(sparkOffset: end))
        return WindowSpec(s)
    }

    /// `RANGE BETWEEN start AND end`: offsets in units of the (single, numeric) order key.
    public func rangeBetween(_ start: Int64, _ end: Int64) -> WindowSpec {
        var s = spec
        s.frame = WindowFrame(.range, FrameBound(sparkOffset: start), FrameBound(sparkOffset: end))
        return WindowSpec(s)
    }
}

/// Builders for window specifications, as Spark's `Window` object; in a query builder, the stage that
/// adds window columns (`Window(as:_:)`, `Window(over:_:)` in QueryBuilder/ColumnStages.swift).
public struct Window: QueryStage {
    /// The columns this stage adds, in order.
    let columns: [(name: String, column: Column)]

    init(columns: [(name: String, column: Column)]) { self.columns = columns }

    public static let unboundedPreceding = Int64.min
    public static let unboundedFollowing = Int64.max
    public static let currentRow: Int64 = 0

    public static func partitionBy(_ names: String...) -> WindowSpec { WindowSpec(.init()).partitionBy(names.map { col($0) }) }
    public static func partitionBy(_ columns: Column...) -> WindowSpec { WindowSpec(.init()).partitionBy(columns) }
    public static func orderBy(_ names: String...) -> WindowSpec { WindowSpec(.init()).orderBy(names.map { SortColumn($0) }) }
    public static func orderBy(_ columns: Column...) -> WindowSpec { WindowSpec(.init()).orderBy(columns.map(\.asc)) }
    public static func orderBy(_ orders: SortColumn...) -> WindowSpec { WindowSpec(.init()).orderBy(orders) }
    public static func rowsBetween(_ start: Int64, _ end: Int64) -> WindowSpec { WindowSpec(.init()).rowsBetween(start, end) }
    public static func rangeBetween(_ start: Int64, _ end: Int64) -> WindowSpec { WindowSpec(.init()).rangeBetween(start, end) }
}

extension Column {
    /// This ranking function or aggregate computed over a window: `rank().over(Window.orderBy("x"))`.
    public func over(_ window: WindowSpec) -> Column { Column(.window(expr, window.spec)) }
    /// Over the whole DataFrame as one partition: `sum(col("x")).over()`.
    public func over() -> Column { Column(.window(expr, .init())) }
}

// MARK: Ranking and offset functions (used with `.over(...)`)

public func row_number() -> Column { Column(.function("row_number", [])) }
public func rank() -> Column { Column(.function("rank", [])) }
public func dense_rank() -> Column { Column(.function("dense_rank", [])) }
public func percent_rank() -> Column { Column(.function("percent_rank", [])) }
public func cume_dist() -> Column { Column(.function("cume_dist", [])) }
public func ntile(_ n: Int) -> Column { Column(.function("ntile", [lit(n).expr])) }
/// `lag(x, offset, default)`: `x` from `offset` rows before in the partition, else `default`.
public func lag(_ c: Column, _ offset: Int = 1, _ defaultValue: (any ColumnConvertible)? = nil) -> Column {
    Column(.function("lag", [c.expr, lit(offset).expr] + (defaultValue.map { [$0.column.expr] } ?? [])))
}
public func lag(_ name: String, _ offset: Int = 1, _ defaultValue: (any ColumnConvertible)? = nil) -> Column { lag(col(name), offset, defaultValue) }
/// `lead(x, offset, default)`: `x` from `offset` rows after in the partition, else `default`.
public func lead(_ c: Column, _ offset: Int = 1, _ defaultValue: (any ColumnConvertible)? = nil) -> Column {
    Column(.function("lead", [c.expr, lit(offset).expr] + (defaultValue.map { [$0.column.expr] } ?? [])))
}
public func lead(_ name: String, _ offset: Int = 1, _ defaultValue: (any ColumnConvertible)? = nil) -> Column { lead(col(name), offset, defaultValue) }
/// The frame's first value (NULLs included).
public func first_value(_ c: Column) -> Column { Column(.aggregate("first", [c.expr])) }
/// The frame's last value (NULLs included).
public func last_value(_ c: Column) -> Column { Column(.aggregate("last", [c.expr])) }
/// The frame's `n`-th value (from 1), NULL when the frame is shorter.
public func nth_value(_ c: Column, _ n: Int) -> Column { Column(.function("nth_value", [c.expr, lit(n).expr])) }
