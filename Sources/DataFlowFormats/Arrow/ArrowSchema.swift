import DataFlowColumnar

/// An Arrow logical type as far as DataFlow reads and writes it (Schema.fbs `Type` union).
enum ArrowType: Equatable, Sendable {
    case null, bool, utf8, largeUtf8
    case int(bits: Int, signed: Bool)
    /// 0 half, 1 single, 2 double.
    case float(precision: Int)
    case decimal(precision: Int, scale: Int, bits: Int)
    /// 0 days (Date32), 1 milliseconds (Date64).
    case date(unit: Int)
    /// 0 s, 1 ms, 2 µs, 3 ns.
    case timestamp(unit: Int, timezone: String?)
    /// Any other type: its union tag (e.g. 12 List, 13 Struct).
    case other(tag: Int)

    static let typeNames: [Int: String] = [
        4: "Binary", 9: "Time", 11: "Interval", 12: "List", 13: "Struct", 14: "Union", 15: "FixedSizeBinary",
        16: "FixedSizeList", 17: "Map", 18: "Duration", 19: "LargeBinary", 21: "LargeList", 22: "RunEndEncoded",
        23: "BinaryView", 24: "Utf8View", 25: "ListView", 26: "LargeListView",
    ]

    var name: String {
        switch self {
        case .null: return "Null"
        case .bool: return "Bool"
        case .utf8: return "Utf8"
        case .largeUtf8: return "LargeUtf8"
        case .int(let b, let s): return (s ? "Int" : "UInt") + String(b)
        case .float(let p): return ["Float16", "Float32", "Float64"][min(max(p, 0), 2)]
        case .decimal(let p, let s, let b): return "Decimal\(b)(\(p), \(s))"
        case .date(let u): return u == 0 ? "Date32" : "Date64"
        case .timestamp(let u, let tz): return "Timestamp(\(["s", "ms", "us", "ns"][min(max(u, 0), 3)])\(tz.map { ", " + $0 } ?? ""))"
        case .other(let t): return ArrowType.typeNames[t] ?? "type #\(t)"
        }
    }
}

/// Dictionary encoding of a field (`DictionaryEncoding` table).
struct ArrowDictionaryEncoding: Sendable {
    let id: Int64
    let indexBits: Int
    let indexSigned: Bool
}

/// One field of an Arrow schema.
struct ArrowField: Sendable {
    let name: String
    let nullable: Bool
    let type: ArrowType
    let dictionary: ArrowDictionaryEncoding?
    let children: [ArrowField]
    var childCount: Int { children.count }

    init(name: String, nullable: Bool, type: ArrowType, dictionary: ArrowDictionaryEncoding?, children: [ArrowField] = []) {
        self.name = name; self.nullable = nullable; self.type = type; self.dictionary = dictionary; self.children = children
    }

    /// FieldNodes this field takes in a record batch (itself and its descendants).
    var nodeCount: Int { 1 + children.reduce(0) { $0 + $1.nodeCount } }

    /// Buffers this field takes in a record batch.
    var bufferCount: Int {
        if dictionary != nil { return 2 }
        switch type {
        case .null: return 0
        case .utf8, .largeUtf8: return 3
        case .other(12): return 2 + children.reduce(0) { $0 + $1.bufferCount }
        default: return 2
        }
    }

    /// The DataFlow type this field reads as, or an error naming the field and the Arrow type.
    func dataType(_ context: String) throws -> DataType {
        func unsupported() -> DataFlowError {
            DataFlowError("UNSUPPORTED_ARROW_TYPE",
                          "Column `\(name)` of \(context) has Arrow type \(type.name)\(dictionary != nil ? " (dictionary-encoded)" : ""), which DataFlow does not read.")
        }
        if dictionary != nil {
            guard type == .utf8 || type == .largeUtf8 else { throw unsupported() }
            return .string
        }
        switch type {
        case .null: return .null
        case .bool: return .boolean
        case .utf8, .largeUtf8: return .string
        case .int(let b, let s):
            if (s && b <= 32) || (!s && b <= 16) { return .int32 }
            if (s && b == 64) || (!s && b == 32) { return .int64 }
            if !s && b == 64 { return .decimal(precision: 20, scale: 0) }
            throw unsupported()
        case .float(let p):
            guard p == 1 || p == 2 else { throw unsupported() }
            return .float64
        case .decimal(let p, let s, let bits):
            guard bits == 128, p >= 1, p <= DataType.maxDecimalPrecision, s >= 0, s <= p else { throw unsupported() }
            return .decimal(precision: p, scale: s)
        case .date: return .date
        case .timestamp: return .timestamp
        case .other(12):
            // List of a flat type: array<element>.
            guard children.count == 1, children[0].children.isEmpty, case let e = try children[0].dataType(context),
                  e.elementType == nil else { throw unsupported() }
            return .array(e)
        case .other: throw unsupported()
        }
    }
}

/// Reading Schema.fbs / Message.fbs tables; writing them with `FBBuilder`.
enum ArrowMetadata {
    static let maxFields = 1 << 16

    static func schema(_ t: FBTable) throws -> [ArrowField] {
        if try t.scalar(0, Int16(0)) != 0 {
            throw DataFlowError("UNSUPPORTED_ARROW_TYPE", "\(t.r.context) is a big-endian Arrow file; only little-endian data is supported.")
        }
        let fields = try t.tables(1)
        guard fields.count <= maxFields else { throw t.r.fail("too many fields") }
        return try fields.map { try field($0, depth: 0) }
    }

    static func field(_ t: FBTable, depth: Int) throws -> ArrowField {
        guard depth < 8 else { throw t.r.fail("fields nested too deeply") }
        let name = try t.string(0) ?? ""
        let nullable = try t.bool(1, false)
        let tag = Int(try t.scalar(2, UInt8(0)))
        let tt = try t.table(3)
        func int(_ id: Int, _ def: Int32) throws -> Int { Int(try tt?.scalar(id, def) ?? def) }
        let type: ArrowType
        switch tag {
        case 1: type = .null
        case 2: type = .int(bits: try int(0, 0), signed: try tt?.bool(1, false) ?? false)
        case 3: type = .float(precision: Int(try tt?.scalar(0, Int16(0)) ?? 0))
        case 5: type = .utf8
        case 6: type = .bool
        case 7: type = .decimal(precision: try int(0, 0), scale: try int(1, 0), bits: try int(2, 128))
        case 8: type = .date(unit: Int(try tt?.scalar(0, Int16(1)) ?? 1))
        case 10: type = .timestamp(unit: Int(try tt?.scalar(0, Int16(0)) ?? 0), timezone: try tt?.string(1))
        case 20: type = .largeUtf8
        case 0: throw t.r.fail("field `\(name)` has no type")
        default: type = .other(tag: tag)
        }
        var dict: ArrowDictionaryEncoding? = nil
        if let d = try t.table(4) {
            var bits = 32, signed = true
            if let it = try d.table(1) {
                bits = Int(try it.scalar(0, Int32(0)))
                signed = try it.bool(1, false)
            }
            guard [8, 16, 32, 64].contains(bits) else { throw t.r.fail("dictionary index width \(bits) for `\(name)`") }
            dict = ArrowDictionaryEncoding(id: try d.scalar(0, Int64(0)), indexBits: bits, indexSigned: signed)
        }
        let kids = try t.tables(5)
        guard kids.count <= maxFields else { throw t.r.fail("too many child fields") }
        let children = try kids.map { try field($0, depth: depth + 1) }
        return ArrowField(name: name, nullable: nullable, type: type, dictionary: dict, children: children)
    }

    // MARK: - Writing

    static func typeObject(_ t: DataType) -> (tag: UInt8, table: FBObject) {
        switch t {
        case .null: return (1, FBObject())
        case .boolean: return (6, FBObject())
        case .int32: return (2, FBObject([(0, .i32(32)), (1, .bool(true))]))
        case .int64: return (2, FBObject([(0, .i32(64)), (1, .bool(true))]))
        case .float64: return (3, FBObject([(0, .i16(2))]))
        case .decimal(let p, let s): return (7, FBObject([(0, .i32(Int32(p))), (1, .i32(Int32(s))), (2, .i32(128))]))
        case .string: return (5, FBObject())
        case .date: return (8, FBObject([(0, .i16(0))]))
        case .timestamp: return (10, FBObject([(0, .i16(2)), (1, .string("UTC"))]))
        case .array: return (12, FBObject())
        case .map: return (17, FBObject())  // never written: the writer rejects maps first
        }
    }

    /// A `Field` table (an array's element field is named `item`, as pyarrow names it).
    static func fieldObject(_ name: String, _ type: DataType, nullable: Bool) -> [(Int, FBValue)] {
        let (tag, table) = typeObject(type)
        let children: [FBObject] = type.elementType.map { [FBObject(fieldObject("item", $0, nullable: true))] } ?? []
        return [(0, .string(name)), (1, .bool(nullable)), (2, .u8(tag)), (3, .table(table)), (5, .tables(children))]
    }

    /// The schema; fields in `dictionaryColumns` are dictionary-encoded (id = column index, Int32 indices).
    static func schemaObject(_ schema: Schema, dictionaryColumns: Set<Int> = []) -> FBObject {
        let fields: [FBObject] = schema.fields.enumerated().map { i, f in
            var entries = fieldObject(f.name, f.type, nullable: f.nullable)
            if dictionaryColumns.contains(i) {
                entries.append((4, .table(FBObject([(0, .i64(Int64(i))), (1, .table(FBObject([(0, .i32(32)), (1, .bool(true))]))),
                                                    (2, .bool(false))]))))
            }
            return FBObject(entries)
        }
        return FBObject([(0, .i16(0)), (1, .tables(fields))])
    }

    /// A `Message` with the V5 metadata version.
    static func message(headerType: UInt8, header: FBObject, bodyLength: Int) -> [UInt8] {
        FBBuilder.build(FBObject([(0, .i16(4)), (1, .u8(headerType)), (2, .table(header)), (3, .i64(Int64(bodyLength)))]))
    }
}
