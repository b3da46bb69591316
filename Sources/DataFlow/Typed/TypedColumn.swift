import DataFlowColumnar
import DataFlowEngine

/// A column expression over records of `Root` with values of `Value`, built from key paths:
/// `\.rating >= 4`, `\.rating * 2`, `avg(\.rating)`. It lowers to an ordinary `Column`, so the
/// optimizer and the vectorized engine treat it like `col("rating") >= 4.0`; the types keep literals
/// and operands matched to the fields at compile time.
public struct TypedColumn<Root: Record, Value>: TypedExpression, Sendable {
    public let column: Column

    public init(_ column: Column) { self.column = column }

    /// The field a key path names (a column that fails at analysis if it is not a stored field).
    public init(_ keyPath: KeyPath<Root, Value>) where Value: ColumnValue {
        column = Self.column(keyPath)
    }

    static func column(_ keyPath: PartialKeyPath<Root>) -> Column {
        do { return try RecordMeta<Root>.get().column(keyPath) } catch let e as DataFlowError {
            return invalidColumn(e.message)
        } catch {
            return invalidColumn("\(error)")
        }
    }

    public func `as`(_ name: String) -> TypedColumn { TypedColumn(column.as(name)) }
    public var isNull: TypedColumn<Root, Bool> { TypedColumn<Root, Bool>(column.isNull) }
    public var isNotNull: TypedColumn<Root, Bool> { TypedColumn<Root, Bool>(column.isNotNull) }
    public var asc: SortColumn { column.asc }
    public var desc: SortColumn { column.desc }
}

/// A typed expression over records of `Root` (what `TypedGroupedData.agg` takes).
public protocol TypedExpression<Root>: Sendable {
    associatedtype Root: Record
    var column: Column { get }
}

/// A field as a typed column, for methods key paths do not have: `col(\.comment).isNull`.
public func col<R: Record, V: ColumnValue>(_ keyPath: KeyPath<R, V>) -> TypedColumn<R, V> { TypedColumn(keyPath) }

// MARK: - Operators
// Few overloads on purpose (key path or typed column on the left; a literal, key path or typed column on
// the right) so expressions like `\.rating >= 4 && \.movieId == 7` type-check quickly.

@inline(__always) func kp<R: Record, V>(_ k: KeyPath<R, V>) -> Expr { TypedColumn<R, V>.column(k).expr }
@inline(__always) func lit<V: ColumnValue>(_ v: V) -> Expr { .literal(v.value) }
@inline(__always) func cmp<R: Record>(_ op: CompareOp, _ l: Expr, _ r: Expr) -> TypedColumn<R, Bool> {
    // `== nil` / `!= nil` mean what they mean in Swift.
    if case .literal(.null) = r, op == .eq { return TypedColumn(Column(.isNull(l))) }
    if case .literal(.null) = r, op == .ne { return TypedColumn(Column(.isNotNull(l))) }
    return TypedColumn(Column(.comparison(op, l, r)))
}

public func == <R, V: ColumnValue>(l: KeyPath<R, V>, r: V) -> TypedColumn<R, Bool> { cmp(.eq, kp(l), lit(r)) }
public func != <R, V: ColumnValue>(l: KeyPath<R, V>, r: V) -> TypedColumn<R, Bool> { cmp(.ne, kp(l), lit(r)) }
public func < <R, V: ColumnValue>(l: KeyPath<R, V>, r: V) -> TypedColumn<R, Bool> { cmp(.lt, kp(l), lit(r)) }
public func <= <R, V: ColumnValue>(l: KeyPath<R, V>, r: V) -> TypedColumn<R, Bool> { cmp(.le, kp(l), lit(r)) }
public func > <R, V: ColumnValue>(l: KeyPath<R, V>, r: V) -> TypedColumn<R, Bool> { cmp(.gt, kp(l), lit(r)) }
public func >= <R, V: ColumnValue>(l: KeyPath<R, V>, r: V) -> TypedColumn<R, Bool> { cmp(.ge, kp(l), lit(r)) }

public func == <R, V: ColumnValue>(l: KeyPath<R, V>, r: KeyPath<R, V>) -> TypedColumn<R, Bool> { cmp(.eq, kp(l), kp(r)) }
public func != <R, V: ColumnValue>(l: KeyPath<R, V>, r: KeyPath<R, V>) -> TypedColumn<R, Bool> { cmp(.ne, kp(l), kp(r)) }
public func < <R, V: ColumnValue>(l: KeyPath<R, V>, r: KeyPath<R, V>) -> TypedColumn<R, Bool> { cmp(.lt, kp(l), kp(r)) }
public func <= <R, V: ColumnValue>(l: KeyPath<R, V>, r: KeyPath<R, V>) -> TypedColumn<R, Bool> { cmp(.le, kp(l), kp(r)) }
public func > <R, V: ColumnValue>(l: KeyPath<R, V>, r: KeyPath<R, V>) -> TypedColumn<R, Bool> { cmp(.gt, kp(l), kp(r)) }
public func >= <R, V: ColumnValue>(l: KeyPath<R, V>, r: KeyPath<R, V>) -> TypedColumn<R, Bool> { cmp(.ge, kp(l), kp(r)) }

public func == <R, V: ColumnValue>(l: TypedColumn<R, V>, r: V) -> TypedColumn<R, Bool> { cmp(.eq, l.column.expr, lit(r)) }
public func != <R, V: ColumnValue>(l: TypedColumn<R, V>, r: V) -> TypedColumn<R, Bool> { cmp(.ne, l.column.expr, lit(r)) }
public func < <R, V: ColumnValue>(l: TypedColumn<R, V>, r: V) -> TypedColumn<R, Bool> { cmp(.lt, l.column.expr, lit(r)) }
public func <= <R, V: ColumnValue>(l: TypedColumn<R, V>, r: V) -> TypedColumn<R, Bool> { cmp(.le, l.column.expr, lit(r)) }
public func > <R, V: ColumnValue>(l: TypedColumn<R, V>, r: V) -> TypedColumn<R, Bool> { cmp(.gt, l.column.expr, lit(r)) }
public func >= <R, V: ColumnValue>(l: TypedColumn<R, V>, r: V) -> TypedColumn<R, Bool> { cmp(.ge, l.column.expr, lit(r)) }

public func == <R, V>(l: TypedColumn<R, V>, r: TypedColumn<R, V>) -> TypedColumn<R, Bool> { cmp(.eq, l.column.expr, r.column.expr) }
public func != <R, V>(l: TypedColumn<R, V>, r: TypedColumn<R, V>) -> TypedColumn<R, Bool> { cmp(.ne, l.column.expr, r.column.expr) }
public func < <R, V>(l: TypedColumn<R, V>, r: TypedColumn<R, V>) -> TypedColumn<R, Bool> { cmp(.lt, l.column.expr, r.column.expr) }
public func <= <R, V>(l: TypedColumn<R, V>, r: TypedColumn<R, V>) -> TypedColumn<R, Bool> { cmp(.le, l.column.expr, r.column.expr) }
public func > <R, V>(l: TypedColumn<R, V>, r: TypedColumn<R, V>) -> TypedColumn<R, Bool> { cmp(.gt, l.column.expr, r.column.expr) }
public func >= <R, V>(l: TypedColumn<R, V>, r: TypedColumn<R, V>) -> TypedColumn<R, Bool> { cmp(.ge, l.column.expr, r.column.expr) }

@inline(__always) func arith<R: Record, V>(_ op: ArithmeticOp, _ l: Expr, _ r: Expr) -> TypedColumn<R, V> { TypedColumn(Column(.arithmetic(op, l, r))) }

public func + <R, V: ColumnValue & Numeric>(l: KeyPath<R, V>, r: V) -> TypedColumn<R, V> { arith(.add, kp(l), lit(r)) }
public func - <R, V: ColumnValue & Numeric>(l: KeyPath<R, V>, r: V) -> TypedColumn<R, V> { arith(.subtract, kp(l), lit(r)) }
public func * <R, V: ColumnValue & Numeric>(l: KeyPath<R, V>, r: V) -> TypedColumn<R, V> { arith(.multiply, kp(l), lit(r)) }
public func / <R, V: ColumnValue & Numeric>(l: KeyPath<R, V>, r: V) -> TypedColumn<R, Double> { arith(.divide, kp(l), lit(r)) }
public func + <R, V: ColumnValue & Numeric>(l: KeyPath<R, V>, r: KeyPath<R, V>) -> TypedColumn<R, V> { arith(.add, kp(l), kp(r)) }
public func - <R, V: ColumnValue & Numeric>(l: KeyPath<R, V>, r: KeyPath<R, V>) -> TypedColumn<R, V> { arith(.subtract, kp(l), kp(r)) }
public func * <R, V: ColumnValue & Numeric>(l: KeyPath<R, V>, r: KeyPath<R, V>) -> TypedColumn<R, V> { arith(.multiply, kp(l), kp(r)) }
public func / <R, V: ColumnValue & Numeric>(l: KeyPath<R, V>, r: KeyPath<R, V>) -> TypedColumn<R, Double> { arith(.divide, kp(l), kp(r)) }
public func + <R, V: ColumnValue & Numeric>(l: TypedColumn<R, V>, r: V) -> TypedColumn<R, V> { arith(.add, l.column.expr, lit(r)) }
public func - <R, V: ColumnValue & Numeric>(l: TypedColumn<R, V>, r: V) -> TypedColumn<R, V> { arith(.subtract, l.column.expr, lit(r)) }
public func * <R, V: ColumnValue & Numeric>(l: TypedColumn<R, V>, r: V) -> TypedColumn<R, V> { arith(.multiply, l.column.expr, lit(r)) }
public func / <R, V: ColumnValue & Numeric>(l: TypedColumn<R, V>, r: V) -> TypedColumn<R, Double> { arith(.divide, l.column.expr, lit(r)) }
public func + <R, V: Numeric>(l: TypedColumn<R, V>, r: TypedColumn<R, V>) -> TypedColumn<R, V> { arith(.add, l.column.expr, r.column.expr) }
public func - <R, V: Numeric>(l: TypedColumn<R, V>, r: TypedColumn<R, V>) -> TypedColumn<R, V> { arith(.subtract, l.column.expr, r.column.expr) }
public func * <R, V: Numeric>(l: TypedColumn<R, V>, r: TypedColumn<R, V>) -> TypedColumn<R, V> { arith(.multiply, l.column.expr, r.column.expr) }
public func / <R, V: Numeric>(l: TypedColumn<R, V>, r: TypedColumn<R, V>) -> TypedColumn<R, Double> { arith(.divide, l.column.expr, r.column.expr) }

public func && <R>(l: TypedColumn<R, Bool>, r: TypedColumn<R, Bool>) -> TypedColumn<R, Bool> { TypedColumn(Column(.and(l.column.expr, r.column.expr))) }
public func || <R>(l: TypedColumn<R, Bool>, r: TypedColumn<R, Bool>) -> TypedColumn<R, Bool> { TypedColumn(Column(.or(l.column.expr, r.column.expr))) }
public prefix func ! <R>(c: TypedColumn<R, Bool>) -> TypedColumn<R, Bool> { TypedColumn(Column(.not(c.column.expr))) }

// MARK: - Aggregates over fields (for `ds.groupBy(\.key).agg(...)`)

@inline(__always) func aggregate<R: Record, V>(_ name: String, _ args: [Expr]) -> TypedColumn<R, V> { TypedColumn(Column(.aggregate(name, args))) }

public func count<R: Record>() -> TypedColumn<R, Int64> { aggregate("count", []) }
public func count<R, V: ColumnValue>(_ field: KeyPath<R, V>) -> TypedColumn<R, Int64> { aggregate("count", [kp(field)]) }
public func sum<R, V: ColumnValue & Numeric>(_ field: KeyPath<R, V>) -> TypedColumn<R, V> { aggregate("sum", [kp(field)]) }
public func avg<R, V: ColumnValue & Numeric>(_ field: KeyPath<R, V>) -> TypedColumn<R, Double> { aggregate("avg", [kp(field)]) }
public func min<R, V: ColumnValue>(_ field: KeyPath<R, V>) -> TypedColumn<R, V> { aggregate("min", [kp(field)]) }
public func max<R, V: ColumnValue>(_ field: KeyPath<R, V>) -> TypedColumn<R, V> { aggregate("max", [kp(field)]) }
