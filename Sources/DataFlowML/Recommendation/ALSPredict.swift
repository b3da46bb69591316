import Dispatch

/// Id → row lookup for factor tables: a direct table over the id range when it is compact (the usual case:
/// ids 1...n), a dictionary otherwise.
public struct IdLookup: Sendable {
    let lo: Int
    let table: [Int32]
    let map: [Int32: Int32]

    public init(_ ids: [Int32]) {
        guard let lo = ids.min(), let hi = ids.max() else { self.lo = 0; table = []; map = [:]; return }
        let range = Int(hi) - Int(lo) + 1
        if range <= max(1 << 20, 4 * ids.count) {
            var t = [Int32](repeating: -1, count: range)
            for (k, id) in ids.enumerated() { t[Int(id) - Int(lo)] = Int32(k) }
            self.lo = Int(lo); table = t; map = [:]
        } else {
            var m = [Int32: Int32](minimumCapacity: ids.count)
            for (k, id) in ids.enumerated() { m[id] = Int32(k) }
            self.lo = 0; table = []; map = m
        }
    }

    /// The row of `id`, or nil when the model has not seen it.
    @inline(__always) public func row(_ id: Int) -> Int? {
        if !table.isEmpty {
            let k = id - lo
            guard k >= 0 && k < table.count else { return nil }
            let r = table[k]
            return r < 0 ? nil : Int(r)
        }
        guard let id32 = Int32(exactly: id), let r = map[id32] else { return nil }
        return Int(r)
    }
}

extension ALSFactorization {
    /// The predicted rating `userFactor · itemFactor`, NaN when either id is unknown.
    public func predict(user: Int, item: Int, users: IdLookup, items: IdLookup) -> Double {
        guard let u = users.row(user), let i = items.row(item) else { return .nan }
        var s = 0.0
        for d in 0..<rank { s += userFactors[u * rank + d] * itemFactors[i * rank + d] }
        return s
    }
}

/// RMSE helpers for benchmarks and tests over plain arrays.
public enum ALSMetrics {
    /// Root mean squared error of the predictions over the (user, item) pairs the factorisation knows
    /// (unknown pairs are dropped, as with coldStartStrategy "drop"); `count` = pairs used.
    public static func rmse(_ f: ALSFactorization, users: [Int32], items: [Int32], ratings: [Float]) -> (rmse: Double, count: Int) {
        let ul = IdLookup(f.userIds), il = IdLookup(f.itemIds)
        var sum = 0.0, n = 0
        for k in 0..<ratings.count {
            let p = f.predict(user: Int(users[k]), item: Int(items[k]), users: ul, items: il)
            if p.isNaN { continue }
            let e = p - Double(ratings[k])
            sum += e * e
            n += 1
        }
        return (n == 0 ? .nan : (sum / Double(n)).squareRoot(), n)
    }
}

/// Top-k recommendations over a factorisation (see `ALSTopK` for the blocked algorithm).
public enum ALSRecommender {
    /// Recommendations for every user (`forUsers`) or every item, or for the given source `rows` only.
    public struct Result: Sendable {
        /// Source ids (users, or items), one per source row.
        public let sourceIds: [Int32]
        /// Entries per source (`min(k, number of destinations)`).
        public let perSource: Int
        /// `sourceIds.count * perSource` destination ids, each source's best first (-1 pads missing entries).
        public let items: [Int32]
        /// The matching scores (predicted ratings).
        public let scores: [Float]
    }

    public static func recommend(_ f: ALSFactorization, forUsers: Bool, k: Int, rows: [Int]? = nil, threads: Int) -> Result {
        let rank = f.rank
        let srcAll = forUsers ? f.userFactors : f.itemFactors
        let srcIdsAll = forUsers ? f.userIds : f.itemIds
        let dstF = forUsers ? f.itemFactors : f.userFactors
        let dstIds = forUsers ? f.itemIds : f.userIds
        var srcIds = srcIdsAll
        var src: [Float]
        if let rows {
            srcIds = rows.map { srcIdsAll[$0] }
            src = [Float](repeating: 0, count: rows.count * rank)
            for (t, r) in rows.enumerated() { for d in 0..<rank { src[t * rank + d] = Float(srcAll[r * rank + d]) } }
        } else {
            src = srcAll.map(Float.init)
        }
        let dst = dstF.map(Float.init)
        let res = ALSTopK.topK(src: src, srcCount: srcIds.count, dst: dst, dstCount: dstIds.count, rank: rank, k: k, threads: threads)
        let ids = res.indices.map { $0 < 0 ? -1 : dstIds[Int($0)] }
        return Result(sourceIds: srcIds, perSource: res.perRow, items: ids, scores: res.scores)
    }
}
