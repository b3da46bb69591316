import DataFlowColumnar

/// How the JSON reader treats malformed lines (Spark's `mode` option; the same three modes as CSV).
public typealias JSONParseMode = CSVParseMode

/// What the reader does with a nested object value (option `nested`).
public enum JSONNestedMode: String, Sendable {
    /// `{"a": {"b": 1}}` gives a column named `a.b` (back-quote it in SQL: `` `a.b` ``).
    case flatten
    /// A nested object is an error naming the field and the line.
    case error
}

/// Options of the JSON lines reader, with Spark's names, defaults and semantics.
public struct JSONReadOptions: Sendable {
    public var mode: JSONParseMode = .permissive
    /// The string column that receives a malformed line's text in PERMISSIVE mode.
    public var columnNameOfCorruptRecord = "_corrupt_record"
    /// Infer every primitive value as a string.
    public var primitivesAsString = false
    /// Fraction of the lines inference looks at (deterministic sample; 1 = all lines, Spark's default).
    public var samplingRatio = 1.0
    /// Java/Spark pattern for date columns of a user schema; nil = `yyyy-MM-dd`.
    public var dateFormat: String? = nil
    /// Java/Spark pattern for timestamp columns of a user schema; nil = ISO 8601.
    public var timestampFormat: String? = nil
    public var nested: JSONNestedMode = .flatten
    /// Accept `NaN`, `Infinity`, `-Infinity` as unquoted numbers (Spark's default: true).
    public var allowNonNumericNumbers = true

    public init() {}

    /// Sets an option by Spark's (case-insensitive) name from its string value.
    public mutating func set(_ key: String, _ value: String) throws {
        switch key.lowercased() {
        case "mode":
            switch value.uppercased() {
            case "PERMISSIVE": mode = .permissive
            case "DROPMALFORMED": mode = .dropMalformed
            case "FAILFAST": mode = .failFast
            default: throw jsonBadValue(key, value, "PERMISSIVE, DROPMALFORMED or FAILFAST")
            }
        case "columnnameofcorruptrecord":
            guard !value.isEmpty else { throw jsonBadValue(key, value, "a column name") }
            columnNameOfCorruptRecord = value
        case "primitivesasstring": primitivesAsString = try jsonBool(key, value)
        case "samplingratio":
            guard let r = Double(value), r > 0, r <= 1 else { throw jsonBadValue(key, value, "a number in (0, 1]") }
            samplingRatio = r
        case "dateformat": dateFormat = value
        case "timestampformat": timestampFormat = value
        case "nested":
            guard let m = JSONNestedMode(rawValue: value.lowercased()) else { throw jsonBadValue(key, value, "flatten or error") }
            nested = m
        case "allownonnumericnumbers": allowNonNumericNumbers = try jsonBool(key, value)
        case "multiline":
            if try jsonBool(key, value) {
                throw DataFlowError("INVALID_OPTION", "JSON option 'multiLine' = true is not supported: the reader reads JSON lines (one object per line).")
            }
        case "encoding", "charset":
            guard isUTF8Name(value) else {
                throw DataFlowError("UNSUPPORTED_ENCODING", "JSON encoding '\(value)' is not supported; only UTF-8 is.")
            }
        case "prefersdecimal", "allowcomments", "allowunquotedfieldnames", "allowsinglequotes",
             "allownumericleadingzeros", "allowbackslashescapingAnycharacter".lowercased(),
             "allowunquotedcontrolchars", "droppfieldifallnull", "dropfieldifallnull", "locale", "linesep",
             "inferTimestamp".lowercased(), "prefertimestamp", "path", "compression", "samplingseed":
            break  // accepted for compatibility; Spark's defaults apply
        default:
            throw DataFlowError("INVALID_OPTION", "Unknown JSON read option '\(key)'.")
        }
    }
}

/// Options of the JSON lines writer, with Spark's names and defaults.
public struct JSONWriteOptions: Sendable {
    /// Leave out null fields (Spark's `ignoreNullFields`, default true); false writes `"k":null`.
    public var ignoreNullFields = true
    /// `none` or `gzip`.
    public var gzip = false
    /// Java/Spark pattern for dates; nil = `yyyy-MM-dd`.
    public var dateFormat: String? = nil
    /// Java/Spark pattern for timestamps; nil = Spark's `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` (in UTC).
    public var timestampFormat: String? = nil

    public init() {}

    public mutating func set(_ key: String, _ value: String) throws {
        switch key.lowercased() {
        case "ignorenullfields": ignoreNullFields = try jsonBool(key, value)
        case "compression", "codec":
            switch value.lowercased() {
            case "none", "uncompressed": gzip = false
            case "gzip": gzip = true
            default: throw jsonBadValue(key, value, "none or gzip")
            }
        case "dateformat": dateFormat = value
        case "timestampformat": timestampFormat = value
        case "encoding", "charset":
            guard isUTF8Name(value) else {
                throw DataFlowError("UNSUPPORTED_ENCODING", "JSON encoding '\(value)' is not supported; only UTF-8 is.")
            }
        case "linesep", "path", "locale", "pretty":
            break  // accepted for compatibility; no effect here
        default:
            throw DataFlowError("INVALID_OPTION", "Unknown JSON write option '\(key)'.")
        }
    }
}

func jsonBadValue(_ key: String, _ value: String, _ expected: String) -> DataFlowError {
    DataFlowError("INVALID_OPTION", "Invalid value '\(value)' for JSON option '\(key)': expected \(expected).")
}

func jsonBool(_ key: String, _ value: String) throws -> Bool {
    switch value.lowercased() {
    case "true": return true
    case "false": return false
    default: throw jsonBadValue(key, value, "true or false")
    }
}
