import DataFlow
import DataFlowFormats
import Foundation

/// A stage with learned data beyond its parameters (a model's coefficients, an indexer's labels, ALS's
/// factors). `save` calls `writeData`; `load` restores the parameters, then calls `readData`.
public protocol ModelData {
    func writeData(to folder: ModelFolder) throws
    mutating func readData(from folder: ModelFolder) throws
}

/// A stage made of other stages (a pipeline, a cross-validator's best model): saved as sub-folders.
public protocol CompositeStage {
    func writeStages(to folder: ModelFolder) throws
    mutating func readStages(from folder: ModelFolder) throws
    /// A copy with `map` applied to the inner stages too (parameter grids reach a pipeline's stages).
    func copyingStages(_ map: ParamMap) throws -> any PipelineStage
}

/// The `data/` folder of a saved stage. Small data is JSON (`<name>.json`; doubles round-trip
/// exactly); tables are Parquet (`<name>.parquet`), as Spark stores model data.
public struct ModelFolder: Sendable {
    /// The saved stage's folder (`metadata.json` and `data/` are inside).
    public let path: String
    public var dataPath: String { path + "/data" }

    public init(path: String) { self.path = path }

    public func writeJSON<T: Encodable>(_ name: String, _ value: T) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        try createDirectory(dataPath)
        do { try enc.encode(value).write(to: URL(fileURLWithPath: dataPath + "/" + name + ".json")) } catch {
            throw MLError.persistence("cannot write \(dataPath)/\(name).json: \(error.localizedDescription)")
        }
    }

    public func readJSON<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        let file = dataPath + "/" + name + ".json"
        guard let data = FileManager.default.contents(atPath: file) else {
            throw MLError.persistence("the saved model at \(path) has no data/\(name).json")
        }
        let dec = JSONDecoder()
        dec.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do { return try dec.decode(T.self, from: data) } catch {
            throw MLError.persistence("\(file) is not valid model data: \(error)")
        }
    }

    /// Writes a table as `data/<name>.parquet`.
    public func writeTable(_ name: String, _ batch: RecordBatch) throws {
        try createDirectory(dataPath)
        try ParquetWriter.write([batch], schema: batch.schema, to: dataPath + "/" + name + ".parquet")
    }

    public func readTable(_ name: String) throws -> RecordBatch {
        let file = dataPath + "/" + name + ".parquet"
        guard FileManager.default.fileExists(atPath: file) else {
            throw MLError.persistence("the saved model at \(path) has no data/\(name).parquet")
        }
        return try ParquetFile(path: file).readAll()
    }

    /// The folder of sub-stage `name` (a pipeline's `stages/0_StringIndexer_…`).
    public func child(_ name: String) -> ModelFolder { ModelFolder(path: path + "/" + name) }

    func createDirectory(_ p: String) throws {
        do { try FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true) } catch {
            throw MLError.persistence("cannot create \(p): \(error.localizedDescription)")
        }
    }
}

/// `metadata.json` of a saved stage.
struct StageMetadata: Codable {
    var `class`: String
    var uid: String
    var version: String
    var timestamp: Int64
    var params: [String: ParamValue]
}

extension PipelineStage {
    /// Saves the stage to folder `path`: `metadata.json` (class, uid, version, timestamp, parameters)
    /// and `data/` (learned data). Fails when `path` exists, unless `overwrite`.
    public func save(_ path: String, overwrite: Bool = false) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: path) {
            guard overwrite else {
                throw MLError.persistence("\(path) already exists; use overwrite: true (Spark's write().overwrite()) to replace it")
            }
            do { try fm.removeItem(atPath: path) } catch {
                throw MLError.persistence("cannot remove \(path): \(error.localizedDescription)")
            }
        }
        try write(to: ModelFolder(path: path))
    }

    func write(to folder: ModelFolder) throws {
        try folder.createDirectory(folder.path)
        let meta = StageMetadata(class: Self.className, uid: uid, version: Session.version,
                                 timestamp: Int64(Date().timeIntervalSince1970 * 1000), params: paramValues)
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted]
        do { try enc.encode(meta).write(to: URL(fileURLWithPath: folder.path + "/metadata.json")) } catch {
            throw MLError.persistence("cannot write \(folder.path)/metadata.json: \(error.localizedDescription)")
        }
        if let d = self as? any ModelData { try d.writeData(to: folder) }
        if let c = self as? any CompositeStage { try c.writeStages(to: folder) }
    }

    /// Loads a stage saved by `save`; fails when the folder holds another class.
    public static func load(_ path: String) throws -> Self {
        let stage = try ML.load(path)
        guard let typed = stage as? Self else {
            throw MLError.persistence("\(path) holds a \(type(of: stage).className), not a \(className)")
        }
        return typed
    }

    static func read(from folder: ModelFolder, metadata meta: StageMetadata) throws -> Self {
        var s = Self()
        s.uid = meta.uid
        for (name, value) in meta.params.sorted(by: { $0.key < $1.key }) where s.hasParam(name) {
            // A double saved as 1.0 reads back as the JSON number 1: `set` converts ints for double params.
            try s.set(name, value)
        }
        if var d = s as? any ModelData {
            try d.readData(from: folder)
            guard let back = d as? Self else { throw MLError.persistence("internal: \(className) lost its type while loading") }
            s = back
        }
        if var c = s as? any CompositeStage {
            try c.readStages(from: folder)
            guard let back = c as? Self else { throw MLError.persistence("internal: \(className) lost its type while loading") }
            s = back
        }
        return s
    }
}

extension ML {
    /// Loads any saved stage, whatever its class (looked up in `StageRegistry`).
    public static func load(_ path: String) throws -> any PipelineStage {
        let file = path + "/metadata.json"
        guard let data = FileManager.default.contents(atPath: file) else {
            throw MLError.persistence("\(path) is not a saved model or stage: no metadata.json there")
        }
        let meta: StageMetadata
        do { meta = try JSONDecoder().decode(StageMetadata.self, from: data) } catch {
            throw MLError.persistence("\(file) is not valid stage metadata: \(error)")
        }
        guard let type = StageRegistry.type(named: meta.class) else {
            throw MLError.persistence("\(file) names class '\(meta.class)', which this version of DataFlow does not know")
        }
        return try type.read(from: ModelFolder(path: path), metadata: meta)
    }
}
