import Foundation

/// Spark MLlib's metric computations (`RegressionMetrics`, `BinaryClassificationMetrics`,
/// `MulticlassMetrics`, `RankingMetrics`) over plain arrays; the evaluators collect columns into
/// these and pick one number.
enum RegressionMetrics {
    struct Result: Sendable, Equatable {
        var mse: Double, rmse: Double, mae: Double, r2: Double, explainedVariance: Double
    }

    /// Weighted metrics as Spark computes them. Note Spark's total sum of squares for r2 is the
    /// unbiased weighted variance times (weightSum − 1), which equals Σ(y − ȳ)² for unit weights.
    static func compute(label: [Double], prediction: [Double], weight: [Double], throughOrigin: Bool) -> Result {
        var wSum = 0.0, wwSum = 0.0, ySum = 0.0, yy = 0.0, errSq = 0.0, errAbs = 0.0
        for i in 0..<label.count {
            let w = weight[i], y = label[i], e = y - prediction[i]
            wSum += w; wwSum += w * w; ySum += w * y; yy += w * y * y
            errSq += w * e * e; errAbs += w * abs(e)
        }
        let mean = ySum / wSum
        var m2 = 0.0, ssReg = 0.0
        for i in 0..<label.count {
            let c = label[i] - mean
            m2 += weight[i] * c * c
            let r = prediction[i] - mean
            ssReg += weight[i] * r * r
        }
        let variance = m2 / (wSum - wwSum / wSum)
        let ssTot = variance * (wSum - 1)
        let mse = errSq / wSum
        return Result(mse: mse, rmse: mse.squareRoot(), mae: errAbs / wSum,
                      r2: throughOrigin ? 1 - errSq / yy : 1 - errSq / ssTot, explainedVariance: ssReg / wSum)
    }
}

enum BinaryClassificationMetrics {
    /// Cumulative (true positive, false positive) weights at each threshold, highest score first, after
    /// Spark's down-sampling to about `numBins` points (0: none).
    static func curve(score: [Double], label: [Double], weight: [Double], numBins: Int)
        -> (tp: [Double], fp: [Double], totalPositive: Double, totalNegative: Double) {
        let order = score.indices.sorted { score[$0] > score[$1] }
        // One point per distinct score, descending.
        var pos: [Double] = [], neg: [Double] = []
        var last = Double.nan
        for i in order {
            if pos.isEmpty || score[i] != last {
                pos.append(0); neg.append(0)
                last = score[i]
            }
            if label[i] > 0.5 { pos[pos.count - 1] += weight[i] } else { neg[neg.count - 1] += weight[i] }
        }
        if numBins > 0 {
            let grouping = pos.count / numBins
            if grouping >= 2 {
                var p2: [Double] = [], n2: [Double] = []
                var ap = 0.0, an = 0.0, count = 0
                for i in 0..<pos.count {
                    ap += pos[i]; an += neg[i]; count += 1
                    if count == grouping { p2.append(ap); n2.append(an); ap = 0; an = 0; count = 0 }
                }
                if count > 0 { p2.append(ap); n2.append(an) }
                pos = p2; neg = n2
            }
        }
        var tp = [Double](), fp = [Double]()
        tp.reserveCapacity(pos.count); fp.reserveCapacity(pos.count)
        var ct = 0.0, cf = 0.0
        for i in 0..<pos.count { ct += pos[i]; cf += neg[i]; tp.append(ct); fp.append(cf) }
        return (tp, fp, ct, cf)
    }

    static func areaUnderROC(score: [Double], label: [Double], weight: [Double], numBins: Int) -> Double {
        let c = curve(score: score, label: label, weight: weight, numBins: numBins)
        var points: [(Double, Double)] = [(0, 0)]
        for i in 0..<c.tp.count {
            let fpr = c.totalNegative == 0 ? 0 : c.fp[i] / c.totalNegative
            let tpr = c.totalPositive == 0 ? 0 : c.tp[i] / c.totalPositive
            points.append((fpr, tpr))
        }
        points.append((1, 1))
        return trapezoid(points)
    }

    static func areaUnderPR(score: [Double], label: [Double], weight: [Double], numBins: Int) -> Double {
        let c = curve(score: score, label: label, weight: weight, numBins: numBins)
        var points: [(Double, Double)] = []
        for i in 0..<c.tp.count {
            let all = c.tp[i] + c.fp[i]
            let precision = all == 0 ? 1 : c.tp[i] / all
            let recall = c.totalPositive == 0 ? 0 : c.tp[i] / c.totalPositive
            points.append((recall, precision))
        }
        guard let first = points.first else { return 0 }
        return trapezoid([(0, first.1)] + points)
    }

    static func trapezoid(_ points: [(Double, Double)]) -> Double {
        var area = 0.0
        for i in 1..<max(points.count, 1) {
            area += (points[i].0 - points[i - 1].0) * (points[i].1 + points[i - 1].1) / 2
        }
        return area
    }
}

/// Spark's `MulticlassMetrics` over (prediction, label, weight) rows.
struct MulticlassMetrics: Sendable {
    private(set) var labels: [Double] = []
    private var truePositive: [Double: Double] = [:]
    private var falsePositive: [Double: Double] = [:]
    private var labelCount: [Double: Double] = [:]
    private var total = 0.0
    private var misclassified = 0.0

    init(prediction: [Double], label: [Double], weight: [Double]) {
        var all = Set<Double>()
        for i in 0..<label.count {
            let p = prediction[i], l = label[i], w = weight[i]
            all.insert(p); all.insert(l)
            labelCount[l, default: 0] += w
            total += w
            if p == l { truePositive[l, default: 0] += w } else { falsePositive[p, default: 0] += w; misclassified += w }
        }
        labels = all.sorted()
    }

    var accuracy: Double { truePositive.values.reduce(0, +) / total }
    var hammingLoss: Double { misclassified / total }

    func truePositiveRate(_ l: Double) -> Double { recall(l) }
    func falsePositiveRate(_ l: Double) -> Double {
        (falsePositive[l] ?? 0) / (total - (labelCount[l] ?? 0))
    }
    func precision(_ l: Double) -> Double {
        let tp = truePositive[l] ?? 0, fp = falsePositive[l] ?? 0
        return tp + fp == 0 ? 0 : tp / (tp + fp)
    }
    func recall(_ l: Double) -> Double { (truePositive[l] ?? 0) / (labelCount[l] ?? 0) }
    func fMeasure(_ l: Double, beta: Double = 1) -> Double {
        let p = precision(l), r = recall(l)
        let b2 = beta * beta
        return p + r == 0 ? 0 : (1 + b2) * p * r / (b2 * p + r)
    }

    private func weighted(_ f: (Double) -> Double) -> Double {
        var s = 0.0
        for (l, c) in labelCount { s += f(l) * c / total }
        return s
    }
    var weightedTruePositiveRate: Double { weighted(recall) }
    var weightedFalsePositiveRate: Double { weighted(falsePositiveRate) }
    var weightedPrecision: Double { weighted(precision) }
    var weightedRecall: Double { weighted(recall) }
    func weightedFMeasure(beta: Double = 1) -> Double { weighted { fMeasure($0, beta: beta) } }

    /// Spark's log-loss: probabilities clipped to [eps, 1 − eps], weighted mean of −log p(label).
    static func logLoss(label: [Double], probabilities: [[Double]], weight: [Double], eps: Double) -> Double {
        var s = 0.0, wSum = 0.0
        for i in 0..<label.count {
            let l = Int(label[i])
            let p = l >= 0 && l < probabilities[i].count ? probabilities[i][l] : 0
            s += weight[i] * -log(max(min(p, 1 - eps), eps))
            wSum += weight[i]
        }
        return s / wSum
    }
}

/// Spark's `RankingMetrics` (binary relevance) over (predicted ranking, relevant set) rows.
enum RankingMetrics {
    static func precisionAt(_ rows: [([Double], [Double])], k: Int) -> Double {
        mean(rows) { pred, labels in
            guard !labels.isEmpty else { return 0 }
            let set = Set(labels)
            var hits = 0
            for i in 0..<min(pred.count, k) where set.contains(pred[i]) { hits += 1 }
            return Double(hits) / Double(k)
        }
    }

    static func recallAt(_ rows: [([Double], [Double])], k: Int) -> Double {
        mean(rows) { pred, labels in
            let set = Set(labels)
            guard !set.isEmpty else { return 0 }
            var hits = 0
            for i in 0..<min(pred.count, k) where set.contains(pred[i]) { hits += 1 }
            return Double(hits) / Double(set.count)
        }
    }

    static func meanAveragePrecision(_ rows: [([Double], [Double])]) -> Double {
        mean(rows) { pred, labels in averagePrecision(pred, Set(labels), k: pred.count, divisor: Set(labels).count) }
    }

    static func meanAveragePrecisionAt(_ rows: [([Double], [Double])], k: Int) -> Double {
        mean(rows) { pred, labels in
            let set = Set(labels)
            return averagePrecision(pred, set, k: min(k, pred.count), divisor: min(set.count, k))
        }
    }

    private static func averagePrecision(_ pred: [Double], _ set: Set<Double>, k: Int, divisor: Int) -> Double {
        guard !set.isEmpty, divisor > 0 else { return 0 }
        var hits = 0, sum = 0.0
        for i in 0..<k where set.contains(pred[i]) {
            hits += 1
            sum += Double(hits) / Double(i + 1)
        }
        return sum / Double(divisor)
    }

    static func ndcgAt(_ rows: [([Double], [Double])], k: Int) -> Double {
        mean(rows) { pred, labels in
            let set = Set(labels)
            guard !set.isEmpty else { return 0 }
            let n = min(max(pred.count, set.count), k)
            var dcg = 0.0, maxDcg = 0.0
            for i in 0..<n {
                let gain = 1 / log(Double(i + 2))
                if i < pred.count && set.contains(pred[i]) { dcg += gain }
                if i < set.count { maxDcg += gain }
            }
            return dcg / maxDcg
        }
    }

    private static func mean(_ rows: [([Double], [Double])], _ f: ([Double], [Double]) -> Double) -> Double {
        guard !rows.isEmpty else { return 0 }
        return rows.reduce(0.0) { $0 + f($1.0, $1.1) } / Double(rows.count)
    }
}
