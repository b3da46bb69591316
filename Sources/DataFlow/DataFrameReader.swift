import DataFlowColumnar
import DataFlowEngine
import DataFlowFormats

/// `session.read`: options by Spark's names, then a format.
///
/// ```swift
/// let df = try session.read.option("header", true).option("inferSchema", true).csv("ratings.csv")
/// let same = try session.read.csv("ratings.csv", header: true, inferSchema: true)
/// let also = try session.read.format("csv").option("header", true).load("ratings.csv")
/// ```
public struct DataFrameReader: Sendable {
    let session: Session
    var options: [(String, String)] = []
    var userSchema: Schema?
    var formatName: String?

    init(session: Session) { self.session = session }

    public func option(_ key: String, _ value: String) -> DataFrameReader {
        var r = self
        r.options.append((key, value))
        return r
    }
    public func option(_ key: String, _ value: Bool) -> DataFrameReader { option(key, value ? "true" : "false") }
    public func option(_ key: String, _ value: Int) -> DataFrameReader { option(key, String(value)) }
    public func options(_ kv: [String: String]) -> DataFrameReader {
        var r = self
        for (k, v) in kv.sorted(by: { $0.key < $1.key }) { r = r.option(k, v) }
        return r
    }

    /// An explicit schema (no inference).
    public func schema(_ schema: Schema) -> DataFrameReader {
        var r = self
        r.userSchema = schema
        return r
    }

    /// A schema as DDL text: `"userId INT, movieId INT, rating DOUBLE"`.
    public func schema(_ ddl: String) throws -> DataFrameReader { schema(try parseDDL(ddl)) }

    /// The format `load` reads (`"csv"`; Spark's default when none is given is parquet, which is not
    /// available yet).
    public func format(_ name: String) -> DataFrameReader {
        var r = self
        r.formatName = name
        return r
    }

    /// Reads files in the chosen format (a file, a folder of part files, or a glob).
    public func load(_ paths: String...) throws -> DataFrame { try load(paths: paths) }

    func load(paths: [String]) throws -> DataFrame {
        let format = try DataSourceFormat(named: formatName ?? DataSourceFormat.defaultName)
        // A folder of Hive-style `key=value/` folders brings its partition columns back.
        if format != .delta, paths.count == 1,
           let t = try HivePartitioning.table(root: paths[0], format: format, options: options, schema: userSchema, lenient: false) {
            return session.table(t)
        }
        return session.table(try format.table(paths: paths, options: options, schema: userSchema))
    }

    /// Reads CSV files (a file, a folder of part files, or a glob).
    public func csv(_ paths: String..., header: Bool? = nil, inferSchema: Bool? = nil, delimiter: String? = nil) throws -> DataFrame {
        var r = format("csv")
        if let header { r = r.option("header", header) }
        if let inferSchema { r = r.option("inferSchema", inferSchema) }
        if let delimiter { r = r.option("delimiter", delimiter) }
        return try r.load(paths: paths)
    }

    /// Reads Parquet files (a file, a folder of part files, or a glob); their schemas must agree.
    ///
    /// ```swift
    /// let lineitem = try session.read.parquet("tpch/lineitem.parquet")
    /// ```
    public func parquet(_ paths: String...) throws -> DataFrame {
        try format("parquet").load(paths: paths)
    }
    /// Reads JSON lines files (one object per line; a file, a folder of part files, a glob, `.gz` files).
    /// Columns are inferred as Spark infers them and sorted by name; nested objects become `parent.child`
    /// columns (back-quote them in SQL: `` `a.b` ``).
    ///
    /// ```swift
    /// let events = try session.read.json("events.jsonl")
    /// ```
    public func json(_ paths: String...) throws -> DataFrame { try format("json").load(paths: paths) }

    /// Reads Arrow IPC files (file or streaming format, detected from the magic).
    ///
    /// ```swift
    /// let t = try session.read.arrow("data.arrow")
    /// ```
    public func arrow(_ paths: String...) throws -> DataFrame { try format("arrow").load(paths: paths) }
}

extension Schema {
    /// A schema from DDL text: `Schema(ddl: "userId INT, movieId INT, rating DOUBLE NOT NULL")`.
    public init(ddl: String) throws { self = try parseDDL(ddl) }
}

/// Parses `name TYPE, name TYPE` into a schema.
func parseDDL(_ ddl: String) throws -> Schema {
    var fields: [Field] = []
    var depth = 0, current = ""
    var parts: [String] = []
    for ch in ddl {
        if ch == "(" { depth += 1 } else if ch == ")" { depth -= 1 }
        if ch == "," && depth == 0 { parts.append(current); current = "" } else { current.append(ch) }
    }
    parts.append(current)
    for p in parts {
        let t = p.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { continue }
        guard let space = t.firstIndex(where: { $0 == " " || $0 == ":" }) else {
            throw DataFlowError("PARSE_SYNTAX_ERROR", "schema entry '\(t)' needs a name and a type, e.g. 'rating DOUBLE'")
        }
        let name = String(t[..<space]).trimmingCharacters(in: CharacterSet(charactersIn: "`"))
        var typeText = String(t[t.index(after: space)...]).trimmingCharacters(in: .whitespaces)
        var nullable = true
        if typeText.uppercased().hasSuffix("NOT NULL") { nullable = false; typeText = String(typeText.dropLast(8)).trimmingCharacters(in: .whitespaces) }
        guard let type = DataType(sqlName: typeText) else {
            throw DataFlowError("UNSUPPORTED_DATATYPE", "unknown type '\(typeText)' for column `\(name)` in schema '\(ddl)'")
        }
        fields.append(Field(name, type, nullable: nullable))
    }
    return Schema(fields)
}

import Foundation
