import DataFlow
import DataFlowML

/// The one binding table: every script name that reaches the Swift API, by the type of value it is
/// called on. Registry functions are reached by name (`registryFunction`), not listed here.
enum BindingTable {
    /// The global objects: `read` (the session's reader) and `Window`.
    static let globalObjects = ["read", "Window"]

    static func methods(of value: ScriptValue) -> [ScriptBinding] {
        switch value {
        case .frame: return dataFrame
        case .grouped: return groupedData
        case .na: return naFunctions
        case .column, .sort: return column
        case .window: return windowSpec
        case .namespace("Window"): return windowNamespace
        case .reader: return reader
        case .writer: return writer
        case .object(let o): return o.methods
        default: return []
        }
    }

    static func method(_ name: String, of value: ScriptValue) -> ScriptBinding? {
        methods(of: value).first { $0.name == name }
    }

    static let functionsByName: [String: ScriptBinding] = Dictionary(functions.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    /// Every name a script can call as a function: the language's, the registry's (lowercase).
    static var allFunctionNames: [String] {
        Array(Set(functions.map(\.name) + registryNames + StageRegistry.classNames + ["ParamGridBuilder"])).sorted()
    }

    /// show()'s table. With a display width, wide cells are truncated further until the table fits
    /// (down to 5 characters a cell); without one, Spark's 20-character truncation.
    static func showText(_ df: DataFrame, _ c: ScriptCall) throws -> String {
        let n = c.has(0) ? try c.int(0) : 20
        var truncate = 20
        if let v = c.label("truncate") {
            switch v {
            case .bool(let b): truncate = b ? 20 : 0
            case .int(let w): truncate = Int(clamping: w)
            default: throw c.failLabel("truncate", "'truncate:' of show() must be a bool or an int, not \(v.typeName)")
            }
        }
        var text = try df.showString(n, truncate: truncate)
        guard let width = c.displayWidth, width > 0 else { return text }
        func widest(_ s: String) -> Int { s.split(separator: "\n").map(\.count).max() ?? 0 }
        if widest(text) <= width { return text }
        var t = truncate == 0 ? 60 : truncate
        while widest(text) > width && t > 5 {
            t = max(5, t - max(1, t / 4))
            text = try df.showString(n, truncate: t)
        }
        return text
    }
}
