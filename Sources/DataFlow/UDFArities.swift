import DataFlowColumnar
import DataFlowEngine

// `udf` and `session.udf.register` for closures of 0 to 5 parameters. One overload per arity rather
// than a parameter pack: with a pack, each row paid for generic metadata look-ups (about 150 ns per
// argument in a release build); these specialise into direct reads at the caller.

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
@inlinable
public func udf<R: ColumnValue>(_ name: String = "udf", _ body: @escaping @Sendable () throws -> R) -> UserDefinedFunction {
    scalarUDF(name, [], R.self) { _ in
        return { _ in try body() }
    }
}

@inlinable
public func udf<A: ColumnValue, R: ColumnValue>(_ name: String = "udf", _ body: @escaping @Sendable (A) throws -> R) -> UserDefinedFunction {
    scalarUDF(name, [parameter(A.self)], R.self) { columns in
        let c0 = columns[0]
        return { i in
            guard let a = A.read(c0, i) else { return nil }
            return try body(a)
        }
    }
}

@inlinable
public func udf<A: ColumnValue, B: ColumnValue, R: ColumnValue>(_ name: String = "udf", _ body: @escaping @Sendable (A, B) throws -> R) -> UserDefinedFunction {
    scalarUDF(name, [parameter(A.self), parameter(B.self)], R.self) { columns in
        let c0 = columns[0]
        let c1 = columns[1]
        return { i in
            guard let a = A.read(c0, i), let b = B.read(c1, i) else { return nil }
            return try body(a, b)
        }
    }
}

@inlinable
public func udf<A: ColumnValue, B: ColumnValue, C: ColumnValue, R: ColumnValue>(_ name: String = "udf", _ body: @escaping @Sendable (A, B, C) throws -> R) -> UserDefinedFunction {
    scalarUDF(name, [parameter(A.self), parameter(B.self), parameter(C.self)], R.self) { columns in
        let c0 = columns[0]
        let c1 = columns[1]
        let c2 = columns[2]
        return { i in
            guard let a = A.read(c0, i), let b = B.read(c1, i), let c = C.read(c2, i) else { return nil }
            return try body(a, b, c)
        }
    }
}

@inlinable
public func udf<A: ColumnValue, B: ColumnValue, C: ColumnValue, D: ColumnValue, R: ColumnValue>(_ name: String = "udf", _ body: @escaping @Sendable (A, B, C, D) throws -> R) -> UserDefinedFunction {
    scalarUDF(name, [parameter(A.self), parameter(B.self), parameter(C.self), parameter(D.self)], R.self) { columns in
        let c0 = columns[0]
        let c1 = columns[1]
        let c2 = columns[2]
        let c3 = columns[3]
        return { i in
            guard let a = A.read(c0, i), let b = B.read(c1, i), let c = C.read(c2, i), let d = D.read(c3, i) else { return nil }
            return try body(a, b, c, d)
        }
    }
}

@inlinable
public func udf<A: ColumnValue, B: ColumnValue, C: ColumnValue, D: ColumnValue, E: ColumnValue, R: ColumnValue>(_ name: String = "udf", _ body: @escaping @Sendable (A, B, C, D, E) throws -> R) -> UserDefinedFunction {
    scalarUDF(name, [parameter(A.self), parameter(B.self), parameter(C.self), parameter(D.self), parameter(E.self)], R.self) { columns in
        let c0 = columns[0]
        let c1 = columns[1]
        let c2 = columns[2]
        let c3 = columns[3]
        let c4 = columns[4]
        return { i in
            guard let a = A.read(c0, i), let b = B.read(c1, i), let c = C.read(c2, i), let d = D.read(c3, i), let e = E.read(c4, i) else { return nil }
            return try body(a, b, c, d, e)
        }
    }
}

extension UDFRegistration {
    /// Registers a closure: `session.udf.register("plus1") { (x: Int64) -> Int64 in x + 1 }`.
    @discardableResult @inlinable
    public func register<R: ColumnValue>(_ name: String, _ body: @escaping @Sendable () throws -> R) -> UserDefinedFunction {
        register(name, DataFlow.udf(name, body))
    }

    @discardableResult @inlinable
    public func register<A: ColumnValue, R: ColumnValue>(_ name: String, _ body: @escaping @Sendable (A) throws -> R) -> UserDefinedFunction {
        register(name, DataFlow.udf(name, body))
    }

    @discardableResult @inlinable
    public func register<A: ColumnValue, B: ColumnValue, R: ColumnValue>(_ name: String, _ body: @escaping @Sendable (A, B) throws -> R) -> UserDefinedFunction {
        register(name, DataFlow.udf(name, body))
    }

    @discardableResult @inlinable
    public func register<A: ColumnValue, B: ColumnValue, C: ColumnValue, R: ColumnValue>(_ name: String, _ body: @escaping @Sendable (A, B, C) throws -> R) -> UserDefinedFunction {
        register(name, DataFlow.udf(name, body))
    }

    @discardableResult @inlinable
    public func register<A: ColumnValue, B: ColumnValue, C: ColumnValue, D: ColumnValue, R: ColumnValue>(_ name: String, _ body: @escaping @Sendable (A, B, C, D) throws -> R) -> UserDefinedFunction {
        register(name, DataFlow.udf(name, body))
    }

    @discardableResult @inlinable
    public func register<A: ColumnValue, B: ColumnValue, C: ColumnValue, D: ColumnValue, E: ColumnValue, R: ColumnValue>(_ name: String, _ body: @escaping @Sendable (A, B, C, D, E) throws -> R) -> UserDefinedFunction {
        register(name, DataFlow.udf(name, body))
    }
}
