import DataFlowColumnar

/// `regr_*(y, x)`: linear-regression statistics over the rows where both arguments are non-null
/// (Spark's SQL:2003 set), computed from the same one-pass co-moments as `corr` / `covar_*`.
enum RegressionAggregates {
    static func declare(_ name: String, _ doc: String, _ example: String, _ result: CovarianceAccumulator.Result,
                        returns: DataType = .float64) -> AggregateFunction {
        AggregateFunction(name: name, signature: "\(name)(y, x)", doc: doc, example: example, arity: 2...2,
                          coerce: AggregateFunctions.toDouble, returnType: { _ in returns }) { _, _ in CovarianceAccumulator(result) }
    }

    static let all: [AggregateFunction] = [
        declare("regr_count", "Number of rows where both `y` and `x` are non-null.", "regr_count(y, x) over (1, 2), (NULL, 3), (4, 5) → 2",
                .regrCount, returns: .int64),
        declare("regr_avgx", "Mean of `x` over the rows where both are non-null; NULL for none.", "regr_avgx(y, x) over (1, 2), (NULL, 3), (4, 5) → 3.5", .regrAvgX),
        declare("regr_avgy", "Mean of `y` over the rows where both are non-null; NULL for none.", "regr_avgy(y, x) over (1, 2), (NULL, 3), (4, 5) → 2.5", .regrAvgY),
        declare("regr_sxx", "Σ(x − mean x)² over the rows where both are non-null; NULL for none.", "regr_sxx(y, x) over (1, 2), (4, 5) → 4.5", .regrSXX),
        declare("regr_syy", "Σ(y − mean y)² over the rows where both are non-null; NULL for none.", "regr_syy(y, x) over (1, 2), (4, 5) → 4.5", .regrSYY),
        declare("regr_sxy", "Σ(x − mean x)(y − mean y) over the rows where both are non-null; NULL for none.", "regr_sxy(y, x) over (1, 2), (4, 5) → 4.5", .regrSXY),
        declare("regr_slope", "Slope of the least-squares line of `y` on `x`; NULL when `x` does not vary or there are no rows.",
                "regr_slope(y, x) over (1, 1), (3, 2), (5, 3) → 2.0", .regrSlope),
        declare("regr_intercept", "Intercept of the least-squares line of `y` on `x`; NULL when `x` does not vary or there are no rows.",
                "regr_intercept(y, x) over (1, 1), (3, 2), (5, 3) → -1.0", .regrIntercept),
        declare("regr_r2", "Coefficient of determination of the least-squares line: NULL when `x` does not vary, 1 when `y` does not, else corr².",
                "regr_r2(y, x) over (1, 1), (3, 2), (5, 3) → 1.0", .regrR2),
    ]
}
