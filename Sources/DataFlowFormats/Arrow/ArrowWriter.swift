import DataFlowColumnar
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Options of the Arrow IPC writer.
public struct ArrowWriteOptions: Sendable {
    /// Write the file format (`ARROW1` magic and footer; default) or the streaming format.
    public var stream = false
    /// Write a string column that shares one dictionary across all batches dictionary-encoded (Int32
    /// indices and one dictionary batch) instead of plain.
    public var dictionary = false

    public init() {}

    public mutating func set(_ key: String, _ value: String) throws {
        switch key.lowercased() {
        case "arrowformat", "format":
            switch value.lowercased() {
            case "file": stream = false
            case "stream", "streaming": stream = true
            default: throw DataFlowError("INVALID_OPTION", "Invalid value '\(value)' for Arrow option '\(key)': expected file or stream.")
            }
        case "dictionary", "arrowdictionary":
            switch value.lowercased() {
            case "true": dictionary = true
            case "false": dictionary = false
            default: throw DataFlowError("INVALID_OPTION", "Invalid value '\(value)' for Arrow option '\(key)': expected true or false.")
            }
        case "compression", "codec":
            guard ["none", "uncompressed"].contains(value.lowercased()) else {
                throw DataFlowError("INVALID_OPTION", "Arrow option '\(key)' = '\(value)' is not supported: buffers are written uncompressed.")
            }
        case "path":
            break
        default:
            throw DataFlowError("INVALID_OPTION", "Unknown Arrow write option '\(key)'.")
        }
    }
}

/// Writes record batches in the Arrow IPC file or streaming format (metadata version V5, little-endian,
/// buffers 8-byte aligned, no compression). Booleans are bit-packed, decimals written as 128-bit,
/// timestamps as microseconds with time zone "UTC", dates as Date32, dictionary columns decoded to plain Utf8.
public enum ArrowWriter {
    public static func write(_ batches: [RecordBatch], schema: Schema, to path: String, options: ArrowWriteOptions = ArrowWriteOptions()) throws {
        for f in schema.fields where f.type.containsMap {
            throw DataFlowError("UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE", "The Arrow writer doesn't support the column `\(f.name)` of the data type \"\(f.type.sqlName.uppercased())\" yet.")
        }
        let bytes = encode(batches, schema: schema, stream: options.stream, dictionaries: options.dictionary)
        guard let f = fopen(path, "wb") else {
            throw DataFlowError.io("Cannot create \(path): \(String(cString: strerror(errno)))")
        }
        let n = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        let rc = fclose(f)
        if n != bytes.count || rc != 0 { throw DataFlowError.io("Cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    /// The whole file (or stream) as bytes.
    public static func encode(_ batches: [RecordBatch], schema: Schema, stream: Bool, dictionaries: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        if !stream { out += ArrowFile.magic + [0, 0] }
        // Columns written dictionary-encoded: string columns whose batches all share one dictionary.
        var dicts: [Int: Column] = [:]
        let nonEmpty = batches.filter { $0.rowCount > 0 }
        if dictionaries, !nonEmpty.isEmpty {
            for (c, f) in schema.fields.enumerated() where f.type == .string {
                guard let box = nonEmpty[0].columns[c].dictionary, box.column.dictionary == nil,
                      nonEmpty.allSatisfy({ $0.columns[c].dictionary === box }) else { continue }
                dicts[c] = box.column
            }
        }
        appendMessage(&out, ArrowMetadata.message(headerType: 1, header: ArrowMetadata.schemaObject(schema, dictionaryColumns: Set(dicts.keys)),
                                                  bodyLength: 0), body: [])
        var dictBlocks: [(Int, Int, Int)] = []
        for (c, d) in dicts.sorted(by: { $0.key < $1.key }) {
            let (data, body) = encodeBatchTable(RecordBatch(schema: Schema([Field("dictionary", .string)]), columns: [d]),
                                                schema: Schema([Field("dictionary", .string)]), dictionaries: [:])
            let header = FBObject([(0, .i64(Int64(c))), (1, .table(data)), (2, .bool(false))])
            let start = out.count
            let metaLen = appendMessage(&out, ArrowMetadata.message(headerType: 2, header: header, bodyLength: body.count), body: body)
            dictBlocks.append((start, metaLen, body.count))
        }
        var blocks: [(Int, Int, Int)] = []
        for b in batches where b.rowCount > 0 || batches.count == 1 {
            let (meta, body) = encodeBatch(b, schema: schema, dictionaries: dicts)
            let start = out.count
            let metaLen = appendMessage(&out, meta, body: body)
            blocks.append((start, metaLen, body.count))
        }
        out += [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]
        if !stream {
            func blockBytes(_ blocks: [(Int, Int, Int)]) -> [UInt8] {
                var bytes: [UInt8] = []
                for (off, ml, bl) in blocks {
                    withUnsafeBytes(of: Int64(off).littleEndian) { bytes += $0 }
                    withUnsafeBytes(of: Int32(ml).littleEndian) { bytes += $0 }
                    bytes += [0, 0, 0, 0]
                    withUnsafeBytes(of: Int64(bl).littleEndian) { bytes += $0 }
                }
                return bytes
            }
            let footer = FBBuilder.build(FBObject([
                (0, .i16(4)), (1, .table(ArrowMetadata.schemaObject(schema, dictionaryColumns: Set(dicts.keys)))),
                (2, .structs(blockBytes(dictBlocks), count: dictBlocks.count, alignment: 8)),
                (3, .structs(blockBytes(blocks), count: blocks.count, alignment: 8)),
            ]))
            out += footer
            withUnsafeBytes(of: Int32(footer.count).littleEndian) { out += $0 }
            out += ArrowFile.magic
        }
        return out
    }

    /// Appends `0xFFFFFFFF`, the padded metadata length, the metadata and the body; returns the bytes
    /// before the body (a footer block's `metaDataLength`).
    @discardableResult
    static func appendMessage(_ out: inout [UInt8], _ meta: [UInt8], body: [UInt8]) -> Int {
        let padded = (meta.count + 8 + 7) / 8 * 8 - 8
        out += [0xFF, 0xFF, 0xFF, 0xFF]
        withUnsafeBytes(of: Int32(padded).littleEndian) { out += $0 }
        out += meta
        out += [UInt8](repeating: 0, count: padded - meta.count)
        out += body
        return 8 + padded
    }

    static func encodeBatch(_ batch: RecordBatch, schema: Schema, dictionaries: [Int: Column]) -> (meta: [UInt8], body: [UInt8]) {
        let (header, body) = encodeBatchTable(batch, schema: schema, dictionaries: dictionaries)
        return (ArrowMetadata.message(headerType: 3, header: header, bodyLength: body.count), body)
    }

    /// A `RecordBatch` table and its body; columns in `dictionaries` are written as their Int32 indices.
    static func encodeBatchTable(_ batch: RecordBatch, schema: Schema, dictionaries: [Int: Column]) -> (header: FBObject, body: [UInt8]) {
        var body: [UInt8] = []
        var nodes: [UInt8] = [], buffers: [UInt8] = []
        var nodeCount = 0, bufferCount = 0
        let n = batch.rowCount
        func addBuffer(_ bytes: UnsafeRawBufferPointer) {
            withUnsafeBytes(of: Int64(body.count).littleEndian) { buffers += $0 }
            withUnsafeBytes(of: Int64(bytes.count).littleEndian) { buffers += $0 }
            body += bytes
            while body.count % 8 != 0 { body.append(0) }
            bufferCount += 1
        }
        func add(_ bytes: [UInt8]) { bytes.withUnsafeBytes { addBuffer($0) } }
        func addColumn(_ col: Column, _ type: DataType, encoded: Bool) {
            let n = col.count
            let nulls = type == .null ? n : col.nullCount
            withUnsafeBytes(of: Int64(n).littleEndian) { nodes += $0 }
            withUnsafeBytes(of: Int64(nulls).littleEndian) { nodes += $0 }
            nodeCount += 1
            if type == .null { return }
            if nulls > 0, let v = col.validity {
                var bits = [UInt8](UnsafeRawBufferPointer(start: v.raw, count: Bitmap.byteCount(for: n)))
                if n % 8 != 0, let last = bits.indices.last { bits[last] &= UInt8((1 << (n % 8)) - 1) }
                add(bits)
            } else {
                add([])
            }
            if encoded {
                addBuffer(UnsafeRawBufferPointer(start: col.values.raw, count: n * 4))
                return
            }
            switch type {
            case .boolean:
                var bits = [UInt8](repeating: 0, count: Bitmap.byteCount(for: n))
                let src = col.values.pointer(UInt8.self)
                for i in 0..<n where src[i] != 0 { bits[i >> 3] |= 1 << UInt8(i & 7) }
                add(bits)
            case .int32, .date:
                addBuffer(UnsafeRawBufferPointer(start: col.values.raw, count: n * 4))
            case .int64, .float64, .timestamp:
                addBuffer(UnsafeRawBufferPointer(start: col.values.raw, count: n * 8))
            case .decimal(let p, _):
                if p <= 18 {
                    var wide = [Int128](repeating: 0, count: n)
                    let src = col.values.pointer(Int64.self)
                    for i in 0..<n { wide[i] = Int128(src[i]) }
                    wide.withUnsafeBytes { addBuffer($0) }
                } else {
                    addBuffer(UnsafeRawBufferPointer(start: col.values.raw, count: n * 16))
                }
            case .string:
                let o = col.offsets
                let first = n > 0 ? o[0] : 0
                var rebased = [Int32](repeating: 0, count: n + 1)
                for i in 0...n where n > 0 { rebased[i] = o[i] - first }
                rebased.withUnsafeBytes { addBuffer($0) }
                let len = n > 0 ? Int(o[n] - first) : 0
                if let d = col.data, len > 0 {
                    addBuffer(UnsafeRawBufferPointer(start: d.raw + Int(first), count: len))
                } else {
                    add([])
                }
            case .array(let et):
                let o = col.offsets
                let first = n > 0 ? Int(o[0]) : 0, last = n > 0 ? Int(o[n]) : 0
                var rebased = [Int32](repeating: 0, count: n + 1)
                for i in 0...n where n > 0 { rebased[i] = o[i] - Int32(first) }
                rebased.withUnsafeBytes { addBuffer($0) }
                var elems = col.elements?.column.decoded() ?? Column.nulls(et, count: 0)
                if first != 0 || last != elems.count {
                    elems = (first..<last).map { Int32($0) }.withUnsafeBufferPointer { elems.take($0) }
                }
                addColumn(elems, et, encoded: false)
            case .null, .map:  // maps are rejected before writing
                break
            }
        }
        for (ci, field) in schema.fields.enumerated() {
            let encoded = dictionaries[ci] != nil
            addColumn(encoded ? batch.columns[ci] : batch.columns[ci].decoded(), field.type, encoded: encoded)
        }
        let header = FBObject([
            (0, .i64(Int64(n))),
            (1, .structs(nodes, count: nodeCount, alignment: 8)),
            (2, .structs(buffers, count: bufferCount, alignment: 8)),
        ])
        return (header, body)
    }
}

/// Options of the Arrow IPC reader (the format, file or stream, is detected from the magic).
public struct ArrowReadOptions: Sendable {
    public init() {}

    public mutating func set(_ key: String, _ value: String) throws {
        switch key.lowercased() {
        case "arrowformat", "path":
            break  // detected by the magic; accepted so a table's options serve both sides
        default:
            throw DataFlowError("INVALID_OPTION", "Unknown Arrow read option '\(key)'.")
        }
    }
}
