import DataFlowColumnar
import DataFlowEngine
import DataFlowSQL
import Foundation

// SQL's table statements — CREATE TABLE, INSERT, DROP TABLE/VIEW — carried out on the session catalog
// with Spark's semantics. Managed tables (no LOCATION) are folders in the session's warehouse
// (Warehouse.swift), or live in memory for a session without one; external ones are files in a
// `DataSourceFormat`.

extension Session {
    func createTable(_ d: TableDefinition) throws {
        let name = try catalog.tableName(d.name)
        if catalog.table(name) != nil {
            if d.ifNotExists { return }
            if !d.orReplace { throw catalog.tableExistsError(name) }
        }
        let format = try d.format.map { try DataSourceFormat(named: $0) }
        var options = d.options.map { ($0.key, $0.value) }
        let pathOptions = options.filter { $0.0.lowercased() == "path" }.map(\.1)
        if d.location != nil && !pathOptions.isEmpty {
            throw DataFlowError("INVALID_OPTION",
                                "CREATE TABLE `\(name)` gives its path twice, as LOCATION and as OPTIONS (path …); give only one.")
        }
        options.removeAll { $0.0.lowercased() == "path" }
        guard let location = d.location ?? pathOptions.last else {
            try format?.validate(options: options)
            try createManagedTable(name, d, format: format, options: options)
            return
        }
        let f = try format ?? DataSourceFormat(named: DataSourceFormat.defaultName)
        try f.validate(options: options)
        let old = catalog.table(name)
        if d.query != nil {
            try createTableAsSelect(name, d, format: f, location: location, options: options)
        } else {
            try createExternalTable(name, d, format: f, location: location, options: options)
        }
        // OR REPLACE of a managed warehouse table by an external one: the old table's folder goes, as
        // DROP TABLE would remove it.
        if let old, case .files(let oldFiles) = old.storage, old.isManaged, catalog.table(name) !== old {
            cache.refresh(reading: old.provider)
            let newPath = URL(fileURLWithPath: location).standardizedFileURL.path
            if newPath != oldFiles.path { try? FileManager.default.removeItem(atPath: oldFiles.path) }
        }
    }

    /// No LOCATION: a folder in the warehouse, or without a warehouse the rows are kept in memory.
    private func createManagedTable(_ name: String, _ d: TableDefinition, format: DataSourceFormat?,
                                    options: [(String, String)]) throws {
        if let warehouse {
            // Managed tables are Delta tables unless USING says otherwise (as on Databricks), so that
            // DELETE, UPDATE, MERGE, history and time travel work on them.
            let f = format ?? .delta
            if !d.partitionedBy.isEmpty && f != .delta {
                throw DataFlowError("UNSUPPORTED_FEATURE", "PARTITIONED BY is supported for Delta tables only (table `\(name)`).")
            }
            if let columns = d.columns {
                try createWarehouseTable(warehouse, name: name, format: f, options: options, schema: Schema(columns),
                                         comments: d.columnComments, batches: nil, orReplace: d.orReplace, partitionBy: d.partitionedBy)
            } else if let query = d.query {
                let (schema, batches) = try runForTable(name, query)
                try createWarehouseTable(warehouse, name: name, format: f, options: options, schema: schema,
                                         comments: [], batches: batches, orReplace: d.orReplace, partitionBy: d.partitionedBy)
            } else {
                throw DataFlowError("UNABLE_TO_INFER_SCHEMA",
                                    "CREATE TABLE `\(name)` needs a column list or an AS SELECT query (or a LOCATION whose files give the columns).")
            }
            return
        }
        if !d.partitionedBy.isEmpty {
            throw DataFlowError("UNSUPPORTED_FEATURE",
                                "PARTITIONED BY needs a Delta table with files: give a LOCATION, or start the session with a warehouse (table `\(name)`).")
        }
        let table: CatalogTable
        if let columns = d.columns {
            let schema = Schema(columns)
            table = CatalogTable(name: name, schema: schema, columnComments: d.columnComments,
                                 storage: .memory(MemoryTable(name: name, schema: schema)))
        } else if let query = d.query {
            let (schema, batches) = try runForTable(name, query)
            table = CatalogTable(name: name, schema: schema, storage: .memory(MemoryTable(name: name, schema: schema, batches: batches)))
        } else {
            throw DataFlowError("UNABLE_TO_INFER_SCHEMA",
                                "CREATE TABLE `\(name)` needs a column list, an AS SELECT query, or a LOCATION whose files give the columns.")
        }
        try catalog.register(table, replace: d.orReplace)
    }

    /// CREATE TABLE … LOCATION '…' AS SELECT: writes the result into the (new or empty) folder, then
    /// registers an external table over it. Without a `header` option the files get a header line and
    /// the table records `header 'true'`, so that reading back finds the column names (Spark's own
    /// default is no header; the choice only matters to other readers of the files).
    private func createTableAsSelect(_ name: String, _ d: TableDefinition, format: DataSourceFormat, location: String,
                                     options: [(String, String)]) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: location, isDirectory: &isDir) {
            let nonEmpty = !isDir.boolValue || !((try? fm.contentsOfDirectory(atPath: location))?.isEmpty ?? true)
            if nonEmpty {
                throw DataFlowError("LOCATION_ALREADY_EXISTS",
                                    "Cannot create table `\(name)` AS SELECT at '\(location)': that location already exists and is not an empty folder.")
            }
        }
        var options = options
        if format == .csv && !options.contains(where: { $0.0.lowercased() == "header" }) { options.append(("header", "true")) }
        guard let query = d.query else { return }
        let (schema, batches) = try runForTable(name, query)
        if format == .delta {
            try DeltaSource.write(batches, schema: schema, to: location, mode: .errorIfExists, context: context(),
                                  partitionBy: d.partitionedBy, operation: "CREATE TABLE AS SELECT")
        } else {
            try format.writeParts(batches, schema: schema, folder: location, options: options, lenient: true)
        }
        let files = FileTable(format: format, path: location, options: options, schema: schema)
        try catalog.register(CatalogTable(name: name, schema: schema, storage: .files(files)), replace: d.orReplace)
    }

    /// CREATE TABLE … USING f LOCATION '…' (or OPTIONS (path '…')) over files that are there: the
    /// declared columns, or those the files give (header, inferSchema) — fixed now, as Spark keeps them.
    private func createExternalTable(_ name: String, _ d: TableDefinition, format: DataSourceFormat, location: String,
                                     options: [(String, String)]) throws {
        let schema: Schema
        if let columns = d.columns, format == .delta, !DeltaTable.isDeltaTable(self, location) {
            // A new Delta table: version 0 holds its schema (and partition columns).
            schema = Schema(columns)
            try DeltaSource.write([], schema: schema, to: location, mode: .errorIfExists, context: context(),
                                  partitionBy: d.partitionedBy, operation: "CREATE TABLE")
        } else if let columns = d.columns {
            schema = Schema(columns)
            if !FileTable.isPattern(location) && !FileManager.default.fileExists(atPath: location) {
                do { try FileManager.default.createDirectory(atPath: location, withIntermediateDirectories: true) } catch {
                    throw DataFlowError.io("cannot create the folder '\(location)' of table `\(name)`: \(error.localizedDescription)")
                }
            }
        } else {
            schema = try format.table(paths: [location], options: options, schema: nil, lenient: true).schema
            guard !schema.fields.isEmpty else {
                throw DataFlowError("UNABLE_TO_INFER_SCHEMA",
                                    "Unable to infer the schema of table `\(name)`: '\(location)' has no \(format.rawValue) data. Declare the columns: CREATE TABLE \(name) (a INT, …) USING \(format.rawValue) LOCATION '…'.")
            }
        }
        let files = FileTable(format: format, path: location, options: options, schema: schema)
        try catalog.register(CatalogTable(name: name, schema: schema, columnComments: d.columnComments, storage: .files(files)),
                             replace: d.orReplace)
    }

    /// Runs a CREATE TABLE … AS query: its schema (every column nullable, as Spark's CTAS) and rows.
    private func runForTable(_ name: String, _ query: LogicalPlan) throws -> (Schema, [RecordBatch]) {
        let qe = try DataFrame(self, query).queryExecution()
        var seen = Set<String>()
        for f in qe.schema.fields {
            guard seen.insert(f.name.lowercased()).inserted else {
                throw DataFlowError("COLUMN_ALREADY_EXISTS", "The column `\(f.name)` appears twice in the query of CREATE TABLE `\(name)`; give the columns distinct aliases.")
            }
            if f.type == .null {
                throw DataFlowError("UNSUPPORTED_DATATYPE", "Column `\(f.name)` of table `\(name)` would have type void (it is NULL); CAST it to a type.")
            }
        }
        let schema = Schema(qe.schema.fields.map { Field($0.name, $0.type) })
        let batches = try qe.physical.execute(context()).map { RecordBatch(schema: schema, columns: $0.columns, rowCount: $0.rowCount) }
        return (schema, batches)
    }

    // MARK: INSERT

    /// INSERT INTO|OVERWRITE: data columns matched to the table's by position (or to the listed ones;
    /// the others get NULL), cast by Spark's ANSI store assignment, then appended or put in place.
    func insert(into name: String, columns: [String], overwrite: Bool, query: LogicalPlan) throws {
        if catalog.viewExists(name) {
            throw DataFlowError("EXPECT_TABLE_NOT_VIEW",
                                "INSERT expects a table, but `\(name)` is a temporary view; inserting into a view is not allowed.")
        }
        guard let table = catalog.table(name) else { throw catalog.notFound(name) }
        if case .files(let f) = table.storage, !f.isFolder, !f.isPattern, !FileManager.default.fileExists(atPath: f.path) {
            throw DataFlowError("PATH_NOT_FOUND", "The path '\(f.path)' of table `\(table.name)` does not exist any more.")
        }
        if case .files(let f) = table.storage, !f.isFolder {
            throw DataFlowError("UNSUPPORTED_INSERT",
                                "Cannot insert into table `\(table.name)`: its path '\(f.path)' is a single file or a pattern, and INSERT writes new part files into a folder. Create the table over a folder (LOCATION '/dir') to insert into it.")
        }
        let qe = try DataFrame(self, query).queryExecution()
        let assignment = try StoreAssignment(table: table, columns: columns, data: qe.schema)
        let batches = try qe.physical.execute(context()).map(assignment.convert)
        switch table.storage {
        case .memory(let m):
            if overwrite { m.replace(with: batches) } else { m.append(batches) }
        case .files(let f) where f.format == .delta:
            // One commit: an append, or an overwrite that removes the old files in the same commit.
            try DeltaSource.write(batches, schema: f.schema, to: f.path, mode: overwrite ? .overwrite : .append, context: context())
        case .files(let f):
            // New parts first, old ones removed after: a failed write leaves the table as it was.
            let written = try f.format.writeParts(batches, schema: f.schema, folder: f.path, options: f.options, lenient: true)
            if overwrite { try f.format.removeDataFiles(in: f.path, keeping: Set(written).union(["_SUCCESS"])) }
        }
        cache.refresh(reading: table.provider)
    }

    // MARK: DROP

    /// DROP TABLE: a temporary view of that name is dropped instead (Spark's DROP TABLE accepts temporary
    /// views); a managed table's rows (or warehouse folder) go with it, an external table's files stay.
    func dropTable(_ name: String, ifExists: Bool) throws {
        if catalog.dropTempView(name) { return }
        guard let table = catalog.removeTable(name) else {
            if ifExists { return }
            throw catalog.notFound(name)
        }
        cache.refresh(reading: table.provider)
        if case .files(let f) = table.storage, table.isManaged, FileManager.default.fileExists(atPath: f.path) {
            do { try FileManager.default.removeItem(atPath: f.path) } catch {
                throw DataFlowError.io("dropped table `\(table.name)`, but could not remove its folder '\(f.path)': \(error.localizedDescription)")
            }
        }
    }

    func dropView(_ name: String, ifExists: Bool) throws {
        if catalog.dropTempView(name) { return }
        if let t = catalog.table(name) {
            throw DataFlowError("WRONG_COMMAND_FOR_OBJECT_TYPE",
                                "DROP VIEW expects a view, but `\(t.name)` is a table (\(t.tableType)). Use DROP TABLE \(t.name) instead.")
        }
        if !ifExists { throw catalog.notFound(name) }
    }
}
