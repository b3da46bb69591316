import DataFlowColumnar
import Foundation

/// Decodes records from a batch's columns, one row at a time. Fields are found by a cursor over the
/// record's fields in declaration order (the order synthesized `init(from:)`s decode them), falling
/// back to a lookup by name.
final class RowDecoder: Decoder {
    let typeName: String
    let fields: [RecordField]
    var fieldCursor: FieldCursor
    var names: [String] { fieldCursor.names }
    /// The column of each field, and raw readers of them for the fixed-width fast paths.
    let columns: [ColumnData]
    let readers: [FieldReader]
    var row = 0
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init<T: Record>(_ meta: RecordMeta<T>, columns: [ColumnData]) {
        typeName = meta.typeName
        fields = meta.fields
        fieldCursor = FieldCursor(meta.fields.map(\.name))
        self.columns = columns
        readers = columns.map(FieldReader.init)
    }

    /// Decodes every row of the columns.
    func decodeAll<T: Record>(_: T.Type, count: Int) throws -> [T] {
        var out: [T] = []
        out.reserveCapacity(count)
        for r in 0..<count {
            row = r
            out.append(try T(from: self))
        }
        return out
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        fieldCursor.position = 0
        return KeyedDecodingContainer(RowContainer<Key>(decoder: self))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw DataFlowError("UNSUPPORTED_RECORD_TYPE", "\(typeName) asks for an unkeyed container") }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { throw DataFlowError("UNSUPPORTED_RECORD_TYPE", "\(typeName) asks for a single value container") }

    @inline(__always) func field(_ key: String) throws -> Int {
        guard let i = fieldCursor.next(key) else {
            throw DataFlowError("UNSUPPORTED_RECORD_TYPE", "\(typeName) decodes field '\(key)', which it did not decode when its fields were found")
        }
        return i
    }

    func nullError(_ i: Int) -> DataFlowError {
        let f = fields[i]
        return DataFlowError("NULL_IN_NON_OPTIONAL_FIELD", "field '\(f.name)' of \(typeName) is not Optional, but column `\(f.name)` is NULL in a row; declare it `\(f.swiftTypeName)?` or drop those rows first (filter(col(\"\(f.name)\").isNotNull))")
    }

    // Fixed-width fast paths: nil is NULL. The columns outlive the decoder's use of their pointers.

    @inline(__always) func int64(_ i: Int) -> Int64? {
        let r = readers[i]
        guard r.isValid(row) else { return nil }
        switch r.storage {
        case .int64: return r.values.load(fromByteOffset: row &* 8, as: Int64.self)
        case .int32: return Int64(r.values.load(fromByteOffset: row &* 4, as: Int32.self))
        default: return Int64.read(columns[i], row)
        }
    }

    @inline(__always) func double(_ i: Int) -> Double? {
        let r = readers[i]
        guard r.isValid(row) else { return nil }
        switch r.storage {
        case .float64: return r.values.load(fromByteOffset: row &* 8, as: Double.self)
        case .int64: return Double(r.values.load(fromByteOffset: row &* 8, as: Int64.self))
        case .int32: return Double(r.values.load(fromByteOffset: row &* 4, as: Int32.self))
        default: return Double.read(columns[i], row)
        }
    }

    @inline(__always) func int32(_ i: Int) -> Int32? {
        let r = readers[i]
        guard r.isValid(row) else { return nil }
        return r.storage == .int32 ? r.values.load(fromByteOffset: row &* 4, as: Int32.self) : Int32.read(columns[i], row)
    }

    @inline(__always) func string(_ i: Int) -> String? {
        let r = readers[i]
        guard r.isValid(row) else { return nil }
        guard r.storage == .string, let data = r.data else { return String.read(columns[i], row) }
        let start = Int(r.values.load(fromByteOffset: row &* 4, as: Int32.self))
        let end = Int(r.values.load(fromByteOffset: (row &+ 1) &* 4, as: Int32.self))
        return String(decoding: UnsafeRawBufferPointer(start: data + start, count: end &- start), as: UTF8.self)
    }

    @inline(__always) func bool(_ i: Int) -> Bool? {
        let r = readers[i]
        guard r.isValid(row) else { return nil }
        return r.storage == .bool ? r.values.load(fromByteOffset: row, as: UInt8.self) != 0 : Bool.read(columns[i], row)
    }

    /// A field decoded through the generic `decode<T>` (Date, Decimal, LocalDate, or a type asked for
    /// generically): read as the field's own type, then cast.
    func readGeneric<V>(_: V.Type, _ key: String, optional: Bool) throws -> V? {
        let i = try field(key)
        let c = columns[i]
        let nullableTarget = V.self is any OptionalMarker.Type
        guard c.isValid(row) else {
            if optional { return nil }
            if nullableTarget, let none = (V.self as? any OptionalMarker.Type)?.noneValue as? V { return none }
            throw nullError(i)
        }
        guard let v = fields[i].kind.valueType.read(c, row), let typed = v as? V else {
            throw DataFlowError("UNSUPPORTED_RECORD_TYPE", "field '\(fields[i].name)' of \(typeName) is decoded as \(V.self), not \(fields[i].swiftTypeName)")
        }
        return typed
    }
}

/// Raw access to a fixed-width column (no reference counting per value).
struct FieldReader {
    enum Storage { case int32, int64, float64, bool, string, other }
    let storage: Storage
    let values: UnsafeRawPointer
    let validity: UnsafePointer<UInt8>?
    /// UTF-8 bytes of a plain string column.
    let data: UnsafeRawPointer?

    init(_ c: ColumnData) {
        values = UnsafeRawPointer(c.values.raw)
        validity = c.validity.map { UnsafePointer($0.pointer(UInt8.self)) }
        data = c.data.map { UnsafeRawPointer($0.raw) }
        if c.dictionary != nil {
            storage = .other
            return
        }
        switch c.type {
        case .int32: storage = .int32
        case .int64: storage = .int64
        case .float64: storage = .float64
        case .boolean: storage = .bool
        case .string: storage = data == nil ? .other : .string
        default: storage = .other
        }
    }

    @inline(__always) func isValid(_ row: Int) -> Bool {
        guard let v = validity else { return true }
        return Bitmap.get(v, row)
    }
}

struct RowContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: RowDecoder
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { decoder.names.compactMap { Key(stringValue: $0) } }
    func contains(_ key: Key) -> Bool { decoder.fieldCursor.lookup[key.stringValue] != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let i = decoder.fieldCursor.lookup[key.stringValue] else { return true }
        return !decoder.columns[i].isValid(decoder.row)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try value(key) { decoder.bool($0) } }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try value(key) { decoder.string($0) } }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try value(key) { decoder.double($0) } }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try value(key) { decoder.double($0) }) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { Int(try value(key) { decoder.int64($0) }) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try value(key) { decoder.int32($0) } }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try value(key) { decoder.int64($0) } }

    @inline(__always) func value<V>(_ key: Key, _ read: (Int) -> V?) throws -> V {
        let i = try decoder.field(key.stringValue)
        guard let v = read(i) else { throw decoder.nullError(i) }
        return v
    }
    @inline(__always) func valueIfPresent<V>(_ key: Key, _ read: (Int) -> V?) throws -> V? {
        read(try decoder.field(key.stringValue))
    }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { throw unsupported(key, type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { throw unsupported(key, type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { throw unsupported(key, type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { throw unsupported(key, type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { throw unsupported(key, type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { throw unsupported(key, type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { throw unsupported(key, type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let v = try decoder.readGeneric(type, key.stringValue, optional: false) else {
            throw DataFlowError("INTERNAL_ERROR", "no value for field '\(key.stringValue)'")
        }
        return v
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try valueIfPresent(key) { decoder.bool($0) } }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try valueIfPresent(key) { decoder.string($0) } }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try valueIfPresent(key) { decoder.double($0) } }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try valueIfPresent(key) { decoder.double($0) }.map { Float($0) } }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try valueIfPresent(key) { decoder.int64($0) }.map { Int($0) } }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try valueIfPresent(key) { decoder.int32($0) } }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try valueIfPresent(key) { decoder.int64($0) } }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try decoder.readGeneric(type, key.stringValue, optional: true)
    }

    func unsupported(_ key: Key, _ t: Any.Type) -> DataFlowError {
        DataFlowError("UNSUPPORTED_RECORD_TYPE", "field '\(key.stringValue)' of \(decoder.typeName) has type \(t); use one of \(supportedFieldTypes)")
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw DataFlowError("UNSUPPORTED_RECORD_TYPE", "field '\(key.stringValue)' of \(decoder.typeName) is nested; nested records are not supported")
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw DataFlowError("UNSUPPORTED_RECORD_TYPE", "field '\(key.stringValue)' of \(decoder.typeName) is nested; nested records are not supported")
    }
    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        throw DataFlowError("UNSUPPORTED_RECORD_TYPE", "field '\(key.stringValue)' of \(decoder.typeName) is nested; nested records are not supported")
    }
}

/// Finds a record's fields by coding key: a cursor over the fields in declaration order (the order
/// synthesized `init(from:)` and `encode(to:)` visit them), falling back to a lookup by name.
struct FieldCursor {
    let names: [String]
    let lookup: [String: Int]
    var position = 0

    init(_ names: [String]) {
        self.names = names
        var l: [String: Int] = [:]
        for (i, n) in names.enumerated() where l[n] == nil { l[n] = i }
        lookup = l
    }

    /// The field named `key`, or nil when the record has none.
    @inline(__always) mutating func next(_ key: String) -> Int? {
        if position < names.count && names[position] == key {
            position &+= 1
            return position &- 1
        }
        guard let i = lookup[key] else { return nil }
        position = i + 1
        return i
    }
}
