import DataFlowColumnar

/// `limit(n)` with an optional offset: pulls morsels in order and stops as soon as it has enough.
final class LimitExec: PhysicalOperator {
    let limit: Int
    let offset: Int
    let child: any PhysicalOperator
    var name: String { "Limit" }
    var schema: Schema { child.schema }
    var children: [any PhysicalOperator] { [child] }
    var details: String { offset > 0 ? "\(limit) OFFSET \(offset)" : "\(limit)" }

    init(_ limit: Int, offset: Int, _ child: any PhysicalOperator) {
        self.limit = limit
        self.offset = offset
        self.child = child
    }

    func open(_ ctx: ExecutionContext) throws -> MorselSource {
        let src = try child.open(ctx)
        var out: [RecordBatch] = []
        var skip = offset, need = limit
        var i = 0
        // Produce a few morsels at a time in parallel, in order, until the limit is reached.
        while need > 0 && i < src.count {
            let n = min(ctx.threads, src.count - i)
            let start = i
            let part = SlotArray<RecordBatch>(n)
            try ctx.parallelFor(n) { k, _ in part[k] = try src.produce(start + k) }
            for case let b? in part.values {
                var b = b
                if skip > 0 {
                    if b.rowCount <= skip { skip -= b.rowCount; continue }
                    b = b.slice(skip, b.rowCount - skip)
                    skip = 0
                }
                if need <= 0 { break }
                if b.rowCount > need { b = b.slice(0, need) }
                need -= b.rowCount
                out.append(b)
            }
            i += n
        }
        return .batches(out)
    }
}

/// Concatenates its inputs' morsels.
final class UnionExec: PhysicalOperator {
    let inputs: [any PhysicalOperator]
    let schema: Schema
    var name: String { "Union" }
    var children: [any PhysicalOperator] { inputs }
    var details: String { "" }

    init(_ inputs: [any PhysicalOperator], schema: Schema) {
        self.inputs = inputs
        self.schema = schema
    }

    func open(_ ctx: ExecutionContext) throws -> MorselSource {
        let sources = try inputs.map { try $0.open(ctx) }
        var starts: [Int] = []
        var total = 0
        for s in sources { starts.append(total); total += s.count }
        let schema = self.schema
        let st = starts
        return MorselSource(count: total) { i in
            var k = st.count - 1
            while st[k] > i { k -= 1 }
            return try sources[k].produce(i - st[k]).with(schema: schema)
        }
    }
}

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
