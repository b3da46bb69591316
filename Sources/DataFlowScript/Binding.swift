import DataFlow

/// One entry of the binding table: a script name (a function, or a method or property of a value
/// type) with the argument labels and positional arity of the Swift API it calls.
public struct ScriptBinding: Sendable {
    public let name: String
    /// How many unlabeled arguments it takes (`Int.max` as the upper bound: variadic).
    public let arity: ClosedRange<Int>
    /// The argument labels it accepts (each optional).
    public let labels: [String]
    /// Read without parentheses (`df.columns`, `n.desc`); also callable as `x.name()`.
    public let isProperty: Bool
    /// Runs the query (`show`, `count`, `write.csv`): skipped by `check`.
    public let isAction: Bool
    /// The signature shown by `:help` (`filter(condition)`).
    public let signature: String
    public let doc: String
    let body: @Sendable (ScriptCall) throws -> ScriptValue

    public init(_ name: String, _ arity: ClosedRange<Int> = 0...0, labels: [String] = [], property: Bool = false, action: Bool = false,
                signature: String? = nil, doc: String = "", _ body: @escaping @Sendable (ScriptCall) throws -> ScriptValue) {
        self.name = name
        self.arity = arity
        self.labels = labels
        self.isProperty = property
        self.isAction = action
        self.signature = signature ?? name + (property ? "" : "(" + labels.map { "\($0):" }.joined(separator: ", ") + ")")
        self.doc = doc
        self.body = body
    }
}

/// The arguments of one call, with accessors that convert them to the Swift API's types and fail
/// with a located message when they cannot.
public struct ScriptCall {
    public let name: String
    public let receiver: ScriptValue
    public let positional: [ScriptValue]
    public let labeled: [String: ScriptValue]
    public let session: Session
    let positions: [Pos]
    let labelPositions: [String: Pos]
    let callPos: Pos
    let emit: (String) -> Void
    let displayWidth: Int?

    /// Prints (to the engine's `output`).
    public func print(_ text: String) { emit(text) }

    func fail(_ message: String, at i: Int? = nil) -> LangError {
        LangError(i.flatMap { $0 < positions.count ? positions[$0] : nil } ?? callPos, message)
    }

    func failLabel(_ label: String, _ message: String) -> LangError {
        LangError(labelPositions[label] ?? callPos, message)
    }

    func describe(_ i: Int) -> String { "argument \(i + 1) of \(name)()" }

    public var count: Int { positional.count }
    public func has(_ i: Int) -> Bool { i < positional.count }

    public func value(_ i: Int) -> ScriptValue { i < positional.count ? positional[i] : .null }

    public func column(_ i: Int) throws -> DataFlow.Column {
        try Self.toColumn(value(i)) { throw fail("\(describe(i)) must be a column or a value, not \($0)", at: i) }
    }

    public func columns(from start: Int = 0) throws -> [DataFlow.Column] {
        try (start..<max(start, positional.count)).map { try column($0) }
    }

    /// Converts a value to a column expression: scalars become literals.
    static func toColumn(_ v: ScriptValue, _ orElse: (String) throws -> DataFlow.Column) rethrows -> DataFlow.Column {
        switch v {
        case .column(let c): return c
        case .sort(let s): return DataFlow.Column(s.order.expr)
        default:
            if let lit = v.engineValue { return DataFlow.Column(.literal(lit)) }
            return try orElse(v.typeName)
        }
    }

    /// A column name: a string, or a bare name that resolved to a column (`groupBy(movieId)`).
    public func name(_ i: Int) throws -> String {
        switch value(i) {
        case .string(let s): return s
        case .column(let c):
            if case .column(let n, nil) = c.expr { return n }
            throw fail("\(describe(i)) must be a column name, not the expression \(c)", at: i)
        default: throw fail("\(describe(i)) must be a column name, not \(value(i).typeName)", at: i)
        }
    }

    public func names(from start: Int = 0) throws -> [String] {
        try (start..<max(start, positional.count)).flatMap { i -> [String] in
            if case .list(let items) = value(i) {
                return try items.map { item in
                    switch item {
                    case .string(let s): return s
                    case .column(let c): if case .column(let n, nil) = c.expr { return n }; fallthrough
                    default: throw fail("\(describe(i)) must be a list of column names", at: i)
                    }
                }
            }
            return [try name(i)]
        }
    }

    /// Columns where strings are column names (`select("a", b, c + 1)`).
    public func columnsOrNames(from start: Int = 0) throws -> [DataFlow.Column] {
        try (start..<max(start, positional.count)).flatMap { i -> [DataFlow.Column] in
            switch value(i) {
            case .string(let s): return [col(s)]
            case .list(let items): return try items.map { if case .string(let s) = $0 { return col(s) }; return try Self.toColumn($0) { throw fail("\(describe(i)) cannot hold \($0)", at: i) } }
            default: return [try column(i)]
            }
        }
    }

    /// Sort orders: `n.desc`, a column (ascending) or a column name.
    public func sortOrders(from start: Int = 0) throws -> [SortColumn] {
        try (start..<max(start, positional.count)).map { i in
            switch value(i) {
            case .sort(let s): return s
            case .string(let s): return SortColumn(s)
            case .column(let c): return c.asc
            default: throw fail("\(describe(i)) must be a column or a sort order such as n.desc, not \(value(i).typeName)", at: i)
            }
        }
    }

    public func string(_ i: Int) throws -> String {
        guard case .string(let s) = value(i) else { throw fail("\(describe(i)) must be a string, not \(value(i).typeName)", at: i) }
        return s
    }

    public func int(_ i: Int) throws -> Int {
        guard case .int(let v) = value(i), let n = Int(exactly: v) else { throw fail("\(describe(i)) must be an int, not \(value(i).typeName)", at: i) }
        return n
    }

    public func double(_ i: Int) throws -> Double {
        switch value(i) {
        case .int(let v): return Double(v)
        case .double(let d): return d
        default: throw fail("\(describe(i)) must be a number, not \(value(i).typeName)", at: i)
        }
    }

    public func frame(_ i: Int) throws -> DataFrame {
        guard case .frame(let df) = value(i) else { throw fail("\(describe(i)) must be a DataFrame, not \(value(i).typeName)", at: i) }
        return df
    }

    public func label(_ l: String) -> ScriptValue? { labeled[l] }

    public func bool(_ l: String) throws -> Bool? {
        guard let v = labeled[l] else { return nil }
        guard case .bool(let b) = v else { throw failLabel(l, "'\(l):' of \(name)() must be a bool, not \(v.typeName)") }
        return b
    }

    public func string(_ l: String) throws -> String? {
        guard let v = labeled[l] else { return nil }
        guard case .string(let s) = v else { throw failLabel(l, "'\(l):' of \(name)() must be a string, not \(v.typeName)") }
        return s
    }

    public func int(_ l: String) throws -> Int? {
        guard let v = labeled[l] else { return nil }
        guard case .int(let n) = v, let i = Int(exactly: n) else { throw failLabel(l, "'\(l):' of \(name)() must be an int, not \(v.typeName)") }
        return i
    }

    public func double(_ l: String) throws -> Double? {
        guard let v = labeled[l] else { return nil }
        switch v {
        case .int(let n): return Double(n)
        case .double(let d): return d
        default: throw failLabel(l, "'\(l):' of \(name)() must be a number, not \(v.typeName)")
        }
    }

    public func names(_ l: String) throws -> [String]? {
        guard let v = labeled[l] else { return nil }
        switch v {
        case .string(let s): return [s]
        case .list(let items):
            return try items.map { guard case .string(let s) = $0 else { throw failLabel(l, "'\(l):' of \(name)() must be a list of column names") }; return s }
        case .column(let c):
            if case .column(let n, nil) = c.expr { return [n] }
            fallthrough
        default: throw failLabel(l, "'\(l):' of \(name)() must be a list of column names, not \(v.typeName)")
        }
    }

    /// Option values are text in the Swift API: `option("header", true)`.
    func optionText(_ i: Int) throws -> String {
        switch value(i) {
        case .string(let s): return s
        case .bool, .int, .double, .date: return value(i).text
        default: throw fail("\(describe(i)) must be a string, number or bool, not \(value(i).typeName)", at: i)
        }
    }
}
