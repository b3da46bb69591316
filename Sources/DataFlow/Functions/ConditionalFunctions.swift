import DataFlowColumnar
import DataFlowEngine

// Conditional and null functions (Spark's `functions`, conditional group).

public func coalesce(_ cols: Column...) -> Column { fn("coalesce", cols) }
public func isnan(_ c: Column) -> Column { fn("isnan", [c]) }
/// `b` when `a` is NULL, else `a`.
public func ifnull(_ a: Column, _ b: some ColumnConvertible) -> Column { fn("ifnull", [a, b.column]) }
/// `b` when `a` is NULL, else `a` (alias of `ifnull`).
public func nvl(_ a: Column, _ b: some ColumnConvertible) -> Column { fn("ifnull", [a, b.column]) }
/// `ifNotNull` when `test` is not NULL, else `ifNull`.
public func nvl2(_ test: Column, _ ifNotNull: some ColumnConvertible, _ ifNull: some ColumnConvertible) -> Column {
    fn("nvl2", [test, ifNotNull.column, ifNull.column])
}
/// `b` where `a` is NaN, else `a`.
public func nanvl(_ a: Column, _ b: some ColumnConvertible) -> Column { fn("nanvl", [a, b.column]) }
/// NULL where `a` equals `b`, else `a`.
public func nullif(_ a: Column, _ b: some ColumnConvertible) -> Column { fn("nullif", [a, b.column]) }
/// The greatest non-null value per row.
public func greatest(_ cols: Column...) -> Column { fn("greatest", cols) }
/// The least non-null value per row.
public func least(_ cols: Column...) -> Column { fn("least", cols) }
/// True where `c` is NULL.
public func isnull(_ c: Column) -> Column { fn("isnull", [c]) }
/// True where `c` is not NULL.
public func isnotnull(_ c: Column) -> Column { fn("isnotnull", [c]) }
