import DataFlowColumnar

// Parquet's footer and page-header structs (parquet.thrift), with their compact-protocol reading and
// writing. Field ids follow parquet.thrift; fields DataFlow does not use are skipped on read.

/// Parquet's primitive (physical) types.
public enum ParquetPhysicalType: Int32, Sendable {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7
}

/// Whether a field is required, optional or repeated.
public enum ParquetRepetition: Int32, Sendable {
    case required = 0, optional = 1, repeated = 2
}

/// Parquet's value encodings.
public enum ParquetEncoding: Int32, Sendable {
    case plain = 0, plainDictionary = 2, rle = 3, bitPacked = 4, deltaBinaryPacked = 5
    case deltaLengthByteArray = 6, deltaByteArray = 7, rleDictionary = 8, byteStreamSplit = 9
}

/// Column chunk compression codecs.
public enum ParquetCompression: Int32, Sendable {
    case uncompressed = 0, snappy = 1, gzip = 2, lzo = 3, brotli = 4, lz4 = 5, zstd = 6, lz4Raw = 7

    /// The name Spark uses in part file names (`part-00000-….snappy.parquet`).
    public var fileTag: String? {
        switch self {
        case .uncompressed: return nil
        case .snappy: return "snappy"
        case .gzip: return "gz"
        case .zstd: return "zstd"
        default: return nil
        }
    }
}

/// The deprecated `ConvertedType` annotations (still written for old readers).
public enum ParquetConvertedType: Int32, Sendable {
    case utf8 = 0, map = 1, mapKeyValue = 2, list = 3, enumeration = 4, decimal = 5, date = 6
    case timeMillis = 7, timeMicros = 8, timestampMillis = 9, timestampMicros = 10
    case uint8 = 11, uint16 = 12, uint32 = 13, uint64 = 14, int8 = 15, int16 = 16, int32 = 17, int64 = 18
    case json = 19, bson = 20, interval = 21
}

/// Time units of TIME and TIMESTAMP.
public enum ParquetTimeUnit: Sendable, Equatable {
    case millis, micros, nanos
}

/// The `LogicalType` annotation (a Thrift union).
public enum ParquetLogicalType: Sendable, Equatable {
    case string, map, list, enumeration, json, bson, uuid, float16, unknown
    case decimal(precision: Int32, scale: Int32)
    case date
    case time(utc: Bool, unit: ParquetTimeUnit)
    case timestamp(utc: Bool, unit: ParquetTimeUnit)
    case integer(bitWidth: Int8, signed: Bool)
    /// A union member this reader does not know (kept so the error can say so).
    case other(Int16)
}

/// One node of the flattened schema list in the footer.
struct SchemaElement {
    var type: ParquetPhysicalType?
    var typeLength: Int32?
    var repetition: ParquetRepetition?
    var name: String = ""
    var numChildren: Int32?
    var convertedType: ParquetConvertedType?
    var scale: Int32?
    var precision: Int32?
    var fieldId: Int32?
    var logicalType: ParquetLogicalType?
}

/// Min/max/null count of a column chunk or page, as stored (PLAIN-encoded bytes of the physical type).
public struct ParquetRawStatistics: Sendable, Equatable {
    /// Deprecated fields, sorted by signed byte comparison in old writers.
    public var max: [UInt8]?
    public var min: [UInt8]?
    public var nullCount: Int64?
    public var distinctCount: Int64?
    public var maxValue: [UInt8]?
    public var minValue: [UInt8]?
    public init() {}
}

struct ColumnMetaData {
    var type: ParquetPhysicalType = .int32
    var encodings: [Int32] = []
    var pathInSchema: [String] = []
    var codec: ParquetCompression = .uncompressed
    var numValues: Int64 = 0
    var totalUncompressedSize: Int64 = 0
    var totalCompressedSize: Int64 = 0
    var dataPageOffset: Int64 = 0
    var indexPageOffset: Int64?
    var dictionaryPageOffset: Int64?
    var statistics: ParquetRawStatistics?
}

struct ColumnChunk {
    var filePath: String?
    var fileOffset: Int64 = 0
    var metaData: ColumnMetaData?
}

struct RowGroup {
    var columns: [ColumnChunk] = []
    var totalByteSize: Int64 = 0
    var numRows: Int64 = 0
    var fileOffset: Int64?
    var totalCompressedSize: Int64?
    var ordinal: Int16?
}

struct KeyValue {
    var key: String
    var value: String?
}

struct FileMetaData {
    var version: Int32 = 1
    var schema: [SchemaElement] = []
    var numRows: Int64 = 0
    var rowGroups: [RowGroup] = []
    var keyValueMetadata: [KeyValue] = []
    var createdBy: String?
    /// Number of TYPE_ORDER column orders (one per leaf when written).
    var columnOrderCount = 0
    var encrypted = false
}

enum PageType: Int32 {
    case dataPage = 0, indexPage = 1, dictionaryPage = 2, dataPageV2 = 3
}

struct DataPageHeader {
    var numValues: Int32 = 0
    var encoding: Int32 = 0
    var definitionLevelEncoding: Int32 = 3
    var repetitionLevelEncoding: Int32 = 3
}

struct DictionaryPageHeader {
    var numValues: Int32 = 0
    var encoding: Int32 = 0
    var isSorted: Bool?
}

struct DataPageHeaderV2 {
    var numValues: Int32 = 0
    var numNulls: Int32 = 0
    var numRows: Int32 = 0
    var encoding: Int32 = 0
    var definitionLevelsByteLength: Int32 = 0
    var repetitionLevelsByteLength: Int32 = 0
    var isCompressed: Bool = true
}

struct PageHeader {
    var type: Int32 = 0
    var uncompressedPageSize: Int32 = 0
    var compressedPageSize: Int32 = 0
    var crc: Int32?
    var dataPageHeader: DataPageHeader?
    var dictionaryPageHeader: DictionaryPageHeader?
    var dataPageHeaderV2: DataPageHeaderV2?
}

// MARK: - Reading

extension ThriftReader {
    /// Reads a struct: `field` handles each (id, type) and returns false for fields it does not know.
    mutating func readStruct(_ field: (inout ThriftReader, Int16, FieldType) throws -> Bool) throws {
        try beginStruct()
        while let (id, t) = try fieldHeader() {
            if try !field(&self, id, t) { try skip(t) }
        }
        endStruct()
    }

    mutating func enumValue<E: RawRepresentable>(_ t: FieldType, _ what: String) throws -> E where E.RawValue == Int32 {
        try expect(t, .i32, what)
        let v = try i32()
        guard let e = E(rawValue: v) else { throw Self.corrupt("unknown \(what) \(v)") }
        return e
    }

    mutating func timeUnit() throws -> ParquetTimeUnit {
        var unit = ParquetTimeUnit.micros
        try readStruct { r, id, t in
            switch id {
            case 1: unit = .millis
            case 2: unit = .micros
            case 3: unit = .nanos
            default: return false
            }
            try r.skip(t)
            return true
        }
        return unit
    }

    mutating func logicalType() throws -> ParquetLogicalType {
        var result = ParquetLogicalType.unknown
        try readStruct { r, id, t in
            switch id {
            case 1: result = .string
            case 2: result = .map
            case 3: result = .list
            case 4: result = .enumeration
            case 5:
                var p: Int32 = 0, s: Int32 = 0
                try r.readStruct { r, id, t in
                    switch id {
                    case 1: try r.expect(t, .i32, "scale"); s = try r.i32()
                    case 2: try r.expect(t, .i32, "precision"); p = try r.i32()
                    default: return false
                    }
                    return true
                }
                result = .decimal(precision: p, scale: s)
                return true
            case 6: result = .date
            case 7, 8:
                var utc = false, unit = ParquetTimeUnit.micros
                try r.readStruct { r, id, t in
                    switch id {
                    case 1: utc = try r.bool()
                    case 2: try r.expect(t, .structure, "unit"); unit = try r.timeUnit()
                    default: return false
                    }
                    return true
                }
                result = id == 7 ? .time(utc: utc, unit: unit) : .timestamp(utc: utc, unit: unit)
                return true
            case 10:
                var width: Int8 = 32, signed = true
                try r.readStruct { r, id, t in
                    switch id {
                    case 1:
                        try r.expect(t, .byte, "bitWidth")
                        width = Int8(truncatingIfNeeded: try r.byte())
                    case 2: signed = try r.bool()
                    default: return false
                    }
                    return true
                }
                result = .integer(bitWidth: width, signed: signed)
                return true
            case 11: result = .unknown
            case 12: result = .json
            case 13: result = .bson
            case 14: result = .uuid
            case 15: result = .float16
            default: result = .other(id)
            }
            try r.skip(t)
            return true
        }
        return result
    }

    mutating func schemaElement() throws -> SchemaElement {
        var e = SchemaElement()
        var sawName = false
        try readStruct { r, id, t in
            switch id {
            case 1: e.type = try r.enumValue(t, "physical type")
            case 2: try r.expect(t, .i32, "type_length"); e.typeLength = try r.i32()
            case 3: e.repetition = try r.enumValue(t, "repetition type")
            case 4: try r.expect(t, .binary, "name"); e.name = try r.string(); sawName = true
            case 5: try r.expect(t, .i32, "num_children"); e.numChildren = try r.i32()
            case 6:
                try r.expect(t, .i32, "converted_type")
                // An unknown converted type is ignored (a newer writer's annotation).
                e.convertedType = ParquetConvertedType(rawValue: try r.i32())
            case 7: try r.expect(t, .i32, "scale"); e.scale = try r.i32()
            case 8: try r.expect(t, .i32, "precision"); e.precision = try r.i32()
            case 9: try r.expect(t, .i32, "field_id"); e.fieldId = try r.i32()
            case 10: try r.expect(t, .structure, "logicalType"); e.logicalType = try r.logicalType()
            default: return false
            }
            return true
        }
        guard sawName else { throw Self.corrupt("a schema element has no name") }
        return e
    }

    mutating func statistics() throws -> ParquetRawStatistics {
        var s = ParquetRawStatistics()
        try readStruct { r, id, t in
            switch id {
            case 1: try r.expect(t, .binary, "max"); s.max = try r.binary()
            case 2: try r.expect(t, .binary, "min"); s.min = try r.binary()
            case 3: try r.expect(t, .i64, "null_count"); s.nullCount = try r.i64()
            case 4: try r.expect(t, .i64, "distinct_count"); s.distinctCount = try r.i64()
            case 5: try r.expect(t, .binary, "max_value"); s.maxValue = try r.binary()
            case 6: try r.expect(t, .binary, "min_value"); s.minValue = try r.binary()
            default: return false
            }
            return true
        }
        return s
    }

    mutating func columnMetaData() throws -> ColumnMetaData {
        var m = ColumnMetaData()
        try readStruct { r, id, t in
            switch id {
            case 1: m.type = try r.enumValue(t, "physical type")
            case 2:
                try r.expect(t, .list, "encodings")
                m.encodings = try r.list { r, _ in try r.i32() }
            case 3:
                try r.expect(t, .list, "path_in_schema")
                m.pathInSchema = try r.list { r, _ in try r.string() }
            case 4:
                try r.expect(t, .i32, "codec")
                let v = try r.i32()
                guard let c = ParquetCompression(rawValue: v) else { throw Self.corrupt("unknown compression codec \(v)") }
                m.codec = c
            case 5: try r.expect(t, .i64, "num_values"); m.numValues = try r.i64()
            case 6: try r.expect(t, .i64, "total_uncompressed_size"); m.totalUncompressedSize = try r.i64()
            case 7: try r.expect(t, .i64, "total_compressed_size"); m.totalCompressedSize = try r.i64()
            case 9: try r.expect(t, .i64, "data_page_offset"); m.dataPageOffset = try r.i64()
            case 10: try r.expect(t, .i64, "index_page_offset"); m.indexPageOffset = try r.i64()
            case 11: try r.expect(t, .i64, "dictionary_page_offset"); m.dictionaryPageOffset = try r.i64()
            case 12: try r.expect(t, .structure, "statistics"); m.statistics = try r.statistics()
            default: return false
            }
            return true
        }
        return m
    }

    mutating func columnChunk() throws -> ColumnChunk {
        var c = ColumnChunk()
        try readStruct { r, id, t in
            switch id {
            case 1: try r.expect(t, .binary, "file_path"); c.filePath = try r.string()
            case 2: try r.expect(t, .i64, "file_offset"); c.fileOffset = try r.i64()
            case 3: try r.expect(t, .structure, "meta_data"); c.metaData = try r.columnMetaData()
            default: return false
            }
            return true
        }
        return c
    }

    mutating func rowGroup() throws -> RowGroup {
        var g = RowGroup()
        try readStruct { r, id, t in
            switch id {
            case 1:
                try r.expect(t, .list, "columns")
                g.columns = try r.list { r, et in
                    try r.expect(et, .structure, "column chunk")
                    return try r.columnChunk()
                }
            case 2: try r.expect(t, .i64, "total_byte_size"); g.totalByteSize = try r.i64()
            case 3: try r.expect(t, .i64, "num_rows"); g.numRows = try r.i64()
            case 5: try r.expect(t, .i64, "file_offset"); g.fileOffset = try r.i64()
            case 6: try r.expect(t, .i64, "total_compressed_size"); g.totalCompressedSize = try r.i64()
            default: return false
            }
            return true
        }
        return g
    }

    mutating func fileMetaData() throws -> FileMetaData {
        var f = FileMetaData()
        try readStruct { r, id, t in
            switch id {
            case 1: try r.expect(t, .i32, "version"); f.version = try r.i32()
            case 2:
                try r.expect(t, .list, "schema")
                f.schema = try r.list { r, et in
                    try r.expect(et, .structure, "schema element")
                    return try r.schemaElement()
                }
            case 3: try r.expect(t, .i64, "num_rows"); f.numRows = try r.i64()
            case 4:
                try r.expect(t, .list, "row_groups")
                f.rowGroups = try r.list { r, et in
                    try r.expect(et, .structure, "row group")
                    return try r.rowGroup()
                }
            case 5:
                try r.expect(t, .list, "key_value_metadata")
                f.keyValueMetadata = try r.list { r, et in
                    try r.expect(et, .structure, "key/value")
                    var k = "", v: String? = nil
                    try r.readStruct { r, id, t in
                        switch id {
                        case 1: try r.expect(t, .binary, "key"); k = try r.string()
                        case 2: try r.expect(t, .binary, "value"); v = try r.string()
                        default: return false
                        }
                        return true
                    }
                    return KeyValue(key: k, value: v)
                }
            case 6: try r.expect(t, .binary, "created_by"); f.createdBy = try r.string()
            case 7:
                try r.expect(t, .list, "column_orders")
                let (et, n) = try r.listHeader()
                for _ in 0..<n { try r.skip(et) }
                f.columnOrderCount = n
            case 8: f.encrypted = true; return false
            default: return false
            }
            return true
        }
        return f
    }

    mutating func pageHeader() throws -> PageHeader {
        var h = PageHeader()
        try readStruct { r, id, t in
            switch id {
            case 1: try r.expect(t, .i32, "page type"); h.type = try r.i32()
            case 2: try r.expect(t, .i32, "uncompressed_page_size"); h.uncompressedPageSize = try r.i32()
            case 3: try r.expect(t, .i32, "compressed_page_size"); h.compressedPageSize = try r.i32()
            case 4: try r.expect(t, .i32, "crc"); h.crc = try r.i32()
            case 5:
                try r.expect(t, .structure, "data_page_header")
                var d = DataPageHeader()
                try r.readStruct { r, id, t in
                    switch id {
                    case 1: try r.expect(t, .i32, "num_values"); d.numValues = try r.i32()
                    case 2: try r.expect(t, .i32, "encoding"); d.encoding = try r.i32()
                    case 3: try r.expect(t, .i32, "definition_level_encoding"); d.definitionLevelEncoding = try r.i32()
                    case 4: try r.expect(t, .i32, "repetition_level_encoding"); d.repetitionLevelEncoding = try r.i32()
                    default: return false
                    }
                    return true
                }
                h.dataPageHeader = d
            case 7:
                try r.expect(t, .structure, "dictionary_page_header")
                var d = DictionaryPageHeader()
                try r.readStruct { r, id, t in
                    switch id {
                    case 1: try r.expect(t, .i32, "num_values"); d.numValues = try r.i32()
                    case 2: try r.expect(t, .i32, "encoding"); d.encoding = try r.i32()
                    case 3: d.isSorted = try r.bool()
                    default: return false
                    }
                    return true
                }
                h.dictionaryPageHeader = d
            case 8:
                try r.expect(t, .structure, "data_page_header_v2")
                var d = DataPageHeaderV2()
                try r.readStruct { r, id, t in
                    switch id {
                    case 1: try r.expect(t, .i32, "num_values"); d.numValues = try r.i32()
                    case 2: try r.expect(t, .i32, "num_nulls"); d.numNulls = try r.i32()
                    case 3: try r.expect(t, .i32, "num_rows"); d.numRows = try r.i32()
                    case 4: try r.expect(t, .i32, "encoding"); d.encoding = try r.i32()
                    case 5: try r.expect(t, .i32, "definition_levels_byte_length"); d.definitionLevelsByteLength = try r.i32()
                    case 6: try r.expect(t, .i32, "repetition_levels_byte_length"); d.repetitionLevelsByteLength = try r.i32()
                    case 7: d.isCompressed = try r.bool()
                    default: return false
                    }
                    return true
                }
                h.dataPageHeaderV2 = d
            default: return false
            }
            return true
        }
        return h
    }
}

// MARK: - Writing

extension ThriftWriter {
    mutating func timeUnit(_ id: Int16, _ u: ParquetTimeUnit) {
        structField(id) { w in
            let uid: Int16 = u == .millis ? 1 : u == .micros ? 2 : 3
            w.structField(uid) { _ in }
        }
    }

    mutating func logicalType(_ id: Int16, _ l: ParquetLogicalType) {
        structField(id) { w in
            switch l {
            case .string: w.structField(1) { _ in }
            case .map: w.structField(2) { _ in }
            case .list: w.structField(3) { _ in }
            case .enumeration: w.structField(4) { _ in }
            case .decimal(let p, let s): w.structField(5) { w in w.i32(1, s); w.i32(2, p) }
            case .date: w.structField(6) { _ in }
            case .time(let utc, let unit): w.structField(7) { w in w.bool(1, utc); w.timeUnit(2, unit) }
            case .timestamp(let utc, let unit): w.structField(8) { w in w.bool(1, utc); w.timeUnit(2, unit) }
            case .integer(let width, let signed):
                w.structField(10) { w in
                    w.fieldHeader(1, .byte)
                    w.bytes.append(UInt8(bitPattern: width))
                    w.bool(2, signed)
                }
            case .unknown: w.structField(11) { _ in }
            case .json: w.structField(12) { _ in }
            case .bson: w.structField(13) { _ in }
            case .uuid: w.structField(14) { _ in }
            case .float16: w.structField(15) { _ in }
            case .other(let id): w.structField(id) { _ in }
            }
        }
    }

    mutating func schemaElement(_ e: SchemaElement) {
        if let t = e.type { i32(1, t.rawValue) }
        if let l = e.typeLength { i32(2, l) }
        if let r = e.repetition { i32(3, r.rawValue) }
        string(4, e.name)
        if let n = e.numChildren { i32(5, n) }
        if let c = e.convertedType { i32(6, c.rawValue) }
        if let s = e.scale { i32(7, s) }
        if let p = e.precision { i32(8, p) }
        if let f = e.fieldId { i32(9, f) }
        if let l = e.logicalType { logicalType(10, l) }
    }

    mutating func statistics(_ id: Int16, _ s: ParquetRawStatistics) {
        structField(id) { w in
            if let v = s.max { w.binary(1, v) }
            if let v = s.min { w.binary(2, v) }
            if let v = s.nullCount { w.i64(3, v) }
            if let v = s.distinctCount { w.i64(4, v) }
            if let v = s.maxValue { w.binary(5, v) }
            if let v = s.minValue { w.binary(6, v) }
        }
    }

    mutating func columnMetaData(_ m: ColumnMetaData) {
        i32(1, m.type.rawValue)
        i32List(2, m.encodings)
        stringList(3, m.pathInSchema)
        i32(4, m.codec.rawValue)
        i64(5, m.numValues)
        i64(6, m.totalUncompressedSize)
        i64(7, m.totalCompressedSize)
        i64(9, m.dataPageOffset)
        if let d = m.dictionaryPageOffset { i64(11, d) }
        if let s = m.statistics { statistics(12, s) }
    }

    mutating func fileMetaData(_ f: FileMetaData) {
        i32(1, f.version)
        structList(2, f.schema) { w, e in w.schemaElement(e) }
        i64(3, f.numRows)
        structList(4, f.rowGroups) { w, g in
            w.structList(1, g.columns) { w, c in
                if let p = c.filePath { w.string(1, p) }
                w.i64(2, c.fileOffset)
                if let m = c.metaData { w.structField(3) { w in w.columnMetaData(m) } }
            }
            w.i64(2, g.totalByteSize)
            w.i64(3, g.numRows)
            if let o = g.fileOffset { w.i64(5, o) }
            if let c = g.totalCompressedSize { w.i64(6, c) }
            if let o = g.ordinal { w.fieldHeader(7, .i16); w.zigzag(Int64(o)) }
        }
        if !f.keyValueMetadata.isEmpty {
            structList(5, f.keyValueMetadata) { w, kv in
                w.string(1, kv.key)
                if let v = kv.value { w.string(2, v) }
            }
        }
        if let c = f.createdBy { string(6, c) }
        if f.columnOrderCount > 0 {
            // TYPE_ORDER for every leaf: min_value/max_value follow each type's natural order.
            structList(7, Array(repeating: 0, count: f.columnOrderCount)) { w, _ in w.structField(1) { _ in } }
        }
    }

    mutating func pageHeader(_ h: PageHeader) {
        i32(1, h.type)
        i32(2, h.uncompressedPageSize)
        i32(3, h.compressedPageSize)
        if let d = h.dataPageHeader {
            structField(5) { w in
                w.i32(1, d.numValues)
                w.i32(2, d.encoding)
                w.i32(3, d.definitionLevelEncoding)
                w.i32(4, d.repetitionLevelEncoding)
            }
        }
        if let d = h.dictionaryPageHeader {
            structField(7) { w in
                w.i32(1, d.numValues)
                w.i32(2, d.encoding)
                if let s = d.isSorted { w.bool(3, s) }
            }
        }
        if let d = h.dataPageHeaderV2 {
            structField(8) { w in
                w.i32(1, d.numValues)
                w.i32(2, d.numNulls)
                w.i32(3, d.numRows)
                w.i32(4, d.encoding)
                w.i32(5, d.definitionLevelsByteLength)
                w.i32(6, d.repetitionLevelsByteLength)
                w.bool(7, d.isCompressed)
            }
        }
    }
}
