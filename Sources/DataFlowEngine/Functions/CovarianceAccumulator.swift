import DataFlowColumnar

/// corr / covar_samp / covar_pop over rows where both arguments are non-null: one-pass running means
/// and co-moments (Welford), merged across workers with Chan et al.'s pairwise update.
final class CovarianceAccumulator: Accumulator {
    enum Result { case corr, covarSample, covarPopulation }
    var n: [Double] = [], meanX: [Double] = [], meanY: [Double] = []
    var m2X: [Double] = [], m2Y: [Double] = [], cXY: [Double] = []
    let result: Result
    init(_ result: Result) { self.result = result }

    func resize(_ groups: Int) {
        for k in [\CovarianceAccumulator.n, \.meanX, \.meanY, \.m2X, \.m2Y, \.cXY] { self[keyPath: k].grow(to: groups, fill: 0) }
    }

    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let xc = args[0], yc = args[1]
        let xs = xc.values(Double.self), ys = yc.values(Double.self)
        for i in 0..<g.count where xc.isValid(i) && yc.isValid(i) {
            let k = Int(g[i]), x = xs[i], y = ys[i]
            n[k] += 1
            let dx = x - meanX[k]
            meanX[k] += dx / n[k]
            let dy = y - meanY[k]
            meanY[k] += dy / n[k]
            m2X[k] += dx * (x - meanX[k])
            m2Y[k] += dy * (y - meanY[k])
            cXY[k] += dx * (y - meanY[k])
        }
    }

    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        guard let o = other as? CovarianceAccumulator else {
            throw DataFlowError("INTERNAL_ERROR", "cannot merge \(type(of: other)) into a covariance state")
        }
        for j in 0..<mapping.count where mapping[j] >= 0 && o.n[j] > 0 {
            let k = Int(mapping[j])
            let na = n[k], nb = o.n[j], nt = na + nb
            let dx = o.meanX[j] - meanX[k], dy = o.meanY[j] - meanY[k]
            let w = na * nb / nt
            m2X[k] += o.m2X[j] + dx * dx * w
            m2Y[k] += o.m2Y[j] + dy * dy * w
            cXY[k] += o.cXY[j] + dx * dy * w
            meanX[k] += dx * nb / nt
            meanY[k] += dy * nb / nt
            n[k] = nt
        }
    }

    /// NULL for no rows, and (as Spark 3) for one row where the result divides by n - 1 or by zero
    /// spread; NaN when either argument is constant over two or more rows (0 / 0).
    func finish() throws -> Column {
        var b = ColumnBuilder(type: .float64, capacity: n.count)
        for k in 0..<n.count {
            switch result {
            case .corr:
                if n[k] < 2 { b.appendNull() } else { b.append(cXY[k] / (m2X[k] * m2Y[k]).squareRoot()) }
            case .covarSample:
                if n[k] < 2 { b.appendNull() } else { b.append(cXY[k] / (n[k] - 1)) }
            case .covarPopulation:
                if n[k] == 0 { b.appendNull() } else { b.append(cXY[k] / n[k]) }
            }
        }
        return b.finish()
    }
}
