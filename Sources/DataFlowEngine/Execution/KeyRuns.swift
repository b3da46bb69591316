import DataFlowColumnar

#if canImport(Glibc)
import Glibc
#endif

/// Runs of equal keys in rows already sorted by those keys: marks each row that differs from the row
/// before it on any key. Keys are compared as `RowComparator` orders them (NULLs equal each other,
/// NaN equals NaN, -0.0 equals 0.0), one typed loop per column instead of a closure call per row.
enum KeyRuns {
    /// Sets `changed[i]` to 1 where row `i` differs from row `i - 1` on any of `columns` (rows
    /// `1..<n`); leaves other entries as they are, so calls for several key sets accumulate.
    static func markChanges(_ columns: [Column], _ changed: inout [UInt8]) {
        let n = changed.count
        guard n > 1 else { return }
        changed.withUnsafeMutableBufferPointer { out in
            for c in columns {
                let c = c.decoded()
                assert(c.count == n, "key column length")
                mark(c, out)
            }
        }
    }

    private static func mark(_ c: Column, _ out: UnsafeMutableBufferPointer<UInt8>) {
        switch c.type {
        case .int32, .date: fixed(c.values(Int32.self), c, out)
        case .int64, .timestamp: fixed(c.values(Int64.self), c, out)
        case .boolean: fixed(c.values(UInt8.self), c, out)
        case .decimal(let p, _):
            if p <= 18 { fixed(c.values(Int64.self), c, out) } else { fixed(c.values(Int128.self), c, out) }
        case .float64:
            let p = c.values(Double.self)
            withValidity(c, out) { i in
                let a = p[i &- 1], b = p[i]
                return a != b && !(a.isNaN && b.isNaN)
            }
        case .string:
            let o = c.offsets
            guard let data = c.data.map({ UnsafeRawPointer($0.raw) }) else {
                // Every string is empty: only validity can differ.
                withValidity(c, out) { _ in false }
                return
            }
            withValidity(c, out) { i in
                let sa = Int(o[i &- 1]), la = Int(o[i]) &- sa
                let sb = Int(o[i]), lb = Int(o[i &+ 1]) &- sb
                return la != lb || (la > 0 && memcmp(data + sa, data + sb, la) != 0)
            }
        case .null:
            break
        case .array, .map:
            withValidity(c, out) { i in Value.order(c.value(i &- 1), c.value(i)) != 0 }
        }
    }

    @inline(__always)
    private static func fixed<T: Equatable>(_ p: UnsafeBufferPointer<T>, _ c: Column, _ out: UnsafeMutableBufferPointer<UInt8>) {
        if c.validity == nil {
            for i in 1..<out.count where p[i &- 1] != p[i] { out[i] = 1 }
            return
        }
        withValidity(c, out) { i in p[i &- 1] != p[i] }
    }

    /// `differ(i)` compares rows `i - 1` and `i` when both are valid; a NULL next to a value differs.
    @inline(__always)
    private static func withValidity(_ c: Column, _ out: UnsafeMutableBufferPointer<UInt8>, _ differ: (Int) -> Bool) {
        let n = out.count
        guard let vb = c.validity else {
            for i in 1..<n where differ(i) { out[i] = 1 }
            return
        }
        let v = UnsafePointer(vb.pointer(UInt8.self))
        var prev = Bitmap.get(v, 0)
        for i in 1..<n {
            let cur = Bitmap.get(v, i)
            if cur != prev || (cur && differ(i)) { out[i] = 1 }
            prev = cur
        }
    }
}
