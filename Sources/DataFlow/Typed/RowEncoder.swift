import DataFlowColumnar
import Foundation

/// Encodes records into column builders, one row at a time (the reverse of `RowDecoder`).
final class RowEncoder: Encoder {
    let typeName: String
    let fields: [RecordField]
    let schema: Schema
    var fieldCursor: FieldCursor
    var names: [String] { fieldCursor.names }
    var builders: [ColumnBuilder]
    var rows = 0
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init<T: Record>(_ meta: RecordMeta<T>, capacity: Int) {
        typeName = meta.typeName
        fields = meta.fields
        schema = meta.schema
        fieldCursor = FieldCursor(meta.fields.map(\.name))
        builders = meta.fields.map { ColumnBuilder(type: $0.columnType, capacity: max(16, capacity)) }
    }

    func append<T: Record>(_ value: T) throws {
        try value.encode(to: self)
        rows += 1
        // A field a custom encode(to:) skipped is NULL.
        for i in builders.indices where builders[i].count != rows {
            if builders[i].count > rows {
                throw DataFlowError("UNSUPPORTED_RECORD_TYPE", "\(typeName) encodes field '\(names[i])' more than once")
            }
            builders[i].appendNull()
        }
    }

    /// The batch of the rows appended so far.
    func finish() -> RecordBatch {
        RecordBatch(schema: schema, columns: builders.map { $0.finish() }, rowCount: rows)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        fieldCursor.position = 0
        return KeyedEncodingContainer(RowEncodingContainer<Key>(encoder: self))
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { FailingUnkeyed(encoder: self) }
    func singleValueContainer() -> any SingleValueEncodingContainer { FailingSingle(encoder: self) }

    var shapeError: DataFlowError {
        DataFlowError("UNSUPPORTED_RECORD_TYPE", "\(typeName) encodes itself as something other than a keyed container of its fields")
    }

    @inline(__always) func field(_ key: String) throws -> Int {
        guard let i = fieldCursor.next(key) else {
            throw DataFlowError("UNSUPPORTED_RECORD_TYPE", "\(typeName) encodes field '\(key)', which it did not decode when its fields were found")
        }
        return i
    }
}

struct RowEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: RowEncoder
    var codingPath: [any CodingKey] { [] }

    func encodeNil(forKey key: Key) throws { encoder.builders[try encoder.field(key.stringValue)].appendNull() }
    func encode(_ value: Bool, forKey key: Key) throws { encoder.builders[try encoder.field(key.stringValue)].append(value) }
    func encode(_ value: String, forKey key: Key) throws { encoder.builders[try encoder.field(key.stringValue)].append(value) }
    func encode(_ value: Double, forKey key: Key) throws { encoder.builders[try encoder.field(key.stringValue)].append(value) }
    func encode(_ value: Float, forKey key: Key) throws { encoder.builders[try encoder.field(key.stringValue)].append(Double(value)) }
    func encode(_ value: Int, forKey key: Key) throws { encoder.builders[try encoder.field(key.stringValue)].append(Int64(value)) }
    func encode(_ value: Int32, forKey key: Key) throws { encoder.builders[try encoder.field(key.stringValue)].append(value) }
    func encode(_ value: Int64, forKey key: Key) throws { encoder.builders[try encoder.field(key.stringValue)].append(value) }
    func encode(_ value: Int8, forKey key: Key) throws { throw unsupported(key, Int8.self) }
    func encode(_ value: Int16, forKey key: Key) throws { throw unsupported(key, Int16.self) }
    func encode(_ value: UInt, forKey key: Key) throws { throw unsupported(key, UInt.self) }
    func encode(_ value: UInt8, forKey key: Key) throws { throw unsupported(key, UInt8.self) }
    func encode(_ value: UInt16, forKey key: Key) throws { throw unsupported(key, UInt16.self) }
    func encode(_ value: UInt32, forKey key: Key) throws { throw unsupported(key, UInt32.self) }
    func encode(_ value: UInt64, forKey key: Key) throws { throw unsupported(key, UInt64.self) }
    func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let i = try encoder.field(key.stringValue)
        guard let v = value as? any ColumnValue else { throw unsupported(key, T.self) }
        encoder.builders[i].append(value: v.value)
    }

    func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    func encodeIfPresent(_ value: String?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    func encodeIfPresent(_ value: Double?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    func encodeIfPresent(_ value: Float?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    func encodeIfPresent(_ value: Int?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) } }
    func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    func unsupported(_ key: Key, _ t: Any.Type) -> DataFlowError {
        DataFlowError("UNSUPPORTED_RECORD_TYPE", "field '\(key.stringValue)' of \(encoder.typeName) has type \(t); use one of \(supportedFieldTypes)")
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(FailingKeyed<NestedKey>(encoder: encoder))
    }
    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { FailingUnkeyed(encoder: encoder) }
    func superEncoder() -> any Encoder { encoder }
    func superEncoder(forKey key: Key) -> any Encoder { encoder }
}

// Containers for shapes a record cannot have: every write throws.

struct FailingKeyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: RowEncoder
    var codingPath: [any CodingKey] { [] }
    func encodeNil(forKey key: Key) throws { throw encoder.shapeError }
    func encode<T: Encodable>(_ value: T, forKey key: Key) throws { throw encoder.shapeError }
    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(FailingKeyed<NestedKey>(encoder: encoder))
    }
    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { FailingUnkeyed(encoder: encoder) }
    func superEncoder() -> any Encoder { encoder }
    func superEncoder(forKey key: Key) -> any Encoder { encoder }
}

struct FailingUnkeyed: UnkeyedEncodingContainer {
    let encoder: RowEncoder
    var codingPath: [any CodingKey] { [] }
    var count: Int { 0 }
    func encodeNil() throws { throw encoder.shapeError }
    func encode<T: Encodable>(_ value: T) throws { throw encoder.shapeError }
    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(FailingKeyed<NestedKey>(encoder: encoder))
    }
    func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { self }
    func superEncoder() -> any Encoder { encoder }
}

struct FailingSingle: SingleValueEncodingContainer {
    let encoder: RowEncoder
    var codingPath: [any CodingKey] { [] }
    func encodeNil() throws { throw encoder.shapeError }
    func encode<T: Encodable>(_ value: T) throws { throw encoder.shapeError }
}
