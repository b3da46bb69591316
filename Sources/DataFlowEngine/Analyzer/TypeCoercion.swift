import DataFlowColumnar

extension Analyzer {
    /// Applies Spark's implicit casts to one node whose children are resolved, and type-checks it.
    func coerce(_ node: Expr) throws -> Expr {
        switch node {
        case .arithmetic(let op, let a, let b, let isTry):
            return try coerceArithmetic(op, a, b, isTry)
        case .comparison(let op, let a, let b):
            guard let t = comparisonType(a.type, b.type) ?? (a.type == .null && b.type == .null ? .null : nil) else {
                throw mismatch("\(node)", "cannot compare \(a.type.sqlName) with \(b.type.sqlName)")
            }
            return .comparison(op, castIfNeeded(a, t), castIfNeeded(b, t))
        case .and(let a, let b):
            return .and(try boolean(a, "operand of AND"), try boolean(b, "operand of AND"))
        case .or(let a, let b):
            return .or(try boolean(a, "operand of OR"), try boolean(b, "operand of OR"))
        case .not(let a):
            return .not(try boolean(a, "operand of NOT"))
        case .negate(let a):
            if a.type == .null { return .negate(.cast(a, .float64)) }
            if a.type == .string { return .negate(.cast(a, .float64)) }
            guard a.type.isNumeric else { throw mismatch("\(node)", "cannot negate \(a.type.sqlName)") }
            return node
        case .inList(let e, let list):
            var t = e.type
            for x in list {
                guard let w = comparisonType(t, x.type) ?? (t == .null ? x.type : nil) else {
                    throw mismatch("\(node)", "the IN list mixes \(e.type.sqlName) with \(x.type.sqlName)")
                }
                t = w
            }
            return .inList(castIfNeeded(e, t), list.map { castIfNeeded($0, t) })
        case .like(let e, let p, let esc, let ci):
            guard e.type == .string || e.type == .null else { throw mismatch("\(node)", "LIKE needs a string, got \(e.type.sqlName)") }
            return .like(castIfNeeded(e, .string), pattern: p, escape: esc, caseInsensitive: ci)
        case .caseWhen(let clauses, let otherwise):
            let values = clauses.map(\.value) + (otherwise.map { [$0] } ?? [])
            guard let t = commonType(values.map(\.type)) else {
                throw mismatch("\(node)", "the branches have incompatible types \(values.map { $0.type.sqlName }.joined(separator: ", "))")
            }
            return .caseWhen(try clauses.map { Expr.WhenClause(try boolean($0.condition, "WHEN condition"), castIfNeeded($0.value, t)) },
                             otherwise: otherwise.map { castIfNeeded($0, t) })
        case .cast(let e, let t, _):
            guard castAllowed(e.type, t) else { throw mismatch("\(node)", "cannot cast \(e.type.sqlName) to \(t.sqlName)") }
            return node
        case .function(let name, let args):
            return try coerceFunction(name, args)
        case .aggregate(let name, let args, let distinct):
            guard let f = FunctionRegistry.aggregate(name) else {
                throw unknownFunction(name)
            }
            var a = args
            if a.count == 1, case .star = a[0] {
                guard f.name == "count" else { throw mismatch("\(name)(*)", "only count accepts *") }
                a = []
            }
            guard f.arity.contains(a.count) else {
                throw DataFlowError("WRONG_NUM_ARGS", "\(name) takes \(describe(f.arity)) argument(s) but got \(a.count): \(node)")
            }
            guard let types = f.coerce(a.map(\.type)) else {
                throw mismatch("\(node)", "\(name) does not accept \(a.map { $0.type.sqlName }.joined(separator: ", "))")
            }
            for i in f.constantArguments where i < a.count && !a[i].isConstant {
                throw DataFlowError("NON_FOLDABLE_ARGUMENT", "The argument \(i + 1) of \(f.name) must be a constant, but it is \(a[i]).")
            }
            if f.name.hasPrefix("percentile"), a.count > 1, let p = (try? ExpressionEvaluator.evaluateConstant(a[1]))?.doubleValue, !(0...1).contains(p) {
                throw DataFlowError("INVALID_PARAMETER_VALUE", "The percentage of \(f.name) must be between 0.0 and 1.0, but got \(p).")
            }
            return .aggregate(f.name, zip(a, types).map { castIfNeeded($0, $1) }, distinct: distinct)
        case .udf(let f, let args):
            return .udf(f, try coerceUserFunction(f, args))
        case .udaf(let f, let args):
            return .udaf(f, try coerceUserFunction(f, args))
        case .window(let f, let spec):
            return try coerceWindow(f, spec)
        case .star:
            return node
        default:
            return node
        }
    }

    func coerceArithmetic(_ op: ArithmeticOp, _ a: Expr, _ b: Expr, _ isTry: Bool) throws -> Expr {
        var ta = a.type, tb = b.type
        let text = "\(Expr.arithmetic(op, a, b, isTry: isTry))"
        // Date arithmetic: date ± int days, date - date.
        if ta == .date && tb.isIntegral && (op == .add || op == .subtract) {
            return .function(op == .add ? "date_add" : "date_sub", [a, castIfNeeded(b, .int32)])
        }
        if tb == .date && ta.isIntegral && op == .add { return .function("date_add", [b, castIfNeeded(a, .int32)]) }
        if ta == .date && tb == .date && op == .subtract { return .function("datediff", [a, b]) }
        if ta == .string || ta == .null { ta = .float64 }
        if tb == .string || tb == .null { tb = .float64 }
        guard ta.isNumeric, tb.isNumeric else {
            throw mismatch(text, "\(op.symbol) needs numbers, got \(a.type.sqlName) and \(b.type.sqlName)")
        }
        var target: DataType
        if ta == .float64 || tb == .float64 {
            target = .float64
        } else if ta.isDecimal || tb.isDecimal {
            // Integers join decimals as decimal(10,0) / decimal(20,0), integer literals with just their digits
            // (Spark's literalPickMinimumPrecision: `price * 2` is decimal(p+2, s)); the kernel rescales.
            let da = Self.decimalOperandType(a, ta), db = Self.decimalOperandType(b, tb)
            return .arithmetic(op, castIfNeeded(a, da), castIfNeeded(b, db), isTry: isTry)
        } else {
            target = widerType(ta, tb) ?? .int64
            if op == .divide { target = .float64 }
        }
        return .arithmetic(op, castIfNeeded(a, target), castIfNeeded(b, target), isTry: isTry)
    }

    /// The decimal type an operand of decimal arithmetic takes.
    static func decimalOperandType(_ e: Expr, _ t: DataType) -> DataType {
        var literal: Int64?
        var inner = e
        if case .negate(let x) = e { inner = x }  // `-45` parses as the negation of a literal
        if case .literal(.int32(let v)) = inner { literal = Int64(v) }
        if case .literal(.int64(let v)) = inner { literal = v }
        if let v = literal { return .decimal(precision: String(v.magnitude).count, scale: 0) }
        switch t {
        case .int32: return .decimal(precision: 10, scale: 0)
        case .int64: return .decimal(precision: 20, scale: 0)
        default: return t
        }
    }

    func coerceFunction(_ name: String, _ args: [Expr]) throws -> Expr {
        if name == invalidMarker, args.count == 2, case .literal(.string(let why)) = args[1] {
            throw DataFlowError("INVALID_EXPRESSION", "\(args[0]): \(why)")
        }
        if name == userFunctionMarker, case .literal(.string(let wanted))? = args.first {
            throw DataFlowError("UNRESOLVED_ROUTINE",
                                "No user-defined function named `\(wanted)`; register one with session.udf.register(\"\(wanted)\", ...).")
        }
        let lower = name.lowercased()
        if let op = ArithmeticFunctions.rewrite(lower, args) { return try coerce(op) }
        if FunctionRegistry.aggregate(lower) != nil {
            return try coerce(.aggregate(lower, args))
        }
        if let w = FunctionRegistry.window(lower) {
            guard w.arity.contains(args.count) else {
                throw DataFlowError("WRONG_NUM_ARGS", "\(w.name) takes \(describe(w.arity)) argument(s) but got \(args.count). Usage: \(w.signature)")
            }
            guard let types = w.coerce(args.map(\.type)) else {
                throw mismatch("\(Expr.function(w.name, args))",
                               "\(w.name) does not accept (\(args.map { $0.type.sqlName }.joined(separator: ", "))). Usage: \(w.signature)")
            }
            return .function(w.name, zip(args, types).map { castIfNeeded($0, $1) })
        }
        guard let f = FunctionRegistry.scalar(lower) else { throw unknownFunction(name) }
        guard f.arity.contains(args.count) else {
            throw DataFlowError("WRONG_NUM_ARGS", "\(f.name) takes \(describe(f.arity)) argument(s) but got \(args.count). Usage: \(f.signature)")
        }
        guard let types = f.coerce(args.map(\.type)) else {
            throw mismatch("\(Expr.function(f.name, args))",
                           "\(f.name) does not accept (\(args.map { $0.type.sqlName }.joined(separator: ", "))). Usage: \(f.signature)")
        }
        return .function(f.name, zip(args, types).map { castIfNeeded($0, $1) })
    }

    /// Arguments a user-defined function reads as they are, or cast to its parameter types with Spark's
    /// implicit casts.
    func coerceUserFunction(_ f: UserFunction, _ args: [Expr]) throws -> [Expr] {
        let call = "\(f.name)(\(args.map(\.description).joined(separator: ", ")))"
        guard args.count == f.parameters.count else {
            throw DataFlowError("WRONG_NUM_ARGS",
                                "The user-defined function `\(f.signature)` takes \(f.parameters.count) argument(s) but got \(args.count): \(call).")
        }
        return try zip(args, f.parameters).enumerated().map { i, pair in
            let (a, p) = pair
            if case .star = a { throw mismatch(call, "a user-defined function does not accept *") }
            if a.type != .null && p.canRead(a.type) { return a }
            guard canImplicitlyCast(a.type, to: p.type) else {
                throw mismatch(call, "argument \(i + 1) (\(a)) is \(a.type.sqlName), which cannot be passed as \(p.type.sqlName) to `\(f.signature)`")
            }
            return castIfNeeded(a, p.type)
        }
    }

    func unknownFunction(_ name: String) -> DataFlowError {
        var msg = "no function named `\(name)`"
        if let s = suggestion(for: name, among: FunctionRegistry.allNames) { msg += "; did you mean `\(s)`?" }
        return DataFlowError("UNRESOLVED_ROUTINE", msg)
    }

    func mismatch(_ expr: String, _ why: String) -> DataFlowError {
        DataFlowError("DATATYPE_MISMATCH", "Cannot resolve \(expr): \(why).")
    }

    func describe(_ r: ClosedRange<Int>) -> String {
        r.lowerBound == r.upperBound ? "\(r.lowerBound)" : (r.upperBound > 100 ? "at least \(r.lowerBound)" : "\(r.lowerBound) to \(r.upperBound)")
    }

    /// Spark's cast matrix (ANSI): dates/timestamps do not cast to or from numbers (except timestamp ↔ numeric).
    func castAllowed(_ from: DataType, _ to: DataType) -> Bool {
        if from == to || from == .null || to == .string || from == .string { return true }
        switch (from, to) {
        case (.date, .timestamp), (.timestamp, .date): return true
        case (.date, _), (_, .date): return false
        case (.timestamp, .int64), (.int64, .timestamp), (.timestamp, .float64), (.int32, .timestamp): return true
        case (.timestamp, _), (_, .timestamp): return false
        default: return true
        }
    }
}
