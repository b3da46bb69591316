import DataFlowColumnar

/// Encodes the key columns of a batch into one byte string per row (a null flag, then the value:
/// fixed-width bytes, or a length and UTF-8 bytes) plus a 64-bit hash per row, so that hash tables
/// compare and hash keys of any types and any count without boxing. -0.0/0.0 and all NaNs encode alike.
struct EncodedKeys {
    var bytes: [UInt8] = []
    var offsets: [Int] = [0]
    var hashes: [UInt64] = []
    /// Rows with at least one null key (joins never match them).
    var hasNull: [Bool] = []

    var count: Int { hashes.count }

    init(columns: [Column]) {
        let cols = columns.map { $0.decoded() }
        let n = cols.first?.count ?? 0
        // Row widths.
        var widths = [Int](repeating: 0, count: n)
        for c in cols {
            if c.type == .string {
                let o = c.offsets
                for i in 0..<n { widths[i] &+= 1 &+ 4 &+ (c.isValid(i) ? Int(o[i &+ 1] &- o[i]) : 0) }
            } else {
                let w = 1 + c.type.byteWidth
                for i in 0..<n { widths[i] &+= w }
            }
        }
        offsets = [Int](repeating: 0, count: n + 1)
        for i in 0..<n { offsets[i + 1] = offsets[i] &+ widths[i] }
        bytes = [UInt8](repeating: 0, count: offsets[n])
        hasNull = [Bool](repeating: false, count: n)
        var pos = offsets  // write cursor per row
        bytes.withUnsafeMutableBytes { out in
            let base = out.baseAddress!
            for c in cols {
                let w = c.type.byteWidth
                let isString = c.type == .string
                let isDouble = c.type == .float64
                for i in 0..<n {
                    var p = pos[i]
                    if !c.isValid(i) {
                        out[p] = 0
                        p &+= 1
                        if isString {
                            base.storeBytes(of: UInt32(0), toByteOffset: p, as: UInt32.self)
                            p &+= 4
                        } else {
                            p &+= w
                        }
                        hasNull[i] = true
                    } else {
                        out[p] = 1
                        p &+= 1
                        if isString {
                            let s = c.utf8(i)
                            base.storeBytes(of: UInt32(s.count), toByteOffset: p, as: UInt32.self)
                            p &+= 4
                            if s.count > 0 { (base + p).copyMemory(from: s.baseAddress!, byteCount: s.count) }
                            p &+= s.count
                        } else if isDouble {
                            var d = c.values(Double.self)[i]
                            if d == 0 { d = 0 } else if d.isNaN { d = .nan }
                            base.storeBytes(of: d.bitPattern, toByteOffset: p, as: UInt64.self)
                            p &+= 8
                        } else {
                            (base + p).copyMemory(from: c.values.raw + i &* w, byteCount: w)
                            p &+= w
                        }
                    }
                    pos[i] = p
                }
            }
            hashes = [UInt64](repeating: 0, count: n)
            for i in 0..<n {
                hashes[i] = Kernels.hashBytes(UnsafeRawBufferPointer(start: base + offsets[i], count: offsets[i + 1] &- offsets[i]))
            }
        }
    }

    @inline(__always) func key(_ i: Int, _ body: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { b in body(UnsafeRawBufferPointer(rebasing: b[offsets[i]..<offsets[i + 1]])) }
    }
}

/// Maps distinct encoded keys to dense group ids (open addressing, linear probing). Keeps every key's
/// bytes so that the keys can be decoded into columns at the end and tables can be merged.
struct GroupTable {
    /// Each slot packs the upper 32 bits of the key's hash (a tag that rejects most mismatches without
    /// touching the keys) and the group id + 1; 0 = empty.
    private(set) var slots: [UInt64]
    private var mask: Int
    private(set) var keyBytes: [UInt8] = []
    private(set) var keyOffsets: [Int] = [0]
    private(set) var groupHashes: [UInt64] = []

    var groupCount: Int { groupHashes.count }

    init(capacity: Int) {
        var c = 16
        while c < capacity * 2 { c <<= 1 }
        slots = [UInt64](repeating: 0, count: c)
        mask = c - 1
    }

    var byteSize: Int { slots.count * 8 + keyBytes.count + keyOffsets.count * 8 + groupHashes.count * 8 }

    @inline(__always) static func tag(_ hash: UInt64) -> UInt64 { hash & 0xFFFF_FFFF_0000_0000 }

    /// Group id for each row of `keys`, inserting new keys.
    mutating func findOrInsert(_ keys: EncodedKeys, into ids: inout [Int32]) {
        ids.removeAll(keepingCapacity: true)
        ids.reserveCapacity(keys.count)
        keys.bytes.withUnsafeBytes { kb in
            for i in 0..<keys.count {
                let start = keys.offsets[i], len = keys.offsets[i + 1] &- start
                ids.append(findOrInsert(hash: keys.hashes[i], UnsafeRawBufferPointer(rebasing: kb[start..<start &+ len])))
            }
        }
    }

    mutating func findOrInsert(hash: UInt64, _ key: UnsafeRawBufferPointer) -> Int32 {
        if groupHashes.count * 2 >= slots.count { grow() }
        let t = GroupTable.tag(hash)
        var s = Int(truncatingIfNeeded: hash) & mask
        while true {
            let v = slots[s]
            if v == 0 {
                let id = Int32(groupHashes.count)
                slots[s] = t | UInt64(id + 1)
                groupHashes.append(hash)
                keyBytes.append(contentsOf: key)
                keyOffsets.append(keyBytes.count)
                return id
            }
            if v & 0xFFFF_FFFF_0000_0000 == t {
                let gi = Int(truncatingIfNeeded: v & 0xFFFF_FFFF) &- 1
                if equalKey(gi, key) { return Int32(gi) }
            }
            s = (s &+ 1) & mask
        }
    }

    /// Group id of a key, or -1.
    func find(hash: UInt64, _ key: UnsafeRawBufferPointer) -> Int32 {
        let t = GroupTable.tag(hash)
        var s = Int(truncatingIfNeeded: hash) & mask
        while true {
            let v = slots[s]
            if v == 0 { return -1 }
            if v & 0xFFFF_FFFF_0000_0000 == t {
                let gi = Int(truncatingIfNeeded: v & 0xFFFF_FFFF) &- 1
                if equalKey(gi, key) { return Int32(gi) }
            }
            s = (s &+ 1) & mask
        }
    }

    /// Byte equality of group `g`'s key and `key`, 8 bytes at a time (keys are short).
    @inline(__always) func equalKey(_ g: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let a = keyOffsets[g], n = keyOffsets[g + 1] &- a
        if n != key.count { return false }
        if n == 0 { return true }
        return keyBytes.withUnsafeBytes { kb in
            guard let base = kb.baseAddress, let q = key.baseAddress else { return false }
            return bytesEqual(base + a, q, n)
        }
    }

    func key(_ g: Int) -> UnsafeRawBufferPointer {
        keyBytes.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[keyOffsets[g]..<keyOffsets[g + 1]]) }
    }

    private mutating func grow() {
        let c = slots.count * 2
        slots = [UInt64](repeating: 0, count: c)
        mask = c - 1
        for g in 0..<groupHashes.count {
            let h = groupHashes[g]
            var s = Int(truncatingIfNeeded: h) & mask
            while slots[s] != 0 { s = (s &+ 1) & mask }
            slots[s] = GroupTable.tag(h) | UInt64(g + 1)
        }
    }

    /// Decodes the stored keys back into columns of `types`.
    func decodeKeys(_ types: [DataType]) -> [Column] {
        var builders = types.map { ColumnBuilder(type: $0, capacity: groupCount) }
        keyBytes.withUnsafeBytes { kb in
            let base = kb.baseAddress!
            for g in 0..<groupCount {
                var p = keyOffsets[g]
                for (k, t) in types.enumerated() {
                    let valid = kb[p] != 0
                    p += 1
                    if t == .string {
                        let len = Int(base.loadUnaligned(fromByteOffset: p, as: UInt32.self))
                        p += 4
                        if valid { builders[k].appendUTF8(UnsafeRawBufferPointer(start: base + p, count: len)) } else { builders[k].appendNull() }
                        p += len
                    } else {
                        let w = t.byteWidth
                        if valid {
                            switch w {
                            case 1: builders[k].appendRaw(base.load(fromByteOffset: p, as: UInt8.self))
                            case 4: builders[k].appendRaw(base.loadUnaligned(fromByteOffset: p, as: UInt32.self))
                            case 8: builders[k].appendRaw(base.loadUnaligned(fromByteOffset: p, as: UInt64.self))
                            default: builders[k].appendRaw(base.loadUnaligned(fromByteOffset: p, as: Int128.self))
                            }
                        } else {
                            builders[k].appendNull()
                        }
                        p += w
                    }
                }
            }
        }
        return builders.map { $0.finish() }
    }
}

#if canImport(Glibc)
import Glibc
#endif
