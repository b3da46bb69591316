import DataFlowColumnar
import Synchronization

/// A sub-plan one query uses in several places (a SQL CTE referenced more than once): the first
/// consumer to open it computes its batches; every other consumer of the same run reads them.
final class SharedSubplanExec: PhysicalOperator {
    let key: String
    let child: any PhysicalOperator
    private let result = Mutex<[RecordBatch]?>(nil)
    var name: String { "SharedSubplan" }
    var schema: Schema { child.schema }
    var children: [any PhysicalOperator] { [child] }
    var details: String { key }

    init(_ key: String, _ child: any PhysicalOperator) {
        self.key = key
        self.child = child
    }

    func open(_ ctx: ExecutionContext) throws -> MorselSource {
        // Held while computing, so a second consumer waits for the first one's result.
        let batches = try result.withLock { stored -> [RecordBatch] in
            if let b = stored { return b }
            let b = try child.execute(ctx)
            stored = b
            return b
        }
        return .batches(batches)
    }
}

/// The shared-sub-plan operators of one physical plan, by cache entry.
final class SharedSubplans: Sendable {
    private let ops = Mutex<[ObjectIdentifier: SharedSubplanExec]>([:])

    func existing(for e: CacheEntry) -> SharedSubplanExec? { ops.withLock { $0[ObjectIdentifier(e)] } }
    func add(_ op: SharedSubplanExec, for e: CacheEntry) { ops.withLock { $0[ObjectIdentifier(e)] = op } }
}
