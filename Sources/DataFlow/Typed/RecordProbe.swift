import DataFlowColumnar
import Foundation

/// Decodes a record type with made-up values, noting each field the decoder asks for: its name (the
/// coding key), its Swift type (which `decode` overload or generic type is asked for) and whether it is
/// optional (`decodeIfPresent`, `decodeNil`). Nested types are refused before their own init runs.
final class ProbeDecoder: Decoder {
    let typeName: String
    /// Fields found so far (first pass), or the fields already known (probe rounds).
    var fields: [RecordField]
    let learning: Bool
    let round: Int
    let rounds: Int
    /// The key of a `decodeNil` just answered false: a `decode` of it next is an optional field.
    var pendingNil: String?
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(typeName: String, known: [RecordField]?, round: Int, rounds: Int) {
        self.typeName = typeName
        self.fields = known ?? []
        self.learning = known == nil
        self.round = round
        self.rounds = rounds
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(ProbeContainer<Key>(decoder: self))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw shape("an unkeyed (array) container") }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { throw shape("a single value") }

    func shape(_ what: String) -> DataFlowError {
        DataFlowError("UNSUPPORTED_RECORD_TYPE", "\(typeName) decodes itself from \(what); a Record must be a struct whose fields decode from a keyed container (the synthesized Codable conformance does this)")
    }

    /// Notes field `key` of type `t` and returns its probe value.
    func value<V>(_ t: V.Type, _ key: String, optional: Bool) throws -> V {
        guard let (kind, isOptional) = FieldKind.classify(t) else { throw unsupported(key, t) }
        let i: Int
        if let k = fields.firstIndex(where: { $0.name == key }) {
            i = k
            if learning && (optional || isOptional) { fields[k].nullable = true }
        } else if learning {
            fields.append(RecordField(name: key, kind: kind, nullable: optional || isOptional))
            i = fields.count - 1
        } else {
            throw DataFlowError("UNSUPPORTED_RECORD_TYPE", "\(typeName) decoded field '\(key)' in one probe but not in another; a Record must decode the same fields every time")
        }
        guard let v = probeValue(fields, i, round: round, rounds: rounds) as? V else {
            throw DataFlowError("UNSUPPORTED_RECORD_TYPE", "field '\(key)' of \(typeName) is decoded as different types")
        }
        return v
    }

    func unsupported(_ key: String, _ t: Any.Type) -> DataFlowError {
        let name = String(describing: t)
        let what: String
        if name.hasPrefix("Array<") || name.hasPrefix("[") || name.hasPrefix("Set<") {
            what = "collections are not supported: store them as a String (e.g. joined or JSON) or as rows of their own"
        } else if name.hasPrefix("Dictionary<") {
            what = "dictionaries are not supported: store them as a String (e.g. JSON) or as rows of their own"
        } else if t is any RawRepresentable.Type {
            what = "enums are not supported: store the raw value (a String or Int field) instead"
        } else if t is any BinaryInteger.Type || t is any BinaryFloatingPoint.Type {
            what = "it has no column type; use one of \(supportedFieldTypes)"
        } else {
            what = "nested records are not supported: flatten it or store it as a String"
        }
        return DataFlowError("UNSUPPORTED_RECORD_TYPE", "field '\(key)' of \(typeName) has type \(name); \(what)")
    }
}

struct ProbeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: ProbeDecoder
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }
    func contains(_ key: Key) -> Bool { true }

    func decodeNil(forKey key: Key) throws -> Bool {
        if decoder.learning, let k = decoder.fields.firstIndex(where: { $0.name == key.stringValue }) { decoder.fields[k].nullable = true }
        decoder.pendingNil = key.stringValue
        return false
    }

    func decode<V: Decodable>(_ type: V.Type, forKey key: Key) throws -> V {
        let optional = decoder.pendingNil == key.stringValue
        decoder.pendingNil = nil
        return try decoder.value(type, key.stringValue, optional: optional)
    }
    func decodeIfPresent<V: Decodable>(_ type: V.Type, forKey key: Key) throws -> V? {
        decoder.pendingNil = nil
        return try decoder.value(type, key.stringValue, optional: true)
    }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(generic: type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(generic: type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(generic: type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(generic: type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(generic: type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(generic: type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(generic: type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { throw decoder.unsupported(key.stringValue, type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { throw decoder.unsupported(key.stringValue, type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { throw decoder.unsupported(key.stringValue, type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { throw decoder.unsupported(key.stringValue, type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { throw decoder.unsupported(key.stringValue, type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { throw decoder.unsupported(key.stringValue, type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { throw decoder.unsupported(key.stringValue, type) }

    private func decode<V: Decodable>(generic type: V.Type, _ key: Key) throws -> V { try decode(type, forKey: key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw nested(key)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw nested(key) }
    func superDecoder() throws -> any Decoder { throw decoder.shape("a super decoder (class inheritance)") }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw nested(key) }

    func nested(_ key: Key) -> DataFlowError {
        DataFlowError("UNSUPPORTED_RECORD_TYPE", "field '\(key.stringValue)' of \(decoder.typeName) is decoded from a nested container; nested records are not supported: flatten it or store it as a String")
    }
}
