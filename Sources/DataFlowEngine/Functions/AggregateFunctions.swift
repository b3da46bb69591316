import DataFlowColumnar

enum AggregateFunctions {
    static let any: @Sendable ([DataType]) -> [DataType]? = { $0 }
    static let toDouble: @Sendable ([DataType]) -> [DataType]? = { args in
        args.allSatisfy { $0.isNumeric || $0 == .null || $0 == .string } ? args.map { _ in .float64 } : nil
    }

    /// `first(x[, ignoreNulls])` and friends: the flag is a boolean constant.
    static let withIgnoreNulls: @Sendable ([DataType]) -> [DataType]? = { a in
        a.count == 1 ? a : (a[1] == .boolean || a[1] == .null ? [a[0], .boolean] : nil)
    }
    static func ignoreNulls(_ consts: [Value?]) -> Bool { consts.count > 1 ? consts[1]?.boolValue ?? false : false }

    static func sumType(_ t: DataType) -> DataType {
        switch t {
        case .int32, .int64: return .int64
        case .decimal(let p, let s): return .decimal(precision: min(38, p + 10), scale: s)
        default: return .float64
        }
    }

    static func avgType(_ t: DataType) -> DataType {
        if case .decimal(let p, let s) = t { return .decimal(precision: min(38, p + 4), scale: min(38, s + 4)) }
        return .float64
    }

    static let all: [AggregateFunction] = [
        AggregateFunction(name: "count", signature: "count(*) | count(expr, ...) | count(DISTINCT expr, ...)",
                          doc: "Number of rows (`*`), or of rows where every `expr` is not NULL; with DISTINCT, of distinct such values (tuples for several arguments).",
                          example: "count(*) → 3", arity: 0...64, coerce: any, returnType: { _ in .int64 }) { args, _ in
            CountAccumulator(star: args.isEmpty)
        },
        AggregateFunction(name: "sum", signature: "sum(expr)", doc: "Sum of the non-null values; NULL when there are none. Integer sums are bigint and raise on overflow.",
                          example: "sum(col) over 1, 2, 3 → 6", arity: 1...1,
                          coerce: { a in a[0].isNumeric ? a : (a[0] == .null || a[0] == .string ? [.float64] : nil) },
                          returnType: { sumType($0[0]) }) { args, _ in makeSum(args[0]) },
        AggregateFunction(name: "avg", signature: "avg(expr)", doc: "Mean of the non-null values (double; decimal for decimal input).",
                          example: "avg(col) over 1, 2, 3 → 2.0", arity: 1...1,
                          coerce: { a in a[0].isNumeric ? a : (a[0] == .null || a[0] == .string ? [.float64] : nil) },
                          returnType: { avgType($0[0]) }) { args, _ in
            if case .decimal(_, let s) = args[0] { return AvgAccumulator(decimal: (s, avgType(args[0]))) }
            return AvgAccumulator(decimal: nil)
        },
        AggregateFunction(name: "min", signature: "min(expr)", doc: "Smallest non-null value.", example: "min(col) over 3, 1, 2 → 1",
                          arity: 1...1, coerce: any, returnType: { $0[0] }) { args, _ in MinMaxAccumulator(isMax: false, type: args[0]) },
        AggregateFunction(name: "max", signature: "max(expr)", doc: "Largest non-null value.", example: "max(col) over 3, 1, 2 → 3",
                          arity: 1...1, coerce: any, returnType: { $0[0] }) { args, _ in MinMaxAccumulator(isMax: true, type: args[0]) },
        AggregateFunction(name: "first", signature: "first(expr[, ignoreNulls])",
                          doc: "The first value of the group in input order: NULLs included, or skipped when the constant `ignoreNulls` is true.",
                          example: "first(col, true) over NULL, 1, 2 → 1", arity: 1...2, coerce: withIgnoreNulls, returnType: { $0[0] },
                          makeAccumulator: { args, consts in
            FirstLastAccumulator(isLast: false, ignoreNulls: ignoreNulls(consts), type: args[0])
        }, constantArguments: [1]),
        AggregateFunction(name: "last", signature: "last(expr[, ignoreNulls])",
                          doc: "The last value of the group in input order: NULLs included, or skipped when the constant `ignoreNulls` is true.",
                          example: "last(col, true) over 1, 2, NULL → 2", arity: 1...2, coerce: withIgnoreNulls, returnType: { $0[0] },
                          makeAccumulator: { args, consts in
            FirstLastAccumulator(isLast: true, ignoreNulls: ignoreNulls(consts), type: args[0])
        }, constantArguments: [1]),
        AggregateFunction(name: "any_value", signature: "any_value(expr[, ignoreNulls])",
                          doc: "Some value of the group (here the first in input order): NULLs included, or skipped when the constant `ignoreNulls` is true.",
                          example: "any_value(col, true) over NULL, 5 → 5", arity: 1...2, coerce: withIgnoreNulls, returnType: { $0[0] },
                          makeAccumulator: { args, consts in
            FirstLastAccumulator(isLast: false, ignoreNulls: ignoreNulls(consts), type: args[0])
        }, constantArguments: [1]),
        AggregateFunction(name: "stddev", signature: "stddev(expr)", doc: "Sample standard deviation; NULL for fewer than two values.",
                          example: "stddev(col) over 1, 2, 3 → 1.0", arity: 1...1, coerce: toDouble, returnType: { _ in .float64 }) { _, _ in
            VarianceAccumulator(sample: true, sqrt: true)
        },
        AggregateFunction(name: "stddev_pop", signature: "stddev_pop(expr)", doc: "Population standard deviation.",
                          example: "stddev_pop(col) over 1, 3 → 1.0", arity: 1...1, coerce: toDouble, returnType: { _ in .float64 }) { _, _ in
            VarianceAccumulator(sample: false, sqrt: true)
        },
        AggregateFunction(name: "var_samp", signature: "variance(expr)", doc: "Sample variance; NULL for fewer than two values.",
                          example: "variance(col) over 1, 2, 3 → 1.0", arity: 1...1, coerce: toDouble, returnType: { _ in .float64 }) { _, _ in
            VarianceAccumulator(sample: true, sqrt: false)
        },
        AggregateFunction(name: "corr", signature: "corr(x, y)", doc: "Pearson correlation coefficient of the rows where both are non-null; NULL for fewer than two.",
                          example: "corr(x, y) over (1, 2), (2, 4), (3, 7) → 0.99340 (rounded)", arity: 2...2, coerce: toDouble,
                          returnType: { _ in .float64 }) { _, _ in CovarianceAccumulator(.corr) },
        AggregateFunction(name: "covar_samp", signature: "covar_samp(x, y)", doc: "Sample covariance of the rows where both are non-null; NULL for fewer than two.",
                          example: "covar_samp(x, y) over (1, 2), (2, 4), (3, 7) → 2.5", arity: 2...2, coerce: toDouble,
                          returnType: { _ in .float64 }) { _, _ in CovarianceAccumulator(.covarSample) },
        AggregateFunction(name: "covar_pop", signature: "covar_pop(x, y)", doc: "Population covariance of the rows where both are non-null.",
                          example: "covar_pop(x, y) over (1, 2), (2, 4), (3, 7) → 1.6666666666666667", arity: 2...2, coerce: toDouble,
                          returnType: { _ in .float64 }) { _, _ in CovarianceAccumulator(.covarPopulation) },
        AggregateFunction(name: "var_pop", signature: "var_pop(expr)", doc: "Population variance.",
                          example: "var_pop(col) over 1, 3 → 1.0", arity: 1...1, coerce: toDouble, returnType: { _ in .float64 }) { _, _ in
            VarianceAccumulator(sample: false, sqrt: false)
        },
        AggregateFunction(name: "percentile", signature: "percentile(expr, p)",
                          doc: "The exact `p`-th percentile (0 ≤ p ≤ 1, a constant) of the non-null values, interpolated between neighbours.",
                          example: "percentile(col, 0.25) over 1, 2, 3, 4 → 1.75", arity: 2...2,
                          coerce: { a in a[0].isNumeric || a[0] == .null ? [a[0] == .null ? .float64 : a[0], .float64] : nil },
                          returnType: { _ in .float64 }, makeAccumulator: { _, consts in
            PercentileAccumulator(p: consts.count > 1 ? consts[1]?.doubleValue ?? 0.5 : 0.5, interpolate: true, outputType: .float64)
        }, constantArguments: [1]),
        AggregateFunction(name: "percentile_approx", signature: "percentile_approx(expr, p[, accuracy])",
                          doc: "The `p`-th percentile (0 ≤ p ≤ 1, a constant) as a value of the column: the smallest value with at least p of the values at or below it. Exact here; Spark's is approximate for large inputs (`accuracy`, default 10000, is accepted and not needed).",
                          example: "percentile_approx(col, 0.5) over 1, 2, 3, 4 → 2", arity: 2...3,
                          coerce: { a in
                              guard a[0].isNumeric || a[0] == .null else { return nil }
                              if a.count == 3 && !(a[2].isIntegral || a[2] == .null) { return nil }
                              return [a[0] == .null ? .float64 : a[0], .float64] + (a.count == 3 ? [.int64] : [])
                          },
                          returnType: { $0[0] }, makeAccumulator: { types, consts in
            PercentileAccumulator(p: consts.count > 1 ? consts[1]?.doubleValue ?? 0.5 : 0.5, interpolate: false, outputType: types[0])
        }, constantArguments: [1, 2]),
        AggregateFunction(name: "collect_list", signature: "collect_list(expr)",
                          doc: "The non-null values of the group as an array, in input order (an empty array when there are none).",
                          example: "collect_list(col) over 1, NULL, 3, 1 → [1, 3, 1]", arity: 1...1, coerce: any,
                          returnType: { .array($0[0]) }) { args, _ in CollectAccumulator(type: args[0], distinct: false) },
        AggregateFunction(name: "collect_set", signature: "collect_set(expr)",
                          doc: "The distinct non-null values of the group as an array; the order is unspecified (sort with `array_sort`).",
                          example: "array_sort(collect_set(col)) over 1, NULL, 3, 1 → [1, 3]", arity: 1...1, coerce: any,
                          returnType: { .array($0[0]) }) { args, _ in CollectAccumulator(type: args[0], distinct: true) },
        AggregateFunction(name: "median", signature: "median(expr)", doc: "The median (50th percentile, interpolated) of the non-null values.",
                          example: "median(col) over 1, 2, 3, 4 → 2.5", arity: 1...1, coerce: toDouble, returnType: { _ in .float64 }) { _, _ in
            PercentileAccumulator(p: 0.5, interpolate: true, outputType: .float64)
        },
    ]

    static func makeSum(_ t: DataType) -> any Accumulator {
        switch t {
        case .float64: return DoubleSumAccumulator()
        case .int32, .int64: return IntSumAccumulator()
        default: return DecimalSumAccumulator(outputType: sumType(t))
        }
    }
}
