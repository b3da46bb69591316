import DataFlowColumnar

extension ArithmeticOp {
    public var symbol: String {
        switch self {
        case .add: return "+"
        case .subtract: return "-"
        case .multiply: return "*"
        case .divide: return "/"
        case .remainder: return "%"
        }
    }
    var tryName: String {
        switch self {
        case .add: return "try_add"
        case .subtract: return "try_subtract"
        case .multiply: return "try_multiply"
        case .divide: return "try_divide"
        case .remainder: return "try_mod"
        }
    }
}

extension CompareOp {
    public var symbol: String {
        switch self {
        case .eq: return "="
        case .ne: return "!="
        case .lt: return "<"
        case .le: return "<="
        case .gt: return ">"
        case .ge: return ">="
        case .eqNullSafe: return "<=>"
        }
    }
}

extension Expr: CustomStringConvertible {
    /// Spark-like text, used for default output column names and in `explain`.
    public var description: String {
        switch self {
        case .column(let n, let q): return q.map { $0.hasPrefix("#") ? n : "\($0).\(n)" } ?? n
        case .star(let q): return q.map { "\($0).*" } ?? "*"
        case .bound(_, _, _, let n): return n
        case .literal(let v):
            switch v {
            case .string(let s): return s
            case .null: return "NULL"
            case .date(let d): return "DATE '\(DateTime.formatDate(d))'"
            case .timestamp(let t): return "TIMESTAMP '\(DateTime.formatTimestamp(t))'"
            default: return v.description
            }
        case .alias(let e, let n): return "\(e) AS \(n)"
        case .arithmetic(let op, let a, let b, let t):
            return t ? "\(op.tryName)(\(a), \(b))" : "(\(a) \(op.symbol) \(b))"
        case .comparison(let op, let a, let b): return "(\(a) \(op.symbol) \(b))"
        case .and(let a, let b): return "(\(a) AND \(b))"
        case .or(let a, let b): return "(\(a) OR \(b))"
        case .not(let e): return "(NOT \(e))"
        case .negate(let e): return "(- \(e))"
        case .isNull(let e): return "(\(e) IS NULL)"
        case .isNotNull(let e): return "(\(e) IS NOT NULL)"
        case .cast(let e, let t, let tr): return "\(tr ? "try_cast" : "CAST")(\(e) AS \(t.sqlName.uppercased()))"
        case .inList(let e, let l): return "(\(e) IN (\(l.map(\.description).joined(separator: ", "))))"
        case .like(let e, let p, _, let ci): return "\(e) \(ci ? "ILIKE" : "LIKE") \(p)"
        case .caseWhen(let w, let o):
            var s = "CASE"
            for c in w { s += " WHEN \(c.condition) THEN \(c.value)" }
            if let o { s += " ELSE \(o)" }
            return s + " END"
        case .function("__subscript", let a) where a.count == 2: return "\(a[0])[\(a[1])]"
        case .function(let n, let a): return "\(n)(\(a.map(\.description).joined(separator: ", ")))"
        case .aggregate(let n, let a, let d):
            if a.isEmpty || (a.count == 1 && { if case .star = a[0] { return true }; return false }()) {
                return n == "count" ? "count(1)" : "\(n)()"
            }
            return "\(n)(\(d ? "DISTINCT " : "")\(a.map(\.description).joined(separator: ", ")))"
        case .udf(let f, let a), .udaf(let f, let a): return "\(f.name)(\(a.map(\.description).joined(separator: ", ")))"
        case .window(let f, let spec): return "\(f) OVER (\(spec))"
        }
    }
}
