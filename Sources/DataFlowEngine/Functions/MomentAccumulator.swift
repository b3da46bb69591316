import DataFlowColumnar

/// `skewness` and `kurtosis`: Spark's population-moment formulas over the non-null values.
enum MomentAggregates {
    static let all: [AggregateFunction] = [
        AggregateFunction(name: "skewness", signature: "skewness(expr)",
                          doc: "Population skewness `sqrt(n)·m3 / m2^1.5` of the non-null values (m2, m3: sums of squared and cubed deviations); NULL for no values or when all values are equal.",
                          example: "skewness(col) over 1, 2, 10 → 0.6745…", arity: 1...1, coerce: AggregateFunctions.toDouble,
                          returnType: { _ in .float64 }) { _, _ in MomentAccumulator(kurtosis: false) },
        AggregateFunction(name: "kurtosis", signature: "kurtosis(expr)",
                          doc: "Population excess kurtosis `n·m4 / m2² − 3` of the non-null values; NULL for no values or when all values are equal.",
                          example: "kurtosis(col) over 1, 2, 10 → -1.5", arity: 1...1, coerce: AggregateFunctions.toDouble,
                          returnType: { _ in .float64 }) { _, _ in MomentAccumulator(kurtosis: true) },
    ]
}

/// Running count, mean and central moment sums m2, m3, m4 per group (one-pass updates; Chan et al.'s
/// pairwise formulas to merge workers), five doubles per group side by side.
final class MomentAccumulator: Accumulator {
    static let stride = 5
    var state: [Double] = []
    let kurtosis: Bool
    init(kurtosis: Bool) { self.kurtosis = kurtosis }
    var groups: Int { state.count / MomentAccumulator.stride }
    func resize(_ groups: Int) { state.grow(to: groups * MomentAccumulator.stride, fill: 0) }

    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0]
        if c.type == .null { return }
        let xs = c.values(Double.self)
        state.withUnsafeMutableBufferPointer { s in
            guard let p = s.baseAddress else { return }
            for i in 0..<g.count where c.isValid(i) {
                let o = Int(g[i]) &* MomentAccumulator.stride
                // Terriberry's update of the central moment sums, from the old m2 and m3.
                let n1 = p[o], n = n1 + 1
                let delta = xs[i] - p[o + 1]
                let deltaN = delta / n, deltaN2 = deltaN * deltaN
                let term1 = delta * deltaN * n1
                let m2 = p[o + 2], m3 = p[o + 3]
                p[o + 4] += term1 * deltaN2 * (n * n - 3 * n + 3) + 6 * deltaN2 * m2 - 4 * deltaN * m3
                p[o + 3] = m3 + term1 * deltaN * (n - 2) - 3 * deltaN * m2
                p[o + 2] = m2 + term1
                p[o + 1] += deltaN
                p[o] = n
            }
        }
    }

    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        guard let o = other as? MomentAccumulator else { throw mergeMismatch(self, other) }
        let st = MomentAccumulator.stride
        let src = o.state
        state.withUnsafeMutableBufferPointer { s in
            for j in 0..<mapping.count where mapping[j] >= 0 && src[j * st] > 0 {
                let a = Int(mapping[j]) * st, b = j * st
                let n1 = s[a], n2 = src[b], n = n1 + n2
                let delta = src[b + 1] - s[a + 1], deltaN = delta / n
                let m2a = s[a + 2], m2b = src[b + 2], m3a = s[a + 3], m3b = src[b + 3]
                s[a + 4] += src[b + 4] + deltaN * deltaN * deltaN * delta * n1 * n2 * (n1 * n1 - n1 * n2 + n2 * n2)
                    + 6 * deltaN * deltaN * (n1 * n1 * m2b + n2 * n2 * m2a) + 4 * deltaN * (n1 * m3b - n2 * m3a)
                s[a + 3] += m3b + deltaN * deltaN * delta * n1 * n2 * (n1 - n2) + 3 * deltaN * (n1 * m2b - n2 * m2a)
                s[a + 2] += m2b + delta * deltaN * n1 * n2
                s[a + 1] += deltaN * n2
                s[a] = n
            }
        }
    }

    func finish() throws -> Column {
        let st = MomentAccumulator.stride
        var b = ColumnBuilder(type: .float64, capacity: groups)
        for k in 0..<groups {
            let n = state[k * st], m2 = state[k * st + 2], m3 = state[k * st + 3], m4 = state[k * st + 4]
            // Spark (not legacy): NULL for no rows and for zero spread.
            if n == 0 || m2 == 0 { b.appendNull(); continue }
            b.append(kurtosis ? n * m4 / (m2 * m2) - 3 : n.squareRoot() * m3 / (m2 * m2 * m2).squareRoot())
        }
        return b.finish()
    }
}
