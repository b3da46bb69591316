import DataFlowColumnar
import DataFlowEngine

// Math functions (Spark's `functions`, math group).

public func abs(_ c: Column) -> Column { fn("abs", [c]) }
public func round(_ c: Column, _ scale: Int = 0) -> Column { fn("round", [c, lit(scale)]) }
public func bround(_ c: Column, _ scale: Int = 0) -> Column { fn("bround", [c, lit(scale)]) }
public func floor(_ c: Column) -> Column { fn("floor", [c]) }
public func ceil(_ c: Column) -> Column { fn("ceil", [c]) }
public func sqrt(_ c: Column) -> Column { fn("sqrt", [c]) }
public func pow(_ c: Column, _ e: some ColumnConvertible) -> Column { fn("pow", [c, e.column]) }
/// `try_add`, `try_subtract`, `try_multiply`, `try_divide`: NULL instead of an overflow/zero-division error.
public func try_add(_ a: Column, _ b: some ColumnConvertible) -> Column { Column(.arithmetic(.add, a.expr, b.column.expr, isTry: true)) }
public func try_subtract(_ a: Column, _ b: some ColumnConvertible) -> Column { Column(.arithmetic(.subtract, a.expr, b.column.expr, isTry: true)) }
public func try_multiply(_ a: Column, _ b: some ColumnConvertible) -> Column { Column(.arithmetic(.multiply, a.expr, b.column.expr, isTry: true)) }
public func try_divide(_ a: Column, _ b: some ColumnConvertible) -> Column { Column(.arithmetic(.divide, a.expr, b.column.expr, isTry: true)) }

/// Sign of `c` as a double: -1.0, 0.0 or 1.0.
public func signum(_ c: Column) -> Column { fn("sign", [c]) }
/// Sign of `c` as a double (alias of `signum`).
public func sign(_ c: Column) -> Column { fn("sign", [c]) }
/// Natural logarithm; NULL for values ≤ 0.
public func ln(_ c: Column) -> Column { fn("ln", [c]) }
/// Natural logarithm; NULL for values ≤ 0.
public func log(_ c: Column) -> Column { fn("log", [c]) }
/// Logarithm of `c` in base `base`; NULL when either is ≤ 0.
public func log(_ base: Double, _ c: Column) -> Column { fn("log", [lit(base), c]) }
/// Base-2 logarithm; NULL for values ≤ 0.
public func log2(_ c: Column) -> Column { fn("log2", [c]) }
/// Base-10 logarithm; NULL for values ≤ 0.
public func log10(_ c: Column) -> Column { fn("log10", [c]) }
/// ln(1 + c); NULL for values ≤ -1.
public func log1p(_ c: Column) -> Column { fn("log1p", [c]) }
/// e raised to `c`.
public func exp(_ c: Column) -> Column { fn("exp", [c]) }
/// e^c - 1.
public func expm1(_ c: Column) -> Column { fn("expm1", [c]) }
/// Cube root.
public func cbrt(_ c: Column) -> Column { fn("cbrt", [c]) }
/// sqrt(a² + b²) without intermediate overflow.
public func hypot(_ a: Column, _ b: some ColumnConvertible) -> Column { fn("hypot", [a, b.column]) }
/// Sine (radians).
public func sin(_ c: Column) -> Column { fn("sin", [c]) }
/// Cosine (radians).
public func cos(_ c: Column) -> Column { fn("cos", [c]) }
/// Tangent (radians).
public func tan(_ c: Column) -> Column { fn("tan", [c]) }
/// Cotangent (radians).
public func cot(_ c: Column) -> Column { fn("cot", [c]) }
/// Arc sine (NaN outside [-1, 1]).
public func asin(_ c: Column) -> Column { fn("asin", [c]) }
/// Arc cosine (NaN outside [-1, 1]).
public func acos(_ c: Column) -> Column { fn("acos", [c]) }
/// Arc tangent.
public func atan(_ c: Column) -> Column { fn("atan", [c]) }
/// Angle of the point (x, y) from the positive x-axis, in radians.
public func atan2(_ y: Column, _ x: some ColumnConvertible) -> Column { fn("atan2", [y, x.column]) }
/// Hyperbolic sine.
public func sinh(_ c: Column) -> Column { fn("sinh", [c]) }
/// Hyperbolic cosine.
public func cosh(_ c: Column) -> Column { fn("cosh", [c]) }
/// Hyperbolic tangent.
public func tanh(_ c: Column) -> Column { fn("tanh", [c]) }
/// Radians to degrees.
public func degrees(_ c: Column) -> Column { fn("degrees", [c]) }
/// Degrees to radians.
public func radians(_ c: Column) -> Column { fn("radians", [c]) }
/// π as a column.
public func pi() -> Column { fn("pi", []) }
/// Positive remainder of `a / b` (REMAINDER_BY_ZERO for b = 0).
public func pmod(_ a: Column, _ b: some ColumnConvertible) -> Column { fn("pmod", [a, b.column]) }
/// `-c`.
public func negative(_ c: Column) -> Column { fn("negative", [c]) }
/// `c` unchanged.
public func positive(_ c: Column) -> Column { fn("positive", [c]) }
/// The 1-based bucket of `value` among `numBuckets` equal-width buckets of [min, max).
public func width_bucket(_ value: Column, _ min: some ColumnConvertible, _ max: some ColumnConvertible,
                         _ numBuckets: some ColumnConvertible) -> Column {
    fn("width_bucket", [value, min.column, max.column, numBuckets.column])
}
/// `c`! for 0…20, else NULL.
public func factorial(_ c: Column) -> Column { fn("factorial", [c]) }
/// Binary digits of a BIGINT.
public func bin(_ c: Column) -> Column { fn("bin", [c]) }
/// Upper-case hexadecimal digits of a BIGINT or of a string's UTF-8 bytes.
public func hex(_ c: Column) -> Column { fn("hex", [c]) }
/// Uniform random doubles in [0, 1); with a seed, Spark's sequence (the query as one partition; exact on one thread).
public func rand(_ seed: Int64) -> Column { fn("rand", [lit(seed)]) }
/// Uniform random doubles in [0, 1) from a random seed.
public func rand() -> Column { fn("rand", []) }
/// Standard normal random doubles; with a seed, Spark's sequence.
public func randn(_ seed: Int64) -> Column { fn("randn", [lit(seed)]) }
/// Standard normal random doubles from a random seed.
public func randn() -> Column { fn("randn", []) }
