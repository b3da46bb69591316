import Foundation

/// SplitMix64: used to expand a single seed into well-mixed state words.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** generator with a Box-Muller normal sampler.
/// Deterministic for a given seed on every platform.
struct Xoshiro256 {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    private var spareNormal: Double = 0
    private var hasSpare = false

    init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// Independent stream for a (seed, purpose, index) triple.
    init(seed: UInt64, stream: UInt64, index: UInt64 = 0) {
        var sm = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        let a = sm.next()
        var sm2 = SplitMix64(seed: a ^ (index &* 0x9E37_79B9_7F4A_7C15))
        self.init(seed: sm2.next())
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in [0, 1).
    @inline(__always)
    mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in [0, bound). `bound` must be > 0.
    @inline(__always)
    mutating func nextInt(below bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Standard normal via Box-Muller (both outputs used).
    mutating func nextNormal() -> Double {
        if hasSpare {
            hasSpare = false
            return spareNormal
        }
        // u1 in (0, 1] so log never sees zero.
        let u1 = Double((next() >> 11) + 1) * 0x1.0p-53
        let u2 = nextDouble()
        let r = (-2.0 * log(u1)).squareRoot()
        let theta = 2.0 * Double.pi * u2
        spareNormal = r * sin(theta)
        hasSpare = true
        return r * cos(theta)
    }

    mutating func nextNormal(mean: Double, sd: Double) -> Double {
        mean + sd * nextNormal()
    }

    mutating func chance(_ p: Double) -> Bool { nextDouble() < p }

    mutating func pick<T>(_ items: [T]) -> T { items[nextInt(below: items.count)] }

    mutating func shuffle<T>(_ a: inout [T]) {
        var i = a.count - 1
        while i > 0 {
            let j = nextInt(below: i + 1)
            a.swapAt(i, j)
            i -= 1
        }
    }
}

/// Walker/Vose alias table: O(1) draws from a fixed discrete distribution.
struct AliasTable {
    private let prob: [Double]
    private let alias: [Int32]
    var count: Int { prob.count }

    /// `weights` must be non-empty, finite and non-negative with a positive sum.
    init(weights: [Double]) {
        let n = weights.count
        let total = weights.reduce(0, +)
        var scaled = weights.map { $0 * Double(n) / total }
        var prob = [Double](repeating: 1, count: n)
        var alias = [Int32](repeating: 0, count: n)
        var small: [Int] = []
        var large: [Int] = []
        small.reserveCapacity(n)
        large.reserveCapacity(n)
        for i in 0..<n {
            alias[i] = Int32(i)
            if scaled[i] < 1 { small.append(i) } else { large.append(i) }
        }
        while let s = small.popLast() {
            guard let l = large.popLast() else { prob[s] = 1; continue }
            prob[s] = scaled[s]
            alias[s] = Int32(l)
            scaled[l] = (scaled[l] + scaled[s]) - 1
            if scaled[l] < 1 { small.append(l) } else { large.append(l) }
        }
        // Whatever remains in `large` keeps probability 1 (numerical leftovers).
        self.prob = prob
        self.alias = alias
    }

    @inline(__always)
    func sample(_ rng: inout Xoshiro256) -> Int {
        let i = rng.nextInt(below: prob.count)
        return rng.nextDouble() < prob[i] ? i : Int(alias[i])
    }
}
