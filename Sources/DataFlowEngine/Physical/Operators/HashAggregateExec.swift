import DataFlowColumnar

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
            return distinct ? DistinctAccumulator(inner: inner, type: argTypes.first ?? .null) : inner
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
            guard case .aggregate(let n, let args, let distinct) = a, let f = FunctionRegistry.aggregate(n) else {
                throw DataFlowError("INTERNAL_ERROR", "not an aggregate: \(a)")
            }
            let constants = args.map { $0.isConstant ? try? ExpressionEvaluator.evaluateConstant($0) : nil }
            specList.append(AggSpec(function: f, argTypes: args.map(\.type), distinct: distinct, constants: constants))
            argExprs.append(try args.map(ExpressionEvaluator.compile))
        }
        let specs = specList
        let src = try child.open(ctx)
        let workers = max(1, min(ctx.threads, src.count))
        let locals = WorkerLocal<Local<Table>>(workers) { Local(specs.map { $0.make() }) }
        let global = groupBy.isEmpty
        let argBox = UncheckedBox(argExprs)
        try ctx.parallelFor(src.count) { i, w in
            let batch = try src.produce(i)
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
}
