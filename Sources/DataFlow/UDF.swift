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

    /// The same function, which the optimizer must not fold to a constant or move past other operators (as
    /// `rand()`): for a closure with side effects or randomness.
    public func asNondeterministic() -> UserDefinedFunction { UserDefinedFunction(function.with(isDeterministic: false)) }

    /// The same function under another name (for `explain`, column names and error messages).
    public func withName(_ name: String) -> UserDefinedFunction { UserDefinedFunction(function.with(name: name)) }
}

/// Builds a scalar UDF from a per-batch row reader: `rows(columns)` returns, for a row, nil when an
/// argument is NULL for a parameter that does not accept it, else the closure's result. The `udf`
/// overloads (one per arity, in UDFArities.swift) are `@inlinable`, so the reader is specialised for the
/// concrete types where `udf` is called: no generic metadata or `Value` per row.
@inlinable
func scalarUDF<R: ColumnValue>(_ name: String, _ params: [UserFunction.Parameter], _: R.Type,
                               _ rows: @escaping @Sendable ([ColumnData]) -> (Int) throws -> R?) -> UserDefinedFunction {
    let arity = params.count
    let write = resultWriter(R.self)
    let invoke: @Sendable ([ColumnData], Int) throws -> ColumnData = { columns, count in
        guard columns.count == arity else {
            throw DataFlowError("INTERNAL_ERROR", "\(name) called with \(columns.count) columns for \(arity) parameters")
        }
        let row = rows(columns)
        var out = ColumnBuilder(type: R.columnType, capacity: count)
        for i in 0..<count {
            if let r = try row(i) { write(&out, r) } else { out.appendNull() }
        }
        return out.finish()
    }
    return UserDefinedFunction(UserFunction(name: name, parameters: params, returnType: R.columnType,
                                            returnsNull: R.acceptsNull, body: .scalar(invoke)))
}

@inlinable
func parameter<T: ColumnValue>(_: T.Type) -> UserFunction.Parameter {
    UserFunction.Parameter(type: T.columnType, acceptsNull: T.acceptsNull, canRead: { T.canRead($0) })
}

/// Appends a result to the output column: directly for the common fixed-width types and strings (no
/// `Value` per row), through `Value` for the rest. Chosen once per function.
@inlinable
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
