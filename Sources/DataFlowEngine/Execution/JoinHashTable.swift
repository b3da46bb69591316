import CDataFlowSupport
import DataFlowColumnar

/// The build side of a hash join, indexed by key and built on every worker.
///
/// Build rows are numbered across the build batches in order. Each row's key hash picks one of up to
/// 64 partitions (its top bits); rows are scattered into partition order (keeping row order within a
/// partition), then each partition's table — an `Int64KeyTable` for one integer key, a `GroupTable`
/// of encoded keys otherwise — is built by one worker. Rows with equal keys are chained in build order
/// through one shared `next` array (each row belongs to one partition, so workers never write the same
/// entry). Rows with a null key are left out: they never match.
final class JoinHashTable: @unchecked Sendable {
    let rowCount: Int
    let isInt: Bool
    /// Two integer keys whose build values all fit in 32 bits, packed into one `Int64` key (TPC-H's
    /// `(partkey, suppkey)`): the integer fast path instead of byte-encoded keys.
    let packed: Bool
    /// Partition of a hash: `hash >> shift` (one partition when `shift` is 64).
    private let shift: UInt64
    private var intTables: [JoinIntSlots] = []
    /// Slot arrays and masks of `intTables`, by partition, for the probe loop.
    private var intSlots: [UnsafeMutablePointer<JoinIntSlots.Slot>] = []
    private var intMasks: [Int] = []
    private var intShifts: [UInt64] = []
    private var tables: [GroupTable] = []
    /// Per partition of `tables`: group id → first build row.
    private var first: [[Int32]] = []
    /// Build row → next build row with the same key, or -1.
    private let next: UnsafeMutablePointer<Int32>
    private(set) var byteSize = 0

    /// Multiplier of the integer-key hash (the one `Int64KeyTable` slots with).
    @inline(__always) static func intHash(_ k: Int64) -> UInt64 { UInt64(bitPattern: k) &* 0x9E37_79B9_7F4A_7C15 }

    @inline(__always) static func fits(_ k: Int64) -> Bool { k >= Int64(Int32.min) && k <= Int64(Int32.max) }
    /// Two keys that `fits` as one (distinct pairs give distinct values).
    @inline(__always) static func pack(_ a: Int64, _ b: Int64) -> Int64 { (a &<< 32) | Int64(UInt32(truncatingIfNeeded: b)) }

    init(batches: [RecordBatch], keys: [CompiledExpr], ctx: ExecutionContext) throws {
        let offsets = batches.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.rowCount) }
        let n = offsets[offsets.count - 1]
        rowCount = n
        next = .allocate(capacity: max(n, 1))
        next.initialize(repeating: -1, count: max(n, 1))
        let bits = n < 100_000 ? 0 : 6
        let parts = 1 << bits
        shift = UInt64(64 - bits)

        // 1. Keys and hashes of every build batch, in parallel.
        let keyCols = SlotArray<[Column]>(batches.count)
        try ctx.parallelFor(batches.count) { b, _ in keyCols[b] = try keys.map { try $0.evaluate(batches[b]) } }
        let firstCols = batches.isEmpty ? [] : (keyCols[0] ?? [])
        let allInt = !firstCols.isEmpty && firstCols.allSatisfy { isIntegerKey($0.type) }
        packed = keys.count == 2 && allInt && (0..<batches.count).allSatisfy { b in
            (keyCols[b] ?? []).allSatisfy { c in (0..<c.count).allSatisfy { !c.isValid($0) || JoinHashTable.fits(int64Key(c, $0)) } }
        }
        isInt = (keys.count == 1 && allInt) || packed
        let hashes = UnsafeMutablePointer<UInt64>.allocate(capacity: max(n, 1))
        let valid = UnsafeMutablePointer<UInt8>.allocate(capacity: max(n, 1))
        let intKeys = UnsafeMutablePointer<Int64>.allocate(capacity: isInt ? max(n, 1) : 1)
        defer { hashes.deallocate(); valid.deallocate(); intKeys.deallocate() }
        let encoded = SlotArray<EncodedKeys>(isInt ? 0 : batches.count)
        let counts = SlotArray<[Int]>(batches.count)
        let isInt = self.isInt, packed = self.packed, sh = shift
        let h = UncheckedBox((hashes, valid, intKeys))
        try ctx.parallelFor(batches.count) { b, _ in
            let (hashes, valid, intKeys) = h.value
            let cols = keyCols[b] ?? []
            let base = offsets[b], m = batches[b].rowCount
            var c = [Int](repeating: 0, count: parts)
            if isInt {
                let col = cols[0], col1 = packed ? cols[1] : cols[0]
                for i in 0..<m {
                    let ok = col.isValid(i) && col1.isValid(i)
                    valid[base + i] = ok ? 1 : 0
                    guard ok else { continue }
                    let k = packed ? JoinHashTable.pack(int64Key(col, i), int64Key(col1, i)) : int64Key(col, i)
                    intKeys[base + i] = k
                    let hv = JoinHashTable.intHash(k)
                    hashes[base + i] = hv
                    c[sh == 64 ? 0 : Int(hv >> sh)] += 1
                }
            } else {
                let e = EncodedKeys(columns: cols)
                for i in 0..<m {
                    let ok = !e.hasNull[i]
                    valid[base + i] = ok ? 1 : 0
                    guard ok else { continue }
                    hashes[base + i] = e.hashes[i]
                    c[sh == 64 ? 0 : Int(e.hashes[i] >> sh)] += 1
                }
                encoded[b] = e
            }
            counts[b] = c
        }

        // 2. Where each batch's rows of each partition go in partition order.
        var starts = [[Int]](repeating: [Int](repeating: 0, count: parts), count: batches.count)
        var partStart = [Int](repeating: 0, count: parts + 1)
        var running = 0
        for p in 0..<parts {
            partStart[p] = running
            for b in 0..<batches.count {
                starts[b][p] = running
                running += counts[b]?[p] ?? 0
            }
        }
        partStart[parts] = running
        let batchStarts = starts, partitionStarts = partStart
        // The key (integer keys) or hash (encoded keys) goes along with the row, so step 3 reads them
        // sequentially instead of gathering them from row order (a cache miss per row on big builds).
        let order = UnsafeMutablePointer<Int32>.allocate(capacity: max(running, 1))
        let carried = UnsafeMutablePointer<UInt64>.allocate(capacity: max(running, 1))
        defer { order.deallocate(); carried.deallocate() }
        let o = UncheckedBox((order, carried))
        try ctx.parallelFor(batches.count) { b, _ in
            let (hashes, valid, intKeys) = h.value
            let (order, carried) = o.value
            var cursor = batchStarts[b]
            for r in offsets[b]..<offsets[b + 1] where valid[r] != 0 {
                let p = sh == 64 ? 0 : Int(hashes[r] >> sh)
                order[cursor[p]] = Int32(r)
                carried[cursor[p]] = isInt ? UInt64(bitPattern: intKeys[r]) : hashes[r]
                cursor[p] += 1
            }
        }

        // 3. One table per partition, each built by one worker.
        let intOut = SlotArray<JoinIntSlots>(isInt ? parts : 0)
        let tableOut = SlotArray<GroupTable>(isInt ? 0 : parts)
        let firstOut = SlotArray<[Int32]>(isInt ? 0 : parts)
        let nx = UncheckedBox(next)
        try ctx.parallelFor(parts) { p, _ in
            let (order, carried) = o.value
            let lo = partitionStarts[p], hi = partitionStarts[p + 1]
            if isInt {
                // Backwards, so that prepending to each key's chain leaves it in build order.
                let t = JoinIntSlots(capacity: hi - lo)
                var k = hi - 1
                while k >= lo {
                    let key = Int64(bitPattern: carried[k])
                    t.prepend(key, hash: JoinHashTable.intHash(key), row: order[k], next: nx.value)
                    k -= 1
                }
                intOut[p] = t
                return
            }
            var heads: [Int32] = [], tails: [Int32] = []
            heads.reserveCapacity(hi - lo)
            tails.reserveCapacity(hi - lo)
            var t = GroupTable(capacity: hi - lo)
            var b = -1
            var e = EncodedKeys(columns: [])
            for k in lo..<hi {
                let r = Int(order[k])
                if b < 0 || r >= offsets[b + 1] {
                    while r >= offsets[b + 1] { b += 1 }
                    guard let eb = encoded[b] else { continue }
                    e = eb
                }
                let i = r - offsets[b]
                let g = e.bytes.withUnsafeBytes { kb in
                    t.findOrInsert(hash: carried[k], UnsafeRawBufferPointer(rebasing: kb[e.offsets[i]..<e.offsets[i + 1]]))
                }
                if Int(g) == heads.count {
                    heads.append(Int32(r))
                    tails.append(Int32(r))
                } else {
                    nx.value[Int(tails[Int(g)])] = Int32(r)
                    tails[Int(g)] = Int32(r)
                }
            }
            tableOut[p] = t
            firstOut[p] = heads
        }
        if isInt {
            intTables = (0..<parts).map { intOut[$0] ?? JoinIntSlots(capacity: 0) }
            intSlots = intTables.map(\.slots)
            intMasks = intTables.map(\.mask)
            intShifts = intTables.map(\.shift)
            byteSize = intTables.reduce(0) { $0 + $1.byteSize }
        } else {
            first = (0..<parts).map { firstOut[$0] ?? [] }
            tables = (0..<parts).map { tableOut[$0] ?? GroupTable(capacity: 0) }
            byteSize = tables.reduce(0) { $0 + $1.byteSize } + first.reduce(0) { $0 + $1.count * 4 }
        }
        byteSize += n * 4
    }

    deinit { next.deallocate() }

    /// Appends every (probe row, build row) pair with equal keys, probe rows ascending and each probe
    /// row's build rows in build order. Null probe keys match nothing.
    func probe(_ keyCols: [Column], count n: Int, pl: inout [Int32], pr: inout [Int32]) {
        let sh = shift
        if isInt && packed {
            // A row whose keys are null or outside 32 bits matches nothing.
            let c = keyCols[0], c1 = keyCols[1]
            var ok = [UInt8](repeating: 0, count: n)
            let wide = [Int64](unsafeUninitializedCapacity: n) { buf, count in
                for i in 0..<n {
                    let a = int64Key(c, i), b = int64Key(c1, i)
                    let good = c.isValid(i) && c1.isValid(i) && JoinHashTable.fits(a) && JoinHashTable.fits(b)
                    ok[i] = good ? 1 : 0
                    buf[i] = good ? JoinHashTable.pack(a, b) : 0
                }
                count = n
            }
            ok.withUnsafeBufferPointer { okp in
                wide.withUnsafeBufferPointer { probeInt($0, valid: nil, rowOK: okp.baseAddress, &pl, &pr) }
            }
        } else if isInt {
            let c = keyCols[0]
            // The keys as Int64 (int and date columns widened), then a probe loop that prefetches the
            // slot of the row `ahead` rows on, so several cache misses overlap.
            var wide: [Int64] = []
            if c.type.byteWidth == 4 {
                wide = [Int64](unsafeUninitializedCapacity: n) { buf, count in
                    let v = c.values(Int32.self)
                    for i in 0..<n { buf[i] = Int64(v[i]) }
                    count = n
                }
            }
            let valid = c.validity.map { UnsafePointer($0.pointer(UInt8.self)) }
            if c.type.byteWidth == 4 {
                wide.withUnsafeBufferPointer { probeInt($0, valid: valid, rowOK: nil, &pl, &pr) }
            } else {
                probeInt(c.values(Int64.self), valid: valid, rowOK: nil, &pl, &pr)
            }
        } else {
            // Locals, not the class's stored properties: no exclusivity checks in the loop.
            let tables = self.tables, first = self.first
            let keys = EncodedKeys(columns: keyCols)
            keys.bytes.withUnsafeBytes { kb in
                for r in 0..<n where !keys.hasNull[r] {
                    let hv = keys.hashes[r]
                    let p = sh == 64 ? 0 : Int(hv >> sh)
                    let g = tables[p].find(hash: hv, UnsafeRawBufferPointer(rebasing: kb[keys.offsets[r]..<keys.offsets[r + 1]]))
                    if g >= 0 { chain(first[p][Int(g)], Int32(r), &pl, &pr) }
                }
            }
        }
    }

    /// The integer-key probe: prefetches the slot of the row `ahead` rows on, so several cache misses
    /// are in flight at once (null rows' values are garbage, which is harmless for a prefetch). Rows are
    /// skipped where the `valid` bitmap has a 0 bit or `rowOK` a 0 byte.
    private func probeInt(_ keys: UnsafeBufferPointer<Int64>, valid: UnsafePointer<UInt8>?, rowOK: UnsafePointer<UInt8>?,
                          _ pl: inout [Int32], _ pr: inout [Int32]) {
        let n = keys.count, sh = shift, ahead = 16
        intSlots.withUnsafeBufferPointer { slots in
            intMasks.withUnsafeBufferPointer { masks in
              intShifts.withUnsafeBufferPointer { shifts in
                for r in 0..<n {
                    if r &+ ahead < n {
                        let hv = JoinHashTable.intHash(keys[r &+ ahead])
                        let p = sh == 64 ? 0 : Int(hv >> sh)
                        dataflow_prefetch(slots[p] + JoinIntSlots.index(hv, shifts[p]))
                    }
                    if let valid, !Bitmap.get(valid, r) { continue }
                    if let rowOK, rowOK[r] == 0 { continue }
                    let k = keys[r]
                    let hv = JoinHashTable.intHash(k)
                    let p = sh == 64 ? 0 : Int(hv >> sh)
                    let head = JoinIntSlots.find(k, hash: hv, slots[p], masks[p], shifts[p])
                    if head == JoinIntSlots.empty { continue }
                    if head & JoinIntSlots.more == 0 {
                        pl.append(Int32(r))
                        pr.append(Int32(bitPattern: head))
                    } else {
                        chain(Int32(bitPattern: head & ~JoinIntSlots.more), Int32(r), &pl, &pr)
                    }
                }
              }
            }
        }
    }

    @inline(__always) private func chain(_ head: Int32, _ probeRow: Int32, _ pl: inout [Int32], _ pr: inout [Int32]) {
        var b = head
        while b >= 0 {
            pl.append(probeRow)
            pr.append(b)
            b = next[Int(b)]
        }
    }
}

/// One partition's table of a join on one integer key: open addressing over 16-byte slots, each holding
/// a key and its first build row, so a probe touches one cache line. A row word with the `more` bit set
/// means further rows with the key follow through the join's `next` chain; unique keys never read it.
final class JoinIntSlots: @unchecked Sendable {
    struct Slot {
        var key: Int64
        var row: UInt32
        var pad: UInt32
    }
    static let empty: UInt32 = .max
    static let more: UInt32 = 1 << 31
    let slots: UnsafeMutablePointer<Slot>
    let mask: Int
    /// `64 - log2(slot count)`: the first slot comes from the hash's top bits below the 6 partition bits.
    let shift: UInt64

    init(capacity: Int) {
        var c = 16, bits: UInt64 = 4
        while c < capacity * 2 { c <<= 1; bits += 1 }
        slots = .allocate(capacity: c)
        slots.initialize(repeating: Slot(key: 0, row: JoinIntSlots.empty, pad: 0), count: c)
        mask = c - 1
        shift = 64 - bits
    }

    deinit { slots.deallocate() }

    var byteSize: Int { (mask + 1) * MemoryLayout<Slot>.stride }

    /// The first slot to look at for a key hashing to `hash`: the product's high bits, which depend on
    /// every bit of the key (its low bits do not see the key's high bits), minus the partition's bits.
    @inline(__always) static func index(_ hash: UInt64, _ shift: UInt64) -> Int { Int(truncatingIfNeeded: (hash &<< 6) &>> shift) }

    /// Makes `row` the first row of `key` (rows are added in descending order), linking the previous
    /// first row after it. Rows are below 2³¹ − 1.
    @inline(__always) func prepend(_ key: Int64, hash: UInt64, row: Int32, next: UnsafeMutablePointer<Int32>) {
        var s = JoinIntSlots.index(hash, shift)
        while true {
            let w = slots[s].row
            if w == JoinIntSlots.empty {
                slots[s].key = key
                slots[s].row = UInt32(bitPattern: row)
                return
            }
            if slots[s].key == key {
                next[Int(row)] = Int32(bitPattern: w & ~JoinIntSlots.more)
                slots[s].row = UInt32(bitPattern: row) | JoinIntSlots.more
                return
            }
            s = (s &+ 1) & mask
        }
    }

    /// The row word of `key`, or `empty`.
    @inline(__always) static func find(_ key: Int64, hash: UInt64, _ slots: UnsafeMutablePointer<Slot>, _ mask: Int, _ shift: UInt64) -> UInt32 {
        var s = index(hash, shift)
        while true {
            let w = slots[s].row
            if w == empty || slots[s].key == key { return w }
            s = (s &+ 1) & mask
        }
    }
}
