import DataFlowColumnar
import DataFlowEngine

/// A Swift function usable on columns, as Spark's `UserDefinedFunction`: made by `udf { ... }` (scalar)
/// or `udaf(...)` (aggregate), called like a function on columns, registered by name for SQL with
/// `session.udf.register`.
///
/// ```swift
/// let score = udf("score") { (rating: Double, count: Int64) -> Double in rating * Double(count) }
/// let scored = ratings.withColumn("score", score(col("rating"), col("n")))
/// ```
public struct UserDefinedFunction: Sendable, CustomStringConvertible {
    /// The engine's form, which plans hold by reference.
    public let function: UserFunction

    public init(_ function: UserFunction) { self.function = function }

    public var name: String { function.name }
    /// Spark's form: `score: (double, bigint) => double`; `?` marks an optional parameter or result.
    public var signature: String { function.signature }
    public var description: String { signature }
    public var isDeterministic: Bool { function.isDeterministic }

    /// The call on columns; an aggregate goes inside `agg(...)`.
    public func callAsFunction(_ args: Column...) -> Column { callAsFunction(args) }
    public func callAsFunction(_ args: [Column]) -> Column {
        let a = args.map(\.expr)
        return Column(function.isAggregate ? .udaf(function, a) : .udf(function, a))
    }

    /// The same function, which the optimizer must not fold to a constant, deduplicate or move (as
    /// `rand()`): for a closure with side effects or randomness.
    public func asNondeterministic() -> UserDefinedFunction { UserDefinedFunction(function.with(isDeterministic: false)) }

    /// The same function under another name (for `explain`, column names and error messages).
    public func withName(_ name: String) -> UserDefinedFunction { UserDefinedFunction(function.with(name: name)) }
}

/// A scalar function of columns from a Swift closure, called once per row, batch by batch, in parallel
/// on the session's workers:
///
/// ```swift
/// let score = udf("score") { (rating: Double, count: Int64) -> Double in rating * Double(count) }
/// df.select(score(col("rating"), col("n")))
/// ```
///
/// Parameters and result are `ColumnValue`s. Arguments are cast to the parameter types with Spark's
/// implicit casts. A NULL argument for a non-optional parameter makes the result NULL without calling
/// the closure; an `Optional` parameter receives nil. An `Optional` result may be NULL. An error the
/// closure throws fails the query with `FAILED_EXECUTE_UDF`. The name defaults to `udf`, as Spark's does.
public func udf<each A: ColumnValue, R: ColumnValue>(_ name: String = "udf",
                                                     _ body: @escaping @Sendable (repeat each A) throws -> R) -> UserDefinedFunction {
    var params: [UserFunction.Parameter] = []
    for t in repeat (each A).self { params.append(parameter(t)) }
    let arity = params.count
    let write = resultWriter(R.self)
    let invoke: @Sendable ([ColumnData], Int) throws -> ColumnData = { columns, rows in
        guard columns.count == arity else {
            throw DataFlowError("INTERNAL_ERROR", "\(name) called with \(columns.count) columns for \(arity) parameters")
        }
        let next = ArgumentCursor(columns)
        let readers = (repeat ArgumentReader<each A>(next.take()))
        var out = ColumnBuilder(type: R.columnType, capacity: rows)
        for i in 0..<rows {
            let args: (repeat each A)
            do { args = try (repeat (each readers).read(i)) } catch { out.appendNull(); continue }
            write(&out, try body(repeat each args))
        }
        return out.finish()
    }
    return UserDefinedFunction(UserFunction(name: name, parameters: params, returnType: R.columnType,
                                            returnsNull: R.acceptsNull, body: .scalar(invoke)))
}

func parameter<T: ColumnValue>(_: T.Type) -> UserFunction.Parameter {
    UserFunction.Parameter(type: T.columnType, acceptsNull: T.acceptsNull, canRead: { T.canRead($0) })
}

/// A NULL where the parameter does not accept one: the row's result is NULL and the closure is not called.
struct NullArgument: Error {}

/// Hands out a batch's argument columns in parameter order.
final class ArgumentCursor {
    let columns: [ColumnData]
    var next = 0
    init(_ columns: [ColumnData]) { self.columns = columns }
    func take() -> ColumnData {
        defer { next += 1 }
        return columns[next]
    }
}

/// Reads one parameter's values from its column.
struct ArgumentReader<A: ColumnValue> {
    let column: ColumnData
    init(_ column: ColumnData) { self.column = column }
    /// Typed throws: a NULL costs a branch, not an allocation.
    @inline(__always) func read(_ row: Int) throws(NullArgument) -> A {
        guard let v = A.read(column, row) else { throw NullArgument() }
        return v
    }
}

/// Appends a result to the output column: directly for the common fixed-width types and strings (no
/// `Value` per row), through `Value` for the rest. Chosen once per function.
func resultWriter<R: ColumnValue>(_: R.Type) -> @Sendable (inout ColumnBuilder, R) -> Void {
    func plain<T>(_: T.Type, _ append: @escaping @Sendable (inout ColumnBuilder, T) -> Void) -> (@Sendable (inout ColumnBuilder, R) -> Void)? {
        if R.self == T.self { return { b, r in append(&b, unsafeBitCast(r, to: T.self)) } }
        if R.self == Optional<T>.self {
            return { b, r in
                if let v = unsafeBitCast(r, to: Optional<T>.self) { append(&b, v) } else { b.appendNull() }
            }
        }
        return nil
    }
    if let w = plain(Double.self, { $0.append($1) }) { return w }
    if let w = plain(Int64.self, { $0.append($1) }) { return w }
    if let w = plain(Int.self, { $0.append(Int64($1)) }) { return w }
    if let w = plain(Int32.self, { $0.append($1) }) { return w }
    if let w = plain(Bool.self, { $0.append($1) }) { return w }
    if let w = plain(String.self, { $0.append($1) }) { return w }
    if let w = plain(LocalDate.self, { $0.append($1.daysSinceEpoch) }) { return w }
    return { b, r in b.append(value: r.value) }
}

/// Calls the function registered under `name` with `session.udf.register` (Spark's `call_udf`). The
/// name is resolved when the column is used in a DataFrame of that session.
public func call_udf(_ name: String, _ args: Column...) -> Column { call_udf(name, args) }
public func call_udf(_ name: String, _ args: [Column]) -> Column {
    Column(.function(userFunctionMarker, [.literal(.string(name))] + args.map(\.expr)))
}

extension Session {
    /// Resolves `call_udf` columns in the expressions of a plan's top node against this session's functions.
    func resolvingUserFunctions(_ plan: LogicalPlan) -> LogicalPlan {
        plan.mapExpressions { e in
            guard e.contains(where: { if case .function(userFunctionMarker, _) = $0 { return true }; return false }) else { return e }
            return e.transformUp { node in
                guard case .function(userFunctionMarker, let args) = node, case .literal(.string(let name))? = args.first,
                      let f = catalog.userFunction(name) else { return node }
                let rest = Array(args.dropFirst())
                return f.isAggregate ? .udaf(f, rest) : .udf(f, rest)
            }
        }
    }
}
