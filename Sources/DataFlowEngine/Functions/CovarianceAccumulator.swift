import DataFlowColumnar

/// corr / covar_samp / covar_pop over rows where both arguments are non-null: one-pass running means
/// and co-moments (Welford), merged across workers with Chan et al.'s pairwise update.
/// Each group's six moments sit together in one array (n, meanX, meanY, m2X, m2Y, cXY), updated
/// through one buffer pointer per batch: no per-row exclusivity or uniqueness checks.
final class CovarianceAccumulator: Accumulator {
    enum Result {
        case corr, covarSample, covarPopulation
        /// `regr_*(y, x)`: the first argument is y, the second x.
        case regrCount, regrAvgX, regrAvgY, regrSXX, regrSYY, regrSXY, regrSlope, regrIntercept, regrR2
    }
    static let stride = 6
    var state: [Double] = []
    let result: Result
    init(_ result: Result) { self.result = result }

    var groups: Int { state.count / CovarianceAccumulator.stride }

    func resize(_ groups: Int) { state.grow(to: groups * CovarianceAccumulator.stride, fill: 0) }

    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let xc = args[0], yc = args[1]
        let xs = xc.values(Double.self), ys = yc.values(Double.self)
        let bothValid = xc.validity == nil && yc.validity == nil
        state.withUnsafeMutableBufferPointer { s in
            guard let p = s.baseAddress else { return }
            for i in 0..<g.count where bothValid || (xc.isValid(i) && yc.isValid(i)) {
                let o = Int(g[i]) &* CovarianceAccumulator.stride, x = xs[i], y = ys[i]
                let n = p[o] + 1
                p[o] = n
                let dx = x - p[o + 1]
                let mx = p[o + 1] + dx / n
                p[o + 1] = mx
                let dy = y - p[o + 2]
                let my = p[o + 2] + dy / n
                p[o + 2] = my
                p[o + 3] += dx * (x - mx)
                p[o + 4] += dy * (y - my)
                p[o + 5] += dx * (y - my)
            }
        }
    }

    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        guard let o = other as? CovarianceAccumulator else {
            throw DataFlowError("INTERNAL_ERROR", "cannot merge \(type(of: other)) into a covariance state")
        }
        let st = CovarianceAccumulator.stride
        let src = o.state
        state.withUnsafeMutableBufferPointer { s in
            for j in 0..<mapping.count where mapping[j] >= 0 && src[j * st] > 0 {
                let a = Int(mapping[j]) * st, b = j * st
                let na = s[a], nb = src[b], nt = na + nb
                let dx = src[b + 1] - s[a + 1], dy = src[b + 2] - s[a + 2]
                let w = na * nb / nt
                s[a + 3] += src[b + 3] + dx * dx * w
                s[a + 4] += src[b + 4] + dy * dy * w
                s[a + 5] += src[b + 5] + dx * dy * w
                s[a + 1] += dx * nb / nt
                s[a + 2] += dy * nb / nt
                s[a] = nt
            }
        }
    }

    /// NULL for no rows, for one row where the result divides by n - 1, and (corr) when either argument
    /// is constant, as Spark 4 answers.
    func finish() throws -> Column {
        let st = CovarianceAccumulator.stride
        if result == .regrCount {
            let counts = (0..<groups).map { Int64(state[$0 * st]) }
            return Column(type: .int64, count: groups, values: Buffer.of(counts))
        }
        var b = ColumnBuilder(type: .float64, capacity: groups)
        for k in 0..<groups {
            let n = state[k * st], m2X = state[k * st + 3], m2Y = state[k * st + 4], cXY = state[k * st + 5]
            // For regr_*(y, x) the stored "x" is y and the stored "y" is x.
            let meanY = state[k * st + 1], meanX = state[k * st + 2], sYY = m2X, sXX = m2Y
            switch result {
            case .regrCount: b.append(n)
            case .regrAvgX: if n == 0 { b.appendNull() } else { b.append(meanX) }
            case .regrAvgY: if n == 0 { b.appendNull() } else { b.append(meanY) }
            case .regrSXX: if n == 0 { b.appendNull() } else { b.append(sXX) }
            case .regrSYY: if n == 0 { b.appendNull() } else { b.append(sYY) }
            case .regrSXY: if n == 0 { b.appendNull() } else { b.append(cXY) }
            case .regrSlope: if n == 0 || sXX == 0 { b.appendNull() } else { b.append(cXY / sXX) }
            case .regrIntercept: if n == 0 || sXX == 0 { b.appendNull() } else { b.append(meanY - cXY / sXX * meanX) }
            case .regrR2:
                if n == 0 || sXX == 0 { b.appendNull() } else if sYY == 0 { b.append(1.0) } else { b.append(cXY * cXY / (sXX * sYY)) }
            case .corr:
                // Spark divides by sqrt(m2X·m2Y) with its NULL-on-zero division: a constant argument gives NULL.
                let spread = m2X * m2Y
                if n < 2 || spread == 0 { b.appendNull() } else { b.append(cXY / spread.squareRoot()) }
            case .covarSample:
                if n < 2 { b.appendNull() } else { b.append(cXY / (n - 1)) }
            case .covarPopulation:
                if n == 0 { b.appendNull() } else { b.append(cXY / n) }
            }
        }
        return b.finish()
    }
}
