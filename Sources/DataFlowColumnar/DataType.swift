/// The logical type of a column. Storage follows Apache Arrow's layout (see `Column`).
public enum DataType: Sendable, Hashable, CustomStringConvertible {
    /// The type of an untyped `NULL` literal; casts to any other type.
    case null
    case boolean
    case int32
    case int64
    case float64
    /// Fixed-point decimal; stored as `Int64` when `precision <= 18`, as `Int128` otherwise.
    case decimal(precision: Int, scale: Int)
    case string
    /// Days since 1970-01-01.
    case date
    /// Microseconds since 1970-01-01T00:00:00Z.
    case timestamp
    /// A variable-length list of values of one type (Spark's `array<T>`; elements may be NULL). Stored as
    /// `count + 1` `Int32` offsets into a child column of the elements (Arrow's List layout).
    indirect case array(DataType)
    /// Key → value pairs (Spark's `map<K,V>`; keys are never NULL, values may be). Stored as `count + 1`
    /// `Int32` offsets into two child columns of equal length: the keys (`elements`) and the values
    /// (`mapValues`).
    indirect case map(DataType, DataType)

    public static let maxDecimalPrecision = 38

    /// Bytes per value in the values buffer (string: its `Int32` offsets).
    public var byteWidth: Int {
        switch self {
        case .null: return 1
        case .boolean: return 1
        case .int32, .date: return 4
        case .int64, .float64, .timestamp: return 8
        case .decimal(let p, _): return p <= 18 ? 8 : 16
        case .string, .array, .map: return 4
        }
    }

    /// Strings and arrays keep `count + 1` `Int32` offsets in their values buffer.
    @inlinable public var hasOffsets: Bool {
        switch self {
        case .string, .array, .map: return true
        default: return false
        }
    }

    /// The element type of an array type.
    public var elementType: DataType? { if case .array(let t) = self { return t } else { return nil } }

    /// The key and value types of a map type.
    public var mapTypes: (key: DataType, value: DataType)? { if case .map(let k, let v) = self { return (k, v) } else { return nil } }

    /// Arrays and maps (values that formats such as CSV cannot hold).
    public var isNested: Bool {
        switch self {
        case .array, .map: return true
        default: return false
        }
    }

    /// True when this type is, or holds, a map (maps cannot be compared, sorted or grouped on).
    public var containsMap: Bool {
        switch self {
        case .map: return true
        case .array(let e): return e.containsMap
        default: return false
        }
    }

    public var isNumeric: Bool {
        switch self {
        case .int32, .int64, .float64, .decimal: return true
        default: return false
        }
    }

    public var isIntegral: Bool { self == .int32 || self == .int64 }

    public var isDecimal: Bool { if case .decimal = self { return true } else { return false } }

    /// Spark's SQL name (`printSchema`/`dtypes` use it).
    public var sqlName: String {
        switch self {
        case .null: return "void"
        case .boolean: return "boolean"
        case .int32: return "int"
        case .int64: return "bigint"
        case .float64: return "double"
        case .decimal(let p, let s): return "decimal(\(p),\(s))"
        case .string: return "string"
        case .date: return "date"
        case .timestamp: return "timestamp"
        case .array(let t): return "array<\(t.sqlName)>"
        case .map(let k, let v): return "map<\(k.sqlName),\(v.sqlName)>"
        }
    }

    /// Spark's `printSchema` spelling.
    public var treeName: String {
        switch self {
        case .int32: return "integer"
        case .int64: return "long"
        case .null: return "void"
        default: return sqlName
        }
    }

    public var description: String { sqlName }

    /// Parses Spark's type names: `int`, `integer`, `bigint`, `long`, `double`, `decimal(10,2)`, …
    public init?(sqlName raw: String) {
        let s = raw.lowercased().filter { !$0.isWhitespace }
        switch s {
        case "boolean", "bool": self = .boolean
        case "int", "integer", "int32": self = .int32
        case "bigint", "long", "int64": self = .int64
        case "double", "float64", "float", "real": self = .float64
        case "string", "varchar", "text": self = .string
        case "date": self = .date
        case "timestamp", "timestamp_ltz", "timestamp_ntz": self = .timestamp
        case "void", "null": self = .null
        case "decimal", "numeric", "dec": self = .decimal(precision: 10, scale: 0)
        default:
            for prefix in ["decimal(", "numeric(", "dec("] where s.hasPrefix(prefix) && s.hasSuffix(")") {
                let inner = s.dropFirst(prefix.count).dropLast()
                let parts = inner.split(separator: ",")
                guard let p = parts.first.flatMap({ Int($0) }), p >= 1, p <= DataType.maxDecimalPrecision else { return nil }
                let sc = parts.count > 1 ? Int(parts[1]) : 0
                guard parts.count <= 2, let scale = sc, scale >= 0, scale <= p else { return nil }
                self = .decimal(precision: p, scale: scale)
                return
            }
            if s.hasPrefix("varchar(") || s.hasPrefix("char(") { self = .string; return }
            if s.hasPrefix("array<") && s.hasSuffix(">"), let t = DataType(sqlName: String(s.dropFirst(6).dropLast())) {
                self = .array(t)
                return
            }
            if s.hasPrefix("map<") && s.hasSuffix(">") {
                // Split `k,v` at the comma outside any nested `<>` or `()`.
                let inner = Array(s.dropFirst(4).dropLast())
                var depth = 0, split: Int? = nil
                for (i, ch) in inner.enumerated() {
                    if ch == "<" || ch == "(" { depth += 1 } else if ch == ">" || ch == ")" { depth -= 1 } else if ch == ",", depth == 0 { split = i; break }
                }
                if let split, let k = DataType(sqlName: String(inner[..<split])), let v = DataType(sqlName: String(inner[(split + 1)...])) {
                    self = .map(k, v)
                    return
                }
            }
            return nil
        }
    }
}

/// A named, typed column slot in a schema.
public struct Field: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var type: DataType
    public var nullable: Bool

    public init(_ name: String, _ type: DataType, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }

    public var description: String { "\(name): \(type)\(nullable ? "" : " not null")" }
}

/// An ordered list of fields.
public struct Schema: Sendable, Hashable, CustomStringConvertible {
    public var fields: [Field]

    public init(_ fields: [Field]) { self.fields = fields }

    public var count: Int { fields.count }
    public var names: [String] { fields.map(\.name) }

    /// Index of the first field with this name (case-insensitive, like Spark's default resolution).
    public func index(of name: String) -> Int? {
        if let i = fields.firstIndex(where: { $0.name == name }) { return i }
        let lower = name.lowercased()
        return fields.firstIndex(where: { $0.name.lowercased() == lower })
    }

    public subscript(_ i: Int) -> Field { fields[i] }

    public var description: String { "[" + fields.map(\.description).joined(separator: ", ") + "]" }

    /// The tree `printSchema` prints, as Spark does.
    public var treeString: String {
        var out = "root\n"
        for f in fields {
            out += " |-- \(f.name): \(f.type.treeName) (nullable = \(f.nullable))\n"
        }
        return out
    }
}
