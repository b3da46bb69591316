import DataFlowColumnar
import DataFlowEngine

extension DataFrame {
    /// Analyzes, optimizes and plans this DataFrame (reusing cached sub-plans).
    public func queryExecution() throws -> QueryExecution {
        let analyzed = try Analyzer().analyze(plan)
        return try QueryExecution(session.cache.useCachedData(analyzed))
    }

    /// The result schema (analysis only; nothing runs).
    public var schema: Schema {
        get throws { Schema(Analyzer.attributes(try Analyzer().analyze(plan))) }
    }

    public var columns: [String] { get throws { try schema.names } }

    /// `(name, type)` pairs with Spark's type names.
    public var dtypes: [(String, String)] { get throws { try schema.fields.map { ($0.name, $0.type.sqlName) } } }

    public func printSchema() throws { print(try schema.treeString, terminator: "") }

    /// Prints the parsed, analyzed, optimized and physical plans (only the physical one with `extended: false`).
    public func explain(extended: Bool = true) throws { print(try explainString(extended: extended), terminator: "") }

    /// The text `explain` prints.
    public func explainString(extended: Bool = true) throws -> String { try queryExecution().explain(extended: extended) }

    /// Runs the query and returns its batches.
    public func collectBatches() throws -> [RecordBatch] {
        let qe = try queryExecution()
        let ctx = session.context()
        return try qe.physical.execute(ctx)
    }

    /// Runs the query and returns every row.
    public func collect() throws -> [Row] {
        let qe = try queryExecution()
        let schema = qe.schema
        let batches = try qe.physical.execute(session.context())
        var rows: [Row] = []
        for b in batches {
            for r in 0..<b.rowCount { rows.append(Row(schema: schema, values: b.columns.map { $0.value(r) })) }
        }
        return rows
    }

    public func count() throws -> Int64 {
        let rows = try with(.aggregate(groupBy: [], outputs: [.alias(.aggregate("count", []), "count")], plan)).collect()
        return rows.first?.values.first?.int64Value ?? 0
    }

    public func take(_ n: Int) throws -> [Row] { try limit(n).collect() }
    public func head(_ n: Int) throws -> [Row] { try take(n) }
    public func first() throws -> Row? { try take(1).first }
    public func head() throws -> Row? { try first() }
    public var isEmpty: Bool { get throws { try take(1).isEmpty } }

    /// Prints the first `n` rows as Spark does; `truncate` cuts strings longer than 20 characters.
    public func show(_ n: Int = 20, truncate: Bool = true) throws { print(try showString(n, truncate: truncate ? 20 : 0), terminator: "") }
    public func show(_ n: Int = 20, truncate: Int) throws { print(try showString(n, truncate: truncate), terminator: "") }

    /// The text `show` prints.
    public func showString(_ n: Int = 20, truncate: Int = 20) throws -> String {
        let n = Swift.max(0, n)  // Spark treats a negative row count as 0
        let rows = try limit(n + 1).collect()
        return ShowFormatter.format(schema: try schema, rows: Array(rows.prefix(n)), truncate: truncate, more: rows.count > n ? n : nil)
    }

    public var write: DataFrameWriter { DataFrameWriter(frame: self) }
}

/// One result row with typed accessors.
public struct Row: Sendable, Equatable, CustomStringConvertible {
    public let schema: Schema
    public let values: [Value]

    public init(schema: Schema, values: [Value]) {
        self.schema = schema
        self.values = values
    }

    public var count: Int { values.count }
    public subscript(_ i: Int) -> Value { values[i] }
    public subscript(_ name: String) -> Value? { schema.index(of: name).map { values[$0] } }

    public func isNull(_ i: Int) -> Bool { values[i].isNull }
    public func int(_ i: Int) -> Int? { values[i].int64Value.map { Int($0) } }
    public func int64(_ i: Int) -> Int64? { values[i].int64Value }
    public func double(_ i: Int) -> Double? { values[i].doubleValue }
    public func string(_ i: Int) -> String? { values[i].isNull ? nil : values[i].description }
    public func bool(_ i: Int) -> Bool? { values[i].boolValue }
    public func int(_ name: String) -> Int? { schema.index(of: name).flatMap { int($0) } }
    public func int64(_ name: String) -> Int64? { schema.index(of: name).flatMap { int64($0) } }
    public func double(_ name: String) -> Double? { schema.index(of: name).flatMap { double($0) } }
    public func string(_ name: String) -> String? { schema.index(of: name).flatMap { string($0) } }
    public func bool(_ name: String) -> Bool? { schema.index(of: name).flatMap { bool($0) } }

    /// `[1, a, NULL]`, like Spark's `Row.toString`.
    public var description: String { "[" + values.map(\.description).joined(separator: ",") + "]" }

    public static func == (a: Row, b: Row) -> Bool { a.values == b.values }
}

/// Spark's table format for `show`.
enum ShowFormatter {
    static func cell(_ v: Value, _ truncate: Int) -> String {
        let s: String
        switch v {
        case .null: s = "NULL"
        default: s = v.description
        }
        return truncated(s, truncate)
    }

    /// Spark's cut of a long cell or column name: keep `truncate - 3` characters and add "...", or
    /// just `truncate` characters when it is below 4.
    static func truncated(_ s: String, _ truncate: Int) -> String {
        if truncate > 0 && s.count > truncate {
            return truncate < 4 ? String(s.prefix(truncate)) : String(s.prefix(truncate - 3)) + "..."
        }
        return s
    }

    static func format(schema: Schema, rows: [Row], truncate: Int, more: Int?) -> String {
        let header = schema.names.map { truncated($0, truncate) }
        let cells = rows.map { r in r.values.map { cell($0, truncate) } }
        var widths = header.map { max(3, $0.count) }
        for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        let sep = "+" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "+") + "+\n"
        func line(_ values: [String]) -> String {
            "|" + zip(values, widths).map { v, w in
                let pad = String(repeating: " ", count: w - v.count)
                return truncate > 0 ? pad + v : v + pad
            }.joined(separator: "|") + "|\n"
        }
        var out = sep + line(header) + sep
        for row in cells { out += line(row) }
        out += sep
        if let n = more { out += "only showing top \(n) row\(n == 1 ? "" : "s")\n" }
        return out
    }
}
