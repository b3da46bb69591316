import DataFlowColumnar
import DataFlowEngine

/// Bound values for `?` and `:name` parameters.
public struct SQLParameters: Sendable {
    public var positional: [Value]
    public var named: [String: Value]
    public init(positional: [Value] = [], named: [String: Value] = [:]) {
        self.positional = positional
        self.named = named
    }
}

/// An error about a construct, located in the SQL text.
func sqlError(_ errorClass: String, _ message: String, at p: SourcePosition) -> DataFlowError {
    DataFlowError(errorClass, "\(message) (line \(p.line), column \(p.column))")
}

/// SQL expressions → engine expressions (the same `Expr` the DataFrame API builds).
struct ExpressionTranslator {
    let parameters: SQLParameters
    /// The session's user-defined functions, resolved before the built-ins (they shadow them, as in Spark).
    var functions: (any TableCatalog)? = nil
    /// Plans a scalar subquery, attaches it to the query being translated (cross join with its one
    /// row) and returns the expression that reads its value (set by the query translator).
    var scalarSubquery: ((SQLQuery, SourcePosition) throws -> Expr)?

    func translate(_ e: SQLExpr) throws -> Expr {
        switch e.kind {
        case .column(let parts):
            // CURRENT_DATE / CURRENT_TIMESTAMP without parentheses (SQL standard), as in Spark.
            if parts.count == 1, ["current_date", "current_timestamp"].contains(parts[0].lowercased()) {
                return .function(parts[0].lowercased(), [])
            }
            if parts.count == 1 { return .column(parts[0]) }
            return .column(parts[parts.count - 1], qualifier: parts[parts.count - 2])
        case .star(let q):
            return .star(qualifier: q.last)
        case .literal(let lit):
            return .literal(try literal(lit, at: e.position))
        case .parameter(let p):
            switch p {
            case .positional(let i):
                guard i < parameters.positional.count else {
                    throw sqlError("UNBOUND_SQL_PARAMETER", "No value for parameter ?\(i + 1): \(parameters.positional.count) given", at: e.position)
                }
                return .literal(parameters.positional[i])
            case .named(let n):
                guard let v = parameters.named[n] ?? parameters.named.first(where: { $0.key.lowercased() == n.lowercased() })?.value else {
                    throw sqlError("UNBOUND_SQL_PARAMETER", "No value for parameter :\(n)", at: e.position)
                }
                return .literal(v)
            }
        case .unary(let op, let x):
            let a = try translate(x)
            switch op {
            case .minus:
                if case .literal(let v) = a, let n = negate(v) { return .literal(n) }
                return .negate(a)
            case .plus: return a
            case .not: return .not(a)
            case .bitwiseNot: throw unsupported("the ~ operator", e.position)
            }
        case .binary(let op, let l, let r):
            return try binary(op, l, r, at: e.position)
        case .isNull(let x, let negated):
            let a = try translate(x)
            return negated ? .isNotNull(a) : .isNull(a)
        case .isBoolean(let x, let value, let negated):
            let a = try translate(x)
            let test: Expr = value.map { Expr.comparison(.eqNullSafe, a, .literal(.bool($0))) } ?? .isNull(a)
            return negated ? .not(test) : test
        case .isDistinctFrom(let l, let r, let negated):
            let same = Expr.comparison(.eqNullSafe, try translate(l), try translate(r))
            return negated ? same : .not(same)
        case .between(let x, let low, let high, let negated):
            let a = try translate(x)
            let b = Expr.and(.comparison(.ge, a, try translate(low)), .comparison(.le, a, try translate(high)))
            return negated ? .not(b) : b
        case .inList(let x, let list, let negated):
            let i = Expr.inList(try translate(x), try list.map(translate))
            return negated ? .not(i) : i
        case .scalarSubquery(let q):
            guard let scalarSubquery else { throw unsupported("a scalar subquery here", e.position) }
            return try scalarSubquery(q, e.position)
        case .inSubquery, .exists:
            throw unsupported("IN (subquery) and EXISTS other than as a WHERE condition joined by AND", e.position)
        case .like(let kind, let x, let pattern, let escape, let negated):
            if kind == .rlike {
                let rlike = Expr.function("rlike", [try translate(x), try translate(pattern)])
                return negated ? .not(rlike) : rlike
            }
            guard case .literal(.string(let p)) = pattern.kind else {
                throw sqlError("UNSUPPORTED_FEATURE", "The pattern of \(kind.rawValue) must be a string literal", at: pattern.position)
            }
            let like = Expr.like(try translate(x), pattern: p, escape: escape ?? "\\", caseInsensitive: kind == .ilike)
            return negated ? .not(like) : like
        case .caseWhen(let operand, let branches, let elseResult):
            let op = try operand.map(translate)
            let clauses = try branches.map { b -> Expr.WhenClause in
                let c = try translate(b.condition)
                return Expr.WhenClause(op.map { .comparison(.eq, $0, c) } ?? c, try translate(b.result))
            }
            return .caseWhen(clauses, otherwise: try elseResult.map(translate))
        case .cast(let x, let type, let isTry):
            guard let t = type.dataType else {
                throw sqlError("UNSUPPORTED_DATATYPE", "The type \(type) is not supported yet", at: e.position)
            }
            return .cast(try translate(x), t, isTry: isTry)
        case .extract(let field, let x):
            let a = try translate(x)
            switch field {
            case "YEAR", "YEARS", "Y", "YR", "YRS": return .function("year", [a])
            case "MONTH", "MONTHS", "MON", "MONS": return .function("month", [a])
            case "DAY", "DAYS", "D", "DAYOFMONTH": return .function("dayofmonth", [a])
            case "QUARTER", "QTR": return .function("quarter", [a])
            case "WEEK", "WEEKS", "W": return .function("weekofyear", [a])
            case "DAYOFWEEK", "DOW": return .function("dayofweek", [a])
            case "DAYOFWEEK_ISO", "DOW_ISO": return .arithmetic(.add, .function("weekday", [a]), .literal(.int32(1)))
            case "DOY": return .function("dayofyear", [a])
            case "HOUR", "HOURS", "H", "HR", "HRS": return .function("hour", [a])
            case "MINUTE", "MINUTES", "M", "MIN", "MINS": return .function("minute", [a])
            case "SECOND", "SECONDS", "S", "SEC", "SECS":
                // Spark's EXTRACT(SECOND …) keeps the fraction: DECIMAL(8, 6) from the microseconds of the minute.
                let perMinute = Expr.literal(.int64(60_000_000))
                let micros = Expr.arithmetic(.remainder, .arithmetic(.add, .arithmetic(.remainder, .function("unix_micros", [a]), perMinute), perMinute), perMinute)
                return .cast(.arithmetic(.divide, .cast(micros, .decimal(precision: 8, scale: 0)), .literal(.decimal(1_000_000, precision: 7, scale: 0))),
                             .decimal(precision: 8, scale: 6))
            default:
                throw sqlError("INVALID_EXTRACT_FIELD", "EXTRACT cannot take the field \(field); use YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFWEEK, DAYOFWEEK_ISO, DOY, HOUR, MINUTE or SECOND", at: e.position)
            }
        case .substring(let x, let from, let length):
            return .function("substring", [try translate(x), try translate(from)] + (try length.map { [try translate($0)] } ?? []))
        case .trim(let side, let chars, let x):
            let f = side == .leading ? "ltrim" : (side == .trailing ? "rtrim" : "trim")
            // Spark's two-argument trim functions take the characters first.
            return .function(f, (try chars.map { [try translate($0)] } ?? []) + [try translate(x)])
        case .position(let needle, let haystack):
            return .function("locate", [try translate(needle), try translate(haystack)])
        case .function(let call):
            return try function(call, at: e.position)
        }
    }

    func unsupported(_ what: String, _ p: SourcePosition) -> DataFlowError {
        sqlError("UNSUPPORTED_FEATURE", "\(what) is not supported yet", at: p)
    }

    /// A negated literal, or nil when negating it is left to the kernel (which raises ARITHMETIC_OVERFLOW
    /// for `-(-2147483648)`, rejects a string, …).
    func negate(_ v: Value) -> Value? {
        switch v {
        case .int32(let x) where x != .min: return .int32(-x)
        case .int64(let x) where x != .min: return .int64(-x)
        case .double(let x): return .double(-x)
        case .decimal(let u, let p, let s): return .decimal(-u, precision: p, scale: s)
        case .null: return .null
        default: return nil
        }
    }

    func literal(_ lit: SQLLiteral, at p: SourcePosition) throws -> Value {
        if let v = lit.value { return v }
        switch lit {
        case .int16(let v): return .int32(Int32(v))
        case .int8(let v): return .int32(Int32(v))
        case .float(let f): return .double(Double(f))
        case .date(let text):
            guard let d = withBytes(text, Kernels.parseDateSpark) else {
                throw sqlError("INVALID_TYPED_LITERAL", "The value of the typed literal DATE '\(text)' is not a valid date", at: p)
            }
            return .date(d)
        case .timestamp(let text):
            guard let t = withBytes(text, Kernels.parseTimestampSpark) else {
                throw sqlError("INVALID_TYPED_LITERAL", "The value of the typed literal TIMESTAMP '\(text)' is not a valid timestamp", at: p)
            }
            return .timestamp(t)
        case .interval:
            throw sqlError("UNSUPPORTED_FEATURE", "INTERVAL values are supported only added to or subtracted from a date", at: p)
        default:
            throw sqlError("UNSUPPORTED_FEATURE", "This literal type is not supported yet", at: p)
        }
    }

    func binary(_ op: SQLBinaryOperator, _ l: SQLExpr, _ r: SQLExpr, at p: SourcePosition) throws -> Expr {
        // date ± INTERVAL n DAY|MONTH|YEAR
        if op == .add || op == .subtract, case .literal(.interval(let iv)) = r.kind {
            return try addInterval(try translate(l), iv, subtract: op == .subtract, at: r.position)
        }
        if op == .add, case .literal(.interval(let iv)) = l.kind {
            return try addInterval(try translate(r), iv, subtract: false, at: l.position)
        }
        let a = try translate(l), b = try translate(r)
        switch op {
        case .add: return .arithmetic(.add, a, b)
        case .subtract: return .arithmetic(.subtract, a, b)
        case .multiply: return .arithmetic(.multiply, a, b)
        case .divide: return .arithmetic(.divide, a, b)
        case .modulo: return .arithmetic(.remainder, a, b)
        case .intDivide: return .function("div", [a, b])
        case .concat: return .function("concat", [a, b])
        case .equal: return .comparison(.eq, a, b)
        case .notEqual: return .comparison(.ne, a, b)
        case .less: return .comparison(.lt, a, b)
        case .lessOrEqual: return .comparison(.le, a, b)
        case .greater: return .comparison(.gt, a, b)
        case .greaterOrEqual: return .comparison(.ge, a, b)
        case .nullSafeEqual: return .comparison(.eqNullSafe, a, b)
        case .and: return .and(a, b)
        case .or: return .or(a, b)
        case .bitwiseAnd, .bitwiseOr, .bitwiseXor: throw unsupported("bitwise operators", p)
        }
    }

    func windowSpec(_ ref: SQLWindowReference, at p: SourcePosition) throws -> WindowSpec {
        var spec: SQLWindowSpec
        switch ref {
        case .named(let n):
            guard let w = namedWindows[n.lowercased()] else {
                throw sqlError("MISSING_WINDOW_SPECIFICATION", "No window named `\(n)` is defined in the WINDOW clause", at: p)
            }
            spec = w
        case .spec(let w):
            spec = w
            if let base = w.baseWindow {
                guard let b = namedWindows[base.lowercased()] else {
                    throw sqlError("MISSING_WINDOW_SPECIFICATION", "No window named `\(base)` is defined in the WINDOW clause", at: p)
                }
                spec = SQLWindowSpec(partitionBy: b.partitionBy + w.partitionBy, orderBy: w.orderBy.isEmpty ? b.orderBy : w.orderBy,
                                     frame: w.frame ?? b.frame)
            }
        }
        let frame = try spec.frame.map { f -> WindowFrame in
            WindowFrame(f.unit == .rows ? .rows : .range, try bound(f.start, p), try bound(f.end, p))
        }
        return WindowSpec(partitionBy: try spec.partitionBy.map(translate),
                          orderBy: try spec.orderBy.map { SortOrder(try translate($0.expr), ascending: $0.ascending, nullsFirst: $0.nullsFirst) },
                          frame: frame)
    }

    func bound(_ b: SQLFrameBound, _ p: SourcePosition) throws -> FrameBound {
        func offset(_ e: SQLExpr) throws -> Int64 {
            guard let v = try? ExpressionEvaluator.evaluateConstant(try Analyzer().analyzeExpression(try translate(e))),
                  let n = v.int64Value, n >= 0 else {
                throw sqlError("INVALID_WINDOW_FRAME", "A frame offset must be a non-negative integer constant", at: e.position)
            }
            return n
        }
        switch b {
        case .unboundedPreceding: return .unboundedPreceding
        case .preceding(let e): return .preceding(try offset(e))
        case .currentRow: return .currentRow
        case .following(let e): return .following(try offset(e))
        case .unboundedFollowing: return .unboundedFollowing
        }
    }

    func addInterval(_ date: Expr, _ iv: SQLInterval, subtract: Bool, at p: SourcePosition) throws -> Expr {
        var result = date
        for part in iv.parts {
            guard part.toUnit == nil, let n = Int32(part.value.trimmingCharacters(in: .whitespaces)) else {
                throw sqlError("UNSUPPORTED_FEATURE", "INTERVAL '\(part.value)' \(part.unit.rawValue) is not supported yet (use a whole number of days, months or years)", at: p)
            }
            let k = subtract ? -n : n
            switch part.unit {
            case .day: result = .function("date_add", [result, .literal(.int32(k))])
            case .week: result = .function("date_add", [result, .literal(.int32(k * 7))])
            case .month: result = .function("add_months", [result, .literal(.int32(k))])
            case .year: result = .function("add_months", [result, .literal(.int32(k * 12))])
            default:
                throw sqlError("UNSUPPORTED_FEATURE", "INTERVAL \(part.unit.rawValue) on dates is not supported yet", at: p)
            }
        }
        return result
    }

    /// Named windows of the SELECT being translated (`WINDOW w AS (…)`).
    var namedWindows: [String: SQLWindowSpec] = [:]

    func function(_ call: SQLFunctionCall, at p: SourcePosition) throws -> Expr {
        if let over = call.over {
            var plain = call
            plain.over = nil
            return .window(try function(plain, at: p), try windowSpec(over, at: p))
        }
        guard call.filter == nil else { throw unsupported("aggregate FILTER (WHERE …)", p) }
        let name = call.name.joined(separator: ".").lowercased()
        if name == "count", call.arguments.count == 1, case .star = call.arguments[0].kind {
            return .aggregate("count", [])
        }
        let args = try call.arguments.map(translate)
        if call.name.count == 1, let f = functions?.userFunction(name) {
            if call.distinct && !f.isAggregate {
                throw sqlError("INVALID_SQL_SYNTAX", "DISTINCT is only allowed in aggregate functions, not in \(name)", at: p)
            }
            if call.distinct { throw unsupported("DISTINCT in a user-defined aggregate", p) }
            return f.isAggregate ? .udaf(f, args) : .udf(f, args)
        }
        switch name {
        case "try_add": if args.count == 2 { return .arithmetic(.add, args[0], args[1], isTry: true) }
        case "try_subtract": if args.count == 2 { return .arithmetic(.subtract, args[0], args[1], isTry: true) }
        case "try_multiply": if args.count == 2 { return .arithmetic(.multiply, args[0], args[1], isTry: true) }
        case "try_divide": if args.count == 2 { return .arithmetic(.divide, args[0], args[1], isTry: true) }
        default: break
        }
        if FunctionRegistry.aggregate(name) != nil {
            // `first(x) IGNORE NULLS` is `first(x, true)`.
            if call.ignoreNulls == true, args.count == 1,
               ["first", "last", "first_value", "last_value", "any_value"].contains(name) {
                return .aggregate(name, args + [.literal(.bool(true))], distinct: call.distinct)
            }
            return .aggregate(name, args, distinct: call.distinct)
        }
        if call.distinct { throw sqlError("INVALID_SQL_SYNTAX", "DISTINCT is only allowed in aggregate functions, not in \(name)", at: p) }
        return .function(name, args)
    }
}

import Foundation

func withBytes<T>(_ s: String, _ f: (UnsafeRawBufferPointer) -> T?) -> T? {
    var s = s
    return s.withUTF8 { f(UnsafeRawBufferPointer($0)) }
}
