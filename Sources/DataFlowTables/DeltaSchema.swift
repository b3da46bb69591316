import DataFlowColumnar

/// Converts between DataFlow schemas and the Spark JSON schema Delta stores in `metaData.schemaString`.
public enum DeltaSchema {
    /// Spark's type name for a column type.
    public static func typeName(_ t: DataType) throws -> String {
        switch t {
        case .boolean: return "boolean"
        case .int32: return "integer"
        case .int64: return "long"
        case .float64: return "double"
        case .decimal(let p, let s): return "decimal(\(p),\(s))"
        case .string: return "string"
        case .date: return "date"
        case .timestamp: return "timestamp"
        case .null:
            throw DataFlowError("DELTA_COLUMN_DATA_TYPE_NOT_SUPPORTED", "a Delta table cannot store a column of type void (NULL); cast it to a type first")
        case .array:
            throw DataFlowError("INTERNAL_ERROR", "array types are written with typeJSON")
        case .map:
            throw DataFlowError("DELTA_COLUMN_DATA_TYPE_NOT_SUPPORTED", "map columns cannot be written to a Delta table yet; convert them with map_keys/map_values or to_json first")
        }
    }

    /// A field's `type` in the schema JSON: a name, or `{"type":"array",...}` for arrays.
    public static func typeJSON(_ t: DataType) throws -> JSONValue {
        if case .array(let e) = t {
            return .object([("type", .string("array")), ("elementType", try typeJSON(e)), ("containsNull", .bool(true))])
        }
        return .string(try typeName(t))
    }

    /// The column type of a schema JSON `type` value.
    static func parseType(_ j: JSONValue, column: String) throws -> DataType {
        if let name = j.stringValue { return try dataType(name, column: column) }
        if j["type"]?.stringValue == "array", let e = j["elementType"] { return .array(try parseType(e, column: column)) }
        throw DataFlowError("DELTA_COLUMN_DATA_TYPE_NOT_SUPPORTED", "column `\(column)` has a nested type (\(j.text.prefix(80))), which DataFlow cannot read yet")
    }

    /// The column type of a Spark type name, or a clear error for types DataFlow cannot hold.
    public static func dataType(_ name: String, column: String) throws -> DataType {
        switch name.lowercased() {
        case "boolean": return .boolean
        case "integer", "int", "short", "byte": return .int32
        case "long": return .int64
        case "double", "float": return .float64
        case "string": return .string
        case "date": return .date
        case "timestamp", "timestamp_ntz": return .timestamp
        default:
            if let t = DataType(sqlName: name), t.isDecimal { return t }
            throw DataFlowError("DELTA_COLUMN_DATA_TYPE_NOT_SUPPORTED", "column `\(column)` has Delta type '\(name)', which DataFlow cannot read yet")
        }
    }

    /// `{"type":"struct","fields":[...]}` text.
    public static func json(_ schema: Schema) throws -> String {
        let fields: [JSONValue] = try schema.fields.map { f in
            .object([("name", .string(f.name)), ("type", try typeJSON(f.type)),
                     ("nullable", .bool(f.nullable)), ("metadata", .object([]))])
        }
        return JSONValue.object([("type", .string("struct")), ("fields", .array(fields))]).text
    }

    /// Parses a schemaString.
    public static func parse(_ text: String) throws -> Schema {
        let v: JSONValue
        do { v = try JSONValue.parse(text) } catch let e as DataFlowError {
            throw DataFlowError("DELTA_INVALID_SCHEMA", "metaData.schemaString is not valid JSON: \(e.message)")
        }
        guard v["type"]?.stringValue == "struct", let fields = v["fields"]?.arrayValue else {
            throw DataFlowError("DELTA_INVALID_SCHEMA", "metaData.schemaString is not a struct type: \(text.prefix(200))")
        }
        return Schema(try fields.map { f in
            guard let name = f["name"]?.stringValue else {
                throw DataFlowError("DELTA_INVALID_SCHEMA", "a field of metaData.schemaString has no name")
            }
            if let md = f["metadata"]?.objectValue, md.contains(where: { $0.0.hasPrefix("delta.columnMapping") }) {
                throw DataFlowError("DELTA_UNSUPPORTED_FEATURE", "column `\(name)` uses column mapping, which DataFlow does not support")
            }
            guard let t = f["type"] else {
                throw DataFlowError("DELTA_INVALID_SCHEMA", "column `\(name)` of metaData.schemaString has no type")
            }
            return Field(name, try parseType(t, column: name), nullable: f["nullable"]?.boolValue ?? true)
        })
    }
}
