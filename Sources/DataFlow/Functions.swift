import DataFlowColumnar
import DataFlowEngine

// Spark's `functions` as free functions: `col`, `lit`, `when`, aggregates and the core scalar set.
// Every scalar and aggregate here is declared once in the engine's FunctionRegistry.

/// A column by name.
public func col(_ name: String) -> Column { Column(name) }
/// A literal value.
public func lit(_ value: some ColumnConvertible) -> Column { value.column }
/// A typed NULL literal.
public func lit(null type: DataType) -> Column { Column(.cast(.literal(.null), type)) }

public func asc(_ name: String) -> SortColumn { col(name).asc }
public func desc(_ name: String) -> SortColumn { col(name).desc }
public func asc_nulls_last(_ name: String) -> SortColumn { col(name).ascNullsLast }
public func desc_nulls_first(_ name: String) -> SortColumn { col(name).descNullsFirst }

/// `when(cond, value)`, continued with `.when(...)` and `.otherwise(...)`.
public func when(_ condition: Column, _ value: some ColumnConvertible) -> Column {
    Column(.caseWhen([Expr.WhenClause(condition.expr, value.column.expr)], otherwise: nil))
}

/// Any registered function by name: `callFunction("upper", col("name"))`.
public func callFunction(_ name: String, _ args: Column...) -> Column { Column(.function(name, args.map(\.expr))) }

func fn(_ name: String, _ args: [Column]) -> Column { Column(.function(name, args.map(\.expr))) }
func agg(_ name: String, _ arg: Column, distinct: Bool = false) -> Column { Column(.aggregate(name, [arg.expr], distinct: distinct)) }

// MARK: Aggregates

/// `count(*)`: rows.
public func count() -> Column { Column(.aggregate("count", [])) }
public func count(_ c: Column) -> Column { agg("count", c) }
public func count(_ name: String) -> Column { name == "*" ? count() : agg("count", col(name)) }
public func countDistinct(_ c: Column) -> Column { agg("count", c, distinct: true) }
public func countDistinct(_ name: String) -> Column { countDistinct(col(name)) }
public func sum(_ c: Column) -> Column { agg("sum", c) }
public func sum(_ name: String) -> Column { sum(col(name)) }
public func sumDistinct(_ c: Column) -> Column { agg("sum", c, distinct: true) }
public func avg(_ c: Column) -> Column { agg("avg", c) }
public func avg(_ name: String) -> Column { avg(col(name)) }
public func mean(_ name: String) -> Column { avg(col(name)) }
public func min(_ c: Column) -> Column { agg("min", c) }
public func min(_ name: String) -> Column { min(col(name)) }
public func max(_ c: Column) -> Column { agg("max", c) }
public func max(_ name: String) -> Column { max(col(name)) }
public func stddev(_ c: Column) -> Column { agg("stddev", c) }
public func stddev(_ name: String) -> Column { stddev(col(name)) }
public func stddev_pop(_ c: Column) -> Column { agg("stddev_pop", c) }
public func variance(_ c: Column) -> Column { agg("variance", c) }
public func variance(_ name: String) -> Column { variance(col(name)) }
public func var_pop(_ c: Column) -> Column { agg("var_pop", c) }
public func median(_ c: Column) -> Column { agg("median", c) }
public func median(_ name: String) -> Column { median(col(name)) }
/// Exact interpolated percentile, `p` in [0, 1].
public func percentile(_ c: Column, _ p: Double) -> Column { Column(.aggregate("percentile", [c.expr, .literal(.double(p))])) }
/// A value of the column at percentile `p` (exact here; Spark's is approximate on large data).
public func percentile_approx(_ c: Column, _ p: Double) -> Column { Column(.aggregate("percentile_approx", [c.expr, .literal(.double(p))])) }
public func first(_ c: Column) -> Column { agg("first", c) }
public func first(_ name: String) -> Column { first(col(name)) }
public func last(_ c: Column) -> Column { agg("last", c) }
public func last(_ name: String) -> Column { last(col(name)) }

// MARK: Scalars

public func upper(_ c: Column) -> Column { fn("upper", [c]) }
public func lower(_ c: Column) -> Column { fn("lower", [c]) }
public func length(_ c: Column) -> Column { fn("length", [c]) }
public func substring(_ c: Column, _ pos: Int, _ len: Int) -> Column { fn("substring", [c, lit(pos), lit(len)]) }
public func concat(_ cols: Column...) -> Column { fn("concat", cols) }
public func trim(_ c: Column) -> Column { fn("trim", [c]) }
public func ltrim(_ c: Column) -> Column { fn("ltrim", [c]) }
public func rtrim(_ c: Column) -> Column { fn("rtrim", [c]) }
public func abs(_ c: Column) -> Column { fn("abs", [c]) }
public func round(_ c: Column, _ scale: Int = 0) -> Column { fn("round", [c, lit(scale)]) }
public func bround(_ c: Column, _ scale: Int = 0) -> Column { fn("bround", [c, lit(scale)]) }
public func floor(_ c: Column) -> Column { fn("floor", [c]) }
public func ceil(_ c: Column) -> Column { fn("ceil", [c]) }
public func sqrt(_ c: Column) -> Column { fn("sqrt", [c]) }
public func pow(_ c: Column, _ e: some ColumnConvertible) -> Column { fn("pow", [c, e.column]) }
public func year(_ c: Column) -> Column { fn("year", [c]) }
public func month(_ c: Column) -> Column { fn("month", [c]) }
public func dayofmonth(_ c: Column) -> Column { fn("dayofmonth", [c]) }
public func date_add(_ c: Column, _ days: some ColumnConvertible) -> Column { fn("date_add", [c, days.column]) }
public func date_sub(_ c: Column, _ days: some ColumnConvertible) -> Column { fn("date_sub", [c, days.column]) }
public func datediff(_ end: Column, _ start: Column) -> Column { fn("datediff", [end, start]) }
public func to_date(_ c: Column, _ format: String? = nil) -> Column { fn("to_date", format.map { [c, lit($0)] } ?? [c]) }
public func coalesce(_ cols: Column...) -> Column { fn("coalesce", cols) }
public func substring_index(_ c: Column, _ delim: String, _ count: Int) -> Column { fn("substring_index", [c, lit(delim), lit(count)]) }
public func isnan(_ c: Column) -> Column { fn("isnan", [c]) }
/// `try_add`, `try_subtract`, `try_multiply`, `try_divide`: NULL instead of an overflow/zero-division error.
public func try_add(_ a: Column, _ b: some ColumnConvertible) -> Column { Column(.arithmetic(.add, a.expr, b.column.expr, isTry: true)) }
public func try_subtract(_ a: Column, _ b: some ColumnConvertible) -> Column { Column(.arithmetic(.subtract, a.expr, b.column.expr, isTry: true)) }
public func try_multiply(_ a: Column, _ b: some ColumnConvertible) -> Column { Column(.arithmetic(.multiply, a.expr, b.column.expr, isTry: true)) }
public func try_divide(_ a: Column, _ b: some ColumnConvertible) -> Column { Column(.arithmetic(.divide, a.expr, b.column.expr, isTry: true)) }
