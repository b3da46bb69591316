import DataFlow
import DataFlowColumnar

/// Expands a vector into all monomials of its entries up to `degree` (default 2, >= 1), as Spark's
/// `PolynomialExpansion`, in Spark's order: for `(x, y)` and degree 2, `(x, x², y, x·y, y²)` — the
/// monomials without the last variable first, then those with it to the first power, and so on. The
/// output has `C(n + degree, degree) - 1` entries and keeps the input's layout.
public struct PolynomialExpansion: Transformer {
    public static let className = "PolynomialExpansion"
    public static var params: [Param<PolynomialExpansion>] {
        [
            .string("inputCol", \.inputCol, "input column name"),
            .string("outputCol", \.outputCol, "output column name"),
            .int("degree", \.degree, "the polynomial degree to expand", min: 1),
        ]
    }
    public var uid = ML.uid(className)
    public var inputCol = ""
    public var outputCol: String
    public var degree = 2

    public init() { outputCol = uid + "__output" }
    public init(inputCol: String, outputCol: String, degree: Int = 2) {
        self.inputCol = inputCol; self.outputCol = outputCol; self.degree = degree
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        return try vectorStageOutput(schema, stage: Self.className, inputCol: inputCol, outputCol: outputCol)
    }

    /// The number of monomials of degree <= `degree` in `n` variables, the constant included: C(n + degree, degree).
    static func count(_ n: Int, _ degree: Int) -> Int {
        var c = 1.0
        for k in 0..<degree { c = c * Double(n + degree - k) / Double(k + 1) }
        return Int(c.rounded())
    }

    /// Writes the monomials of `x[0...last]` of total degree <= `degree`, each times `factor`, from slot
    /// `start` (slot -1 is the constant, not stored); returns the slot after them.
    static func expand(_ x: UnsafeBufferPointer<Double>, last: Int, degree: Int, factor: Double,
                       into out: UnsafeMutableBufferPointer<Double>, start: Int) -> Int {
        let end = start + count(last + 1, degree)
        if factor == 0 { return end }   // all zero: slots stay 0
        if degree == 0 || last < 0 {
            if start >= 0 { out[start] = factor }
            return end
        }
        // Powers 0, 1, …, degree of x[last], each times the monomials of the earlier variables.
        var slot = start, f = factor
        for power in 0...degree {
            slot = expand(x, last: last - 1, degree: degree - power, factor: f, into: out, start: slot)
            f *= x[last]
            if f == 0 { break }
        }
        return end
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        let out = try transformSchema(df.schema)
        let degree = self.degree
        let sparse = out.fields.last!.type == VectorColumn.sparseType
        return try mapVectors(df, stage: Self.className, inputCol: inputCol, outputCol: outputCol, sparseOut: sparse) { r, i, b in
            let n = r.size(i), size = PolynomialExpansion.count(n, degree) - 1
            var x = [Double](repeating: 0, count: n), poly = [Double](repeating: 0, count: size)
            x.withUnsafeMutableBufferPointer { r.copyDense(i, into: $0) }
            x.withUnsafeBufferPointer { xp in
                poly.withUnsafeMutableBufferPointer { pp in
                    _ = PolynomialExpansion.expand(xp, last: n - 1, degree: degree, factor: 1, into: pp, start: -1)
                }
            }
            for (j, v) in poly.enumerated() { b.add(j, v) }
            b.endRow(size: size)
        }
    }
}
