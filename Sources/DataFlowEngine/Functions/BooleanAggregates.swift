import DataFlowColumnar

/// `count_if`, `bool_and` (`every`), `bool_or` (`some`, `any`): aggregates over a boolean argument.
enum BooleanAggregates {
    static let boolean: @Sendable ([DataType]) -> [DataType]? = Coerce.exact([.boolean])

    static let all: [AggregateFunction] = [
        AggregateFunction(name: "count_if", signature: "count_if(expr)",
                          doc: "Number of rows where the boolean `expr` is true (NULL and false are not counted); 0 for no rows.",
                          example: "count_if(x > 1) over 1, 2, 3, NULL → 2", arity: 1...1, coerce: boolean,
                          returnType: { _ in .int64 }) { _, _ in CountIfAccumulator() },
        AggregateFunction(name: "bool_and", signature: "bool_and(expr)",
                          doc: "True when every non-null value of the boolean `expr` is true; NULL when there are none.",
                          example: "bool_and(x > 0) over 1, 2, NULL → true", arity: 1...1, coerce: boolean,
                          returnType: { _ in .boolean }) { _, _ in BoolAccumulator(isAnd: true) },
        AggregateFunction(name: "bool_or", signature: "bool_or(expr)",
                          doc: "True when at least one value of the boolean `expr` is true; NULL when there are no non-null values.",
                          example: "bool_or(x > 1) over 1, 2, NULL → true", arity: 1...1, coerce: boolean,
                          returnType: { _ in .boolean }) { _, _ in BoolAccumulator(isAnd: false) },
    ]

    static let aliases = ["every": "bool_and", "some": "bool_or", "any": "bool_or"]
}

/// count_if: counts true values (booleans are one byte per value).
final class CountIfAccumulator: Accumulator {
    var counts: [Int64] = []
    func resize(_ groups: Int) { counts.grow(to: groups, fill: 0) }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0]
        if c.type == .null { return }
        let v = c.values(UInt8.self)
        counts.withUnsafeMutableBufferPointer { n in
            if let valid = c.validity {
                let vp = valid.pointer(UInt8.self)
                for i in 0..<g.count where Bitmap.get(vp, i) { n[Int(g[i])] &+= Int64(v[i] & 1) }
            } else {
                for i in 0..<g.count { n[Int(g[i])] &+= Int64(v[i] & 1) }
            }
        }
    }
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        guard let o = other as? CountIfAccumulator else { throw mergeMismatch(self, other) }
        for j in 0..<mapping.count where mapping[j] >= 0 { counts[Int(mapping[j])] &+= o.counts[j] }
    }
    func finish() throws -> Column { Column(type: .int64, count: counts.count, values: Buffer.of(counts)) }
}

/// bool_and / bool_or: per group 0 = no non-null value yet, 1 = false, 2 = true.
final class BoolAccumulator: Accumulator {
    var state: [UInt8] = []
    let isAnd: Bool
    init(isAnd: Bool) { self.isAnd = isAnd }
    func resize(_ groups: Int) { state.grow(to: groups, fill: 0) }
    @inline(__always) static func combine(_ s: UInt8, _ v: UInt8, _ isAnd: Bool) -> UInt8 {
        if s == 0 { return v }
        return isAnd ? Swift.min(s, v) : Swift.max(s, v)
    }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0]
        if c.type == .null { return }
        let v = c.values(UInt8.self)
        let isAnd = self.isAnd
        state.withUnsafeMutableBufferPointer { s in
            for i in 0..<g.count where c.isValid(i) {
                let k = Int(g[i])
                s[k] = BoolAccumulator.combine(s[k], v[i] != 0 ? 2 : 1, isAnd)
            }
        }
    }
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        guard let o = other as? BoolAccumulator else { throw mergeMismatch(self, other) }
        for j in 0..<mapping.count where mapping[j] >= 0 && o.state[j] != 0 {
            let k = Int(mapping[j])
            state[k] = BoolAccumulator.combine(state[k], o.state[j], isAnd)
        }
    }
    func finish() throws -> Column {
        var b = ColumnBuilder(type: .boolean, capacity: state.count)
        for s in state { if s == 0 { b.appendNull() } else { b.append(s == 2) } }
        return b.finish()
    }
}

/// The error for merging partial states of different aggregates (a planner bug, not a user error).
func mergeMismatch(_ this: any Accumulator, _ other: any Accumulator) -> DataFlowError {
    DataFlowError("INTERNAL_ERROR", "cannot merge \(type(of: other)) into \(type(of: this))")
}
