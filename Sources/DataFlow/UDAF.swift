import DataFlowColumnar
import DataFlowEngine

/// An aggregate written in Swift, in the shape of Spark's `Aggregator`: a state per group that starts
/// at `initial`, takes each input value (`update`), combines with the state another worker built for
/// the same group (`merge`), and becomes the group's result (`finish`).
///
/// ```swift
/// struct GeoMean: UserDefinedAggregate {
///     var initial: (logSum: Double, n: Int) { (0, 0) }
///     func update(_ s: inout (logSum: Double, n: Int), _ x: Double) { s.logSum += log(x); s.n += 1 }
///     func merge(_ s: inout (logSum: Double, n: Int), _ o: (logSum: Double, n: Int)) { s.logSum += o.logSum; s.n += o.n }
///     func finish(_ s: (logSum: Double, n: Int)) -> Double? { s.n == 0 ? nil : exp(s.logSum / Double(s.n)) }
/// }
/// let geomean = udaf("geomean", GeoMean())
/// df.groupBy("g").agg(geomean(col("x")))
/// ```
///
/// NULL inputs are skipped unless `Input` is `Optional`; a group with no input finishes from `initial`.
/// Merge order is not fixed, so `merge` should be associative and commutative.
public protocol UserDefinedAggregate: Sendable {
    associatedtype Input: ColumnValue
    associatedtype State
    associatedtype Output: ColumnValue
    /// The state of a group that has seen no input.
    var initial: State { get }
    func update(_ state: inout State, _ input: Input) throws
    func merge(_ state: inout State, _ other: State) throws
    func finish(_ state: State) throws -> Output
}

/// An aggregate function of one column from a `UserDefinedAggregate` (Spark's `functions.udaf`),
/// called inside `agg(...)`. The name defaults to the aggregate's type name.
@inlinable
public func udaf<U: UserDefinedAggregate>(_ name: String? = nil, _ aggregate: U) -> UserDefinedFunction {
    // The per-row loop is made here, so it is specialised for U where `udaf` is called (the
    // accumulator's own methods run through the engine's protocol and stay generic).
    let function = UserFunction(name: name ?? String(describing: U.self).lowercased(),
                                parameters: [parameter(U.Input.self)], returnType: U.Output.columnType,
                                returnsNull: U.Output.acceptsNull,
                                body: .aggregate({
                                    UserAggregateAccumulator(aggregate) { states, groupIds, column in
                                        for i in 0..<groupIds.count {
                                            guard let x = U.Input.read(column, i) else { continue }
                                            try aggregate.update(&states[Int(groupIds[i])], x)
                                        }
                                    }
                                }))
    return UserDefinedFunction(function)
}

/// `udaf(GeoMean())`: named after the aggregate's type.
@inlinable
public func udaf<U: UserDefinedAggregate>(_ aggregate: U) -> UserDefinedFunction { udaf(nil, aggregate) }

/// One state per group; the engine calls it batch by batch, one instance per worker.
@usableFromInline
final class UserAggregateAccumulator<U: UserDefinedAggregate>: Accumulator {
    @usableFromInline let aggregate: U
    @usableFromInline let initial: U.State
    @usableFromInline let write: @Sendable (inout ColumnBuilder, U.Output) -> Void
    @usableFromInline var states: [U.State] = []
    /// Adds a batch's values (NULLs skipped unless `Input` is `Optional`) to their groups' states.
    @usableFromInline let updateRows: (inout [U.State], UnsafeBufferPointer<Int32>, ColumnData) throws -> Void

    @inlinable init(_ aggregate: U, updateRows: @escaping (inout [U.State], UnsafeBufferPointer<Int32>, ColumnData) throws -> Void) {
        self.aggregate = aggregate
        self.updateRows = updateRows
        initial = aggregate.initial
        write = resultWriter(U.Output.self)
    }

    @inlinable func resize(_ groups: Int) {
        if groups > states.count { states.append(contentsOf: repeatElement(initial, count: groups - states.count)) }
    }

    @inlinable func update(_ groupIds: UnsafeBufferPointer<Int32>, _ args: [ColumnData]) throws {
        guard let column = args.first else { return }
        try updateRows(&states, groupIds, column)
    }

    @inlinable func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        guard let o = other as? UserAggregateAccumulator<U> else {
            throw DataFlowError("INTERNAL_ERROR", "merging \(U.self) with another aggregate")
        }
        for j in 0..<mapping.count where mapping[j] >= 0 {
            try aggregate.merge(&states[Int(mapping[j])], o.states[j])
        }
    }

    @inlinable func finish() throws -> ColumnData {
        var out = ColumnBuilder(type: U.Output.columnType, capacity: states.count)
        for s in states { write(&out, try aggregate.finish(s)) }
        return out.finish()
    }
}
