import DataFlowColumnar

/// A `cache()`d sub-plan: the first run computes and stores its batches; later runs read them.
final class CacheExec: PhysicalOperator {
    let entry: CacheEntry
    let child: any PhysicalOperator
    var name: String { entry.stored == nil ? "InMemoryTableScan (computing)" : "InMemoryTableScan" }
    var schema: Schema { child.schema }
    var children: [any PhysicalOperator] { entry.stored == nil ? [child] : [] }
    var details: String { "" }

    init(_ entry: CacheEntry, _ child: any PhysicalOperator) {
        self.entry = entry
        self.child = child
    }

    func open(_ ctx: ExecutionContext) throws -> MorselSource {
        if let b = entry.stored { return .batches(b) }
        let b = try child.execute(ctx)
        entry.store(b)
        return .batches(b)
    }
}
