import DataFlowColumnar
import DataFlowFormats
import Foundation

/// The Parquet data files of a table: written with stats, read by row group with columns matched by name.
enum DeltaDataFiles {
    /// Writes one data file (snappy) and returns its row count, size and column stats.
    static func write(_ batches: [RecordBatch], schema: Schema, to path: String) throws -> DataFileSummary {
        let s = try ParquetWriter.write(batches, schema: schema, to: path, options: ParquetWriteOptions())
        var out = DataFileSummary(rowCount: Int64(s.rowCount), byteSize: Int64(s.byteSize), nullCounts: [:], mins: [:], maxs: [:])
        for (f, c) in zip(schema.fields, s.columns) {
            out.nullCounts[f.name] = Int64(c.nullCount)
            if let m = c.min { out.mins[f.name] = m }
            if let m = c.max { out.maxs[f.name] = m }
        }
        return out
    }

    /// Opens a data file; a missing file's error names it and the log path.
    static func open(_ path: String, logPath: String) throws -> Reader {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataFlowError("DELTA_FILE_NOT_FOUND",
                                "data file \(logPath) named in the transaction log does not exist (\(path)); it may have been deleted by hand or by a vacuum with a short retention")
        }
        return Reader(file: try ParquetFile(path: path))
    }

    struct Reader: Sendable {
        let file: ParquetFile
        var rowGroupCount: Int { file.rowGroups.count }

        /// Row group `rowGroup` as `fields` (matched by name; a column the file lacks reads as nulls,
        /// one written with a narrower type is widened).
        func read(rowGroup: Int, fields: [Field]) throws -> RecordBatch {
            let fs = file.schema
            let n = file.rowGroups[rowGroup].rowCount
            var present: [Int] = []
            var position: [Int?] = []
            for f in fields {
                if let i = fs.index(of: f.name) ?? fs.fields.firstIndex(where: { $0.name.lowercased() == f.name.lowercased() }) {
                    position.append(present.count)
                    present.append(i)
                } else {
                    position.append(nil)
                }
            }
            let data = try file.readRowGroup(rowGroup, columns: present)
            var cols: [Column] = []
            for (f, p) in zip(fields, position) {
                guard let p else { cols.append(Column.nulls(f.type, count: n)); continue }
                var c = data.columns[p]
                if c.type != f.type { c = try Kernels.cast(c, to: f.type, mode: .ansi) }
                cols.append(c)
            }
            return RecordBatch(schema: Schema(fields), columns: cols, rowCount: n)
        }
    }
}
