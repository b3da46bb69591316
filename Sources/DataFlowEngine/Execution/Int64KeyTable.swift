import DataFlowColumnar

/// A hash table from one integer key (int, bigint, date, timestamp) to dense ids: the fast path for
/// joins on a single integer column, which skips the byte encoding of `EncodedKeys`.
struct Int64KeyTable {
    private var keys: [Int64]
    private var ids: [Int32]  // -1 = empty slot
    private var mask: Int
    /// 64 - log2(slot count): the slot is the top bits of the hash product.
    private var shift: UInt64
    private(set) var count = 0

    init(capacity: Int) {
        var c = 16
        while c < capacity * 2 { c <<= 1 }
        keys = [Int64](repeating: 0, count: c)
        ids = [Int32](repeating: -1, count: c)
        mask = c - 1
        shift = UInt64(64 - c.trailingZeroBitCount)
    }

    var byteSize: Int { keys.count * 12 }

    /// Fibonacci hashing: the top log2(capacity) bits of the product, which depend on every key bit.
    @inline(__always) static func slot(_ k: Int64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: k) &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }

    /// The key's id, inserting it with the next id (0, 1, 2, …) if new.
    mutating func findOrInsert(_ k: Int64) -> Int32 { findOrInsert(k, newId: Int32(count)).id }

    /// The key's id, inserting it with `newId` if new.
    mutating func findOrInsert(_ k: Int64, newId: Int32) -> (id: Int32, inserted: Bool) {
        if count * 2 >= ids.count { grow() }
        let m = mask, sh = shift
        let r: (Int32, Bool) = keys.withUnsafeMutableBufferPointer { kp in
            ids.withUnsafeMutableBufferPointer { ip in
                var s = Int64KeyTable.slot(k, sh)
                while true {
                    let id = ip[s]
                    if id < 0 {
                        kp[s] = k
                        ip[s] = newId
                        return (newId, true)
                    }
                    if kp[s] == k { return (id, false) }
                    s = (s &+ 1) & m
                }
            }
        }
        if r.1 { count += 1 }
        return r
    }

    func find(_ k: Int64) -> Int32 {
        keys.withUnsafeBufferPointer { kp in
            ids.withUnsafeBufferPointer { ip in
                var s = Int64KeyTable.slot(k, shift)
                while true {
                    let id = ip[s]
                    if id < 0 || kp[s] == k { return id }
                    s = (s &+ 1) & mask
                }
            }
        }
    }

    /// Makes room for `extra` more keys without growing mid-batch.
    mutating func reserve(_ extra: Int) {
        while (count + extra) * 2 >= ids.count { grow() }
    }

    /// Ids for a batch of keys (`valid` nil = no nulls), inserting new keys with consecutive ids from
    /// `newKeys.count` and appending them to `newKeys`; null rows share one group, `nullGroup`, created
    /// on first use (a placeholder 0 is appended to `newKeys` for it).
    mutating func assign<T: FixedWidthInteger>(_ v: UnsafeBufferPointer<T>, valid: UnsafePointer<UInt8>?,
                                               into out: UnsafeMutablePointer<Int32>, newKeys: inout [Int64],
                                               nullGroup: inout Int32) {
        reserve(v.count)
        let m = mask, sh = shift
        var added = 0
        keys.withUnsafeMutableBufferPointer { kp in
            ids.withUnsafeMutableBufferPointer { ip in
                for i in 0..<v.count {
                    if let valid, !Bitmap.get(valid, i) {
                        if nullGroup < 0 { nullGroup = Int32(newKeys.count); newKeys.append(0) }
                        out[i] = nullGroup
                        continue
                    }
                    let k = Int64(v[i])
                    var s = Int64KeyTable.slot(k, sh)
                    while true {
                        let id = ip[s]
                        if id < 0 {
                            let nid = Int32(newKeys.count)
                            kp[s] = k
                            ip[s] = nid
                            newKeys.append(k)
                            added &+= 1
                            out[i] = nid
                            break
                        }
                        if kp[s] == k { out[i] = id; break }
                        s = (s &+ 1) & m
                    }
                }
            }
        }
        count += added
    }

    private mutating func grow() {
        let oldKeys = keys, oldIds = ids
        let c = ids.count * 2
        keys = [Int64](repeating: 0, count: c)
        ids = [Int32](repeating: -1, count: c)
        mask = c - 1
        shift = UInt64(64 - c.trailingZeroBitCount)
        for s in 0..<oldIds.count where oldIds[s] >= 0 {
            var t = Int64KeyTable.slot(oldKeys[s], shift)
            while ids[t] >= 0 { t = (t &+ 1) & mask }
            keys[t] = oldKeys[s]
            ids[t] = oldIds[s]
        }
    }
}

/// Reads an integer-like column's row as Int64.
@inline(__always) func int64Key(_ c: Column, _ i: Int) -> Int64 {
    c.type.byteWidth == 4 ? Int64(c.values(Int32.self)[i]) : c.values(Int64.self)[i]
}

func isIntegerKey(_ t: DataType) -> Bool {
    switch t {
    case .int32, .int64, .date, .timestamp: return true
    default: return false
    }
}
