import DataFlowColumnar
import DataFlowEngine
import Foundation
import Synchronization

/// A row type for typed `Dataset`s: a `Codable` struct whose stored properties are the columns.
///
/// ```swift
/// struct Rating: Record {
///     var userId: Int64
///     var movieId: Int64
///     var rating: Double
///     var comment: String?
/// }
/// let ratings = try df.as(Rating.self)          // Dataset<Rating>
/// ```
///
/// Nothing else is written: the schema is found once per type by decoding it with a probing decoder
/// (field names from the coding keys, types from what the synthesized `init(from:)` asks for).
/// Custom `CodingKeys` rename columns. Field types: `Int`, `Int32`, `Int64`, `Double`, `Float`, `Bool`,
/// `String`, `LocalDate`, `Date`, `Decimal` and their `Optional`s (see `ColumnValue`).
public protocol Record: Codable, Sendable {}

/// The Swift type of a record field (one per `ColumnValue` type).
enum FieldKind: Sendable, Equatable {
    case int, int32, int64, double, float, bool, string, localDate, date, decimal

    static func of(_ t: Any.Type) -> FieldKind? {
        if t == Int.self { return .int }
        if t == Int64.self { return .int64 }
        if t == Double.self { return .double }
        if t == String.self { return .string }
        if t == Int32.self { return .int32 }
        if t == Bool.self { return .bool }
        if t == Float.self { return .float }
        if t == LocalDate.self { return .localDate }
        if t == Date.self { return .date }
        if t == Decimal.self { return .decimal }
        return nil
    }

    /// The kind and nullability of `t`, looking through one `Optional`.
    static func classify(_ t: Any.Type) -> (FieldKind, nullable: Bool)? {
        if let k = of(t) { return (k, false) }
        if let o = t as? any OptionalMarker.Type, let k = of(o.wrappedType) { return (k, true) }
        return nil
    }

    var valueType: any ColumnValue.Type {
        switch self {
        case .int: return Int.self
        case .int32: return Int32.self
        case .int64: return Int64.self
        case .double: return Double.self
        case .float: return Float.self
        case .bool: return Bool.self
        case .string: return String.self
        case .localDate: return LocalDate.self
        case .date: return Date.self
        case .decimal: return Decimal.self
        }
    }

    var swiftName: String { String(describing: valueType) }
}

/// Lets generic code see through `Optional<T>`.
protocol OptionalMarker {
    static var wrappedType: Any.Type { get }
    static var noneValue: Self { get }
}

extension Optional: OptionalMarker {
    static var wrappedType: Any.Type { Wrapped.self }
    static var noneValue: Self { nil }
}

/// One field of a record: its column name, Swift type and whether it is Optional.
struct RecordField: Sendable {
    let name: String
    let kind: FieldKind
    var nullable: Bool

    var columnType: DataType { kind.valueType.columnType }
    var swiftTypeName: String { kind.swiftName + (nullable ? "?" : "") }
    var field: Field { Field(name, columnType, nullable: nullable) }
}

let supportedFieldTypes = "Int, Int32, Int64, Double, Float, Bool, String, LocalDate, Date, Decimal and their Optionals"

/// What is known of a record type: its fields in declaration order, and probe instances whose field
/// values identify each field (for resolving key paths). Found once per type and cached.
final class RecordMeta<T: Record>: Sendable {
    let typeName: String
    let fields: [RecordField]
    /// The column schema the record writes.
    let schema: Schema
    /// Field index by lowercased name.
    let index: [String: Int]
    /// Probe instances, one per round, and each field's value in each round.
    let probes: [T]
    let probeValues: [[Value]]
    private let keyPaths = Mutex<[KeyPathKey: Result<Int, DataFlowError>]>([:])

    /// Key paths are immutable once made, so sharing them between threads is safe.
    struct KeyPathKey: Hashable, @unchecked Sendable { let keyPath: PartialKeyPath<T> }

    private init(typeName: String, fields: [RecordField], probes: [T], probeValues: [[Value]]) {
        self.typeName = typeName
        self.fields = fields
        self.schema = Schema(fields.map(\.field))
        var idx: [String: Int] = [:]
        for (i, f) in fields.enumerated() where idx[f.name.lowercased()] == nil { idx[f.name.lowercased()] = i }
        self.index = idx
        self.probes = probes
        self.probeValues = probeValues
    }

    /// The cached description of `T`, probing it the first time.
    static func get() throws -> RecordMeta<T> {
        let key = ObjectIdentifier(T.self)
        if let m = recordMetas.withLock({ $0[key] }) as? RecordMeta<T> { return m }
        let m = try probe()
        recordMetas.withLock { $0[key] = m }
        return m
    }

    private static func probe() throws -> RecordMeta<T> {
        let name = String(describing: T.self)
        let first = ProbeDecoder(typeName: name, known: nil, round: 0, rounds: 2)
        do { _ = try T(from: first) } catch let e as DataFlowError { throw e } catch {
            throw DataFlowError("UNSUPPORTED_RECORD_TYPE", "could not find the fields of \(name): decoding it with probe values failed (\(error)). A Record's init(from:) must decode each field once from a keyed container.")
        }
        let fields = first.fields
        if fields.isEmpty {
            throw DataFlowError("UNSUPPORTED_RECORD_TYPE", "\(name) has no fields: a Record needs at least one stored property that is Codable")
        }
        // Bool fields take a code across rounds (all true, the bits of their ordinal + 1, all false), so
        // each has its own sequence and a constant never matches one.
        let bools = fields.filter { $0.kind == .bool }.count
        let bits = max(1, Int.bitWidth - bools.leadingZeroBitCount)
        let rounds = 2 + bits
        var probes: [T] = [], values: [[Value]] = []
        for r in 0..<rounds {
            let d = ProbeDecoder(typeName: name, known: fields, round: r, rounds: rounds)
            do { probes.append(try T(from: d)) } catch let e as DataFlowError { throw e } catch {
                throw DataFlowError("UNSUPPORTED_RECORD_TYPE", "could not probe \(name)'s fields: \(error)")
            }
            values.append(fields.indices.map { probeValue(fields, $0, round: r, rounds: rounds).value })
        }
        return RecordMeta(typeName: name, fields: fields, probes: probes, probeValues: values)
    }

    /// The field a key path reads: a stored property whose value in every probe is that field's.
    func fieldIndex(_ kp: PartialKeyPath<T>) -> Result<Int, DataFlowError> {
        let key = KeyPathKey(keyPath: kp)
        if let r = keyPaths.withLock({ $0[key] }) { return r }
        let r = resolve(kp)
        keyPaths.withLock { $0[key] = r }
        return r
    }

    private func resolve(_ kp: PartialKeyPath<T>) -> Result<Int, DataFlowError> {
        let notField = DataFlowError("NOT_A_RECORD_FIELD", "\(describe(kp)) is not a stored field of \(typeName); key paths in Dataset expressions must name one of its fields (\(fields.map(\.name).joined(separator: ", "))), not a computed property or a nested value. Use a closure (filter { ... }, map { ... }) for other logic.")
        if !(T.self is AnyClass) && MemoryLayout<T>.offset(of: kp) == nil { return .failure(notField) }
        var candidates = Array(fields.indices)
        for (r, p) in probes.enumerated() {
            guard let v = p[keyPath: kp] as? any ColumnValue else { return .failure(notField) }
            let value = v.value
            candidates = candidates.filter { probeValues[r][$0] == value }
            if candidates.isEmpty { return .failure(notField) }
        }
        return candidates.count == 1 ? .success(candidates[0]) : .failure(notField)
    }

    /// `\Rating.score`, or `\Rating.<computed (Double)>` where the runtime has no name for it.
    func describe(_ kp: PartialKeyPath<T>) -> String {
        var s = String(describing: kp)
        guard s.hasPrefix("\\") else { return "a key path of \(typeName)" }
        if let r = s.range(of: #"<computed 0x[0-9a-fA-F]+ "#, options: .regularExpression) { s.replaceSubrange(r, with: "<computed ") }
        return s
    }

    /// The column a key path reads, or a column that fails at analysis with the reason.
    func column(_ kp: PartialKeyPath<T>) -> Column {
        switch fieldIndex(kp) {
        case .success(let i): return Column(.column(fields[i].name))
        case .failure(let e): return invalidColumn(e.message, subject: "key path")
        }
    }
}

/// A column that fails at analysis with `why` (the pattern `Column.cast` uses for a bad type name).
func invalidColumn(_ why: String, subject: String = "typed column") -> Column {
    Column(.function(invalidMarker, [.literal(.string(subject)), .literal(.string(why))]))
}

private let recordMetas = Mutex<[ObjectIdentifier: any Sendable]>([:])

/// The value field `i` takes in probe round `round`: distinct per field and per round, and unlike any
/// value a default or a constant would have.
func probeValue(_ fields: [RecordField], _ i: Int, round r: Int, rounds: Int) -> any ColumnValue {
    let n = 1_000_003 + i * 7 + r * 10_007
    switch fields[i].kind {
    case .int: return n
    case .int32: return Int32(n)
    case .int64: return Int64(n)
    case .double: return Double(n) + 0.25
    case .float: return Float(n) + 0.25
    case .string: return "\u{1}probe-\(r)-\(i)"
    case .localDate: return LocalDate(daysSinceEpoch: Int32(10_003 + i * 7 + r * 1_009))
    case .date: return Date(timeIntervalSince1970: Double(n))
    case .decimal: return Decimal(n) + Decimal(sign: .plus, exponent: -2, significand: 25)
    case .bool:
        if r == 0 { return true }
        if r == rounds - 1 { return false }
        let ordinal = fields[..<i].filter { $0.kind == .bool }.count
        return (ordinal + 1) >> (r - 1) & 1 == 1
    }
}
