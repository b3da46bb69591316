import DataFlowColumnar
import DataFlowEngine
import Foundation

// The warehouse folder (Spark's `spark.sql.warehouse.dir`): with `Session(warehouse: DIR)`, a managed
// table `t` is the folder `DIR/t/` (name lowercased) of CSV part files with a header, plus the table's
// metadata in `DIR/t/_dataflow_table.json`. A session registers every such folder when it starts, so
// managed tables outlive the session.

/// What `_dataflow_table.json` holds: enough to register the table again in a later session.
struct WarehouseTableMetadata: Codable, Equatable {
    struct Column: Codable, Equatable {
        var name: String
        /// Spark's SQL type name (`int`, `decimal(10,2)`, …).
        var type: String
        var nullable: Bool
        var comment: String?
    }

    /// Bumped when the layout changes incompatibly.
    var version: Int = 1
    var name: String
    var format: String
    /// The table's options in order, as [key, value] pairs.
    var options: [[String]]
    var columns: [Column]
    /// ISO 8601, UTC.
    var created: String

    static let fileName = "_dataflow_table.json"
}

extension Session {
    /// The folder of the managed table `name` in the warehouse.
    func warehouseFolder(_ warehouse: String, _ name: String) -> String {
        (warehouse as NSString).appendingPathComponent(name.lowercased())
    }

    /// Creates the warehouse folder if missing and registers each of its tables. A folder whose metadata
    /// cannot be read is skipped; the returned warnings name it.
    func loadWarehouse(_ dir: String) throws -> [String] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: dir, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw DataFlowError.io("the warehouse '\(dir)' is a file, not a folder")
            }
        } else {
            do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw DataFlowError.io("cannot create the warehouse folder '\(dir)': \(error.localizedDescription)")
            }
        }
        let entries: [String]
        do { entries = try fm.contentsOfDirectory(atPath: dir).sorted() } catch {
            throw DataFlowError.io("cannot list the warehouse folder '\(dir)': \(error.localizedDescription)")
        }
        var warnings: [String] = []
        for entry in entries where !entry.hasPrefix(".") && !entry.hasPrefix("_") {
            let folder = (dir as NSString).appendingPathComponent(entry)
            let metaPath = (folder as NSString).appendingPathComponent(WarehouseTableMetadata.fileName)
            guard fm.fileExists(atPath: metaPath) else { continue }
            do {
                try catalog.register(try warehouseTable(folder: folder, entry: entry, metadataPath: metaPath), replace: false)
            } catch {
                let why = (error as? DataFlowError)?.message ?? "\(error)"
                warnings.append("skipping the warehouse folder '\(folder)': \(why)")
            }
        }
        return warnings
    }

    /// The managed table the metadata file of a warehouse folder describes.
    private func warehouseTable(folder: String, entry: String, metadataPath: String) throws -> CatalogTable {
        guard let data = FileManager.default.contents(atPath: metadataPath) else {
            throw DataFlowError.io("cannot read \(WarehouseTableMetadata.fileName)")
        }
        let meta: WarehouseTableMetadata
        do { meta = try JSONDecoder().decode(WarehouseTableMetadata.self, from: data) } catch {
            throw DataFlowError.io("\(WarehouseTableMetadata.fileName) is not valid table metadata")
        }
        guard meta.version == 1 else {
            throw DataFlowError.io("\(WarehouseTableMetadata.fileName) has version \(meta.version), which this DataFlow does not read")
        }
        // The folder is the table: its name wins over a metadata name that disagrees.
        let name = meta.name.lowercased() == entry.lowercased() ? meta.name : entry
        _ = try catalog.tableName(name)
        let format = try DataSourceFormat(named: meta.format)
        var options: [(String, String)] = []
        for pair in meta.options {
            guard pair.count == 2 else { throw DataFlowError.io("\(WarehouseTableMetadata.fileName) has a malformed option") }
            options.append((pair[0], pair[1]))
        }
        try format.validate(options: options)
        guard !meta.columns.isEmpty else { throw DataFlowError.io("\(WarehouseTableMetadata.fileName) lists no columns") }
        let fields = try meta.columns.map { c in
            guard let type = DataType(sqlName: c.type), type != .null else {
                throw DataFlowError.io("column `\(c.name)` has the unknown type '\(c.type)'")
            }
            return Field(c.name, type, nullable: c.nullable)
        }
        let schema = Schema(fields)
        let files = FileTable(format: format, path: folder, options: options, schema: schema)
        return CatalogTable(name: name, schema: schema, columnComments: meta.columns.map(\.comment),
                            storage: .files(files), managed: true)
    }

    /// Writes a managed table into the warehouse: its folder (replacing one there, with OR REPLACE)
    /// holding the rows as part files and the metadata, then registers it. The new folder is written
    /// aside first, so a failed write leaves the old one as it was.
    func createWarehouseTable(_ warehouse: String, name: String, format: DataSourceFormat, options: [(String, String)],
                              schema: Schema, comments: [String?], batches: [RecordBatch]?, orReplace: Bool,
                              partitionBy: [String] = []) throws {
        let fm = FileManager.default
        let folder = warehouseFolder(warehouse, name)
        let existing = catalog.table(name)
        let ownsFolder = existing.map { t in
            if case .files(let f) = t.storage, t.isManaged { return f.path == folder } else { return false }
        } ?? false
        if fm.fileExists(atPath: folder) && !ownsFolder && !orReplace {
            throw DataFlowError("LOCATION_ALREADY_EXISTS",
                                "Cannot name the managed table `\(name)`, as its associated location '\(folder)' already exists. Please pick a different table name, or remove the existing location first.")
        }
        var options = options
        if format == .csv && !options.contains(where: { $0.0.lowercased() == "header" }) { options.append(("header", "true")) }
        let staging = (warehouse as NSString).appendingPathComponent(".\(name.lowercased())-\(String(UInt64.random(in: 0..<UInt64.max), radix: 16)).tmp")
        do {
            do { try fm.createDirectory(atPath: staging, withIntermediateDirectories: true) } catch {
                throw DataFlowError.io("cannot create the folder of table `\(name)` in the warehouse '\(warehouse)': \(error.localizedDescription)")
            }
            if format == .delta {
                // Version 0 of the table's log: its schema, and the rows of AS SELECT.
                try DeltaSource.write(batches ?? [], schema: schema, to: staging, mode: .errorIfExists, context: context(),
                                      partitionBy: partitionBy, operation: batches == nil ? "CREATE TABLE" : "CREATE TABLE AS SELECT")
            } else if let batches {
                try format.writeParts(batches, schema: schema, folder: staging, options: options, lenient: true)
            }
            let created = ISO8601DateFormatter().string(from: Date())
            let meta = WarehouseTableMetadata(
                name: name, format: format.rawValue, options: options.map { [$0.0, $0.1] },
                columns: schema.fields.enumerated().map { i, f in
                    .init(name: f.name, type: f.type.sqlName, nullable: f.nullable, comment: i < comments.count ? comments[i] : nil)
                },
                created: created)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let metaPath = (staging as NSString).appendingPathComponent(WarehouseTableMetadata.fileName)
            do { try encoder.encode(meta).write(to: URL(fileURLWithPath: metaPath)) } catch {
                throw DataFlowError.io("cannot write the metadata of table `\(name)`: \(error.localizedDescription)")
            }
            if fm.fileExists(atPath: folder) {
                do { try fm.removeItem(atPath: folder) } catch {
                    throw DataFlowError.io("cannot replace the folder '\(folder)' of table `\(name)`: \(error.localizedDescription)")
                }
            }
            do { try fm.moveItem(atPath: staging, toPath: folder) } catch {
                throw DataFlowError.io("cannot create the folder '\(folder)' of table `\(name)`: \(error.localizedDescription)")
            }
        } catch {
            try? fm.removeItem(atPath: staging)
            throw error
        }
        let files = FileTable(format: format, path: folder, options: options, schema: schema)
        let old = try catalog.register(CatalogTable(name: name, schema: schema, columnComments: comments, storage: .files(files), managed: true),
                                       replace: orReplace)
        if let old { cache.refresh(reading: old.provider) }
    }
}
