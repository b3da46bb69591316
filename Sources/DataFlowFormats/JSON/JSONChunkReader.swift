import DataFlowColumnar
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The read sink: stages the span of each projected column's value for the current line.
struct JSONReadSink: JSONFieldSink {
    var keys: JSONKeyTable
    /// Projection slot of each schema column, -1 when not read.
    let slotOf: [Int]
    let kinds: UnsafeMutablePointer<JSONKind>
    let starts: UnsafeMutablePointer<Int>
    let ends: UnsafeMutablePointer<Int>
    let gens: UnsafeMutablePointer<UInt32>
    var generation: UInt32 = 1
    let nestedError: Bool
    var path = ""
    var line = 0
    /// Slots of array columns; their elements are staged while the line is parsed.
    let isArraySlot: [Bool]
    var elemKinds: [[JSONKind]]
    var elemStarts: [[Int]]
    var elemEnds: [[Int]]
    var currentArray = -1

    mutating func wantsElements(path: UnsafeRawBufferPointer, ordinal: Int) throws -> Bool {
        currentArray = -1
        guard let c = keys.find(path, ordinal: ordinal) else { return false }
        let k = slotOf[c]
        if k < 0 || !isArraySlot[k] || gens[k] == generation { return false }
        currentArray = k
        elemKinds[k].removeAll(keepingCapacity: true)
        elemStarts[k].removeAll(keepingCapacity: true)
        elemEnds[k].removeAll(keepingCapacity: true)
        return true
    }

    mutating func element(kind: JSONKind, start: Int, end: Int) throws {
        let k = currentArray
        elemKinds[k].append(kind)
        elemStarts[k].append(start)
        elemEnds[k].append(end)
    }

    @inline(__always)
    mutating func field(path: UnsafeRawBufferPointer, ordinal: Int, kind: JSONKind, start: Int, end: Int) throws {
        guard let c = keys.find(path, ordinal: ordinal) else { return }
        let k = slotOf[c]
        // A repeated key keeps its first value.
        if k < 0 || gens[k] == generation { return }
        gens[k] = generation
        kinds[k] = kind
        starts[k] = start
        ends[k] = end
    }

    mutating func descend(path: UnsafeRawBufferPointer, ordinal: Int) throws -> Bool {
        // An object under a key the schema names is that column's value (a string column gets its text).
        if keys.find(path, ordinal: ordinal) != nil { return false }
        if nestedError {
            throw DataFlowError("UNSUPPORTED_JSON_NESTED",
                                "JSON field `\(String(decoding: path, as: UTF8.self))` holds a nested object (\(self.path), line \(line)) and the option nested is 'error'. Use nested=flatten to read it as `parent.child` columns.")
        }
        return true
    }
}

/// How one projected column is converted.
enum JSONColumnKind: UInt8 {
    case string, int32, int64, float64, boolean, date, timestamp, decimal, null, corrupt, array

    init(_ t: DataType) {
        switch t {
        case .string: self = .string
        case .int32: self = .int32
        case .int64: self = .int64
        case .float64: self = .float64
        case .boolean: self = .boolean
        case .date: self = .date
        case .timestamp: self = .timestamp
        case .decimal: self = .decimal
        case .null: self = .null
        case .array: self = .array
        case .map: self = .null  // a map schema is rejected when the JSON source is opened
        }
    }
}

/// Parses one chunk into columns: each line is tokenized into staged spans, then converted; a line that
/// does not parse, or a value that does not convert, is handled by the parse mode as Spark does.
struct JSONChunkReader {
    let source: JSONSource
    let proj: [Int]
    let np: Int
    let kinds: UnsafeMutablePointer<JSONKind>
    let starts: UnsafeMutablePointer<Int>
    let ends: UnsafeMutablePointer<Int>
    let gens: UnsafeMutablePointer<UInt32>
    let bits: UnsafeMutablePointer<UInt64>
    let wide: UnsafeMutablePointer<Int128>
    let isNull: UnsafeMutablePointer<Bool>
    var plans: [JSONColumnKind] = []
    var precision: [Int] = []
    var scale: [Int] = []
    var rows = 0
    var scratch: [UInt8] = []
    /// Array columns: element conversion and the converted elements of the current line.
    var elemPlans: [JSONColumnKind] = []
    var elemPrecision: [Int] = []
    var elemScale: [Int] = []
    var elemBits: [[UInt64]] = []
    var elemWide: [[Int128]] = []
    var elemNull: [[Bool]] = []

    init(source: JSONSource, proj: [Int]) {
        self.source = source
        self.proj = proj
        np = proj.count
        let n = max(np, 1)
        kinds = .allocate(capacity: n); starts = .allocate(capacity: n); ends = .allocate(capacity: n)
        gens = .allocate(capacity: n); gens.initialize(repeating: 0, count: n)
        bits = .allocate(capacity: n); wide = .allocate(capacity: n); isNull = .allocate(capacity: n)
        for c in proj {
            let t = source.schema[c].type
            var kind = JSONColumnKind(t)
            if kind == .string && c == source.corruptIndex { kind = .corrupt }
            var p = 0, s = 0
            if case .decimal(let pr, let sc) = t { p = pr; s = sc }
            plans.append(kind); precision.append(p); scale.append(s)
            let et = t.elementType ?? .null
            elemPlans.append(JSONColumnKind(et))
            var ep = 0, es = 0
            if case .decimal(let pr, let sc) = et { ep = pr; es = sc }
            elemPrecision.append(ep); elemScale.append(es)
        }
        elemBits = Array(repeating: [], count: np)
        elemWide = Array(repeating: [], count: np)
        elemNull = Array(repeating: [], count: np)
    }

    func release() {
        kinds.deallocate(); starts.deallocate(); ends.deallocate(); gens.deallocate()
        bits.deallocate(); wide.deallocate(); isNull.deallocate()
    }

    mutating func read(_ p: UnsafePointer<UInt8>, chunk: CSVChunk, path: String) throws -> [Column] {
        let schema = source.schema
        let options = source.options
        let mode = options.mode
        let estimate = min(RecordBatch.morselSize, max(16, chunk.records))
        var builders = proj.map { ColumnBuilder(type: schema[$0].type.elementType == nil ? schema[$0].type : .null, capacity: estimate) }
        // Array columns: offsets, validity and a builder of the elements.
        var arrayOffsets: [[Int32]] = Array(repeating: [0], count: np)
        var arrayValid: [[Bool]] = Array(repeating: [], count: np)
        var elemBuilders = proj.map { ColumnBuilder(type: schema[$0].type.elementType ?? .null, capacity: 16) }
        var slotOf = [Int](repeating: -1, count: schema.count)
        for (k, c) in proj.enumerated() where plans[k] != .corrupt { slotOf[c] = k }
        let keys = JSONKeyTable(schema.fields.map { Array($0.name.utf8) })
        var sink = JSONReadSink(keys: keys, slotOf: slotOf, kinds: kinds, starts: starts, ends: ends, gens: gens,
                                nestedError: options.nested == .error, isArraySlot: plans.map { $0 == .array },
                                elemKinds: Array(repeating: [], count: np), elemStarts: Array(repeating: [], count: np),
                                elemEnds: Array(repeating: [], count: np))
        sink.path = path
        var parser = JSONLineParser(allowNonNumeric: options.allowNonNumericNumbers)
        defer { parser.release() }
        let np = self.np
        try JSONSource.forEachLine(p, chunk.start, chunk.end, firstLine: chunk.firstLine) { s, e, line in
            sink.generation &+= 1
            if sink.generation == 0 {  // wrapped: stale marks could match again
                gens.initialize(repeating: 0, count: max(np, 1))
                sink.generation = 1
            }
            sink.line = line
            var malformed = false, unparsed = false
            do {
                try parser.parseLine(p, s, e, &sink)
            } catch let err as JSONSyntaxError {
                if mode == .failFast { throw JSONSource.malformedError(path, line, err.reason) }
                if mode == .dropMalformed { return }
                malformed = true
                unparsed = true
            }
            if !malformed {
                for k in 0..<np {
                    let ok = plans[k] == .array ? convertArray(k, p, generation: sink.generation, sink: sink)
                                                : try convert(k, p, generation: sink.generation)
                    if !ok {
                        if mode == .failFast {
                            let f = schema[proj[k]]
                            let text = String(decoding: UnsafeRawBufferPointer(start: p + starts[k], count: ends[k] - starts[k]), as: UTF8.self)
                            throw JSONSource.malformedError(path, line, "field `\(f.name)`: value \(text) cannot be read as \(f.type.sqlName)")
                        }
                        malformed = true
                        isNull[k] = true
                    }
                }
                if malformed && mode == .dropMalformed { return }
            }
            rows += 1
            for k in 0..<np {
                let kind = plans[k]
                if kind == .corrupt {
                    if malformed { builders[k].appendUTF8(UnsafeRawBufferPointer(start: p + s, count: e - s)) } else { builders[k].appendNull() }
                    continue
                }
                if kind == .array {
                    let valid = !unparsed && !isNull[k]
                    arrayValid[k].append(valid)
                    if valid {
                        let ek = elemPlans[k]
                        for j in 0..<elemNull[k].count {
                            if elemNull[k][j] { elemBuilders[k].appendNull(); continue }
                            switch ek {
                            case .string:
                                let vk = sink.elemKinds[k][j], s = sink.elemStarts[k][j], e = sink.elemEnds[k][j]
                                if vk == .escapedString {
                                    JSONLineParser.unescape(p, s, e, into: &scratch)
                                    scratch.withUnsafeBytes { elemBuilders[k].appendUTF8($0) }
                                } else {
                                    elemBuilders[k].appendUTF8(UnsafeRawBufferPointer(start: p + s, count: e - s))
                                }
                            case .decimal: elemBuilders[k].appendDecimal(elemWide[k][j])
                            case .int32, .date: elemBuilders[k].appendRaw(UInt32(truncatingIfNeeded: elemBits[k][j]))
                            case .boolean: elemBuilders[k].appendRaw(UInt8(truncatingIfNeeded: elemBits[k][j]))
                            case .int64, .float64, .timestamp: elemBuilders[k].appendRaw(elemBits[k][j])
                            case .null, .corrupt, .array: elemBuilders[k].appendNull()
                            }
                        }
                    }
                    arrayOffsets[k].append(Int32(truncatingIfNeeded: elemBuilders[k].count))
                    continue
                }
                if unparsed { builders[k].appendNull(); continue }
                if isNull[k] { builders[k].appendNull(); continue }
                switch kind {
                case .string:
                    let vk = kinds[k]
                    if vk == .escapedString {
                        JSONLineParser.unescape(p, starts[k], ends[k], into: &scratch)
                        scratch.withUnsafeBytes { builders[k].appendUTF8($0) }
                    } else {
                        builders[k].appendUTF8(UnsafeRawBufferPointer(start: p + starts[k], count: ends[k] - starts[k]))
                    }
                case .decimal: builders[k].appendDecimal(wide[k])
                case .int32, .date: builders[k].appendRaw(UInt32(truncatingIfNeeded: bits[k]))
                case .boolean: builders[k].appendRaw(UInt8(truncatingIfNeeded: bits[k]))
                case .int64, .float64, .timestamp: builders[k].appendRaw(bits[k])
                case .null, .corrupt, .array: builders[k].appendNull()
                }
            }
        }
        return (0..<np).map { k in
            guard plans[k] == .array else { return builders[k].finish() }
            var validity: Buffer? = nil
            if arrayValid[k].contains(false) {
                let v = Buffer(byteCount: Bitmap.byteCount(for: arrayValid[k].count), zeroed: true)
                for (i, ok) in arrayValid[k].enumerated() where ok { Bitmap.set(v.pointer(UInt8.self), i, true) }
                validity = v
            }
            return Column.array(offsets: arrayOffsets[k], elements: elemBuilders[k].finish(), validity: validity)
        }
    }

    /// Converts the staged elements of array slot `k`; false when one does not fit the element type.
    mutating func convertArray(_ k: Int, _ p: UnsafePointer<UInt8>, generation: UInt32, sink: JSONReadSink) -> Bool {
        elemBits[k].removeAll(keepingCapacity: true)
        elemWide[k].removeAll(keepingCapacity: true)
        elemNull[k].removeAll(keepingCapacity: true)
        if gens[k] != generation || kinds[k] == .null { isNull[k] = true; return true }
        isNull[k] = false
        guard kinds[k] == .array else { return false }
        let plan = elemPlans[k]
        for j in 0..<sink.elemKinds[k].count {
            let vk = sink.elemKinds[k][j]
            if vk == .null { elemNull[k].append(true); elemBits[k].append(0); elemWide[k].append(0); continue }
            if plan == .string {
                // A string element takes any scalar's text; nested values are not supported.
                if vk == .array || vk == .object { return false }
                elemNull[k].append(false); elemBits[k].append(0); elemWide[k].append(0)
                continue
            }
            guard let (b, w) = scalar(plan, vk, p, sink.elemStarts[k][j], sink.elemEnds[k][j],
                                      precision: elemPrecision[k], scale: elemScale[k]) else { return false }
            elemNull[k].append(false); elemBits[k].append(b); elemWide[k].append(w)
        }
        return true
    }

    /// One scalar value converted for a column kind: its bits (or decimal), nil when it does not fit.
    mutating func scalar(_ plan: JSONColumnKind, _ vk: JSONKind, _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
                         precision: Int, scale: Int) -> (UInt64, Int128)? {
        let q = p + start, n = end - start
        switch plan {
        case .int64:
            guard vk == .integer, let v = CSVValues.parseInt64(q, n) else { return nil }
            return (UInt64(bitPattern: v), 0)
        case .int32:
            guard vk == .integer, let v = CSVValues.parseInt32(q, n) else { return nil }
            return (UInt64(UInt32(bitPattern: v)), 0)
        case .float64:
            switch vk {
            case .integer, .number:
                guard let v = CSVValues.parseDouble(q, n, specials: JSONChunkReader.specials) else { return nil }
                return (v.bitPattern, 0)
            case .nonNumeric, .string:
                guard let v = JSONChunkReader.special(q, n) else { return nil }
                return (v.bitPattern, 0)
            default: return nil
            }
        case .boolean:
            guard vk == .trueValue || vk == .falseValue else { return nil }
            return (vk == .trueValue ? 1 : 0, 0)
        case .decimal:
            guard vk == .integer || vk == .number || vk == .string,
                  let v = CSVValues.parseDecimal(q, n, precision: precision, scale: scale) else { return nil }
            return (0, v)
        case .date, .timestamp:
            if plan == .timestamp && vk == .integer {
                guard let secs = CSVValues.parseInt64(q, n) else { return nil }
                let (m, o) = secs.multipliedReportingOverflow(by: 1_000_000)
                return o ? nil : (UInt64(bitPattern: m), 0)
            }
            guard vk == .string || vk == .escapedString else { return nil }
            let dates = source.dates
            func parse(_ t: UnsafeRawBufferPointer) -> UInt64? {
                plan == .date ? dates.date(t).map { UInt64(UInt32(bitPattern: $0)) } : dates.timestamp(t).map { UInt64(bitPattern: $0) }
            }
            let r: UInt64?
            if vk == .escapedString {
                JSONLineParser.unescape(p, start, end, into: &scratch)
                r = scratch.withUnsafeBytes { parse($0) }
            } else {
                r = parse(UnsafeRawBufferPointer(start: q, count: n))
            }
            return r.map { ($0, 0) }
        case .string, .null, .corrupt, .array:
            return nil
        }
    }

    /// Converts staged slot `k` into `bits`/`wide`/`isNull`; false when the value does not fit the type.
    @inline(__always)
    mutating func convert(_ k: Int, _ p: UnsafePointer<UInt8>, generation: UInt32) throws -> Bool {
        let plan = plans[k]
        if plan == .corrupt { isNull[k] = true; return true }
        if gens[k] != generation || kinds[k] == .null || plan == .null { isNull[k] = true; return true }
        isNull[k] = false
        let vk = kinds[k]
        let q = p + starts[k]
        let n = ends[k] - starts[k]
        switch plan {
        case .string, .corrupt, .null, .array:
            return true
        case .int64:
            guard vk == .integer, let v = CSVValues.parseInt64(q, n) else { return false }
            bits[k] = UInt64(bitPattern: v)
        case .int32:
            guard vk == .integer, let v = CSVValues.parseInt32(q, n) else { return false }
            bits[k] = UInt64(UInt32(bitPattern: v))
        case .float64:
            switch vk {
            case .integer, .number:
                guard let v = CSVValues.parseDouble(q, n, specials: JSONChunkReader.specials) else { return false }
                bits[k] = v.bitPattern
            case .nonNumeric, .string:
                guard let v = JSONChunkReader.special(q, n) else { return false }
                bits[k] = v.bitPattern
            default: return false
            }
        case .boolean:
            guard vk == .trueValue || vk == .falseValue else { return false }
            bits[k] = vk == .trueValue ? 1 : 0
        case .decimal:
            guard vk == .integer || vk == .number || vk == .string,
                  let v = CSVValues.parseDecimal(q, n, precision: precision[k], scale: scale[k]) else { return false }
            wide[k] = v
        case .date:
            guard vk == .string || vk == .escapedString else { return false }
            let dates = source.dates
            guard let d = withText(k, p, { dates.date($0) }) else { return false }
            bits[k] = UInt64(UInt32(bitPattern: d))
        case .timestamp:
            if vk == .integer {
                // Spark reads a JSON integer as seconds since the epoch.
                guard let secs = CSVValues.parseInt64(q, n) else { return false }
                let (m, o) = secs.multipliedReportingOverflow(by: 1_000_000)
                if o { return false }
                bits[k] = UInt64(bitPattern: m)
                return true
            }
            guard vk == .string || vk == .escapedString else { return false }
            let dates = source.dates
            guard let t = withText(k, p, { dates.timestamp($0) }) else { return false }
            bits[k] = UInt64(bitPattern: t)
        }
        return true
    }

    /// The (unescaped) text of a staged string.
    private mutating func withText<T>(_ k: Int, _ p: UnsafePointer<UInt8>, _ body: (UnsafeRawBufferPointer) -> T?) -> T? {
        if kinds[k] == .escapedString {
            JSONLineParser.unescape(p, starts[k], ends[k], into: &scratch)
            return scratch.withUnsafeBytes { body($0) }
        }
        return body(UnsafeRawBufferPointer(start: p + starts[k], count: ends[k] - starts[k]))
    }

    static let specials = CSVSpecialDoubles(nan: "NaN", posInf: "Infinity", negInf: "-Infinity")

    /// The non-numeric doubles Spark accepts, quoted or not.
    static func special(_ q: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        if let v = specials.match(q, n) { return v }
        if CSVValues.equals(q, n, Array("INF".utf8)) || CSVValues.equals(q, n, Array("+INF".utf8)) { return .infinity }
        if CSVValues.equals(q, n, Array("-INF".utf8)) { return -.infinity }
        return nil
    }
}
