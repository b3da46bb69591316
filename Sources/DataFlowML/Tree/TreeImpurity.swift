import Foundation

/// Spark's machine epsilon (`Utils.EPSILON`): the smallest eps with `1 + eps != 1` (2.22e-16).
let mlEpsilon: Double = Double.ulpOfOne

/// The impurity measure a tree splits on, with Spark's formulas.
///
/// Statistics layout per node or bin: classification keeps one weighted count per class;
/// regression keeps `[weight, weight·y, weight·y²]`.
public enum TreeImpurity: String, Sendable, Codable, CaseIterable {
    case gini, entropy, variance

    var isClassification: Bool { self != .variance }

    func statsSize(numClasses: Int) -> Int { isClassification ? numClasses : 3 }

    /// The weighted instance count of a statistics vector (Spark's `ImpurityCalculator.count`).
    @inline(__always)
    func count(_ s: UnsafePointer<Double>, _ size: Int) -> Double {
        if !isClassification { return s[0] }
        var total = 0.0
        for c in 0..<size { total += s[c] }
        return total
    }

    /// The impurity of a statistics vector, computed in Spark's operation order.
    @inline(__always)
    func calculate(_ s: UnsafePointer<Double>, _ size: Int) -> Double {
        switch self {
        case .gini:
            let total = count(s, size)
            if total == 0 { return 0 }
            var impurity = 1.0
            for c in 0..<size {
                let freq = s[c] / total
                impurity -= freq * freq
            }
            return impurity
        case .entropy:
            let total = count(s, size)
            if total == 0 { return 0 }
            var impurity = 0.0
            for c in 0..<size where s[c] != 0 {
                let freq = s[c] / total
                impurity -= freq * (Foundation.log(freq) / Foundation.log(2.0))
            }
            return impurity
        case .variance:
            let n = s[0]
            if n == 0 { return 0 }
            return (s[2] - (s[1] * s[1]) / n) / n
        }
    }

    func calculate(_ s: [Double]) -> Double {
        s.withUnsafeBufferPointer { calculate($0.baseAddress!, $0.count) }
    }

    /// The prediction of a statistics vector: the first class with the largest weight, or the mean label.
    func predict(_ s: [Double]) -> Double {
        if isClassification {
            var best = -1
            var bestValue = -Double.greatestFiniteMagnitude
            for (c, v) in s.enumerated() where v > bestValue {
                best = c
                bestValue = v
            }
            return Double(max(best, 0))
        }
        return s[0] == 0 ? 0 : s[1] / s[0]
    }
}
