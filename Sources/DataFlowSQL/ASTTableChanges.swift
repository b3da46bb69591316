/// Statements that change a table's rows in place and read its history (Delta Lake's SQL):
/// `DELETE FROM`, `UPDATE`, `MERGE INTO`, `DESCRIBE HISTORY`, `OPTIMIZE`, `VACUUM`, and time travel
/// (`FROM t VERSION AS OF 3`).

/// `VERSION AS OF 3` or `TIMESTAMP AS OF '2026-11-25 10:00:00'` (also `FOR SYSTEM_VERSION AS OF` …).
public enum SQLTimeTravel: Sendable, Hashable {
    case version(Int64)
    case timestamp(SQLExpr)
}

/// `DELETE FROM t [[AS] alias] [WHERE condition]`
public struct SQLDelete: Sendable, Hashable {
    public var table: [String]
    public var alias: String?
    public var condition: SQLExpr?
    public init(table: [String], alias: String? = nil, condition: SQLExpr? = nil) {
        self.table = table
        self.alias = alias
        self.condition = condition
    }
}

/// `column = value` in `UPDATE … SET` and `MERGE … UPDATE SET`; the column may be qualified (`t.a`).
public struct SQLAssignment: Sendable, Hashable {
    public var column: [String]
    public var value: SQLExpr
    public init(column: [String], value: SQLExpr) {
        self.column = column
        self.value = value
    }
}

/// `UPDATE t [[AS] alias] SET a = 1, b = b + 1 [WHERE condition]`
public struct SQLUpdate: Sendable, Hashable {
    public var table: [String]
    public var alias: String?
    public var assignments: [SQLAssignment]
    public var condition: SQLExpr?
    public init(table: [String], alias: String? = nil, assignments: [SQLAssignment], condition: SQLExpr? = nil) {
        self.table = table
        self.alias = alias
        self.assignments = assignments
        self.condition = condition
    }
}

/// `MERGE INTO target [[AS] t] USING source [[AS] s] ON condition WHEN …`
public struct SQLMerge: Sendable, Hashable {
    public var target: [String]
    public var targetAlias: String?
    /// A table name or a `(subquery)`.
    public var source: SQLTableRef
    public var condition: SQLExpr
    public var clauses: [SQLMergeClause]
    public init(target: [String], targetAlias: String?, source: SQLTableRef, condition: SQLExpr, clauses: [SQLMergeClause]) {
        self.target = target
        self.targetAlias = targetAlias
        self.source = source
        self.condition = condition
        self.clauses = clauses
    }
}

/// One `WHEN [NOT] MATCHED [AND condition] THEN action` clause.
public struct SQLMergeClause: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case matched = "MATCHED", notMatched = "NOT MATCHED", notMatchedBySource = "NOT MATCHED BY SOURCE"
    }
    public enum Action: Sendable, Hashable {
        /// `UPDATE SET a = s.a, …`
        case update([SQLAssignment])
        /// `UPDATE SET *`
        case updateAll
        case delete
        /// `INSERT (a, b) VALUES (s.a, s.b)`
        case insert(columns: [String], values: [SQLExpr])
        /// `INSERT *`
        case insertAll
    }
    public var kind: Kind
    public var condition: SQLExpr?
    public var action: Action
    public init(kind: Kind, condition: SQLExpr?, action: Action) {
        self.kind = kind
        self.condition = condition
        self.action = action
    }
}
