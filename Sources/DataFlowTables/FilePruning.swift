import DataFlowColumnar
import DataFlowEngine

/// Decides from partition values and file stats whether a data file can hold rows matching a predicate.
/// Used for data skipping on read and for conflict detection (does a concurrent add overlap what a
/// transaction read?). Conservative: anything it does not understand "may match".
public struct FilePruning: Sendable {
    public let schema: Schema
    public let partitionColumns: Set<String>

    public init(schema: Schema, partitionColumns: [String]) {
        self.schema = schema
        self.partitionColumns = Set(partitionColumns)
    }

    /// False only when no row of `file` can make `predicate` true. Columns are `.column(name)` or
    /// `.bound(index, ...)` into `names` (defaults to the table schema).
    public func mayMatch(_ file: AddFile, _ predicate: Expr, names: [String]? = nil) -> Bool {
        let stats = FileStats(json: file.stats, schema: schema)
        return eval(predicate, file, stats, names ?? schema.names) != .no
    }

    /// True when every column `predicate` reads is a partition column (whole files can then be kept or removed).
    public func onlyPartitionColumns(_ predicate: Expr, names: [String]? = nil) -> Bool {
        let names = names ?? schema.names
        var ok = true
        _ = predicate.contains { e in
            if let n = columnName(e, names) { if !partitionColumns.contains(n) { ok = false } }
            return false
        }
        return ok
    }

    enum Tri { case yes, no, maybe }

    func columnName(_ e: Expr, _ names: [String]) -> String? {
        switch e {
        case .column(let n, _): return schema.fields.first { $0.name.lowercased() == n.lowercased() }?.name ?? n
        case .bound(let i, _, _, let n): return i < names.count ? names[i] : n
        case .cast(let x, _, _): return columnName(x, names).flatMap { n in isWidening(e) ? n : nil }
        default: return nil
        }
    }

    /// A cast that keeps order (int → long/double) can be seen through.
    func isWidening(_ e: Expr) -> Bool {
        guard case .cast(_, let t, _) = e else { return false }
        return t == .int64 || t == .float64 || t.isDecimal
    }

    func literal(_ e: Expr) -> Value? {
        switch e {
        case .literal(let v): return v
        case .cast(.literal(let v), _, _): return v
        default: return nil
        }
    }

    /// (min, max, mayHaveNull, allNull) for a column in a file.
    func range(_ name: String, _ f: AddFile, _ s: FileStats) -> (Value?, Value?, Bool, Bool)? {
        if partitionColumns.contains(name) {
            guard let field = schema.fields.first(where: { $0.name == name }) else { return nil }
            let raw = f.partitionValues[name] ?? nil
            guard let v = try? DeltaValues.parsePartition(raw, field.type, column: name) else { return nil }
            return v.isNull ? (nil, nil, true, true) : (v, v, false, false)
        }
        let nulls = s.nullCount[name]
        let allNull = nulls != nil && s.numRecords != nil && nulls == s.numRecords
        return (s.min[name], s.max[name], nulls.map { $0 > 0 } ?? true, allNull)
    }

    func eval(_ e: Expr, _ f: AddFile, _ s: FileStats, _ names: [String]) -> Tri {
        switch e {
        case .and(let a, let b):
            let x = eval(a, f, s, names), y = eval(b, f, s, names)
            if x == .no || y == .no { return .no }
            return x == .yes && y == .yes ? .yes : .maybe
        case .or(let a, let b):
            let x = eval(a, f, s, names), y = eval(b, f, s, names)
            if x == .no && y == .no { return .no }
            return x == .yes || y == .yes ? .yes : .maybe
        case .literal(.bool(let b)): return b ? .yes : .no
        case .literal(.null): return .no
        case .isNull(let c):
            guard let n = columnName(c, names), let r = range(n, f, s) else { return .maybe }
            return r.2 ? (r.3 ? .yes : .maybe) : .no
        case .isNotNull(let c):
            guard let n = columnName(c, names), let r = range(n, f, s) else { return .maybe }
            return r.3 ? .no : .maybe
        case .comparison(let op, let a, let b):
            if let n = columnName(a, names), let v = literal(b) { return compare(op, n, v, f, s) }
            if let n = columnName(b, names), let v = literal(a) { return compare(op.flipped, n, v, f, s) }
            return .maybe
        case .inList(let a, let list):
            guard let n = columnName(a, names) else { return .maybe }
            var any = Tri.no
            for x in list {
                guard let v = literal(x) else { return .maybe }
                let t = compare(.eq, n, v, f, s)
                if t == .yes { return .yes }
                if t == .maybe { any = .maybe }
            }
            return any
        default: return .maybe
        }
    }

    func compare(_ op: CompareOp, _ name: String, _ v: Value, _ f: AddFile, _ s: FileStats) -> Tri {
        guard let r = range(name, f, s) else { return .maybe }
        if v.isNull { return op == .eqNullSafe ? (r.2 ? .maybe : .no) : .no }
        if r.3 { return op == .eqNullSafe ? .no : .no }  // all null: no comparison is true
        guard let lo = r.0, let hi = r.1 else { return .maybe }
        guard let cLo = FilePruning.order(lo, v), let cHi = FilePruning.order(hi, v) else { return .maybe }
        let exact = FilePruning.isExactPoint(lo, hi) && !r.2
        switch op {
        case .eq, .eqNullSafe:
            if cLo > 0 || cHi < 0 { return .no }
            return exact && cLo == 0 ? .yes : .maybe
        case .ne:
            if cLo == 0 && cHi == 0 { return .no }
            return .maybe
        case .lt: return cLo >= 0 ? .no : (cHi < 0 && !r.2 ? .yes : .maybe)
        case .le: return cLo > 0 ? .no : (cHi <= 0 && !r.2 ? .yes : .maybe)
        case .gt: return cHi <= 0 ? .no : (cLo > 0 && !r.2 ? .yes : .maybe)
        case .ge: return cHi < 0 ? .no : (cLo >= 0 && !r.2 ? .yes : .maybe)
        }
    }

    static func isExactPoint(_ a: Value, _ b: Value) -> Bool { order(a, b) == 0 }

    /// Orders two values of comparable types (nil when they are not comparable).
    static func order(_ a: Value, _ b: Value) -> Int? {
        func cmp<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x > y ? 1 : 0) }
        switch (a, b) {
        case (.string(let x), .string(let y)):
            if x.utf8.lexicographicallyPrecedes(y.utf8) { return -1 }
            return y.utf8.lexicographicallyPrecedes(x.utf8) ? 1 : 0
        case (.bool(let x), .bool(let y)): return cmp(x ? 1 : 0, y ? 1 : 0)
        case (.date(let x), .date(let y)): return cmp(x, y)
        case (.timestamp(let x), .timestamp(let y)): return cmp(x, y)
        case (.date(let x), .timestamp(let y)): return cmp(Int64(x) * 86_400_000_000, y)
        case (.timestamp(let x), .date(let y)): return cmp(x, Int64(y) * 86_400_000_000)
        case (.string, _), (_, .string), (.bool, _), (_, .bool), (.date, _), (_, .date), (.timestamp, _), (_, .timestamp), (.null, _), (_, .null):
            return nil
        default:
            if let x = exactInt(a), let y = exactInt(b) { return cmp(x, y) }
            if case .decimal(let u, _, let s) = a, case .decimal(let w, _, let t) = b {
                let m = Swift.max(s, t)
                if let x = Decimal128.rescale(u, from: s, to: m), let y = Decimal128.rescale(w, from: t, to: m) { return cmp(x, y) }
            }
            guard let x = a.doubleValue, let y = b.doubleValue, !x.isNaN, !y.isNaN else { return nil }
            return cmp(x, y)
        }
    }

    static func exactInt(_ v: Value) -> Int64? {
        switch v {
        case .int32(let x): return Int64(x)
        case .int64(let x): return x
        default: return nil
        }
    }
}
