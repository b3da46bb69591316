import DataFlowColumnar
import Foundation

/// The engine's column of values (`DataFlowColumnar.Column`), as distinct from the `Column` expression.
public typealias ColumnData = DataFlowColumnar.Column

/// A Swift type that is stored as one column type: the field types of typed `Dataset`s, the argument
/// and result types of Swift UDFs, and the values of key-path expressions.
///
/// | Swift | column |
/// |---|---|
/// | `Int`, `Int64` | `bigint` |
/// | `Int32` | `int` |
/// | `Double`, `Float` | `double` |
/// | `Bool` | `boolean` |
/// | `String` | `string` |
/// | `LocalDate` | `date` |
/// | `Date` (Foundation) | `timestamp` (microseconds, UTC) |
/// | `Decimal` (Foundation) | `decimal(38,18)` |
/// | `Optional<T>` | T's type, nullable |
///
/// Reading accepts the safe widenings Spark's `as[T]` accepts: an `int` column fills an `Int64`
/// field, an integer column fills a `Double`, a `date` column fills a `Date`.
public protocol ColumnValue: Sendable {
    /// The column type values of this type are written as.
    static var columnType: DataType { get }
    /// True for `Optional`: NULL is a value of the type rather than an absent one.
    static var acceptsNull: Bool { get }
    /// Whether a column of `type` can be read as this type without losing information.
    static func canRead(_ type: DataType) -> Bool
    /// Row `row` of `column` (whose type `canRead` accepts), or nil where it is NULL.
    static func read(_ column: ColumnData, _ row: Int) -> Self?
    /// The value as an engine scalar (literals, building columns).
    var value: Value { get }
}

extension ColumnValue {
    public static var acceptsNull: Bool { false }
    public static func canRead(_ type: DataType) -> Bool { type == columnType }
    /// A literal column of this value.
    public var literal: Column { Column(.literal(value)) }
}

extension Int64: ColumnValue {
    public static var columnType: DataType { .int64 }
    public static func canRead(_ type: DataType) -> Bool { type == .int64 || type == .int32 }
    @inlinable public static func read(_ c: ColumnData, _ i: Int) -> Int64? {
        guard c.isValid(i) else { return nil }
        return c.type == .int32 ? Int64(c.values(Int32.self)[i]) : c.values(Int64.self)[i]
    }
    public var value: Value { .int64(self) }
}

extension Int: ColumnValue {
    public static var columnType: DataType { .int64 }
    public static func canRead(_ type: DataType) -> Bool { Int64.canRead(type) }
    @inlinable public static func read(_ c: ColumnData, _ i: Int) -> Int? { Int64.read(c, i).map { Int($0) } }
    public var value: Value { .int64(Int64(self)) }
}

extension Int32: ColumnValue {
    public static var columnType: DataType { .int32 }
    @inlinable public static func read(_ c: ColumnData, _ i: Int) -> Int32? { c.isValid(i) ? c.values(Int32.self)[i] : nil }
    public var value: Value { .int32(self) }
}

extension Double: ColumnValue {
    public static var columnType: DataType { .float64 }
    public static func canRead(_ type: DataType) -> Bool { type == .float64 || type == .int32 || type == .int64 }
    @inlinable public static func read(_ c: ColumnData, _ i: Int) -> Double? {
        guard c.isValid(i) else { return nil }
        switch c.type {
        case .int32: return Double(c.values(Int32.self)[i])
        case .int64: return Double(c.values(Int64.self)[i])
        default: return c.values(Double.self)[i]
        }
    }
    public var value: Value { .double(self) }
}

/// There is no single-precision column type: `Float` values are stored in `double` columns.
extension Float: ColumnValue {
    public static var columnType: DataType { .float64 }
    public static func canRead(_ type: DataType) -> Bool { Double.canRead(type) }
    @inlinable public static func read(_ c: ColumnData, _ i: Int) -> Float? { Double.read(c, i).map { Float($0) } }
    public var value: Value { .double(Double(self)) }
}

extension Bool: ColumnValue {
    public static var columnType: DataType { .boolean }
    @inlinable public static func read(_ c: ColumnData, _ i: Int) -> Bool? { c.isValid(i) ? c.values(UInt8.self)[i] != 0 : nil }
    public var value: Value { .bool(self) }
}

extension String: ColumnValue {
    public static var columnType: DataType { .string }
    @inlinable public static func read(_ c: ColumnData, _ i: Int) -> String? { c.isValid(i) ? c.string(i) : nil }
    public var value: Value { .string(self) }
}

extension Date: ColumnValue {
    public static var columnType: DataType { .timestamp }
    public static func canRead(_ type: DataType) -> Bool { type == .timestamp || type == .date }
    public static func read(_ c: ColumnData, _ i: Int) -> Date? {
        guard c.isValid(i) else { return nil }
        let micros = c.type == .date ? Int64(c.values(Int32.self)[i]) * DateTime.microsPerDay : c.values(Int64.self)[i]
        return Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }
    /// Microseconds since the epoch, rounded to the nearest microsecond.
    public var value: Value { .timestamp(Int64((timeIntervalSince1970 * 1_000_000).rounded())) }
}

extension Decimal: ColumnValue {
    /// Spark's type for Scala and Java big decimals.
    public static var columnType: DataType { .decimal(precision: 38, scale: 18) }
    public static func canRead(_ type: DataType) -> Bool { type.isDecimal || type == .int32 || type == .int64 }
    public static func read(_ c: ColumnData, _ i: Int) -> Decimal? {
        guard c.isValid(i) else { return nil }
        switch c.value(i) {
        case .int32(let v): return Decimal(Int(v))
        case .int64(let v): return Decimal(v)
        case .decimal(let u, _, let s): return Decimal(string: Decimal128.format(u, scale: s), locale: Locale(identifier: "en_US_POSIX"))
        default: return nil
        }
    }
    /// Rounded half-up to 18 fractional digits; values beyond decimal(38,18) become NULL.
    public var value: Value {
        var v = self, rounded = Decimal()
        NSDecimalRound(&rounded, &v, 18, .plain)
        let text = NSDecimalString(&rounded, Locale(identifier: "en_US_POSIX"))
        guard let u = Decimal128.parse(Substring(text), precision: 38, scale: 18) else { return .null }
        return .decimal(u, precision: 38, scale: 18)
    }
}

/// Arrays are `array<T>` columns: `[Double]` is `array<double>` (ML feature vectors), `[String?]` an
/// array whose elements may be NULL.
extension Array: ColumnValue where Element: ColumnValue {
    public static var columnType: DataType { .array(Element.columnType) }
    public static func canRead(_ type: DataType) -> Bool { type.elementType.map(Element.canRead) ?? false }
    /// Nil for a NULL array, and for an array holding a NULL element when `Element` is not optional.
    public static func read(_ c: ColumnData, _ i: Int) -> [Element]? {
        guard c.isValid(i), let e = c.elements?.column else { return nil }
        var out: [Element] = []
        for k in c.arrayRange(i) {
            guard let v = Element.read(e, k) else { return nil }
            out.append(v)
        }
        return out
    }
    public var value: Value { .array(map(\.value)) }
}

extension Optional: ColumnValue where Wrapped: ColumnValue {
    public static var columnType: DataType { Wrapped.columnType }
    public static var acceptsNull: Bool { true }
    public static func canRead(_ type: DataType) -> Bool { Wrapped.canRead(type) }
    /// `.some(nil)` for NULL: for an optional, NULL is a value.
    @inlinable public static func read(_ c: ColumnData, _ i: Int) -> Wrapped?? {
        c.isValid(i) ? Wrapped.read(c, i).map { .some($0) } : .some(nil)
    }
    public var value: Value { self?.value ?? .null }
}

/// A calendar date with no time of day or time zone, as a `date` column stores it (Spark's `DateType`,
/// Java's `LocalDate`): `LocalDate(year: 2026, month: 11, day: 25)`, `LocalDate("2026-11-25")`.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, ColumnValue {
    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int32

    public init(daysSinceEpoch: Int32) { self.daysSinceEpoch = daysSinceEpoch }
    public init(year: Int, month: Int, day: Int) { daysSinceEpoch = DateTime.days(year: year, month: month, day: day) }
    /// Parses `yyyy-MM-dd`; nil when the text is not a valid date.
    public init?(_ text: String) {
        guard let d = DateTime.parseDate(text) else { return nil }
        daysSinceEpoch = d
    }

    public var year: Int { DateTime.civil(daysSinceEpoch).year }
    public var month: Int { DateTime.civil(daysSinceEpoch).month }
    public var day: Int { DateTime.civil(daysSinceEpoch).day }
    public var description: String { DateTime.formatDate(daysSinceEpoch) }
    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    /// Encoded as its `yyyy-MM-dd` text.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let d = LocalDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a yyyy-MM-dd date"))
        }
        self = d
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public static var columnType: DataType { .date }
    public static func read(_ c: ColumnData, _ i: Int) -> LocalDate? { c.isValid(i) ? LocalDate(daysSinceEpoch: c.values(Int32.self)[i]) : nil }
    public var value: Value { .date(daysSinceEpoch) }
}
