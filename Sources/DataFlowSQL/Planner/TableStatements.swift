import DataFlowColumnar
import DataFlowEngine

/// A planned `CREATE TABLE`: what the session's catalog needs to create the table. Nothing here has
/// touched the catalog or the file system yet.
public struct TableDefinition: Sendable {
    public var name: String
    /// The declared columns (`CREATE TABLE t (a INT, …)`); nil when they come from the query or the files.
    public var columns: [Field]?
    /// Each declared column's `COMMENT`, parallel to `columns`.
    public var columnComments: [String?]
    /// `USING …` as written; nil when not given.
    public var format: String?
    /// `OPTIONS (…)` in order, names as written.
    public var options: [(key: String, value: String)]
    /// `LOCATION '…'`.
    public var location: String?
    public var comment: String?
    /// `AS SELECT …`.
    public var query: LogicalPlan?
    public var orReplace: Bool
    public var ifNotExists: Bool
    /// `PARTITIONED BY (a, b)` (Delta tables).
    public var partitionedBy: [String] = []

    public init(name: String, columns: [Field]? = nil, columnComments: [String?] = [], format: String? = nil,
                options: [(key: String, value: String)] = [], location: String? = nil, comment: String? = nil,
                query: LogicalPlan? = nil, orReplace: Bool = false, ifNotExists: Bool = false) {
        self.name = name
        self.columns = columns
        self.columnComments = columnComments
        self.format = format
        self.options = options
        self.location = location
        self.comment = comment
        self.query = query
        self.orReplace = orReplace
        self.ifNotExists = ifNotExists
    }
}

extension SQLPlanner {
    /// `CREATE [OR REPLACE] TABLE [IF NOT EXISTS] t [(cols)] [USING f] [OPTIONS (…)] [LOCATION '…'] [AS query]`:
    /// checks what can be checked without the catalog (Spark's parse-time errors) and plans the query.
    func createTable(_ ct: SQLCreateTable) throws -> SQLCommand {
        let name = ct.name.joined(separator: ".")
        if ct.orReplace && ct.ifNotExists {
            throw DataFlowError("INVALID_SQL_SYNTAX", "CREATE OR REPLACE TABLE `\(name)` cannot also say IF NOT EXISTS; use one of them.")
        }
        guard ct.partitionedBy.isEmpty || ct.format == nil || ct.format?.lowercased() == "delta" else {
            throw DataFlowError("UNSUPPORTED_FEATURE", "PARTITIONED BY is supported for Delta tables (USING delta) only (table `\(name)`).")
        }
        var columns: [Field]? = nil
        if !ct.columns.isEmpty {
            if ct.asQuery != nil {
                throw DataFlowError("OPERATION_NOT_ALLOWED",
                                    "Schema may not be specified in a CREATE TABLE AS SELECT statement (table `\(name)`): the columns come from the query.")
            }
            var seen = Set<String>()
            columns = try ct.columns.map { c in
                guard seen.insert(c.name.lowercased()).inserted else {
                    throw DataFlowError("COLUMN_ALREADY_EXISTS", "The column `\(c.name)` appears twice in CREATE TABLE `\(name)`.")
                }
                guard let t = c.type.dataType else {
                    throw DataFlowError("UNSUPPORTED_DATATYPE", "The type \(c.type) of column `\(c.name)` in CREATE TABLE `\(name)` is not supported yet.")
                }
                return Field(c.name, t, nullable: c.nullable)
            }
        }
        var definition = TableDefinition(
            name: name, columns: columns, columnComments: ct.columns.map(\.comment), format: ct.format,
            options: ct.options.map { (key: $0.key, value: $0.value) }, location: ct.location, comment: ct.comment,
            query: try ct.asQuery.map { try plan($0) }, orReplace: ct.orReplace, ifNotExists: ct.ifNotExists)
        definition.partitionedBy = ct.partitionedBy
        return .createTable(definition)
    }
}
