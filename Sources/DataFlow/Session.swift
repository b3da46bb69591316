import DataFlowColumnar
import DataFlowEngine
import Foundation
import Synchronization

/// The entry point, like Spark's `SparkSession`: an embedded engine with its own worker count and
/// memory limit.
///
/// ```swift
/// let session = Session()
/// let ratings = try session.read.csv("data/ratings.csv", header: true, inferSchema: true)
/// try ratings.groupBy("movieId").agg(avg("rating").as("avg")).orderBy(desc("avg")).show(5)
/// ```
public final class Session: Sendable {
    /// Worker threads per query (default: every core).
    public let threads: Int
    /// Bytes a query may hold in hash tables, sorts and join build sides before it fails.
    public let memoryLimit: Int
    let cache = CacheManager()
    /// Temporary views and tables by name (`df.createOrReplaceTempView`, SQL's `CREATE TABLE`,
    /// `session.table`, SQL's `FROM`).
    public let catalog = Catalog()

    /// The folder managed tables are kept in (Spark's `spark.sql.warehouse.dir`), as an absolute path;
    /// nil when managed tables live in memory for the session.
    public let warehouse: String?
    /// One line per warehouse folder the session skipped when it started (its table metadata could not
    /// be read); each was also written to standard error.
    public var warehouseWarnings: [String] { loadedWarnings.withLock { $0 } }
    private let loadedWarnings = Mutex<[String]>([])

    public static let version = "0.1.0"

    /// A session whose managed tables live in memory.
    public convenience init(threads: Int? = nil, memoryLimit: Int? = nil) {
        self.init(threads: threads, memoryLimit: memoryLimit, warehousePath: nil)
    }

    /// A session whose managed tables are folders in `warehouse` (created if missing); with nil, as
    /// `Session(threads:memoryLimit:)`. Every table already in the warehouse is registered, so tables
    /// persist across sessions. A table folder whose `_dataflow_table.json` is unreadable is skipped
    /// with a warning on standard error (and in `warehouseWarnings`); the other tables still load.
    /// Throws when the warehouse folder cannot be created or listed.
    public convenience init(threads: Int? = nil, memoryLimit: Int? = nil, warehouse: String?) throws {
        let path = warehouse.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        self.init(threads: threads, memoryLimit: memoryLimit, warehousePath: path)
        if let path {
            let warnings = try loadWarehouse(path)
            for w in warnings { FileHandle.standardError.write(Data("dataflow: warning: \(w)\n".utf8)) }
            loadedWarnings.withLock { $0 = warnings }
        }
    }

    private init(threads: Int?, memoryLimit: Int?, warehousePath: String?) {
        self.threads = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        self.memoryLimit = memoryLimit ?? Int(Double(ProcessInfo.processInfo.physicalMemory) * 0.6)
        self.warehouse = warehousePath
    }

    /// Reads files: `session.read.csv(...)`.
    public var read: DataFrameReader { DataFrameReader(session: self) }

    /// Numbers `start ..< end` by `step` in one `bigint` column `id`.
    public func range(_ end: Int64) -> DataFrame { range(0, end) }

    public func range(_ start: Int64, _ end: Int64, step: Int64 = 1) -> DataFrame {
        DataFrame(self, .scan(ScanNode(table: RangeTable(start: start, end: end, step: step))))
    }

    /// A DataFrame from rows of values and a schema.
    public func createDataFrame(_ rows: [[Value]], schema: Schema) throws -> DataFrame {
        var builders = schema.fields.map { ColumnBuilder(type: $0.type, capacity: rows.count) }
        for (r, row) in rows.enumerated() {
            guard row.count == schema.count else {
                throw DataFlowError.invalid("row \(r) has \(row.count) values but the schema has \(schema.count) columns")
            }
            for (c, v) in row.enumerated() {
                if !v.isNull && !canStore(v, schema[c].type) {
                    throw DataFlowError("DATATYPE_MISMATCH", "row \(r), column `\(schema[c].name)`: \(v) is not a \(schema[c].type.sqlName)")
                }
                builders[c].append(value: v)
            }
        }
        let batch = RecordBatch(schema: schema, columns: builders.map { $0.finish() }, rowCount: rows.count)
        return DataFrame(self, .scan(ScanNode(table: InMemoryTable(schema: schema, batches: [batch]))))
    }

    /// A DataFrame from named columns: `createDataFrame(["id": [1, 2], ...])` style, with explicit order.
    public func createDataFrame(columns: [(String, [Value])]) throws -> DataFrame {
        let n = columns.first?.1.count ?? 0
        var fields: [Field] = []
        for (name, values) in columns {
            guard values.count == n else { throw DataFlowError.invalid("column `\(name)` has \(values.count) values, expected \(n)") }
            let t = values.map(\.type).reduce(DataType.null) { widerType($0, $1) ?? .string }
            fields.append(Field(name, t == .null ? .string : t))
        }
        let rows = (0..<n).map { r in columns.map { $0.1[r] } }
        return try createDataFrame(rows, schema: Schema(fields))
    }

    /// A DataFrame over existing record batches (no copy).
    public func createDataFrame(_ batches: [RecordBatch], schema: Schema) -> DataFrame {
        DataFrame(self, .scan(ScanNode(table: InMemoryTable(schema: schema, batches: batches))))
    }

    /// A DataFrame over any `TableProvider`.
    public func table(_ provider: any TableProvider) -> DataFrame { DataFrame(self, .scan(ScanNode(table: provider))) }

    func context() -> ExecutionContext { ExecutionContext(threads: threads, memoryLimit: memoryLimit, control: control) }

    /// Cancellation and progress of this session's queries.
    let control = QueryControl()

    /// Stops every query of this session that is running now, from any thread: each fails promptly
    /// (at its next morsel) with `OPERATION_CANCELED`. Queries started afterwards run normally.
    ///
    /// ```swift
    /// DispatchQueue.global().asyncAfter(deadline: .now() + 1) { session.cancel() }
    /// try big.count()   // throws [OPERATION_CANCELED]
    /// ```
    public func cancel() { control.cancel() }

    /// Batches and rows the scans of this session's queries have read so far, readable from any
    /// thread while a query runs. The counters only grow: snapshot before a query and use
    /// `progress.since(start)`.
    public var progress: QueryProgress { control.progress }

    private func canStore(_ v: Value, _ t: DataType) -> Bool {
        switch (v, t) {
        case (.bool, .boolean), (.string, .string), (.date, .date), (.timestamp, .timestamp), (.date, .timestamp): return true
        case (.int32, _), (.int64, _), (.double, _), (.decimal, _): return t.isNumeric
        case (.array(let items), .array(let e)): return items.allSatisfy { $0.isNull || canStore($0, e) }
        case (.map(let keys, let items), .map(let kt, let vt)):
            return keys.allSatisfy { canStore($0, kt) } && items.allSatisfy { $0.isNull || canStore($0, vt) }
        default: return false
        }
    }
}

/// Cached sub-plans by the text (and table identities) of their analyzed plan, like Spark's CacheManager.
final class CacheManager: Sendable {
    private let entries = Mutex<[String: CacheEntry]>([:])

    func entry(for key: String) -> CacheEntry? { entries.withLock { $0[key] } }

    func add(_ key: String) -> CacheEntry {
        entries.withLock { d in
            if let e = d[key] { return e }
            let e = CacheEntry(key: key)
            d[key] = e
            return e
        }
    }

    func remove(_ key: String) { _ = entries.withLock { $0.removeValue(forKey: key) } }

    var isEmpty: Bool { entries.withLock { $0.isEmpty } }

    /// Forgets the data cached from plans that read `table` (after INSERT or DROP changed it): a plan
    /// still marked cached is computed again when next used, as Spark refreshes a cached table.
    func refresh(reading table: any TableProvider) {
        let tag = PlanKey.tag(table)
        let stale = entries.withLock { $0.values.filter { $0.key.contains(tag) } }
        for e in stale { e.store(nil) }
    }

    /// Replaces every sub-plan that is cached with its cache.
    func useCachedData(_ plan: LogicalPlan) -> LogicalPlan {
        if isEmpty { return plan }
        // Not `transformDown`: it would descend into the new `.cached` node's child, match it again and
        // wrap it forever.
        func replace(_ node: LogicalPlan) -> LogicalPlan {
            if case .cached = node { return node }
            if let e = entry(for: PlanKey.of(node)) { return .cached(e, node) }
            let kids = node.children
            return kids.isEmpty ? node : node.withChildren(kids.map(replace))
        }
        return replace(plan)
    }
}

/// A string identifying an analyzed plan, including the identity of its tables.
enum PlanKey {
    static func of(_ plan: LogicalPlan) -> String {
        var s = ""
        func walk(_ p: LogicalPlan, _ depth: Int) {
            if case .scan(let scan) = p { s += tag(scan.table) }
            // Two closures may share a display name: only the same transform is the same plan.
            if case .mapBatches(let t, _) = p { s += "#\(ObjectIdentifier(t).hashValue)#" }
            s += String(repeating: " ", count: depth) + (PlanPrinter.text(p).split(separator: "\n").first.map(String.init) ?? "") + "\n"
            for c in p.children { walk(c, depth + 1) }
        }
        walk(plan, 0)
        return s
    }

    /// How a key names a table it reads.
    static func tag(_ table: any TableProvider) -> String { "#\(ObjectIdentifier(table).hashValue)#" }
}
