import Foundation

/// A small seeded generator (SplitMix64: Steele, Lea, Flood 2014) for the ML learners: every random draw derives from
/// the stage's `seed` and a task index, so results do not depend on the thread count.
struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: Int64) { state = UInt64(bitPattern: seed) }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in 0..<bound.
    mutating func nextInt(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }

    /// Poisson(mean) by multiplying uniforms (Knuth); means here are ≤ 1.
    mutating func poisson(mean: Double) -> Int {
        let limit = Foundation.exp(-mean)
        var k = 0
        var p = nextDouble()
        while p > limit {
            k += 1
            p *= nextDouble()
        }
        return k
    }

    /// Standard normal (Box–Muller).
    mutating func nextGaussian() -> Double {
        var u = nextDouble()
        while u <= 0 { u = nextDouble() }
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * nextDouble())
    }
}

/// Derives an independent seed for task `index` of a computation seeded with `seed`.
func mixSeed(_ seed: Int64, _ index: Int64) -> Int64 {
    var g = SeededRandom(seed: seed ^ (index &* 0x2545_F491_4F6C_DD1D))
    _ = g.next()
    return Int64(bitPattern: g.next())
}
