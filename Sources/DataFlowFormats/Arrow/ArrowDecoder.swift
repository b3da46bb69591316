import DataFlowColumnar

/// Turns one field of a record batch body into a DataFlow `Column`: rows `lo ..< lo + n`, checking every
/// buffer length and string offset first; aligned fixed-width values, bitmaps and string bytes are
/// referenced in place, everything else is converted (bit-packed booleans to bytes, narrow integers and
/// Float32 widened, timestamps to microseconds, Date64 to days, LargeUtf8 offsets to Int32).
struct ArrowDecoder {
    let data: Buffer
    let path: String

    func corrupt(_ what: String) -> DataFlowError {
        DataFlowError("CORRUPT_FILE", "\(path) is not a valid Arrow IPC file: \(what).")
    }

    /// File position and length of buffer `i`, which must hold at least `need` bytes.
    func bufferStart(_ info: ArrowBatchInfo, _ i: Int, need: Int, _ field: ArrowField) throws -> Int {
        let b = info.buffers[i]
        guard b.length >= need else {
            throw corrupt("buffer \(i) of column `\(field.name)` has \(b.length) bytes but its rows need \(need)")
        }
        return info.bodyStart + b.offset
    }

    /// A buffer view of `count` bytes at file position `at`: in place when aligned to `alignment`, a copy otherwise.
    func view(_ at: Int, _ count: Int, alignment: Int) -> Buffer {
        if Int(bitPattern: data.raw + at) % alignment == 0 { return Buffer(slicing: data, offset: at, byteCount: count) }
        let b = Buffer(byteCount: count)
        if count > 0 { b.raw.copyMemory(from: data.raw + at, byteCount: count) }
        return b
    }

    func validity(_ field: ArrowField, _ info: ArrowBatchInfo, node: Int, buffer: Int, lo: Int, n: Int) throws -> Buffer? {
        if info.nodes[node].nullCount == 0 || n == 0 { return nil }
        let bytes = Bitmap.byteCount(for: n)
        let at = try bufferStart(info, buffer, need: Bitmap.byteCount(for: lo + n), field)
        if lo % 8 == 0 { return view(at + lo / 8, bytes, alignment: 1) }
        let out = Buffer(byteCount: bytes, zeroed: true)
        let src = (data.raw + at).assumingMemoryBound(to: UInt8.self)
        let dst = out.pointer(UInt8.self)
        for i in 0..<n where Bitmap.get(src, lo + i) { Bitmap.set(dst, i, true) }
        return out
    }

    func column(_ field: ArrowField, _ type: DataType, _ info: ArrowBatchInfo, node: Int, buffer b: Int, lo: Int, n: Int) throws -> Column {
        if case .null = field.type, field.dictionary == nil { return Column.nulls(.null, count: n) }
        let valid = try validity(field, info, node: node, buffer: b, lo: lo, n: n)
        if let enc = field.dictionary {
            return try dictionaryColumn(field, enc, info, buffer: b + 1, lo: lo, n: n, validity: valid)
        }
        let vb = b + 1
        func fixed<T>(_: T.Type) throws -> (at: Int, p: UnsafeRawPointer) {
            let w = MemoryLayout<T>.size
            let at = try bufferStart(info, vb, need: (lo + n) * w, field) + lo * w
            return (at, UnsafeRawPointer(data.raw + at))
        }
        func convert<S, D>(_: S.Type, _: D.Type, _ f: (S) -> D) throws -> Buffer {
            let (_, src) = try fixed(S.self)
            let out = Buffer(byteCount: n * MemoryLayout<D>.stride)
            let o = out.pointer(D.self)
            for i in 0..<n { o[i] = f(src.loadUnaligned(fromByteOffset: i * MemoryLayout<S>.stride, as: S.self)) }
            return out
        }
        switch field.type {
        case .bool:
            let at = try bufferStart(info, vb, need: Bitmap.byteCount(for: lo + n), field)
            let src = (data.raw + at).assumingMemoryBound(to: UInt8.self)
            let out = Buffer(byteCount: n)
            let o = out.pointer(UInt8.self)
            for i in 0..<n { o[i] = (src[(lo + i) >> 3] >> UInt8((lo + i) & 7)) & 1 }
            return Column(type: .boolean, count: n, values: out, validity: valid)
        case .int(let bits, let signed):
            let values: Buffer
            switch (bits, signed) {
            case (8, true): values = try convert(Int8.self, Int32.self) { Int32($0) }
            case (16, true): values = try convert(Int16.self, Int32.self) { Int32($0) }
            case (8, false): values = try convert(UInt8.self, Int32.self) { Int32($0) }
            case (16, false): values = try convert(UInt16.self, Int32.self) { Int32($0) }
            case (32, false): values = try convert(UInt32.self, Int64.self) { Int64($0) }
            case (64, false): values = try convert(UInt64.self, Int128.self) { Int128($0) }
            case (32, true): let (at, _) = try fixed(Int32.self); values = view(at, n * 4, alignment: 4)
            default: let (at, _) = try fixed(Int64.self); values = view(at, n * 8, alignment: 8)
            }
            return Column(type: type, count: n, values: values, validity: valid)
        case .float(let p):
            if p == 1 { return Column(type: .float64, count: n, values: try convert(Float.self, Double.self) { Double($0) }, validity: valid) }
            let (at, _) = try fixed(Double.self)
            return Column(type: .float64, count: n, values: view(at, n * 8, alignment: 8), validity: valid)
        case .decimal(let p, _, _):
            let values = p <= 18 ? try convert(Int128.self, Int64.self) { Int64(truncatingIfNeeded: $0) }
                                 : try convert(Int128.self, Int128.self) { $0 }
            return Column(type: type, count: n, values: values, validity: valid)
        case .date(let unit):
            if unit == 0 {
                let (at, _) = try fixed(Int32.self)
                return Column(type: .date, count: n, values: view(at, n * 4, alignment: 4), validity: valid)
            }
            let values = try convert(Int64.self, Int32.self) { ms in
                Int32(truncatingIfNeeded: ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000)
            }
            return Column(type: .date, count: n, values: values, validity: valid)
        case .timestamp(let unit, _):
            let values: Buffer
            switch unit {
            case 2: let (at, _) = try fixed(Int64.self); values = view(at, n * 8, alignment: 8)
            case 0: values = try convert(Int64.self, Int64.self) { $0 &* 1_000_000 }
            case 1: values = try convert(Int64.self, Int64.self) { $0 &* 1000 }
            default: values = try convert(Int64.self, Int64.self) { $0 >= 0 ? $0 / 1000 : ($0 - 999) / 1000 }
            }
            return Column(type: .timestamp, count: n, values: values, validity: valid)
        case .utf8, .largeUtf8:
            return try strings(field, info, buffer: vb, lo: lo, n: n, validity: valid, large: field.type == .largeUtf8)
        case .other(12):
            guard let child = field.children.first, let et = type.elementType else {
                throw corrupt("list column `\(field.name)` has no element field")
            }
            let oat = try bufferStart(info, vb, need: (lo + n + 1) * 4, field) + lo * 4
            let src = UnsafeRawPointer(data.raw + oat)
            let childLen = info.nodes[node + 1].length
            let first = Int(src.loadUnaligned(fromByteOffset: 0, as: Int32.self))
            let offsets = Buffer(byteCount: (n + 1) * 4)
            let o = offsets.pointer(Int32.self)
            var prev = first
            for i in 0...n {
                let v = Int(src.loadUnaligned(fromByteOffset: i * 4, as: Int32.self))
                guard v >= prev, v >= 0, v <= childLen else {
                    throw corrupt("list offsets of column `\(field.name)` at row \(lo + i) lie outside its \(childLen) elements")
                }
                o[i] = Int32(v - first)
                prev = v
            }
            let elems = try column(child, et, info, node: node + 1, buffer: b + 2, lo: first, n: prev - first)
            return Column(type: type, count: n, values: offsets, validity: valid, elements: ColumnBox(elems))
        case .null, .other:
            throw DataFlowError("UNSUPPORTED_ARROW_TYPE", "Column `\(field.name)` of \(path) has Arrow type \(field.type.name), which DataFlow does not read.")
        }
    }

    /// Offsets (checked: non-decreasing, inside the data buffer) rebased to 0; bytes referenced in place.
    func strings(_ field: ArrowField, _ info: ArrowBatchInfo, buffer ob: Int, lo: Int, n: Int, validity: Buffer?, large: Bool) throws -> Column {
        let w = large ? 8 : 4
        let oat = try bufferStart(info, ob, need: (lo + n + 1) * w, field) + lo * w
        let src = UnsafeRawPointer(data.raw + oat)
        func off(_ i: Int) -> Int {
            large ? Int(src.loadUnaligned(fromByteOffset: i * 8, as: Int64.self)) : Int(src.loadUnaligned(fromByteOffset: i * 4, as: Int32.self))
        }
        let dataLen = info.buffers[ob + 1].length
        let first = off(0), last = off(n)
        guard first >= 0, last >= first, last <= dataLen, last - first <= Int(Int32.max) else {
            throw corrupt("string offsets \(first)...\(last) of column `\(field.name)` lie outside its \(dataLen)-byte data buffer")
        }
        let offsets: Buffer
        if !large && first == 0 && Int(bitPattern: src) % 4 == 0 {
            offsets = Buffer(slicing: data, offset: oat, byteCount: (n + 1) * 4)
            let o = offsets.pointer(Int32.self)
            for i in 0..<n where o[i] > o[i + 1] {
                throw corrupt("string offsets of column `\(field.name)` decrease at row \(lo + i)")
            }
        } else {
            offsets = Buffer(byteCount: (n + 1) * 4)
            let o = offsets.pointer(Int32.self)
            var prev = first
            for i in 0...n {
                let v = off(i)
                guard v >= prev, v <= last else { throw corrupt("string offsets of column `\(field.name)` decrease at row \(lo + i)") }
                o[i] = Int32(v - first)
                prev = v
            }
        }
        let dat = info.bodyStart + info.buffers[ob + 1].offset + first
        let bytes = Buffer(slicing: data, offset: dat, byteCount: last - first)
        return Column(type: .string, count: n, values: offsets, validity: validity, data: bytes)
    }

    func dictionaryColumn(_ field: ArrowField, _ enc: ArrowDictionaryEncoding, _ info: ArrowBatchInfo, buffer ib: Int,
                          lo: Int, n: Int, validity: Buffer?) throws -> Column {
        guard let dict = info.dictionaries[enc.id] else { throw corrupt("no dictionary for column `\(field.name)`") }
        let w = enc.indexBits / 8
        let at = try bufferStart(info, ib, need: (lo + n) * w, field) + lo * w
        let src = UnsafeRawPointer(data.raw + at)
        let out = Buffer(byteCount: n * 4)
        let o = out.pointer(Int32.self)
        let size = dict.count
        for i in 0..<n {
            let v: Int
            switch (w, enc.indexSigned) {
            case (1, true): v = Int(src.load(fromByteOffset: i, as: Int8.self))
            case (1, false): v = Int(src.load(fromByteOffset: i, as: UInt8.self))
            case (2, true): v = Int(src.loadUnaligned(fromByteOffset: i * 2, as: Int16.self))
            case (2, false): v = Int(src.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))
            case (4, true): v = Int(src.loadUnaligned(fromByteOffset: i * 4, as: Int32.self))
            case (4, false): v = Int(src.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
            case (8, true): v = Int(src.loadUnaligned(fromByteOffset: i * 8, as: Int64.self))
            default: v = Int(truncatingIfNeeded: src.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
            }
            if v >= 0 && v < size { o[i] = Int32(v); continue }
            // A null slot may hold anything; a valid one must index the dictionary.
            if let valid = validity, !Bitmap.get(valid.pointer(UInt8.self), i) { o[i] = 0; continue }
            throw corrupt("dictionary index \(v) of column `\(field.name)` at row \(lo + i) is outside its \(size)-entry dictionary")
        }
        // Every slot is null when the dictionary is empty; index 0 would point at nothing.
        if size == 0 { return Column.nulls(.string, count: n) }
        var valid = validity
        if dict.hasNulls {
            // An index to a null dictionary entry is a null value.
            let merged = Buffer(byteCount: Bitmap.byteCount(for: n), zeroed: true)
            let m = merged.pointer(UInt8.self)
            for i in 0..<n where (validity.map { Bitmap.get($0.pointer(UInt8.self), i) } ?? true) && dict.isValid(Int(o[i])) {
                Bitmap.set(m, i, true)
            }
            valid = merged
        }
        return Column(type: .string, count: n, values: out, validity: valid, dictionary: DictionaryBox(dict))
    }
}
