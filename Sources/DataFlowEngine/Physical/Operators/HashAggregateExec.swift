import DataFlowColumnar
import Synchronization

/// Grouped (or global) aggregation. Each worker aggregates its morsels into a local hash table; the
/// local tables are then merged partition by partition (by key hash) in parallel.
/// Output: the grouping keys, then one column per aggregate.
final class HashAggregateExec: PhysicalOperator {
    let groupBy: [Expr]
    let aggregates: [Expr]
    let child: any PhysicalOperator
    let schema: Schema
    var name: String { "HashAggregate" }
    var children: [any PhysicalOperator] { [child] }
    var details: String { "keys=\(describeList(groupBy)), functions=\(describeList(aggregates))" }

    init(groupBy: [Expr], aggregates: [Expr], _ child: any PhysicalOperator, schema: Schema) {
        self.groupBy = groupBy
        self.aggregates = aggregates
        self.child = child
        self.schema = schema
    }

    struct AggSpec: Sendable {
        let function: AggregateFunction
        let argTypes: [DataType]
        let distinct: Bool
        let constants: [Value?]
        func make() -> any Accumulator {
            let inner = function.makeAccumulator(argTypes, constants)
            return distinct ? DistinctAccumulator(inner: inner, types: argTypes) : inner
        }
    }

    final class Local<Table: AggregateKeyTable> {
        var table = Table(capacity: 1024)
        var accs: [any Accumulator]
        var ids: [Int32] = []
        var reserved = 0
        var globalGroup = false
        init(_ accs: [any Accumulator]) { self.accs = accs }
        var groupCount: Int { globalGroup ? 1 : table.groupCount }
    }

    func open(_ ctx: ExecutionContext) throws -> MorselSource {
        if groupBy.count == 1 && isIntegerKey(groupBy[0].type) {
            return try run(ctx, IntGroupTable.self)
        }
        if PackedGroupTable.supports(groupBy.map(\.type)) {
            return try run(ctx, PackedGroupTable.self)
        }
        return try run(ctx, GroupTable.self)
    }

    func run<Table: AggregateKeyTable>(_ ctx: ExecutionContext, _: Table.Type) throws -> MorselSource {
        let keyExprs = try groupBy.map(ExpressionEvaluator.compile)
        let keyTypes = groupBy.map(\.type)
        var specList: [AggSpec] = []
        var argExprs: [[CompiledExpr]] = []
        for a in aggregates {
            let resolved: (AggregateFunction, [Expr], Bool)?
            switch a {
            case .aggregate(let n, let x, let d): resolved = FunctionRegistry.aggregate(n).map { ($0, x, d) }
            case .udaf(let u, let x): resolved = u.aggregateFunction.map { ($0, x, false) }
            default: resolved = nil
            }
            guard case let (f, args, distinct)? = resolved else { throw DataFlowError("INTERNAL_ERROR", "not an aggregate: \(a)") }
            let constants = args.map { $0.isConstant ? try? ExpressionEvaluator.evaluateConstant($0) : nil }
            specList.append(AggSpec(function: f, argTypes: args.map(\.type), distinct: distinct, constants: constants))
            argExprs.append(try args.map(ExpressionEvaluator.compile))
        }
        let specs = specList
        let src = try child.open(ctx)
        let workers = max(1, min(ctx.threads, src.count))
        let global = groupBy.isEmpty
        let argBox = UncheckedBox(argExprs)
        let outSchema = schema
        @Sendable func finish(_ table: Table, _ accs: [any Accumulator]) throws -> RecordBatch {
            let groups = global ? 1 : table.groupCount
            var cols = global ? [] : table.decodeKeys(keyTypes)
            for acc in accs {
                acc.resize(groups)
                cols.append(try acc.finish())
            }
            return RecordBatch(schema: outSchema, columns: cols, rowCount: groups)
        }
        // Nearly one group per row (judged on the first morsel): partition the rows by key hash first
        // and aggregate each partition once, instead of building per-worker tables of about every
        // row and then re-inserting all their groups in the merge.
        var firstBatch: RecordBatch?
        if !global && workers > 1 && src.count >= 4 {
            let b = try src.produce(0)
            firstBatch = b
            if b.rowCount >= HashAggregateExec.trialRows {
                var trial = Table(capacity: 1024)
                var ids: [Int32] = []
                trial.assign(try keyExprs.map { try $0.evaluate(b) }, into: &ids)
                if trial.groupCount * 10 >= b.rowCount * 9 {
                    return try runPartitioned(ctx, Table.self, src: src, first: b, keys: keyExprs, args: argBox,
                                              specs: specs, finish: finish)
                }
            }
        }
        let firstBox = UncheckedBox(firstBatch)
        let locals = WorkerLocal<Local<Table>>(workers) { Local(specs.map { $0.make() }) }
        try ctx.parallelFor(src.count) { i, w in
            var produced: RecordBatch? = nil
            if i == 0 { produced = firstBox.value }
            let batch = try produced ?? src.produce(i)
            if batch.rowCount == 0 { return }
            try locals.with(w) { local in
                if global {
                    if local.ids.count != batch.rowCount { local.ids = [Int32](repeating: 0, count: batch.rowCount) }
                    local.globalGroup = true
                } else {
                    local.table.assign(try keyExprs.map { try $0.evaluate(batch) }, into: &local.ids)
                }
                let groups = local.groupCount
                for (k, acc) in local.accs.enumerated() {
                    acc.resize(groups)
                    let args = try argBox.value[k].map { try $0.evaluate(batch) }
                    try local.ids.withUnsafeBufferPointer { try acc.update($0, args) }
                }
                let size = local.table.byteSize + groups * 16 * max(1, local.accs.count)
                if size > local.reserved {
                    try ctx.reserve(size - local.reserved, for: "HashAggregate")
                    local.reserved = size
                }
            }
        }
        let all = locals.all.filter { $0.groupCount > 0 }
        defer { for l in locals.all { ctx.release(l.reserved) } }
        if all.isEmpty {
            // A global aggregate of no rows still yields one row (count 0, sum NULL).
            return .batches(global ? [try finish(Table(capacity: 1), specs.map { $0.make() })] : [])
        }
        if all.count == 1 { return .batches([try finish(all[0].table, all[0].accs)]) }
        if global {
            let accs = specs.map { $0.make() }
            let one: [Int32] = [0]
            for local in all {
                for (k, acc) in accs.enumerated() {
                    acc.resize(1)
                    try one.withUnsafeBufferPointer { try acc.merge(local.accs[k], mapping: $0) }
                }
            }
            return .batches([try finish(Table(capacity: 1), accs)])
        }
        // Partitioned merge: each partition of the key space is merged by one worker.
        let partitions = min(255, max(1, ctx.threads * 2))
        let tables = Table.unify(all.map(\.table))
        let parts = SlotArray<[UInt8]>(tables.count)
        let tablesBox = UncheckedBox(tables)
        try ctx.parallelFor(tables.count) { t, _ in parts[t] = tablesBox.value[t].partitionIds(partitions) }
        let partIds = parts.values.map { $0 ?? [] }
        let results = SlotArray<RecordBatch>(partitions)
        let allBox = UncheckedBox(all)
        try ctx.parallelFor(partitions) { p, _ in
            let tables = tablesBox.value
            let part = UInt8(truncatingIfNeeded: p)
            var expected = 0
            for ids in partIds { for x in ids where x == part { expected += 1 } }
            var merged = Table.mergeTable(for: tables, expectedGroups: expected)
            let accs = specs.map { $0.make() }
            for (t, local) in allBox.value.enumerated() {
                let mapping = merged.merge(tables[t], parts: partIds[t], partition: p)
                for (k, acc) in accs.enumerated() {
                    acc.resize(merged.groupCount)
                    try mapping.withUnsafeBufferPointer { try acc.merge(local.accs[k], mapping: $0) }
                }
            }
            results[p] = try finish(merged, accs)
        }
        return .batches(results.values.compactMap { $0 }.filter { $0.rowCount > 0 })
    }

    /// Rows the first morsel needs before its group count decides between the two strategies.
    static let trialRows = 4096
    /// Hash partitions of the partitioned strategy (top bits of the row hash).
    static let partitionBits = 6

    /// Radix-partitioned aggregation: every morsel's rows are split by the hash of their key into
    /// 2^`partitionBits` selections (in parallel over morsels); then each partition gathers its rows from
    /// every morsel, in input order, into one table of its own (in parallel over partitions). A group
    /// lives in one partition, so the partitions' results are final: nothing is merged.
    func runPartitioned<Table: AggregateKeyTable>(_ ctx: ExecutionContext, _: Table.Type, src: MorselSource, first: RecordBatch,
                                                  keys keyExprs: [CompiledExpr], args argBox: UncheckedBox<[[CompiledExpr]]>,
                                                  specs: [AggSpec],
                                                  finish: @Sendable (Table, [any Accumulator]) throws -> RecordBatch) throws -> MorselSource {
        let m = src.count
        let parts = 1 << HashAggregateExec.partitionBits
        let shift = UInt64(64 - HashAggregateExec.partitionBits)
        let keyCols = SlotArray<[Column]>(m)
        let argCols = SlotArray<[[Column]]>(m)
        let sels = SlotArray<[[Int32]]>(m)
        let selBytes = Atomic<Int>(0)
        defer { ctx.release(selBytes.load(ordering: .relaxed)) }
        try ctx.parallelFor(m) { i, _ in
            let batch = i == 0 ? first : try src.produce(i)
            let n = batch.rowCount
            if n == 0 { return }
            // A large dictionary would be re-coded by every partition's table: decode it once here.
            let keys = try keyExprs.map { e -> Column in
                let c = try e.evaluate(batch)
                if let d = c.dictionary, d.column.count > HashAggregateExec.trialRows { return c.decoded() }
                return c
            }
            let args = try argBox.value.map { try $0.map { try $0.evaluate(batch) } }
            let h = Kernels.hash(keys)
            var counts = [Int](repeating: 0, count: parts)
            for x in h { counts[Int(truncatingIfNeeded: x &>> shift)] += 1 }
            var sel = counts.map { c -> [Int32] in
                var a: [Int32] = []
                a.reserveCapacity(c)
                return a
            }
            for r in 0..<n { sel[Int(truncatingIfNeeded: h[r] &>> shift)].append(Int32(r)) }
            try ctx.reserve(n * 4, for: "HashAggregate")
            selBytes.add(n * 4, ordering: .relaxed)
            keyCols[i] = keys
            argCols[i] = args
            sels[i] = sel
        }
        let results = SlotArray<RecordBatch>(parts)
        try ctx.parallelFor(parts) { p, _ in
            var table = Table(capacity: 1024)
            let accs = specs.map { $0.make() }
            var ids: [Int32] = []
            var reserved = 0
            defer { ctx.release(reserved) }
            for i in 0..<m {
                guard let sel = sels[i]?[p], !sel.isEmpty, let keys = keyCols[i], let args = argCols[i] else { continue }
                try sel.withUnsafeBufferPointer { s in
                    table.assign(keys.map { $0.take(s) }, into: &ids)
                    let groups = table.groupCount
                    for (k, acc) in accs.enumerated() {
                        acc.resize(groups)
                        let a = args[k].map { $0.take(s) }
                        try ids.withUnsafeBufferPointer { try acc.update($0, a) }
                    }
                    let size = table.byteSize + groups * 16 * max(1, accs.count)
                    if size > reserved {
                        try ctx.reserve(size - reserved, for: "HashAggregate")
                        reserved = size
                    }
                }
            }
            if table.groupCount > 0 { results[p] = try finish(table, accs) }
        }
        return .batches(results.values.compactMap { $0 })
    }
}
