import DataFlowColumnar
import DataFlowEngine

/// A column expression, as in Spark: `col("rating") >= 4`, `col("a") + col("b")`, `avg("x").as("m")`.
/// Building one does no work; it becomes part of a DataFrame's plan.
public struct Column: Sendable, CustomStringConvertible {
    public let expr: Expr

    public init(_ expr: Expr) { self.expr = expr }

    /// `col("name")`; `"t.name"` selects by table alias.
    public init(_ name: String) {
        if name == "*" { expr = .star() } else { expr = .column(name) }
    }

    public var description: String { expr.description }

    /// Renames the result (`.as("n")`, Spark's `alias`).
    public func `as`(_ name: String) -> Column { Column(.alias(expr, name)) }
    public func alias(_ name: String) -> Column { self.as(name) }
    public func name(_ name: String) -> Column { self.as(name) }

    public func cast(_ type: DataType) -> Column { Column(.cast(expr, type)) }
    /// `cast("int")`, `cast("decimal(10,2)")`; an unknown name gives a column that fails at analysis.
    public func cast(_ typeName: String) -> Column {
        guard let t = DataType(sqlName: typeName) else {
            return Column(.function(invalidMarker, [expr, .literal(.string("unknown type '\(typeName)'; use e.g. int, bigint, double, decimal(10,2), string, date, timestamp, boolean"))]))
        }
        return cast(t)
    }
    /// `try_cast`: NULL instead of an error for values that do not convert.
    public func tryCast(_ type: DataType) -> Column { Column(.cast(expr, type, isTry: true)) }

    public var isNull: Column { Column(.isNull(expr)) }
    public var isNotNull: Column { Column(.isNotNull(expr)) }
    public var isNaN: Column { Column(.function("isnan", [expr])) }

    public func isin(_ values: any ColumnConvertible...) -> Column { isin(values) }
    public func isin(_ values: [any ColumnConvertible]) -> Column { Column(.inList(expr, values.map { $0.column.expr })) }

    public func between(_ low: some ColumnConvertible, _ high: some ColumnConvertible) -> Column {
        Column(.and(.comparison(.ge, expr, low.column.expr), .comparison(.le, expr, high.column.expr)))
    }

    /// SQL LIKE: `%` any run, `_` one character, `\` escapes.
    public func like(_ pattern: String) -> Column { Column(.like(expr, pattern: pattern)) }
    public func ilike(_ pattern: String) -> Column { Column(.like(expr, pattern: pattern, caseInsensitive: true)) }
    /// True where the regular expression (Java syntax) matches some part of the string: `col("title").rlike("^The ")`.
    public func rlike(_ pattern: String) -> Column { Column(.function("rlike", [expr, .literal(.string(pattern))])) }

    public func eqNullSafe(_ other: some ColumnConvertible) -> Column { Column(.comparison(.eqNullSafe, expr, other.column.expr)) }

    // Sort orders.
    public var asc: SortColumn { SortColumn(SortOrder(expr, ascending: true)) }
    public var desc: SortColumn { SortColumn(SortOrder(expr, ascending: false)) }
    public var ascNullsFirst: SortColumn { SortColumn(SortOrder(expr, ascending: true, nullsFirst: true)) }
    public var ascNullsLast: SortColumn { SortColumn(SortOrder(expr, ascending: true, nullsFirst: false)) }
    public var descNullsFirst: SortColumn { SortColumn(SortOrder(expr, ascending: false, nullsFirst: true)) }
    public var descNullsLast: SortColumn { SortColumn(SortOrder(expr, ascending: false, nullsFirst: false)) }

    /// `when(cond, v).when(cond2, v2).otherwise(v3)`
    public func when(_ condition: Column, _ value: some ColumnConvertible) -> Column {
        guard case .caseWhen(let clauses, nil) = expr else {
            return Column(.function(invalidMarker, [expr, .literal(.string("when() can only follow when(...) or another .when(...)"))]))
        }
        return Column(.caseWhen(clauses + [Expr.WhenClause(condition.expr, value.column.expr)], otherwise: nil))
    }

    public func otherwise(_ value: some ColumnConvertible) -> Column {
        guard case .caseWhen(let clauses, nil) = expr else {
            return Column(.function(invalidMarker, [expr, .literal(.string("otherwise() can only follow when(...)"))]))
        }
        return Column(.caseWhen(clauses, otherwise: value.column.expr))
    }
}

/// A sort key for `orderBy`/`sort`.
public struct SortColumn: Sendable {
    public let order: SortOrder
    public init(_ order: SortOrder) { self.order = order }
}

/// Anything usable where a column is expected: columns and Swift literals.
public protocol ColumnConvertible: Sendable {
    var column: Column { get }
}

extension Column: ColumnConvertible { public var column: Column { self } }
extension Int: ColumnConvertible {
    public var column: Column { Column(.literal(Int32(exactly: self).map { .int32($0) } ?? .int64(Int64(self)))) }
}
extension Int32: ColumnConvertible { public var column: Column { Column(.literal(.int32(self))) } }
extension Int64: ColumnConvertible { public var column: Column { Column(.literal(.int64(self))) } }
extension Double: ColumnConvertible { public var column: Column { Column(.literal(.double(self))) } }
extension Bool: ColumnConvertible { public var column: Column { Column(.literal(.bool(self))) } }
extension String: ColumnConvertible { public var column: Column { Column(.literal(.string(self))) } }
extension Value: ColumnConvertible { public var column: Column { Column(.literal(self)) } }

extension SortColumn {
    /// Column names sort ascending.
    public init(_ name: String) { self.init(SortOrder(.column(name))) }
}

// MARK: - Operators

public func + (l: Column, r: some ColumnConvertible) -> Column { Column(.arithmetic(.add, l.expr, r.column.expr)) }
public func - (l: Column, r: some ColumnConvertible) -> Column { Column(.arithmetic(.subtract, l.expr, r.column.expr)) }
public func * (l: Column, r: some ColumnConvertible) -> Column { Column(.arithmetic(.multiply, l.expr, r.column.expr)) }
public func / (l: Column, r: some ColumnConvertible) -> Column { Column(.arithmetic(.divide, l.expr, r.column.expr)) }
public func % (l: Column, r: some ColumnConvertible) -> Column { Column(.arithmetic(.remainder, l.expr, r.column.expr)) }
public func + (l: some ColumnConvertible & Numeric, r: Column) -> Column { Column(.arithmetic(.add, l.column.expr, r.expr)) }
public func - (l: some ColumnConvertible & Numeric, r: Column) -> Column { Column(.arithmetic(.subtract, l.column.expr, r.expr)) }
public func * (l: some ColumnConvertible & Numeric, r: Column) -> Column { Column(.arithmetic(.multiply, l.column.expr, r.expr)) }
public func / (l: some ColumnConvertible & Numeric, r: Column) -> Column { Column(.arithmetic(.divide, l.column.expr, r.expr)) }
public prefix func - (c: Column) -> Column { Column(.negate(c.expr)) }

public func == (l: Column, r: some ColumnConvertible) -> Column { Column(.comparison(.eq, l.expr, r.column.expr)) }
public func != (l: Column, r: some ColumnConvertible) -> Column { Column(.comparison(.ne, l.expr, r.column.expr)) }
public func < (l: Column, r: some ColumnConvertible) -> Column { Column(.comparison(.lt, l.expr, r.column.expr)) }
public func <= (l: Column, r: some ColumnConvertible) -> Column { Column(.comparison(.le, l.expr, r.column.expr)) }
public func > (l: Column, r: some ColumnConvertible) -> Column { Column(.comparison(.gt, l.expr, r.column.expr)) }
public func >= (l: Column, r: some ColumnConvertible) -> Column { Column(.comparison(.ge, l.expr, r.column.expr)) }

public func && (l: Column, r: Column) -> Column { Column(.and(l.expr, r.expr)) }
public func || (l: Column, r: Column) -> Column { Column(.or(l.expr, r.expr)) }
public prefix func ! (c: Column) -> Column { Column(.not(c.expr)) }
