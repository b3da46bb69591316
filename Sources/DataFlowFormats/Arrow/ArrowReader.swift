import DataFlowColumnar
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A node (`FieldNode`) and a buffer (`Buffer`) of a record batch message.
struct ArrowNode: Sendable { let length: Int; let nullCount: Int }
struct ArrowBufferRef: Sendable { let offset: Int; let length: Int }

/// One record batch's metadata, and the dictionaries in effect for it.
struct ArrowBatchInfo: Sendable {
    let length: Int
    let nodes: [ArrowNode]
    let buffers: [ArrowBufferRef]
    /// File position of the body.
    let bodyStart: Int
    let bodyLength: Int
    let dictionaries: [Int64: Column]
}

/// An Arrow IPC file (`ARROW1` file format) or stream, read into memory and parsed: schema, dictionaries,
/// and the metadata of every record batch. Batches decode on demand, from any thread; fixed-width
/// buffers, validity bitmaps and string bytes are referenced in place (no copy) when aligned.
///
/// ```swift
/// let file = try ArrowFile(path: "data.arrow")
/// let batches = try file.readAll()
/// ```
public final class ArrowFile: Sendable {
    public let path: String
    /// The file's bytes.
    let data: Buffer
    let size: Int
    let fields: [ArrowField]
    public let schema: Schema
    let batches: [ArrowBatchInfo]
    /// Whether the input is the streaming format (no footer).
    public let isStream: Bool
    /// First buffer and node index of each field within a batch's lists.
    let bufferIndex: [Int]
    let nodeIndex: [Int]

    public static let fileExtensions = [".arrow", ".arrows", ".feather", ".ipc"]
    static let magic: [UInt8] = Array("ARROW1".utf8)

    public convenience init(path: String) throws {
        let (buf, size) = try FileInput.withOpenFile(path) { f, size in
            let buf = Buffer(byteCount: size)
            if size > 0 && fread(buf.raw, 1, size, f) != size { throw DataFlowError.io("Short read on \(path)") }
            return (buf, size)
        }
        try self.init(data: buf, size: size, path: path)
    }

    /// Parses bytes already in memory (`data` holds `size` bytes).
    public init(data: Buffer, size: Int, path: String) throws {
        self.path = path
        self.data = data
        self.size = size
        let bytes = UnsafeRawBufferPointer(start: data.raw, count: size)
        func corrupt(_ what: String) -> DataFlowError {
            DataFlowError("CORRUPT_FILE", "\(path) is not a valid Arrow IPC file: \(what).")
        }
        let isFile = size >= 6 && memcmp(data.raw, ArrowFile.magic, 6) == 0
        isStream = !isFile
        var fields: [ArrowField] = []
        var infos: [ArrowBatchInfo] = []
        var dicts: [Int64: Column] = [:]
        let reader = MessageReader(data: data, size: size, path: path)
        if isFile {
            guard size >= 6 + 2 + 4 + 6, memcmp(data.raw + size - 6, ArrowFile.magic, 6) == 0 else {
                throw corrupt("the file is truncated (no closing ARROW1 magic)")
            }
            let footerLen = Int(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: size - 10, as: Int32.self)))
            guard footerLen > 0, footerLen <= size - 18 else { throw corrupt("bad footer length \(footerLen)") }
            let fr = FBReader(base: data.raw + (size - 10 - footerLen), count: footerLen, context: path)
            let footer = try fr.root()
            guard let st = try footer.table(1) else { throw corrupt("the footer has no schema") }
            fields = try ArrowMetadata.schema(st)
            func blocks(_ id: Int) throws -> [(Int, Int, Int)] {
                guard let (start, n) = try footer.vector(id, elementSize: 24) else { return [] }
                return try (0..<n).map { i in
                    let p = start + 24 * i
                    return (Int(try fr.load(p, Int64.self)), Int(try fr.load(p + 8, Int32.self)), Int(try fr.load(p + 16, Int64.self)))
                }
            }
            for (off, _, _) in try blocks(2) {
                let m = try reader.message(at: off)
                try ArrowFile.applyDictionary(m, fields: fields, into: &dicts, reader: reader)
            }
            for (off, _, _) in try blocks(3) {
                let m = try reader.message(at: off)
                guard m.headerType == 3 else { throw corrupt("a record batch block points at another message") }
                infos.append(try reader.batchInfo(m, dictionaries: dicts))
            }
        } else {
            var pos = 0
            var sawSchema = false
            while pos < size {
                let m = try reader.message(at: pos)
                if m.isEnd { break }
                pos = m.next
                switch m.headerType {
                case 1:
                    guard !sawSchema, let h = m.header else { throw corrupt("a second schema message") }
                    fields = try ArrowMetadata.schema(h)
                    sawSchema = true
                case 2:
                    guard sawSchema else { throw corrupt("a dictionary before the schema") }
                    try ArrowFile.applyDictionary(m, fields: fields, into: &dicts, reader: reader)
                case 3:
                    guard sawSchema else { throw corrupt("a record batch before the schema") }
                    infos.append(try reader.batchInfo(m, dictionaries: dicts))
                default:
                    throw corrupt("unsupported message type \(m.headerType)")
                }
            }
            guard sawSchema else {
                throw corrupt(size == 0 ? "the file is empty" : "no schema message (and no ARROW1 magic)")
            }
        }
        var types: [Field] = []
        var bufIdx: [Int] = [], nodeIdx: [Int] = []
        var nb = 0, nn = 0
        for f in fields {
            types.append(Field(f.name, try f.dataType(path), nullable: f.nullable))
            bufIdx.append(nb)
            nodeIdx.append(nn)
            nb += f.bufferCount
            nn += f.nodeCount
        }
        for b in infos {
            guard b.nodes.count >= nn, b.buffers.count >= nb else {
                throw corrupt("a record batch has \(b.nodes.count) nodes and \(b.buffers.count) buffers for \(fields.count) columns")
            }
            for i in nodeIdx {
                let n = b.nodes[i]
                if n.length != b.length || n.nullCount < 0 || n.nullCount > n.length {
                    throw corrupt("a column's length \(n.length) (nulls \(n.nullCount)) does not match its batch's \(b.length) rows")
                }
            }
            for n in b.nodes where n.length < 0 || n.nullCount < 0 || n.nullCount > n.length || n.length > Int(Int32.max) {
                throw corrupt("a node of length \(n.length) with \(n.nullCount) nulls")
            }
        }
        for f in fields {
            if let d = f.dictionary, dicts[d.id] == nil, !infos.isEmpty {
                throw corrupt("no dictionary batch for column `\(f.name)` (dictionary id \(d.id))")
            }
        }
        self.fields = fields
        schema = Schema(types)
        batches = infos
        bufferIndex = bufIdx
        nodeIndex = nodeIdx
    }

    static func applyDictionary(_ m: ArrowMessage, fields: [ArrowField], into dicts: inout [Int64: Column], reader: MessageReader) throws {
        guard m.headerType == 2, let h = m.header else {
            throw DataFlowError("CORRUPT_FILE", "\(reader.path) is not a valid Arrow IPC file: a dictionary block points at another message.")
        }
        let id = try h.scalar(0, Int64(0))
        let isDelta = try h.bool(2, false)
        guard let field = fields.first(where: { $0.dictionary?.id == id }) else {
            throw DataFlowError("CORRUPT_FILE", "\(reader.path) is not a valid Arrow IPC file: dictionary id \(id) belongs to no column.")
        }
        guard let rb = try h.table(1) else {
            throw DataFlowError("CORRUPT_FILE", "\(reader.path) is not a valid Arrow IPC file: dictionary \(id) has no data.")
        }
        let info = try reader.batchInfo(rb, body: m, dictionaries: [:])
        let valueField = ArrowField(name: field.name, nullable: true, type: field.type, dictionary: nil)
        guard info.nodes.count >= 1, info.buffers.count >= 3 else {
            throw DataFlowError("CORRUPT_FILE", "\(reader.path) is not a valid Arrow IPC file: dictionary \(id) has no values.")
        }
        let dec = ArrowDecoder(data: reader.data, path: reader.path)
        let col = try dec.column(valueField, .string, info, node: 0, buffer: 0, lo: 0, n: info.length)
        if isDelta, let old = dicts[id] { dicts[id] = Column.concat([old, col]) } else { dicts[id] = col }
    }

    /// Rows in all batches (from the batch metadata).
    public var rowCount: Int { batches.reduce(0) { $0 + $1.length } }
    public var batchCount: Int { batches.count }
    public func batchLength(_ i: Int) -> Int { batches[i].length }

    /// Rows `lo ..< lo + n` of batch `index`, only the `columns` (indices into `schema`; nil = all).
    public func read(batch index: Int, rows: Range<Int>? = nil, columns: [Int]? = nil) throws -> RecordBatch {
        guard index >= 0 && index < batches.count else {
            throw DataFlowError.invalid("Arrow record batch \(index) does not exist (\(path) has \(batches.count)).")
        }
        let info = batches[index]
        let range = rows ?? 0..<info.length
        guard range.lowerBound >= 0, range.upperBound <= info.length else {
            throw DataFlowError.invalid("Rows \(range) are outside Arrow record batch \(index) of \(info.length) rows.")
        }
        let proj = columns ?? Array(0..<schema.count)
        let dec = ArrowDecoder(data: data, path: path)
        var cols: [Column] = []
        for c in proj {
            guard c >= 0 && c < schema.count else { throw DataFlowError.invalid("Column index \(c) is out of range.") }
            cols.append(try dec.column(fields[c], schema[c].type, info, node: nodeIndex[c], buffer: bufferIndex[c],
                                       lo: range.lowerBound, n: range.count))
        }
        return RecordBatch(schema: Schema(proj.map { schema[$0] }), columns: cols, rowCount: range.count)
    }

    /// Every batch, whole.
    public func readAll() throws -> [RecordBatch] {
        try (0..<batches.count).map { try read(batch: $0) }
    }
}

/// One encapsulated message: its parsed `Message` table and where its body lies.
struct ArrowMessage {
    let isEnd: Bool
    let headerType: Int
    let header: FBTable?
    let bodyStart: Int
    let bodyLength: Int
    let next: Int
}

/// Reads encapsulated messages (`0xFFFFFFFF`, length, FlatBuffers `Message`, body) with bounds checks.
struct MessageReader {
    let data: Buffer
    let size: Int
    let path: String

    func corrupt(_ what: String) -> DataFlowError {
        DataFlowError("CORRUPT_FILE", "\(path) is not a valid Arrow IPC file: \(what).")
    }

    func message(at start: Int) throws -> ArrowMessage {
        guard start >= 0, start <= size - 4 else { throw corrupt("a message at offset \(start) lies past the end of the file (\(size) bytes)") }
        var pos = start
        var len = Int(Int32(littleEndian: data.raw.loadUnaligned(fromByteOffset: pos, as: Int32.self)))
        pos += 4
        if len == -1 {
            guard pos <= size - 4 else { throw corrupt("the file is truncated after a continuation marker") }
            len = Int(Int32(littleEndian: data.raw.loadUnaligned(fromByteOffset: pos, as: Int32.self)))
            pos += 4
        }
        if len == 0 { return ArrowMessage(isEnd: true, headerType: 0, header: nil, bodyStart: pos, bodyLength: 0, next: pos) }
        guard len > 0, len <= size - pos else { throw corrupt("message metadata of \(len) bytes at offset \(start) runs past the end of the file") }
        let r = FBReader(base: data.raw + pos, count: len, context: path)
        let msg = try r.root()
        let version = try msg.scalar(0, Int16(0))
        guard version >= 3 else { throw corrupt("metadata version \(version) is too old (V4 or later is read)") }
        let type = Int(try msg.scalar(1, UInt8(0)))
        let header = try msg.table(2)
        let bodyLength = Int(try msg.scalar(3, Int64(0)))
        let bodyStart = pos + len
        guard bodyLength >= 0, bodyLength <= size - bodyStart else {
            throw corrupt("a message body of \(bodyLength) bytes at offset \(bodyStart) runs past the end of the file")
        }
        return ArrowMessage(isEnd: false, headerType: type, header: header, bodyStart: bodyStart, bodyLength: bodyLength,
                            next: bodyStart + bodyLength)
    }

    func batchInfo(_ m: ArrowMessage, dictionaries: [Int64: Column]) throws -> ArrowBatchInfo {
        guard let h = m.header else { throw corrupt("a record batch message has no header") }
        return try batchInfo(h, body: m, dictionaries: dictionaries)
    }

    /// A `RecordBatch` table's nodes and buffers, checked against the body.
    func batchInfo(_ h: FBTable, body m: ArrowMessage, dictionaries: [Int64: Column]) throws -> ArrowBatchInfo {
        if try h.table(3) != nil {
            throw DataFlowError("UNSUPPORTED_ARROW_COMPRESSION",
                                "\(path): compressed Arrow IPC buffers are not supported (write the file with compression=None, e.g. pyarrow's default).")
        }
        let length = Int(try h.scalar(0, Int64(0)))
        guard length >= 0, length < Int(Int32.max) else { throw corrupt("a record batch of \(length) rows") }
        var nodes: [ArrowNode] = []
        if let (start, n) = try h.vector(1, elementSize: 16) {
            for i in 0..<n {
                nodes.append(ArrowNode(length: Int(try h.r.load(start + 16 * i, Int64.self)),
                                       nullCount: Int(try h.r.load(start + 16 * i + 8, Int64.self))))
            }
        }
        var buffers: [ArrowBufferRef] = []
        if let (start, n) = try h.vector(2, elementSize: 16) {
            for i in 0..<n {
                let off = Int(try h.r.load(start + 16 * i, Int64.self)), len = Int(try h.r.load(start + 16 * i + 8, Int64.self))
                guard off >= 0, len >= 0, off <= m.bodyLength, len <= m.bodyLength - off else {
                    throw corrupt("buffer \(i) of a record batch (offset \(off), \(len) bytes) lies outside its \(m.bodyLength)-byte body")
                }
                buffers.append(ArrowBufferRef(offset: off, length: len))
            }
        }
        return ArrowBatchInfo(length: length, nodes: nodes, buffers: buffers, bodyStart: m.bodyStart,
                              bodyLength: m.bodyLength, dictionaries: dictionaries)
    }
}

extension ArrowFile {
    /// Files, folders of part files and globs, expanded as the text formats do.
    public static func expand(_ paths: [String]) throws -> [String] {
        try FileInput.expand(paths, extensions: fileExtensions)
    }
}
