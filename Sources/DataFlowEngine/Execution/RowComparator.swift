import DataFlowColumnar

/// Row comparator over evaluated sort-key columns, with Spark's ordering: per key ascending or
/// descending, nulls first or last, NaN greater than any number, strings by UTF-8 bytes.
/// Ties are broken by row index, so sorting is stable.
struct RowComparator: @unchecked Sendable {
    let keys: [(Int, Int) -> Int]

    init(columns: [Column], orders: [SortOrder]) {
        keys = zip(columns, orders).map { col, order in
            let c = col.decoded()
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
                base = { i, j in
                    let a = c.utf8(i), b = c.utf8(j)
                    let n = min(a.count, b.count)
                    if n > 0 {
                        let r = memcmp(a.baseAddress!, b.baseAddress!, n)
                        if r != 0 { return r < 0 ? -1 : 1 }
                    }
                    return a.count < b.count ? -1 : (a.count > b.count ? 1 : 0)
                }
            case .null: base = { _, _ in 0 }
            }
            // `base` reads raw pointers into `c`'s buffers: every returned closure must keep `c` alive,
            // since the caller may release its own reference to the columns once the comparator exists.
            if c.validity == nil { return { i, j in withExtendedLifetime(c) { dir * base(i, j) } } }
            return { i, j in
                let vi = c.isValid(i), vj = c.isValid(j)
                if !vi || !vj { return vi == vj ? 0 : (!vi ? nullCmp : -nullCmp) }
                return dir * base(i, j)
            }
        }
    }

    @inline(__always) func less(_ i: Int32, _ j: Int32) -> Bool {
        for k in keys {
            let r = k(Int(i), Int(j))
            if r != 0 { return r < 0 }
        }
        return i < j
    }

    /// Sorted permutation of `0..<n`, sorted in `threads` parallel runs and then merged.
    func sortedIndices(_ n: Int, ctx: ExecutionContext) throws -> [Int32] {
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
        var parts = sortedRuns.values.compactMap { $0 }
        while parts.count > 1 {
            var merged: [[Int32]] = []
            var k = 0
            while k < parts.count {
                if k + 1 < parts.count { merged.append(merge(parts[k], parts[k + 1])) } else { merged.append(parts[k]) }
                k += 2
            }
            parts = merged
        }
        return parts.first ?? []
    }

    func merge(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if less(b[j], a[i]) { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1 }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }
}

#if canImport(Glibc)
import Glibc
#endif
