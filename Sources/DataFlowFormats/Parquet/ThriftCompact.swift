import DataFlowColumnar

/// Thrift compact protocol (the encoding of Parquet's footer and page headers): a reader over a byte
/// range that never reads past its end and a writer that appends to a byte array. Only what Parquet's
/// structs use is here: structs, lists, binary, i8/i16/i32/i64 (zigzag varints), bool, double; maps and
/// sets are skipped on read.
struct ThriftReader: VarintReading {
    enum FieldType: UInt8 {
        case stop = 0, boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7
        case binary = 8, list = 9, set = 10, map = 11, structure = 12
    }

    let base: UnsafeRawPointer
    let end: Int
    var pos: Int
    /// Nesting depth, bounded so garbled input cannot recurse without end.
    var depth = 0
    /// Field id of the last field read in each open struct (ids are deltas within a struct).
    var lastField: [Int16] = [0]
    /// The value of a bool field, carried in its header.
    var pendingBool = false

    init(_ bytes: UnsafeRawBufferPointer) {
        base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        end = bytes.count
        pos = 0
    }

    static func corrupt(_ what: String) -> DataFlowError {
        DataFlowError("PARQUET_CORRUPT_METADATA", what)
    }

    mutating func byte() throws -> UInt8 {
        guard pos < end else { throw Self.corrupt("metadata ends early") }
        let b = base.load(fromByteOffset: pos, as: UInt8.self)
        pos &+= 1
        return b
    }

    mutating func i64() throws -> Int64 { try zigzag() }

    mutating func i32() throws -> Int32 {
        let v = try i64()
        guard let r = Int32(exactly: v) else { throw Self.corrupt("i32 out of range: \(v)") }
        return r
    }

    mutating func double() throws -> Double {
        guard end - pos >= 8 else { throw Self.corrupt("metadata ends early") }
        let bits = base.loadUnaligned(fromByteOffset: pos, as: UInt64.self)
        pos += 8
        return Double(bitPattern: UInt64(littleEndian: bits))
    }

    mutating func binary() throws -> [UInt8] {
        let n = try varint()
        guard n <= UInt64(end - pos) else { throw Self.corrupt("binary length \(n) exceeds the metadata") }
        let out = [UInt8](UnsafeRawBufferPointer(start: base + pos, count: Int(n)))
        pos += Int(n)
        return out
    }

    mutating func string() throws -> String { String(decoding: try binary(), as: UTF8.self) }

    /// Reads a bool: a field's value comes from its header, a list element from its byte.
    mutating func bool(inList: Bool = false) throws -> Bool {
        if inList { return try byte() == 1 }
        return pendingBool
    }

    mutating func beginStruct() throws {
        depth += 1
        if depth > 64 { throw Self.corrupt("metadata nests too deeply") }
        lastField.append(0)
    }

    mutating func endStruct() {
        depth -= 1
        lastField.removeLast()
    }

    /// The next field's id and type, or nil at the struct's end.
    mutating func fieldHeader() throws -> (id: Int16, type: FieldType)? {
        let b = try byte()
        if b == 0 { return nil }
        guard let t = FieldType(rawValue: b & 0x0f) else { throw Self.corrupt("unknown field type \(b & 0x0f)") }
        let delta = b >> 4
        var id: Int16
        if delta == 0 {
            let v = try i64()
            guard let x = Int16(exactly: v) else { throw Self.corrupt("field id out of range") }
            id = x
        } else {
            id = lastField[lastField.count - 1] &+ Int16(delta)
        }
        lastField[lastField.count - 1] = id
        if t == .boolTrue { pendingBool = true } else if t == .boolFalse { pendingBool = false }
        return (id, t)
    }

    /// A list header: element type and count (bounded by the bytes left, since each element takes one).
    mutating func listHeader() throws -> (type: FieldType, count: Int) {
        let b = try byte()
        var n = Int(b >> 4)
        if n == 15 {
            let v = try varint()
            guard v <= UInt64(end - pos) else { throw Self.corrupt("list of \(v) elements exceeds the metadata") }
            n = Int(v)
        }
        guard let t = FieldType(rawValue: b & 0x0f) else { throw Self.corrupt("unknown list element type") }
        return (t, n)
    }

    /// Reads a list of `count` elements with `element` (which must consume one element each call).
    mutating func list<T>(_ element: (inout ThriftReader, FieldType) throws -> T) throws -> [T] {
        let (t, n) = try listHeader()
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try element(&self, t)) }
        return out
    }

    /// Skips a value of type `t` (unknown fields).
    mutating func skip(_ t: FieldType) throws {
        switch t {
        case .stop: return
        case .boolTrue, .boolFalse: return
        case .byte: _ = try byte()
        case .i16, .i32, .i64: _ = try varint()
        case .double: _ = try double()
        case .binary: _ = try binaryLength()
        case .list, .set:
            let (et, n) = try listHeader()
            for _ in 0..<n {
                if et == .boolTrue || et == .boolFalse { _ = try byte() } else { try skip(et) }
            }
        case .map:
            let n = try varint()
            guard n <= UInt64(end - pos) else { throw Self.corrupt("map size exceeds the metadata") }
            if n == 0 { return }
            let kv = try byte()
            guard let kt = FieldType(rawValue: kv >> 4), let vt = FieldType(rawValue: kv & 0x0f) else {
                throw Self.corrupt("unknown map types")
            }
            for _ in 0..<n {
                if kt == .boolTrue || kt == .boolFalse { _ = try byte() } else { try skip(kt) }
                if vt == .boolTrue || vt == .boolFalse { _ = try byte() } else { try skip(vt) }
            }
        case .structure:
            try beginStruct()
            while let (_, ft) = try fieldHeader() { try skip(ft) }
            endStruct()
        }
    }

    private mutating func binaryLength() throws -> Int {
        let n = try varint()
        guard n <= UInt64(end - pos) else { throw Self.corrupt("binary length \(n) exceeds the metadata") }
        pos += Int(n)
        return Int(n)
    }

    /// Checks a field has the expected type (garbled metadata often shows here first).
    func expect(_ t: FieldType, _ wanted: FieldType, _ what: String) throws {
        let ok = t == wanted || (wanted == .boolTrue && t == .boolFalse) || (wanted == .set && t == .list)
        guard ok else { throw Self.corrupt("field \(what) has thrift type \(t) instead of \(wanted)") }
    }
}

/// Appends Thrift compact protocol to a byte array.
struct ThriftWriter {
    var bytes: [UInt8] = []
    var lastField: [Int16] = [0]

    mutating func varint(_ v: UInt64) { bytes.appendVarint(v) }

    mutating func zigzag(_ v: Int64) { bytes.appendZigzag(v) }

    mutating func fieldHeader(_ id: Int16, _ type: ThriftReader.FieldType) {
        let last = lastField[lastField.count - 1]
        let delta = id - last
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            zigzag(Int64(id))
        }
        lastField[lastField.count - 1] = id
    }

    mutating func i32(_ id: Int16, _ v: Int32) { fieldHeader(id, .i32); zigzag(Int64(v)) }
    mutating func i64(_ id: Int16, _ v: Int64) { fieldHeader(id, .i64); zigzag(v) }
    mutating func bool(_ id: Int16, _ v: Bool) { fieldHeader(id, v ? .boolTrue : .boolFalse) }
    mutating func binary(_ id: Int16, _ v: [UInt8]) { fieldHeader(id, .binary); rawBinary(v) }
    mutating func string(_ id: Int16, _ v: String) { binary(id, Array(v.utf8)) }

    mutating func rawBinary(_ v: [UInt8]) {
        varint(UInt64(v.count))
        bytes.append(contentsOf: v)
    }

    mutating func listHeader(_ type: ThriftReader.FieldType, count: Int) {
        if count < 15 {
            bytes.append(UInt8(count) << 4 | type.rawValue)
        } else {
            bytes.append(0xF0 | type.rawValue)
            varint(UInt64(count))
        }
    }

    /// A struct-valued field: `body` writes its fields.
    mutating func structField(_ id: Int16, _ body: (inout ThriftWriter) -> Void) {
        fieldHeader(id, .structure)
        structBody(body)
    }

    /// A struct's fields and its stop byte (as a list element or the top-level value).
    mutating func structBody(_ body: (inout ThriftWriter) -> Void) {
        lastField.append(0)
        body(&self)
        bytes.append(0)
        lastField.removeLast()
    }

    mutating func structList<T>(_ id: Int16, _ items: [T], _ body: (inout ThriftWriter, T) -> Void) {
        fieldHeader(id, .list)
        listHeader(.structure, count: items.count)
        for item in items { structBody { body(&$0, item) } }
    }

    mutating func i32List(_ id: Int16, _ items: [Int32]) {
        fieldHeader(id, .list)
        listHeader(.i32, count: items.count)
        for v in items { zigzag(Int64(v)) }
    }

    mutating func stringList(_ id: Int16, _ items: [String]) {
        fieldHeader(id, .list)
        listHeader(.binary, count: items.count)
        for s in items { rawBinary(Array(s.utf8)) }
    }
}
