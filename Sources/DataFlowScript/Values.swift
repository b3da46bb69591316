import DataFlow
import enum DataFlowColumnar.DateTime
import func DataFlowColumnar.formatDouble

/// A value a .dfs variable can hold.
///
/// Later modules (ML models and pipelines) add their values as `.object` with a type conforming to
/// `ScriptObject`, whose method table is a list of `ScriptBinding`s: the interpreter needs no change.
public enum ScriptValue: @unchecked Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    /// Days since 1970-01-01.
    case date(Int32)
    case list([ScriptValue])
    case row(Row)
    case frame(DataFrame)
    case column(DataFlow.Column)
    case sort(SortColumn)
    /// `df.groupBy(...)`, with the DataFrame it groups (its columns are in scope in `agg(...)`).
    case grouped(GroupedData, of: DataFrame)
    case na(NaFunctions, of: DataFrame)
    case reader(DataFrameReader)
    case writer(DataFrameWriter)
    case window(WindowSpec)
    /// A namespace of functions such as `Window` (`Window.partitionBy(...)`).
    case namespace(String)
    /// Any other value (ML models, pipelines, …): its methods come from its own binding table.
    case object(any ScriptObject)
    /// The result of an action under `check` (nothing runs): anything goes with it.
    case unknown

    /// The name error messages use (`DataFrame`, `int`, `string`, …).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "double"
        case .string: return "string"
        case .date: return "date"
        case .list: return "list"
        case .row: return "Row"
        case .frame: return "DataFrame"
        case .column: return "Column"
        case .sort: return "SortColumn"
        case .grouped: return "GroupedData"
        case .na: return "NaFunctions"
        case .reader: return "DataFrameReader"
        case .writer: return "DataFrameWriter"
        case .window: return "WindowSpec"
        case .namespace(let n): return n
        case .object(let o): return o.typeName
        case .unknown: return "unknown"
        }
    }

    /// The value as `print` and `str(x)` show it.
    public var text: String {
        switch self {
        case .string(let s): return s
        default: return literalText
        }
    }

    /// As `text`, but strings quoted (inside lists).
    var literalText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let v): return String(v)
        case .double(let d): return formatDouble(d)
        case .string(let s): return "\"" + s + "\""
        case .date(let d): return DateTime.formatDate(d)
        case .list(let l): return "[" + l.map(\.literalText).joined(separator: ", ") + "]"
        case .row(let r):
            return "Row(" + zip(r.schema.names, r.values).map { "\($0)=\(ScriptValue(engine: $1).literalText)" }.joined(separator: ", ") + ")"
        case .frame(let df): return Self.frameSummary(df)
        case .column(let c): return "Column<'\(c)'>"
        case .sort(let s): return "SortColumn<'\(s.order.expr) \(s.order.ascending ? "ASC" : "DESC")'>"
        case .grouped(_, let df): return "GroupedData over " + Self.frameSummary(df)
        case .na: return "NaFunctions"
        case .reader: return "DataFrameReader"
        case .writer: return "DataFrameWriter"
        case .window: return "WindowSpec"
        case .namespace(let n): return n
        case .object(let o): return o.summary
        case .unknown: return "<not run under check>"
        }
    }

    /// `DataFrame[userId: int, movieId: int, rating: double]`, as PySpark prints one.
    static func frameSummary(_ df: DataFrame) -> String {
        guard let schema = try? df.schema else { return "DataFrame[?]" }
        return "DataFrame[" + schema.fields.map { "\($0.name): \($0.type.sqlName)" }.joined(separator: ", ") + "]"
    }

    /// A value of a row or a literal, as a script value.
    init(engine v: Value) {
        switch v {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int32(let i): self = .int(Int64(i))
        case .int64(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .decimal: self = .double(v.doubleValue ?? 0)
        case .string(let s): self = .string(s)
        case .date(let d): self = .date(d)
        case .timestamp: self = .string(v.description)
        case .array(let items): self = .list(items.map { ScriptValue(engine: $0) })
        case .map: self = .string(v.description)
        }
    }

    /// The engine literal for a scalar (nil for anything else).
    var engineValue: Value? {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let v): return Int32(exactly: v).map { .int32($0) } ?? .int64(v)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .date(let d): return .date(d)
        default: return nil
        }
    }
}

/// A value type added by another module (an ML model, a pipeline): its name, how `print` shows it,
/// and its methods and properties.
public protocol ScriptObject: Sendable {
    var typeName: String { get }
    var summary: String { get }
    /// Methods callable as `value.name(...)`; a binding whose `isProperty` is true is read as `value.name`.
    var methods: [ScriptBinding] { get }
}
