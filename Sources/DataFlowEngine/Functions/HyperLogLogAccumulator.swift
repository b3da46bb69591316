import DataFlowColumnar
import Foundation

/// `approx_count_distinct`: Spark's HyperLogLog++ (dense registers only, as Spark keeps them).
enum HyperLogLogAggregates {
    static let all: [AggregateFunction] = [
        AggregateFunction(name: "approx_count_distinct", signature: "approx_count_distinct(expr[, relativeSD])",
                          doc: "Estimated number of distinct non-null values, by HyperLogLog++ as Spark computes it (XXH64 with seed 42, 2^p registers with p = ⌈2·log2(1.106 / relativeSD)⌉; relativeSD defaults to 0.05, so p = 9). Small counts are exact or nearly so. Spark also subtracts HLL++'s empirical bias when the raw estimate is below 5·2^p and linear counting does not apply (about 400–2600 distinct values by default); DataFlow does not, so there its estimate can differ from Spark's by a few percent.",
                          example: "approx_count_distinct(col) over 1, 2, 2, NULL → 2", arity: 1...2,
                          coerce: { a in a.count == 1 ? a : (canImplicitlyCast(a[1], to: .float64) ? [a[0], .float64] : nil) },
                          returnType: { _ in .int64 }, makeAccumulator: { _, consts in
            HyperLogLogAccumulator(relativeSD: consts.count > 1 ? consts[1]?.doubleValue ?? 0.05 : 0.05)
        }, constantArguments: [1]),
    ]
}

/// One register array of `m = 2^p` bytes per group, side by side. A value's 64-bit hash picks a register
/// by its top `p` bits; the register keeps the largest position of the first 1 bit among the others.
/// The estimate follows HLL++ (Heule, Nunkesser, Hall 2013): the raw harmonic-mean estimate, linear
/// counting below the paper's threshold for `p`, and no sparse representation. The paper's empirical
/// bias tables (which Spark applies to raw estimates below 5m) are not carried.
final class HyperLogLogAccumulator: Accumulator {
    let p: Int
    let m: Int
    var registers: [UInt8] = []
    /// The paper's linear-counting thresholds for p = 4 … 18.
    static let thresholds: [Double] = [10, 20, 40, 80, 220, 400, 900, 1800, 3100, 6500, 11500, 20000, 50000, 120000, 350000]

    init(relativeSD: Double) {
        let rsd = relativeSD > 0 && relativeSD.isFinite ? relativeSD : 0.05
        // At least 4 bits of register index, at most 18 (the range the thresholds cover).
        p = Swift.min(18, Swift.max(4, Int((2 * log2(1.106 / rsd)).rounded(.up))))
        m = 1 << p
    }
    var groups: Int { registers.count / m }
    func resize(_ groups: Int) { registers.grow(to: groups * m, fill: 0) }

    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0]
        if c.type == .null { return }
        var hashes = [UInt64](repeating: UInt64(HashFunctions.seed), count: g.count)
        SparkColumnHash.fold(c, into: &hashes, XXH64Hasher.self)
        let p = self.p, m = self.m
        let shift = UInt64(64 - p), bit = UInt64(1) << UInt64(p - 1)
        registers.withUnsafeMutableBufferPointer { r in
            for i in 0..<g.count where c.isValid(i) {
                let h = hashes[i]
                let idx = Int(h >> shift)
                let w = (h << UInt64(p)) | bit
                let rank = UInt8(w.leadingZeroBitCount + 1)
                let at = Int(g[i]) &* m &+ idx
                if rank > r[at] { r[at] = rank }
            }
        }
    }

    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        guard let o = other as? HyperLogLogAccumulator, o.p == p else { throw mergeMismatch(self, other) }
        for j in 0..<mapping.count where mapping[j] >= 0 {
            let a = Int(mapping[j]) * m, b = j * m
            for i in 0..<m where o.registers[b + i] > registers[a + i] { registers[a + i] = o.registers[b + i] }
        }
    }

    func finish() throws -> Column {
        var out = [Int64](repeating: 0, count: groups)
        let md = Double(m)
        let alpha: Double
        switch p {
        case 4: alpha = 0.673
        case 5: alpha = 0.697
        case 6: alpha = 0.709
        default: alpha = 0.7213 / (1 + 1.079 / md)
        }
        for k in 0..<groups {
            var inverseSum = 0.0, zeros = 0.0
            for i in 0..<m {
                let r = registers[k * m + i]
                inverseSum += 1 / Double(UInt64(1) << UInt64(r))
                if r == 0 { zeros += 1 }
            }
            let raw = alpha * md * md / inverseSum
            var estimate = raw
            if zeros > 0 {
                let linear = md * log(md / zeros)
                if linear <= HyperLogLogAccumulator.thresholds[p - 4] { estimate = linear }
            }
            out[k] = Int64((estimate + 0.5).rounded(.down))  // Java's Math.round
        }
        return Column(type: .int64, count: out.count, values: Buffer.of(out))
    }
}
