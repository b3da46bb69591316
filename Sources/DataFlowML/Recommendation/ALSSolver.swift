import DataFlowColumnar
import Dispatch
import Foundation
import COpenBLAS
import Synchronization

/// The settings of one ALS training run (the numeric part of `ALS`'s params).
public struct ALSSettings: Sendable, Hashable {
    /// Number of latent factors (Spark's `rank`, default 10).
    public var rank = 10
    /// Alternations (each one solves all items, then all users; Spark's `maxIter`, default 10).
    public var maxIter = 10
    /// L2 regularisation; each normal equation adds `regParam * n` to its diagonal, n = the user's (item's)
    /// number of ratings (explicit) or of positive ratings (implicit), as Spark does.
    public var regParam = 0.1
    /// Confidence scale for implicit feedback: c = 1 + alpha * |r|.
    public var alpha = 1.0
    /// Hu-Koren-Volinsky implicit feedback instead of explicit ratings.
    public var implicitPrefs = false
    /// Non-negative least squares for every factor.
    public var nonnegative = false
    /// Seed of the random initial factors.
    public var seed: Int64 = ALSSolver.defaultSeed
    /// Worker threads (the solves are split in blocks across them).
    public var threads = 1

    public init() {}

    public init(rank: Int = 10, maxIter: Int = 10, regParam: Double = 0.1, alpha: Double = 1.0, implicitPrefs: Bool = false,
                nonnegative: Bool = false, seed: Int64 = ALSSolver.defaultSeed, threads: Int = 1) {
        self.rank = rank; self.maxIter = maxIter; self.regParam = regParam; self.alpha = alpha
        self.implicitPrefs = implicitPrefs; self.nonnegative = nonnegative; self.seed = seed; self.threads = threads
    }
}

/// Learned ALS factors: one `rank`-long row per user and per item (row-major), ids ascending.
public struct ALSFactorization: Sendable {
    public let rank: Int
    /// Distinct user ids, ascending; `userFactors[i * rank ..< (i + 1) * rank]` belongs to `userIds[i]`.
    public let userIds: [Int32]
    public let userFactors: [Double]
    /// Distinct item ids, ascending, with `itemFactors` laid out like `userFactors`.
    public let itemIds: [Int32]
    public let itemFactors: [Double]

    public init(rank: Int, userIds: [Int32], userFactors: [Double], itemIds: [Int32], itemFactors: [Double]) {
        self.rank = rank; self.userIds = userIds; self.userFactors = userFactors
        self.itemIds = itemIds; self.itemFactors = itemFactors
    }
}

/// Alternating least squares over plain arrays (the engine under `ALS.fit`).
///
/// Each half-iteration solves one normal equation per user (then per item) independently:
/// `(Yᵤᵀ Yᵤ + λ nᵤ I) xᵤ = Yᵤᵀ rᵤ` (explicit), or with implicit feedback
/// `(YᵀY + Yᵤᵀ (Cᵤ − I) Yᵤ + λ nᵤ I) xᵤ = Yᵤᵀ Cᵤ pᵤ` (Hu, Koren, Volinsky 2008), with c = 1 + alpha |r| and
/// p = [r > 0]. Rows are solved in parallel blocks balanced by rating count; inside a row the rated factors are
/// gathered into a contiguous block whose Gram matrix comes from `syrk` (right-hand side from `gemv`), and the
/// system is solved by Cholesky (`posv`) or, when `nonnegative`, by an active-set NNLS. The gathered side is read
/// from a float copy (Spark keeps float factors) with one 64-byte line per factor: the gathers are random reads
/// bound by memory latency, so one line per rating (and rows listing their columns in ascending order) matter
/// more than anything else here. Results do not depend on the thread count.
public enum ALSSolver {
    /// Default seed (Spark seeds with the class name's hash; any fixed value does).
    public static let defaultSeed: Int64 = 1_994_790_107

    /// Trains on `ratings[k]` given by `users[k]` to `items[k]`. Throws for empty input, mismatched lengths or
    /// an equation that is not positive definite (possible only with `regParam == 0`).
    /// `log`, when given, receives one line per phase with its wall time (for benchmarks).
    public static func train(users: [Int32], items: [Int32], ratings: [Float], settings: ALSSettings,
                             log: ((String) -> Void)? = nil) throws -> ALSFactorization {
        guard users.count == items.count, items.count == ratings.count else {
            throw MLError.invalidInput("ALS: users, items and ratings have different lengths (\(users.count), \(items.count), \(ratings.count))")
        }
        guard !ratings.isEmpty else { throw MLError.invalidInput("ALS: no ratings to train on") }
        try validate(settings)
        let rank = settings.rank, threads = max(1, settings.threads)
        var clock = DispatchTime.now().uptimeNanoseconds
        func lap(_ what: String) {
            guard let log else { return }
            let now = DispatchTime.now().uptimeNanoseconds
            log(what + String(format: " %.3f s", Double(now - clock) / 1e9))
            clock = now
        }
        // Users and items are encoded, then grouped, side by side (two independent tasks).
        let encoded = Parallel.pair(threads: threads, { IdEncoding.encode(users) }, { IdEncoding.encode(items) })
        let (userIds, userCodes) = encoded.0, (itemIds, itemCodes) = encoded.1
        // Grouped by item from the input, then by user from that (each user's items ascending), then by item
        // again from that (each item's users ascending): ascending gathers run faster than input order.
        let byUser = RatingGraph(transposing: RatingGraph(rows: itemCodes, cols: userCodes, ratings: ratings, rowCount: itemIds.count),
                                 rowCount: userIds.count)
        let byItem = RatingGraph(transposing: byUser, rowCount: itemIds.count)

        var userF = initialFactors(ids: userIds, rank: rank, seed: settings.seed, side: 0)
        var itemF = initialFactors(ids: itemIds, rank: rank, seed: settings.seed, side: 1)
        lap("ALS setup (ids, rating graphs, initial factors):")
        // Spark's order: items from the initial users, then users from those items.
        for it in 0..<settings.maxIter {
            try solveSide(byItem, ids: itemIds, side: "item", src: userF, dst: &itemF, settings: settings, threads: threads)
            lap("ALS iteration \(it + 1) items:")
            try solveSide(byUser, ids: userIds, side: "user", src: itemF, dst: &userF, settings: settings, threads: threads)
            lap("ALS iteration \(it + 1) users:")
        }
        return ALSFactorization(rank: rank, userIds: userIds, userFactors: userF, itemIds: itemIds, itemFactors: itemF)
    }

    static func validate(_ s: ALSSettings) throws {
        if s.rank < 1 { throw MLError.invalidParam("ALS: rank must be >= 1 (got \(s.rank))") }
        if s.maxIter < 0 { throw MLError.invalidParam("ALS: maxIter must be >= 0 (got \(s.maxIter))") }
        if !(s.regParam >= 0) { throw MLError.invalidParam("ALS: regParam must be >= 0 (got \(s.regParam))") }
        if !(s.alpha >= 0) { throw MLError.invalidParam("ALS: alpha must be >= 0 (got \(s.alpha))") }
    }

    /// Random normal factors scaled to unit norm, as Spark initialises them. Each row's generator is seeded
    /// by (seed, side, id), so the result does not depend on threads or on the order of the input.
    static func initialFactors(ids: [Int32], rank: Int, seed: Int64, side: UInt64) -> [Double] {
        var f = [Double](repeating: 0, count: ids.count * rank)
        f.withUnsafeMutableBufferPointer { fp in
            for (i, id) in ids.enumerated() {
                var rng = SeededRandom(seed: Int64(bitPattern: UInt64(bitPattern: seed) ^ (side &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(UInt32(bitPattern: id)) &* 0xD1B5_4A32_D192_ED03)))
                var norm = 0.0
                for d in 0..<rank {
                    let g = rng.nextGaussian()
                    fp[i * rank + d] = g
                    norm += g * g
                }
                let s = norm > 0 ? 1 / norm.squareRoot() : 0
                for d in 0..<rank { fp[i * rank + d] *= s }
            }
        }
        return f
    }

    /// Solves every row of `graph` (users or items) from the other side's factors `src` into `dst`.
    static func solveSide(_ graph: RatingGraph, ids: [Int32], side: String, src: [Double], dst: inout [Double],
                          settings: ALSSettings, threads: Int) throws {
        let rank = settings.rank
        // Implicit feedback needs YᵀY over ALL of the other side's factors (upper triangle).
        var yty = [Double](repeating: 0, count: settings.implicitPrefs ? rank * rank : 0)
        if settings.implicitPrefs {
            src.withUnsafeBufferPointer { sp in yty.withUnsafeMutableBufferPointer { cp in
                BLAS.syrk(trans: true, n: rank, k: sp.count / rank, a: sp, lda: rank, c: cp, ldc: rank)
            } }
        }
        let chunks = graph.chunks(parts: threads == 1 ? 1 : threads * 16, rowCost: 4 * rank)
        let failure = Mutex<DataFlowError?>(nil)
        // The gathered side as floats (as Spark keeps its factors), one 64-byte-aligned row of 16 floats per
        // factor for rank <= 16: every gather then touches one cache line instead of two (the solves are
        // bound by the latency of these random reads).
        let stride = (rank + 15) / 16 * 16, nSrc = src.count / max(rank, 1)
        let packedRaw = UnsafeMutableRawPointer.allocate(byteCount: max(1, nSrc * stride) * 4, alignment: 64)
        defer { packedRaw.deallocate() }
        let packed = packedRaw.bindMemory(to: Float.self, capacity: max(1, nSrc * stride))
        src.withUnsafeBufferPointer { sp in
            for i in 0..<nSrc {
                for d in 0..<rank { packed[i * stride + d] = Float(sp[i * rank + d]) }
                for d in rank..<stride { packed[i * stride + d] = 0 }
            }
        }
        try src.withUnsafeBufferPointer { sp in
            try dst.withUnsafeMutableBufferPointer { dp in
                try yty.withUnsafeBufferPointer { yp in
                    let job = SolveJob(graph: graph, ids: ids, side: side, src: UnsafePointer(packed), stride: stride, dst: dp,
                                       yty: yp, settings: settings)
                    _ = sp
                    if chunks.count <= 1 {
                        if let c = chunks.first { try job.run(rows: c) }
                    } else {
                        DispatchQueue.concurrentPerform(iterations: chunks.count) { k in
                            if failure.withLock({ $0 != nil }) { return }
                            do { try job.run(rows: chunks[k]) } catch let e as DataFlowError {
                                failure.withLock { if $0 == nil { $0 = e } }
                            } catch {
                                failure.withLock { if $0 == nil { $0 = MLError.invalidInput("ALS: \(error)") } }
                            }
                        }
                    }
                }
            }
        }
        if let e = failure.withLock({ $0 }) { throw e }
    }
}

/// One half-iteration's shared, read-only state (pointers are valid for the duration of `solveSide`; rows
/// written by different chunks are disjoint).
struct SolveJob: @unchecked Sendable {
    let graph: RatingGraph
    let ids: [Int32]
    let side: String
    /// The other side's factors as floats, `stride` floats per row.
    let src: UnsafePointer<Float>
    let stride: Int
    let dst: UnsafeMutableBufferPointer<Double>
    let yty: UnsafeBufferPointer<Double>
    let settings: ALSSettings

    /// Rows gathered per `syrk` call: big enough to amortise the call, small enough to stay in L1/L2.
    static let gatherRows = 256
    /// Ratings ahead whose factor row is prefetched.
    static let prefetchDistance = 8

    func run(rows: Range<Int>) throws {
        let rank = settings.rank
        let implicit = settings.implicitPrefs, alpha = settings.alpha, lambda = settings.regParam
        var maxN = 0
        for j in rows { maxN = max(maxN, graph.ptr[j + 1] - graph.ptr[j]) }
        let blockRows = max(1, min(maxN, Self.gatherRows))
        // Rated factor rows are gathered as they are stored (floats, `stride` apart: one 64-byte copy each),
        // and each block's Gram matrix and right-hand side come from single-precision BLAS, then add up in double.
        let gather = UnsafeMutableBufferPointer<Float>.allocate(capacity: blockRows * stride)
        let weight = UnsafeMutableBufferPointer<Float>.allocate(capacity: blockRows)
        let af = UnsafeMutableBufferPointer<Float>.allocate(capacity: rank * rank)
        let bf = UnsafeMutableBufferPointer<Float>.allocate(capacity: rank)
        let a = UnsafeMutableBufferPointer<Double>.allocate(capacity: rank * rank)
        let b = UnsafeMutableBufferPointer<Double>.allocate(capacity: rank)
        var nnls = settings.nonnegative ? NNLSWorkspace(rank: rank) : nil
        defer { gather.deallocate(); weight.deallocate(); af.deallocate(); bf.deallocate(); a.deallocate(); b.deallocate() }
        let ptr = graph.ptr, cols = graph.cols, vals = graph.ratings
        let src = self.src, stride = self.stride, dst = self.dst
        for j in rows {
            let start = ptr[j], end = ptr[j + 1]
            if implicit {
                for t in 0..<(rank * rank) { a[t] = yty[t] }
            } else {
                a.update(repeating: 0)
            }
            b.update(repeating: 0)
            var numExplicit = 0
            var e = start
            while e < end {
                let cnt = min(blockRows, end - e)
                // Gather the rated factor rows into a contiguous block (prefetching a few rows ahead: the
                // rows are scattered, and the gather is bound by memory latency), with per-row weights for b.
                for t in 0..<cnt {
                    if e + t + Self.prefetchDistance < end {
                        dataflow_prefetch(src + Int(cols[e + t + Self.prefetchDistance]) * stride)
                    }
                    let y = src + Int(cols[e + t]) * stride
                    let g = gather.baseAddress! + t * stride
                    let r = vals[e + t]
                    if implicit {
                        // A += c1 y yᵀ (c1 = alpha |r| = confidence - 1); b += (1 + c1) y when r > 0.
                        let c1 = alpha * Double(abs(r))
                        let s = c1.squareRoot()
                        let sf = Float(s)
                        for d in 0..<stride { g[d] = sf * y[d] }
                        weight[t] = r > 0 ? (s > 0 ? Float((1 + c1) / s) : 0) : 0
                        if r > 0 { numExplicit += 1; if s == 0 { for d in 0..<rank { b[d] += Double(y[d]) } } }
                    } else {
                        g.update(from: y, count: stride)
                        weight[t] = r
                    }
                }
                if !implicit { numExplicit += cnt }
                let gp = UnsafeBufferPointer(gather)
                BLAS.syrk(trans: true, n: rank, k: cnt, a: gp, lda: stride, beta: 0, c: af, ldc: rank)
                // b += Gᵀ w (implicit rows are scaled by √c1, so their weight is (1 + c1) / √c1).
                BLAS.gemv(trans: true, m: cnt, n: rank, a: gp, lda: stride, x: UnsafeBufferPointer(weight), beta: 0, y: bf)
                for i in 0..<rank {
                    for k in i..<rank { a[i * rank + k] += Double(af[i * rank + k]) }
                    b[i] += Double(bf[i])
                }
                e += cnt
            }
            let reg = lambda * Double(numExplicit)
            for d in 0..<rank { a[d * rank + d] += reg }
            let out = UnsafeMutableBufferPointer(rebasing: dst[(j * rank)..<((j + 1) * rank)])
            if nnls != nil {
                BLAS.symmetrizeUpper(n: rank, a, ldc: rank)
                nnls!.solve(a: UnsafeBufferPointer(a), b: UnsafeBufferPointer(b), x: out)
            } else {
                guard LAPACK.posv(n: rank, a: a, b: b) else {
                    throw MLError.invalidInput("ALS: the normal equation is not positive definite for \(side) id \(ids[j]): regParam \(lambda) is too small for its \(end - start) ratings")
                }
                for d in 0..<rank { out[d] = b[d] }
            }
        }
    }
}

/// Ratings as compressed rows (CSR): row `j`'s entries are `ptr[j] ..< ptr[j+1]` of `cols` and `ratings`.
struct RatingGraph: @unchecked Sendable {
    let ptr: [Int]
    let cols: [Int32]
    let ratings: [Float]

    init(rows: [Int32], cols: [Int32], ratings: [Float], rowCount: Int) {
        var ptr = [Int](repeating: 0, count: rowCount + 1)
        for r in rows { ptr[Int(r) + 1] += 1 }
        for j in 0..<rowCount { ptr[j + 1] += ptr[j] }
        var next = ptr
        var c = [Int32](repeating: 0, count: rows.count)
        var v = [Float](repeating: 0, count: rows.count)
        rows.withUnsafeBufferPointer { rp in cols.withUnsafeBufferPointer { cp in ratings.withUnsafeBufferPointer { vp in
            c.withUnsafeMutableBufferPointer { co in v.withUnsafeMutableBufferPointer { vo in
                next.withUnsafeMutableBufferPointer { np in
                    for k in 0..<rp.count {
                        let r = Int(rp[k])
                        let at = np[r]
                        np[r] = at + 1
                        co[at] = cp[k]
                        vo[at] = vp[k]
                    }
                }
            } }
        } } }
        self.ptr = ptr; self.cols = c; self.ratings = v
    }

    /// The same ratings grouped by `other`'s columns; each new row lists its columns in ascending order.
    init(transposing other: RatingGraph, rowCount: Int) {
        var ptr = [Int](repeating: 0, count: rowCount + 1)
        for c in other.cols { ptr[Int(c) + 1] += 1 }
        for j in 0..<rowCount { ptr[j + 1] += ptr[j] }
        var next = ptr
        let n = other.cols.count
        var c = [Int32](repeating: 0, count: n)
        var v = [Float](repeating: 0, count: n)
        other.ptr.withUnsafeBufferPointer { op in other.cols.withUnsafeBufferPointer { oc in other.ratings.withUnsafeBufferPointer { ov in
            c.withUnsafeMutableBufferPointer { co in v.withUnsafeMutableBufferPointer { vo in next.withUnsafeMutableBufferPointer { np in
                for j in 0..<(op.count - 1) {
                    for e in op[j]..<op[j + 1] {
                        let r = Int(oc[e])
                        let at = np[r]
                        np[r] = at + 1
                        co[at] = Int32(j)
                        vo[at] = ov[e]
                    }
                }
            } } }
        } } }
        self.ptr = ptr; self.cols = c; self.ratings = v
    }

    var rowCount: Int { ptr.count - 1 }

    /// Splits the rows into about `parts` consecutive ranges of similar work (ratings + a per-row cost).
    func chunks(parts: Int, rowCost: Int) -> [Range<Int>] {
        let n = rowCount
        if n == 0 { return [] }
        if parts <= 1 { return [0..<n] }
        let total = (ptr[n] + n * rowCost)
        let target = max(1, total / parts)
        var out = [Range<Int>](), start = 0, acc = 0
        for j in 0..<n {
            acc += ptr[j + 1] - ptr[j] + rowCost
            if acc >= target { out.append(start..<(j + 1)); start = j + 1; acc = 0 }
        }
        if start < n { out.append(start..<n) }
        return out
    }
}

/// Two independent computations, on two threads when there are.
enum Parallel {
    static func pair<A: Sendable, B: Sendable>(threads: Int, _ a: @Sendable () -> A, _ b: @Sendable () -> B) -> (A, B) {
        if threads < 2 { return (a(), b()) }
        let boxA = Mutex<A?>(nil), boxB = Mutex<B?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            if k == 0 { let v = a(); boxA.withLock { $0 = v } } else { let v = b(); boxB.withLock { $0 = v } }
        }
        return (boxA.withLock { $0! }, boxB.withLock { $0! })
    }
}

/// Maps arbitrary Int32 ids to dense codes 0..<distinct, in ascending id order.
enum IdEncoding {
    static func encode(_ raw: [Int32]) -> (ids: [Int32], codes: [Int32]) {
        guard let lo = raw.min(), let hi = raw.max() else { return ([], []) }
        let range = Int(hi) - Int(lo) + 1
        var codes = [Int32](repeating: 0, count: raw.count)
        if range <= max(16 << 20, 4 * raw.count) {
            // Dense id space (the usual case): a direct table.
            var table = [Int32](repeating: -1, count: range)
            for id in raw { table[Int(id) - Int(lo)] = 0 }
            var ids = [Int32]()
            for k in 0..<range where table[k] == 0 {
                table[k] = Int32(ids.count)
                ids.append(Int32(Int(lo) + k))
            }
            for (k, id) in raw.enumerated() { codes[k] = table[Int(id) - Int(lo)] }
            return (ids, codes)
        }
        let ids = Array(Set(raw)).sorted()
        var index = [Int32: Int32](minimumCapacity: ids.count)
        for (k, id) in ids.enumerated() { index[id] = Int32(k) }
        for (k, id) in raw.enumerated() { codes[k] = index[id]! }
        return (ids, codes)
    }
}

