import DataFlowColumnar
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One row group's row count and per-top-level-column statistics (nil for nested columns).
public struct ParquetRowGroupInfo: Sendable {
    public let rowCount: Int
    public let columns: [ColumnStatistics?]
}

/// A Parquet file opened for reading: the footer is read and validated on open; column chunks are read
/// on demand with `pread` (only the byte ranges of the columns asked for).
public final class ParquetFile: @unchecked Sendable {
    public let path: String
    public let fileSize: Int
    /// The file's schema tree (top-level fields).
    public let fields: [ParquetSchemaNode]
    /// All leaves, depth-first.
    public let leaves: [ParquetLeaf]
    /// The DataFlow schema: one field per top-level Parquet field. A field DataFlow cannot read (a
    /// struct, map, list or unsupported primitive) has type `void`; reading it throws an error naming it.
    public let schema: Schema
    public let rowCount: Int
    public let rowGroups: [ParquetRowGroupInfo]
    public let createdBy: String?
    public let keyValueMetadata: [(key: String, value: String?)]

    let fd: Int32
    let meta: FileMetaData
    /// For each top-level field: its leaf index when flat and supported, else the error reading it gives.
    let fieldLeaf: [Result<Int, DataFlowError>]
    private let lock = NSLock()
    private var _bytesRead = 0

    /// Bytes of column chunks read so far (tests use it to check projection reads only what it needs).
    public var bytesRead: Int { lock.lock(); defer { lock.unlock() }; return _bytesRead }

    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            if errno == ENOENT { throw DataFlowError("PATH_NOT_FOUND", "Path does not exist: \(path)") }
            throw DataFlowError.io("Cannot open \(path): \(String(cString: strerror(errno)))")
        }
        self.fd = fd
        do {
            var st = stat()
            guard fstat(fd, &st) == 0 else { throw DataFlowError.io("Cannot stat \(path)") }
            if (st.st_mode & S_IFMT) == S_IFDIR { throw DataFlowError.io("\(path) is a directory") }
            fileSize = Int(st.st_size)
            func bad(_ why: String) -> DataFlowError {
                DataFlowError("PARQUET_CORRUPT_FILE", "\(path) is not a valid Parquet file: \(why)")
            }
            guard fileSize >= 12 else { throw bad("it is only \(fileSize) bytes long") }
            let tail = try Self.pread(fd, path, offset: fileSize - 8, count: 8)
            let head = try Self.pread(fd, path, offset: 0, count: 4)
            guard head == Array("PAR1".utf8) else { throw bad("it does not start with the magic PAR1") }
            guard Array(tail[4..<8]) == Array("PAR1".utf8) else {
                if Array(tail[4..<8]) == Array("PARE".utf8) { throw DataFlowError("PARQUET_UNSUPPORTED", "\(path) is an encrypted Parquet file, which DataFlow cannot read") }
                throw bad("it does not end with the magic PAR1 (truncated?)")
            }
            let footerLen = Int(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
            guard footerLen > 0, footerLen <= fileSize - 12 else { throw bad("footer length \(footerLen) does not fit a \(fileSize)-byte file") }
            let footer = try Self.pread(fd, path, offset: fileSize - 8 - footerLen, count: footerLen)
            var meta: FileMetaData
            do {
                meta = try footer.withUnsafeBytes { raw in
                    var r = ThriftReader(raw)
                    return try r.fileMetaData()
                }
            } catch let e as DataFlowError { throw bad("garbled footer (\(e.message))") }
            if meta.encrypted { throw DataFlowError("PARQUET_UNSUPPORTED", "\(path) is an encrypted Parquet file, which DataFlow cannot read") }
            let fields: [ParquetSchemaNode]
            do { fields = try ParquetSchemaCodec.parse(meta.schema) } catch let e as DataFlowError { throw bad(e.message) }
            let leaves = ParquetSchemaCodec.leaves(fields)
            let dataEnd = Int64(fileSize - 8 - footerLen)
            guard meta.numRows >= 0 else { throw bad("negative row count") }
            var total: Int64 = 0
            for (g, group) in meta.rowGroups.enumerated() {
                guard group.columns.count == leaves.count else {
                    throw bad("row group \(g) has \(group.columns.count) column chunks for \(leaves.count) columns")
                }
                guard group.numRows >= 0 else { throw bad("row group \(g) has a negative row count") }
                total += group.numRows
                for (c, chunk) in group.columns.enumerated() {
                    guard chunk.filePath == nil else { throw DataFlowError("PARQUET_UNSUPPORTED", "\(path): column chunks in other files are not supported") }
                    guard let m = chunk.metaData else { throw bad("row group \(g) column \(leaves[c].dottedPath) has no metadata") }
                    let (start, len) = Self.chunkRange(m)
                    guard start >= 4, len >= 0, start <= dataEnd, len <= dataEnd - start, m.numValues >= 0 else {
                        throw bad("row group \(g) column \(leaves[c].dottedPath) lies outside the file's data")
                    }
                    guard m.type == leaves[c].physicalType else {
                        throw bad("row group \(g) column \(leaves[c].dottedPath) has type \(m.type), the schema says \(leaves[c].physicalType)")
                    }
                }
            }
            guard total == meta.numRows else { throw bad("row groups hold \(total) rows, the footer says \(meta.numRows)") }

            var dfFields: [Field] = []
            var fieldLeaf: [Result<Int, DataFlowError>] = []
            for (i, f) in fields.enumerated() {
                let nullable = f.repetition != .required
                if case .primitive = f.kind, f.repetition != .repeated, let li = leaves.firstIndex(where: { $0.topLevelField == i }) {
                    switch ParquetTypeMapping.dataType(of: leaves[li]) {
                    case .success(let t):
                        dfFields.append(Field(f.name, t, nullable: nullable))
                        fieldLeaf.append(.success(li))
                    case .failure(let e):
                        dfFields.append(Field(f.name, .null, nullable: true))
                        fieldLeaf.append(.failure(e))
                    }
                } else if let (li, t) = ParquetArrays.listLeaf(f, index: i, leaves: leaves) {
                    dfFields.append(Field(f.name, t, nullable: nullable))
                    fieldLeaf.append(.success(li))
                } else {
                    let kind: String
                    switch (f.kind, f.logicalType ?? Self.logical(f.convertedType)) {
                    case (.group, .list?): kind = "LIST"
                    case (.group, .map?): kind = "MAP"
                    case (.group, _): kind = "a struct (group)"
                    default: kind = "a repeated primitive"
                    }
                    dfFields.append(Field(f.name, .null, nullable: true))
                    fieldLeaf.append(.failure(DataFlowError("PARQUET_UNSUPPORTED_TYPE",
                        "column \(f.name) in \(path) is \(kind), which DataFlow cannot read yet; select other columns")))
                }
            }
            var groups: [ParquetRowGroupInfo] = []
            for g in meta.rowGroups {
                let stats: [ColumnStatistics?] = fieldLeaf.enumerated().map { i, r in
                    guard case .success(let li) = r, let m = g.columns[li].metaData else { return nil }
                    return ParquetStats.columnStatistics(m.statistics, leaf: leaves[li], type: dfFields[i].type, valueCount: Int(g.numRows))
                }
                groups.append(ParquetRowGroupInfo(rowCount: Int(g.numRows), columns: stats))
            }
            self.meta = meta
            self.fields = fields
            self.leaves = leaves
            self.schema = Schema(dfFields)
            self.fieldLeaf = fieldLeaf
            self.rowCount = Int(meta.numRows)
            self.rowGroups = groups
            self.createdBy = meta.createdBy
            self.keyValueMetadata = meta.keyValueMetadata.map { ($0.key, $0.value) }
        } catch {
            close(fd)
            throw error
        }
    }

    deinit { close(fd) }

    static func logical(_ c: ParquetConvertedType?) -> ParquetLogicalType? {
        switch c {
        case .list?: return .list
        case .map?, .mapKeyValue?: return .map
        default: return nil
        }
    }

    /// Start and length of a column chunk's pages.
    static func chunkRange(_ m: ColumnMetaData) -> (Int64, Int64) {
        var start = m.dataPageOffset
        if let d = m.dictionaryPageOffset, d > 0, d < start { start = d }
        return (start, m.totalCompressedSize)
    }

    static func pread(_ fd: Int32, _ path: String, offset: Int, count: Int) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: max(count, 1)) { buf, n in
            var done = 0
            while done < count {
                let r = Glibc.pread(fd, buf.baseAddress! + done, count - done, off_t(offset + done))
                if r < 0 && errno == EINTR { continue }
                guard r > 0 else { n = 0; throw DataFlowError.io("Short read on \(path) at offset \(offset + done)") }
                done += r
            }
            n = count
        }
    }

    /// Decodes leaf `leaf` of row group `group` (optionally only the pages covering `slots`).
    func decodeChunk(group: Int, leaf: Int, slots: Range<Int>? = nil) throws -> DecodedChunk {
        guard group >= 0 && group < meta.rowGroups.count else { throw DataFlowError.invalid("\(path) has no row group \(group)") }
        guard leaf >= 0 && leaf < leaves.count, let m = meta.rowGroups[group].columns[leaf].metaData else {
            throw DataFlowError.invalid("\(path) has no leaf \(leaf)")
        }
        let (start, len) = Self.chunkRange(m)
        do {
            let bytes = try Self.pread(fd, path, offset: Int(start), count: Int(len))
            lock.lock(); _bytesRead += Int(len); lock.unlock()
            let decoder = ParquetChunkDecoder(leaf: leaves[leaf], codec: m.codec, numValues: Int(m.numValues))
            return try bytes.withUnsafeBytes { try decoder.decode($0, slots: slots) }
        } catch let e as DataFlowError {
            throw DataFlowError(e.errorClass, "\(path), row group \(group), column \(leaves[leaf].dottedPath): \(e.message)")
        }
    }

    /// Leaf `leaf`'s data (values and levels) in row group `group`: the API nested readers build on.
    public func readLeaf(rowGroup group: Int, leaf: Int) throws -> ParquetLeafData {
        let d = try decodeChunk(group: group, leaf: leaf)
        do { return try ParquetConvert.leafData(d, leaf: leaves[leaf]) } catch let e as DataFlowError {
            throw DataFlowError(e.errorClass, "\(path), row group \(group), column \(leaves[leaf].dottedPath): \(e.message)")
        }
    }

    /// Columns `columns` (indices into `schema`) of row group `i`, optionally only rows `rows`.
    public func readRowGroup(_ i: Int, columns: [Int], rows: Range<Int>? = nil) throws -> RecordBatch {
        guard i >= 0 && i < rowGroups.count else { throw DataFlowError.invalid("\(path) has no row group \(i)") }
        let n = rowGroups[i].rowCount
        let range = rows ?? 0..<n
        guard range.lowerBound >= 0, range.upperBound <= n else { throw DataFlowError.invalid("rows \(range) outside row group \(i) of \(n) rows") }
        var cols: [Column] = []
        for c in columns {
            guard c >= 0 && c < schema.count else { throw DataFlowError.invalid("\(path) has no column \(c)") }
            let li: Int
            switch fieldLeaf[c] {
            case .success(let x): li = x
            case .failure(let e): throw e
            }
            if schema[c].type.elementType != nil {
                let d = try decodeChunk(group: i, leaf: li)
                do {
                    var col = try ParquetArrays.column(d, leaf: leaves[li], type: schema[c].type, rows: n)
                    if range.count != n { col = col.take((range.lowerBound..<range.upperBound).map { Int32($0) }) }
                    cols.append(col)
                } catch let e as DataFlowError {
                    throw DataFlowError(e.errorClass, "\(path), row group \(i), column \(leaves[li].dottedPath): \(e.message)")
                }
                continue
            }
            let d = try decodeChunk(group: i, leaf: li, slots: rows)
            do {
                let col = try ParquetConvert.column(d, leaf: leaves[li], type: schema[c].type,
                                                    start: range.lowerBound - d.skippedSlots, rows: range.count)
                cols.append(col)
            } catch let e as DataFlowError {
                throw DataFlowError(e.errorClass, "\(path), row group \(i), column \(leaves[li].dottedPath): \(e.message)")
            }
        }
        return RecordBatch(schema: Schema(columns.map { schema[$0] }), columns: cols, rowCount: range.count)
    }

    /// Every row of the file's readable columns (tests and small files).
    public func readAll(columns: [Int]? = nil) throws -> RecordBatch {
        let cols = columns ?? Array(0..<schema.count)
        let batches = try (0..<rowGroups.count).map { try readRowGroup($0, columns: cols) }
        return RecordBatch.concat(batches, schema: Schema(cols.map { schema[$0] }))
    }
}

extension ParquetFile {
    /// The Parquet files `paths` name: files as given, folders' `.parquet` files (skipping names that start
    /// with `_` or `.`), globs' matches — as the CSV reader expands paths.
    public static func expand(_ paths: [String]) throws -> [String] {
        try FileInput.expand(paths, extensions: [".parquet"])
    }
}
