import DataFlowColumnar

/// Bernoulli (or Poisson, with replacement) sampling, deterministic for a seed and the same morsels.
final class SampleExec: PhysicalOperator {
    let fraction: Double
    let withReplacement: Bool
    let seed: UInt64
    let child: any PhysicalOperator
    var name: String { "Sample" }
    var schema: Schema { child.schema }
    var children: [any PhysicalOperator] { [child] }
    var details: String { "fraction=\(fraction), withReplacement=\(withReplacement), seed=\(seed)" }

    init(fraction: Double, withReplacement: Bool, seed: UInt64, _ child: any PhysicalOperator) {
        self.fraction = fraction
        self.withReplacement = withReplacement
        self.seed = seed
        self.child = child
    }

    func open(_ ctx: ExecutionContext) throws -> MorselSource {
        let src = try child.open(ctx)
        let f = fraction, seed = self.seed, repl = withReplacement
        return MorselSource(count: src.count) { i in
            let b = try src.produce(i)
            var rng = SplitMix64(seed: seed &+ UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
            var sel: [Int32] = []
            sel.reserveCapacity(Int(Double(b.rowCount) * f) + 16)
            for r in 0..<b.rowCount {
                if repl {
                    // Poisson(f) copies via inversion.
                    let l = Foundation_exp(-f)
                    var k = 0
                    var p = rng.nextDouble()
                    while p > l { k += 1; p *= rng.nextDouble() }
                    for _ in 0..<k { sel.append(Int32(r)) }
                } else if rng.nextDouble() < f {
                    sel.append(Int32(r))
                }
            }
            return b.take(sel)
        }
    }
}

/// Small, fast deterministic generator (SplitMix64).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }
    mutating func nextDouble() -> Double { Double(next() &>> 11) * 0x1.0p-53 }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func Foundation_exp(_ x: Double) -> Double { Glibc.exp(x) }
#else
import Foundation
@inline(__always) func Foundation_exp(_ x: Double) -> Double { Foundation.exp(x) }
#endif
