import DataFlowColumnar

// The syntax tree of DataFlow's SQL dialect (Spark SQL). Pure syntax: nothing here knows the engine.
// Names keep the user's spelling (Spark resolves names case-insensitively); keywords are not kept.

/// Where a node starts in the SQL text: 1-based line and column (in characters), 0-based UTF-8 offset.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int
    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }
    public static let start = SourcePosition(line: 1, column: 1, offset: 0)
    public var description: String { "\(line):\(column)" }
}

// MARK: - Expressions

/// An expression node: what it is (`kind`) and where it starts (`position`).
public struct SQLExpr: Sendable, Hashable {
    public var kind: SQLExprKind
    public var position: SourcePosition
    public init(_ kind: SQLExprKind, at position: SourcePosition) {
        self.kind = kind
        self.position = position
    }
}

public indirect enum SQLExprKind: Sendable, Hashable {
    /// `a`, `t.a`, `` `my col` `` — name parts, unquoted (backticks removed, ``` `` ``` unescaped).
    case column([String])
    /// `*` (empty qualifier) or `t.*`.
    case star(qualifier: [String])
    case literal(SQLLiteral)
    /// `?` (index counts from 0 in order of appearance in the statement) or `:name`.
    case parameter(SQLParameter)
    case unary(SQLUnaryOperator, SQLExpr)
    case binary(SQLBinaryOperator, SQLExpr, SQLExpr)
    /// `x IS [NOT] NULL`
    case isNull(SQLExpr, negated: Bool)
    /// `x IS [NOT] TRUE|FALSE|UNKNOWN` (`value` nil for UNKNOWN).
    case isBoolean(SQLExpr, value: Bool?, negated: Bool)
    /// `a IS [NOT] DISTINCT FROM b`
    case isDistinctFrom(SQLExpr, SQLExpr, negated: Bool)
    /// `x [NOT] BETWEEN low AND high`
    case between(SQLExpr, low: SQLExpr, high: SQLExpr, negated: Bool)
    /// `x [NOT] IN (a, b, …)`
    case inList(SQLExpr, [SQLExpr], negated: Bool)
    /// `x [NOT] IN (SELECT …)`; `x` may be a struct-like tuple written `(a, b)` only as a single expression here.
    case inSubquery(SQLExpr, SQLQuery, negated: Bool)
    /// `[NOT] EXISTS (SELECT …)`
    case exists(SQLQuery, negated: Bool)
    /// `(SELECT …)` used as a value.
    case scalarSubquery(SQLQuery)
    /// `x [NOT] LIKE|ILIKE|RLIKE pattern [ESCAPE 'c']`
    case like(SQLLikeKind, SQLExpr, pattern: SQLExpr, escape: Character?, negated: Bool)
    /// `CASE [operand] WHEN … THEN … [ELSE …] END`; `operand` set for the simple form.
    case caseWhen(operand: SQLExpr?, branches: [SQLWhenBranch], elseResult: SQLExpr?)
    /// `CAST(x AS t)`, `TRY_CAST(x AS t)`, `x::t`
    case cast(SQLExpr, SQLType, isTry: Bool)
    /// `EXTRACT(field FROM x)`; `field` upper-cased (YEAR, MONTH, DAY, HOUR, …).
    case extract(field: String, SQLExpr)
    /// `SUBSTRING(x FROM a [FOR b])` (the comma form `substring(x, a, b)` is an ordinary function call).
    case substring(SQLExpr, from: SQLExpr, length: SQLExpr?)
    /// `TRIM([BOTH|LEADING|TRAILING] [chars] FROM x)` (the comma form is an ordinary function call).
    case trim(SQLTrimSide, characters: SQLExpr?, SQLExpr)
    /// `POSITION(needle IN haystack)`
    case position(needle: SQLExpr, haystack: SQLExpr)
    /// A function call, maybe a window function (`over` set) or aggregate with FILTER.
    case function(SQLFunctionCall)
}

public enum SQLParameter: Sendable, Hashable {
    case positional(Int)
    case named(String)
}

public enum SQLUnaryOperator: String, Sendable, Hashable {
    case minus = "-"
    case plus = "+"
    case not = "NOT"
    case bitwiseNot = "~"
}

public enum SQLBinaryOperator: String, Sendable, Hashable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", intDivide = "div"
    case concat = "||"
    case bitwiseAnd = "&", bitwiseOr = "|", bitwiseXor = "^"
    /// `=` and `==`
    case equal = "="
    /// `!=` and `<>`
    case notEqual = "<>"
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    /// `<=>`
    case nullSafeEqual = "<=>"
    case and = "AND", or = "OR"
}

public enum SQLLikeKind: String, Sendable, Hashable {
    case like = "LIKE", ilike = "ILIKE", rlike = "RLIKE"
}

public enum SQLTrimSide: String, Sendable, Hashable {
    case both = "BOTH", leading = "LEADING", trailing = "TRAILING"
}

public struct SQLWhenBranch: Sendable, Hashable {
    public var condition: SQLExpr
    public var result: SQLExpr
    public init(condition: SQLExpr, result: SQLExpr) {
        self.condition = condition
        self.result = result
    }
}

public struct SQLFunctionCall: Sendable, Hashable {
    /// Name parts as written (`count`, `my_db.my_fn`); compare case-insensitively.
    public var name: [String]
    /// Arguments; `count(*)` has one `.star(qualifier: [])` argument.
    public var arguments: [SQLExpr]
    public var distinct: Bool
    /// `agg(...) FILTER (WHERE cond)`
    public var filter: SQLExpr?
    /// `f(...) IGNORE NULLS` / `RESPECT NULLS` (nil when not written).
    public var ignoreNulls: Bool?
    /// `OVER (...)` or `OVER name`.
    public var over: SQLWindowReference?
    public init(name: [String], arguments: [SQLExpr], distinct: Bool = false, filter: SQLExpr? = nil,
                ignoreNulls: Bool? = nil, over: SQLWindowReference? = nil) {
        self.name = name
        self.arguments = arguments
        self.distinct = distinct
        self.filter = filter
        self.ignoreNulls = ignoreNulls
        self.over = over
    }
}

// MARK: - Literals and types

public indirect enum SQLLiteral: Sendable, Hashable {
    case null
    case boolean(Bool)
    /// Integer literal that fits in 32 bits, no suffix.
    case int32(Int32)
    /// Integer literal that does not fit in 32 bits, or has the `L` suffix.
    case int64(Int64)
    /// `1S` (SMALLINT) — the value is in range.
    case int16(Int16)
    /// `1Y` (TINYINT) — the value is in range.
    case int8(Int8)
    /// `1.5` → decimal(2,1), `1.5BD`, or an integer too big for BIGINT (≤ 38 digits): unscaled value.
    case decimal(unscaled: Int128, precision: Int, scale: Int)
    /// `1.5e3`, `1.5D`, `1e3D`
    case double(Double)
    /// `1.5F`
    case float(Float)
    case string(String)
    /// `DATE '2024-01-31'` — the text inside the quotes, parsed by the translator.
    case date(String)
    /// `TIMESTAMP '2024-01-31 10:00:00'` (also `TIMESTAMP_NTZ`/`TIMESTAMP_LTZ '…'`).
    case timestamp(String)
    /// `X'0AFF'` binary literal: the hex digits.
    case binary(String)
    case interval(SQLInterval)

    /// The engine value, where the column format has one (not for int8/int16/float/date/timestamp
    /// text/interval/binary — the translator converts those).
    public var value: Value? {
        switch self {
        case .null: return .null
        case .boolean(let b): return .bool(b)
        case .int32(let v): return .int32(v)
        case .int64(let v): return .int64(v)
        case .decimal(let u, let p, let s): return .decimal(u, precision: p, scale: s)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        default: return nil
        }
    }
}

/// `INTERVAL '3' DAY`, `INTERVAL 3 DAYS`, `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL 1 DAY 2 HOURS`.
public struct SQLInterval: Sendable, Hashable {
    public struct Part: Sendable, Hashable {
        /// The quantity as written, sign included ("3", "-3", "1-2", "10:20:30.5").
        public var value: String
        public var unit: SQLIntervalUnit
        /// Set for `… YEAR TO MONTH`, `… DAY TO SECOND`, …
        public var toUnit: SQLIntervalUnit?
        public init(value: String, unit: SQLIntervalUnit, toUnit: SQLIntervalUnit? = nil) {
            self.value = value
            self.unit = unit
            self.toUnit = toUnit
        }
    }
    public var parts: [Part]
    public init(parts: [Part]) { self.parts = parts }
}

public enum SQLIntervalUnit: String, Sendable, Hashable {
    case year = "YEAR", month = "MONTH", week = "WEEK", day = "DAY", hour = "HOUR", minute = "MINUTE"
    case second = "SECOND", millisecond = "MILLISECOND", microsecond = "MICROSECOND"
}

/// A type name as written in CAST, `::`, column definitions.
public indirect enum SQLType: Sendable, Hashable, CustomStringConvertible {
    case boolean, tinyint, smallint, int, bigint, float, double
    /// `decimal` alone is decimal(10,0); `decimal(p)` is decimal(p,0).
    case decimal(precision: Int, scale: Int)
    case string
    case varchar(Int)
    case char(Int)
    case date
    case timestamp
    case timestampNTZ
    case binary
    case array(SQLType)
    case map(SQLType, SQLType)
    case structType([SQLStructField])
    /// Interval types are kept by name, e.g. "INTERVAL DAY", "INTERVAL YEAR TO MONTH".
    case interval(String)

    /// The engine type, where the column format has one.
    public var dataType: DataType? {
        switch self {
        case .boolean: return .boolean
        case .int: return .int32
        case .bigint: return .int64
        case .double, .float: return .float64
        case .decimal(let p, let s): return .decimal(precision: p, scale: s)
        case .string, .varchar, .char: return .string
        case .date: return .date
        case .timestamp, .timestampNTZ: return .timestamp
        case .array(let t): return t.dataType.map { DataType.array($0) }
        case .map(let k, let v):
            guard let kt = k.dataType, let vt = v.dataType else { return nil }
            return .map(kt, vt)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .boolean: return "boolean"
        case .tinyint: return "tinyint"
        case .smallint: return "smallint"
        case .int: return "int"
        case .bigint: return "bigint"
        case .float: return "float"
        case .double: return "double"
        case .decimal(let p, let s): return "decimal(\(p),\(s))"
        case .string: return "string"
        case .varchar(let n): return "varchar(\(n))"
        case .char(let n): return "char(\(n))"
        case .date: return "date"
        case .timestamp: return "timestamp"
        case .timestampNTZ: return "timestamp_ntz"
        case .binary: return "binary"
        case .array(let t): return "array<\(t)>"
        case .map(let k, let v): return "map<\(k),\(v)>"
        case .structType(let fs): return "struct<" + fs.map { "\($0.name):\($0.type)" }.joined(separator: ",") + ">"
        case .interval(let s): return s.lowercased()
        }
    }
}

public struct SQLStructField: Sendable, Hashable {
    public var name: String
    public var type: SQLType
    public init(name: String, type: SQLType) {
        self.name = name
        self.type = type
    }
}

// MARK: - Windows

public enum SQLWindowReference: Sendable, Hashable {
    /// `OVER w`
    case named(String)
    /// `OVER (…)`
    case spec(SQLWindowSpec)
}

public struct SQLWindowSpec: Sendable, Hashable {
    /// `OVER (w ORDER BY …)` — a named window this one refines.
    public var baseWindow: String?
    public var partitionBy: [SQLExpr]
    public var orderBy: [SQLOrderItem]
    public var frame: SQLWindowFrame?
    public init(baseWindow: String? = nil, partitionBy: [SQLExpr] = [], orderBy: [SQLOrderItem] = [],
                frame: SQLWindowFrame? = nil) {
        self.baseWindow = baseWindow
        self.partitionBy = partitionBy
        self.orderBy = orderBy
        self.frame = frame
    }
}

public struct SQLWindowFrame: Sendable, Hashable {
    public enum Unit: String, Sendable, Hashable { case rows = "ROWS", range = "RANGE" }
    public var unit: Unit
    public var start: SQLFrameBound
    /// `ROWS n PRECEDING` (no BETWEEN) is stored with `end = .currentRow`.
    public var end: SQLFrameBound
    public init(unit: Unit, start: SQLFrameBound, end: SQLFrameBound) {
        self.unit = unit
        self.start = start
        self.end = end
    }
}

public enum SQLFrameBound: Sendable, Hashable {
    case unboundedPreceding
    case preceding(SQLExpr)
    case currentRow
    case following(SQLExpr)
    case unboundedFollowing
}

public struct SQLNamedWindow: Sendable, Hashable {
    public var name: String
    public var spec: SQLWindowSpec
    public init(name: String, spec: SQLWindowSpec) {
        self.name = name
        self.spec = spec
    }
}

// MARK: - Queries

public struct SQLOrderItem: Sendable, Hashable {
    public var expr: SQLExpr
    public var ascending: Bool
    /// nil when not written (Spark: nulls first when ascending, last when descending).
    public var nullsFirst: Bool?
    public init(expr: SQLExpr, ascending: Bool = true, nullsFirst: Bool? = nil) {
        self.expr = expr
        self.ascending = ascending
        self.nullsFirst = nullsFirst
    }
}

/// A query expression: `[WITH …] body [ORDER BY …] [LIMIT …] [OFFSET …]`.
public struct SQLQuery: Sendable, Hashable {
    public var ctes: [SQLCommonTableExpression]
    public var body: SQLQueryBody
    public var orderBy: [SQLOrderItem]
    /// nil when absent; `LIMIT ALL` is also nil.
    public var limit: SQLExpr?
    public var offset: SQLExpr?
    public var position: SourcePosition
    public init(ctes: [SQLCommonTableExpression] = [], body: SQLQueryBody, orderBy: [SQLOrderItem] = [],
                limit: SQLExpr? = nil, offset: SQLExpr? = nil, position: SourcePosition) {
        self.ctes = ctes
        self.body = body
        self.orderBy = orderBy
        self.limit = limit
        self.offset = offset
        self.position = position
    }
}

public struct SQLCommonTableExpression: Sendable, Hashable {
    public var name: String
    /// `WITH t(a, b) AS (…)`
    public var columnAliases: [String]
    public var query: SQLQuery
    public var position: SourcePosition
    public init(name: String, columnAliases: [String] = [], query: SQLQuery, position: SourcePosition) {
        self.name = name
        self.columnAliases = columnAliases
        self.query = query
        self.position = position
    }
}

public indirect enum SQLQueryBody: Sendable, Hashable {
    case select(SQLSelect)
    /// `left UNION|INTERSECT|EXCEPT [ALL|DISTINCT] right` (INTERSECT binds tighter, as in Spark).
    case setOperation(SQLSetOperator, all: Bool, SQLQueryBody, SQLQueryBody)
    /// `VALUES (1, 'a'), (2, 'b')` — each row a list of expressions (a bare `VALUES 1, 2` gives one-column rows).
    case values([[SQLExpr]])
    /// `(query)` — a parenthesised query with its own WITH/ORDER BY/LIMIT.
    case query(SQLQuery)
    /// `TABLE name`
    case table([String])
}

public enum SQLSetOperator: String, Sendable, Hashable {
    case union = "UNION", intersect = "INTERSECT", except = "EXCEPT"
}

public struct SQLSelect: Sendable, Hashable {
    public var distinct: Bool
    public var items: [SQLSelectItem]
    /// Comma-separated FROM items (each may be a join tree); empty without FROM.
    public var from: [SQLTableRef]
    public var whereClause: SQLExpr?
    public var groupBy: SQLGroupBy?
    public var having: SQLExpr?
    public var qualify: SQLExpr?
    /// `WINDOW w AS (…), …`
    public var windows: [SQLNamedWindow]
    public var position: SourcePosition
    public init(distinct: Bool = false, items: [SQLSelectItem], from: [SQLTableRef] = [], whereClause: SQLExpr? = nil,
                groupBy: SQLGroupBy? = nil, having: SQLExpr? = nil, qualify: SQLExpr? = nil,
                windows: [SQLNamedWindow] = [], position: SourcePosition) {
        self.distinct = distinct
        self.items = items
        self.from = from
        self.whereClause = whereClause
        self.groupBy = groupBy
        self.having = having
        self.qualify = qualify
        self.windows = windows
        self.position = position
    }
}

public struct SQLSelectItem: Sendable, Hashable {
    public var expr: SQLExpr
    /// `expr AS alias` or `expr alias`.
    public var alias: String?
    public init(expr: SQLExpr, alias: String? = nil) {
        self.expr = expr
        self.alias = alias
    }
}

public struct SQLGroupBy: Sendable, Hashable {
    /// `GROUP BY a, 2, ROLLUP(b, c)`; ordinals are integer literals for the translator to resolve.
    public var items: [SQLGroupingItem]
    /// `GROUP BY ALL`
    public var all: Bool
    public init(items: [SQLGroupingItem], all: Bool = false) {
        self.items = items
        self.all = all
    }
}

public enum SQLGroupingItem: Sendable, Hashable {
    case expr(SQLExpr)
    /// `ROLLUP(a, (b, c))` — each element a list (a single expression is a list of one). Also `GROUP BY a, b WITH ROLLUP`.
    case rollup([[SQLExpr]])
    case cube([[SQLExpr]])
    /// `GROUPING SETS ((a, b), (a), ())`
    case groupingSets([[SQLExpr]])
}

public struct SQLTableAlias: Sendable, Hashable {
    public var name: String
    /// `AS t(x, y)`
    public var columns: [String]
    public init(name: String, columns: [String] = []) {
        self.name = name
        self.columns = columns
    }
}

public struct SQLTableRef: Sendable, Hashable {
    public var kind: SQLTableRefKind
    public var position: SourcePosition
    public init(_ kind: SQLTableRefKind, at position: SourcePosition) {
        self.kind = kind
        self.position = position
    }
}

public indirect enum SQLTableRefKind: Sendable, Hashable {
    /// `db.t [AS] alias[(cols)]`
    case table(name: [String], alias: SQLTableAlias?)
    /// `t VERSION AS OF 3 [AS] alias`, `t TIMESTAMP AS OF '…'`
    case timeTravel(name: [String], SQLTimeTravel, alias: SQLTableAlias?)
    /// `(SELECT …) [AS] alias[(cols)]`; `lateral` for `LATERAL (…)`.
    case subquery(SQLQuery, alias: SQLTableAlias?, lateral: Bool)
    /// `VALUES (1, 'a'), (2, 'b') AS t(x, y)` (also written `(VALUES …) AS t(x, y)`, which parses as a subquery).
    case values([[SQLExpr]], alias: SQLTableAlias?)
    /// A table-valued function: `range(10) [AS] r`.
    case function(name: [String], arguments: [SQLExpr], alias: SQLTableAlias?)
    case join(SQLJoin)
}

public struct SQLJoin: Sendable, Hashable {
    public var kind: SQLJoinKind
    public var left: SQLTableRef
    public var right: SQLTableRef
    /// `NATURAL` joins have `.natural`; CROSS and a comma join carry `.none`.
    public var condition: SQLJoinCondition
    public init(kind: SQLJoinKind, left: SQLTableRef, right: SQLTableRef, condition: SQLJoinCondition) {
        self.kind = kind
        self.left = left
        self.right = right
        self.condition = condition
    }
}

public enum SQLJoinKind: String, Sendable, Hashable {
    case inner = "INNER", left = "LEFT", right = "RIGHT", full = "FULL"
    case leftSemi = "LEFT SEMI", leftAnti = "LEFT ANTI", cross = "CROSS"
}

public enum SQLJoinCondition: Sendable, Hashable {
    case none
    case on(SQLExpr)
    case using([String])
    case natural
}

// MARK: - Statements

public indirect enum SQLStatement: Sendable, Hashable {
    case query(SQLQuery)
    case createView(SQLCreateView)
    case createTable(SQLCreateTable)
    /// `DROP TABLE|VIEW [IF EXISTS] name`
    case drop(SQLObjectKind, name: [String], ifExists: Bool)
    /// `SHOW TABLES [FROM|IN db] [[LIKE] 'pattern']`
    case showTables(database: [String]?, pattern: String?)
    /// `DESCRIBE|DESC [TABLE] [EXTENDED] name`
    case describe(name: [String], extended: Bool)
    /// `EXPLAIN [EXTENDED|FORMATTED|CODEGEN|COST] statement`
    case explain(SQLExplainMode, SQLStatement)
    /// `SET` (key nil: list), `SET key` (value nil: show), `SET key = value` — raw text as Spark keeps it
    /// (quotes stripped from a single quoted value).
    case set(key: String?, value: String?)
    /// `RESET [key]`
    case reset(key: String?)
    case insert(SQLInsert)
    case delete(SQLDelete)
    case update(SQLUpdate)
    case merge(SQLMerge)
    /// `DESCRIBE HISTORY t [LIMIT n]`
    case describeHistory(table: [String], limit: Int?)
    /// `OPTIMIZE t [WHERE …]`
    case optimize(table: [String], condition: SQLExpr?)
    /// `VACUUM t [RETAIN n HOURS] [DRY RUN]`
    case vacuum(table: [String], retainHours: Double?, dryRun: Bool)
}

public enum SQLObjectKind: String, Sendable, Hashable {
    case table = "TABLE", view = "VIEW"
}

public enum SQLExplainMode: String, Sendable, Hashable {
    case simple = "SIMPLE", extended = "EXTENDED", formatted = "FORMATTED", codegen = "CODEGEN", cost = "COST"
}

public struct SQLCreateView: Sendable, Hashable {
    public var name: [String]
    public var orReplace: Bool
    /// TEMP / TEMPORARY (also GLOBAL TEMPORARY, flagged in `global`).
    public var temporary: Bool
    public var global: Bool
    public var ifNotExists: Bool
    /// `CREATE VIEW v (a, b) AS …`
    public var columns: [String]
    public var query: SQLQuery
    public init(name: [String], orReplace: Bool = false, temporary: Bool = false, global: Bool = false,
                ifNotExists: Bool = false, columns: [String] = [], query: SQLQuery) {
        self.name = name
        self.orReplace = orReplace
        self.temporary = temporary
        self.global = global
        self.ifNotExists = ifNotExists
        self.columns = columns
        self.query = query
    }
}

public struct SQLColumnDefinition: Sendable, Hashable {
    public var name: String
    public var type: SQLType
    public var nullable: Bool
    public var comment: String?
    public init(name: String, type: SQLType, nullable: Bool = true, comment: String? = nil) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.comment = comment
    }
}

public struct SQLCreateTable: Sendable, Hashable {
    public var name: [String]
    public var orReplace: Bool
    public var ifNotExists: Bool
    public var columns: [SQLColumnDefinition]
    /// `USING csv|parquet|json|delta|…` (as written).
    public var format: String?
    /// `OPTIONS (path '…', header 'true')` in order; keys as written (dotted keys joined with '.').
    public var options: [SQLOption]
    public var partitionedBy: [String]
    /// `LOCATION '…'`
    public var location: String?
    public var comment: String?
    /// `AS SELECT …`
    public var asQuery: SQLQuery?
    public init(name: [String], orReplace: Bool = false, ifNotExists: Bool = false, columns: [SQLColumnDefinition] = [],
                format: String? = nil, options: [SQLOption] = [], partitionedBy: [String] = [], location: String? = nil,
                comment: String? = nil, asQuery: SQLQuery? = nil) {
        self.name = name
        self.orReplace = orReplace
        self.ifNotExists = ifNotExists
        self.columns = columns
        self.format = format
        self.options = options
        self.partitionedBy = partitionedBy
        self.location = location
        self.comment = comment
        self.asQuery = asQuery
    }
}

public struct SQLOption: Sendable, Hashable {
    public var key: String
    /// Strings unquoted; numbers and booleans as written.
    public var value: String
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

public struct SQLInsert: Sendable, Hashable {
    public var table: [String]
    /// `INSERT INTO t (a, b) …`
    public var columns: [String]
    /// `INSERT OVERWRITE [TABLE] t …`
    public var overwrite: Bool
    /// `SELECT …` or `VALUES …` (a `.values` body).
    public var source: SQLQuery
    public init(table: [String], columns: [String] = [], overwrite: Bool = false, source: SQLQuery) {
        self.table = table
        self.columns = columns
        self.overwrite = overwrite
        self.source = source
    }
}
