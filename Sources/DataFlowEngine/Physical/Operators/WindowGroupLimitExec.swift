import DataFlowColumnar

/// Keeps, per partition, only the rows whose `row_number`/`rank`/`dense_rank` under `orderBy` can be
/// at most `limit` (Spark's WindowGroupLimit); the window above then sorts these few rows instead of
/// its whole input. Which rows survive:
/// - row_number: the best `limit` rows (ties broken arbitrarily);
/// - rank: rows with fewer than `limit` rows strictly better (ties at the boundary all stay);
/// - dense_rank: rows whose order value is among the best `limit` distinct values.
///
/// With one fixed-width order key and a small limit, each worker keeps per partition (a hash table
/// over the partition keys) the best `limit` normalized order keys seen so far and passes on only
/// rows that beat them, copying those few rows out of each morsel. Otherwise every row is a
/// candidate. Either way, candidates are cut down by an exact selection (sort by partition and order
/// keys, count ranks) whenever they pile up, and once more over all workers' candidates at the end.
/// Output rows come in no particular order.
final class WindowGroupLimitExec: PhysicalOperator {
    let partitionBy: [Expr]
    let orderBy: [SortOrder]
    let function: RankingFunction
    let limit: Int
    let child: any PhysicalOperator
    var name: String { "WindowGroupLimit" }
    var schema: Schema { child.schema }
    var children: [any PhysicalOperator] { [child] }
    var details: String {
        describeList(partitionBy) + ", [" + orderBy.map(\.description).joined(separator: ", ") + "], \(function.rawValue), limit=\(limit)"
    }

    /// Largest limit for the per-partition running top-k (it holds `limit` keys per partition).
    static let maxOnlineLimit = 16
    /// Candidates a worker holds before it cuts them down (then twice what remained, at least this).
    let compactionRows: Int

    init(partitionBy: [Expr], orderBy: [SortOrder], function: RankingFunction, limit: Int, _ child: any PhysicalOperator,
         compactionRows: Int = 1 << 20) {
        self.compactionRows = max(1, compactionRows)
        self.partitionBy = partitionBy
        self.orderBy = orderBy
        self.function = function
        self.limit = max(1, limit)
        self.child = child
    }

    func open(_ ctx: ExecutionContext) throws -> MorselSource {
        let src = try child.open(ctx)
        var candidates: [RecordBatch]
        var worthSelecting = true
        if orderBy.count == 1, NormalizedKeys.supports(orderBy[0].expr.type), limit <= WindowGroupLimitExec.maxOnlineLimit {
            let t = partitionBy.first?.type
            if partitionBy.isEmpty {
                candidates = try runningTopK(src, ctx, IntGroupTable.self)
            } else if partitionBy.count == 1, let t, isIntegerKey(t) {
                candidates = try runningTopK(src, ctx, IntGroupTable.self)
            } else if PackedGroupTable.supports(partitionBy.map(\.type)) {
                candidates = try runningTopK(src, ctx, PackedGroupTable.self)
            } else {
                candidates = try runningTopK(src, ctx, GroupTable.self)
            }
        } else {
            (candidates, worthSelecting) = try buffered(src, ctx)
        }
        // When cutting stopped paying (most rows qualify), the window above gets every row as is.
        if !worthSelecting { return .batches(candidates) }
        let out = try select(RecordBatch.concat(candidates, schema: schema), ctx)
        try ctx.reserve(out.byteSize, for: "WindowGroupLimit")
        let n = out.rowCount, m = RecordBatch.morselSize
        return MorselSource(count: (n + m - 1) / m) { i in
            let lo = i * m
            return out.slice(lo, min(n, lo + m) - lo)
        }
    }

    // MARK: - Exact selection

    /// The rows of `batch` whose rank is at most `limit`, found by sorting on (partition, order) keys.
    func select(_ batch: RecordBatch, _ ctx: ExecutionContext) throws -> RecordBatch {
        let n = batch.rowCount
        if n == 0 { return batch }
        let pk = try partitionBy.map { try ExpressionEvaluator.compile($0).evaluate(batch) }
        let ok = try orderBy.map { try ExpressionEvaluator.compile($0.expr).evaluate(batch) }
        let orders = partitionBy.map { SortOrder($0) } + orderBy
        let perm = try RowComparator(columns: pk + ok, orders: orders).sortedIndices(n, ctx: ctx)
        var newPartition = [UInt8](repeating: 0, count: n)
        perm.withUnsafeBufferPointer { p in KeyRuns.markChanges(pk.map { $0.take(p) }, &newPartition) }
        var newPeer = newPartition
        perm.withUnsafeBufferPointer { p in KeyRuns.markChanges(ok.map { $0.take(p) }, &newPeer) }
        var keep: [Int32] = []
        var rowNumber = 0, rank = 0, dense = 0
        for i in 0..<n {
            if i == 0 || newPartition[i] != 0 { rowNumber = 0; rank = 0; dense = 0 }
            rowNumber += 1
            if i == 0 || newPeer[i] != 0 { rank = rowNumber; dense += 1 }
            let r: Int
            switch function {
            case .rowNumber: r = rowNumber
            case .rank: r = rank
            case .denseRank: r = dense
            }
            if r <= limit { keep.append(perm[i]) }
        }
        return keep.count == n ? batch : batch.take(keep)
    }

    /// No running top-k: every row is a candidate; each worker cuts its candidates down when they pile
    /// up. A cut that keeps more than half the rows read so far means most rows qualify: that worker
    /// stops cutting, and the result says selecting is not worth it (the window above sorts all rows anyway).
    func buffered(_ src: MorselSource, _ ctx: ExecutionContext) throws -> ([RecordBatch], worthSelecting: Bool) {
        struct State {
            var kept: [RecordBatch] = []
            var rows = 0
            /// Rows this worker has read.
            var seen = 0
            var nextCut: Int
            var gaveUp = false
        }
        let single = ExecutionContext(threads: 1, memoryLimit: ctx.memoryLimit, control: ctx.control)
        let states = WorkerLocal(ctx.threads) { State(nextCut: self.compactionRows) }
        let schema = self.schema
        try ctx.parallelFor(src.count) { i, w in
            let b = try src.produce(i)
            if b.rowCount == 0 { return }
            try states.with(w) { s in
                s.kept.append(b)
                s.rows += b.rowCount
                s.seen += b.rowCount
                if s.rows > s.nextCut {
                    let cut = try self.select(RecordBatch.concat(s.kept, schema: schema), single)
                    if cut.rowCount * 2 > s.seen {
                        s.gaveUp = true
                        s.nextCut = Int.max
                    } else {
                        s.nextCut = max(self.compactionRows, 2 * cut.rowCount)
                    }
                    s.kept = [cut]
                    s.rows = cut.rowCount
                }
            }
        }
        let all = states.all
        return (all.flatMap(\.kept), !all.contains { $0.gaveUp })
    }

    // MARK: - Running top-k per partition

    /// One worker's running top-k: per partition, its best `limit` order keys so far, sorted (for
    /// dense_rank, distinct keys), and the candidate rows copied out of morsels with each one's
    /// partition id and key.
    struct TopKState<Table: AggregateKeyTable> {
        var table: Table
        /// `limit` slots per partition.
        var best: [UInt128] = []
        /// Slots in use per partition.
        var filled: [Int32] = []
        var kept: [RecordBatch] = []
        var keptGroups: [[Int32]] = []
        var keptKeys: [[UInt128]] = []
        var keptRows = 0
        var nextCut: Int
        var ids: [Int32] = []
    }

    func runningTopK<Table: AggregateKeyTable>(_ src: MorselSource, _ ctx: ExecutionContext, _: Table.Type) throws -> [RecordBatch] {
        let pk = try partitionBy.map { try ExpressionEvaluator.compile($0) }
        let ok = try ExpressionEvaluator.compile(orderBy[0].expr)
        let order = orderBy[0]
        let states = WorkerLocal(ctx.threads) { TopKState(table: Table(capacity: 1024), nextCut: self.compactionRows) }
        try ctx.parallelFor(src.count) { i, w in
            let b = try src.produce(i)
            let n = b.rowCount
            if n == 0 { return }
            let keys = try pk.map { try $0.evaluate(b) }
            let orderColumn = try ok.evaluate(b).decoded()
            guard let normalized = NormalizedKeys([orderColumn], [order]) else {
                throw DataFlowError("INTERNAL_ERROR", "window group limit: order key of type \(orderColumn.type) has no normalized form")
            }
            states.with(w) { s in
                if keys.isEmpty {
                    if s.ids.count != n { s.ids = [Int32](repeating: 0, count: n) }
                } else {
                    s.table.assign(keys, into: &s.ids)
                }
                let groups = keys.isEmpty ? 1 : s.table.groupCount
                if s.filled.count < groups {
                    s.filled.append(contentsOf: repeatElement(0, count: groups - s.filled.count))
                    s.best.append(contentsOf: repeatElement(0, count: groups * limit - s.best.count))
                }
                var sel: [Int32] = [], selGroups: [Int32] = [], selKeys: [UInt128] = []
                offer(n, s.ids, normalized, &s.best, &s.filled, &sel, &selGroups, &selKeys)
                if sel.isEmpty { return }
                s.kept.append(sel.count == n ? b : b.take(sel))
                s.keptGroups.append(selGroups)
                s.keptKeys.append(selKeys)
                s.keptRows += sel.count
                if s.keptRows > s.nextCut {
                    cut(&s)
                    s.nextCut = max(self.compactionRows, 2 * s.keptRows)
                }
            }
        }
        return states.all.flatMap { s -> [RecordBatch] in
            var s = s
            cut(&s)
            return s.kept
        }
    }

    /// Passes each row's key to its partition's running top-k; appends the rows that enter it (or, for
    /// rank and dense_rank, tie with it) to `sel`, with their partition ids and keys.
    func offer(_ n: Int, _ ids: [Int32], _ normalized: NormalizedKeys, _ best: inout [UInt128], _ filled: inout [Int32],
               _ sel: inout [Int32], _ selGroups: inout [Int32], _ selKeys: inout [UInt128]) {
        let k = limit
        let codes = normalized.codes, ranks = normalized.nullRanks
        let function = self.function
        ids.withUnsafeBufferPointer { ids in
            best.withUnsafeMutableBufferPointer { best in
                filled.withUnsafeMutableBufferPointer { filled in
                    /// Inserts `key` into the sorted slots `base..<base+count` (count < k), keeping them sorted.
                    @inline(__always) func insert(_ base: Int, _ count: Int, _ key: UInt128) {
                        var j = base &+ count
                        while j > base && best[j &- 1] > key {
                            best[j] = best[j &- 1]
                            j &-= 1
                        }
                        best[j] = key
                    }
                    for i in 0..<n {
                        let g = Int(ids[i])
                        let key = UInt128(ranks[i]) << 64 | UInt128(codes[i])
                        let base = g &* k
                        let c = Int(filled[g])
                        var take = false
                        switch function {
                        case .rowNumber, .rank:
                            if c < k {
                                insert(base, c, key)
                                filled[g] = Int32(c &+ 1)
                                take = true
                            } else {
                                let worst = best[base &+ k &- 1]
                                if key < worst {
                                    insert(base, k &- 1, key)
                                    take = true
                                } else {
                                    take = function == .rank && key == worst
                                }
                            }
                        case .denseRank:
                            var present = false
                            for j in base..<(base &+ c) where best[j] == key { present = true; break }
                            if present {
                                take = true
                            } else if c < k {
                                insert(base, c, key)
                                filled[g] = Int32(c &+ 1)
                                take = true
                            } else if key < best[base &+ k &- 1] {
                                insert(base, k &- 1, key)
                                take = true
                            }
                        }
                        if take {
                            sel.append(Int32(i))
                            selGroups.append(Int32(g))
                            selKeys.append(key)
                        }
                    }
                }
            }
        }
    }

    /// Drops the candidates that no longer qualify against their partition's current top-k: once a
    /// partition holds `limit` keys, rows worse than the last one cannot rank within `limit`.
    func cut<Table>(_ s: inout TopKState<Table>) {
        let k = limit
        var kept: [RecordBatch] = [], keptGroups: [[Int32]] = [], keptKeys: [[UInt128]] = []
        var rows = 0
        for (j, b) in s.kept.enumerated() {
            let groups = s.keptGroups[j], keys = s.keptKeys[j]
            var sel: [Int32] = [], selGroups: [Int32] = [], selKeys: [UInt128] = []
            for r in 0..<b.rowCount {
                let g = Int(groups[r])
                if Int(s.filled[g]) == k && keys[r] > s.best[g * k + k - 1] { continue }
                sel.append(Int32(r))
                selGroups.append(groups[r])
                selKeys.append(keys[r])
            }
            if sel.isEmpty { continue }
            kept.append(sel.count == b.rowCount ? b : b.take(sel))
            keptGroups.append(selGroups)
            keptKeys.append(selKeys)
            rows += sel.count
        }
        s.kept = kept
        s.keptGroups = keptGroups
        s.keptKeys = keptKeys
        s.keptRows = rows
    }
}
