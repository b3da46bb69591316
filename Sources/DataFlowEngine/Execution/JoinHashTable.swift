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
    private var intTables: [Int64KeyTable] = []
    private var tables: [GroupTable] = []
    /// Per partition: group id → first build row.
    private var first: [[Int32]] = []
    /// Build row → next build row with the same key, or -1.
    private let next: UnsafeMutablePointer<Int32>
    private(set) var byteSize = 0

    @inline(__always) static func fits(_ k: Int64) -> Bool { k >= Int64(Int32.min) && k <= Int64(Int32.max) }
    /// Two keys that `fits` as one (distinct pairs give distinct values).
    @inline(__always) static func pack(_ a: Int64, _ b: Int64) -> Int64 { (a &<< 32) | Int64(UInt32(truncatingIfNeeded: b)) }

    /// Multiplier of the integer-key hash (the one `Int64KeyTable` slots with).
    @inline(__always) static func intHash(_ k: Int64) -> UInt64 { UInt64(bitPattern: k) &* 0x9E37_79B9_7F4A_7C15 }

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
        let intOut = SlotArray<Int64KeyTable>(isInt ? parts : 0)
        let tableOut = SlotArray<GroupTable>(isInt ? 0 : parts)
        let firstOut = SlotArray<[Int32]>(parts)
        let nx = UncheckedBox(next)
        try ctx.parallelFor(parts) { p, _ in
            let (order, carried) = o.value
            let lo = partitionStarts[p], hi = partitionStarts[p + 1]
            var heads: [Int32] = [], tails: [Int32] = []
            heads.reserveCapacity(hi - lo)
            tails.reserveCapacity(hi - lo)
            @inline(__always) func link(_ g: Int32, _ r: Int32) {
                if Int(g) == heads.count {
                    heads.append(r)
                    tails.append(r)
                } else {
                    nx.value[Int(tails[Int(g)])] = r
                    tails[Int(g)] = r
                }
            }
            if isInt {
                var t = Int64KeyTable(capacity: hi - lo)
                for k in lo..<hi {
                    link(t.findOrInsert(Int64(bitPattern: carried[k])), order[k])
                }
                intOut[p] = t
            } else {
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
                    e.bytes.withUnsafeBytes { kb in
                        let key = UnsafeRawBufferPointer(rebasing: kb[e.offsets[i]..<e.offsets[i + 1]])
                        link(t.findOrInsert(hash: carried[k], key), Int32(r))
                    }
                }
                tableOut[p] = t
            }
            firstOut[p] = heads
        }
        first = (0..<parts).map { firstOut[$0] ?? [] }
        if isInt {
            intTables = (0..<parts).map { intOut[$0] ?? Int64KeyTable(capacity: 0) }
            byteSize = intTables.reduce(0) { $0 + $1.byteSize }
        } else {
            tables = (0..<parts).map { tableOut[$0] ?? GroupTable(capacity: 0) }
            byteSize = tables.reduce(0) { $0 + $1.byteSize }
        }
        byteSize += n * 4 + first.reduce(0) { $0 + $1.count * 4 }
    }

    deinit { next.deallocate() }

    /// Appends every (probe row, build row) pair with equal keys, probe rows ascending and each probe
    /// row's build rows in build order. Null probe keys match nothing.
    func probe(_ keyCols: [Column], count n: Int, pl: inout [Int32], pr: inout [Int32]) {
        let sh = shift
        // Locals, not the class's stored properties: no exclusivity checks in the loop.
        let first = self.first
        if isInt {
            let c = keyCols[0], c1 = packed ? keyCols[1] : keyCols[0], packed = self.packed
            let tables = intTables
            for r in 0..<n where c.isValid(r) && c1.isValid(r) {
                var k = int64Key(c, r)
                if packed {
                    // A value outside 32 bits is in no build key.
                    let k1 = int64Key(c1, r)
                    guard JoinHashTable.fits(k), JoinHashTable.fits(k1) else { continue }
                    k = JoinHashTable.pack(k, k1)
                }
                let p = sh == 64 ? 0 : Int(JoinHashTable.intHash(k) >> sh)
                let g = tables[p].find(k)
                if g >= 0 { chain(first[p][Int(g)], Int32(r), &pl, &pr) }
            }
        } else {
            let tables = self.tables
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

    @inline(__always) private func chain(_ head: Int32, _ probeRow: Int32, _ pl: inout [Int32], _ pr: inout [Int32]) {
        var b = head
        while b >= 0 {
            pl.append(probeRow)
            pr.append(b)
            b = next[Int(b)]
        }
    }
}
