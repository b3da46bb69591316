import Dispatch

/// Top-k recommendations by blocked matrix products: a block of source rows (users) times a block of
/// destination rows (items) gives a score matrix (`sgemm`), and each source row keeps a k-entry min-heap
/// across destination blocks. A vectorised pre-check skips 16 scores at a time that cannot enter the heap, so the
/// scan costs about two instructions per score. Source blocks run in parallel.
///
/// Scores are computed in single precision (as Spark's float factors are): recommendations need the order,
/// and float halves the memory traffic and doubles the SIMD width.
enum ALSTopK {
    /// Source rows per block and destination rows per block; the score block (`srcBlock × dstBlock` floats,
    /// 256 KiB) stays in L2 while it is scanned.
    static let srcBlock = 64
    static let dstBlock = 1024

    struct Result {
        /// Entries per source row (`min(k, dstCount)`).
        let perRow: Int
        /// `srcCount * perRow` destination row indices, each row's best first.
        let indices: [Int32]
        let scores: [Float]
    }

    static func topK(src: [Float], srcCount: Int, dst: [Float], dstCount: Int, rank: Int, k: Int, threads: Int) -> Result {
        let perRow = min(k, dstCount)
        var indices = [Int32](repeating: 0, count: srcCount * perRow)
        var scores = [Float](repeating: 0, count: srcCount * perRow)
        if perRow == 0 || srcCount == 0 { return Result(perRow: perRow, indices: indices, scores: scores) }
        let blocks = (srcCount + srcBlock - 1) / srcBlock
        // Destinations by decreasing norm: a destination block whose largest norm times a source's norm is
        // below that source's k-th best score cannot improve it (Cauchy-Schwarz), and neither can any later
        // block, so a source block stops as soon as that holds for all its sources. Exact, and usually most
        // of the destinations are never scored.
        func norm(_ v: [Float], _ r: Int) -> Float {
            var s: Float = 0
            for d in 0..<rank { s += v[r * rank + d] * v[r * rank + d] }
            return s.squareRoot()
        }
        let dstNorms = (0..<dstCount).map { norm(dst, $0) }
        let order = (0..<dstCount).sorted { dstNorms[$0] != dstNorms[$1] ? dstNorms[$0] > dstNorms[$1] : $0 < $1 }
        var sorted = [Float](repeating: 0, count: dstCount * rank)
        for (t, r) in order.enumerated() { for d in 0..<rank { sorted[t * rank + d] = dst[r * rank + d] } }
        // A block's bound uses its first (largest) norm, rounded up a little for float error in the scores.
        let blockNorm = stride(from: 0, to: dstCount, by: dstBlock).map { dstNorms[order[$0]] * 1.0001 + 1e-6 }
        let srcNorms = (0..<srcCount).map { norm(src, $0) }
        let perm = order.map { Int32($0) }
        src.withUnsafeBufferPointer { sp in sorted.withUnsafeBufferPointer { dp in
            indices.withUnsafeMutableBufferPointer { ip in scores.withUnsafeMutableBufferPointer { op in
                let job = TopKJob(src: sp, dst: dp, outIndex: ip, outScore: op, srcCount: srcCount, dstCount: dstCount,
                                  rank: rank, k: perRow, srcNorms: srcNorms, blockNorm: blockNorm, perm: perm)
                if threads <= 1 || blocks == 1 {
                    let scratch = TopKScratch(k: perRow)
                    for b in 0..<blocks { job.run(block: b, scratch: scratch) }
                    scratch.free()
                } else {
                    // A few source blocks per task keep the per-task scratch allocation negligible.
                    let per = max(1, blocks / (threads * 8))
                    let tasks = (blocks + per - 1) / per
                    DispatchQueue.concurrentPerform(iterations: tasks) { t in
                        let scratch = TopKScratch(k: perRow)
                        for b in (t * per)..<min(blocks, (t + 1) * per) { job.run(block: b, scratch: scratch) }
                        scratch.free()
                    }
                }
            } }
        } }
        return Result(perRow: perRow, indices: indices, scores: scores)
    }
}

/// Per-task buffers: the score block and one heap per source row of a block.
final class TopKScratch {
    let scores: UnsafeMutableBufferPointer<Float>
    let heapScore: UnsafeMutablePointer<Float>
    let heapIndex: UnsafeMutablePointer<Int32>
    let heapCount: UnsafeMutablePointer<Int>

    init(k: Int) {
        scores = .allocate(capacity: ALSTopK.srcBlock * ALSTopK.dstBlock)
        heapScore = .allocate(capacity: ALSTopK.srcBlock * k)
        heapIndex = .allocate(capacity: ALSTopK.srcBlock * k)
        heapCount = .allocate(capacity: ALSTopK.srcBlock)
    }

    func free() { scores.deallocate(); heapScore.deallocate(); heapIndex.deallocate(); heapCount.deallocate() }
}

struct TopKJob: @unchecked Sendable {
    let src: UnsafeBufferPointer<Float>
    let dst: UnsafeBufferPointer<Float>
    let outIndex: UnsafeMutableBufferPointer<Int32>
    let outScore: UnsafeMutableBufferPointer<Float>
    let srcCount: Int, dstCount: Int, rank: Int, k: Int
    let srcNorms: [Float]
    /// Upper bound of the norms in each destination block (destinations sorted by decreasing norm).
    let blockNorm: [Float]
    /// Sorted position -> original destination row.
    let perm: [Int32]

    func run(block: Int, scratch: TopKScratch) {
        let s0 = block * ALSTopK.srcBlock
        let m = min(ALSTopK.srcBlock, srcCount - s0)
        let k = self.k
        for r in 0..<m { scratch.heapCount[r] = 0 }
        let srcRows = UnsafeBufferPointer(rebasing: src[(s0 * rank)..<((s0 + m) * rank)])
        var d0 = 0
        while d0 < dstCount {
            let nb = min(ALSTopK.dstBlock, dstCount - d0)
            // Stop when no source of the block can gain from this destination block (nor any later one).
            let bound = blockNorm[d0 / ALSTopK.dstBlock]
            var useful = false
            for r in 0..<m where scratch.heapCount[r] < k || srcNorms[s0 + r] * bound > scratch.heapScore[r * k] {
                useful = true
                break
            }
            if !useful { break }
            let dstRows = UnsafeBufferPointer(rebasing: dst[(d0 * rank)..<((d0 + nb) * rank)])
            BLAS.gemm(transB: true, m: m, n: nb, k: rank, a: srcRows, lda: rank, b: dstRows, ldb: rank,
                      c: scratch.scores, ldc: nb)
            for r in 0..<m {
                scan(row: scratch.scores.baseAddress! + r * nb, count: nb, base: Int32(d0),
                     heapScore: scratch.heapScore + r * k, heapIndex: scratch.heapIndex + r * k,
                     count: &scratch.heapCount[r])
            }
            d0 += nb
        }
        // Heaps -> sorted output (best first; equal scores by ascending destination index).
        for r in 0..<m {
            let hs = scratch.heapScore + r * k, hi = scratch.heapIndex + r * k
            let n = scratch.heapCount[r]
            var order = Array(0..<n)
            order.sort { a, b in hs[a] != hs[b] ? hs[a] > hs[b] : perm[Int(hi[a])] < perm[Int(hi[b])] }
            let o = (s0 + r) * k
            for (t, h) in order.enumerated() { outIndex[o + t] = perm[Int(hi[h])]; outScore[o + t] = hs[h] }
            // Fewer finite scores than k (NaN factors): pad with -1 / NaN so callers can drop them.
            for t in n..<k { outIndex[o + t] = -1; outScore[o + t] = .nan }
        }
    }

    /// Offers `count` scores of one row to its min-heap of capacity `k`.
    @inline(__always)
    func scan(row: UnsafeMutablePointer<Float>, count nb: Int, base: Int32, heapScore: UnsafeMutablePointer<Float>,
              heapIndex: UnsafeMutablePointer<Int32>, count n: inout Int) {
        let k = self.k
        var threshold: Float = n < k ? -.infinity : heapScore[0]
        var j = 0
        // 16 scores at a time: their maximum (a tree of `>` selects, which LLVM turns into vmaxps) against the
        // threshold. Swift's SIMD comparison masks are scalarised through the stack here, so they are avoided.
        while j + 16 <= nb {
            let p = row + j
            var m0 = p[0], m1 = p[1], m2 = p[2], m3 = p[3], m4 = p[4], m5 = p[5], m6 = p[6], m7 = p[7]
            m0 = fmax(p[8], m0); m1 = fmax(p[9], m1); m2 = fmax(p[10], m2); m3 = fmax(p[11], m3)
            m4 = fmax(p[12], m4); m5 = fmax(p[13], m5); m6 = fmax(p[14], m6); m7 = fmax(p[15], m7)
            let m = fmax(fmax(fmax(m0, m1), fmax(m2, m3)), fmax(fmax(m4, m5), fmax(m6, m7)))
            // NaN scores never pass `>`; a NaN that poisons `m` only sends the block to the exact loop below.
            if m > threshold || m.isNaN {
                for t in 0..<16 where p[t] > threshold {
                    offer(p[t], base + Int32(j + t), heapScore, heapIndex, &n)
                    threshold = n < k ? -.infinity : heapScore[0]
                }
            }
            j += 16
        }
        while j < nb {
            if row[j] > threshold {
                offer(row[j], base + Int32(j), heapScore, heapIndex, &n)
                threshold = n < k ? -.infinity : heapScore[0]
            }
            j += 1
        }
    }

    /// `a > b ? a : b` (the operand order matches x86's maxps, so a vector max is emitted).
    @inline(__always) func fmax(_ a: Float, _ b: Float) -> Float { a > b ? a : b }

    /// Min-heap insert (or replace the minimum when full); the root is the smallest kept score.
    @inline(__always)
    func offer(_ s: Float, _ idx: Int32, _ hs: UnsafeMutablePointer<Float>, _ hi: UnsafeMutablePointer<Int32>, _ n: inout Int) {
        if n < k {
            var c = n
            n += 1
            while c > 0 {
                let p = (c - 1) >> 1
                if hs[p] <= s { break }
                hs[c] = hs[p]; hi[c] = hi[p]; c = p
            }
            hs[c] = s; hi[c] = idx
            return
        }
        var c = 0
        while true {
            let l = 2 * c + 1
            if l >= k { break }
            var m = l
            if l + 1 < k && hs[l + 1] < hs[l] { m = l + 1 }
            if hs[m] >= s { break }
            hs[c] = hs[m]; hi[c] = hi[m]; c = m
        }
        hs[c] = s; hi[c] = idx
    }
}
