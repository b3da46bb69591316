import DataFlowColumnar
import Dispatch
import Foundation

/// How KMeans measures the cost of a point against a center.
public enum KMeansDistance: String, Sendable, Codable {
    /// Cost is the squared Euclidean distance.
    case euclidean
    /// Cost is 1 − cos(angle); centers are kept at unit length.
    case cosine

    @inline(__always)
    func cost(_ a: UnsafePointer<Double>, _ aNorm: Double, _ c: UnsafePointer<Double>, _ cNorm: Double, _ d: Int) -> Double {
        switch self {
        case .euclidean:
            var s = 0.0
            for j in 0..<d {
                let t = a[j] - c[j]
                s += t * t
            }
            return s
        case .cosine:
            var dot = 0.0
            for j in 0..<d { dot += a[j] * c[j] }
            return 1 - dot / aNorm / cNorm
        }
    }

    /// The center of a weighted sum (Spark's `centroid`): the mean, normalised to length 1 for cosine.
    func centroid(_ sum: [Double], _ weight: Double) -> [Double] {
        var c = sum.map { $0 / weight }
        if self == .cosine {
            let norm = c.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { c = c.map { $0 / norm } }
        }
        return c
    }

    /// Whether a center moved less than `tol` (squared distance ≤ tol² for Euclidean, distance ≤ tol for cosine).
    func converged(_ old: [Double], _ new: [Double], tol: Double) -> Bool {
        let d = old.count
        return old.withUnsafeBufferPointer { a in
            new.withUnsafeBufferPointer { b in
                let c = cost(a.baseAddress!, norm(old), b.baseAddress!, norm(new), d)
                return self == .euclidean ? c <= tol * tol : c <= tol
            }
        }
    }
}

@inline(__always)
func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

/// Result of a KMeans fit.
struct KMeansResult: Sendable {
    var centers: [[Double]]
    /// Σ weight · cost of the last assignment step (Spark's `trainingCost`).
    var cost: Double
    var iterations: Int
}

/// Spark's KMeans: k-means|| (or random) initialisation, then Lloyd iterations until every center moves
/// less than `tol` or `maxIter` is reached. Work is split into fixed row blocks merged in order, so the
/// result does not depend on the thread count.
struct KMeansLearner: Sendable {
    var k = 2
    var maxIter = 20
    var tol = 1e-4
    var initMode = "k-means||"
    var initSteps = 2
    var distance = KMeansDistance.euclidean
    var seed: Int64 = 0

    static let blockRows = 4096

    /// `x` is row-major n×d, `w` the row weights.
    func train(x: [Double], n: Int, d: Int, w: [Double]) throws -> KMeansResult {
        guard n > 0 else { throw DataFlowError("ML_INVALID_INPUT", "KMeans: the training data has no rows") }
        let norms = (0..<n).map { i in x[(i * d)..<(i * d + d)].reduce(0) { $0 + $1 * $1 }.squareRoot() }
        if distance == .cosine, let zero = norms.firstIndex(of: 0) {
            throw DataFlowError("ML_INVALID_INPUT", "KMeans: cosine distance is not defined for the zero vector (row \(zero))")
        }
        var centers = initMode == "random" ? initRandom(n: n, d: d, x: x) : initParallel(x: x, n: n, d: d, w: w, norms: norms)
        var iteration = 0
        var converged = false
        var cost = 0.0
        while iteration < maxIter && !converged {
            let (sums, weights, c) = assign(x: x, n: n, d: d, w: w, norms: norms, centers: centers)
            cost = c
            converged = true
            for j in 0..<centers.count where weights[j] > 0 {
                let updated = distance.centroid(sums[j], weights[j])
                if converged && !distance.converged(centers[j], updated, tol: tol) { converged = false }
                centers[j] = updated
            }
            iteration += 1
        }
        return KMeansResult(centers: centers, cost: cost, iterations: iteration)
    }

    /// Runs `body` over fixed blocks of `0..<n` in parallel; results come back in block order, so anything
    /// combined from them is independent of the thread count.
    static func blocks<T>(_ n: Int, _ body: @Sendable (Range<Int>) -> T) -> [T] {
        let count = (n + blockRows - 1) / blockRows
        let slots = TreeSlots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { b in
            slots.set(b, body((b * blockRows)..<min(n, (b + 1) * blockRows)))
        }
        return slots.all()
    }

    /// Index of the closest center and its cost.
    @inline(__always)
    func closest(_ p: UnsafePointer<Double>, _ pNorm: Double, _ flat: UnsafePointer<Double>, _ centerNorms: [Double],
                 _ d: Int) -> (Int, Double) {
        var best = 0
        var bestCost = Double.infinity
        for c in 0..<centerNorms.count {
            let v = distance.cost(p, pNorm, flat + c * d, centerNorms[c], d)
            if v < bestCost {
                bestCost = v
                best = c
            }
        }
        return (best, bestCost)
    }

    func predict(_ point: [Double], centers: [[Double]]) -> (Int, Double) {
        let d = point.count
        let flat = centers.flatMap { $0 }
        return point.withUnsafeBufferPointer { p in
            flat.withUnsafeBufferPointer { f in
                closest(p.baseAddress!, norm(point), f.baseAddress!, centers.map(norm), d)
            }
        }
    }

    /// One Lloyd assignment: per-center weighted sums and weights, and the total cost.
    func assign(x: [Double], n: Int, d: Int, w: [Double], norms: [Double], centers: [[Double]])
        -> ([[Double]], [Double], Double) {
        let k = centers.count
        let flat = centers.flatMap { $0 }
        let centerNorms = centers.map(norm)
        let blocks = (n + Self.blockRows - 1) / Self.blockRows
        let slots = TreeSlots<([Double], [Double], Double)>(count: blocks)
        DispatchQueue.concurrentPerform(iterations: blocks) { b in
            var sums = [Double](repeating: 0, count: k * d)
            var weights = [Double](repeating: 0, count: k)
            var cost = 0.0
            x.withUnsafeBufferPointer { xp in
                flat.withUnsafeBufferPointer { fp in
                    for i in (b * Self.blockRows)..<min(n, (b + 1) * Self.blockRows) {
                        let p = xp.baseAddress! + i * d
                        let (c, v) = closest(p, norms[i], fp.baseAddress!, centerNorms, d)
                        cost += v * w[i]
                        weights[c] += w[i]
                        for j in 0..<d { sums[c * d + j] += w[i] * p[j] }
                    }
                }
            }
            slots.set(b, (sums, weights, cost))
        }
        var sums = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
        var weights = [Double](repeating: 0, count: k)
        var cost = 0.0
        for b in 0..<blocks {
            guard let (s, wt, c) = slots.get(b) else { continue }
            cost += c
            for j in 0..<k {
                weights[j] += wt[j]
                for t in 0..<d { sums[j][t] += s[j * d + t] }
            }
        }
        return (sums, weights, cost)
    }

    /// k distinct random rows (fewer when the data has fewer distinct rows).
    func initRandom(n: Int, d: Int, x: [Double]) -> [[Double]] {
        var rng = SeededRandom(seed: seed)
        var order = Array(0..<n)
        order.shuffle(using: &rng)
        var centers: [[Double]] = []
        var seen = Set<[Double]>()
        for i in order where centers.count < k {
            let row = Array(x[(i * d)..<(i * d + d)])
            if seen.insert(row).inserted { centers.append(row) }
        }
        return centers
    }

    /// Spark's k-means||: a random first center, then `initSteps` rounds that keep each row with probability
    /// 2·k·cost/Σcost; the distinct candidates, weighted by the rows closest to them, go through a local
    /// k-means++ (30 Lloyd iterations) to pick k.
    func initParallel(x: [Double], n: Int, d: Int, w: [Double], norms: [Double]) -> [[Double]] {
        var rng = SeededRandom(seed: seed)
        let first = rng.nextInt(n)
        var candidates: [[Double]] = [Array(x[(first * d)..<(first * d + d)])]
        var newCenters = candidates
        var costs = [Double](repeating: .infinity, count: n)
        for step in 0..<initSteps {
            let flat = newCenters.flatMap { $0 }
            let cn = newCenters.map(norm)
            let previous = costs
            // Each row's cost against the nearest candidate so far (rows in fixed blocks, in parallel).
            let updated = Self.blocks(n) { range -> [Double] in
                x.withUnsafeBufferPointer { xp in
                    flat.withUnsafeBufferPointer { fp in
                        range.map { i in min(previous[i], closest(xp.baseAddress! + i * d, norms[i], fp.baseAddress!, cn, d).1) }
                    }
                }
            }
            costs = updated.flatMap { $0 }
            let sumCosts = costs.reduce(0, +)
            let stepSeed = mixSeed(seed, Int64(step + 1))
            let current = costs
            // Keep row i with probability 2·k·cost/Σcost; its uniform draw depends only on (seed, step, i).
            let chosen = Self.blocks(n) { range -> [Int] in
                range.filter { i in
                    var r = SeededRandom(seed: mixSeed(stepSeed, Int64(i)))
                    return r.nextDouble() < 2.0 * current[i] * Double(k) / sumCosts
                }
            }
            newCenters = chosen.flatMap { $0 }.map { Array(x[($0 * d)..<($0 * d + d)]) }
            candidates += newCenters
        }
        var seen = Set<[Double]>()
        let distinct = candidates.filter { seen.insert($0).inserted }
        if distinct.count <= k { return distinct }
        // Weight each candidate by the total weight of the rows closest to it.
        let flat = distinct.flatMap { $0 }
        let cn = distinct.map(norm)
        let count = distinct.count
        let partial = Self.blocks(n) { range -> [Double] in
            var weights = [Double](repeating: 0, count: count)
            x.withUnsafeBufferPointer { xp in
                flat.withUnsafeBufferPointer { fp in
                    for i in range {
                        let (c, _) = closest(xp.baseAddress! + i * d, norms[i], fp.baseAddress!, cn, d)
                        weights[c] += w[i]
                    }
                }
            }
            return weights
        }
        var weights = [Double](repeating: 0, count: count)
        for p in partial { for c in 0..<count { weights[c] += p[c] } }
        return kMeansPlusPlus(points: distinct, weights: weights, d: d, maxIterations: 30)
    }

    /// Spark's `LocalKMeans.kMeansPlusPlus` over weighted candidate points.
    func kMeansPlusPlus(points: [[Double]], weights: [Double], d: Int, maxIterations: Int) -> [[Double]] {
        var rng = SeededRandom(seed: mixSeed(seed, -1))
        let pn = points.map(norm)
        func cost(_ a: Int, _ c: [Double]) -> Double {
            points[a].withUnsafeBufferPointer { ap in
                c.withUnsafeBufferPointer { cp in distance.cost(ap.baseAddress!, pn[a], cp.baseAddress!, norm(c), d) }
            }
        }
        func pickWeighted() -> [Double] {
            let r = rng.nextDouble() * weights.reduce(0, +)
            var i = 0
            var cur = 0.0
            while i < points.count && cur < r {
                cur += weights[i]
                i += 1
            }
            return points[max(i - 1, 0)]
        }
        var centers: [[Double]] = [pickWeighted()]
        var costArray = points.indices.map { cost($0, centers[0]) }
        for _ in 1..<k {
            var sum = 0.0
            for i in points.indices { sum += costArray[i] * weights[i] }
            let r = rng.nextDouble() * sum
            var cumulative = 0.0
            var j = 0
            while j < points.count && cumulative < r {
                cumulative += weights[j] * costArray[j]
                j += 1
            }
            let chosen = points[max(j - 1, 0)]
            centers.append(chosen)
            for p in points.indices { costArray[p] = min(cost(p, chosen), costArray[p]) }
        }
        var oldClosest = [Int](repeating: -1, count: points.count)
        var iteration = 0
        var moved = true
        while moved && iteration < maxIterations {
            moved = false
            var sums = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
            var counts = [Double](repeating: 0, count: k)
            for (i, p) in points.enumerated() {
                var best = 0
                var bestCost = Double.infinity
                for (c, center) in centers.enumerated() {
                    let v = cost(i, center)
                    if v < bestCost {
                        bestCost = v
                        best = c
                    }
                }
                for t in 0..<d { sums[best][t] += weights[i] * p[t] }
                counts[best] += weights[i]
                if best != oldClosest[i] {
                    moved = true
                    oldClosest[i] = best
                }
            }
            for j in 0..<k {
                centers[j] = counts[j] == 0 ? points[rng.nextInt(points.count)] : distance.centroid(sums[j], counts[j])
            }
            iteration += 1
        }
        return centers
    }
}
