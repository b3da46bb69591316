import DataFlowColumnar
import Foundation
import Synchronization

/// `rand`/`random` and `randn`: Spark's generator reproduced exactly, so a seeded query gives Spark's
/// numbers. Spark seeds one `XORShiftRandom(seed + partitionIndex)` per partition and draws one number
/// per row; DataFlow has no partitions, so a query's `rand(seed)` is one partition (index 0): one
/// generator, drawn batch after batch in the order the batches reach it. On one thread (`Session(threads:
/// 1)`) that is exactly Spark's `local[1]` answer for a single-partition input; with more threads the
/// batches draw from the same sequence in a varying order (random, but not reproducible).
enum RandomFunctions {
    static func make(_ name: String, gaussian: Bool, _ doc: String, _ example: String) -> ScalarFunction {
        ScalarFunction(name, category: "math", signature: "\(name)([seed])", doc: doc, example: example, arity: 0...1,
                       coerce: { t in
                           t.isEmpty ? [] : (t[0] == .null ? [.int64] : (t[0].isIntegral ? [.int64] : nil))
                       }, returnType: { _ in .float64 }, invoke: { a, n in
            var rng = XORShiftRandom(try seed(a.first, name))
            return draw(&rng, n, gaussian: gaussian)
        }, prepare: { constants in
            if constants.count == 1 && constants[0] == nil {
                throw DataFlowError("SEED_EXPRESSION_IS_UNFOLDABLE", "The seed of \(name) must be a constant, not a column.")
            }
            let base: Int64
            if let c = constants.first, let v = c { base = v.int64Value ?? 0 } else { base = Int64.random(in: .min ... .max) }
            let generator = SharedGenerator(seed: base)
            return { _, n in generator.draw(n, gaussian: gaussian) }
        })
    }

    static func seed(_ c: Column?, _ name: String) throws -> Int64 {
        guard let c else { return Int64.random(in: .min ... .max) }
        guard c.count > 0, c.isValid(0) else { return 0 }
        return c.value(0).int64Value ?? 0
    }

    static func draw(_ rng: inout XORShiftRandom, _ n: Int, gaussian: Bool) -> Column {
        var b = ColumnBuilder(type: .float64, capacity: n)
        for _ in 0..<n { b.append(gaussian ? rng.nextGaussian() : rng.nextDouble()) }
        return b.finish()
    }

    static let all: [ScalarFunction] = [
        make("rand", gaussian: false,
             "A uniformly distributed random double in [0, 1), from Spark's XORShiftRandom: with a constant `seed` the numbers are Spark's for the same seed (the query is one Spark partition; on one thread the rows get Spark's `local[1]` sequence, on several the order varies). Alias: `random`.",
             "rand(42) → 0.619189370225301 (first row)"),
        make("randn", gaussian: true,
             "A standard normally distributed random double, from Spark's XORShiftRandom (java.util.Random's Gaussian); seeded as `rand`.",
             "randn(42) → 2.384479054241165 (first row)"),
    ]
}

/// One prepared `rand`'s generator, shared by the batches it evaluates (one Spark partition).
final class SharedGenerator: Sendable {
    private let rng: Mutex<XORShiftRandom>
    init(seed: Int64) { rng = Mutex(XORShiftRandom(seed)) }
    func draw(_ n: Int, gaussian: Bool) -> Column {
        rng.withLock { RandomFunctions.draw(&$0, n, gaussian: gaussian) }
    }
}

/// Spark's `org.apache.spark.util.random.XORShiftRandom`: an xorshift generator seeded through
/// MurmurHash3, with java.util.Random's `nextDouble` and `nextGaussian` on top.
struct XORShiftRandom {
    var seed: Int64
    var nextNextGaussian: Double? = nil

    init(_ seed: Int64) { self.seed = Self.hashSeed(seed) }

    /// Scala's `MurmurHash3.bytesHash` of the seed's 8 big-endian bytes, twice (low then high half).
    static func hashSeed(_ seed: Int64) -> Int64 {
        var bytes: [UInt8] = []
        for k in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: seed >> Int64(k))) }
        let low = bytesHash(bytes, 0x3c07_4a61)
        let high = bytesHash(bytes, low)
        return (Int64(high) << 32) | (Int64(low) & 0xFFFF_FFFF)
    }

    static func bytesHash(_ data: [UInt8], _ seed: Int32) -> Int32 {
        func rotl(_ x: Int32, _ r: Int32) -> Int32 {
            Int32(bitPattern: (UInt32(bitPattern: x) << UInt32(r)) | (UInt32(bitPattern: x) >> UInt32(32 - r)))
        }
        func mixLast(_ h: Int32, _ k: Int32) -> Int32 {
            var k = k &* Int32(bitPattern: 0xcc9e_2d51)
            k = rotl(k, 15)
            k = k &* 0x1b87_3593
            return h ^ k
        }
        func mix(_ h: Int32, _ k: Int32) -> Int32 {
            let h = rotl(mixLast(h, k), 13)
            return h &* 5 &+ Int32(bitPattern: 0xe654_6b64)
        }
        var h = seed, i = 0, len = data.count
        while len >= 4 {
            let k = Int32(data[i]) | Int32(data[i + 1]) << 8 | Int32(data[i + 2]) << 16 | Int32(bitPattern: UInt32(data[i + 3]) << 24)
            h = mix(h, k); i += 4; len -= 4
        }
        var k: Int32 = 0
        if len == 3 { k ^= Int32(data[i + 2]) << 16 }
        if len >= 2 { k ^= Int32(data[i + 1]) << 8 }
        if len >= 1 { k ^= Int32(data[i]); h = mixLast(h, k) }
        // finalizeHash: avalanche(h ^ length)
        var u = UInt32(bitPattern: h ^ Int32(data.count))
        u ^= u >> 16; u = u &* 0x85eb_ca6b; u ^= u >> 13; u = u &* 0xc2b2_ae35; u ^= u >> 16
        return Int32(bitPattern: u)
    }

    mutating func next(_ bits: Int) -> Int32 {
        var s = seed ^ (seed << 21)
        s ^= Int64(bitPattern: UInt64(bitPattern: s) >> 35)
        s ^= s << 4
        seed = s
        return Int32(truncatingIfNeeded: s & ((Int64(1) << Int64(bits)) - 1))
    }

    mutating func nextDouble() -> Double {
        let hi = Int64(next(26)), lo = Int64(next(27))
        return Double((hi << 27) + lo) * 0x1.0p-53
    }

    mutating func nextGaussian() -> Double {
        if let g = nextNextGaussian { nextNextGaussian = nil; return g }
        var v1 = 0.0, v2 = 0.0, s = 0.0
        repeat {
            v1 = 2 * nextDouble() - 1
            v2 = 2 * nextDouble() - 1
            s = v1 * v1 + v2 * v2
        } while s >= 1 || s == 0
        let multiplier = (-2 * Foundation.log(s) / s).squareRoot()
        nextNextGaussian = v2 * multiplier
        return v1 * multiplier
    }
}
