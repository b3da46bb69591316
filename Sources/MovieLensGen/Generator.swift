import Foundation

/// 1996-01-01T00:00:00Z and 2023-12-31T23:59:59Z.
let firstTimestamp = 820_454_400
let lastTimestamp = 1_704_067_199
/// Half-star ratings were introduced in MovieLens on 2003-02-18.
let halfStarsIntroduced = 1_045_526_400

let minRatingsPerUser = 20

/// Default users/movies for a rating count, log-log interpolated between MovieLens releases.
func defaultShape(ratings: Int) -> (users: Int, movies: Int) {
    let anchors: [(r: Double, u: Double, m: Double)] = [
        (100_000, 610, 9_742), (1_000_000, 6_040, 3_706), (25_000_000, 162_541, 62_423),
    ]
    let x = log(Double(max(ratings, 1)))
    var lo = anchors[0], hi = anchors[1]
    if x > log(anchors[1].r) { lo = anchors[1]; hi = anchors[2] }
    let t = min(max((x - log(lo.r)) / (log(hi.r) - log(lo.r)), 0), 1)
    func lerp(_ a: Double, _ b: Double) -> Int {
        Int((exp(log(a) + t * (log(b) - log(a)))).rounded())
    }
    return (lerp(lo.u, hi.u), lerp(lo.m, hi.m))
}

/// Splits `total` ratings over users: each gets `minimum`, the rest proportional to `weights`,
/// nobody above `cap`. Requires minimum * n <= total <= cap * n.
func allocateCounts(total: Int, minimum: Int, cap: Int, weights: [Double]) -> [Int] {
    let n = weights.count
    var counts = [Int](repeating: minimum, count: n)
    var remaining = total - minimum * n
    var active = (0..<n).filter { counts[$0] < cap }
    var fraction = [Double](repeating: 0, count: n)
    while remaining > 0 && !active.isEmpty {
        let weightSum = active.reduce(0.0) { $0 + weights[$1] }
        var assigned = 0
        var anyCapped = false
        for u in active {
            let share = Double(remaining) * weights[u] / weightSum
            let want = Int(share)
            fraction[u] = share - Double(want)
            if counts[u] + want >= cap {
                anyCapped = true
                assigned += cap - counts[u]
                counts[u] = cap
            } else {
                counts[u] += want
                assigned += want
            }
        }
        remaining -= assigned
        active = active.filter { counts[$0] < cap }
        if !anyCapped && remaining > 0 {
            // Rounding leftovers (fewer than active.count): largest remainders get one more.
            let order = active.sorted { fraction[$0] != fraction[$1] ? fraction[$0] > fraction[$1] : $0 < $1 }
            let extra = min(remaining, order.count)
            for u in order.prefix(extra) { counts[u] += 1 }
            remaining -= extra
        }
    }
    return counts
}

/// Draws a user's distinct movies from the popularity distribution.
struct MovieSampler {
    private let table: AliasTable
    private let weights: [Double]
    private var stamp: [UInt32]
    private var current: UInt32 = 0
    private var keys: [(key: Double, movie: Int32)] = []
    private(set) var fallbacks = 0

    init(catalog: Catalog) {
        table = catalog.popularity
        weights = catalog.popularityWeights
        stamp = [UInt32](repeating: 0, count: catalog.count)
    }

    /// Fills `picked` with `k` distinct movie indices (unsorted). Requires k <= movie count.
    mutating func sample(_ k: Int, into picked: inout [Int32], rng: inout Xoshiro256) {
        let n = weights.count
        picked.removeAll(keepingCapacity: true)
        current &+= 1
        if current == 0 {
            for i in stamp.indices { stamp[i] = 0 }
            current = 1
        }
        if k * 3 <= n {
            // Rejection sampling: cheap while the user covers a small part of the catalog.
            var attempts = 0
            let limit = 40 * k + 1_000
            while picked.count < k && attempts < limit {
                attempts += 1
                let m = table.sample(&rng)
                if stamp[m] != current {
                    stamp[m] = current
                    picked.append(Int32(truncatingIfNeeded: m))
                }
            }
            if picked.count == k { return }
            picked.removeAll(keepingCapacity: true)
        }
        // Heavy user: weighted sampling without replacement (Efraimidis-Spirakis keys).
        fallbacks += 1
        keys.removeAll(keepingCapacity: true)
        for m in 0..<n {
            let u = Double((rng.next() >> 11) + 1) * 0x1.0p-53
            keys.append((log(u) / weights[m], Int32(truncatingIfNeeded: m)))
        }
        keys.sort { $0.key > $1.key }
        for i in 0..<k { picked.append(keys[i].movie) }
    }
}

struct RatingsSummary {
    var ratings = 0
    var bytes = 0
    var heavyUsers = 0
}

func writeRatings(path: String, users: Int, totalRatings: Int, catalog: Catalog,
                  seed: UInt64) throws -> RatingsSummary {
    let rank = Catalog.rank  // 8, matching SIMD8 below
    let movieCount = catalog.count

    // User activity: log-normal on top of the 20-rating minimum.
    var activityRng = Xoshiro256(seed: seed, stream: 2)
    var activity = [Double](repeating: 0, count: users)
    for u in 0..<users { activity[u] = exp(activityRng.nextNormal(mean: 0, sd: 1.2)) }
    // Nobody rates more than ~60% of the catalog (ML-1M's top user: 2314 of 3706 movies),
    // unless the requested shape needs it.
    let softCap = Int(0.6 * Double(movieCount))
    let fits = softCap >= minRatingsPerUser
        && softCap * users >= totalRatings  // bounded: users <= 1.25M, movies <= 5M
    let cap = fits ? softCap : movieCount
    let counts = allocateCounts(total: totalRatings, minimum: minRatingsPerUser,
                                cap: cap, weights: activity)

    var sampler = MovieSampler(catalog: catalog)
    var picked: [Int32] = []
    var userFactors = SIMD8<Float>()
    let out = try ByteWriter(path: path)
    out.ascii("userId,movieId,rating,timestamp\n")
    var summary = RatingsSummary()

    // Hot per-movie data packed into one 64-byte, cache-line-aligned row: 8 factors + bias.
    // Ratings hit movies in random order, so this keeps it to one cache miss per rating.
    let rowFloats = 16
    let raw = UnsafeMutableRawPointer.allocate(byteCount: movieCount * rowFloats * 4, alignment: 64)
    defer { raw.deallocate() }
    let rows = raw.initializeMemory(as: Float.self, repeating: 0, count: movieCount * rowFloats)
    for m in 0..<movieCount {
        for k in 0..<rank { rows[m * rowFloats + k] = Float(catalog.factors[m * rank + k]) }
        rows[m * rowFloats + rank] = Float(catalog.bias[m])
    }
    let movieIds = catalog.movieIds.map { Int32(truncatingIfNeeded: $0) }

    try movieIds.withUnsafeBufferPointer { movieIds in
        for u in 0..<users {
            // Each user has its own stream, so output does not depend on iteration details.
            var rng = Xoshiro256(seed: seed, stream: 3, index: UInt64(u))
            let userBias = rng.nextNormal(mean: 0, sd: 0.4)
            for k in 0..<rank { userFactors[k] = Float(rng.nextNormal(mean: 0, sd: 0.45)) }

            // Activity window: one session to many years.
            let start = firstTimestamp + rng.nextInt(below: lastTimestamp - firstTimestamp)
            let days = exp(rng.nextNormal(mean: log(20.0), sd: 2.2))
            let span = Int(min(days * 86_400, Double(lastTimestamp - start)))
            let end = min(lastTimestamp, start + span)
            let wholeStarsOnly = start < halfStarsIntroduced || rng.chance(0.12)

            sampler.sample(counts[u], into: &picked, rng: &rng)
            picked.sort()
            let userId = u + 1
            for m32 in picked {
                let m = Int(m32)
                let row = UnsafeRawPointer(rows + m * rowFloats)
                let movieFactors = row.load(as: SIMD8<Float>.self)
                let movieBias = row.load(fromByteOffset: rank * 4, as: Float.self)
                let dot = (userFactors * movieFactors).sum() + movieBias
                let score = 3.6 + userBias + Double(dot) + rng.nextNormal(mean: 0, sd: 0.5)
                var halves: Int
                if wholeStarsOnly {
                    halves = 2 * Int(min(max(score, 1.0), 5.0).rounded())
                } else {
                    halves = Int((min(max(score, 0.5), 5.0) * 2).rounded())
                }
                halves = min(max(halves, 1), 10)
                let ts = start + rng.nextInt(below: end - start + 1)

                try out.ensureRoom()
                out.uint(userId)
                out.byte(44)
                out.uint(Int(movieIds[m]))
                out.byte(44)
                out.halfStars(halves)
                out.byte(44)
                out.uint(ts)
                out.byte(10)
            }
            summary.ratings += picked.count
        }
    }
    try out.close()
    summary.bytes = out.bytesWritten
    summary.heavyUsers = sampler.fallbacks
    return summary
}
