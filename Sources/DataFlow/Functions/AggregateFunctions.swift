import DataFlowColumnar
import DataFlowEngine

// Aggregate functions (Spark's `functions`, aggregate group). Declared in the engine's FunctionRegistry.

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
/// The group's non-null values as an array, in input order.
public func collect_list(_ c: Column) -> Column { agg("collect_list", c) }
public func collect_list(_ name: String) -> Column { collect_list(col(name)) }
/// The group's distinct non-null values as an array (order unspecified).
public func collect_set(_ c: Column) -> Column { agg("collect_set", c) }
public func collect_set(_ name: String) -> Column { collect_set(col(name)) }
/// Alias of `collect_list`.
public func array_agg(_ c: Column) -> Column { agg("collect_list", c) }
