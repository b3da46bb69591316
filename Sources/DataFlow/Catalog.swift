import DataFlowColumnar
import DataFlowEngine
import Synchronization

/// The session's catalog of temporary views (`df.createOrReplaceTempView("ratings")`), as Spark's
/// `spark.catalog`. Names are case-insensitive.
public final class Catalog: TableCatalog, Sendable {
    private let views = Mutex<[String: (name: String, plan: LogicalPlan)]>([:])

    /// What `listTables` reports for each entry.
    public struct TableInfo: Sendable, Equatable {
        public let name: String
        public let isTemporary: Bool
        public let tableType: String
    }

    public func lookup(_ name: String) throws -> LogicalPlan {
        guard let v = views.withLock({ $0[name.lowercased()] }) else { throw notFound(name) }
        return .alias(v.name, v.plan)
    }

    public var tableNames: [String] { views.withLock { $0.values.map(\.name) } }

    public func listTables() -> [TableInfo] {
        tableNames.sorted().map { TableInfo(name: $0, isTemporary: true, tableType: "TEMPORARY") }
    }

    public func tableExists(_ name: String) -> Bool { views.withLock { $0[name.lowercased()] != nil } }

    /// Removes a temporary view; false when there was none.
    @discardableResult
    public func dropTempView(_ name: String) -> Bool { views.withLock { $0.removeValue(forKey: name.lowercased()) != nil } }

    func register(_ name: String, _ plan: LogicalPlan, replace: Bool) throws {
        try validate(name)
        try views.withLock { d in
            if !replace, d[name.lowercased()] != nil {
                throw DataFlowError("TEMP_TABLE_OR_VIEW_ALREADY_EXISTS",
                                    "Cannot create the temporary view `\(name)` because it already exists. Use createOrReplaceTempView to replace it.")
            }
            d[name.lowercased()] = (name, plan)
        }
    }

    private func validate(_ name: String) throws {
        guard let first = name.first, first.isLetter || first == "_",
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw DataFlowError("INVALID_IDENTIFIER", "'\(name)' is not a valid view name: use letters, digits and '_', starting with a letter or '_'.")
        }
    }
}

extension Session {
    /// The DataFrame of a registered view.
    public func table(_ name: String) throws -> DataFrame { DataFrame(self, try catalog.lookup(name)) }
}

extension DataFrame {
    /// Registers this DataFrame as a temporary view, replacing one of the same name.
    public func createOrReplaceTempView(_ name: String) throws { try session.catalog.register(name, plan, replace: true) }

    /// Registers this DataFrame as a temporary view; fails if the name is taken.
    public func createTempView(_ name: String) throws { try session.catalog.register(name, plan, replace: false) }
}
