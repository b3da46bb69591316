import DataFlowColumnar

/// `mode`: the most frequent non-null value.
enum ModeAggregates {
    static let all: [AggregateFunction] = [
        AggregateFunction(name: "mode", signature: "mode(expr[, deterministic])",
                          doc: "The most frequent non-null value of `expr`; NULL when there is none. Among equally frequent values the smallest is returned (Spark does so with `deterministic` = true and returns any of them otherwise).",
                          example: "mode(col) over 1, 2, 2, NULL → 2", arity: 1...2,
                          coerce: { a in a.count == 1 ? a : (canImplicitlyCast(a[1], to: .boolean) ? [a[0], .boolean] : nil) },
                          returnType: { $0[0] }, makeAccumulator: { t, _ in ModeAccumulator(type: t[0]) },
                          constantArguments: [1]),
    ]
}

/// Counts per distinct value per group: integer-like values (and doubles, by bit pattern) in flat
/// `Int64`-keyed tables, other types boxed.
final class ModeAccumulator: Accumulator {
    var ints: [[Int64: Int64]] = []
    var boxed: [[Value: Int64]] = []
    let type: DataType
    let flat: Bool
    init(type: DataType) {
        self.type = type
        switch type {
        case .int32, .int64, .date, .timestamp, .float64, .boolean: flat = true
        case .decimal(let p, _): flat = p <= 18
        default: flat = false
        }
    }
    func resize(_ groups: Int) {
        if flat { ints.grow(to: groups, fill: [:]) } else { boxed.grow(to: groups, fill: [:]) }
    }
    func update(_ g: UnsafeBufferPointer<Int32>, _ args: [Column]) throws {
        let c = args[0].decoded()
        if c.type == .null { return }
        if !flat {
            for i in 0..<g.count where c.isValid(i) { boxed[Int(g[i])][c.value(i), default: 0] += 1 }
            return
        }
        func run<T>(_ v: UnsafeBufferPointer<T>, _ key: (T) -> Int64) {
            for i in 0..<g.count where c.isValid(i) { ints[Int(g[i])][key(v[i]), default: 0] += 1 }
        }
        switch c.type {
        case .boolean: run(c.values(UInt8.self)) { Int64($0) }
        case .int32, .date: run(c.values(Int32.self)) { Int64($0) }
        case .float64: run(c.values(Double.self)) { Int64(bitPattern: ($0.isNaN ? Double.nan : $0).bitPattern) }
        default: run(c.values(Int64.self)) { $0 }
        }
    }
    func merge(_ other: any Accumulator, mapping: UnsafeBufferPointer<Int32>) throws {
        guard let o = other as? ModeAccumulator else { throw mergeMismatch(self, other) }
        for j in 0..<mapping.count where mapping[j] >= 0 {
            let k = Int(mapping[j])
            if flat { ints[k].merge(o.ints[j], uniquingKeysWith: +) } else { boxed[k].merge(o.boxed[j], uniquingKeysWith: +) }
        }
    }
    func finish() throws -> Column {
        var b = ColumnBuilder(type: type, capacity: Swift.max(ints.count, boxed.count))
        if flat {
            for counts in ints {
                var best: (key: Int64, count: Int64)?
                for (k, n) in counts {
                    guard let cur = best else { best = (k, n); continue }
                    if n > cur.count || (n == cur.count && flatLess(k, cur.key)) { best = (k, n) }
                }
                guard let best else { b.appendNull(); continue }
                switch type {
                case .boolean: b.append(best.key != 0)
                case .int32, .date: b.appendRaw(Int32(truncatingIfNeeded: best.key))
                case .float64: b.append(Double(bitPattern: UInt64(bitPattern: best.key)))
                default: b.appendRaw(best.key)
                }
            }
        } else {
            for counts in boxed {
                var best: (key: Value, count: Int64)?
                for (k, n) in counts {
                    guard let cur = best else { best = (k, n); continue }
                    if n > cur.count || (n == cur.count && compareValues(k, cur.key) < 0) { best = (k, n) }
                }
                if let best { b.append(value: best.key) } else { b.appendNull() }
            }
        }
        return b.finish()
    }
    /// Spark's ordering of two flat keys of this accumulator's type.
    func flatLess(_ a: Int64, _ b: Int64) -> Bool {
        if type == .float64 {
            let x = Double(bitPattern: UInt64(bitPattern: a)), y = Double(bitPattern: UInt64(bitPattern: b))
            return x < y || (y.isNaN && !x.isNaN)
        }
        return a < b
    }
}
