import DataFlowColumnar
import DataFlowEngine

// Aggregate functions (Spark's `functions`, aggregate group). Declared in the engine's FunctionRegistry.

/// `count(*)`: rows.
public func count() -> Column { Column(.aggregate("count", [])) }
public func count(_ c: Column) -> Column { agg("count", c) }
public func count(_ name: String) -> Column { name == "*" ? count() : agg("count", col(name)) }
/// Rows where every one of the columns is non-null.
public func count(_ first: Column, _ second: Column, _ rest: Column...) -> Column {
    Column(.aggregate("count", ([first, second] + rest).map(\.expr)))
}
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
/// The first value of the group in input order; NULLs are skipped when `ignoreNulls` is true.
public func first(_ c: Column, ignoreNulls: Bool = false) -> Column { aggWithFlag("first", c, ignoreNulls) }
public func first(_ name: String, ignoreNulls: Bool = false) -> Column { first(col(name), ignoreNulls: ignoreNulls) }
/// The last value of the group in input order; NULLs are skipped when `ignoreNulls` is true.
public func last(_ c: Column, ignoreNulls: Bool = false) -> Column { aggWithFlag("last", c, ignoreNulls) }
public func last(_ name: String, ignoreNulls: Bool = false) -> Column { last(col(name), ignoreNulls: ignoreNulls) }
/// `first_value`: the same as `first`.
public func first_value(_ c: Column, ignoreNulls: Bool = false) -> Column { aggWithFlag("first", c, ignoreNulls) }
/// `last_value`: the same as `last`.
public func last_value(_ c: Column, ignoreNulls: Bool = false) -> Column { aggWithFlag("last", c, ignoreNulls) }
/// Some value of the group (the first in input order here); NULLs are skipped when `ignoreNulls` is true.
public func any_value(_ c: Column, ignoreNulls: Bool = false) -> Column { aggWithFlag("any_value", c, ignoreNulls) }

/// Number of rows where the boolean `c` is true: `df.groupBy("k").agg(count_if(col("x") > 1))`.
public func count_if(_ c: Column) -> Column { agg("count_if", c) }
/// Number of distinct non-null values (`count(DISTINCT c)`); with several columns, of distinct tuples
/// of rows where every column is non-null.
public func count_distinct(_ c: Column, _ more: Column...) -> Column {
    Column(.aggregate("count", ([c] + more).map(\.expr), distinct: true))
}
/// Sum of the distinct non-null values (`sum(DISTINCT c)`).
public func sum_distinct(_ c: Column) -> Column { agg("sum", c, distinct: true) }
/// The most frequent non-null value (the smallest among equally frequent ones).
public func mode(_ c: Column) -> Column { agg("mode", c) }
/// Population skewness of the non-null values.
public func skewness(_ c: Column) -> Column { agg("skewness", c) }
/// Population excess kurtosis of the non-null values.
public func kurtosis(_ c: Column) -> Column { agg("kurtosis", c) }
/// Sample standard deviation (`stddev`).
public func stddev_samp(_ c: Column) -> Column { agg("stddev_samp", c) }
/// Sample variance (`variance`).
public func var_samp(_ c: Column) -> Column { agg("var_samp", c) }
/// Pearson correlation coefficient of `x` and `y`.
public func corr(_ x: Column, _ y: Column) -> Column { Column(.aggregate("corr", [x.expr, y.expr])) }
/// Sample covariance of `x` and `y`.
public func covar_samp(_ x: Column, _ y: Column) -> Column { Column(.aggregate("covar_samp", [x.expr, y.expr])) }
/// Population covariance of `x` and `y`.
public func covar_pop(_ x: Column, _ y: Column) -> Column { Column(.aggregate("covar_pop", [x.expr, y.expr])) }
/// Estimated number of distinct non-null values (Spark's HyperLogLog++; `rsd` is the relative standard deviation).
public func approx_count_distinct(_ c: Column, rsd: Double = 0.05) -> Column {
    Column(.aggregate("approx_count_distinct", rsd == 0.05 ? [c.expr] : [c.expr, .literal(.double(rsd))]))
}
/// True when every non-null value of the boolean `c` is true (NULL for none).
public func bool_and(_ c: Column) -> Column { agg("bool_and", c) }
/// True when some value of the boolean `c` is true (NULL when there are no non-null values).
public func bool_or(_ c: Column) -> Column { agg("bool_or", c) }
/// `every`: the same as `bool_and`.
public func every(_ c: Column) -> Column { agg("bool_and", c) }
/// `some`: the same as `bool_or`.
public func some(_ c: Column) -> Column { agg("bool_or", c) }
/// The value of `c` on the row with the largest `ord` (the first such row on ties).
public func max_by(_ c: Column, _ ord: Column) -> Column { Column(.aggregate("max_by", [c.expr, ord.expr])) }
/// The value of `c` on the row with the smallest `ord` (the first such row on ties).
public func min_by(_ c: Column, _ ord: Column) -> Column { Column(.aggregate("min_by", [c.expr, ord.expr])) }

func aggWithFlag(_ name: String, _ c: Column, _ flag: Bool) -> Column {
    Column(.aggregate(name, flag ? [c.expr, .literal(.bool(true))] : [c.expr]))
}
/// The `p`-th percentile as a value of the column; `accuracy` is accepted for Spark compatibility (exact here).
public func percentile_approx(_ c: Column, _ p: Double, accuracy: Int) -> Column {
    Column(.aggregate("percentile_approx", [c.expr, .literal(.double(p)), .literal(.int64(Int64(accuracy)))]))
}

// Linear regression of `y` on `x` over the rows where both are non-null (Spark's `regr_*`).
/// Number of rows where both `y` and `x` are non-null.
public func regr_count(_ y: Column, _ x: Column) -> Column { Column(.aggregate("regr_count", [y.expr, x.expr])) }
/// Mean of `x` over the rows where both are non-null.
public func regr_avgx(_ y: Column, _ x: Column) -> Column { Column(.aggregate("regr_avgx", [y.expr, x.expr])) }
/// Mean of `y` over the rows where both are non-null.
public func regr_avgy(_ y: Column, _ x: Column) -> Column { Column(.aggregate("regr_avgy", [y.expr, x.expr])) }
/// Σ(x − mean x)².
public func regr_sxx(_ y: Column, _ x: Column) -> Column { Column(.aggregate("regr_sxx", [y.expr, x.expr])) }
/// Σ(y − mean y)².
public func regr_syy(_ y: Column, _ x: Column) -> Column { Column(.aggregate("regr_syy", [y.expr, x.expr])) }
/// Σ(x − mean x)(y − mean y).
public func regr_sxy(_ y: Column, _ x: Column) -> Column { Column(.aggregate("regr_sxy", [y.expr, x.expr])) }
/// Slope of the least-squares line of `y` on `x`.
public func regr_slope(_ y: Column, _ x: Column) -> Column { Column(.aggregate("regr_slope", [y.expr, x.expr])) }
/// Intercept of the least-squares line of `y` on `x`.
public func regr_intercept(_ y: Column, _ x: Column) -> Column { Column(.aggregate("regr_intercept", [y.expr, x.expr])) }
/// Coefficient of determination of the least-squares line of `y` on `x`.
public func regr_r2(_ y: Column, _ x: Column) -> Column { Column(.aggregate("regr_r2", [y.expr, x.expr])) }

/// The group's non-null values as an array, in input order.
public func collect_list(_ c: Column) -> Column { agg("collect_list", c) }
public func collect_list(_ name: String) -> Column { collect_list(col(name)) }
/// The group's distinct non-null values as an array (order unspecified).
public func collect_set(_ c: Column) -> Column { agg("collect_set", c) }
public func collect_set(_ name: String) -> Column { collect_set(col(name)) }
/// Alias of `collect_list`.
public func array_agg(_ c: Column) -> Column { agg("collect_list", c) }
