import DataFlowColumnar
import DataFlowFormats
import Foundation

/// Checkpoints: `%020d.checkpoint.parquet` files holding the table state at a version (one row per
/// action; columns txn, add, remove, metaData, protocol as structs, as Spark writes them) and
/// `_last_checkpoint` pointing at the newest. Rows go through the JSON form of the actions, so the
/// checkpoint and the commit files share one parser.
public enum DeltaCheckpoint {
    /// Spark's checkpoint schema (the parts DataFlow writes).
    static let schema: [ParquetSchemaNode] = {
        let s = ParquetSchemaNode.string, i64 = { (n: String) in ParquetSchemaNode.leaf(n, .int64) }
        let bool = { (n: String) in ParquetSchemaNode.leaf(n, .boolean) }
        let i32 = { (n: String) in ParquetSchemaNode.leaf(n, .int32) }
        let strMap = { (n: String) in ParquetSchemaNode.map(n, key: s("key", .required), value: s("value", .optional)) }
        return [
            .group("txn", .optional, [s("appId", .optional), i64("version"), i64("lastUpdated")]),
            .group("add", .optional, [s("path", .optional), strMap("partitionValues"), i64("size"), i64("modificationTime"), bool("dataChange"),
                           strMap("tags"), s("stats", .optional)]),
            .group("remove", .optional, [s("path", .optional), i64("deletionTimestamp"), bool("dataChange"), bool("extendedFileMetadata"),
                              strMap("partitionValues"), i64("size")]),
            .group("metaData", .optional, [s("id", .optional), s("name", .optional), s("description", .optional),
                                .group("format", .optional, [s("provider", .optional), strMap("options")]), s("schemaString", .optional),
                                .list("partitionColumns", element: s("element", .optional)), strMap("configuration"), i64("createdTime")]),
            .group("protocol", .optional, [i32("minReaderVersion"), i32("minWriterVersion")]),
        ]
    }()

    // MARK: - Writing

    /// Writes a checkpoint for `version` when it is a positive multiple of the interval.
    public static func maybeWrite(log: DeltaLog, version: Int64) throws {
        guard version > 0, version % DeltaLog.checkpointInterval == 0 else { return }
        try write(log: log, snapshot: log.snapshot(at: version))
    }

    /// Writes the checkpoint of `snapshot` and points `_last_checkpoint` at it (both atomically).
    public static func write(log: DeltaLog, snapshot: Snapshot) throws {
        var actions: [Action] = [.protocolAction(snapshot.protocolAction), .metadata(snapshot.metadata)]
        actions += snapshot.transactions.keys.sorted().compactMap { snapshot.transactions[$0].map(Action.txn) }
        actions += snapshot.files.map { a in var a = a; a.dataChange = false; return .add(a) }
        actions += snapshot.tombstones.map { r in var r = r; r.dataChange = false; return .remove(r) }
        let rows: [(String, JSONValue)] = actions.compactMap { $0.json.objectValue?.first }
        var sinks: [String: LeafSink] = [:]
        for (key, body) in rows {
            for node in schema {
                shred(node, node.name == key ? body : nil, def: 0, rep: 0, repDepth: 0, path: [], into: &sinks)
            }
        }
        let final = (log.logPath as NSString).appendingPathComponent(DeltaLog.checkpointName(snapshot.version))
        let tmp = final + ".\(UUID().uuidString).tmp"
        do {
            let writer = try ParquetFileWriter(path: tmp, fields: schema, options: ParquetWriteOptions())
            let data = try writer.leaves.map { leaf -> ParquetLeafData in
                let sink = sinks[leaf.path.joined(separator: ".")] ?? LeafSink()
                return try sink.leafData(leaf)
            }
            try writer.writeRowGroup(rowCount: rows.count, data)
            _ = try writer.close()
            let fd = open(tmp, O_RDONLY)
            if fd >= 0 { fsync(fd); close(fd) }
            guard rename(tmp, final) == 0 else { throw DataFlowError.io("cannot rename \(tmp) to \(final): \(String(cString: strerror(errno)))") }
        } catch {
            unlink(tmp)
            throw error
        }
        let last = JSONValue.object([("version", .int(snapshot.version)), ("size", .int(rows.count)),
                                     ("numOfAddFiles", .int(snapshot.files.count))]).text
        try DeltaLog.replaceAtomically(Data(last.utf8), at: (log.logPath as NSString).appendingPathComponent("_last_checkpoint"))
    }

    /// One leaf's values and levels as they are shredded.
    struct LeafSink {
        var values: [JSONValue] = []
        var def: [Int16] = []
        var rep: [Int16] = []

        func leafData(_ leaf: ParquetLeaf) throws -> ParquetLeafData {
            let vals: ParquetValues
            switch leaf.physicalType {
            case .byteArray:
                var offsets: [Int32] = [0], bytes: [UInt8] = []
                for v in values {
                    bytes += Array((v.stringValue ?? v.text).utf8)
                    offsets.append(Int32(bytes.count))
                }
                vals = .byteArray(offsets: offsets, bytes: bytes)
            case .int64: vals = .int64(values.map { $0.int64Value ?? 0 })
            case .int32: vals = .int32(values.map { Int32(clamping: $0.int64Value ?? 0) })
            case .boolean: vals = .boolean(values.map { $0.boolValue ?? false })
            default: throw DataFlowError("INTERNAL_ERROR", "checkpoint leaf \(leaf.dottedPath) has an unexpected type")
            }
            return ParquetLeafData(values: vals, definitionLevels: leaf.maxDefinitionLevel > 0 ? def : [],
                                   repetitionLevels: leaf.maxRepetitionLevel > 0 ? rep : [])
        }
    }

    static func isRepeatedContainer(_ node: ParquetSchemaNode) -> Bool {
        guard case .group(let c) = node.kind, c.count == 1, c[0].repetition == .repeated else { return false }
        return node.logicalType == .map || node.logicalType == .list || node.convertedType == .map || node.convertedType == .list
    }

    /// Dremel shredding of one value (`v`, nil when absent) into the leaves under `node`.
    static func shred(_ node: ParquetSchemaNode, _ v: JSONValue?, def: Int16, rep: Int16, repDepth: Int16, path: [String],
                      into sinks: inout [String: LeafSink]) {
        let here = path + [node.name]
        let present = v.map { !$0.isNull } ?? false
        if !present && node.repetition != .required {
            emitNull(node, def: def, rep: rep, path: path, into: &sinks)
            return
        }
        let myDef = def + (node.repetition == .optional ? 1 : 0)
        switch node.kind {
        case .primitive:
            let key = here.joined(separator: ".")
            if let v, present { sinks[key, default: LeafSink()].values.append(v) }
            sinks[key, default: LeafSink()].def.append(present ? myDef : def)
            sinks[key, default: LeafSink()].rep.append(rep)
        case .group(let children):
            if isRepeatedContainer(node), let rg = children.first, case .group(let inner) = rg.kind {
                var entries: [[JSONValue?]] = []
                if let kv = v?.objectValue { entries = kv.map { [.string($0.0), $0.1] } }
                if let arr = v?.arrayValue { entries = arr.map { [$0] } }
                if entries.isEmpty {
                    emitNull(rg, def: myDef, rep: rep, path: here, into: &sinks)
                    return
                }
                for (i, e) in entries.enumerated() {
                    let r = i == 0 ? rep : repDepth + 1
                    for (c, child) in inner.enumerated() {
                        shred(child, c < e.count ? e[c] : nil, def: myDef + 1, rep: r, repDepth: repDepth + 1, path: here + [rg.name], into: &sinks)
                    }
                }
            } else {
                for c in children { shred(c, v?[c.name], def: myDef, rep: rep, repDepth: repDepth, path: here, into: &sinks) }
            }
        }
    }

    /// Every leaf under `node` gets a null at definition level `def`.
    static func emitNull(_ node: ParquetSchemaNode, def: Int16, rep: Int16, path: [String], into sinks: inout [String: LeafSink]) {
        let here = path + [node.name]
        switch node.kind {
        case .primitive:
            let key = here.joined(separator: ".")
            sinks[key, default: LeafSink()].def.append(def)
            sinks[key, default: LeafSink()].rep.append(rep)
        case .group(let children):
            for c in children { emitNull(c, def: def, rep: rep, path: here, into: &sinks) }
        }
    }

    // MARK: - Reading

    /// Reads the actions of a (single- or multi-part) checkpoint.
    public static func read(_ paths: [String]) throws -> [Action] {
        var out: [Action] = []
        for p in paths {
            let file: ParquetFile
            do { file = try ParquetFile(path: p) } catch let e as DataFlowError {
                throw DataFlowError("DELTA_INVALID_CHECKPOINT", "cannot read checkpoint \(p): \(e.message)")
            }
            let wanted: Set<String> = ["add", "remove", "metaData", "protocol", "txn"]
            var byPath: [String: Int] = [:]
            for (i, l) in file.leaves.enumerated() { byPath[l.path.joined(separator: ".")] = i }
            for g in 0..<file.rowGroups.count {
                var reader = LeafRows(file: file, group: g, byPath: byPath, rows: file.rowGroups[g].rowCount)
                for r in 0..<file.rowGroups[g].rowCount {
                    for node in file.fields where wanted.contains(node.name) {
                        guard let body = try reader.assemble(node, def: 0, path: [], row: r) else { continue }
                        out.append(try Action.parse(JSONValue.object([(node.name, body)]).text, where: "\((p as NSString).lastPathComponent) row \(r)"))
                    }
                }
            }
        }
        return out
    }

    /// Leaves of one row group split into rows: per row, the (definition level, value) slots.
    struct LeafRows {
        let file: ParquetFile
        let group: Int
        let byPath: [String: Int]
        let rows: Int
        var cache: [String: [[(Int16, JSONValue?)]]] = [:]

        mutating func slots(_ path: [String]) throws -> [[(Int16, JSONValue?)]]? {
            let key = path.joined(separator: ".")
            if let c = cache[key] { return c }
            guard let li = byPath[key] else { return nil }
            let leaf = file.leaves[li]
            let d = try file.readLeaf(rowGroup: group, leaf: li)
            let values = LeafRows.json(d.values)
            var out: [[(Int16, JSONValue?)]] = []
            out.reserveCapacity(rows)
            var vi = 0
            let n = d.definitionLevels.isEmpty ? values.count : d.definitionLevels.count
            for s in 0..<n {
                let def = d.definitionLevels.isEmpty ? Int16(leaf.maxDefinitionLevel) : d.definitionLevels[s]
                var v: JSONValue?
                if Int(def) == leaf.maxDefinitionLevel, vi < values.count { v = values[vi]; vi += 1 }
                let newRow = d.repetitionLevels.isEmpty || d.repetitionLevels[s] == 0
                if newRow || out.isEmpty { out.append([(def, v)]) } else { out[out.count - 1].append((def, v)) }
            }
            guard out.count == rows else {
                throw DataFlowError("DELTA_INVALID_CHECKPOINT", "\(file.path): column \(key) has \(out.count) rows, expected \(rows)")
            }
            cache[key] = out
            return out
        }

        static func json(_ v: ParquetValues) -> [JSONValue] {
            switch v {
            case .boolean(let b): return b.map(JSONValue.bool)
            case .int32(let x): return x.map { .int(Int64($0)) }
            case .int64(let x): return x.map { .int($0) }
            case .double(let x): return x.map { .number("\($0)") }
            case .float(let x): return x.map { .number("\($0)") }
            case .byteArray(let o, let b):
                return (0..<max(0, o.count - 1)).map { i in .string(String(decoding: b[Int(o[i])..<Int(o[i + 1])], as: UTF8.self)) }
            case .int96(let b): return Array(repeating: .null, count: b.count / 12)
            case .fixedLenByteArray(let w, let b): return Array(repeating: .null, count: w == 0 ? 0 : b.count / w)
            }
        }

        /// The first leaf path under `node`.
        func firstLeaf(_ node: ParquetSchemaNode, _ path: [String]) -> [String] {
            switch node.kind {
            case .primitive: return path + [node.name]
            case .group(let c): return c.first.map { firstLeaf($0, path + [node.name]) } ?? path + [node.name]
            }
        }

        /// The JSON value of `node` in row `row` (nil when absent).
        mutating func assemble(_ node: ParquetSchemaNode, def: Int16, path: [String], row: Int) throws -> JSONValue? {
            let myDef = def + (node.repetition == .optional ? 1 : 0)
            let here = path + [node.name]
            guard let first = try slots(firstLeaf(node, path))?[row].first else { return nil }
            if first.0 < myDef { return nil }
            switch node.kind {
            case .primitive: return first.1
            case .group(let children):
                if DeltaCheckpoint.isRepeatedContainer(node), let rg = children.first, case .group(let inner) = rg.kind {
                    let entryDef = myDef + 1
                    let cols = try inner.map { try slots(here + [rg.name, $0.name])?[row] ?? [] }
                    guard let keys = cols.first else { return .array([]) }
                    if node.logicalType == .map || node.convertedType == .map {
                        var kv: [(String, JSONValue)] = []
                        for (i, k) in keys.enumerated() where k.0 >= entryDef {
                            guard let key = k.1?.stringValue else { continue }
                            let v = cols.count > 1 && i < cols[1].count ? cols[1][i].1 : nil
                            kv.append((key, v ?? .null))
                        }
                        return .object(kv)
                    }
                    return .array(keys.filter { $0.0 >= entryDef }.map { $0.1 ?? .null })
                }
                var kv: [(String, JSONValue)] = []
                for c in children where !c.name.hasSuffix("_parsed") {
                    if let v = try assemble(c, def: myDef, path: here, row: row) { kv.append((c.name, v)) }
                }
                return .object(kv)
            }
        }
    }
}
