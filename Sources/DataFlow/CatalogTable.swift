import DataFlowColumnar
import DataFlowEngine
import Foundation
import Synchronization

/// A table in the session catalog (`CREATE TABLE`). A managed table is a folder of files in the
/// session's warehouse (`Session(warehouse:)`), removed when the table is dropped, or — in a session
/// without a warehouse — rows held in memory for the life of the session; an external one is files in
/// a format at a LOCATION, which stay when the table is dropped.
final class CatalogTable: Sendable {
    enum Storage: Sendable {
        case memory(MemoryTable)
        case files(FileTable)
    }

    let name: String
    /// The declared schema (nullability as declared; INSERT enforces NOT NULL).
    let schema: Schema
    let columnComments: [String?]
    let storage: Storage
    /// Files in the warehouse that belong to the table (a memory table is always managed).
    private let managedFiles: Bool

    init(name: String, schema: Schema, columnComments: [String?] = [], storage: Storage, managed: Bool = false) {
        self.name = name
        self.schema = schema
        self.columnComments = columnComments
        self.storage = storage
        managedFiles = managed
    }

    /// Whether dropping the table drops its data (Spark's MANAGED).
    var isManaged: Bool {
        switch storage {
        case .memory: return true
        case .files: return managedFiles
        }
    }

    /// Spark's `tableType`.
    var tableType: String { isManaged ? "MANAGED" : "EXTERNAL" }

    var provider: any TableProvider {
        switch storage {
        case .memory(let m): return m
        case .files(let f): return f
        }
    }

    var plan: LogicalPlan { .alias(name, .scan(ScanNode(table: provider))) }
}

/// The rows of a managed table. INSERT appends or replaces batches; a scan sees the rows there were
/// when it started.
final class MemoryTable: TableProvider {
    let schema: Schema
    private let batches: Mutex<[RecordBatch]>
    let displayName: String

    init(name: String, schema: Schema, batches: [RecordBatch] = []) {
        self.schema = schema
        self.batches = Mutex(batches.filter { $0.rowCount > 0 })
        displayName = "table \(name)"
    }

    var estimatedRows: Int? { batches.withLock { $0.reduce(0) { $0 + $1.rowCount } } }

    func append(_ more: [RecordBatch]) { batches.withLock { $0 += more.filter { $0.rowCount > 0 } } }
    func replace(with new: [RecordBatch]) { batches.withLock { $0 = new.filter { $0.rowCount > 0 } } }

    func scan(columns: [Int], context: ExecutionContext) throws -> MorselSource {
        let snapshot = batches.withLock { $0 }
        let outSchema = Schema(columns.map { schema[$0] })
        return MorselSource(count: snapshot.count) { i in
            RecordBatch(schema: outSchema, columns: columns.map { snapshot[i].columns[$0] }, rowCount: snapshot[i].rowCount)
        }
    }
}

/// Files as a table: listed and opened when a scan starts (not when the table is created), so a scan
/// sees the part files INSERT added since. The schema is fixed when the table is created, as Spark
/// keeps it in its catalog; every column reads as nullable.
final class FileTable: TableProvider {
    let format: DataSourceFormat
    /// A file, a folder of part files, or a glob.
    let path: String
    /// The table's options, for both reading and writing (header, delimiter, …).
    let options: [(String, String)]
    let schema: Schema

    init(format: DataSourceFormat, path: String, options: [(String, String)], schema: Schema) {
        self.format = format
        self.path = path
        self.options = options
        self.schema = Schema(schema.fields.map { Field($0.name, $0.type) })
    }

    var displayName: String { "\(format.rawValue) [\(path)]" }
    var estimatedRows: Int? { nil }

    /// INSERT writes new part files into a folder; a single file or a glob cannot take them.
    var isFolder: Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    /// A glob (`data/*.csv`) rather than a file or folder.
    var isPattern: Bool { FileTable.isPattern(path) }
    static func isPattern(_ path: String) -> Bool { path.contains { "*?[".contains($0) } }

    func scan(columns: [Int], context: ExecutionContext) throws -> MorselSource {
        try format.table(paths: [path], options: options, schema: schema, lenient: true).scan(columns: columns, context: context)
    }

    func scan(columns: [Int], filters: [Expr], context: ExecutionContext) throws -> MorselSource {
        try format.table(paths: [path], options: options, schema: schema, lenient: true)
            .scan(columns: columns, filters: filters, context: context)
    }
}
