import DataFlowColumnar
import DataFlowEngine
import Synchronization

/// The session's catalog, as Spark's `spark.catalog`: temporary views (`df.createOrReplaceTempView`)
/// and tables (SQL's `CREATE TABLE`). Names are case-insensitive. A temporary view hides a table of
/// the same name, as in Spark; tables may also be named `default.t`.
public final class Catalog: TableCatalog, Sendable {
    private let views = Mutex<[String: (name: String, plan: LogicalPlan)]>([:])
    private let tables = Mutex<[String: CatalogTable]>([:])
    private let functions = Mutex<[String: UserFunction]>([:])

    /// What `listTables` reports for each entry.
    public struct TableInfo: Sendable, Equatable {
        public let name: String
        public let isTemporary: Bool
        /// `TEMPORARY` for a view, `MANAGED` or `EXTERNAL` for a table.
        public let tableType: String
    }

    public func lookup(_ name: String) throws -> LogicalPlan {
        if let v = views.withLock({ $0[name.lowercased()] }) { return .alias(v.name, v.plan) }
        if let t = table(name) { return t.plan }
        // `delta.`/path``, `parquet.`/path``: files read in that format.
        if let path = Catalog.pathTable(name), let dot = name.firstIndex(of: "."),
           let format = try? DataSourceFormat(named: String(name[..<dot])) {
            let options: [(String, String)] = format == .csv ? [("header", "true"), ("inferSchema", "true")] : []
            return .scan(ScanNode(table: try format.table(paths: [path], options: options, schema: nil)))
        }
        throw notFound(name)
    }

    public var tableNames: [String] {
        views.withLock { $0.values.map(\.name) } + tables.withLock { $0.values.map(\.name) }
    }

    /// Tables (sorted by name), then temporary views (sorted), as Spark lists them.
    public func listTables() -> [TableInfo] {
        let t = tables.withLock { $0.values.map { TableInfo(name: $0.name, isTemporary: false, tableType: $0.tableType) } }
        let v = views.withLock { $0.values.map { TableInfo(name: $0.name, isTemporary: true, tableType: "TEMPORARY") } }
        return t.sorted { $0.name < $1.name } + v.sorted { $0.name < $1.name }
    }

    /// Whether a temporary view or a table has this name.
    public func tableExists(_ name: String) -> Bool { viewExists(name) || table(name) != nil }

    /// Removes a temporary view; false when there was none.
    @discardableResult
    public func dropTempView(_ name: String) -> Bool { views.withLock { $0.removeValue(forKey: name.lowercased()) != nil } }

    /// The user-defined function registered under `name` (case-insensitive): what SQL and
    /// `call_udf` resolve names against (see `session.udf`).
    public func userFunction(_ name: String) -> UserFunction? { functions.withLock { $0[name.lowercased()] } }

    func registerFunction(_ f: UserFunction) { functions.withLock { $0[f.name.lowercased()] = f } }

    @discardableResult
    func dropFunction(_ name: String) -> Bool { functions.withLock { $0.removeValue(forKey: name.lowercased()) != nil } }

    var functionNames: [String] { functions.withLock { $0.values.map(\.name) }.sorted() }

    func viewExists(_ name: String) -> Bool { views.withLock { $0[name.lowercased()] != nil } }

    /// The table called `name`, ignoring temporary views.
    func table(_ name: String) -> CatalogTable? { tables.withLock { $0[tableKey(name)] } }

    func register(_ name: String, _ plan: LogicalPlan, replace: Bool) throws {
        try validate(name, "view")
        try views.withLock { d in
            if !replace, d[name.lowercased()] != nil {
                throw DataFlowError("TEMP_TABLE_OR_VIEW_ALREADY_EXISTS",
                                    "Cannot create the temporary view `\(name)` because it already exists. Use createOrReplaceTempView to replace it.")
            }
            d[name.lowercased()] = (name, plan)
        }
    }

    /// Adds a table; a table of that name is an error unless `replace`. Returns the table it replaced.
    @discardableResult
    func register(_ table: CatalogTable, replace: Bool) throws -> CatalogTable? {
        try tables.withLock { d in
            let key = tableKey(table.name)
            let old = d[key]
            if old != nil && !replace { throw tableExistsError(table.name) }
            d[key] = table
            return old
        }
    }

    /// Removes a table; nil when there was none.
    func removeTable(_ name: String) -> CatalogTable? { tables.withLock { $0.removeValue(forKey: tableKey(name)) } }

    func tableExistsError(_ name: String) -> DataFlowError {
        DataFlowError("TABLE_OR_VIEW_ALREADY_EXISTS",
                      "Cannot create table `\(name)` because it already exists. Choose a different name, drop the existing table, or add IF NOT EXISTS (or OR REPLACE).")
    }

    /// The bare table name for a name that may say `default.` or `spark_catalog.default.` (DataFlow has
    /// one schema, `default`).
    func tableName(_ name: String) throws -> String {
        var parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 3 && parts[0].lowercased() == "spark_catalog" { parts.removeFirst() }
        if parts.count == 2 && parts[0].lowercased() == "default" { parts.removeFirst() }
        guard parts.count == 1 else {
            throw DataFlowError("SCHEMA_NOT_FOUND", "The schema of `\(name)` cannot be found: DataFlow has one schema, `default`.")
        }
        try validate(parts[0], "table")
        return parts[0]
    }

    private func tableKey(_ name: String) -> String { ((try? tableName(name)) ?? name).lowercased() }

    private func validate(_ name: String, _ what: String) throws {
        guard let first = name.first, first.isLetter || first == "_",
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw DataFlowError("INVALID_IDENTIFIER", "'\(name)' is not a valid \(what) name: use letters, digits and '_', starting with a letter or '_'.")
        }
    }
}

extension Session {
    /// The DataFrame of a temporary view or table (a view hides a table of the same name).
    public func table(_ name: String) throws -> DataFrame { DataFrame(self, try catalog.lookup(name)) }
}

extension DataFrame {
    /// Registers this DataFrame as a temporary view, replacing one of the same name.
    public func createOrReplaceTempView(_ name: String) throws { try session.catalog.register(name, plan, replace: true) }

    /// Registers this DataFrame as a temporary view; fails if the name is taken.
    public func createTempView(_ name: String) throws { try session.catalog.register(name, plan, replace: false) }
}
