import DataFlowColumnar
import DataFlowEngine

extension Session {
    /// Registers Swift functions by name for SQL, `call_udf` and scripts (Spark's `spark.udf`).
    public var udf: UDFRegistration { UDFRegistration(catalog: catalog) }
}

/// The session's user-defined functions by name (case-insensitive), as Spark's `UDFRegistration`.
///
/// ```swift
/// session.udf.register("score") { (rating: Double, n: Int64) -> Double in rating * Double(n) }
/// let top = try session.sql("SELECT score(rating, n) AS s FROM ratings")
/// ```
///
/// Registering a name again replaces the function. A registered name also shadows a built-in function
/// of that name in SQL and scripts, as `spark.udf.register` does; the DataFrame functions (`upper(...)`)
/// always mean the built-ins. Plans already built keep the function they were built with.
public struct UDFRegistration: Sendable {
    let catalog: Catalog

    /// Registers `function` under `name` and returns it with that name.
    @discardableResult
    public func register(_ name: String, _ function: UserDefinedFunction) -> UserDefinedFunction {
        let named = function.withName(name)
        catalog.registerFunction(named.function)
        return named
    }

    /// Registers an aggregate: `session.udf.register("geomean", GeoMean())`.
    @discardableResult
    public func register<U: UserDefinedAggregate>(_ name: String, _ aggregate: U) -> UserDefinedFunction {
        register(name, udaf(name, aggregate))
    }

    /// The function registered under `name`, or nil.
    public func lookup(_ name: String) -> UserDefinedFunction? { catalog.userFunction(name).map(UserDefinedFunction.init) }

    /// Removes a function; false when there was none.
    @discardableResult
    public func unregister(_ name: String) -> Bool { catalog.dropFunction(name) }

    /// Registered names, sorted.
    public var names: [String] { catalog.functionNames }
}
