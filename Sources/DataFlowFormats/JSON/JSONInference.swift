import DataFlowColumnar

/// The type lattice of Spark's JSON schema inference (`JsonInferSchema`) for flattened fields.
enum JSONInferredType: Equatable, Sendable {
    /// Only nulls seen (a string column in the end, as in Spark).
    case null
    case boolean, long, double, string
    /// An integer too large for a long: `decimal(p, 0)`.
    case decimal(Int)
    /// The key held an object (flattened into `key.child` fields unless it also held a scalar).
    case object
    /// Arrays of scalars: `array<element>`.
    indirect case array(JSONInferredType)

    static func merge(_ a: JSONInferredType, _ b: JSONInferredType) -> JSONInferredType {
        if a == b { return a }
        switch (a, b) {
        case (.null, _): return b
        case (_, .null): return a
        case (.long, .double), (.double, .long): return .double
        case (.decimal, .double), (.double, .decimal): return .double
        case (.decimal(let p), .long), (.long, .decimal(let p)): return .decimal(max(p, 20))
        case (.decimal(let p), .decimal(let q)): return .decimal(max(p, q))
        case (.array(let x), .array(let y)): return .array(merge(x, y))
        default: return .string
        }
    }

    var dataType: DataType? {
        switch self {
        case .null, .string: return .string
        case .boolean: return .boolean
        case .long: return .int64
        case .double: return .float64
        case .decimal(let p): return .decimal(precision: p, scale: 0)
        case .object: return nil
        case .array(let e): return .array(e.dataType ?? .string)
        }
    }
}

/// What inference learned from some lines: key paths with their types, in order of first appearance.
struct JSONInferenceResult: Sendable {
    var names: [[UInt8]] = []
    var types: [JSONInferredType] = []
    var sawMalformed = false
}

/// The inference sink: every key becomes a slot; arrays and (with `nested=error`) objects are errors.
struct JSONInferSink: JSONFieldSink {
    var keys: JSONKeyTable
    var types: [JSONInferredType] = []
    var lineTypes: [JSONInferredType] = []
    var touched: [Int] = []
    var seen: [Int] = []
    var generation = 1
    let primitivesAsString: Bool
    let nestedError: Bool
    var line = 0
    var path = ""
    var p: UnsafePointer<UInt8>? = nil

    init(primitivesAsString: Bool, nestedError: Bool) {
        keys = JSONKeyTable()
        self.primitivesAsString = primitivesAsString
        self.nestedError = nestedError
    }

    mutating func slot(_ path: UnsafeRawBufferPointer, _ ordinal: Int) -> Int {
        if let s = keys.find(path, ordinal: ordinal) { return s }
        let s = keys.insert(Array(path))
        types.append(.null)
        lineTypes.append(.null)
        seen.append(0)
        return s
    }

    /// The type of a scalar value (nil for objects and arrays). An integer too big for a bigint is a
    /// decimal as a field (as Spark infers it), a double inside an array.
    func scalarType(_ kind: JSONKind, _ start: Int, _ end: Int, bigIntegerAsDecimal: Bool) -> JSONInferredType? {
        switch kind {
        case .null: return .null
        case .string, .escapedString: return .string
        case .trueValue, .falseValue: return primitivesAsString ? .string : .boolean
        case .number, .nonNumeric: return primitivesAsString ? .string : .double
        case .integer:
            if primitivesAsString { return .string }
            if let q = p, CSVValues.parseInt64(q + start, end - start) != nil { return .long }
            guard bigIntegerAsDecimal else { return .double }
            let digits = end - start - (p.map { $0[start] == UInt8(ascii: "-") ? 1 : 0 } ?? 0)
            return digits <= DataType.maxDecimalPrecision ? .decimal(digits) : .double
        case .object, .array: return nil
        }
    }

    mutating func field(path: UnsafeRawBufferPointer, ordinal: Int, kind: JSONKind, start: Int, end: Int) throws {
        let t: JSONInferredType
        if let scalar = scalarType(kind, start, end, bigIntegerAsDecimal: true) {
            t = scalar
        } else if kind == .object {
            t = .object
        } else {
            t = .array(element)
            element = .null
        }
        let s = slot(path, ordinal)
        if seen[s] != generation { seen[s] = generation; touched.append(s) }
        lineTypes[s] = JSONInferredType.merge(lineTypes[s], t)
    }

    /// The element type of the array being read.
    var element: JSONInferredType = .null

    /// The array's key (for errors).
    var arrayPath: [UInt8] = []

    mutating func wantsElements(path: UnsafeRawBufferPointer, ordinal: Int) throws -> Bool {
        element = .null
        arrayPath.removeAll(keepingCapacity: true)
        arrayPath.append(contentsOf: path)
        return true
    }

    mutating func element(kind: JSONKind, start: Int, end: Int) throws {
        let t: JSONInferredType
        switch kind {
        case .null, .string, .escapedString, .trueValue, .falseValue, .number, .nonNumeric, .integer:
            t = scalarType(kind, start, end, bigIntegerAsDecimal: false) ?? .string
        case .object, .array:
            throw DataFlowError("UNSUPPORTED_JSON_ARRAY",
                                "JSON field `\(String(decoding: arrayPath, as: UTF8.self))` is an array holding \(kind == .object ? "an object" : "an array") (\(self.path), line \(line)); only arrays of numbers, strings and booleans are supported. Give a schema without the field to skip it.")
        }
        element = JSONInferredType.merge(element, t)
    }

    mutating func descend(path: UnsafeRawBufferPointer, ordinal: Int) throws -> Bool {
        if nestedError {
            throw DataFlowError("UNSUPPORTED_JSON_NESTED",
                                "JSON field `\(String(decoding: path, as: UTF8.self))` holds a nested object (\(self.path), line \(line)) and the option nested is 'error'. Use nested=flatten to read it as `parent.child` columns.")
        }
        try field(path: path, ordinal: ordinal, kind: .object, start: 0, end: 0)
        return true
    }

    /// Folds the current line's types in (called once the line parsed without error).
    mutating func commitLine() {
        for s in touched {
            types[s] = JSONInferredType.merge(types[s], lineTypes[s])
            lineTypes[s] = .null
        }
        touched.removeAll(keepingCapacity: true)
        generation &+= 1
    }

    mutating func discardLine() {
        for s in touched { lineTypes[s] = .null }
        touched.removeAll(keepingCapacity: true)
        generation &+= 1
    }
}

enum JSONSchemaBuilder {
    /// Merges partial results (in input order) into Spark's schema: columns sorted by name (path
    /// component by component), objects replaced by their fields, a key that was both an object and a
    /// scalar kept as one string column, and the corrupt-record column when a malformed line was seen.
    static func schema(_ parts: [JSONInferenceResult], corruptColumn: String?) -> Schema {
        var keys = JSONKeyTable()
        var types: [JSONInferredType] = []
        var malformed = false
        for part in parts {
            malformed = malformed || part.sawMalformed
            for (n, t) in zip(part.names, part.types) {
                let s = keys.insert(n)
                if s == types.count { types.append(t) } else { types[s] = JSONInferredType.merge(types[s], t) }
            }
        }
        var entries: [(components: [[UInt8]], name: String, type: DataType)] = []
        let names = keys.names
        let isColumn = Set(names.indices.filter { types[$0] != .object }.map { names[$0] })
        for (i, n) in names.enumerated() {
            guard let dt = types[i].dataType else { continue }
            let comps = n.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map(Array.init)
            // A field under a key that is itself a column (object in some lines, scalar in others) is
            // part of that column's text.
            var covered = false
            if comps.count > 1 {
                var prefix: [UInt8] = []
                for c in comps.dropLast() {
                    if !prefix.isEmpty { prefix.append(UInt8(ascii: ".")) }
                    prefix += c
                    if isColumn.contains(prefix) { covered = true; break }
                }
            }
            if covered { continue }
            entries.append((comps, String(decoding: n, as: UTF8.self), dt))
        }
        if malformed, let c = corruptColumn, !names.contains(Array(c.utf8)) {
            entries.append(([Array(c.utf8)], c, .string))
        }
        entries.sort { a, b in a.components.lexicographicallyPrecedes(b.components) { $0.lexicographicallyPrecedes($1) } }
        return Schema(entries.map { Field($0.name, $0.type) })
    }
}
