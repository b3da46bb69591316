import DataFlowColumnar

/// A scalar function, declared once: its name, signature, return type, documentation and example feed
/// the analyzer, the evaluator, `:help` and completion in the REPL, and `Docs/functions.md`.
public struct ScalarFunction: Sendable {
    public let name: String
    public let category: String
    /// e.g. `substring(str, pos[, len])`
    public let signature: String
    public let doc: String
    public let example: String
    public let arity: ClosedRange<Int>
    /// Argument types the analyzer casts to, given the actual ones (nil = reject those types).
    let coerce: @Sendable ([DataType]) -> [DataType]?
    /// Result type for (already coerced) argument types.
    let returnType: @Sendable ([DataType]) -> DataType
    /// Evaluates over whole columns (all of one batch's length).
    let invoke: @Sendable ([Column], Int) throws -> Column
    /// Given the values of the constant arguments (nil where not constant), an `invoke` specialised for
    /// them, or nil to use the general one. Runs once per query when the expression is compiled, so
    /// work such as compiling a regular expression is not repeated per batch, and a bad constant fails
    /// before any data is read.
    let prepare: (@Sendable ([Value?]) throws -> (@Sendable ([Column], Int) throws -> Column)?)?
    /// Result type when it depends on constant arguments too (`round(decimal, d)`'s scale), given the
    /// types and the constant values (nil where not constant); overrides `returnType`.
    var constantReturnType: (@Sendable ([DataType], [Value?]) -> DataType)? = nil

    public init(_ name: String, category: String, signature: String, doc: String, example: String,
                arity: ClosedRange<Int>,
                coerce: @escaping @Sendable ([DataType]) -> [DataType]?,
                returnType: @escaping @Sendable ([DataType]) -> DataType,
                invoke: @escaping @Sendable ([Column], Int) throws -> Column,
                prepare: (@Sendable ([Value?]) throws -> (@Sendable ([Column], Int) throws -> Column)?)? = nil) {
        self.name = name
        self.category = category
        self.signature = signature
        self.doc = doc
        self.example = example
        self.arity = arity
        self.coerce = coerce
        self.returnType = returnType
        self.invoke = invoke
        self.prepare = prepare
    }
}

extension ScalarFunction {
    /// This declaration with a result type that also reads constant arguments.
    func returning(_ type: @escaping @Sendable ([DataType], [Value?]) -> DataType) -> ScalarFunction {
        var f = self
        f.constantReturnType = type
        return f
    }

    /// The result type for these (coerced) arguments.
    func resultType(_ args: [Expr]) -> DataType {
        let types = args.map(\.type)
        guard let constantReturnType else { return returnType(types) }
        return constantReturnType(types, args.map { a -> Value? in
            guard a.isConstant else { return nil }
            return try? ExpressionEvaluator.evaluateConstant(a)
        })
    }
}

/// An aggregate function: same declaration, plus the accumulator that computes it.
public struct AggregateFunction: Sendable {
    public let name: String
    public let signature: String
    public let doc: String
    public let example: String
    public let arity: ClosedRange<Int>
    let coerce: @Sendable ([DataType]) -> [DataType]?
    let returnType: @Sendable ([DataType]) -> DataType
    /// A fresh accumulator for the (coerced) input types and the values of constant arguments
    /// (nil where an argument is not constant); `distinct` is handled by the operator.
    let makeAccumulator: @Sendable ([DataType], [Value?]) -> any Accumulator
    /// Positions of arguments that must be constants (`percentile(x, 0.5)`'s 0.5).
    var constantArguments: [Int] = []
}

/// The one place every function is declared.
public enum FunctionRegistry {
    public static let scalars: [String: ScalarFunction] = {
        var d: [String: ScalarFunction] = [:]
        for f in StringFunctions.all + RegexFunctions.all + MathFunctions.all + DateFunctions.all + ConditionalFunctions.all
            + ScientificFunctions.all + ArithmeticFunctions.all + NullFunctions.all + RandomFunctions.all
            + DateFormatFunctions.all + DateCalendarFunctions.all + TimeWindowFunctions.all
            + StringSearchFunctions.all + StringPadTrimFunctions.all + StringEditFunctions.all + StringDistanceFunctions.all
            + StringSplitFunctions.all + RegexExtractFunctions.all + FormatStringFunction.all + FormatNumberFunction.all
            + StringDigestFunctions.all + HashFunctions.all + MiscFunctions.all
            + ArrayFunctions.all {
            d[f.name] = f
        }
        return d
    }()

    public static let aggregates: [String: AggregateFunction] = {
        var d: [String: AggregateFunction] = [:]
        for f in AggregateFunctions.all + BooleanAggregates.all + ExtremumByAggregates.all + MomentAggregates.all
            + ModeAggregates.all + HyperLogLogAggregates.all + RegressionAggregates.all { d[f.name] = f }
        // Spark's aliases.
        d["mean"] = d["avg"]
        d["std"] = d["stddev"]
        d["stddev_samp"] = d["stddev"]
        d["variance"] = d["var_samp"]
        d["first_value"] = d["first"]
        d["last_value"] = d["last"]
        for (alias, target) in BooleanAggregates.aliases { d[alias] = d[target] }
        d["approx_percentile"] = d["percentile_approx"]
        d["array_agg"] = d["collect_list"]
        return d
    }()

    static let aliases: [String: String] = [
        "ucase": "upper", "lcase": "lower", "substr": "substring", "char_length": "length",
        "character_length": "length", "ceiling": "ceil", "power": "pow", "day": "dayofmonth",
        "nvl": "ifnull", "signum": "sign", "random": "rand", "now": "current_timestamp", "regexp": "rlike", "regexp_like": "rlike",
        "position": "locate", "printf": "format_string", "char": "chr", "sha": "sha1",
        "cardinality": "size", "curdate": "current_date", "dateadd": "date_add", "date_diff": "datediff",
    ]

    public static func scalar(_ name: String) -> ScalarFunction? {
        let n = name.lowercased()
        return scalars[aliases[n] ?? n]
    }

    public static func aggregate(_ name: String) -> AggregateFunction? { aggregates[name.lowercased()] }

    /// Every function name (completion, "did you mean").
    public static var allNames: [String] {
        (Array(scalars.keys) + Array(aggregates.keys) + Array(windows.keys) + Array(aliases.keys)).filter { !$0.hasPrefix("__") }.sorted()
    }
}

// MARK: - Helpers for declaring functions

/// Coercion helpers shared by the declarations.
enum Coerce {
    static func same(_ t: DataType) -> @Sendable ([DataType]) -> [DataType]? {
        { args in args.map { canImplicitlyCast($0, to: t) ? t : nil }.allSatisfy { $0 != nil } ? args.map { _ in t } : nil }
    }

    /// Numeric inputs stay as they are (null → double); anything else is rejected.
    static let numeric: @Sendable ([DataType]) -> [DataType]? = { args in
        var out: [DataType] = []
        for a in args {
            if a == .null { out.append(.float64) } else if a.isNumeric { out.append(a) } else if a == .string { out.append(.float64) } else { return nil }
        }
        return out
    }

    static func exact(_ types: [DataType]) -> @Sendable ([DataType]) -> [DataType]? {
        { args in
            var out: [DataType] = []
            for (i, a) in args.enumerated() {
                let t = types[min(i, types.count - 1)]
                guard canImplicitlyCast(a, to: t) else { return nil }
                out.append(t)
            }
            return out
        }
    }
}

/// Spark's implicit casts (ANSI): widening numerics, between date and timestamp (so `year(ts)` works),
/// string to anything but boolean to string, null to all.
public func canImplicitlyCast(_ from: DataType, to: DataType) -> Bool {
    if from == to || from == .null { return true }
    switch (from, to) {
    case (.int32, .int64), (.int32, .float64), (.int64, .float64), (.int32, .decimal), (.int64, .decimal),
         (.decimal, .float64), (.decimal, .decimal), (.date, .timestamp), (.timestamp, .date):
        return true
    case (.string, .int32), (.string, .int64), (.string, .float64), (.string, .date), (.string, .timestamp),
         (.string, .decimal):
        return true
    case (_, .string):
        return true
    default:
        return false
    }
}

/// First argument's value from a constant column (for arguments such as `round(x, 2)`'s scale).
func constantInt(_ c: Column, _ what: String) throws -> Int {
    guard c.count > 0, c.isValid(0) else { throw DataFlowError.invalid("\(what) must be a non-null constant") }
    switch c.type {
    case .int32: return Int(c.values(Int32.self)[0])
    case .int64: return Int(c.values(Int64.self)[0])
    default: throw DataFlowError.invalid("\(what) must be an integer")
    }
}
