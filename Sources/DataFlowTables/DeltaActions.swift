import DataFlowColumnar
import Foundation

/// `protocol`: the reader/writer versions a table needs. DataFlow writes (1, 2) and reads tables up
/// to reader version 1 (no table features, deletion vectors or column mapping).
public struct ProtocolAction: Sendable, Hashable {
    public var minReaderVersion: Int
    public var minWriterVersion: Int
    public var readerFeatures: [String]?
    public var writerFeatures: [String]?

    public init(minReaderVersion: Int = 1, minWriterVersion: Int = 2, readerFeatures: [String]? = nil, writerFeatures: [String]? = nil) {
        self.minReaderVersion = minReaderVersion
        self.minWriterVersion = minWriterVersion
        self.readerFeatures = readerFeatures
        self.writerFeatures = writerFeatures
    }
}

/// `metaData`: the table's id, schema, partition columns and configuration.
public struct Metadata: Sendable, Hashable {
    public var id: String
    public var name: String?
    public var description: String?
    public var schemaString: String
    public var partitionColumns: [String]
    public var configuration: [String: String]
    public var createdTime: Int64?

    public init(id: String = UUID().uuidString.lowercased(), name: String? = nil, description: String? = nil,
                schemaString: String, partitionColumns: [String] = [], configuration: [String: String] = [:], createdTime: Int64? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.schemaString = schemaString
        self.partitionColumns = partitionColumns
        self.configuration = configuration
        self.createdTime = createdTime
    }

    public func schema() throws -> Schema { try DeltaSchema.parse(schemaString) }
}

/// `add`: a data file that is part of the table.
public struct AddFile: Sendable, Hashable {
    /// Relative to the table root and URL-encoded, as stored in the log.
    public var path: String
    public var partitionValues: [String: String?]
    public var size: Int64
    public var modificationTime: Int64
    public var dataChange: Bool
    /// The stats JSON text (numRecords, minValues, maxValues, nullCount).
    public var stats: String?
    public var tags: [String: String]?
    /// Set on tables that use deletion vectors (not supported: reading fails with a clear error).
    public var hasDeletionVector = false

    public init(path: String, partitionValues: [String: String?], size: Int64, modificationTime: Int64, dataChange: Bool,
                stats: String?, tags: [String: String]? = nil) {
        self.path = path
        self.partitionValues = partitionValues
        self.size = size
        self.modificationTime = modificationTime
        self.dataChange = dataChange
        self.stats = stats
        self.tags = tags
    }

    /// numRecords from the stats, if present.
    public var numRecords: Int64? { stats.flatMap { try? JSONValue.parse($0) }?["numRecords"]?.int64Value }

    /// A `remove` for this file.
    public func removed(at time: Int64, dataChange: Bool = true) -> RemoveFile {
        RemoveFile(path: path, deletionTimestamp: time, dataChange: dataChange, extendedFileMetadata: true,
                   partitionValues: partitionValues, size: size)
    }
}

/// `remove`: a logical delete of a data file (the file stays until vacuum).
public struct RemoveFile: Sendable, Hashable {
    public var path: String
    public var deletionTimestamp: Int64?
    public var dataChange: Bool
    public var extendedFileMetadata: Bool?
    public var partitionValues: [String: String?]?
    public var size: Int64?

    public init(path: String, deletionTimestamp: Int64?, dataChange: Bool, extendedFileMetadata: Bool? = nil,
                partitionValues: [String: String?]? = nil, size: Int64? = nil) {
        self.path = path
        self.deletionTimestamp = deletionTimestamp
        self.dataChange = dataChange
        self.extendedFileMetadata = extendedFileMetadata
        self.partitionValues = partitionValues
        self.size = size
    }
}

/// `txn`: the last version an application committed (idempotent writes).
public struct SetTransaction: Sendable, Hashable {
    public var appId: String
    public var version: Int64
    public var lastUpdated: Int64?
    public init(appId: String, version: Int64, lastUpdated: Int64? = nil) {
        self.appId = appId
        self.version = version
        self.lastUpdated = lastUpdated
    }
}

/// `commitInfo`: provenance for `history()`. Kept as JSON plus typed accessors, so fields other
/// writers add survive.
public struct CommitInfo: Sendable, Hashable {
    public var json: JSONValue

    public init(json: JSONValue) { self.json = json }

    public init(timestamp: Int64, operation: String, operationParameters: [(String, String)], readVersion: Int64?,
                isolationLevel: String = "Serializable", isBlindAppend: Bool, operationMetrics: [(String, String)]) {
        var kv: [(String, JSONValue)] = [("timestamp", .int(timestamp)), ("operation", .string(operation)),
                                         ("operationParameters", .object(operationParameters.map { ($0.0, .string($0.1)) }))]
        if let readVersion { kv.append(("readVersion", .int(readVersion))) }
        kv += [("isolationLevel", .string(isolationLevel)), ("isBlindAppend", .bool(isBlindAppend)),
               ("operationMetrics", .object(operationMetrics.map { ($0.0, .string($0.1)) })),
               ("engineInfo", .string(DeltaLog.engineInfo)), ("txnId", .string(UUID().uuidString.lowercased()))]
        json = .object(kv)
    }

    public var timestamp: Int64? { json["timestamp"]?.int64Value }
    public var operation: String? { json["operation"]?.stringValue }
    public var readVersion: Int64? { json["readVersion"]?.int64Value }
    public var isBlindAppend: Bool? { json["isBlindAppend"]?.boolValue }
    /// A map of strings (operationParameters / operationMetrics), values rendered as text.
    public func stringMap(_ key: String) -> [(String, String)] {
        (json[key]?.objectValue ?? []).map { ($0.0, $0.1.stringValue ?? $0.1.text) }
    }
}

/// One line of a commit file.
public enum Action: Sendable, Hashable {
    case protocolAction(ProtocolAction)
    case metadata(Metadata)
    case add(AddFile)
    case remove(RemoveFile)
    case txn(SetTransaction)
    case commitInfo(CommitInfo)
    /// An action this reader does not know (cdc, domainMetadata, …): kept, ignored by replay.
    case other(String, JSONValue)
}

// MARK: - JSON encoding

private func strMap(_ m: [String: String?]) -> JSONValue {
    .object(m.keys.sorted().map { k in (k, m[k].flatMap { $0 }.map(JSONValue.string) ?? .null) })
}

extension Action {
    /// The single-line JSON form written to a commit file.
    public var json: JSONValue {
        switch self {
        case .protocolAction(let p):
            var kv: [(String, JSONValue)] = [("minReaderVersion", .int(p.minReaderVersion)), ("minWriterVersion", .int(p.minWriterVersion))]
            if let r = p.readerFeatures { kv.append(("readerFeatures", .array(r.map(JSONValue.string)))) }
            if let w = p.writerFeatures { kv.append(("writerFeatures", .array(w.map(JSONValue.string)))) }
            return .object([("protocol", .object(kv))])
        case .metadata(let m):
            var kv: [(String, JSONValue)] = [("id", .string(m.id))]
            if let n = m.name { kv.append(("name", .string(n))) }
            if let d = m.description { kv.append(("description", .string(d))) }
            kv += [("format", .object([("provider", .string("parquet")), ("options", .object([]))])),
                   ("schemaString", .string(m.schemaString)),
                   ("partitionColumns", .array(m.partitionColumns.map(JSONValue.string))),
                   ("configuration", .object(m.configuration.keys.sorted().map { ($0, .string(m.configuration[$0] ?? "")) }))]
            if let c = m.createdTime { kv.append(("createdTime", .int(c))) }
            return .object([("metaData", .object(kv))])
        case .add(let a):
            var kv: [(String, JSONValue)] = [("path", .string(a.path)), ("partitionValues", strMap(a.partitionValues)),
                                             ("size", .int(a.size)), ("modificationTime", .int(a.modificationTime)),
                                             ("dataChange", .bool(a.dataChange))]
            if let s = a.stats { kv.append(("stats", .string(s))) }
            if let t = a.tags { kv.append(("tags", .object(t.keys.sorted().map { ($0, .string(t[$0] ?? "")) }))) }
            return .object([("add", .object(kv))])
        case .remove(let r):
            var kv: [(String, JSONValue)] = [("path", .string(r.path))]
            if let t = r.deletionTimestamp { kv.append(("deletionTimestamp", .int(t))) }
            kv.append(("dataChange", .bool(r.dataChange)))
            if let e = r.extendedFileMetadata { kv.append(("extendedFileMetadata", .bool(e))) }
            if let p = r.partitionValues { kv.append(("partitionValues", strMap(p))) }
            if let s = r.size { kv.append(("size", .int(s))) }
            return .object([("remove", .object(kv))])
        case .txn(let t):
            var kv: [(String, JSONValue)] = [("appId", .string(t.appId)), ("version", .int(t.version))]
            if let l = t.lastUpdated { kv.append(("lastUpdated", .int(l))) }
            return .object([("txn", .object(kv))])
        case .commitInfo(let c):
            return .object([("commitInfo", c.json)])
        case .other(let key, let v):
            return .object([(key, v)])
        }
    }

    /// Parses one action line. `where` names the file and line for errors.
    public static func parse(_ line: String, where place: String) throws -> Action {
        let v: JSONValue
        do { v = try JSONValue.parse(line) } catch let e as DataFlowError {
            throw DataFlowError("DELTA_INVALID_COMMIT", "\(place): not valid JSON (\(e.message)): \(line.prefix(120))")
        }
        guard case .object(let kv) = v, kv.count == 1, let (key, body) = kv.first, case .object = body else {
            throw DataFlowError("DELTA_INVALID_COMMIT", "\(place): an action must be an object with one key, got \(line.prefix(120))")
        }
        func need<T>(_ x: T?, _ field: String) throws -> T {
            guard let x else { throw DataFlowError("DELTA_INVALID_COMMIT", "\(place): \(key) has no valid '\(field)'") }
            return x
        }
        switch key {
        case "protocol":
            return .protocolAction(ProtocolAction(
                minReaderVersion: Int(try need(body["minReaderVersion"]?.int64Value, "minReaderVersion")),
                minWriterVersion: Int(try need(body["minWriterVersion"]?.int64Value, "minWriterVersion")),
                readerFeatures: body["readerFeatures"]?.arrayValue?.compactMap(\.stringValue),
                writerFeatures: body["writerFeatures"]?.arrayValue?.compactMap(\.stringValue)))
        case "metaData":
            var conf: [String: String] = [:]
            for (k, v) in body["configuration"]?.objectValue ?? [] { conf[k] = v.stringValue ?? v.text }
            return .metadata(Metadata(
                id: try need(body["id"]?.stringValue, "id"), name: body["name"]?.stringValue,
                description: body["description"]?.stringValue,
                schemaString: try need(body["schemaString"]?.stringValue, "schemaString"),
                partitionColumns: (body["partitionColumns"]?.arrayValue ?? []).compactMap(\.stringValue),
                configuration: conf, createdTime: body["createdTime"]?.int64Value))
        case "add":
            var a = AddFile(path: try need(body["path"]?.stringValue, "path"),
                            partitionValues: body["partitionValues"]?.stringMap ?? [:],
                            size: body["size"]?.int64Value ?? 0, modificationTime: body["modificationTime"]?.int64Value ?? 0,
                            dataChange: body["dataChange"]?.boolValue ?? true,
                            stats: body["stats"]?.stringValue, tags: nil)
            if let t = body["tags"], !t.isNull { a.tags = t.stringMap.mapValues { $0 ?? "" } }
            if let dv = body["deletionVector"], !dv.isNull { a.hasDeletionVector = true }
            return .add(a)
        case "remove":
            return .remove(RemoveFile(path: try need(body["path"]?.stringValue, "path"),
                                      deletionTimestamp: body["deletionTimestamp"]?.int64Value,
                                      dataChange: body["dataChange"]?.boolValue ?? true,
                                      extendedFileMetadata: body["extendedFileMetadata"]?.boolValue,
                                      partitionValues: body["partitionValues"].map(\.stringMap),
                                      size: body["size"]?.int64Value))
        case "txn":
            return .txn(SetTransaction(appId: try need(body["appId"]?.stringValue, "appId"),
                                       version: try need(body["version"]?.int64Value, "version"),
                                       lastUpdated: body["lastUpdated"]?.int64Value))
        case "commitInfo":
            return .commitInfo(CommitInfo(json: body))
        default:
            return .other(key, body)
        }
    }
}
