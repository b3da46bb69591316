import DataFlowColumnar
import DataFlowEngine
import Foundation

/// Hive-style partitioned folders, as Spark writes them with `partitionBy`: `root/year=2024/genre=Drama/
/// part-….parquet`, the partition columns' values in the folder names (escaped) and not in the files.
/// Reading such a folder brings the partition columns back, typed by inference, after the data columns.
enum HivePartitioning {
    /// The folder name Spark uses for a NULL partition value.
    static let nullName = "__HIVE_DEFAULT_PARTITION__"

    /// The leaf folders under `root` and their partition values, or nil when `root` holds no `key=value`
    /// folders. Every leaf must name the same columns in the same order.
    static func discover(root: String) throws -> (names: [String], leaves: [(folder: String, values: [String?])])? {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue else { return nil }
        var leaves: [(String, [String?])] = []
        var names: [String]? = nil
        func visit(_ dir: String, _ keys: [String], _ values: [String?]) throws {
            let entries: [String]
            do { entries = try fm.contentsOfDirectory(atPath: dir).sorted() } catch {
                throw DataFlowError.io("cannot list \(dir): \(error.localizedDescription)")
            }
            var sub: [(String, String, String)] = []
            for e in entries where !e.hasPrefix(".") && !e.hasPrefix("_") {
                var isDir: ObjCBool = false
                let path = (dir as NSString).appendingPathComponent(e)
                guard fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue,
                      let eq = e.firstIndex(of: "=") else { continue }
                sub.append((path, unescape(String(e[..<eq])), unescape(String(e[e.index(after: eq)...]))))
            }
            if sub.isEmpty {
                if keys.isEmpty { return }
                if let n = names, n != keys {
                    throw DataFlowError("CONFLICTING_PARTITION_COLUMN_NAMES",
                                        "Conflicting partition column names in \(root): \(n.joined(separator: ", ")) and \(keys.joined(separator: ", ")) (at \(dir)).")
                }
                names = keys
                leaves.append((dir, values))
                return
            }
            for (path, k, v) in sub { try visit(path, keys + [k], values + [v == nullName ? nil : v]) }
        }
        try visit(root, [], [])
        guard let n = names else { return nil }
        return (n, leaves)
    }

    /// The type Spark infers for a partition column from its values: int, bigint, double, date,
    /// timestamp, else string (NULLs do not count).
    static func inferType(_ values: [String?]) -> DataType {
        var type: DataType? = nil
        for case let v? in values {
            let t: DataType
            if Int32(v) != nil { t = .int32 } else if Int64(v) != nil { t = .int64 } else if Double(v) != nil, !v.contains(where: \.isLetter) {
                t = .float64
            } else if DateTime.parseDate(v) != nil, v.count == 10 { t = .date } else if DateTime.parseTimestamp(v) != nil { t = .timestamp } else {
                return .string
            }
            switch (type, t) {
            case (nil, _): type = t
            case (let a?, let b) where a == b: break
            case (.int32?, .int64), (.int64?, .int32): type = .int64
            case (let a?, let b) where a.isNumeric && b.isNumeric: type = .float64
            default: return .string
            }
        }
        return type ?? .string
    }

    /// A partition value as its column type (nil text is NULL).
    static func value(_ text: String?, _ type: DataType) -> Value {
        guard let text else { return .null }
        switch type {
        case .int32: return Int32(text).map(Value.int32) ?? .null
        case .int64: return Int64(text).map(Value.int64) ?? .null
        case .float64: return Double(text).map(Value.double) ?? .null
        case .date: return DateTime.parseDate(text).map(Value.date) ?? .null
        case .timestamp: return DateTime.parseTimestamp(text).map(Value.timestamp) ?? .null
        default: return .string(text)
        }
    }

    /// Spark's escaping of partition values in folder names: `%XX` for the characters paths reserve.
    static func escape(_ s: String) -> String {
        let special: Set<UInt8> = Set("\"#%'*/:=?\\{[]^".utf8).union([0x7F])
        var bytes: [UInt8] = []
        for b in s.utf8 {
            if b < 0x20 || special.contains(b) { bytes += Array(String(format: "%%%02X", b).utf8) } else { bytes.append(b) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func unescape(_ s: String) -> String {
        guard s.contains("%") else { return s }
        var bytes: [UInt8] = []
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "%"), i + 2 < u.count, let h = UInt8(String(decoding: u[i + 1...i + 2], as: UTF8.self), radix: 16) {
                bytes.append(h)
                i += 3
            } else {
                bytes.append(u[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A partitioned folder as a table: each leaf folder read in `format` (without the partition
    /// columns), the partition columns after the data columns. `schema`, when given, is the full schema.
    static func table(root: String, format: DataSourceFormat, options: [(String, String)], schema: Schema?,
                      lenient: Bool) throws -> (any TableProvider)? {
        guard let (names, leaves) = try discover(root: root) else { return nil }
        var fields: [Field] = []
        for (k, name) in names.enumerated() {
            if let f = schema?.fields.first(where: { $0.name.lowercased() == name.lowercased() }) {
                fields.append(Field(f.name, f.type, nullable: true))
            } else {
                fields.append(Field(name, inferType(leaves.map { $0.values[k] }), nullable: true))
            }
        }
        let partitionNames = Set(names.map { $0.lowercased() })
        let dataSchema = schema.map { Schema($0.fields.filter { !partitionNames.contains($0.name.lowercased()) }) }
        var partitions: [PartitionedTable.Partition] = []
        var firstSchema: Schema? = dataSchema
        for leaf in leaves {
            let t = try format.table(paths: [leaf.folder], options: options, schema: firstSchema, lenient: lenient)
            if firstSchema == nil { firstSchema = t.schema }
            let values = zip(leaf.values, fields).map { value($0, $1.type) }
            partitions.append(.init(values: values, table: t))
        }
        guard let data = firstSchema else { return nil }
        return PartitionedTable(dataSchema: data, partitionFields: fields, partitions: partitions,
                                name: "\(format.rawValue) [\(root)] partitioned by \(names.joined(separator: ", "))")
    }

    /// Writes `batches` under `folder` in `key=value/` folders by the values of `columns` (which the
    /// files then leave out), each partition as part files in `format`. Returns the files written,
    /// relative to `folder`.
    @discardableResult
    static func write(_ batches: [RecordBatch], schema: Schema, partitionBy columns: [String], folder: String,
                      format: DataSourceFormat, options: [(String, String)], lenient: Bool = false) throws -> [String] {
        var keyIndex: [Int] = []
        for c in columns {
            guard let i = schema.fields.firstIndex(where: { $0.name.lowercased() == c.lowercased() }) else {
                throw DataFlowError("UNRESOLVED_COLUMN.WITH_SUGGESTION",
                                    "partitionBy: no column `\(c)`; the columns are \(schema.names.map { "`\($0)`" }.joined(separator: ", ")).")
            }
            if schema[i].type.elementType != nil {
                throw DataFlowError("INVALID_PARTITION_COLUMN_DATA_TYPE", "Cannot use \(schema[i].type.sqlName) for partition column `\(c)`.")
            }
            keyIndex.append(i)
        }
        if keyIndex.count == schema.count {
            throw DataFlowError("ALL_PARTITION_COLUMNS_NOT_ALLOWED", "Cannot use all columns for partition columns.")
        }
        let dataIndex = (0..<schema.count).filter { !keyIndex.contains($0) }
        let dataSchema = Schema(dataIndex.map { schema[$0] })
        // Row indices of each partition, batch by batch, in first-seen order.
        var order: [String] = []
        var groups: [String: [RecordBatch]] = [:]
        for b in batches where b.rowCount > 0 {
            let keys = try keyIndex.map { try Kernels.cast(b.columns[$0], to: .string, mode: .ansi).decoded() }
            // Rows grouped by their key values without building a string per row: by hash, each group
            // checked against its first row's bytes (a colliding key starts a group of its own).
            let hashes = Kernels.hash(keys)
            var groupsByHash: [UInt64: [Int]] = [:]
            var firstRow: [Int] = [], members: [[Int32]] = []
            func sameKey(_ a: Int, _ b: Int) -> Bool {
                keys.allSatisfy { k in
                    k.isValid(a) == k.isValid(b) && (!k.isValid(a) || k.utf8(a).elementsEqual(k.utf8(b)))
                }
            }
            for r in 0..<b.rowCount {
                let candidates = groupsByHash[hashes[r], default: []]
                if let g = candidates.first(where: { sameKey(firstRow[$0], r) }) {
                    members[g].append(Int32(r))
                } else {
                    groupsByHash[hashes[r], default: []].append(firstRow.count)
                    firstRow.append(r)
                    members.append([Int32(r)])
                }
            }
            for (g, r) in firstRow.enumerated() {
                let p = zip(keyIndex, keys).map { i, k in
                    schema[i].name + "=" + (k.isValid(r) ? escape(k.string(r)) : nullName)
                }.joined(separator: "/")
                let part = b.project(dataIndex).take(members[g])
                if groups[p] == nil { order.append(p) }
                groups[p, default: []].append(RecordBatch(schema: dataSchema, columns: part.columns, rowCount: part.rowCount))
            }
        }
        var written: [String] = []
        for p in order {
            let names = try format.writeParts(groups[p] ?? [], schema: dataSchema,
                                              folder: (folder as NSString).appendingPathComponent(p), options: options, lenient: lenient)
            written += names.map { p + "/" + $0 }
        }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: (folder as NSString).appendingPathComponent("_SUCCESS"), contents: Data())
        return written
    }
}
