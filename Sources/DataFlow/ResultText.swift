import DataFlowColumnar
import DataFlowFormats

/// Query results as text for other programs: CSV and JSON lines, as `dfs sql --format csv|json`
/// prints them.
///
/// ```swift
/// let df = try session.sql("SELECT 1 AS n, 'a,b' AS s")
/// print(ResultText.csv(try df.schema, try df.collect().map(\.values)), terminator: "")
/// // n,s
/// // 1,"a,b"
/// ```
public enum ResultText {
    // MARK: CSV

    /// A header line of column names, then one line per row; every line ends with `\n`.
    public static func csv(_ schema: Schema, _ rows: [[Value]]) -> String {
        var out = csvLine(schema.names.map(csvQuoted)) + "\n"
        for r in rows { out += csvRow(r) + "\n" }
        return out
    }

    /// One row, without the line break.
    public static func csvRow(_ values: [Value]) -> String { csvLine(values.map(csvField)) }

    /// RFC 4180: fields separated by commas. NULL is an empty field and the empty string `""`, so the two
    /// stay apart (as Spark's CSV writer does); dates `yyyy-mm-dd`, timestamps `yyyy-mm-dd hh:mm:ss`
    /// with a fraction only when it is not zero; numbers as Spark prints them.
    public static func csvField(_ v: Value) -> String {
        switch v {
        case .null: return ""
        case .string(let s) where s.isEmpty: return "\"\""
        default: return csvQuoted(v.description)
        }
    }

    /// Quoted when it holds a comma, a quote or a line break; inner quotes doubled.
    public static func csvQuoted(_ s: String) -> String { CSVWriter.rfc4180Field(s) }

    private static func csvLine(_ fields: [String]) -> String { fields.joined(separator: ",") }

    // MARK: JSON lines

    /// One JSON object per row, one row per line (each ending with `\n`), keys in column order.
    public static func jsonLines(_ schema: Schema, _ rows: [[Value]]) -> String {
        let names = schema.names
        var out = ""
        for r in rows { out += jsonObject(names, r) + "\n" }
        return out
    }

    /// `{"name":value,…}`: NULL is `null`; integers, decimals and finite doubles are numbers; NaN and
    /// ±Infinity are the strings "NaN", "Infinity", "-Infinity" (JSON has no such numbers); booleans are
    /// `true`/`false`; strings, dates and timestamps are strings.
    public static func jsonObject(_ names: [String], _ values: [Value]) -> String {
        "{" + zip(names, values).map { jsonString($0) + ":" + jsonValue($1) }.joined(separator: ",") + "}"
    }

    public static func jsonValue(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int32, .int64, .decimal: return v.description
        case .double(let d): return d.isFinite ? v.description : jsonString(v.description)
        case .string(let s): return jsonString(s)
        case .date, .timestamp: return jsonString(v.description)
        case .array(let items): return "[" + items.map(jsonValue).joined(separator: ",") + "]"
        case .map(let k, let v): return "{" + zip(k, v).map { jsonString($0.description) + ":" + jsonValue($1) }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped; other characters
    /// (any Unicode) as they are, in UTF-8.
    public static func jsonString(_ s: String) -> String { JSONStrings.quote(s) }
}
