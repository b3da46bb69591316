import DataFlowColumnar

/// `collect_list` / `collect_set`: each group's non-null input values as an array. Input batches are
/// compacted to their non-null values and kept as columns; a group holds the row numbers of its values
/// in that store, and `finish` gathers every group's array in one `take` (no value boxing).
/// `collect_set` removes duplicates when finishing, keeping first appearances.
final class CollectAccumulator: Accumulator {
    let type: DataType
    let distinct: Bool
    /// Compacted input: the non-null values of each batch seen.
    private var chunks: [Column] = []
    private var stored = 0
    /// Per group, rows of the concatenated chunks.
    private var lists: [[Int32]] = []

    init(type: DataType, distinct: Bool) {
        self.type = type
        self.distinct = distinct
    }

    func resize(_ groups: Int) { lists.grow(to: groups, fill: []) }

    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0]
        var keep: [Int32] = []
        keep.reserveCapacity(g.count)
        for i in 0..<g.count where c.isValid(i) {
            lists[Int(g[i])].append(Int32(truncatingIfNeeded: stored + keep.count))
            keep.append(Int32(i))
        }
        guard !keep.isEmpty else { return }
        guard stored + keep.count < Int(Int32.max) else {
            throw DataFlowError("COLLECTION_SIZE_LIMIT_EXCEEDED", "\(distinct ? "collect_set" : "collect_list") collected more than \(Int32.max) values.")
        }
        chunks.append(keep.count == c.count ? c : keep.withUnsafeBufferPointer { c.take($0) })
        stored += keep.count
    }

    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        let o = other as! CollectAccumulator
        let base = Int32(truncatingIfNeeded: stored)
        guard stored + o.stored < Int(Int32.max) else {
            throw DataFlowError("COLLECTION_SIZE_LIMIT_EXCEEDED", "\(distinct ? "collect_set" : "collect_list") collected more than \(Int32.max) values.")
        }
        chunks.append(contentsOf: o.chunks)
        stored += o.stored
        for j in 0..<mapping.count where mapping[j] >= 0 {
            lists[Int(mapping[j])].append(contentsOf: o.lists[j].lazy.map { $0 &+ base })
        }
    }

    func finish() throws -> Column {
        let all = chunks.isEmpty ? Column.nulls(type, count: 0) : Column.concat(chunks)
        var out = ArrayAssembler(capacity: lists.count)
        if distinct {
            var set = ElementSet(all: all, hashes: Kernels.hash([all]), cmp: ElementComparator(all, all))
            for l in lists {
                set.clear()
                for j in l where set.insert(Int(j)) { out.picks.append(j) }
                out.endRow()
            }
        } else {
            for l in lists {
                out.picks.append(contentsOf: l)
                out.endRow()
            }
        }
        return out.finish(elementsFrom: all)
    }
}
