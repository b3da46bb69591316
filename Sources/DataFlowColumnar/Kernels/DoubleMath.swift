import Foundation

/// Element-wise double kernels behind the scientific math functions (ln, exp, sin, atan2, hypot, …).
extension Kernels {
    /// `f` over every value of `a` (cast to double); a row is NULL where `a` is, or where `nullWhen`
    /// holds (Spark's logarithms give NULL at and beyond their asymptote instead of -Infinity / NaN).
    public static func mapDoubles(_ a: Column, nullWhen: ((Double) -> Bool)? = nil,
                                  _ f: (Double) -> Double) -> Column {
        let a = asDoubles(a)
        let n = a.count
        if a.type == .null { return Column.nulls(.float64, count: n) }
        let out = Buffer(byteCount: n * 8)
        let x = a.values.pointer(Double.self), o = out.pointer(Double.self)
        for i in 0..<n { o[i] = f(x[i]) }
        guard let nullWhen else { return finish(.float64, out, validity: a.validity, count: n) }
        let validity = try? resolveErrors(count: n, validity: a.validity, mode: .tryNull, isBad: { nullWhen(x[$0]) },
                                          error: { _ in DataFlowError.invalid("") })
        return finish(.float64, out, validity: validity ?? a.validity, count: n)
    }

    /// `f(a, b)` over two double columns; NULL where either is NULL or where `nullWhen` holds.
    public static func mapDoubles(_ a: Column, _ b: Column, nullWhen: ((Double, Double) -> Bool)? = nil,
                                  _ f: (Double, Double) -> Double) -> Column {
        let a = asDoubles(a), b = asDoubles(b)
        let n = a.count
        if a.type == .null || b.type == .null { return Column.nulls(.float64, count: n) }
        let out = Buffer(byteCount: n * 8)
        let x = a.values.pointer(Double.self), y = b.values.pointer(Double.self), o = out.pointer(Double.self)
        for i in 0..<n { o[i] = f(x[i], y[i]) }
        let both = Bitmap.and(a.validity, b.validity, count: n)
        guard let nullWhen else { return finish(.float64, out, validity: both, count: n) }
        let validity = try? resolveErrors(count: n, validity: both, mode: .tryNull, isBad: { nullWhen(x[$0], y[$0]) },
                                          error: { _ in DataFlowError.invalid("") })
        return finish(.float64, out, validity: validity ?? both, count: n)
    }
}
