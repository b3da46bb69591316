import DataFlowColumnar

/// Row comparator over evaluated sort-key columns, with Spark's ordering: per key ascending or
/// descending, nulls first or last, NaN greater than any number, strings by UTF-8 bytes.
/// Ties are broken by row index, so sorting is stable.
struct RowComparator: @unchecked Sendable {
    let keys: [(Int, Int) -> Int]
    /// The decoded key columns: the closures read raw pointers into their buffers, so the comparator
    /// keeps them alive (holding them here, not in each closure, keeps reference counting out of
    /// every comparison).
    let retained: [Column]
    /// When every key is fixed-width: per row and key, a null rank (0 sorts first) and an unsigned
    /// code whose order is the key's order (direction folded in), `keyCount` entries per row. Sorting
    /// then compares plain integers, with no closure calls.
    let codes: UnsafePointer<UInt64>?
    let nullRanks: UnsafePointer<UInt8>?
    let keyCount: Int
    private let storage: NormalizedKeys?

    init(columns: [Column], orders: [SortOrder]) {
        let decoded = columns.map { $0.decoded() }
        retained = decoded
        keyCount = decoded.count
        storage = NormalizedKeys(decoded, orders)
        codes = storage.map { UnsafePointer($0.codes) }
        nullRanks = storage.map { UnsafePointer($0.nullRanks) }
        keys = zip(decoded, orders).map { c, order in
            let dir = order.ascending ? 1 : -1
            let nullCmp = order.nullsFirst ? -1 : 1
            let base: (Int, Int) -> Int
            switch c.type {
            case .int32, .date: let p = c.values(Int32.self); base = { p[$0] < p[$1] ? -1 : (p[$0] > p[$1] ? 1 : 0) }
            case .int64, .timestamp: let p = c.values(Int64.self); base = { p[$0] < p[$1] ? -1 : (p[$0] > p[$1] ? 1 : 0) }
            case .boolean: let p = c.values(UInt8.self); base = { p[$0] < p[$1] ? -1 : (p[$0] > p[$1] ? 1 : 0) }
            case .float64:
                let p = c.values(Double.self)
                base = { i, j in
                    let a = p[i], b = p[j]
                    if a.isNaN { return b.isNaN ? 0 : 1 }
                    if b.isNaN { return -1 }
                    return a < b ? -1 : (a > b ? 1 : 0)
                }
            case .decimal(let prec, _):
                if prec <= 18 {
                    let p = c.values(Int64.self); base = { p[$0] < p[$1] ? -1 : (p[$0] > p[$1] ? 1 : 0) }
                } else {
                    let p = c.values(Int128.self); base = { p[$0] < p[$1] ? -1 : (p[$0] > p[$1] ? 1 : 0) }
                }
            case .string:
                let o = c.offsets, data = c.data.map { UnsafeRawPointer($0.raw) }
                base = { i, j in
                    let sa = Int(o[i]), la = Int(o[i &+ 1]) &- sa
                    let sb = Int(o[j]), lb = Int(o[j &+ 1]) &- sb
                    let n = min(la, lb)
                    if n > 0, let d = data {
                        let r = memcmp(d + sa, d + sb, n)
                        if r != 0 { return r < 0 ? -1 : 1 }
                    }
                    return la < lb ? -1 : (la > lb ? 1 : 0)
                }
            case .null: base = { _, _ in 0 }
            case .array, .map: base = { i, j in Value.order(c.value(i), c.value(j)) }
            }
            guard let vb = c.validity else { return { i, j in dir * base(i, j) } }
            let v = UnsafePointer(vb.pointer(UInt8.self))
            return { i, j in
                let vi = Bitmap.get(v, i), vj = Bitmap.get(v, j)
                if !vi || !vj { return vi == vj ? 0 : (!vi ? nullCmp : -nullCmp) }
                return dir * base(i, j)
            }
        }
    }

    @inline(__always) func less(_ i: Int32, _ j: Int32) -> Bool {
        if let codes, let nullRanks {
            let kc = keyCount, a = Int(i) &* kc, b = Int(j) &* kc
            for k in 0..<kc {
                let na = nullRanks[a &+ k], nb = nullRanks[b &+ k]
                if na != nb { return na < nb }
                let x = codes[a &+ k], y = codes[b &+ k]
                if x != y { return x < y }
            }
            return i < j
        }
        for k in keys {
            let r = k(Int(i), Int(j))
            if r != 0 { return r < 0 }
        }
        return i < j
    }

    /// One row's normalized keys (up to two) next to its index: sorting these contiguous entries reads
    /// memory in order, where sorting indices would jump to each row's keys on every comparison.
    struct Entry {
        var a: UInt64
        var b: UInt64
        var index: Int32
        var nullA: UInt8
        var nullB: UInt8

        @inline(__always) static func less(_ x: Entry, _ y: Entry) -> Bool {
            if x.nullA != y.nullA { return x.nullA < y.nullA }
            if x.a != y.a { return x.a < y.a }
            if x.nullB != y.nullB { return x.nullB < y.nullB }
            if x.b != y.b { return x.b < y.b }
            return x.index < y.index
        }
    }

    /// Sorted permutation of `0..<n`, sorted in `threads` parallel runs and then merged.
    func sortedIndices(_ n: Int, ctx: ExecutionContext) throws -> [Int32] {
        if let codes, let nullRanks, keyCount <= 2 { return try sortedEntries(n, codes, nullRanks, ctx: ctx) }
        let runs = n < 100_000 ? 1 : ctx.threads
        if runs == 1 {
            var idx = (0..<n).map { Int32($0) }
            idx.sort(by: less)
            return idx
        }
        let bounds = (0...runs).map { $0 * n / runs }
        let sortedRuns = SlotArray<[Int32]>(runs)
        try ctx.parallelFor(runs) { r, _ in
            var part = (bounds[r]..<bounds[r + 1]).map { Int32($0) }
            part.sort(by: less)
            sortedRuns[r] = part
        }
        return RowComparator.mergeRuns(sortedRuns.values.compactMap { $0 }, by: less)
    }

    func sortedEntries(_ n: Int, _ codes: UnsafePointer<UInt64>, _ ranks: UnsafePointer<UInt8>, ctx: ExecutionContext) throws -> [Int32] {
        let kc = keyCount
        let runs = n < 100_000 ? 1 : ctx.threads
        let bounds = (0...runs).map { $0 * n / runs }
        let sortedRuns = SlotArray<[Entry]>(runs)
        let keys = UncheckedBox((codes, ranks))
        try ctx.parallelFor(runs) { r, _ in
            let (codes, ranks) = keys.value
            var part: [Entry] = []
            part.reserveCapacity(bounds[r + 1] - bounds[r])
            for i in bounds[r]..<bounds[r + 1] {
                let o = i &* kc
                part.append(Entry(a: codes[o], b: kc > 1 ? codes[o &+ 1] : 0, index: Int32(i),
                                  nullA: ranks[o], nullB: kc > 1 ? ranks[o &+ 1] : 0))
            }
            part.sort(by: Entry.less)
            sortedRuns[r] = part
        }
        return RowComparator.mergeRuns(sortedRuns.values.compactMap { $0 }, by: Entry.less).map(\.index)
    }

    /// Sorted runs merged pairwise into one (stable: on ties the earlier run's element comes first).
    @inline(__always)
    static func mergeRuns<T>(_ runs: [[T]], by less: (T, T) -> Bool) -> [T] {
        var parts = runs
        while parts.count > 1 {
            var merged: [[T]] = []
            var k = 0
            while k < parts.count {
                guard k + 1 < parts.count else { merged.append(parts[k]); break }
                let x = parts[k], y = parts[k + 1]
                var out: [T] = []
                out.reserveCapacity(x.count + y.count)
                var i = 0, j = 0
                while i < x.count && j < y.count {
                    if less(y[j], x[i]) { out.append(y[j]); j += 1 } else { out.append(x[i]); i += 1 }
                }
                out.append(contentsOf: x[i...])
                out.append(contentsOf: y[j...])
                merged.append(out)
                k += 2
            }
            parts = merged
        }
        return parts.first ?? []
    }
}

/// Order-preserving integer codes of fixed-width sort keys (see `RowComparator.codes`).
final class NormalizedKeys: @unchecked Sendable {
    let codes: UnsafeMutablePointer<UInt64>
    let nullRanks: UnsafeMutablePointer<UInt8>

    /// nil when a key is not fixed-width (strings) or there are no keys.
    init?(_ columns: [Column], _ orders: [SortOrder]) {
        guard !columns.isEmpty, columns.allSatisfy({ NormalizedKeys.supports($0.type) }) else { return nil }
        let n = columns[0].count, kc = columns.count
        codes = .allocate(capacity: max(n * kc, 1))
        nullRanks = .allocate(capacity: max(n * kc, 1))
        for (k, (c, o)) in zip(columns, orders).enumerated() {
            let flip: UInt64 = o.ascending ? 0 : ~0
            let nullRank: UInt8 = o.nullsFirst ? 0 : 2
            @inline(__always) func put(_ i: Int, _ u: UInt64) {
                codes[i &* kc &+ k] = u ^ flip
                nullRanks[i &* kc &+ k] = 1
            }
            switch c.type {
            case .int32, .date:
                let p = c.values(Int32.self)
                for i in 0..<n { put(i, UInt64(bitPattern: Int64(p[i])) ^ (1 << 63)) }
            case .int64, .timestamp, .decimal:
                let p = c.values(Int64.self)
                for i in 0..<n { put(i, UInt64(bitPattern: p[i]) ^ (1 << 63)) }
            case .boolean:
                let p = c.values(UInt8.self)
                for i in 0..<n { put(i, UInt64(p[i])) }
            case .float64:
                let p = c.values(Double.self)
                for i in 0..<n {
                    // NaN above every number (Spark); -0.0 equal to 0.0.
                    let d = p[i].isNaN ? Double.nan : (p[i] == 0 ? 0 : p[i])
                    let b = d.bitPattern
                    put(i, b & (1 << 63) != 0 ? ~b : b | (1 << 63))
                }
            default:
                break
            }
            if let vb = c.validity {
                let v = UnsafePointer(vb.pointer(UInt8.self))
                for i in 0..<n where !Bitmap.get(v, i) {
                    codes[i &* kc &+ k] = 0
                    nullRanks[i &* kc &+ k] = nullRank
                }
            }
        }
    }

    static func supports(_ t: DataType) -> Bool {
        switch t {
        case .int32, .date, .int64, .timestamp, .boolean, .float64: return true
        case .decimal(let p, _): return p <= 18
        default: return false
        }
    }

    deinit {
        codes.deallocate()
        nullRanks.deallocate()
    }
}

#if canImport(Glibc)
import Glibc
#endif
