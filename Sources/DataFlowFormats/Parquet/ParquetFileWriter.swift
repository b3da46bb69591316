import DataFlowColumnar
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes a Parquet file leaf by leaf: open with a schema tree, add row groups (one `ParquetLeafData`
/// per leaf), close to write the footer. Nested columns (structs, lists, maps) go through here;
/// `ParquetWriter` maps DataFlow batches onto it.
public final class ParquetFileWriter {
    public let path: String
    public let fields: [ParquetSchemaNode]
    public let leaves: [ParquetLeaf]
    public let options: ParquetWriteOptions
    private var file: UnsafeMutablePointer<FILE>?
    private var offset: Int64 = 0
    private var rowGroups: [RowGroup] = []
    private var numRows: Int64 = 0
    /// Each row group's per-leaf statistics, as written.
    public private(set) var rowGroupStatistics: [[ParquetRawStatistics]] = []

    public static let createdBy = "DataFlow version 0.1"

    public init(path: String, fields: [ParquetSchemaNode], options: ParquetWriteOptions = ParquetWriteOptions()) throws {
        self.path = path
        self.fields = fields
        self.leaves = ParquetSchemaCodec.leaves(fields)
        self.options = options
        guard let f = fopen(path, "wb") else {
            throw DataFlowError.io("Cannot create \(path): \(String(cString: strerror(errno)))")
        }
        file = f
        try put(Array("PAR1".utf8))
    }

    deinit { if let f = file { fclose(f) } }

    private func put(_ bytes: [UInt8]) throws {
        guard let f = file else { throw DataFlowError.io("\(path) is already closed") }
        let n = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        guard n == bytes.count else { throw DataFlowError.io("Cannot write \(path): \(String(cString: strerror(errno)))") }
        offset += Int64(n)
    }

    /// Appends a row group of `rowCount` rows; `data[i]` is leaf i's data.
    public func writeRowGroup(rowCount: Int, _ data: [ParquetLeafData]) throws {
        guard data.count == leaves.count else {
            throw DataFlowError.invalid("row group has \(data.count) leaves; the schema has \(leaves.count)")
        }
        var group = RowGroup(numRows: Int64(rowCount))
        group.fileOffset = offset
        group.ordinal = Int16(truncatingIfNeeded: rowGroups.count)
        var compressed: Int64 = 0, uncompressed: Int64 = 0
        var stats: [ParquetRawStatistics] = []
        // Encode and compress the column chunks in parallel, then append them in order.
        let results = EncodedChunks(count: leaves.count)
        let leaves = self.leaves, options = self.options
        DispatchQueue.concurrentPerform(iterations: leaves.count) { i in
            results.set(i, Result { try ParquetColumnWriter(leaf: leaves[i], options: options).write(data[i]) })
        }
        for (i, leaf) in leaves.enumerated() {
            let out = try results.get(i)
            let start = offset
            try put(out.bytes)
            var m = ColumnMetaData()
            m.type = leaf.physicalType
            m.encodings = out.encodings.sorted()
            m.pathInSchema = leaf.path
            m.codec = options.compression
            m.numValues = Int64(out.numValues)
            m.totalUncompressedSize = Int64(out.uncompressedSize)
            m.totalCompressedSize = Int64(out.bytes.count)
            if let dsize = out.dictionaryPageSize {
                m.dictionaryPageOffset = start
                m.dataPageOffset = start + Int64(dsize)
            } else {
                m.dataPageOffset = start
            }
            m.statistics = out.statistics
            stats.append(out.statistics)
            group.columns.append(ColumnChunk(fileOffset: start, metaData: m))
            compressed += Int64(out.bytes.count)
            uncompressed += Int64(out.uncompressedSize)
        }
        group.totalByteSize = uncompressed
        group.totalCompressedSize = compressed
        rowGroups.append(group)
        rowGroupStatistics.append(stats)
        numRows += Int64(rowCount)
    }

    /// Writes the footer and closes the file; returns the file's size in bytes.
    @discardableResult
    public func close(keyValueMetadata: [(String, String)] = []) throws -> Int {
        var meta = FileMetaData()
        meta.version = 1
        meta.schema = ParquetSchemaCodec.flatten(fields)
        meta.numRows = numRows
        meta.rowGroups = rowGroups
        meta.keyValueMetadata = keyValueMetadata.map { KeyValue(key: $0.0, value: $0.1) }
        meta.createdBy = Self.createdBy
        meta.columnOrderCount = leaves.count
        var w = ThriftWriter()
        w.structBody { $0.fileMetaData(meta) }
        try put(w.bytes)
        try put(ParquetColumnWriter.le32(w.bytes.count) + Array("PAR1".utf8))
        guard let f = file else { return Int(offset) }
        file = nil
        guard fclose(f) == 0 else { throw DataFlowError.io("Cannot finish writing \(path): \(String(cString: strerror(errno)))") }
        return Int(offset)
    }
}

/// Slots for chunks encoded on several threads (each slot written by one iteration only).
private final class EncodedChunks: @unchecked Sendable {
    private var slots: [Result<ParquetColumnWriter.Output, Error>?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<ParquetColumnWriter.Output, Error>) { lock.lock(); slots[i] = r; lock.unlock() }
    func get(_ i: Int) throws -> ParquetColumnWriter.Output {
        lock.lock(); defer { lock.unlock() }
        guard let r = slots[i] else { throw DataFlowError.io("column chunk \(i) was not encoded") }
        return try r.get()
    }
}

/// Writes DataFlow record batches as a Parquet file, the way Spark lays them out (see `ParquetTypeMapping`).
public enum ParquetWriter {
    /// Writes `batches` (all of `schema`) to `path` in row groups of `options.rowGroupRows` rows.
    @discardableResult
    public static func write(_ batches: [RecordBatch], schema: Schema, to path: String,
                             options: ParquetWriteOptions = ParquetWriteOptions()) throws -> ParquetFileSummary {
        let fields = try schema.fields.map { try ParquetTypeMapping.node(for: $0) }
        let writer = try ParquetFileWriter(path: path, fields: fields, options: options)
        var pending: [RecordBatch] = [], pendingRows = 0, total = 0
        var summaries = schema.fields.map { _ in ParquetFileSummary.ColumnSummary(nullCount: 0, min: nil, max: nil) }
        let leaves = writer.leaves
        func flush() throws {
            if pendingRows == 0 && total > 0 { return }
            var data: [ParquetLeafData] = []
            for (c, field) in schema.fields.enumerated() {
                let cols = pending.map { $0.columns[c] }
                let d = field.type.elementType != nil
                    ? try ParquetArrays.leafData(cols, field: field, leaf: leaves[c])
                    : try ParquetFlatColumns.leafData(cols, field: field, leaf: leaves[c])
                data.append(d)
            }
            try writer.writeRowGroup(rowCount: pendingRows, data)
            if let stats = writer.rowGroupStatistics.last {
                for c in 0..<schema.count where schema[c].type.elementType == nil {
                    let s = ParquetStats.columnStatistics(stats[c], leaf: leaves[c], type: schema[c].type, valueCount: pendingRows)
                    summaries[c].nullCount += s.nullCount ?? 0
                    if let m = s.min { summaries[c].min = summaries[c].min.map { ValueOrder.less(m, $0) ? m : $0 } ?? m }
                    if let m = s.max { summaries[c].max = summaries[c].max.map { ValueOrder.less($0, m) ? m : $0 } ?? m }
                }
            }
            total += pendingRows
            pending = []
            pendingRows = 0
        }
        do {
            for batch in batches {
                var start = 0
                while start < batch.rowCount {
                    let n = min(batch.rowCount - start, options.rowGroupRows - pendingRows)
                    pending.append(batch.slice(start, n).with(schema: schema))
                    pendingRows += n
                    start += n
                    if pendingRows == options.rowGroupRows { try flush() }
                }
            }
            if pendingRows > 0 || total == 0 { try flush() }
            let size = try writer.close()
            return ParquetFileSummary(rowCount: total, byteSize: size, columns: summaries)
        } catch {
            _ = try? writer.close()
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }
}
