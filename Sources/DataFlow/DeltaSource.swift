import DataFlowColumnar
import DataFlowEngine
import DataFlowSQL
import DataFlowTables
import Foundation

/// `format("delta")` for `read` and `write`: reader options (versionAsOf, timestampAsOf) and writer
/// options (mergeSchema, overwriteSchema, replaceWhere, txnAppId/txnVersion, targetFileRows).
enum DeltaSource {
    static let readOptions: Set<String> = ["versionasof", "timestampasof"]
    static let writeOptionNames: Set<String> = ["mergeschema", "overwriteschema", "replacewhere", "txnappid", "txnversion",
                                                "targetfilerows", "partitionby", "userMetadata".lowercased()]

    static func notAFileFormat() -> DataFlowError {
        DataFlowError("UNSUPPORTED_DATA_SOURCE", "delta is a table format: write it with df.write.format(\"delta\").save(path), not as single files")
    }

    static func validate(_ options: [(String, String)]) throws {
        for (k, _) in options where !readOptions.contains(k.lowercased()) && !writeOptionNames.contains(k.lowercased()) {
            throw DataFlowError("INVALID_OPTION", "unknown delta option '\(k)'; known: versionAsOf, timestampAsOf, mergeSchema, overwriteSchema, replaceWhere, txnAppId, txnVersion")
        }
    }

    static func bool(_ v: String, _ k: String) throws -> Bool {
        switch v.lowercased() {
        case "true": return true
        case "false": return false
        default: throw DataFlowError("INVALID_OPTION", "delta option \(k) must be true or false, got '\(v)'")
        }
    }

    /// The table at the version or timestamp the options ask for.
    static func table(paths: [String], options: [(String, String)], schema: Schema?) throws -> any TableProvider {
        guard paths.count == 1, let path = paths.first else {
            throw DataFlowError.invalid("a Delta table is read from one path (got \(paths.count))")
        }
        let log = DeltaLog(tablePath: path)
        var version: Int64?
        for (k, v) in options {
            switch k.lowercased() {
            case "versionasof":
                guard let n = Int64(v.trimmingCharacters(in: .whitespaces)) else {
                    throw DataFlowError("INVALID_OPTION", "versionAsOf must be a version number, got '\(v)'")
                }
                version = n
            case "timestampasof":
                guard let micros = DateTime.parseTimestamp(v) else {
                    throw DataFlowError("INVALID_OPTION", "timestampAsOf must be a timestamp such as '2024-01-02 03:04:05', got '\(v)'")
                }
                let ms = micros >= 0 ? micros / 1000 : (micros - 999) / 1000
                version = try log.version(atTimestamp: ms)
            default:
                if !writeOptionNames.contains(k.lowercased()) {
                    throw DataFlowError("INVALID_OPTION", "unknown delta read option '\(k)'; known: versionAsOf, timestampAsOf")
                }
            }
        }
        let table = try DeltaScanTable(snapshot: log.snapshot(at: version))
        // A catalog table passes the schema it was defined with: it must still be the table's.
        if let schema, schema.fields.map({ "\($0.name.lowercased()) \($0.type)" }) != table.schema.fields.map({ "\($0.name.lowercased()) \($0.type)" }) {
            throw DataFlowError("DELTA_SCHEMA_CHANGED",
                                "The schema given for the Delta table at \(path) does not match the table's (a Delta table has its own schema).\nGiven:\n\(schema.treeString)Table:\n\(table.schema.treeString)")
        }
        return table
    }

    static func writeOptions(_ options: [(String, String)]) throws -> DeltaWriteOptions {
        var o = DeltaWriteOptions()
        for (k, v) in options {
            switch k.lowercased() {
            case "mergeschema": o.mergeSchema = try bool(v, k)
            case "overwriteschema": o.overwriteSchema = try bool(v, k)
            case "replacewhere": o.replaceWhereText = v
            case "txnappid": o.txnAppId = v
            case "txnversion":
                guard let n = Int64(v) else { throw DataFlowError("INVALID_OPTION", "txnVersion must be a number, got '\(v)'") }
                o.txnVersion = n
            case "targetfilerows":
                guard let n = Int(v), n > 0 else { throw DataFlowError("INVALID_OPTION", "targetFileRows must be a positive number, got '\(v)'") }
                o.targetFileRows = n
            case "partitionby": o.partitionBy = v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            default: throw DataFlowError("INVALID_OPTION", "unknown delta write option '\(k)'; known: mergeSchema, overwriteSchema, replaceWhere, txnAppId, txnVersion, targetFileRows")
            }
        }
        return o
    }

    /// `df.write.format("delta").save(path)`.
    /// Writes batches as one commit (INSERT INTO / OVERWRITE, CREATE TABLE AS SELECT).
    static func write(_ batches: [RecordBatch], schema: Schema, to path: String, mode: DeltaWriteMode, context: ExecutionContext,
                      partitionBy: [String] = [], operation: String? = nil) throws {
        var o = DeltaWriteOptions()
        o.mode = mode
        o.operation = operation
        if !partitionBy.isEmpty { o.partitionBy = partitionBy }
        try DeltaTableStore(path: path, context: context).write(batches, schema: schema, options: o)
    }

    static func save(_ frame: DataFrame, to path: String, mode: SaveMode, options: [(String, String)], partitionBy: [String]) throws {
        var o = try writeOptions(options)
        switch mode {
        case .errorIfExists: o.mode = .errorIfExists
        case .append: o.mode = .append
        case .overwrite: o.mode = .overwrite
        case .ignore: o.mode = .ignore
        }
        if !partitionBy.isEmpty { o.partitionBy = partitionBy }
        let qe = try frame.queryExecution()
        let schema = qe.schema
        if let text = o.replaceWhereText {
            if o.mode != .overwrite { throw DataFlowError.invalid("replaceWhere needs mode(.overwrite)") }
            o.replaceWhere = try condition(text, schema: schema)
        }
        let store = DeltaTableStore(path: path, context: frame.session.context())
        // Nothing runs for a write the mode skips.
        if store.exists {
            if o.mode == .ignore { return }
            if o.mode == .errorIfExists {
                throw DataFlowError("DELTA_PATH_EXISTS", "Cannot write to already existent path \(path) without setting the save mode to overwrite or append.")
            }
        }
        let batches = try qe.physical.execute(frame.session.context())
        try store.write(batches, schema: schema, options: o)
    }

    /// A SQL boolean expression (`replaceWhere`, `delete("…")`) over the columns of `schema`.
    static func condition(_ sql: String, schema: Schema) throws -> Expr {
        let name = "__delta_condition"
        let catalog = OneTableCatalog(name: name, plan: .scan(ScanNode(table: InMemoryTable(schema: schema, batches: []))))
        guard case .query(let plan) = try SQLPlanner.plan("SELECT * FROM \(name) WHERE \(sql)", catalog: catalog) else {
            throw DataFlowError.invalid("not a condition: \(sql)")
        }
        var found: Expr?
        _ = plan.transformDown { p in
            if found == nil, case .filter(let e, _) = p { found = e }
            return p
        }
        guard let found else { throw DataFlowError.invalid("not a condition: \(sql)") }
        return found
    }
}

/// A catalog of one name (for planning a condition text against a schema).
struct OneTableCatalog: TableCatalog {
    let name: String
    let plan: LogicalPlan
    func lookup(_ n: String) throws -> LogicalPlan {
        guard n.lowercased() == name.lowercased() else { throw notFound(n) }
        return plan
    }
    var tableNames: [String] { [name] }
}
