import DataFlowColumnar
import DataFlowFormats
import Foundation

/// A JSON document as the Delta log needs it: objects keep their key order (so commits written here are
/// stable and readable), numbers keep their text (a 64-bit size or timestamp never goes through Double).
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.text == b.text }
    public func hash(into h: inout Hasher) { h.combine(text) }

    public subscript(_ key: String) -> JSONValue? {
        if case .object(let kv) = self { return kv.first { $0.0 == key }?.1 }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var int64Value: Int64? {
        if case .number(let t) = self {
            if let v = Int64(t) { return v }
            if let d = Double(t), d.rounded() == d, abs(d) < 9.2e18 { return Int64(d) }
        }
        return nil
    }
    public var doubleValue: Double? { if case .number(let t) = self { return Double(t) }; return nil }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var objectValue: [(String, JSONValue)]? { if case .object(let o) = self { return o }; return nil }
    public var isNull: Bool { if case .null = self { return true }; return false }

    /// A `map<string,string>` (partitionValues, configuration): null values stay nil.
    public var stringMap: [String: String?] {
        var m: [String: String?] = [:]
        for (k, v) in objectValue ?? [] {
            switch v {
            case .string(let s): m[k] = .some(s)
            case .null: m[k] = .some(nil)
            default: m[k] = .some(v.text)
            }
        }
        return m
    }

    public static func int(_ v: Int64) -> JSONValue { .number(String(v)) }
    public static func int(_ v: Int) -> JSONValue { .number(String(v)) }

    /// Compact JSON text.
    public var text: String {
        var s = ""
        write(to: &s)
        return s
    }

    func write(to s: inout String) {
        switch self {
        case .null: s += "null"
        case .bool(let b): s += b ? "true" : "false"
        case .number(let t): s += t
        case .string(let t): JSONValue.quote(t, into: &s)
        case .array(let a):
            s += "["
            for (i, v) in a.enumerated() { if i > 0 { s += "," }; v.write(to: &s) }
            s += "]"
        case .object(let kv):
            s += "{"
            for (i, (k, v)) in kv.enumerated() {
                if i > 0 { s += "," }
                JSONValue.quote(k, into: &s)
                s += ":"
                v.write(to: &s)
            }
            s += "}"
        }
    }

    static func quote(_ t: String, into s: inout String) { s += JSONStrings.quote(t) }

    /// Parses one JSON document; errors say where (byte offset) and what.
    public static func parse(_ text: String) throws -> JSONValue {
        var p = JSONParser(Array(text.utf8))
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == p.b.count else { throw p.error("unexpected text after the JSON value") }
        return v
    }
}

/// A small recursive-descent JSON parser over UTF-8 bytes (depth-limited, so hostile input cannot
/// overflow the stack).
struct JSONParser {
    let b: [UInt8]
    var i = 0
    init(_ b: [UInt8]) { self.b = b }

    func error(_ what: String) -> DataFlowError {
        DataFlowError("DELTA_INVALID_JSON", "\(what) at character \(i + 1)")
    }

    mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    mutating func literal(_ word: String, _ v: JSONValue) throws -> JSONValue {
        let w = Array(word.utf8)
        guard i + w.count <= b.count, Array(b[i..<(i + w.count)]) == w else { throw error("invalid literal") }
        i += w.count
        return v
    }

    mutating func value(depth: Int) throws -> JSONValue {
        guard depth < 200 else { throw error("JSON nested too deeply") }
        guard i < b.count else { throw error("unexpected end of JSON") }
        switch b[i] {
        case UInt8(ascii: "{"):
            i += 1
            var kv: [(String, JSONValue)] = []
            skipSpace()
            if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(kv) }
            while true {
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
                let k = try string()
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: ":") else { throw error("expected ':'") }
                i += 1
                skipSpace()
                kv.append((k, try value(depth: depth + 1)))
                skipSpace()
                guard i < b.count else { throw error("unterminated object") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "}") { i += 1; return .object(kv) }
                throw error("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            i += 1
            var a: [JSONValue] = []
            skipSpace()
            if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
            while true {
                skipSpace()
                a.append(try value(depth: depth + 1))
                skipSpace()
                guard i < b.count else { throw error("unterminated array") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
                throw error("expected ',' or ']'")
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default:
            let start = i
            while i < b.count, (b[i] >= 0x30 && b[i] <= 0x39) || b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+")
                || b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") { i += 1 }
            guard i > start, let t = String(bytes: b[start..<i], encoding: .utf8), Double(t) != nil else {
                i = start
                throw error("unexpected character")
            }
            return .number(t)
        }
    }

    mutating func hex4() throws -> UInt32 {
        guard i + 4 <= b.count, let s = String(bytes: b[i..<(i + 4)], encoding: .ascii), let v = UInt32(s, radix: 16) else {
            throw error("invalid \\u escape")
        }
        i += 4
        return v
    }

    mutating func string() throws -> String {
        i += 1  // opening quote
        let start = i
        // Find the closing quote, checking each escape; the decoding is the JSON reader's.
        while true {
            guard i < b.count else { throw error("unterminated string") }
            let c = b[i]
            if c == UInt8(ascii: "\"") { break }
            i += 1
            guard c == UInt8(ascii: "\\") else { continue }
            guard i < b.count else { throw error("unterminated escape") }
            if b[i] == UInt8(ascii: "u") {
                i += 1
                _ = try hex4()
            } else {
                i += 1
            }
        }
        let end = i
        i += 1  // closing quote
        return b.withUnsafeBufferPointer { JSONStrings.unescape(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }
}
