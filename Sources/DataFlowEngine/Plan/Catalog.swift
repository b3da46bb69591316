import DataFlowColumnar

/// Names → plans: what SQL's `FROM name` and `session.table(name)` resolve against.
/// The session's catalog (temporary views and tables) implements it.
public protocol TableCatalog: Sendable {
    /// The plan registered under `name` (case-insensitive), or a TABLE_OR_VIEW_NOT_FOUND error that
    /// suggests the closest name.
    func lookup(_ name: String) throws -> LogicalPlan
    var tableNames: [String] { get }
    /// The user-defined function registered under `name` (case-insensitive) in this session, which SQL
    /// resolves before the built-in functions (Spark's `spark.udf.register` shadows a builtin too).
    func userFunction(_ name: String) -> UserFunction?
    /// The table `name` as it was at a version or time (Delta Lake time travel: `FROM t VERSION AS OF 3`).
    func lookup(_ name: String, asOf: TableVersion) throws -> LogicalPlan
}

/// A version of a table to read: a commit number, or the latest commit at a time (text Spark can cast to
/// a timestamp).
public enum TableVersion: Sendable, Hashable {
    case version(Int64)
    case timestamp(String)
}

extension TableCatalog {
    public func userFunction(_ name: String) -> UserFunction? { nil }

    public func lookup(_ name: String, asOf: TableVersion) throws -> LogicalPlan {
        _ = try lookup(name)
        throw DataFlowError("UNSUPPORTED_FEATURE.TIME_TRAVEL", "Time travel (VERSION AS OF / TIMESTAMP AS OF) needs a Delta table; `\(name)` is not one.")
    }

    public func notFound(_ name: String) -> DataFlowError {
        var msg = "The table or view `\(name)` cannot be found"
        if let s = suggestion(for: name, among: tableNames) { msg += "; did you mean `\(s)`?" }
        else if !tableNames.isEmpty { msg += " (known: \(tableNames.sorted().joined(separator: ", ")))" }
        else { msg += "; register one with df.createOrReplaceTempView(\"\(name)\")" }
        return DataFlowError("TABLE_OR_VIEW_NOT_FOUND", msg.hasSuffix("?") ? msg : msg + ".")
    }
}
