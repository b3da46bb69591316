import DataFlowColumnar
import DataFlowEngine
import Foundation

/// The state of a table at one version: protocol, metadata and the live data files.
public struct Snapshot: Sendable {
    public let log: DeltaLog
    public let version: Int64
    public let protocolAction: ProtocolAction
    public let metadata: Metadata
    /// Live files, in the order they were added.
    public let files: [AddFile]
    /// Files removed and not re-added (vacuum keeps them until the retention passes).
    public let tombstones: [RemoveFile]
    /// The latest `txn` per application id.
    public let transactions: [String: SetTransaction]

    /// The table's full schema (data and partition columns, in metaData order).
    public func schema() throws -> Schema { try metadata.schema() }
    public var partitionColumns: [String] { metadata.partitionColumns }

    /// Fails unless DataFlow can read this version: reader version 1 and no deletion vectors or column
    /// mapping.
    public func checkReadable() throws {
        if protocolAction.minReaderVersion > 1 {
            let feats = protocolAction.readerFeatures.map { " (reader features: \($0.joined(separator: ", ")))" } ?? ""
            throw DataFlowError("DELTA_UNSUPPORTED_FEATURE",
                                "\(log.tablePath) needs Delta reader version \(protocolAction.minReaderVersion)\(feats); DataFlow reads version 1 (no table features, deletion vectors or column mapping)")
        }
        if let f = files.first(where: { $0.hasDeletionVector }) {
            throw DataFlowError("DELTA_UNSUPPORTED_FEATURE", "\(log.tablePath): file \(f.path) has a deletion vector, which DataFlow does not support")
        }
        if let m = metadata.configuration["delta.columnMapping.mode"], m != "none" {
            throw DataFlowError("DELTA_UNSUPPORTED_FEATURE", "\(log.tablePath) uses column mapping (\(m)), which DataFlow does not support")
        }
    }

    /// Fails unless DataFlow may write this table (writer version ≤ 2 or ≤ 7 without features).
    public func checkWritable() throws {
        try checkReadable()
        if protocolAction.minWriterVersion > 2 {
            throw DataFlowError("DELTA_UNSUPPORTED_FEATURE",
                                "\(log.tablePath) needs Delta writer version \(protocolAction.minWriterVersion); DataFlow writes version 2 (no invariants beyond append-only, no generated columns, CDF or features)")
        }
    }
}

/// Per-file statistics from an `add`'s stats JSON, typed by the table schema.
public struct FileStats: Sendable {
    public var numRecords: Int64?
    public var min: [String: Value] = [:]
    public var max: [String: Value] = [:]
    public var nullCount: [String: Int64] = [:]

    public init() {}

    /// Parses `stats` for the columns of `schema` (unknown or malformed entries are ignored: stats only
    /// ever let a reader skip, never change answers).
    public init(json text: String?, schema: Schema) {
        guard let text, let v = try? JSONValue.parse(text) else { return }
        numRecords = v["numRecords"]?.int64Value
        for f in schema.fields {
            if let x = v["minValues"]?[f.name], let val = FileStats.value(x, f.type) { min[f.name] = val }
            if let x = v["maxValues"]?[f.name], let val = FileStats.value(x, f.type) {
                // Writers may truncate timestamp stats to milliseconds: widen the max by the lost digits.
                if case .timestamp(let t) = val { max[f.name] = .timestamp(t &+ 999) } else { max[f.name] = val }
            }
            if let n = v["nullCount"]?[f.name]?.int64Value { nullCount[f.name] = n }
        }
    }

    static func value(_ j: JSONValue, _ t: DataType) -> Value? {
        switch (t, j) {
        case (.int32, .number): return j.int64Value.flatMap { Int32(exactly: $0) }.map(Value.int32)
        case (.int64, .number): return j.int64Value.map(Value.int64)
        case (.float64, .number): return j.doubleValue.map(Value.double)
        case (.decimal(let p, let s), .number(let t)): return Decimal128.parse(Substring(t), precision: p, scale: s).map { .decimal($0, precision: p, scale: s) }
        case (.string, .string(let s)): return .string(s)
        case (.date, .string(let s)): return DateTime.parseDate(s).map(Value.date)
        case (.timestamp, .string(let s)): return DateTime.parseTimestamp(s).map(Value.timestamp)
        case (.boolean, .bool(let b)): return .bool(b)
        default: return nil
        }
    }

    /// The JSON form of a value for minValues/maxValues (Spark's formats).
    static func json(_ v: Value) -> JSONValue? {
        switch v {
        case .null: return nil
        case .bool(let b): return .bool(b)
        case .int32(let x): return .int(Int64(x))
        case .int64(let x): return .int(x)
        case .double(let d): return d.isFinite ? .number("\(d)") : nil
        case .decimal(let u, _, let s): return .number(Decimal128.format(u, scale: s))
        case .string(let s):
            // Spark truncates long strings in stats; a prefix is a valid min, so keep mins short and skip maxes.
            return .string(s)
        case .date(let d): return .string(DateTime.formatDate(d))
        case .timestamp(let t): return .string(DeltaValues.isoTimestamp(t))
        case .array, .map: return nil
        }
    }
}

/// Partition values and stats values as Delta spells them.
public enum DeltaValues {
    /// `2024-01-02T03:04:05.678Z` (stats timestamps, millisecond precision as Spark writes them).
    public static func isoTimestamp(_ micros: Int64) -> String {
        let ms = micros >= 0 ? micros / 1000 : (micros - 999) / 1000
        var days = ms / 86_400_000, rem = ms % 86_400_000
        if rem < 0 { rem += 86_400_000; days -= 1 }
        let s = Int(rem / 1000), f = Int(rem % 1000)
        return DateTime.formatDate(Int32(days)) + String(format: "T%02d:%02d:%02d.%03dZ", s / 3600, s / 60 % 60, s % 60, f)
    }

    /// A partition value's string form (nil for null).
    public static func partitionString(_ v: Value) -> String? {
        switch v {
        case .null: return nil
        case .timestamp(let t):
            // Spark writes `yyyy-MM-dd HH:mm:ss[.ffffff]`.
            return DateTime.formatTimestamp(t)
        default: return v.description
        }
    }

    /// A partition value parsed into the column's type; an empty string is null, as in Spark.
    public static func parsePartition(_ s: String?, _ t: DataType, column: String) throws -> Value {
        guard let s, !s.isEmpty else { return .null }
        let v: Value?
        switch t {
        case .string: v = .string(s)
        case .int32: v = Int32(s).map(Value.int32)
        case .int64: v = Int64(s).map(Value.int64)
        case .float64: v = Double(s).map(Value.double)
        case .boolean: v = s.lowercased() == "true" ? .bool(true) : (s.lowercased() == "false" ? .bool(false) : nil)
        case .date: v = DateTime.parseDate(s).map(Value.date)
        case .timestamp: v = DateTime.parseTimestamp(s).map(Value.timestamp)
        case .decimal(let p, let sc): v = Decimal128.parse(Substring(s), precision: p, scale: sc).map { .decimal($0, precision: p, scale: sc) }
        case .null: v = .null
        case .array, .map: v = nil
        }
        guard let v else {
            throw DataFlowError("DELTA_INVALID_PARTITION_VALUE", "partition value '\(s)' of column `\(column)` is not a valid \(t.sqlName)")
        }
        return v
    }
}
