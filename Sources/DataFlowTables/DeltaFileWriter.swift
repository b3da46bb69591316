import DataFlowColumnar
import DataFlowEngine
import Foundation

/// Writes batches as Delta data files: split by partition values into `key=value/` folders, one
/// uniquely named Parquet file per partition (per ~`targetFileRows` rows), each described by an `add`
/// with its stats. Files are written before the commit, so a crash leaves only unreferenced files.
struct DeltaFileWriter {
    let tablePath: String
    /// The table schema (data + partition columns).
    let schema: Schema
    let partitionColumns: [String]
    var dataChange = true
    var targetFileRows = 1 << 20

    /// The data columns (what the Parquet files hold) in schema order.
    var dataFields: [Field] { schema.fields.filter { !partitionColumns.contains($0.name) } }

    /// Writes `batches` (laid out as `schema`) and returns their `add` actions.
    func write(_ batches: [RecordBatch]) throws -> [AddFile] {
        let nonEmpty = batches.filter { $0.rowCount > 0 }
        if nonEmpty.isEmpty { return [] }
        let partIdx = try partitionColumns.map { p -> Int in
            guard let i = schema.index(of: p) else { throw DataFlowError("DELTA_PARTITION_COLUMN_NOT_FOUND", "partition column `\(p)` is not in the table schema \(schema)") }
            return i
        }
        let dataIdx = schema.fields.indices.filter { !partitionColumns.contains(schema[$0].name) }
        // Group rows by partition values (a per-row key only when the table is partitioned).
        var groups: [[String?]: [RecordBatch]] = [:]
        var order: [[String?]] = []
        for b in nonEmpty {
            if partIdx.isEmpty {
                if groups[[]] == nil { order.append([]) }
                groups[[], default: []].append(b)
                continue
            }
            var rows: [[String?]: [Int32]] = [:]
            var localOrder: [[String?]] = []
            for r in 0..<b.rowCount {
                let key = partIdx.map { DeltaValues.partitionString(b.columns[$0].value(r)) }
                if rows[key] == nil { localOrder.append(key) }
                rows[key, default: []].append(Int32(r))
            }
            for key in localOrder {
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(b.take(rows[key] ?? []))
            }
        }
        var adds: [AddFile] = []
        var written: [String] = []
        do {
            for key in order {
                let parts = groups[key] ?? []
                var folder = ""
                for (name, v) in zip(partitionColumns, key) {
                    folder += "\(name)=\(DeltaFileWriter.escapePartition(v ?? "__HIVE_DEFAULT_PARTITION__"))/"
                }
                let dataSchema = Schema(dataIdx.map { schema[$0] })
                // Split into files of about targetFileRows rows.
                var chunk: [RecordBatch] = [], rows = 0
                func flush() throws {
                    if chunk.isEmpty { return }
                    let name = folder + "part-\(String(format: "%05d", adds.count))-\(UUID().uuidString.lowercased())-c000.snappy.parquet"
                    let abs = (tablePath as NSString).appendingPathComponent(name)
                    try? FileManager.default.createDirectory(atPath: (abs as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    written.append(abs)
                    let projected = chunk.map { $0.project(dataIdx).with(schema: dataSchema) }
                    let summary = try DeltaDataFiles.write(projected, schema: dataSchema, to: abs)
                    var pv: [String: String?] = [:]
                    for (n, v) in zip(partitionColumns, key) { pv[n] = .some(v) }
                    adds.append(AddFile(path: DeltaPaths.encode(name), partitionValues: pv, size: summary.byteSize,
                                        modificationTime: Int64(Date().timeIntervalSince1970 * 1000), dataChange: dataChange,
                                        stats: summary.statsJSON(schema: dataSchema)))
                    chunk = []
                    rows = 0
                }
                for p in parts {
                    chunk.append(p)
                    rows += p.rowCount
                    if rows >= targetFileRows { try flush() }
                }
                try flush()
            }
        } catch {
            for p in written { unlink(p) }
            throw error
        }
        return adds
    }

    /// Escapes a partition value as Hive does for folder names.
    static func escapePartition(_ v: String) -> String {
        var out = ""
        for ch in v.unicodeScalars {
            if ch.value < 0x20 || "\"#%'*/:=?\\\u{7F}{[]^".unicodeScalars.contains(ch) {
                out += String(format: "%%%02X", ch.value)
            } else {
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}

/// What writing one data file produced.
public struct DataFileSummary: Sendable {
    public var rowCount: Int64
    public var byteSize: Int64
    /// Per column (by name): null count, min and max.
    public var nullCounts: [String: Int64]
    public var mins: [String: Value]
    public var maxs: [String: Value]

    /// Delta's stats JSON: numRecords, minValues, maxValues, nullCount.
    func statsJSON(schema: Schema) -> String {
        var mins: [(String, JSONValue)] = [], maxs: [(String, JSONValue)] = [], nulls: [(String, JSONValue)] = []
        for f in schema.fields {
            if let v = self.mins[f.name], let j = FileStats.json(v) {
                // Long strings are cut (as Spark does, to 32 characters): a prefix is still a lower bound.
                if case .string(let s) = v, s.count > 32 { mins.append((f.name, .string(String(s.prefix(32))))) } else { mins.append((f.name, j)) }
            }
            if var v = self.maxs[f.name] {
                // Stats timestamps have millisecond precision: round the max up so it stays an upper bound.
                if case .timestamp(let t) = v, t % 1000 != 0 { v = .timestamp(t - ((t % 1000) + 1000) % 1000 + 1000) }
                if let j = FileStats.json(v) {
                    if case .string(let s) = v, s.count > 32 {} else { maxs.append((f.name, j)) }
                }
            }
            if let n = nullCounts[f.name] { nulls.append((f.name, .int(n))) }
        }
        return JSONValue.object([("numRecords", .int(rowCount)), ("minValues", .object(mins)), ("maxValues", .object(maxs)),
                                 ("nullCount", .object(nulls))]).text
    }
}
