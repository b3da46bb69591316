import DataFlowColumnar

/// A bounds-checked reader of FlatBuffers data (the encoding of Arrow IPC metadata). Every access checks
/// that it stays inside the buffer, so a corrupt file gives an error, never a crash.
struct FBReader {
    let base: UnsafeRawPointer
    let count: Int
    /// Names the file in errors.
    let context: String

    func fail(_ what: String) -> DataFlowError {
        DataFlowError("CORRUPT_FILE", "Invalid Arrow IPC metadata in \(context): \(what).")
    }

    @inline(__always) func check(_ pos: Int, _ size: Int) throws {
        guard pos >= 0, size >= 0, pos <= count - size else { throw fail("offset \(pos) is outside the metadata (\(count) bytes)") }
    }

    func load<T: FixedWidthInteger>(_ pos: Int, _: T.Type) throws -> T {
        try check(pos, MemoryLayout<T>.size)
        return T(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: T.self))
    }

    /// The root table.
    func root() throws -> FBTable {
        let off = Int(try load(0, UInt32.self))
        return try table(at: off)
    }

    func table(at pos: Int) throws -> FBTable {
        let soff = Int(try load(pos, Int32.self))
        let vt = pos - soff
        let vtSize = Int(try load(vt, UInt16.self))
        guard vtSize >= 4, vtSize % 2 == 0 else { throw fail("bad vtable size \(vtSize)") }
        try check(vt, vtSize)
        let tableSize = Int(try load(vt + 2, UInt16.self))
        try check(pos, tableSize)
        return FBTable(r: self, pos: pos, vtable: vt, vtSize: vtSize, size: tableSize)
    }
}

/// One table of FlatBuffers data; fields are read by their id (declaration order in the schema).
struct FBTable {
    let r: FBReader
    let pos: Int
    let vtable: Int
    let vtSize: Int
    let size: Int

    /// Absolute position of field `id`, nil when absent (its default applies).
    func field(_ id: Int) throws -> Int? {
        let slot = 4 + 2 * id
        if slot + 2 > vtSize { return nil }
        let off = Int(try r.load(vtable + slot, UInt16.self))
        if off == 0 { return nil }
        guard off < size else { throw r.fail("field \(id) lies outside its table") }
        return pos + off
    }

    func scalar<T: FixedWidthInteger>(_ id: Int, _ def: T) throws -> T {
        guard let p = try field(id) else { return def }
        return try r.load(p, T.self)
    }

    func bool(_ id: Int, _ def: Bool) throws -> Bool { try scalar(id, UInt8(def ? 1 : 0)) != 0 }

    /// The target of an offset field.
    private func indirect(_ id: Int) throws -> Int? {
        guard let p = try field(id) else { return nil }
        let off = Int(try r.load(p, UInt32.self))
        guard off > 0 else { throw r.fail("zero offset in field \(id)") }
        return p + off
    }

    func table(_ id: Int) throws -> FBTable? {
        guard let p = try indirect(id) else { return nil }
        return try r.table(at: p)
    }

    func string(_ id: Int) throws -> String? {
        guard let p = try indirect(id) else { return nil }
        let n = Int(try r.load(p, UInt32.self))
        try r.check(p + 4, n)
        return String(decoding: UnsafeRawBufferPointer(start: r.base + p + 4, count: n), as: UTF8.self)
    }

    /// A vector's element count and the position of its first element (`elementSize` bytes each).
    func vector(_ id: Int, elementSize: Int) throws -> (start: Int, count: Int)? {
        guard let p = try indirect(id) else { return nil }
        let n = Int(try r.load(p, UInt32.self))
        guard n <= r.count / max(elementSize, 1) else { throw r.fail("vector of \(n) elements does not fit") }
        try r.check(p + 4, n * elementSize)
        return (p + 4, n)
    }

    func tables(_ id: Int) throws -> [FBTable] {
        guard let (start, n) = try vector(id, elementSize: 4) else { return [] }
        return try (0..<n).map { i in
            let slot = start + 4 * i
            return try r.table(at: slot + Int(try r.load(slot, UInt32.self)))
        }
    }
}

/// What a FlatBuffers table field holds, for `FBBuilder`.
indirect enum FBValue {
    case u8(UInt8), bool(Bool), i16(Int16), i32(Int32), i64(Int64)
    case table(FBObject)
    case string(String)
    /// A vector of structs given as their little-endian bytes.
    case structs([UInt8], count: Int, alignment: Int)
    case tables([FBObject])

    var inlineSize: Int {
        switch self {
        case .u8, .bool: return 1
        case .i16: return 2
        case .i32: return 4
        case .i64: return 8
        default: return 4
        }
    }
}

/// A table to build: `(field id, value)` pairs.
struct FBObject {
    var fields: [(Int, FBValue)]
    init(_ fields: [(Int, FBValue)] = []) { self.fields = fields }
}

/// Serializes `FBObject` trees front to back: each table's vtable just before it, children after it, so
/// every offset points forward as FlatBuffers requires, and every scalar is aligned to its size.
struct FBBuilder {
    private(set) var bytes: [UInt8] = []

    static func build(_ root: FBObject) -> [UInt8] {
        var b = FBBuilder()
        b.put(UInt32(0))
        b.pad(to: 8)
        let pos = b.write(root)
        b.patch(0, UInt32(pos))
        b.pad(to: 8)
        return b.bytes
    }

    mutating func pad(to n: Int) { while bytes.count % n != 0 { bytes.append(0) } }

    mutating func put<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.littleEndian) { bytes += $0 }
    }

    mutating func patch(_ at: Int, _ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { for i in 0..<4 { bytes[at + i] = $0[i] } }
    }

    private mutating func write(_ obj: FBObject) -> Int {
        let fields = obj.fields.sorted { $0.1.inlineSize > $1.1.inlineSize }
        var layout: [(id: Int, offset: Int)] = []
        var off = 4
        for (id, v) in fields {
            let s = v.inlineSize
            off = (off + s - 1) / s * s
            layout.append((id, off))
            off += s
        }
        let tableSize = off
        let nIds = (obj.fields.map(\.0).max() ?? -1) + 1
        var offsets = [UInt16](repeating: 0, count: nIds)
        for l in layout { offsets[l.id] = UInt16(l.offset) }
        let align = fields.contains { $0.1.inlineSize == 8 } ? 8 : 4
        // vtable, then padding so the table lands aligned.
        let vtSize = 4 + 2 * nIds
        pad(to: 2)
        while (bytes.count + vtSize) % align != 0 { bytes.append(0) }
        let vtPos = bytes.count
        put(UInt16(vtSize)); put(UInt16(tableSize))
        for o in offsets { put(o) }
        let tablePos = bytes.count
        put(Int32(tablePos - vtPos))
        bytes += [UInt8](repeating: 0, count: tableSize - 4)
        var pending: [(at: Int, value: FBValue)] = []
        for ((_, v), l) in zip(fields, layout) {
            let at = tablePos + l.offset
            switch v {
            case .u8(let x): bytes[at] = x
            case .bool(let x): bytes[at] = x ? 1 : 0
            case .i16(let x): withUnsafeBytes(of: x.littleEndian) { for i in 0..<2 { bytes[at + i] = $0[i] } }
            case .i32(let x): withUnsafeBytes(of: x.littleEndian) { for i in 0..<4 { bytes[at + i] = $0[i] } }
            case .i64(let x): withUnsafeBytes(of: x.littleEndian) { for i in 0..<8 { bytes[at + i] = $0[i] } }
            default: pending.append((at, v))
            }
        }
        for (at, v) in pending {
            let child = writeReferenced(v)
            patch(at, UInt32(child - at))
        }
        return tablePos
    }

    private mutating func writeReferenced(_ v: FBValue) -> Int {
        switch v {
        case .table(let o): return write(o)
        case .string(let s):
            pad(to: 4)
            let pos = bytes.count
            let u = Array(s.utf8)
            put(UInt32(u.count))
            bytes += u
            bytes.append(0)
            return pos
        case .structs(let data, let n, let alignment):
            pad(to: 4)
            while (bytes.count + 4) % max(alignment, 4) != 0 { bytes.append(0) }
            let pos = bytes.count
            put(UInt32(n))
            bytes += data
            return pos
        case .tables(let objs):
            pad(to: 4)
            let pos = bytes.count
            put(UInt32(objs.count))
            let slots = bytes.count
            bytes += [UInt8](repeating: 0, count: 4 * objs.count)
            for (i, o) in objs.enumerated() {
                let c = write(o)
                patch(slots + 4 * i, UInt32(c - (slots + 4 * i)))
            }
            return pos
        default:
            return 0
        }
    }
}
