import DataFlowColumnar

/// How the CSV reader treats malformed records (Spark's `mode` option).
public enum CSVParseMode: String, Sendable {
    case permissive = "PERMISSIVE"
    case dropMalformed = "DROPMALFORMED"
    case failFast = "FAILFAST"
}

/// Options of the CSV reader, with Spark's names, defaults and semantics.
public struct CSVReadOptions: Sendable {
    public var header = false
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// The quote character; 0 disables quoting (Spark: `quote` set to the empty string).
    public var quote: UInt8 = UInt8(ascii: "\"")
    /// The escape character inside quoted values; 0 disables escaping.
    public var escape: UInt8 = UInt8(ascii: "\\")
    public var comment: UInt8? = nil
    /// A field equal to this string is null (an unquoted empty field is always null).
    public var nullValue = ""
    /// What a quoted empty string (`""`) reads as; nil = the empty string (which equals the default
    /// `nullValue`, so `""` reads as null by default, as in Spark).
    public var emptyValue: String? = nil
    public var nanValue = "NaN"
    public var positiveInf = "Inf"
    public var negativeInf = "-Inf"
    /// Java/Spark pattern for dates; nil = ISO `yyyy-MM-dd`.
    public var dateFormat: String? = nil
    /// Java/Spark pattern for timestamps; nil = ISO 8601 (`yyyy-MM-dd[( |T)HH:mm[:ss[.SSSSSS]]][Z|±HH:mm]`).
    public var timestampFormat: String? = nil
    public var inferSchema = false
    /// Spark 3.4+ `preferDate`: infer columns matching `dateFormat` as date.
    public var preferDate = true
    /// Records read (from the start of the input) to infer the schema.
    public var samplingRows = 10_000
    public var mode: CSVParseMode = .permissive
    public var columnNameOfCorruptRecord: String? = nil
    public var multiLine = false
    public var ignoreLeadingWhiteSpace = false
    public var ignoreTrailingWhiteSpace = false
    public var encoding = "UTF-8"

    public init() {}

    /// Sets an option by Spark's (case-insensitive) name from its string value.
    public mutating func set(_ key: String, _ value: String) throws {
        switch key.lowercased() {
        case "header": header = try csvBool(key, value)
        case "delimiter", "sep": delimiter = try csvChar(key, value, allowEmpty: false) ?? delimiter
        case "quote": quote = try csvChar(key, value, allowEmpty: true) ?? 0
        case "escape": escape = try csvChar(key, value, allowEmpty: true) ?? 0
        case "comment": comment = try csvChar(key, value, allowEmpty: true)
        case "nullvalue": nullValue = value
        case "emptyvalue": emptyValue = value
        case "nanvalue": nanValue = value
        case "positiveinf": positiveInf = value
        case "negativeinf": negativeInf = value
        case "dateformat": dateFormat = value
        case "timestampformat": timestampFormat = value
        case "inferschema": inferSchema = try csvBool(key, value)
        case "preferdate", "prefersdate": preferDate = try csvBool(key, value)
        case "samplingrows":
            guard let n = Int(value), n > 0 else { throw csvBadValue(key, value, "a positive integer") }
            samplingRows = n
        case "samplingratio":
            guard let r = Double(value), r > 0, r <= 1 else { throw csvBadValue(key, value, "a number in (0, 1]") }
            // Inference reads the first `samplingRows` records; a ratio is accepted for compatibility.
        case "mode":
            switch value.uppercased() {
            case "PERMISSIVE": mode = .permissive
            case "DROPMALFORMED": mode = .dropMalformed
            case "FAILFAST": mode = .failFast
            default: throw csvBadValue(key, value, "PERMISSIVE, DROPMALFORMED or FAILFAST")
            }
        case "columnnameofcorruptrecord": columnNameOfCorruptRecord = value.isEmpty ? nil : value
        case "multiline": multiLine = try csvBool(key, value)
        case "ignoreleadingwhitespace": ignoreLeadingWhiteSpace = try csvBool(key, value)
        case "ignoretrailingwhitespace": ignoreTrailingWhiteSpace = try csvBool(key, value)
        case "encoding", "charset":
            guard isUTF8Name(value) else { throw unsupportedEncoding(value) }
            encoding = value
        case "linesep":
            guard value == "\n" || value == "\r\n" || value == "\\n" || value == "\\r\\n" else {
                throw csvBadValue(key, value, "\\n or \\r\\n (the reader accepts both)")
            }
        case "enforceschema", "maxcolumns", "maxcharspercolumn", "locale", "unescapedquotehandling",
             "charToEscapeQuoteEscaping".lowercased(), "path", "samplingseed":
            break  // accepted for compatibility; no effect here
        default:
            throw DataFlowError("INVALID_OPTION", "Unknown CSV read option '\(key)'.")
        }
    }
}

/// Options of the CSV writer, with Spark's names and defaults.
public struct CSVWriteOptions: Sendable {
    public var header = false  // Spark writes no header unless asked
    public var delimiter: UInt8 = UInt8(ascii: ",")
    public var quote: UInt8 = UInt8(ascii: "\"")
    public var escape: UInt8 = UInt8(ascii: "\\")
    public var nullValue = ""
    /// Written for an empty string (Spark 2.4+: `""`, so it differs from a null).
    public var emptyValue = "\"\""
    public var quoteAll = false
    /// Java/Spark pattern for dates; nil = `yyyy-MM-dd`.
    public var dateFormat: String? = nil
    /// Java/Spark pattern for timestamps; nil = Spark's `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` (in UTC).
    public var timestampFormat: String? = nil
    public var lineSeparator = "\n"

    public init() {}

    public mutating func set(_ key: String, _ value: String) throws {
        switch key.lowercased() {
        case "header": header = try csvBool(key, value)
        case "delimiter", "sep": delimiter = try csvChar(key, value, allowEmpty: false) ?? delimiter
        case "quote": quote = try csvChar(key, value, allowEmpty: true) ?? 0
        case "escape": escape = try csvChar(key, value, allowEmpty: true) ?? 0
        case "nullvalue": nullValue = value
        case "emptyvalue": emptyValue = value
        case "quoteall": quoteAll = try csvBool(key, value)
        case "dateformat": dateFormat = value
        case "timestampformat": timestampFormat = value
        case "linesep", "lineseparator":
            guard !value.isEmpty else { throw csvBadValue(key, value, "a non-empty string") }
            lineSeparator = value
        case "encoding", "charset":
            guard isUTF8Name(value) else { throw unsupportedEncoding(value) }
        case "escapequotes", "compression", "ignoreleadingwhitespace", "ignoretrailingwhitespace", "path":
            break  // accepted for compatibility; no effect here
        default:
            throw DataFlowError("INVALID_OPTION", "Unknown CSV write option '\(key)'.")
        }
    }
}

func isUTF8Name(_ s: String) -> Bool {
    let n = s.lowercased().filter { $0 != "-" && $0 != "_" }
    return n == "utf8" || n == "usascii" || n == "ascii"
}

func unsupportedEncoding(_ s: String) -> DataFlowError {
    DataFlowError("UNSUPPORTED_ENCODING", "CSV encoding '\(s)' is not supported; only UTF-8 is.")
}

func csvBadValue(_ key: String, _ value: String, _ expected: String) -> DataFlowError {
    DataFlowError("INVALID_OPTION", "Invalid value '\(value)' for CSV option '\(key)': expected \(expected).")
}

func csvBool(_ key: String, _ value: String) throws -> Bool {
    switch value.lowercased() {
    case "true": return true
    case "false": return false
    default: throw csvBadValue(key, value, "true or false")
    }
}

/// A one-byte character option; accepts `\t`, `\n`, `\\`, `\0`, `\u0001` spellings. Empty → nil when allowed.
func csvChar(_ key: String, _ value: String, allowEmpty: Bool) throws -> UInt8? {
    if value.isEmpty {
        if allowEmpty { return nil }
        throw csvBadValue(key, value, "a single character")
    }
    let u = Array(value.utf8)
    if u.count == 1 { return u[0] }
    if u.count == 2 && u[0] == UInt8(ascii: "\\") {
        switch u[1] {
        case UInt8(ascii: "t"): return 9
        case UInt8(ascii: "n"): return 10
        case UInt8(ascii: "r"): return 13
        case UInt8(ascii: "0"): return nil
        case UInt8(ascii: "\\"): return u[1]
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return u[1]
        default: break
        }
    }
    if u.count == 6 && value.hasPrefix("\\u"), let code = UInt32(value.dropFirst(2), radix: 16), code < 128 {
        return code == 0 ? nil : UInt8(code)
    }
    throw csvBadValue(key, value, "a single ASCII character (multi-character delimiters are not supported)")
}
