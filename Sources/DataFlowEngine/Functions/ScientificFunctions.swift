import DataFlowColumnar
import Foundation

/// Logarithms, exponentials, trigonometry and constants: double in, double out, as Spark's `math`
/// group (java.lang.Math semantics). Logarithms give NULL at or below their asymptote, as in Spark.
enum ScientificFunctions {
    /// A one-argument double function.
    static func unary(_ name: String, _ doc: String, _ example: String, nullWhen: (@Sendable (Double) -> Bool)? = nil,
                      _ f: @escaping @Sendable (Double) -> Double) -> ScalarFunction {
        ScalarFunction(name, category: "math", signature: "\(name)(expr)", doc: doc, example: example, arity: 1...1,
                       coerce: Coerce.exact([.float64]), returnType: { _ in .float64 }) { a, _ in
            Kernels.mapDoubles(a[0], nullWhen: nullWhen, f)
        }
    }

    static func constant(_ name: String, _ value: Double, _ doc: String) -> ScalarFunction {
        ScalarFunction(name, category: "math", signature: "\(name)()", doc: doc, example: "\(name)() → \(value)", arity: 0...0,
                       coerce: { _ in [] }, returnType: { _ in .float64 }) { _, n in
            Column.constant(.double(value), type: .float64, count: n)
        }
    }

    static let all: [ScalarFunction] = [
        unary("sign", "Returns -1.0, 0.0 or 1.0 as `expr` is negative, zero or positive (NaN stays NaN, -0.0 stays -0.0). Alias: `signum`.",
              "sign(-3.5) → -1.0") { x in x > 0 ? 1 : (x < 0 ? -1 : x) },
        unary("ln", "Returns the natural logarithm of `expr`; NULL when `expr` ≤ 0.", "ln(1) → 0.0",
              nullWhen: { $0 <= 0 }) { Foundation.log($0) },
        unary("log2", "Returns the base-2 logarithm of `expr`; NULL when `expr` ≤ 0.", "log2(8) → 3.0",
              nullWhen: { $0 <= 0 }) { Foundation.log($0) / Foundation.log(2.0) },
        unary("log10", "Returns the base-10 logarithm of `expr`; NULL when `expr` ≤ 0.", "log10(1000) → 3.0",
              nullWhen: { $0 <= 0 }) { Foundation.log10($0) },
        unary("log1p", "Returns ln(1 + `expr`), accurate for small `expr`; NULL when `expr` ≤ -1.", "log1p(0) → 0.0",
              nullWhen: { $0 <= -1 }) { Foundation.log1p($0) },
        unary("exp", "Returns e raised to the power `expr`.", "exp(0) → 1.0") { Foundation.exp($0) },
        unary("expm1", "Returns e^`expr` - 1, accurate for small `expr`.", "expm1(0) → 0.0") { Foundation.expm1($0) },
        unary("cbrt", "Returns the cube root of `expr`.", "cbrt(27) → 3.0") { Foundation.cbrt($0) },
        unary("sin", "Returns the sine of `expr` (radians).", "sin(0) → 0.0") { Foundation.sin($0) },
        unary("cos", "Returns the cosine of `expr` (radians).", "cos(0) → 1.0") { Foundation.cos($0) },
        unary("tan", "Returns the tangent of `expr` (radians).", "tan(0) → 0.0") { Foundation.tan($0) },
        unary("cot", "Returns the cotangent of `expr` (radians), 1 / tan(`expr`).", "cot(1) → 0.6420926159343306") { 1 / Foundation.tan($0) },
        unary("asin", "Returns the arc sine of `expr` (NaN outside [-1, 1]).", "asin(1) → 1.5707963267948966") { Foundation.asin($0) },
        unary("acos", "Returns the arc cosine of `expr` (NaN outside [-1, 1]).", "acos(1) → 0.0") { Foundation.acos($0) },
        unary("atan", "Returns the arc tangent of `expr`.", "atan(0) → 0.0") { Foundation.atan($0) },
        unary("sinh", "Returns the hyperbolic sine of `expr`.", "sinh(0) → 0.0") { Foundation.sinh($0) },
        unary("cosh", "Returns the hyperbolic cosine of `expr`.", "cosh(0) → 1.0") { Foundation.cosh($0) },
        unary("tanh", "Returns the hyperbolic tangent of `expr`.", "tanh(0) → 0.0") { Foundation.tanh($0) },
        unary("asinh", "Returns the inverse hyperbolic sine of `expr`.", "asinh(0) → 0.0") {
            $0 == -.infinity ? -.infinity : Foundation.log($0 + ($0 * $0 + 1).squareRoot())
        },
        unary("acosh", "Returns the inverse hyperbolic cosine of `expr` (NaN below 1).", "acosh(1) → 0.0") {
            Foundation.log($0 + ($0 * $0 - 1).squareRoot())
        },
        unary("atanh", "Returns the inverse hyperbolic tangent of `expr` (NaN outside [-1, 1]).", "atanh(0) → 0.0") {
            0.5 * (Foundation.log1p($0) - Foundation.log1p(-$0))
        },
        unary("sec", "Returns the secant of `expr` (radians), 1 / cos(`expr`).", "sec(0) → 1.0") { 1 / Foundation.cos($0) },
        unary("csc", "Returns the cosecant of `expr` (radians), 1 / sin(`expr`).", "csc(1) → 1.1883951057781212") { 1 / Foundation.sin($0) },
        unary("rint", "Returns the double closest to `expr` that is a whole number; halves go to the even one.",
              "rint(2.5) → 2.0") { $0.rounded(.toNearestOrEven) },
        unary("degrees", "Converts `expr` from radians to degrees.", "degrees(pi()) → 180.0") { $0 * 57.29577951308232 },
        unary("radians", "Converts `expr` from degrees to radians.", "radians(180) → 3.141592653589793") { $0 * 0.017453292519943295 },
        constant("pi", Double.pi, "Returns π."),
        constant("e", 2.718281828459045, "Returns Euler's number e."),
        ScalarFunction("log", category: "math", signature: "log([base, ] expr)",
                       doc: "With one argument the natural logarithm of `expr`; with two the logarithm of `expr` in base `base`. NULL when `expr` ≤ 0 or `base` ≤ 0.",
                       example: "log(2, 8) → 3.0", arity: 1...2, coerce: Coerce.exact([.float64]), returnType: { _ in .float64 }) { a, _ in
            if a.count == 1 { return Kernels.mapDoubles(a[0], nullWhen: { $0 <= 0 }) { Foundation.log($0) } }
            return Kernels.mapDoubles(a[0], a[1], nullWhen: { b, x in b <= 0 || x <= 0 }) { b, x in Foundation.log(x) / Foundation.log(b) }
        },
        ScalarFunction("atan2", category: "math", signature: "atan2(exprY, exprX)",
                       doc: "Returns the angle in radians between the positive x-axis and the point (`exprX`, `exprY`).",
                       example: "atan2(1, 1) → 0.7853981633974483", arity: 2...2, coerce: Coerce.exact([.float64]),
                       returnType: { _ in .float64 }) { a, _ in
            Kernels.mapDoubles(a[0], a[1]) { y, x in Foundation.atan2(y, x) }
        },
        ScalarFunction("hypot", category: "math", signature: "hypot(expr1, expr2)",
                       doc: "Returns sqrt(`expr1`² + `expr2`²) without intermediate overflow.",
                       example: "hypot(3, 4) → 5.0", arity: 2...2, coerce: Coerce.exact([.float64]),
                       returnType: { _ in .float64 }) { a, _ in
            Kernels.mapDoubles(a[0], a[1]) { x, y in Foundation.hypot(x, y) }
        },
    ]
}
