import DataFlowColumnar

/// A node of a Parquet schema: a group (struct, list, map) or a primitive leaf. Nested data (the Delta
/// Lake checkpoint's struct and map columns, lists) is written and read through this tree and
/// `ParquetLeafData` (Dremel definition and repetition levels per leaf).
public struct ParquetSchemaNode: Sendable {
    public enum Kind: Sendable {
        case group([ParquetSchemaNode])
        /// A primitive; `typeLength` is the width of FIXED_LEN_BYTE_ARRAY (0 otherwise).
        case primitive(ParquetPhysicalType, typeLength: Int)
    }

    public var name: String
    public var repetition: ParquetRepetition
    public var kind: Kind
    public var logicalType: ParquetLogicalType?
    public var convertedType: ParquetConvertedType?

    public init(name: String, repetition: ParquetRepetition, kind: Kind,
                logicalType: ParquetLogicalType? = nil, convertedType: ParquetConvertedType? = nil) {
        self.name = name
        self.repetition = repetition
        self.kind = kind
        self.logicalType = logicalType
        self.convertedType = convertedType
    }

    /// A primitive leaf.
    public static func leaf(_ name: String, _ type: ParquetPhysicalType, _ repetition: ParquetRepetition = .optional,
                            typeLength: Int = 0, logical: ParquetLogicalType? = nil,
                            converted: ParquetConvertedType? = nil) -> ParquetSchemaNode {
        ParquetSchemaNode(name: name, repetition: repetition, kind: .primitive(type, typeLength: typeLength),
                          logicalType: logical, convertedType: converted)
    }

    /// A group (a struct unless annotated as LIST or MAP).
    public static func group(_ name: String, _ repetition: ParquetRepetition = .optional, _ children: [ParquetSchemaNode],
                             logical: ParquetLogicalType? = nil, converted: ParquetConvertedType? = nil) -> ParquetSchemaNode {
        ParquetSchemaNode(name: name, repetition: repetition, kind: .group(children), logicalType: logical, convertedType: converted)
    }

    /// A UTF-8 string leaf (BYTE_ARRAY annotated STRING).
    public static func string(_ name: String, _ repetition: ParquetRepetition = .optional) -> ParquetSchemaNode {
        leaf(name, .byteArray, repetition, logical: .string, converted: .utf8)
    }

    /// The standard 3-level LIST: `<rep> group name (LIST) { repeated group list { <element> } }`.
    public static func list(_ name: String, _ repetition: ParquetRepetition = .optional, element: ParquetSchemaNode) -> ParquetSchemaNode {
        var e = element
        e.name = "element"
        return group(name, repetition, [group("list", .repeated, [e])], logical: .list, converted: .list)
    }

    /// The standard MAP: `<rep> group name (MAP) { repeated group key_value { required key; value } }`.
    public static func map(_ name: String, _ repetition: ParquetRepetition = .optional, key: ParquetSchemaNode,
                           value: ParquetSchemaNode) -> ParquetSchemaNode {
        var k = key, v = value
        k.name = "key"
        k.repetition = .required
        v.name = "value"
        return group(name, repetition, [group("key_value", .repeated, [k, v], converted: .mapKeyValue)], logical: .map, converted: .map)
    }
}

/// A leaf column of a Parquet file: where it sits in the tree and its maximum levels.
public struct ParquetLeaf: Sendable {
    public let path: [String]
    public let physicalType: ParquetPhysicalType
    public let typeLength: Int
    public let logicalType: ParquetLogicalType?
    public let convertedType: ParquetConvertedType?
    /// DECIMAL precision/scale (from the logical type or the legacy fields).
    public let precision: Int
    public let scale: Int
    public let maxDefinitionLevel: Int
    public let maxRepetitionLevel: Int
    /// Index of the top-level field this leaf belongs to.
    public let topLevelField: Int
    /// The leaf's own repetition.
    public var repetition: ParquetRepetition = .optional
    var elementOptional: Bool { repetition == .optional }
    public var dottedPath: String { path.joined(separator: ".") }
}

/// The non-null values of one leaf column, in order (nulls and list boundaries are in the levels).
public enum ParquetValues: Sendable {
    case boolean([Bool])
    case int32([Int32])
    case int64([Int64])
    /// INT96: 12 bytes per value.
    case int96([UInt8])
    case float([Float])
    case double([Double])
    /// `offsets.count == values + 1`; value i is `bytes[offsets[i] ..< offsets[i + 1]]`.
    case byteArray(offsets: [Int32], bytes: [UInt8])
    case fixedLenByteArray(width: Int, bytes: [UInt8])

    public var count: Int {
        switch self {
        case .boolean(let v): return v.count
        case .int32(let v): return v.count
        case .int64(let v): return v.count
        case .int96(let b): return b.count / 12
        case .float(let v): return v.count
        case .double(let v): return v.count
        case .byteArray(let o, _): return max(o.count - 1, 0)
        case .fixedLenByteArray(let w, let b): return w == 0 ? 0 : b.count / w
        }
    }
}

/// One leaf's data for a row group (Dremel encoding). `definitionLevels` is empty when the leaf's max
/// definition level is 0 (and then every value is present); `repetitionLevels` is empty when its max
/// repetition level is 0. Otherwise both have one entry per level slot, and `values` holds one value per
/// slot whose definition level equals the maximum.
public struct ParquetLeafData: Sendable {
    public var values: ParquetValues
    public var definitionLevels: [Int16]
    public var repetitionLevels: [Int16]

    public init(values: ParquetValues, definitionLevels: [Int16] = [], repetitionLevels: [Int16] = []) {
        self.values = values
        self.definitionLevels = definitionLevels
        self.repetitionLevels = repetitionLevels
    }
}

// MARK: - Flattening and parsing the footer's schema list

enum ParquetSchemaCodec {
    /// The footer's depth-first element list for top-level `fields` under a root called `schema`.
    static func flatten(_ fields: [ParquetSchemaNode]) -> [SchemaElement] {
        var out = [SchemaElement(name: "schema", numChildren: Int32(fields.count))]
        func visit(_ n: ParquetSchemaNode) {
            var e = SchemaElement()
            e.name = n.name
            e.repetition = n.repetition
            e.logicalType = n.logicalType
            e.convertedType = n.convertedType
            switch n.kind {
            case .group(let children):
                e.numChildren = Int32(children.count)
                out.append(e)
                for c in children { visit(c) }
            case .primitive(let t, let len):
                e.type = t
                if t == .fixedLenByteArray { e.typeLength = Int32(len) }
                if case .decimal(let p, let s) = n.logicalType { e.precision = p; e.scale = s }
                out.append(e)
            }
        }
        for f in fields { visit(f) }
        return out
    }

    /// The top-level nodes of a footer's element list (validated: counts, names, types).
    static func parse(_ elements: [SchemaElement]) throws -> [ParquetSchemaNode] {
        guard let root = elements.first else { throw ThriftReader.corrupt("the schema is empty") }
        var i = 1
        func node(depth: Int) throws -> ParquetSchemaNode {
            guard depth < 64 else { throw ThriftReader.corrupt("the schema nests too deeply") }
            guard i < elements.count else { throw ThriftReader.corrupt("the schema has fewer elements than its groups declare") }
            let e = elements[i]
            i += 1
            let rep = e.repetition ?? .required
            var logical = e.logicalType
            if logical == nil, e.convertedType == .decimal, let p = e.precision {
                logical = .decimal(precision: p, scale: e.scale ?? 0)
            }
            if case .decimal(let p, let s)? = logical, e.logicalType != nil, let ep = e.precision, ep != p || (e.scale ?? 0) != s {
                logical = .decimal(precision: p, scale: s)  // the logical type wins
            }
            if let n = e.numChildren, n > 0 || e.type == nil {
                guard n >= 0, Int(n) <= elements.count - i else { throw ThriftReader.corrupt("group \(e.name) declares \(n) children") }
                var children: [ParquetSchemaNode] = []
                for _ in 0..<n { children.append(try node(depth: depth + 1)) }
                return ParquetSchemaNode(name: e.name, repetition: rep, kind: .group(children), logicalType: logical, convertedType: e.convertedType)
            }
            guard let t = e.type else { throw ThriftReader.corrupt("leaf \(e.name) has no type") }
            var len = 0
            if t == .fixedLenByteArray {
                guard let l = e.typeLength, l > 0, l <= 1 << 20 else { throw ThriftReader.corrupt("FIXED_LEN_BYTE_ARRAY \(e.name) has no valid length") }
                len = Int(l)
            }
            return ParquetSchemaNode(name: e.name, repetition: rep, kind: .primitive(t, typeLength: len), logicalType: logical, convertedType: e.convertedType)
        }
        let n = Int(root.numChildren ?? 0)
        guard n >= 0, n <= elements.count - 1 else { throw ThriftReader.corrupt("the schema root declares \(n) children") }
        var out: [ParquetSchemaNode] = []
        for _ in 0..<n { out.append(try node(depth: 0)) }
        guard i == elements.count else { throw ThriftReader.corrupt("the schema has \(elements.count - i) elements outside its tree") }
        return out
    }

    /// The leaves of `fields`, depth-first, with their levels.
    static func leaves(_ fields: [ParquetSchemaNode]) -> [ParquetLeaf] {
        var out: [ParquetLeaf] = []
        func visit(_ n: ParquetSchemaNode, path: [String], def: Int, rep: Int, top: Int) {
            let d = def + (n.repetition == .required ? 0 : 1)
            let r = rep + (n.repetition == .repeated ? 1 : 0)
            switch n.kind {
            case .group(let children):
                for c in children { visit(c, path: path + [n.name], def: d, rep: r, top: top) }
            case .primitive(let t, let len):
                var p = 0, s = 0
                if case .decimal(let pp, let ss)? = n.logicalType { p = Int(pp); s = Int(ss) }
                out.append(ParquetLeaf(path: path + [n.name], physicalType: t, typeLength: len, logicalType: n.logicalType,
                                       convertedType: n.convertedType, precision: p, scale: s,
                                       maxDefinitionLevel: d, maxRepetitionLevel: r, topLevelField: top, repetition: n.repetition))
            }
        }
        for (i, f) in fields.enumerated() { visit(f, path: [], def: 0, rep: 0, top: i) }
        return out
    }
}

// MARK: - DataFlow types ⇄ Parquet

enum ParquetTypeMapping {
    /// The DataFlow type a primitive leaf reads as, or a description of why it cannot be read.
    static func dataType(of leaf: ParquetLeaf) -> Result<DataType, DataFlowError> {
        func unsupported(_ what: String) -> Result<DataType, DataFlowError> {
            .failure(DataFlowError("PARQUET_UNSUPPORTED_TYPE",
                                   "column \(leaf.dottedPath) has Parquet type \(what), which DataFlow cannot read"))
        }
        if case .decimal(let p, let s)? = leaf.logicalType {
            guard p >= 1, p <= 38, s >= 0, s <= p else { return unsupported("DECIMAL(\(p),\(s))") }
            switch leaf.physicalType {
            case .int32, .int64, .fixedLenByteArray, .byteArray: return .success(.decimal(precision: Int(p), scale: Int(s)))
            default: return unsupported("\(leaf.physicalType) DECIMAL")
            }
        }
        switch leaf.physicalType {
        case .boolean: return .success(.boolean)
        case .int32:
            switch (leaf.logicalType, leaf.convertedType) {
            case (.date?, _), (nil, .date?): return .success(.date)
            case (.integer(let w, let signed)?, _):
                if !signed && w == 32 { return .success(.int64) }
                return .success(.int32)
            case (nil, .uint32?): return .success(.int64)
            case (nil, nil), (nil, .int8?), (nil, .int16?), (nil, .int32?), (nil, .uint8?), (nil, .uint16?): return .success(.int32)
            case (let l, let c): return unsupported("INT32 \(l.map { "\($0)" } ?? c.map { "\($0)" } ?? "")")
            }
        case .int64:
            switch (leaf.logicalType, leaf.convertedType) {
            case (.timestamp?, _), (nil, .timestampMillis?), (nil, .timestampMicros?): return .success(.timestamp)
            case (.integer(_, true)?, _), (nil, nil), (nil, .int64?): return .success(.int64)
            case (let l, let c): return unsupported("INT64 \(l.map { "\($0)" } ?? c.map { "\($0)" } ?? "")")
            }
        case .int96: return .success(.timestamp)
        case .float, .double: return .success(.float64)
        case .byteArray:
            switch (leaf.logicalType, leaf.convertedType) {
            case (nil, nil), (.string?, _), (.enumeration?, _), (.json?, _), (nil, .utf8?), (nil, .enumeration?), (nil, .json?):
                return .success(.string)
            case (let l, let c): return unsupported("BYTE_ARRAY \(l.map { "\($0)" } ?? c.map { "\($0)" } ?? "")")
            }
        case .fixedLenByteArray:
            return unsupported("FIXED_LEN_BYTE_ARRAY(\(leaf.typeLength))\(leaf.logicalType.map { " \($0)" } ?? "")")
        }
    }

    /// Bytes a FIXED_LEN_BYTE_ARRAY needs for a decimal of `precision` digits (as Spark sizes it).
    static func decimalBytes(_ precision: Int) -> Int {
        var n = 1
        while n < 16 {
            // Largest magnitude n bytes hold: 2^(8n-1) - 1.
            let maxDigits = Int((Double(8 * n - 1) * 0.30102999566398119).rounded(.down))
            if maxDigits >= precision { return n }
            n += 1
        }
        return 16
    }

    /// The Parquet leaf DataFlow writes for a field (Spark's choices).
    static func node(for field: Field) throws -> ParquetSchemaNode {
        let rep: ParquetRepetition = field.nullable ? .optional : .required
        switch field.type {
        case .boolean: return .leaf(field.name, .boolean, rep)
        case .int32: return .leaf(field.name, .int32, rep)
        case .int64: return .leaf(field.name, .int64, rep)
        case .float64: return .leaf(field.name, .double, rep)
        case .string: return .string(field.name, rep)
        case .date: return .leaf(field.name, .int32, rep, logical: .date, converted: .date)
        case .timestamp:
            return .leaf(field.name, .int64, rep, logical: .timestamp(utc: true, unit: .micros), converted: .timestampMicros)
        case .decimal(let p, let s):
            let logical = ParquetLogicalType.decimal(precision: Int32(p), scale: Int32(s))
            if p <= 9 { return .leaf(field.name, .int32, rep, logical: logical, converted: .decimal) }
            if p <= 18 { return .leaf(field.name, .int64, rep, logical: logical, converted: .decimal) }
            return .leaf(field.name, .fixedLenByteArray, rep, typeLength: decimalBytes(p), logical: logical, converted: .decimal)
        case .map:
            throw DataFlowError("PARQUET_UNSUPPORTED_TYPE", "column \(field.name) has type \(field.type); map columns are not supported in Parquet yet")
        case .array(let element):
            // Spark's (and the format's) standard 3-level LIST with nullable elements.
            if case .array = element {
                throw DataFlowError("PARQUET_UNSUPPORTED_TYPE", "column \(field.name) has type \(field.type); nested arrays are not supported in Parquet yet")
            }
            return .list(field.name, rep, element: try node(for: Field("element", element, nullable: true)))
        case .null:
            throw DataFlowError("PARQUET_UNSUPPORTED_TYPE", "column \(field.name) has type void, which Parquet cannot store; cast it to a concrete type")
        }
    }
}
