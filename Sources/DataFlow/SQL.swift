import DataFlowColumnar
import DataFlowEngine
import DataFlowSQL

extension Session {
    /// Runs one SQL statement (Spark SQL dialect) over the session's temporary views and returns its
    /// result as a DataFrame (lazy for queries; catalog commands take effect at once).
    ///
    /// ```swift
    /// try ratings.createOrReplaceTempView("ratings")
    /// try session.sql("SELECT movieId, avg(rating) AS avg FROM ratings GROUP BY movieId ORDER BY avg DESC LIMIT 10").show()
    /// try session.sql("SELECT * FROM ratings WHERE userId = ? AND rating >= :min", [.int32(1)], named: ["min": .double(4)])
    /// ```
    /// Values for `?` (in order) and `:name` parameters are bound as literals — never spliced into the text.
    ///
    /// The statement is analyzed at once, as in Spark: an unknown column, table or function throws here,
    /// with its line and column in `text` and the line with a caret under the name.
    public func sql(_ text: String, _ positional: [Value] = [], named: [String: Value] = [:]) throws -> DataFrame {
        let parameters = SQLParameters(positional: positional, named: named)
        return try run(try SQLPlanner.planAnalyzed(try SQLPlanner.parse(text), sql: text, catalog: catalog, parameters: parameters))
    }

    /// Runs a script of `;`-separated statements in order and returns each one's result (an empty
    /// DataFrame with no columns for commands such as CREATE VIEW). The whole script is parsed first.
    public func sqlScript(_ text: String, _ positional: [Value] = [], named: [String: Value] = [:]) throws -> [DataFrame] {
        let parameters = SQLParameters(positional: positional, named: named)
        return try SQLPlanner.parseScript(text).map {
            try run(try SQLPlanner.planAnalyzed($0, sql: text, catalog: catalog, parameters: parameters))
        }
    }

    private func run(_ command: SQLCommand) throws -> DataFrame {
        switch command {
        case .query(let plan):
            return DataFrame(self, plan)
        case .createView(let name, let plan, let replace, let ifNotExists):
            if ifNotExists && catalog.viewExists(name) { return try emptyResult() }
            // Fail now, not at first use, if the view's query does not analyze.
            _ = try Analyzer().analyze(plan)
            try catalog.register(name, plan, replace: replace)
            return try emptyResult()
        case .dropView(let name, let ifExists):
            try dropView(name, ifExists: ifExists)
            return try emptyResult()
        case .createTable(let definition):
            try createTable(definition)
            return try emptyResult()
        case .insert(let name, let columns, let overwrite, let query):
            try insert(into: name, columns: columns, overwrite: overwrite, query: query)
            return try emptyResult()
        case .dropTable(let name, let ifExists):
            try dropTable(name, ifExists: ifExists)
            return try emptyResult()
        case .showTables(let pattern):
            let tables = catalog.listTables().filter { t in pattern.map { likeStar($0, t.name) } ?? true }
            // Tables are in Spark's one schema, `default`; temporary views in none.
            return try createDataFrame(tables.map { [.string($0.isTemporary ? "" : "default"), .string($0.name), .bool($0.isTemporary)] },
                                       schema: Schema([Field("namespace", .string), Field("tableName", .string), Field("isTemporary", .boolean)]))
        case .describe(let name):
            var fields = try table(name).schema.fields.map { ($0, String?.none) }
            if !catalog.viewExists(name), let t = catalog.table(name) {
                fields = t.schema.fields.enumerated().map { ($1, $0 < t.columnComments.count ? t.columnComments[$0] : nil) }
            }
            return try createDataFrame(fields.map { [.string($0.0.name), .string($0.0.type.sqlName), $0.1.map { .string($0) } ?? .null] },
                                       schema: Schema([Field("col_name", .string), Field("data_type", .string), Field("comment", .string)]))
        case .explain(let plan, let extended):
            let text = try DataFrame(self, plan).explainString(extended: extended)
            return try createDataFrame([[.string(text)]], schema: Schema([Field("plan", .string)]))
        case .set(let key, let value):
            guard let key else { return try createDataFrame([[Value]](), schema: Schema([Field("key", .string), Field("value", .string)])) }
            return try createDataFrame([[.string(key), value.map { .string($0) } ?? .null]],
                                       schema: Schema([Field("key", .string), Field("value", .string)]))
        case .delete, .update, .merge, .describeHistory, .optimize, .vacuum:
            return try runDelta(command)
        }
    }

    private func emptyResult() throws -> DataFrame { try createDataFrame([[Value]](), schema: Schema([Field]())) }

    /// SHOW TABLES LIKE patterns: `*` any run, `|` alternatives, case-insensitive.
    private func likeStar(_ pattern: String, _ name: String) -> Bool {
        pattern.split(separator: "|").contains { alt in
            let parts = alt.lowercased().split(separator: "*", omittingEmptySubsequences: false).map(String.init)
            var rest = Substring(name.lowercased())
            for (i, part) in parts.enumerated() {
                if i == 0 {
                    guard rest.hasPrefix(part) else { return false }
                    rest = rest.dropFirst(part.count)
                } else if i == parts.count - 1 {
                    return rest.hasSuffix(part)
                } else if let r = rest.range(of: part) {
                    rest = rest[r.upperBound...]
                } else {
                    return false
                }
            }
            return rest.isEmpty
        }
    }
}

import Foundation
