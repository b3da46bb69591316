import CDataFlowSupport
import DataFlowColumnar

/// Maps distinct strings to dense codes 0, 1, 2, … (open addressing, linear probing) without creating
/// `String`s: each slot packs the upper 32 bits of the string's hash (a tag that rejects most mismatches
/// without touching the bytes) and code + 1; 0 = empty. The group tables use it to turn string key
/// columns into small integers.
struct StringDictionary {
    private var slots: [UInt64]
    private var mask: Int
    private(set) var bytes: [UInt8] = []
    private(set) var offsets: [Int] = [0]
    /// `StringDictionary.hash` of each entry (partitioning is by content, so it agrees across workers).
    private(set) var hashes: [UInt64] = []

    var count: Int { hashes.count }
    var byteSize: Int { slots.count * 8 + bytes.count + offsets.count * 8 + hashes.count * 8 }

    init(capacity: Int = 64) {
        var c = 16
        while c < capacity * 2 { c <<= 1 }
        slots = [UInt64](repeating: 0, count: c)
        mask = c - 1
    }

    func entry(_ code: Int) -> UnsafeRawBufferPointer {
        bytes.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[offsets[code]..<offsets[code + 1]]) }
    }

    /// Grows the slot array so that `extra` more entries fit without growing mid-batch.
    mutating func reserve(_ extra: Int) {
        var c = slots.count
        while (count + extra) * 2 >= c { c <<= 1 }
        if c != slots.count { rehash(c) }
    }

    private mutating func rehash(_ c: Int) {
        var s = [UInt64](repeating: 0, count: c)
        let m = c - 1
        s.withUnsafeMutableBufferPointer { sp in
            hashes.withUnsafeBufferPointer { hp in
                for code in 0..<hp.count {
                    let h = hp[code]
                    var i = Int(truncatingIfNeeded: h) & m
                    while sp[i] != 0 { i = (i &+ 1) & m }
                    sp[i] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(code &+ 1)
                }
            }
        }
        slots = s
        mask = m
    }

    /// The code of one string, inserting it if new.
    mutating func code(_ s: UnsafeRawBufferPointer) -> Int64 {
        reserve(1)
        return code(hash: StringDictionary.hash(s.baseAddress, s.count), s)
    }

    /// Codes of the valid rows of a plain string column (`out[i]` is left alone for null rows).
    /// The caller has reserved room for `c.count` new entries.
    mutating func encode(_ c: Column, into out: UnsafeMutablePointer<Int64>) {
        let n = c.count
        guard let data = c.data?.raw else {
            // No bytes at all: every valid value is the empty string.
            let e = code(UnsafeRawBufferPointer(start: nil, count: 0))
            for i in 0..<n { out[i] = e }
            return
        }
        let o = c.offsets
        let vp = c.validity.map { UnsafePointer($0.pointer(UInt8.self)) }
        if count < StringDictionary.prefetchFrom {
            // A small dictionary stays in cache: the prefetch rounds below would only cost time.
            for i in 0..<n {
                if let vp, !Bitmap.get(vp, i) { continue }
                let a = Int(o[i]), len = Int(o[i &+ 1]) &- a
                out[i] = code(hash: StringDictionary.hash(data + a, len), UnsafeRawBufferPointer(start: data + a, count: len))
            }
            return
        }
        // In chunks, so that the memory a probe waits on (slot, then offsets, then bytes of the
        // candidate entry) is requested for the whole chunk before any of it is needed: hash every row
        // and prefetch its slot; read the slots and prefetch the first tag match's offset; read the
        // offsets and prefetch its bytes; then look up for real (the prefetches are only hints).
        let chunk = StringDictionary.chunk
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: chunk) { hb in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: chunk) { cb in
                guard let hs = hb.baseAddress, let cand = cb.baseAddress else { return }
                var start = 0
                while start < n {
                    let end = Swift.min(n, start &+ chunk)
                    slots.withUnsafeBufferPointer { sp in
                        guard let sb = sp.baseAddress else { return }
                        for i in start..<end {
                            let a = Int(o[i]), len = Int(o[i &+ 1]) &- a
                            let h = StringDictionary.hash(data + a, len)
                            hs[i &- start] = h
                            dataflow_prefetch(sb + (Int(truncatingIfNeeded: h) & mask))
                        }
                        for j in 0..<(end &- start) {
                            let h = hs[j], t = h & 0xFFFF_FFFF_0000_0000
                            let v = sp[Int(truncatingIfNeeded: h) & mask]
                            cand[j] = v != 0 && v & 0xFFFF_FFFF_0000_0000 == t ? Int(truncatingIfNeeded: v & 0xFFFF_FFFF) &- 1 : -1
                        }
                    }
                    offsets.withUnsafeBufferPointer { op in
                        guard let ob = op.baseAddress else { return }
                        for j in 0..<(end &- start) where cand[j] >= 0 { dataflow_prefetch(ob + cand[j]) }
                        bytes.withUnsafeBytes { kb in
                            guard let kbase = kb.baseAddress else { return }
                            for j in 0..<(end &- start) where cand[j] >= 0 { dataflow_prefetch(kbase + op[cand[j]]) }
                        }
                    }
                    for i in start..<end {
                        if let vp, !Bitmap.get(vp, i) { continue }
                        let a = Int(o[i]), len = Int(o[i &+ 1]) &- a
                        out[i] = code(hash: hs[i &- start], UnsafeRawBufferPointer(start: data + a, count: len))
                    }
                    start = end
                }
            }
        }
    }

    /// Rows per prefetch round of `encode`.
    static let chunk = 32
    /// Dictionary size from which `encode` prefetches (smaller ones stay in cache).
    static let prefetchFrom = 16_384

    /// Find-or-insert with a known hash; the slot array must have room (see `reserve`).
    @inline(__always) mutating func code(hash: UInt64, _ s: UnsafeRawBufferPointer) -> Int64 {
        let t = hash & 0xFFFF_FFFF_0000_0000
        var i = Int(truncatingIfNeeded: hash) & mask
        let found: Int64? = slots.withUnsafeBufferPointer { sp in
            bytes.withUnsafeBytes { kb in
                offsets.withUnsafeBufferPointer { op in
                    while true {
                        let v = sp[i]
                        if v == 0 { return nil }
                        if v & 0xFFFF_FFFF_0000_0000 == t {
                            let code = Int(truncatingIfNeeded: v & 0xFFFF_FFFF) &- 1
                            let a = op[code], len = op[code &+ 1] &- a
                            if len == s.count && (len == 0 || bytesEqual(kb.baseAddress! + a, s.baseAddress!, len)) {
                                return Int64(code)
                            }
                        }
                        i = (i &+ 1) & mask
                    }
                }
            }
        }
        if let found { return found }
        let code = hashes.count
        slots[i] = t | UInt64(code &+ 1)
        hashes.append(hash)
        bytes.append(contentsOf: s)
        offsets.append(bytes.count)
        return Int64(code)
    }
}

extension StringDictionary {
    /// A string hash for short keys: whole 8-byte words, the last one overlapping the one before
    /// (no byte loop for the tail), then SplitMix64's finaliser.
    @inline(__always) static func hash(_ p: UnsafeRawPointer?, _ n: Int) -> UInt64 {
        var h = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
        guard let p, n > 0 else { return Kernels.mix64(h) }
        @inline(__always) func fold(_ w: UInt64) {
            let x = h ^ (w &* 0xC2B2_AE3D_27D4_EB4F)
            h = ((x &<< 29) | (x &>> 35)) &* 0x1656_67B1_9E37_79F9
        }
        if n >= 8 {
            var i = 0
            while i &+ 8 < n {
                fold(p.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i &+= 8
            }
            fold(p.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self))
        } else if n >= 4 {
            let a = UInt64(p.loadUnaligned(as: UInt32.self)), b = UInt64(p.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self))
            fold(a | b &<< 32)
        } else {
            let a = UInt64(p.load(as: UInt8.self)), b = UInt64(p.load(fromByteOffset: n &>> 1, as: UInt8.self))
            let c = UInt64(p.load(fromByteOffset: n &- 1, as: UInt8.self))
            fold(a | b &<< 8 | c &<< 16)
        }
        return Kernels.mix64(h)
    }
}

/// Byte equality, 8 bytes at a time (keys are short).
@inline(__always) func bytesEqual(_ p: UnsafeRawPointer, _ q: UnsafeRawPointer, _ n: Int) -> Bool {
    var i = 0
    while i &+ 8 <= n {
        if p.loadUnaligned(fromByteOffset: i, as: UInt64.self) != q.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i &+= 8
    }
    if i &+ 4 <= n {
        if p.loadUnaligned(fromByteOffset: i, as: UInt32.self) != q.loadUnaligned(fromByteOffset: i, as: UInt32.self) { return false }
        i &+= 4
    }
    while i < n {
        if p.load(fromByteOffset: i, as: UInt8.self) != q.load(fromByteOffset: i, as: UInt8.self) { return false }
        i &+= 1
    }
    return true
}
