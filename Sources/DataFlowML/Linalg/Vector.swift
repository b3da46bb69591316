/// A feature vector, as Spark ML's `Vector`: dense, or sparse (a size and the positions and values of
/// its non-zero entries, positions ascending).
public enum Vector: Sendable, Hashable, CustomStringConvertible {
    case dense([Double])
    case sparse(size: Int, indices: [Int], values: [Double])

    /// A sparse vector from (index, value) pairs in any order; duplicate indices add up. Fails when an
    /// index is outside `0 ..< size`.
    public static func sparse(_ size: Int, _ entries: [(Int, Double)]) throws -> Vector {
        var sorted = entries.sorted { $0.0 < $1.0 }
        var indices: [Int] = [], values: [Double] = []
        indices.reserveCapacity(sorted.count); values.reserveCapacity(sorted.count)
        for (i, v) in sorted {
            guard i >= 0 && i < size else {
                throw MLError.invalidInput("sparse vector index \(i) is outside 0..<\(size)")
            }
            if let last = indices.last, last == i { values[values.count - 1] += v } else { indices.append(i); values.append(v) }
        }
        sorted.removeAll()
        return .sparse(size: size, indices: indices, values: values)
    }

    public static func zeros(_ n: Int) -> Vector { .dense([Double](repeating: 0, count: n)) }

    public var size: Int {
        switch self {
        case .dense(let v): return v.count
        case .sparse(let n, _, _): return n
        }
    }

    public var isSparse: Bool { if case .sparse = self { return true } else { return false } }

    public subscript(i: Int) -> Double {
        switch self {
        case .dense(let v): return v[i]
        case .sparse(_, let idx, let vals):
            var lo = 0, hi = idx.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if idx[mid] < i { lo = mid + 1 } else { hi = mid }
            }
            return lo < idx.count && idx[lo] == i ? vals[lo] : 0
        }
    }

    public func toArray() -> [Double] {
        switch self {
        case .dense(let v): return v
        case .sparse(let n, let idx, let vals):
            var out = [Double](repeating: 0, count: n)
            for (i, v) in zip(idx, vals) { out[i] = v }
            return out
        }
    }

    public var toDense: Vector { .dense(toArray()) }

    /// The same vector as a sparse one (its non-zero entries).
    public var toSparse: Vector {
        var idx: [Int] = [], vals: [Double] = []
        forEachActive { i, v in if v != 0 { idx.append(i); vals.append(v) } }
        return .sparse(size: size, indices: idx, values: vals)
    }

    /// Calls `body` with every stored entry (all entries of a dense vector).
    public func forEachActive(_ body: (Int, Double) throws -> Void) rethrows {
        switch self {
        case .dense(let v): for i in v.indices { try body(i, v[i]) }
        case .sparse(_, let idx, let vals): for k in idx.indices { try body(idx[k], vals[k]) }
        }
    }

    /// Number of entries that are not zero.
    public var numNonzeros: Int {
        var n = 0
        forEachActive { _, v in if v != 0 { n += 1 } }
        return n
    }

    public func dot(_ other: Vector) -> Double {
        switch (self, other) {
        case (.dense(let a), .dense(let b)):
            var s = 0.0
            for i in 0..<min(a.count, b.count) { s += a[i] * b[i] }
            return s
        case (.sparse(_, let idx, let vals), .dense(let b)), (.dense(let b), .sparse(_, let idx, let vals)):
            var s = 0.0
            for k in idx.indices where idx[k] < b.count { s += vals[k] * b[idx[k]] }
            return s
        case (.sparse(_, let ia, let va), .sparse(_, let ib, let vb)):
            var s = 0.0, i = 0, j = 0
            while i < ia.count && j < ib.count {
                if ia[i] == ib[j] { s += va[i] * vb[j]; i += 1; j += 1 } else if ia[i] < ib[j] { i += 1 } else { j += 1 }
            }
            return s
        }
    }

    /// The p-norm (`p = .infinity` for the largest absolute value).
    public func norm(_ p: Double = 2) -> Double {
        var s = 0.0
        if p == 1 { forEachActive { _, v in s += abs(v) }; return s }
        if p == 2 { forEachActive { _, v in s += v * v }; return s.squareRoot() }
        if p.isInfinite { forEachActive { _, v in s = Swift.max(s, abs(v)) }; return s }
        forEachActive { _, v in s += Foundation.pow(abs(v), p) }
        return Foundation.pow(s, 1 / p)
    }

    public func squaredDistance(_ other: Vector) -> Double {
        let a = toArray(), b = other.toArray()
        var s = 0.0
        for i in 0..<Swift.min(a.count, b.count) { let d = a[i] - b[i]; s += d * d }
        return s
    }

    /// Spark's text form: `[1.0,2.0]` dense, `(4,[0,3],[1.0,2.0])` sparse.
    public var description: String {
        func f(_ d: Double) -> String { Vector.format(d) }
        switch self {
        case .dense(let v): return "[" + v.map(f).joined(separator: ",") + "]"
        case .sparse(let n, let idx, let vals):
            return "(\(n),[" + idx.map(String.init).joined(separator: ",") + "],[" + vals.map(f).joined(separator: ",") + "])"
        }
    }

    static func format(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
        if d == d.rounded(), abs(d) < 1e15 { return String(format: "%.1f", d) }
        return String(d)
    }
}

import Foundation
