extension DataFrame {
    /// Splits the rows at random by `weights` (normalised to sum to 1), as Spark's `randomSplit`:
    /// `let parts = try ratings.randomSplit([0.8, 0.2], seed: 42)`.
    ///
    /// Each row draws one number in [0, 1) from a hash of its values and the seed (XXH64), and goes to
    /// the split whose interval holds it. The splits are therefore disjoint and cover every row, and a
    /// seed gives the same split whatever the thread count, file order or query plan (Spark's depends on
    /// its partitioning). Identical rows always land in the same split. Map columns do not take part in
    /// the hash.
    public func randomSplit(_ weights: [Double], seed: Int64 = 42) throws -> [DataFrame] {
        guard !weights.isEmpty else { throw DataFlowError.invalid("randomSplit needs at least one weight") }
        if let bad = weights.first(where: { !($0 >= 0) || !$0.isFinite }) {
            throw DataFlowError.invalid("randomSplit weights must be finite and >= 0, got \(bad)")
        }
        let total = weights.reduce(0, +)
        guard total > 0 else { throw DataFlowError.invalid("randomSplit weights must not all be 0") }
        let fields = try schema.fields.filter { !$0.type.containsMap }
        guard !fields.isEmpty else { throw DataFlowError.invalid("randomSplit needs a column that is not a map to draw from") }
        // 53 random bits of the row hash -> a double in [0, 1).
        let scale = 9_007_199_254_740_992.0
        let u = pmod(fn("xxhash64", [lit(seed)] + fields.map { col($0.name) }), Int64(scale)).cast(.float64) / scale
        var bounds = [0.0]
        for w in weights { bounds.append(bounds[bounds.count - 1] + w / total) }
        bounds[bounds.count - 1] = 1.0
        return (0..<weights.count).map { i in
            let inRange = i == weights.count - 1 ? u >= bounds[i] : u >= bounds[i] && u < bounds[i + 1]
            return filter(inRange)
        }
    }
}
