import DataFlow
import DataFlowColumnar
import Synchronization

/// Transforms a DataFrame with a SQL statement, as Spark's `SQLTransformer`: `__THIS__` in `statement`
/// names the input, e.g. `SELECT *, a + b AS c FROM __THIS__`. The input is registered as a temporary
/// view of its session under a unique name for the time it takes to plan the statement.
public struct SQLTransformer: Transformer {
    public static let className = "SQLTransformer"
    public static var params: [Param<SQLTransformer>] {
        [.string("statement", \.statement, "SQL statement; __THIS__ names the input table")]
    }
    public var uid = ML.uid(className)
    public var statement = ""

    public init() {}
    public init(statement: String) { self.statement = statement }

    private static let counter = Atomic<UInt64>(0)

    public func transform(_ df: DataFrame) throws -> DataFrame {
        try validateParams()
        guard statement.contains("__THIS__") else {
            throw MLError.invalidParam("SQLTransformer: statement must use __THIS__ for the input table (got \"\(statement)\")")
        }
        let n = Self.counter.add(1, ordering: .relaxed).newValue
        let view = "__sqltransformer_\(uid.split(separator: "_").last ?? "")_\(n)"
        try df.createTempView(view)
        defer { df.session.catalog.dropTempView(view) }
        let result = try df.session.sql(statement.replacingOccurrences(of: "__THIS__", with: view))
        // Resolve now, while the view exists (the plan keeps the input, not the view's name).
        _ = try result.schema
        return result
    }

    /// The statement's output schema, from an empty DataFrame of `schema`.
    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        let empty = Session(threads: 1).createDataFrame([RecordBatch](), schema: schema)
        return try transform(empty).schema
    }
}

import Foundation
