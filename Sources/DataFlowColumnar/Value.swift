import Foundation

/// A single value of any column type: literals, `Row` fields, aggregate results.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int32(Int32)
    case int64(Int64)
    case double(Double)
    case decimal(Int128, precision: Int, scale: Int)
    case string(String)
    case date(Int32)
    case timestamp(Int64)
    /// An array's elements (NULL elements are `.null`).
    case array([Value])
    /// A map's keys and values, in order (equal counts).
    case map([Value], [Value])

    public var type: DataType {
        switch self {
        case .null: return .null
        case .bool: return .boolean
        case .int32: return .int32
        case .int64: return .int64
        case .double: return .float64
        case .decimal(_, let p, let s): return .decimal(precision: p, scale: s)
        case .string: return .string
        case .date: return .date
        case .timestamp: return .timestamp
        case .array(let items): return .array(items.first { !$0.isNull }?.type ?? .null)
        case .map(let k, let v): return .map(k.first { !$0.isNull }?.type ?? .null, v.first { !$0.isNull }?.type ?? .null)
        }
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    public var int64Value: Int64? {
        switch self {
        case .int32(let v): return Int64(v)
        case .int64(let v): return v
        case .date(let v): return Int64(v)
        case .timestamp(let v): return v
        case .bool(let b): return b ? 1 : 0
        case .double(let d): return d.isFinite && abs(d) < 9.2e18 ? Int64(d) : nil
        case .decimal(let u, _, let s): return Int64(exactly: u / Decimal128.pow10(s))
        default: return nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .int32(let v): return Double(v)
        case .int64(let v): return Double(v)
        case .double(let v): return v
        case .decimal(let u, _, let s): return Decimal128.toDouble(u, scale: s)
        case .date(let v): return Double(v)
        case .timestamp(let v): return Double(v)
        default: return nil
        }
    }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }

    /// Spark's text form of the value (as `show` and `CAST(x AS STRING)` print it).
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .bool(let b): return b ? "true" : "false"
        case .int32(let v): return String(v)
        case .int64(let v): return String(v)
        case .double(let d): return formatDouble(d)
        case .decimal(let u, _, let s): return Decimal128.format(u, scale: s)
        case .string(let s): return s
        case .date(let d): return DateTime.formatDate(d)
        case .timestamp(let t): return DateTime.formatTimestamp(t)
        case .array(let items): return "[" + items.map { $0.isNull ? "null" : $0.description }.joined(separator: ", ") + "]"
        case .map(let k, let v):
            return "{" + zip(k, v).map { "\($0.description) -> \($1.isNull ? "null" : $1.description)" }.joined(separator: ", ") + "}"
        }
    }
}

extension Value {
    /// Spark's ordering of two values of one type: NULL first, NaN greatest, strings by UTF-8 bytes,
    /// arrays element by element and then by length. Values of different kinds compare as numbers when
    /// both are numeric, else by their text.
    public static func order(_ a: Value, _ b: Value) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case (.int32(let x), .int32(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.int64(let x), .int64(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.date(let x), .date(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.timestamp(let x), .timestamp(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.double(let x), .double(let y)):
            if x.isNaN { return y.isNaN ? 0 : 1 }
            if y.isNaN { return -1 }
            return x < y ? -1 : (x > y ? 1 : 0)
        case (.decimal(let x, _, let sx), .decimal(let y, _, let sy)):
            let s = max(sx, sy)
            let xx = x * Decimal128.pow10(s - sx), yy = y * Decimal128.pow10(s - sy)
            return xx < yy ? -1 : (xx > yy ? 1 : 0)
        case (.string(let x), .string(let y)):
            return x == y ? 0 : (x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1)
        case (.array(let x), .array(let y)):
            for (p, q) in zip(x, y) {
                let c = order(p, q)
                if c != 0 { return c }
            }
            return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
        default:
            if let x = a.doubleValue, let y = b.doubleValue { return x < y ? -1 : (x > y ? 1 : 0) }
            let x = a.description, y = b.description
            return x == y ? 0 : (x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1)
        }
    }
}

/// Formats a double as Spark/Java does for display: `1.0`, `0.1`, `1.0E10`, `NaN`, `Infinity`.
public func formatDouble(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
    if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
    let a = abs(d)
    if a >= 1e-3 && a < 1e7 {
        var s = "\(d)"  // Swift prints the shortest round-trip form
        // Byte searches: `String.contains(String)` goes through Foundation and costs microseconds.
        if s.utf8.contains(UInt8(ascii: "e")) { s = String(format: "%.17g", d) }
        if !s.utf8.contains(UInt8(ascii: ".")) { s += ".0" }
        return s
    }
    // Java's scientific notation `d.dddE±n` from the shortest round-trip digits (Swift prints large values
    // such as 1e10 in plain form, so normalise whichever form it chose).
    let text = "\(a)"
    var mantissa = Substring(text), exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        mantissa = text[text.startIndex..<e]
        exponent = Int(text[text.index(after: e)...]) ?? 0
    }
    let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
    let intPart = parts.first.map(String.init) ?? ""
    var digits = Array(intPart + (parts.count > 1 ? String(parts[1]) : ""))
    var point = intPart.count + exponent   // value = 0.digits × 10^point
    while let f = digits.first, f == "0" { digits.removeFirst(); point -= 1 }
    while let l = digits.last, l == "0" { digits.removeLast() }
    guard let first = digits.first else { return d.sign == .minus ? "-0.0" : "0.0" }
    let rest = digits.count > 1 ? String(digits[1...]) : "0"
    return (d < 0 ? "-" : "") + String(first) + "." + rest + "E" + String(point - 1)
}
