import DataFlowColumnar

/// `max_by` / `min_by`: the value of `x` on the row where `ord` is largest / smallest.
enum ExtremumByAggregates {
    static let all: [AggregateFunction] = [
        AggregateFunction(name: "max_by", signature: "max_by(x, ord)",
                          doc: "The value of `x` on the row with the largest `ord` (rows with a NULL `ord` are skipped; `x` may be NULL). On ties the first such row wins; NULL for no rows.",
                          example: "max_by(name, age) over ('a', 30), ('b', 50) → 'b'", arity: 2...2,
                          coerce: { $0 }, returnType: { $0[0] }) { t, _ in ExtremumByAccumulator(isMax: true, x: t[0], ord: t[1]) },
        AggregateFunction(name: "min_by", signature: "min_by(x, ord)",
                          doc: "The value of `x` on the row with the smallest `ord` (rows with a NULL `ord` are skipped; `x` may be NULL). On ties the first such row wins; NULL for no rows.",
                          example: "min_by(name, age) over ('a', 30), ('b', 50) → 'a'", arity: 2...2,
                          coerce: { $0 }, returnType: { $0[0] }) { t, _ in ExtremumByAccumulator(isMax: false, x: t[0], ord: t[1]) },
    ]
}

/// Keeps, per group, the best ordering value (flat for integer-like and double orderings, boxed
/// otherwise) and the `x` of that row (boxed only when it changes). Strictly better replaces, so the
/// first of equal orderings wins, as in Spark.
final class ExtremumByAccumulator: Accumulator {
    enum Kind { case int, double, boxed }
    var ints: [Int64] = []
    var doubles: [Double] = []
    var boxed: [Value] = []
    var xs: [Value] = []
    var seen: [UInt8] = []
    let isMax: Bool
    let xType: DataType
    let kind: Kind
    init(isMax: Bool, x: DataType, ord: DataType) {
        self.isMax = isMax
        self.xType = x
        switch ord {
        case .int32, .int64, .date, .timestamp: kind = .int
        case .float64: kind = .double
        default: kind = .boxed
        }
    }
    func resize(_ groups: Int) {
        seen.grow(to: groups, fill: 0)
        xs.grow(to: groups, fill: .null)
        switch kind {
        case .int: ints.grow(to: groups, fill: 0)
        case .double: doubles.grow(to: groups, fill: 0)
        case .boxed: boxed.grow(to: groups, fill: .null)
        }
    }
    @inline(__always) func better(_ v: Double, _ cur: Double) -> Bool {
        isMax ? (v > cur || (v.isNaN && !cur.isNaN)) : (v < cur || (cur.isNaN && !v.isNaN))
    }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let x = args[0], o = args[1]
        if o.type == .null { return }
        switch kind {
        case .int:
            func run<T: FixedWidthInteger>(_ v: UnsafeBufferPointer<T>) {
                for i in 0..<g.count where o.isValid(i) {
                    let k = Int(g[i]), x64 = Int64(v[i])
                    if seen[k] == 0 || (isMax ? x64 > ints[k] : x64 < ints[k]) {
                        ints[k] = x64; xs[k] = x.value(i); seen[k] = 1
                    }
                }
            }
            if o.type.byteWidth == 8 { run(o.values(Int64.self)) } else { run(o.values(Int32.self)) }
        case .double:
            let v = o.values(Double.self)
            for i in 0..<g.count where o.isValid(i) {
                let k = Int(g[i])
                if seen[k] == 0 || better(v[i], doubles[k]) { doubles[k] = v[i]; xs[k] = x.value(i); seen[k] = 1 }
            }
        case .boxed:
            for i in 0..<g.count where o.isValid(i) {
                let k = Int(g[i])
                let v = o.value(i)
                if seen[k] == 0 || (isMax ? compareValues(v, boxed[k]) > 0 : compareValues(v, boxed[k]) < 0) {
                    boxed[k] = v; xs[k] = x.value(i); seen[k] = 1
                }
            }
        }
    }
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        guard let o = other as? ExtremumByAccumulator else { throw mergeMismatch(self, other) }
        for j in 0..<mapping.count where mapping[j] >= 0 && o.seen[j] != 0 {
            let k = Int(mapping[j])
            let take: Bool
            switch kind {
            case .int: take = seen[k] == 0 || (isMax ? o.ints[j] > ints[k] : o.ints[j] < ints[k])
            case .double: take = seen[k] == 0 || better(o.doubles[j], doubles[k])
            case .boxed: take = seen[k] == 0 || (isMax ? compareValues(o.boxed[j], boxed[k]) > 0 : compareValues(o.boxed[j], boxed[k]) < 0)
            }
            guard take else { continue }
            switch kind {
            case .int: ints[k] = o.ints[j]
            case .double: doubles[k] = o.doubles[j]
            case .boxed: boxed[k] = o.boxed[j]
            }
            xs[k] = o.xs[j]
            seen[k] = 1
        }
    }
    func finish() throws -> Column { Column.from(xs, type: xType) }
}
