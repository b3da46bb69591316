import DataFlowColumnar
import DataFlowEngine

/// How INSERT's data columns become a table's columns, by Spark's ANSI store-assignment rules: a
/// numeric goes into any numeric column, anything into a string column, a date into a timestamp and
/// back; nothing else (a string into an INT column is an error, as in Spark). Values are cast with the
/// engine's ANSI CAST, so an overflow fails and names the column.
struct StoreAssignment {
    let table: CatalogTable
    /// For each table column, the data column that fills it (nil: NULL).
    let sources: [Int?]
    let data: Schema

    /// Checks the columns' count, names and types; `columns` is INSERT's column list (empty: all, by position).
    init(table: CatalogTable, columns: [String], data: Schema) throws {
        self.table = table
        self.data = data
        let target = table.schema
        var targets: [Int] = []
        if columns.isEmpty {
            targets = Array(0..<target.count)
        } else {
            for c in columns {
                guard let i = target.index(of: c) else {
                    var msg = "INSERT names the column `\(c)`, but table `\(table.name)` has no such column"
                    if let s = suggestion(for: c, among: target.names) { msg += "; did you mean `\(s)`?" }
                    else { msg += " (its columns: \(target.names.map { "`\($0)`" }.joined(separator: ", ")))" }
                    throw DataFlowError("UNRESOLVED_COLUMN", msg + ".")
                }
                guard !targets.contains(i) else {
                    throw DataFlowError("COLUMN_ALREADY_EXISTS", "INSERT names the column `\(c)` twice.")
                }
                targets.append(i)
            }
        }
        guard data.count == targets.count else {
            let reason = data.count > targets.count ? "too many data columns" : "not enough data columns"
            throw DataFlowError("INSERT_COLUMN_ARITY_MISMATCH",
                                "Cannot write to `\(table.name)`: \(reason). Table columns: \(targets.map { "`\(target[$0].name)`" }.joined(separator: ", ")). Data columns: \(data.names.map { "`\($0)`" }.joined(separator: ", ")).")
        }
        var sources = [Int?](repeating: nil, count: target.count)
        for (d, t) in targets.enumerated() {
            let from = data[d].type, to = target[t].type
            guard StoreAssignment.allowed(from, to) else {
                throw DataFlowError("INCOMPATIBLE_DATA_FOR_TABLE",
                                    "Cannot write incompatible data for table `\(table.name)`: cannot safely cast \(from.sqlName.uppercased()) to \(to.sqlName.uppercased()) for column `\(target[t].name)`. CAST the value explicitly if that is what you mean.")
            }
            sources[t] = d
        }
        for (t, f) in target.fields.enumerated() where sources[t] == nil && !f.nullable {
            throw DataFlowError("NOT_NULL_ASSERT_VIOLATION",
                                "INSERT into `\(table.name)` gives no value for the NOT NULL column `\(f.name)`.")
        }
        self.sources = sources
    }

    /// Spark's `Cast.canANSIStoreAssign` over DataFlow's types.
    static func allowed(_ from: DataType, _ to: DataType) -> Bool {
        if from == to || from == .null || to == .string { return true }
        if from.isNumeric && to.isNumeric { return true }
        switch (from, to) {
        case (.date, .timestamp), (.timestamp, .date): return true
        default: return false
        }
    }

    /// One batch of data rows as rows of the table.
    func convert(_ batch: RecordBatch) throws -> RecordBatch {
        let target = table.schema
        var columns: [DataFlowColumnar.Column] = []
        for (t, field) in target.fields.enumerated() {
            guard let d = sources[t] else {
                columns.append(DataFlowColumnar.Column.nulls(field.type, count: batch.rowCount))
                continue
            }
            let column: DataFlowColumnar.Column
            do { column = try Kernels.cast(batch.columns[d], to: field.type, mode: .ansi) } catch let e as DataFlowError {
                if e.errorClass.contains("OVERFLOW") || e.errorClass == "NUMERIC_VALUE_OUT_OF_RANGE" {
                    throw DataFlowError("CAST_OVERFLOW_IN_TABLE_INSERT",
                                        "Fail to insert a value of \(data[d].type.sqlName.uppercased()) type into the \(field.type.sqlName.uppercased()) column `\(field.name)` of table `\(table.name)` due to an overflow (\(e.message))")
                }
                throw DataFlowError(e.errorClass, "\(e.message) (column `\(field.name)` of table `\(table.name)`)")
            }
            if !field.nullable && column.nullCount > 0 {
                throw DataFlowError("NOT_NULL_ASSERT_VIOLATION",
                                    "INSERT into `\(table.name)` puts NULL into the NOT NULL column `\(field.name)`.")
            }
            columns.append(column)
        }
        return RecordBatch(schema: target, columns: columns, rowCount: batch.rowCount)
    }
}
