import DataFlowColumnar

/// A user-defined function (a Swift closure or aggregate) as the plan holds it: `Expr.udf` and
/// `Expr.udaf` carry a reference to one, so it lives exactly as long as the plans that use it and no
/// process-wide table grows with each definition. Two references are the same function only when they
/// are the same object (equality and hashing by identity), as two closures cannot be compared.
public final class UserFunction: Sendable, Hashable, CustomStringConvertible {
    /// One declared parameter.
    public struct Parameter: Sendable {
        /// The column type the argument is cast to when it cannot be read as is.
        public let type: DataType
        /// True for an `Optional` parameter: NULL is passed in rather than making the result NULL.
        public let acceptsNull: Bool
        /// Column types read directly, without a cast (`Int64` reads `int` columns too).
        public let canRead: @Sendable (DataType) -> Bool

        public init(type: DataType, acceptsNull: Bool, canRead: @escaping @Sendable (DataType) -> Bool) {
            self.type = type
            self.acceptsNull = acceptsNull
            self.canRead = canRead
        }
    }

    public enum Body: Sendable {
        /// Evaluates one batch: argument columns (already of readable types) and the row count.
        case scalar(@Sendable ([Column], Int) throws -> Column)
        /// A fresh accumulator (one per worker per query).
        case aggregate(@Sendable () -> any Accumulator)
    }

    public let name: String
    public let parameters: [Parameter]
    public let returnType: DataType
    /// Whether the function itself can return NULL (an `Optional` result).
    public let returnsNull: Bool
    /// Deterministic functions may be folded to a constant and moved by the optimizer (Spark's default).
    public let isDeterministic: Bool
    public let body: Body

    public init(name: String, parameters: [Parameter], returnType: DataType, returnsNull: Bool,
                isDeterministic: Bool = true, body: Body) {
        self.name = name
        self.parameters = parameters
        self.returnType = returnType
        self.returnsNull = returnsNull
        self.isDeterministic = isDeterministic
        self.body = body
    }

    /// The same function under another name or determinism (a new identity).
    public func with(name: String? = nil, isDeterministic: Bool? = nil) -> UserFunction {
        UserFunction(name: name ?? self.name, parameters: parameters, returnType: returnType, returnsNull: returnsNull,
                     isDeterministic: isDeterministic ?? self.isDeterministic, body: body)
    }

    public var isAggregate: Bool { if case .aggregate = body { return true }; return false }

    /// Spark's form: `score: (double, bigint) => double`.
    public var signature: String {
        func t(_ type: DataType, _ null: Bool) -> String { type.sqlName + (null ? "?" : "") }
        return "\(name): (\(parameters.map { t($0.type, $0.acceptsNull) }.joined(separator: ", "))) => \(t(returnType, returnsNull))"
    }

    public var description: String { signature }

    public static func == (a: UserFunction, b: UserFunction) -> Bool { a === b }
    public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }

    /// A thrown error, as Spark reports it.
    public func failure(_ error: any Error) -> DataFlowError {
        let why = (error as? DataFlowError)?.description ?? String(describing: error)
        return DataFlowError("FAILED_EXECUTE_UDF", "User defined function (`\(signature)`) failed due to: \(why)")
    }

    /// Whether a resolved call can be NULL: an optional result, or a NULL argument for a parameter that
    /// does not accept one (aggregates skip NULL inputs, so only their result type counts).
    func nullable(_ args: [Expr]) -> Bool {
        if returnsNull { return true }
        if isAggregate { return false }
        return zip(parameters, args).contains { !$0.acceptsNull && $1.nullable }
    }

    /// The registry's shape of this aggregate, for the operators that take one.
    var aggregateFunction: AggregateFunction? {
        guard case .aggregate(let make) = body else { return nil }
        let types = parameters.map(\.type), result = returnType
        return AggregateFunction(name: name, signature: signature, doc: "", example: "",
                                 arity: parameters.count...parameters.count,
                                 coerce: { _ in types }, returnType: { _ in result },
                                 makeAccumulator: { [self] _, _ in UserAccumulator(make(), self) })
    }
}

/// Runs a user's accumulator and reports what it throws as FAILED_EXECUTE_UDF.
final class UserAccumulator: Accumulator {
    let inner: any Accumulator
    let function: UserFunction
    init(_ inner: any Accumulator, _ function: UserFunction) { self.inner = inner; self.function = function }

    func resize(_ groups: Int) { inner.resize(groups) }
    func update(_ groupIds: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        do { try inner.update(groupIds, args) } catch { throw function.failure(error) }
    }
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        guard let o = other as? UserAccumulator else { throw DataFlowError("INTERNAL_ERROR", "merging \(function.name) with another aggregate") }
        do { try inner.merge(o.inner, mapping: mapping) } catch { throw function.failure(error) }
    }
    func finish() throws -> Column {
        do { return try inner.finish() } catch { throw function.failure(error) }
    }
}
