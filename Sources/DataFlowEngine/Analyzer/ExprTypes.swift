import DataFlowColumnar

extension Expr {
    /// The type of a resolved expression.
    public var type: DataType {
        switch self {
        case .bound(_, let t, _, _): return t
        case .literal(let v): return v.type
        case .alias(let e, _): return e.type
        case .column, .star: return .null
        case .arithmetic(let op, let a, let b, _):
            if a.type.isDecimal || b.type.isDecimal { return Kernels.decimalResultType(op, a.type, b.type) }
            return op == .divide ? .float64 : a.type
        case .comparison, .and, .or, .not, .isNull, .isNotNull, .inList, .like: return .boolean
        case .negate(let e): return e.type
        case .cast(_, let t, _): return t
        case .caseWhen(let w, let o): return w.first?.value.type ?? o?.type ?? .null
        case .function(let n, let args):
            if let w = FunctionRegistry.window(n) { return w.returnType(args.map(\.type)) }
            return FunctionRegistry.scalar(n)?.resultType(args) ?? .null
        case .aggregate(let n, let args, _):
            return FunctionRegistry.aggregate(n)?.returnType(args.map(\.type)) ?? .null
        case .udf(let f, _), .udaf(let f, _): return f.returnType
        case .window(let f, _): return f.type
        }
    }

    /// Whether a resolved expression can be NULL (conservative).
    public var nullable: Bool {
        switch self {
        case .bound(_, _, let n, _): return n
        case .literal(let v): return v.isNull
        case .isNull, .isNotNull: return false
        case .comparison(.eqNullSafe, _, _): return false
        case .aggregate(let n, _, _): return n.lowercased() != "count"
        case .udf(let f, let a), .udaf(let f, let a): return f.nullable(a)
        case .window(let f, _):
            if case .function(let n, let a) = f, let w = FunctionRegistry.window(n) { return w.nullable(a) }
            return f.nullable
        case .arithmetic(let op, _, _, let t): return t || op == .divide || op == .remainder || children.contains { $0.nullable }
        case .cast(_, _, let t): return t || children.contains { $0.nullable }
        case .caseWhen(let w, let o): return o == nil || o!.nullable || w.contains { $0.value.nullable }
        case .function(let n, let a):
            if n == "coalesce" { return a.allSatisfy(\.nullable) }
            if let w = FunctionRegistry.window(n) { return w.nullable(a) }
            return true
        default: return children.contains { $0.nullable }
        }
    }

    /// True when the expression reads no column (it can be folded to a literal).
    public var isConstant: Bool {
        !contains {
            switch $0 {
            case .bound, .column, .star, .aggregate, .udaf, .window: return true
            case .function(let n, _): return FunctionRegistry.window(n) != nil
            default: return false
            }
        } && isDeterministic
    }
}

/// Edit distance for "did you mean" hints.
func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.lowercased()), y = Array(b.lowercased())
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var prev = Array(0...y.count)
    var cur = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        cur[0] = i
        for j in 1...y.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[y.count]
}

/// The closest candidate within a small distance.
public func suggestion(for name: String, among candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(name, $0)) }.sorted { $0.1 < $1.1 }
    guard let best = scored.first else { return nil }
    let limit = max(1, min(3, name.count / 3 + 1))
    return best.1 <= limit ? best.0 : nil
}
