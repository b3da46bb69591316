import CDataFlowSupport
import DataFlowColumnar

/// Groups by integer-like and string columns (any count) by packing each row's key into one 64-bit
/// word, column by column: a string becomes its code in a per-table `StringDictionary`, an integer its
/// offset from the smallest value seen; each column takes just enough bits for its range, slot 0 being
/// NULL. Packed keys of at most `directBits` bits index a plain array (a perfect hash, like DuckDB's
/// perfect aggregate); wider ones go to a `PackedKeyIndex`. When the ranges grow, existing keys are
/// repacked; if they no longer fit 64 bits the table switches to byte-encoded keys (`GroupTable`).
struct PackedGroupTable: AggregateKeyTable {
    struct Layout {
        var base: [Int64] = []
        var bits: [Int] = []
        var shift: [Int] = []
        var total = 0
    }
    static let directBits = 20

    private(set) var types: [DataType] = []
    private var dicts: [StringDictionary] = []
    /// Range of the valid values seen per column (codes for strings); lo > hi: none yet.
    private var lo: [Int64] = []
    private var hi: [Int64] = []
    private var layout = Layout()
    private var direct: [Int32] = []
    private var hashed = PackedKeyIndex(capacity: 16)
    /// Packed key of each group.
    private(set) var keys: [Int64] = []
    private var wide: GroupTable?
    private var scratch: [[Int64]] = []
    private var packed: [Int64] = []
    /// Set by `unify`: the layout every merge table of these tables uses.
    private var union: (lo: [Int64], hi: [Int64], layout: Layout)?

    init(capacity: Int) {}

    /// Whether keys of these types can be packed (strings, integers, dates, timestamps, booleans, short decimals).
    static func supports(_ types: [DataType]) -> Bool {
        !types.isEmpty && types.allSatisfy { t in
            switch t {
            case .string, .int32, .int64, .date, .timestamp, .boolean: return true
            case .decimal(let p, _): return p <= 18
            default: return false
            }
        }
    }

    var groupCount: Int { wide?.groupCount ?? keys.count }
    var byteSize: Int {
        if let wide { return wide.byteSize }
        return keys.count * 8 + direct.count * 4 + (layout.total > PackedGroupTable.directBits ? hashed.byteSize : 0)
            + dicts.reduce(0) { $0 + $1.byteSize }
    }
    var isWide: Bool { wide != nil }

    private mutating func setUp(_ t: [DataType]) {
        types = t
        dicts = t.map { _ in StringDictionary() }
        lo = [Int64](repeating: 1, count: t.count)
        hi = [Int64](repeating: 0, count: t.count)
        scratch = t.map { _ in [] }
        setLayout(PackedGroupTable.layout(lo: lo, hi: hi, headroom: false)!)
    }

    // MARK: layout

    @inline(__always) static func bitsFor(_ x: UInt64) -> Int { 64 - x.leadingZeroBitCount }

    /// The narrowest layout holding the ranges (`headroom`: one spare bit per column when it fits), or nil if over 64 bits.
    static func layout(lo: [Int64], hi: [Int64], headroom: Bool) -> Layout? {
        var l = Layout()
        for c in 0..<lo.count {
            if lo[c] > hi[c] {
                l.base.append(0)
                l.bits.append(1)
            } else {
                let span = UInt64(bitPattern: hi[c] &- lo[c])
                if span == UInt64.max { return nil }
                l.base.append(lo[c])
                l.bits.append(bitsFor(span &+ 1))
            }
        }
        var total = l.bits.reduce(0, +)
        if total > 64 { return nil }
        if headroom && total + l.bits.count <= 64 {
            for c in 0..<l.bits.count { l.bits[c] += 1 }
            total += l.bits.count
        }
        var s = 0
        for b in l.bits { l.shift.append(s); s += b }
        l.total = total
        return l
    }

    private func fits(_ c: Int) -> Bool {
        if lo[c] > hi[c] { return true }
        if lo[c] < layout.base[c] { return false }
        let d = UInt64(bitPattern: hi[c] &- layout.base[c])
        let b = layout.bits[c]
        return b == 64 ? d < UInt64.max : d < (UInt64(1) &<< UInt64(b)) &- 1
    }

    @inline(__always) private static func slotMask(_ bits: Int) -> UInt64 {
        bits >= 64 ? UInt64.max : (UInt64(1) &<< UInt64(bits)) &- 1
    }

    /// Column `c`'s slot (0 = NULL, else value - base + 1) of a packed key.
    @inline(__always) private func slot(_ key: Int64, _ c: Int) -> UInt64 {
        (UInt64(bitPattern: key) &>> UInt64(layout.shift[c])) & PackedGroupTable.slotMask(layout.bits[c])
    }

    /// Installs a layout, repacking the existing groups' keys and rebuilding the lookup.
    private mutating func setLayout(_ new: Layout) {
        let old = layout
        if !keys.isEmpty {
            for g in 0..<keys.count {
                let k = UInt64(bitPattern: keys[g])
                var n: UInt64 = 0
                for c in 0..<types.count {
                    let s = (k &>> UInt64(old.shift[c])) & PackedGroupTable.slotMask(old.bits[c])
                    if s != 0 {
                        let v = old.base[c] &+ Int64(bitPattern: s &- 1)
                        n |= (UInt64(bitPattern: v &- new.base[c]) &+ 1) &<< UInt64(new.shift[c])
                    }
                }
                keys[g] = Int64(bitPattern: n)
            }
        }
        layout = new
        if new.total <= PackedGroupTable.directBits {
            direct = [Int32](repeating: -1, count: 1 << new.total)
            hashed = PackedKeyIndex(capacity: 16)
            for g in 0..<keys.count { direct[Int(keys[g])] = Int32(g) }
        } else {
            direct = []
            hashed = PackedKeyIndex(capacity: max(1024, keys.count))
            for g in 0..<keys.count { hashed.insertNew(keys[g], id: Int32(g)) }
        }
    }

    /// Makes the layout hold the current ranges; false if they need more than 64 bits.
    private mutating func ensureLayout() -> Bool {
        if (0..<types.count).allSatisfy(fits) { return true }
        guard let l = PackedGroupTable.layout(lo: lo, hi: hi, headroom: true) else { return false }
        setLayout(l)
        return true
    }

    // MARK: assigning rows

    mutating func assign(_ cols: [Column], into ids: inout [Int32]) {
        if types.isEmpty { setUp(cols.map(\.type)) }
        let n = cols.first?.count ?? 0
        if ids.count != n { ids = [Int32](repeating: 0, count: n) }
        if n == 0 { return }  // An empty morsel (a filter kept nothing): no groups, no buffers to touch.
        if wide != nil {
            wide!.findOrInsert(EncodedKeys(columns: cols), into: &ids)
            return
        }
        var used = cols
        for c in 0..<cols.count { used[c] = extract(cols[c], c) }
        if !ensureLayout() {
            goWide()
            wide!.findOrInsert(EncodedKeys(columns: cols), into: &ids)
            return
        }
        pack(used, n)
        lookUp(n, into: &ids)
    }

    /// Fills `scratch[c]` with column `c`'s values (string codes) and widens its range; returns the
    /// column whose validity applies.
    private mutating func extract(_ col: Column, _ c: Int) -> Column {
        let n = col.count
        var out = scratch[c]
        scratch[c] = []
        if out.count < n { out = [Int64](repeating: 0, count: n) }
        var used = col
        out.withUnsafeMutableBufferPointer { o in
            let op = o.baseAddress!
            switch col.type {
            case .string:
                if let d = col.dictionary?.column, d.validity == nil, d.dictionary == nil {
                    // Dictionary-encoded: code each dictionary entry once, then map the indices.
                    var dcodes = [Int64](repeating: 0, count: d.count)
                    dicts[c].reserve(d.count)
                    dcodes.withUnsafeMutableBufferPointer { if let base = $0.baseAddress { dicts[c].encode(d, into: base) } }
                    let idx = col.values(Int32.self)
                    let vp = col.validity.map { UnsafePointer($0.pointer(UInt8.self)) }
                    dcodes.withUnsafeBufferPointer { dc in
                        for i in 0..<n where vp == nil || Bitmap.get(vp!, i) { op[i] = dc[Int(idx[i])] }
                    }
                } else {
                    used = col.decoded()
                    dicts[c].reserve(n)
                    dicts[c].encode(used, into: op)
                }
                if dicts[c].count > 0 {
                    lo[c] = 0
                    hi[c] = Int64(dicts[c].count - 1)
                }
            case .int32, .date:
                let v = col.values(Int32.self)
                for i in 0..<n { op[i] = Int64(v[i]) }
            case .boolean:
                let v = col.values(UInt8.self)
                for i in 0..<n { op[i] = Int64(v[i]) }
            default:
                let v = col.values(Int64.self)
                for i in 0..<n { op[i] = v[i] }
            }
            if col.type != .string && n > 0 {
                var l = lo[c], h = hi[c]
                if let vb = col.validity {
                    let vp = vb.pointer(UInt8.self)
                    for i in 0..<n where Bitmap.get(vp, i) {
                        if l > h { l = op[i]; h = op[i] } else { l = Swift.min(l, op[i]); h = Swift.max(h, op[i]) }
                    }
                } else {
                    var bl = op[0], bh = op[0]
                    for i in 0..<n { bl = Swift.min(bl, op[i]); bh = Swift.max(bh, op[i]) }
                    if l > h { l = bl; h = bh } else { l = Swift.min(l, bl); h = Swift.max(h, bh) }
                }
                lo[c] = l
                hi[c] = h
            }
        }
        scratch[c] = out
        return used
    }

    /// Packs `scratch` into `packed` under the current layout (one pass per column).
    private mutating func pack(_ cols: [Column], _ n: Int) {
        if packed.count < n { packed = [Int64](repeating: 0, count: n) }
        var p = packed
        packed = []
        p.withUnsafeMutableBufferPointer { pb in
            let pp = pb.baseAddress!
            for i in 0..<n { pp[i] = 0 }
            for c in 0..<cols.count {
                let base = layout.base[c], sh = UInt64(layout.shift[c])
                scratch[c].withUnsafeBufferPointer { vb in
                    let v = vb.baseAddress!
                    if let valid = cols[c].validity {
                        let vp = valid.pointer(UInt8.self)
                        for i in 0..<n {
                            let s = Bitmap.get(vp, i) ? (UInt64(bitPattern: v[i] &- base) &+ 1) : 0
                            pp[i] |= Int64(bitPattern: s &<< sh)
                        }
                    } else {
                        for i in 0..<n { pp[i] |= Int64(bitPattern: (UInt64(bitPattern: v[i] &- base) &+ 1) &<< sh) }
                    }
                }
            }
        }
        packed = p
    }

    private mutating func lookUp(_ n: Int, into ids: inout [Int32]) {
        var newKeys = keys
        keys = []
        ids.withUnsafeMutableBufferPointer { ob in
            let o = ob.baseAddress!
            packed.withUnsafeBufferPointer { pb in
                if layout.total <= PackedGroupTable.directBits {
                    direct.withUnsafeMutableBufferPointer { d in
                        for i in 0..<n {
                            let k = pb[i]
                            var g = d[Int(k)]
                            if g < 0 {
                                g = Int32(newKeys.count)
                                newKeys.append(k)
                                d[Int(k)] = g
                            }
                            o[i] = g
                        }
                    }
                } else {
                    hashed.assign(UnsafeBufferPointer(rebasing: pb[0..<n]), into: o, newKeys: &newKeys)
                }
            }
        }
        keys = newKeys
    }

    // MARK: byte-encoded fallback

    /// Group `g`'s key in `EncodedKeys`' byte format (valid flag, then fixed-width bytes or length + UTF-8).
    private func encodedKey(_ g: Int, into b: inout [UInt8]) {
        b.removeAll(keepingCapacity: true)
        let k = keys[g]
        for c in 0..<types.count {
            let s = slot(k, c)
            let t = types[c]
            b.append(s == 0 ? 0 : 1)
            let v = s == 0 ? 0 : layout.base[c] &+ Int64(bitPattern: s &- 1)
            if t == .string {
                let e = s == 0 ? UnsafeRawBufferPointer(start: nil, count: 0) : dicts[c].entry(Int(v))
                withUnsafeBytes(of: UInt32(e.count).littleEndian) { b.append(contentsOf: $0) }
                b.append(contentsOf: e)
            } else {
                switch t.byteWidth {
                case 1: b.append(UInt8(truncatingIfNeeded: v))
                case 4: withUnsafeBytes(of: Int32(truncatingIfNeeded: v).littleEndian) { b.append(contentsOf: $0) }
                default: withUnsafeBytes(of: v.littleEndian) { b.append(contentsOf: $0) }
                }
            }
        }
    }

    /// Moves every group to a byte-encoded `GroupTable`, keeping the group ids.
    private mutating func goWide() {
        var w = GroupTable(capacity: max(1024, keys.count))
        var b: [UInt8] = []
        for g in 0..<keys.count {
            encodedKey(g, into: &b)
            b.withUnsafeBytes { _ = w.findOrInsert(hash: Kernels.hashBytes($0), $0) }
        }
        wide = w
        keys = []
        direct = []
        hashed = PackedKeyIndex(capacity: 16)
        dicts = []
        scratch = []
    }

    // MARK: merging

    /// Partition by key content (string bytes' hash, integer values), so that it agrees across workers.
    func partitionIds(_ partitions: Int) -> [UInt8] {
        if let wide { return (0..<wide.groupCount).map { UInt8(wide.partition(of: $0, partitions: partitions)) } }
        var out = [UInt8](repeating: 0, count: keys.count)
        let parts = UInt64(partitions)
        let isString = types.map { $0 == .string }
        for g in 0..<keys.count {
            var h: UInt64 = 0x5DEE_CE66_D1CE_4E5B
            for c in 0..<types.count {
                let s = slot(keys[g], c)
                let k: UInt64
                if s == 0 {
                    k = Kernels.nullHashKey
                } else if isString[c] {
                    k = dicts[c].hashes[Int(layout.base[c] &+ Int64(bitPattern: s &- 1))]
                } else {
                    k = UInt64(bitPattern: layout.base[c] &+ Int64(bitPattern: s &- 1))
                }
                h = Kernels.mix64((h &* 0x9E37_79B9_7F4A_7C15) ^ k)
            }
            out[g] = UInt8(truncatingIfNeeded: (h &>> 40) % parts)
        }
        return out
    }

    /// The union of the tables' ranges, string codes bounded by the number of distinct strings of all
    /// their dictionaries (a merged table's dictionary holds a subset of them).
    private static func unionLayout(_ tables: [PackedGroupTable]) -> (lo: [Int64], hi: [Int64], layout: Layout)? {
        guard let first = tables.first(where: { !$0.types.isEmpty }) else { return nil }
        let k = first.types.count
        var lo = [Int64](repeating: 1, count: k), hi = [Int64](repeating: 0, count: k)
        let sized = tables.filter { !$0.types.isEmpty }
        // Codes are first bounded by the sum of the dictionaries' sizes (no string touched); only if that
        // does not fit 64 bits, by the exact number of distinct strings.
        for exact in [false, true] {
            for c in 0..<k where first.types[c] == .string {
                var n = 0
                if exact {
                    var all = sized.max { $0.dicts[c].count < $1.dicts[c].count }?.dicts[c] ?? StringDictionary()
                    for t in sized {
                        all.reserve(t.dicts[c].count)
                        for e in 0..<t.dicts[c].count { _ = all.code(t.dicts[c].entry(e)) }
                    }
                    n = all.count
                } else {
                    n = sized.reduce(0) { $0 + $1.dicts[c].count }
                }
                if n > 0 {
                    lo[c] = 0
                    hi[c] = Int64(n - 1)
                }
            }
            if exact || !(0..<k).contains(where: { first.types[$0] == .string }) { break }
            var trial = lo, trialHi = hi
            for t in sized {
                for c in 0..<k where first.types[c] != .string && t.lo[c] <= t.hi[c] {
                    if trial[c] > trialHi[c] { trial[c] = t.lo[c]; trialHi[c] = t.hi[c] } else { trial[c] = min(trial[c], t.lo[c]); trialHi[c] = max(trialHi[c], t.hi[c]) }
                }
            }
            if layout(lo: trial, hi: trialHi, headroom: false) != nil { break }
        }
        for t in tables where !t.types.isEmpty {
            for c in 0..<k {
                if first.types[c] == .string {
                    continue
                } else if t.lo[c] <= t.hi[c] {
                    if lo[c] > hi[c] { lo[c] = t.lo[c]; hi[c] = t.hi[c] } else { lo[c] = min(lo[c], t.lo[c]); hi[c] = max(hi[c], t.hi[c]) }
                }
            }
        }
        guard let l = layout(lo: lo, hi: hi, headroom: false) else { return nil }
        return (lo, hi, l)
    }

    static func unify(_ tables: [PackedGroupTable]) -> [PackedGroupTable] {
        let anyWide = tables.contains { $0.isWide }
        if !anyWide, let u = unionLayout(tables) {
            return tables.map { t in
                var t = t
                t.union = u
                return t
            }
        }
        return tables.map { t in
            var t = t
            if !t.isWide && !t.types.isEmpty { t.goWide() }
            return t
        }
    }

    static func mergeTable(for tables: [PackedGroupTable], expectedGroups: Int) -> PackedGroupTable {
        var m = PackedGroupTable(capacity: 0)
        guard let first = tables.first(where: { !$0.types.isEmpty }) else { return m }
        m.setUp(first.types)
        if first.isWide {
            m.wide = GroupTable(capacity: max(1024, expectedGroups))
            return m
        }
        guard let u = first.union ?? unionLayout(tables) else { return m }
        m.lo = u.lo
        m.hi = u.hi
        m.setLayout(u.layout)
        if u.layout.total > directBits { m.hashed = PackedKeyIndex(capacity: max(1024, expectedGroups)) }
        m.keys.reserveCapacity(expectedGroups)
        return m
    }

    mutating func merge(_ other: PackedGroupTable, parts: [UInt8], partition p: Int) -> [Int32] {
        var mapping = [Int32](repeating: -1, count: other.groupCount)
        if other.groupCount == 0 { return mapping }
        if types.isEmpty { setUp(other.types) }
        let part = UInt8(truncatingIfNeeded: p)
        if let ow = other.wide {
            if wide == nil { goWide() }
            for g in 0..<ow.groupCount where parts[g] == part { mapping[g] = wide!.insert(group: g, of: ow) }
            return mapping
        }
        if wide == nil && (0..<types.count).allSatisfy({ c in
            // The other table's ranges must fit this layout (string codes are bounded by the union).
            types[c] == .string || other.lo[c] > other.hi[c]
                || (other.lo[c] >= layout.base[c] && fitsValue(other.hi[c], c))
        }) {
            // Column by column: translate each selected group's slot into this layout (string codes
            // through a table built once per dictionary), then look the packed keys up as a batch.
            var sel: [Int32] = []
            parts.withUnsafeBufferPointer { pp in
                for g in 0..<other.keys.count where pp[g] == part { sel.append(Int32(g)) }
            }
            let m = sel.count
            var newKeys = [Int64](repeating: 0, count: m)
            var ok = true
            for c in 0..<types.count {
                let oshift = UInt64(other.layout.shift[c]), omask = PackedGroupTable.slotMask(other.layout.bits[c])
                let obase = other.layout.base[c], base = layout.base[c], sh = UInt64(layout.shift[c])
                let isString = types[c] == .string
                // String codes are translated on first use: only the entries this partition's groups use.
                var trans: [Int64] = []
                if isString {
                    trans = [Int64](repeating: -1, count: other.dicts[c].count)
                    dicts[c].reserve(Swift.min(m, other.dicts[c].count))
                }
                newKeys.withUnsafeMutableBufferPointer { nk in
                    sel.withUnsafeBufferPointer { sp in
                        other.keys.withUnsafeBufferPointer { ok in
                            trans.withUnsafeMutableBufferPointer { tr in
                                for j in 0..<m {
                                    let s = (UInt64(bitPattern: ok[Int(sp[j])]) &>> oshift) & omask
                                    if s == 0 { continue }
                                    var v = obase &+ Int64(bitPattern: s &- 1)
                                    if isString {
                                        var t = tr[Int(v)]
                                        if t < 0 {
                                            t = dicts[c].code(other.dicts[c].entry(Int(v)))
                                            tr[Int(v)] = t
                                        }
                                        v = t
                                    }
                                    nk[j] |= Int64(bitPattern: (UInt64(bitPattern: v &- base) &+ 1) &<< sh)
                                }
                            }
                        }
                    }
                }
                if isString && dicts[c].count > 0 && !fitsValue(Int64(dicts[c].count - 1), c) { ok = false; break }
            }
            if ok {
                packed = newKeys
                var ids = [Int32](repeating: 0, count: m)
                lookUp(m, into: &ids)
                for j in 0..<m { mapping[Int(sel[j])] = ids[j] }
                return mapping
            }
        }
        // Does not fit (not expected after `unify`): insert by byte-encoded key.
        if wide == nil { goWide() }
        var b: [UInt8] = []
        for g in 0..<other.keys.count where parts[g] == part {
            other.encodedKey(g, into: &b)
            mapping[g] = b.withUnsafeBytes { wide!.findOrInsert(hash: Kernels.hashBytes($0), $0) }
        }
        return mapping
    }

    private func fitsValue(_ v: Int64, _ c: Int) -> Bool {
        if v < layout.base[c] { return false }
        let d = UInt64(bitPattern: v &- layout.base[c])
        let b = layout.bits[c]
        return b == 64 ? d < UInt64.max : d < (UInt64(1) &<< UInt64(b)) &- 1
    }

    // MARK: output

    func decodeKeys(_ types: [DataType]) -> [Column] {
        if let wide { return wide.decodeKeys(types) }
        let n = keys.count
        return (0..<types.count).map { c in
            var b = ColumnBuilder(type: types[c], capacity: n)
            let base = layout.base[c], sh = UInt64(layout.shift[c]), m = PackedGroupTable.slotMask(layout.bits[c])
            let t = types[c]
            keys.withUnsafeBufferPointer { kp in
                if t == .string {
                    dicts[c].bytes.withUnsafeBytes { db in
                        dicts[c].offsets.withUnsafeBufferPointer { op in
                            for g in 0..<n {
                                let s = (UInt64(bitPattern: kp[g]) &>> sh) & m
                                if s == 0 { b.appendNull(); continue }
                                let code = Int(base &+ Int64(bitPattern: s &- 1))
                                b.appendUTF8(UnsafeRawBufferPointer(start: db.baseAddress.map { $0 + op[code] }, count: op[code + 1] &- op[code]))
                            }
                        }
                    }
                } else {
                    let w = t.byteWidth
                    for g in 0..<n {
                        let s = (UInt64(bitPattern: kp[g]) &>> sh) & m
                        if s == 0 { b.appendNull(); continue }
                        let v = base &+ Int64(bitPattern: s &- 1)
                        switch w {
                        case 1: b.appendRaw(UInt8(truncatingIfNeeded: v))
                        case 4: b.appendRaw(Int32(truncatingIfNeeded: v))
                        default: b.appendRaw(v)
                        }
                    }
                }
            }
            return b.finish()
        }
    }
}

/// Open-addressing index from packed keys to group ids: key and id side by side (one cache line per
/// probe), slot from the top bits of a multiply-xorshift-multiply hash, since packed keys often differ
/// only in their high bits (the last key columns).
struct PackedKeyIndex {
    private var slots: [Int64]  // 2 per entry: key, id (-1 = empty)
    private var shift: UInt64
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int) {
        var c = 16, bits: UInt64 = 4
        while c < capacity * 2 { c <<= 1; bits += 1 }
        slots = [Int64](repeating: -1, count: 2 * c)
        shift = 64 - bits
        mask = c - 1
    }

    var byteSize: Int { slots.count * 8 }
    /// How many keys ahead a batch lookup prefetches.
    static let ahead = 16

    @inline(__always) static func slot(_ k: Int64, _ shift: UInt64) -> Int {
        var h = UInt64(bitPattern: k) &* 0x9E37_79B9_7F4A_7C15
        h ^= h &>> 32
        h = h &* 0xD6E8_FEB8_6659_FD93
        return Int(truncatingIfNeeded: h &>> shift)
    }

    private mutating func reserve(_ extra: Int) {
        if (count + extra) * 2 < slots.count / 2 { return }
        var c = slots.count / 2
        while (count + extra) * 2 >= c { c <<= 1 }
        var bits: UInt64 = 0
        while (1 << bits) < c { bits += 1 }
        let old = slots
        slots = [Int64](repeating: -1, count: 2 * c)
        shift = 64 - bits
        mask = c - 1
        let sh = shift, m = mask
        slots.withUnsafeMutableBufferPointer { p in
            old.withUnsafeBufferPointer { o in
                for e in 0..<(o.count / 2) where o[2 &* e &+ 1] >= 0 {
                    var s = PackedKeyIndex.slot(o[2 &* e], sh)
                    while p[2 &* s &+ 1] >= 0 { s = (s &+ 1) & m }
                    p[2 &* s] = o[2 &* e]
                    p[2 &* s &+ 1] = o[2 &* e &+ 1]
                }
            }
        }
    }

    /// Adds a key known to be absent.
    mutating func insertNew(_ k: Int64, id: Int32) { _ = findOrInsert(k, newId: id) }

    /// The key's id, inserting it with `newId` if new.
    mutating func findOrInsert(_ k: Int64, newId: Int32) -> Int32 {
        reserve(1)
        let sh = shift, m = mask
        let r: Int32 = slots.withUnsafeMutableBufferPointer { p in
            var s = PackedKeyIndex.slot(k, sh)
            while true {
                let id = p[2 &* s &+ 1]
                if id < 0 {
                    p[2 &* s] = k
                    p[2 &* s &+ 1] = Int64(newId)
                    return newId
                }
                if p[2 &* s] == k { return Int32(truncatingIfNeeded: id) }
                s = (s &+ 1) & m
            }
        }
        if r == newId { count += 1 }
        return r
    }

    /// Ids of a batch of keys, new keys taking ids from `newKeys.count` on and appended to `newKeys`.
    mutating func assign(_ v: UnsafeBufferPointer<Int64>, into out: UnsafeMutablePointer<Int32>, newKeys: inout [Int64]) {
        reserve(v.count)
        let sh = shift, m = mask
        var added = 0
        let n = v.count
        slots.withUnsafeMutableBufferPointer { p in
            guard let base = p.baseAddress else { return }
            for i in 0..<n {
                // The table is far bigger than the cache: start loading the slot of the key 16 ahead.
                if i &+ PackedKeyIndex.ahead < n {
                    dataflow_prefetch(base + 2 &* PackedKeyIndex.slot(v[i &+ PackedKeyIndex.ahead], sh))
                }
                let k = v[i]
                var s = PackedKeyIndex.slot(k, sh)
                while true {
                    let id = p[2 &* s &+ 1]
                    if id < 0 {
                        let nid = Int32(newKeys.count)
                        p[2 &* s] = k
                        p[2 &* s &+ 1] = Int64(nid)
                        newKeys.append(k)
                        added &+= 1
                        out[i] = nid
                        break
                    }
                    if p[2 &* s] == k { out[i] = Int32(truncatingIfNeeded: id); break }
                    s = (s &+ 1) & m
                }
            }
        }
        count += added
    }
}
