import DataFlowColumnar
import Dispatch
import Foundation

/// Dense training rows for the tree learner: `x` is row-major n×d.
struct TreeInput: Sendable {
    var n: Int
    var d: Int
    var x: [Double]
    var y: [Double]
    var w: [Double]
}

/// Everything that shapes how trees grow (Spark's `Strategy` plus the forest's sampling).
struct TreeStrategy: Sendable {
    var impurity: TreeImpurity
    var numClasses: Int = 0
    var maxDepth: Int = 5
    var maxBins: Int = 32
    var minInstancesPerNode: Int = 1
    var minWeightFractionPerNode: Double = 0
    var minInfoGain: Double = 0
    var numTrees: Int = 1
    /// Number of features considered at each node (d = all).
    var featuresPerNode: Int = 0
    var subsamplingRate: Double = 1
    var bootstrap: Bool = false
    var seed: Int64 = 0
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount
}

/// Spark's tree learner over dense continuous features: each feature is cut into at most `maxBins` bins at
/// thresholds found from (a sample of) the data, every node evaluates all bin boundaries of its candidate
/// features, and leaves whose siblings predict the same value are merged (Spark's pruning).
/// Categorical features (Spark's metadata-driven unordered splits) are not supported.
enum TreeLearner {
    /// Trains `strategy.numTrees` trees; forests grow their trees in parallel.
    static func train(_ input: TreeInput, _ strategy: TreeStrategy) throws -> [DecisionTreeData] {
        guard input.n > 0 else { throw DataFlowError("ML_INVALID_INPUT", "Tree learner: the training data has no rows") }
        let thresholds = findThresholds(input, strategy)
        let binned = binFeatures(input, thresholds)
        let totalWeight = input.w.reduce(0, +)
        let ctx = GrowContext(input: input, strategy: strategy, thresholds: thresholds, bins: binned,
                              minWeightPerNode: strategy.minWeightFractionPerNode * totalWeight)
        let numTrees = max(1, strategy.numTrees)
        if numTrees == 1 {
            return [ctx.growTree(0, parallelNodes: strategy.threads > 1)]
        }
        let slots = TreeSlots<DecisionTreeData>(count: numTrees)
        DispatchQueue.concurrentPerform(iterations: numTrees) { t in
            slots.set(t, ctx.growTree(t, parallelNodes: false))
        }
        return slots.all()
    }

    /// Candidate thresholds per feature, as Spark's `findSplitsForContinuousFeature`: all midpoints between
    /// distinct values when there are few enough, else weighted-quantile midpoints stepping by n / maxBins.
    static func findThresholds(_ input: TreeInput, _ strategy: TreeStrategy) -> [[Double]] {
        let n = input.n, d = input.d
        // Spark samples max(maxBins², 10000) rows for split finding.
        let required = max(strategy.maxBins * strategy.maxBins, 10_000)
        var sampled = Array(0..<n)
        if required < n {
            var rng = SeededRandom(seed: strategy.seed &+ 0x5EED)
            let fraction = Double(required) / Double(n)
            sampled = sampled.filter { _ in rng.nextDouble() < fraction }
        }
        let rows = sampled
        let numSplits = min(strategy.maxBins, n) - 1
        var result = [[Double]](repeating: [], count: d)
        let slots = TreeSlots<[Double]>(count: d)
        DispatchQueue.concurrentPerform(iterations: d) { f in
            var weights: [Double: Double] = [:]
            for r in rows { weights[input.x[r * d + f], default: 0] += input.w[r] }
            slots.set(f, splitsFor(valueWeights: weights, numSplits: numSplits))
        }
        for f in 0..<d { result[f] = slots.get(f) ?? [] }
        return result
    }

    static func splitsFor(valueWeights: [Double: Double], numSplits: Int) -> [Double] {
        let values = valueWeights.sorted { $0.key < $1.key }
        let possible = values.count - 1
        if possible <= 0 { return [] }
        if possible <= numSplits {
            return (1...possible).map { (values[$0 - 1].key + values[$0].key) / 2 }
        }
        let total = values.reduce(0) { $0 + $1.value }
        let stride = total / Double(numSplits + 1)
        var splits: [Double] = []
        var current = values[0].value
        var target = stride
        for i in 1..<values.count {
            let previous = current
            current += values[i].value
            if abs(previous - target) < abs(current - target) {
                splits.append((values[i - 1].key + values[i].key) / 2)
                target += stride
            }
        }
        return splits
    }

    /// Column-major bin indices: bin = number of thresholds below the value (value <= threshold goes left).
    static func binFeatures(_ input: TreeInput, _ thresholds: [[Double]]) -> [UInt16] {
        let n = input.n, d = input.d
        var bins = [UInt16](repeating: 0, count: n * d)
        bins.withUnsafeMutableBufferPointer { out in
            let o = SendablePointer(out.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: d) { f in
                let th = thresholds[f]
                for r in 0..<n {
                    let v = input.x[r * d + f]
                    var lo = 0, hi = th.count
                    while lo < hi {
                        let mid = (lo + hi) >> 1
                        if th[mid] < v { lo = mid + 1 } else { hi = mid }
                    }
                    o.pointer[f * n + r] = UInt16(lo)
                }
            }
        }
        return bins
    }
}

/// Shared, read-only state for growing the trees of one fit.
private struct GrowContext: Sendable {
    let input: TreeInput
    let strategy: TreeStrategy
    let thresholds: [[Double]]
    let bins: [UInt16]
    let minWeightPerNode: Double

    var statsSize: Int { strategy.impurity.statsSize(numClasses: strategy.numClasses) }

    /// A growing node: its rows (indices into the tree's sample), statistics and, once split, its children.
    final class Node {
        var stats: [Double]
        var rawCount: Double
        var impurity: Double
        var feature = -1
        var threshold = 0.0
        var gain = 0.0
        var left: Node?
        var right: Node?
        init(stats: [Double], rawCount: Double, impurity: Double) {
            self.stats = stats
            self.rawCount = rawCount
            self.impurity = impurity
        }
    }

    struct BestSplit {
        var feature: Int
        var bin: Int
        var gain: Double
        var leftStats: [Double]
        var rightStats: [Double]
        var leftRaw: Double
        var rightRaw: Double
        var leftImpurity: Double
        var rightImpurity: Double
    }

    func growTree(_ t: Int, parallelNodes: Bool) -> DecisionTreeData {
        let n = input.n
        let treeSeed = mixSeed(strategy.seed, Int64(t))
        // Per-row sample counts: Poisson(rate) with replacement (Spark's bagging), Bernoulli without.
        var rows: [Int32] = []
        var counts: [Double] = []
        rows.reserveCapacity(n)
        counts.reserveCapacity(n)
        var rng = SeededRandom(seed: treeSeed)
        let rate = strategy.subsamplingRate
        for r in 0..<n {
            let c: Int
            if strategy.bootstrap { c = rng.poisson(mean: rate) } else if rate < 1 { c = rng.nextDouble() < rate ? 1 : 0 } else { c = 1 }
            if c > 0 {
                rows.append(Int32(r))
                counts.append(Double(c))
            }
        }
        let k = statsSize
        var rootStats = [Double](repeating: 0, count: k)
        var rootRaw = 0.0
        for (i, r) in rows.enumerated() {
            addRow(&rootStats, Int(r), counts[i])
            rootRaw += counts[i]
        }
        let root = Node(stats: rootStats, rawCount: rootRaw, impurity: strategy.impurity.calculate(rootStats))
        var order = Array(0..<rows.count)
        grow(root, level: 0, nodeId: 1, rows: rows, counts: counts, members: &order[...], treeSeed: treeSeed,
             parallel: parallelNodes)
        var nodes: [TreeNode] = []
        flatten(root, into: &nodes)
        return DecisionTreeData(nodes: nodes, numFeatures: input.d, numClasses: strategy.impurity.isClassification ? strategy.numClasses : 0)
    }

    @inline(__always)
    func addRow(_ s: inout [Double], _ r: Int, _ count: Double) {
        let w = input.w[r] * count
        if strategy.impurity.isClassification {
            s[Int(input.y[r])] += w
        } else {
            let y = input.y[r]
            s[0] += w
            s[1] += w * y
            s[2] += w * y * y
        }
    }

    /// Splits `node` (its members are `members`, positions into `rows`) and recurses; prunes on the way back.
    func grow(_ node: Node, level: Int, nodeId: Int, rows: [Int32], counts: [Double], members: inout ArraySlice<Int>,
              treeSeed: Int64, parallel: Bool) {
        if level >= strategy.maxDepth || members.count < 2 { return }
        guard let best = bestSplit(members: members, rows: rows, counts: counts,
                                   features: featureSubset(nodeId: nodeId, treeSeed: treeSeed), parallel: parallel),
              best.gain > 0 else { return }
        node.feature = best.feature
        node.threshold = thresholds[best.feature][best.bin]
        node.gain = best.gain
        // Stable partition: bin <= best.bin goes left.
        let n = input.n
        let column = best.feature * n
        var leftMembers: [Int] = []
        var rightMembers: [Int] = []
        leftMembers.reserveCapacity(members.count)
        rightMembers.reserveCapacity(members.count)
        for m in members {
            if Int(bins[column + Int(rows[m])]) <= best.bin { leftMembers.append(m) } else { rightMembers.append(m) }
        }
        let left = Node(stats: best.leftStats, rawCount: best.leftRaw, impurity: best.leftImpurity)
        let right = Node(stats: best.rightStats, rawCount: best.rightRaw, impurity: best.rightImpurity)
        node.left = left
        node.right = right
        if abs(best.leftImpurity) >= mlEpsilon {
            var slice = leftMembers[...]
            grow(left, level: level + 1, nodeId: nodeId * 2, rows: rows, counts: counts, members: &slice,
                 treeSeed: treeSeed, parallel: parallel)
        }
        if abs(best.rightImpurity) >= mlEpsilon {
            var slice = rightMembers[...]
            grow(right, level: level + 1, nodeId: nodeId * 2 + 1, rows: rows, counts: counts, members: &slice,
                 treeSeed: treeSeed, parallel: parallel)
        }
        // Spark's pruning: two leaf children predicting the same value collapse into their parent.
        if left.feature < 0, right.feature < 0,
           strategy.impurity.predict(left.stats) == strategy.impurity.predict(right.stats) {
            node.feature = -1
            node.gain = 0
            node.left = nil
            node.right = nil
        }
    }

    /// The features a node may split on: all, or a seeded random subset (per node, as Spark).
    func featureSubset(nodeId: Int, treeSeed: Int64) -> [Int] {
        let d = input.d
        let k = strategy.featuresPerNode
        if k <= 0 || k >= d { return Array(0..<d) }
        var rng = SeededRandom(seed: mixSeed(treeSeed, Int64(nodeId)))
        var all = Array(0..<d)
        for i in 0..<k {
            let j = i + Int(rng.next() % UInt64(d - i))
            all.swapAt(i, j)
        }
        return all[0..<k].sorted()
    }

    func bestSplit(members: ArraySlice<Int>, rows: [Int32], counts: [Double], features: [Int],
                   parallel: Bool) -> BestSplit? {
        let slots = TreeSlots<BestSplit>(count: features.count)
        let work: @Sendable (Int) -> Void = { fi in
            if let s = self.bestSplit(feature: features[fi], members: members, rows: rows, counts: counts) {
                slots.set(fi, s)
            }
        }
        if parallel && members.count * features.count >= 20_000 && features.count > 1 {
            DispatchQueue.concurrentPerform(iterations: features.count, execute: work)
        } else {
            for fi in 0..<features.count { work(fi) }
        }
        // First feature with the largest gain wins ties, as Spark's maxBy.
        var best: BestSplit?
        for fi in 0..<features.count {
            guard let s = slots.get(fi) else { continue }
            if best == nil || s.gain > best!.gain { best = s }
        }
        return best
    }

    /// The best split of one feature: bin histogram, prefix sums, Spark's gain for every boundary.
    func bestSplit(feature f: Int, members: ArraySlice<Int>, rows: [Int32], counts: [Double]) -> BestSplit? {
        let numSplits = thresholds[f].count
        if numSplits == 0 { return nil }
        let numBins = numSplits + 1
        let k = statsSize
        let n = input.n
        let impurity = strategy.impurity
        var hist = [Double](repeating: 0, count: numBins * k)
        var raw = [Double](repeating: 0, count: numBins)
        let column = f * n
        let isClass = impurity.isClassification
        hist.withUnsafeMutableBufferPointer { h in
            raw.withUnsafeMutableBufferPointer { rc in
                input.y.withUnsafeBufferPointer { y in
                    input.w.withUnsafeBufferPointer { w in
                        bins.withUnsafeBufferPointer { b in
                            for m in members {
                                let r = Int(rows[m])
                                let c = counts[m]
                                let bin = Int(b[column + r])
                                let wt = w[r] * c
                                rc[bin] += c
                                if isClass {
                                    h[bin * k + Int(y[r])] += wt
                                } else {
                                    let yy = y[r]
                                    h[bin * k] += wt
                                    h[bin * k + 1] += wt * yy
                                    h[bin * k + 2] += wt * yy * yy
                                }
                            }
                        }
                    }
                }
            }
        }
        // Prefix sums: bin i holds bins 0...i (Spark's mergeForFeature).
        for bin in 1..<numBins {
            raw[bin] += raw[bin - 1]
            for j in 0..<k { hist[bin * k + j] += hist[(bin - 1) * k + j] }
        }
        var best: BestSplit?
        var parentImpurity = 0.0
        var left = [Double](repeating: 0, count: k)
        var right = [Double](repeating: 0, count: k)
        let last = numSplits * k
        for s in 0..<numSplits {
            for j in 0..<k {
                left[j] = hist[s * k + j]
                right[j] = hist[last + j] - left[j]
            }
            let leftRaw = raw[s], rightRaw = raw[numSplits] - raw[s]
            if s == 0 {
                var parent = left
                for j in 0..<k { parent[j] += right[j] }
                parentImpurity = impurity.calculate(parent)
            }
            let (gain, li, ri) = left.withUnsafeBufferPointer { lp in
                right.withUnsafeBufferPointer { rp -> (Double, Double, Double) in
                    let leftCount = impurity.count(lp.baseAddress!, k)
                    let rightCount = impurity.count(rp.baseAddress!, k)
                    if leftRaw < Double(strategy.minInstancesPerNode) || rightRaw < Double(strategy.minInstancesPerNode)
                        || leftCount < minWeightPerNode || rightCount < minWeightPerNode {
                        return (-Double.greatestFiniteMagnitude, 0, 0)
                    }
                    let total = leftCount + rightCount
                    let li = impurity.calculate(lp.baseAddress!, k)
                    let ri = impurity.calculate(rp.baseAddress!, k)
                    let gain = parentImpurity - (leftCount / total) * li - (rightCount / total) * ri
                    if gain < strategy.minInfoGain { return (-Double.greatestFiniteMagnitude, 0, 0) }
                    return (gain, li, ri)
                }
            }
            if best == nil || gain > best!.gain {
                best = BestSplit(feature: f, bin: s, gain: gain, leftStats: left, rightStats: right,
                                 leftRaw: leftRaw, rightRaw: rightRaw, leftImpurity: li, rightImpurity: ri)
            }
        }
        return best
    }

    func flatten(_ node: Node, into nodes: inout [TreeNode]) {
        let index = nodes.count
        nodes.append(TreeNode(feature: node.feature, threshold: node.feature < 0 ? 0 : node.threshold, left: -1, right: -1,
                              prediction: strategy.impurity.predict(node.stats), impurity: node.impurity,
                              gain: node.feature < 0 ? 0 : node.gain, stats: node.stats, rawCount: node.rawCount))
        if node.feature >= 0, let l = node.left, let r = node.right {
            nodes[index].left = nodes.count
            flatten(l, into: &nodes)
            nodes[index].right = nodes.count
            flatten(r, into: &nodes)
        }
    }
}

/// One result slot per parallel task, each written by exactly one `concurrentPerform` iteration
/// (over `ConcurrentSlots`, whose storage never moves while threads write it).
final class TreeSlots<T>: @unchecked Sendable {
    private let slots: ConcurrentSlots<T?>
    var count: Int { slots.count }
    init(count: Int) { slots = ConcurrentSlots(count, repeating: nil) }
    func set(_ i: Int, _ v: T) { slots[i] = v }
    func get(_ i: Int) -> T? { slots[i] }
    func all() -> [T] { (0..<count).compactMap { slots[$0] } }
}

/// A raw pointer handed to `concurrentPerform` tasks that write disjoint ranges.
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ p: UnsafeMutablePointer<T>) { pointer = p }
}
