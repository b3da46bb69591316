import DataFlowColumnar

/// Decoded leaf values → DataFlow columns (flat leaves), and physical → logical conversions.
enum ParquetConvert {
    static let julianEpoch: Int64 = 2_440_588

    /// A timestamp in the leaf's unit as microseconds (nil on overflow).
    static func timestampMicros(_ v: Int64, leaf: ParquetLeaf) -> Int64? {
        var unit = ParquetTimeUnit.micros
        if case .timestamp(_, let u)? = leaf.logicalType { unit = u } else if leaf.convertedType == .timestampMillis { unit = .millis }
        switch unit {
        case .micros: return v
        case .millis:
            let (r, o) = v.multipliedReportingOverflow(by: 1000)
            return o ? nil : r
        case .nanos:
            return v >= 0 ? v / 1000 : (v - 999) / 1000   // floor, as Spark
        }
    }

    /// INT96 (nanoseconds of day, Julian day) as microseconds since the epoch.
    @inline(__always) static func int96Micros(_ p: UnsafeRawPointer) -> Int64 {
        let nanos = Int64(bitPattern: UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
        let day = Int64(Int32(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: Int32.self)))
        return (day &- julianEpoch) &* 86_400_000_000 &+ nanos / 1000
    }

    /// Big-endian two's complement bytes as Int128 (nil when wider than 16 significant bytes).
    static func bigEndianDecimal(_ raw: UnsafeRawBufferPointer) -> Int128? {
        guard !raw.isEmpty else { return 0 }
        let negative = raw[0] & 0x80 != 0
        if raw.count > 16 {
            // Leading bytes must be pure sign extension.
            for k in 0..<(raw.count - 16) where raw[k] != (negative ? 0xFF : 0) { return nil }
        }
        var v: Int128 = negative ? -1 : 0
        for b in raw.suffix(16) { v = (v << 8) | Int128(b) }
        return v
    }

    static func corrupt(_ what: String) -> DataFlowError { DataFlowError("PARQUET_CORRUPT_PAGE", what) }

    /// The column of a flat leaf (maxRep == 0): `rows` slots from `start` of the decoded chunk.
    static func column(_ d: DecodedChunk, leaf: ParquetLeaf, type: DataType, start: Int, rows: Int) throws -> Column {
        guard leaf.maxRepetitionLevel == 0 else { throw corrupt("repeated leaf \(leaf.dottedPath) read as a flat column") }
        let maxDef = leaf.maxDefinitionLevel
        let levelCount = maxDef > 0 ? d.defs.count : d.valueCount
        guard start >= 0, start + rows <= levelCount else { throw corrupt("column holds \(levelCount) values, expected \(start + rows)") }
        // Slot → value index; validity.
        var validity: Buffer? = nil
        // Index of the first value of slot `start` (required leaves: one value per slot).
        var firstValue = maxDef > 0 ? 0 : start
        var present = rows
        if maxDef > 0 {
            for i in 0..<start where d.defs[i] == maxDef { firstValue += 1 }
            present = 0
            for i in start..<(start + rows) where d.defs[i] == maxDef { present += 1 }
            if present < rows {
                let v = Buffer(byteCount: Bitmap.byteCount(for: rows), zeroed: true)
                let p = v.pointer(UInt8.self)
                d.defs.withUnsafeBufferPointer { defs in
                    for i in 0..<rows where defs[start + i] == maxDef { p[i >> 3] |= 1 << UInt8(i & 7) }
                }
                validity = v
            }
        }
        guard firstValue + present <= d.valueCount else { throw corrupt("fewer values than definition levels say") }
        let hasNulls = validity != nil
        /// Calls `f(slot, valueIndex)` for each present slot.
        @inline(__always) func forEachPresent(_ f: (Int, Int) -> Void) {
            if !hasNulls {
                for i in 0..<rows { f(i, firstValue + i) }
            } else {
                var k = firstValue
                d.defs.withUnsafeBufferPointer { defs in
                    for i in 0..<rows where defs[start + i] == maxDef { f(i, k); k += 1 }
                }
            }
        }
        // Strings (and dictionary-encoded strings) first.
        if type == .string {
            guard leaf.physicalType == .byteArray else { throw corrupt("string column \(leaf.dottedPath) is not BYTE_ARRAY") }
            if d.usesIndices, let dict = d.dictionary {
                let out = Buffer(byteCount: rows * 4, zeroed: true)
                let o = out.pointer(Int32.self)
                d.indices.withUnsafeBufferPointer { idx in forEachPresent { s, k in o[s] = idx[k] } }
                let dictColumn = stringColumn(offsets: dict.offsets, bytes: dict.bytes, count: dict.count)
                return Column(type: .string, count: rows, values: out, validity: validity, dictionary: DictionaryBox(dictColumn))
            }
            let offsets = Buffer(byteCount: (rows + 1) * 4)
            let o = offsets.pointer(Int32.self)
            let base = Int(d.values.offsets[firstValue])
            let endByte = Int(d.values.offsets[firstValue + present])
            let data = Buffer(byteCount: max(endByte - base, 1))
            d.values.bytes.withUnsafeBytes { raw in
                if endByte > base { data.raw.copyMemory(from: raw.baseAddress! + base, byteCount: endByte - base) }
            }
            d.values.offsets.withUnsafeBufferPointer { src in
                o[0] = 0
                if !hasNulls {
                    for i in 0..<rows { o[i + 1] = src[firstValue + i + 1] - Int32(base) }
                } else {
                    var k = firstValue
                    let defs = d.defs
                    for i in 0..<rows {
                        if defs[start + i] == maxDef { k += 1 }
                        o[i + 1] = src[k] - Int32(base)
                    }
                }
            }
            return Column(type: .string, count: rows, values: offsets, validity: validity, data: data)
        }
        // Fixed-width types: materialise dictionary indices first.
        var values = d.values
        var first = firstValue
        if d.usesIndices, let dict = d.dictionary {
            values = RawValues(width: dict.width)
            try values.gather(dict, d.indices[firstValue..<(firstValue + present)])
            first = 0
        }
        let out = Buffer(byteCount: max(rows * type.byteWidth, 1), zeroed: hasNulls)
        if leaf.physicalType != .byteArray { try values.fixed.withUnsafeBytes { raw in
            guard let src = raw.baseAddress else {
                guard present == 0 else { throw corrupt("no values") }
                return
            }
            let w = values.width
            func copy<T>(_: T.Type, _ f: (UnsafeRawPointer) -> T) {
                let o = out.pointer(T.self)
                forEachPresent { s, k in o[s] = f(src + (k - firstValue + first) * w) }
            }
            switch (type, leaf.physicalType) {
            case (.boolean, .boolean): copy(UInt8.self) { $0.load(as: UInt8.self) }
            case (.int32, .int32), (.date, .int32):
                if !hasNulls { out.raw.copyMemory(from: src + first * 4, byteCount: rows * 4) }
                else { copy(Int32.self) { $0.loadUnaligned(as: Int32.self) } }
            case (.int64, .int32): copy(Int64.self) { Int64(UInt32(bitPattern: $0.loadUnaligned(as: Int32.self))) }
            case (.int64, .int64):
                if !hasNulls { out.raw.copyMemory(from: src + first * 8, byteCount: rows * 8) }
                else { copy(Int64.self) { $0.loadUnaligned(as: Int64.self) } }
            case (.float64, .double):
                if !hasNulls { out.raw.copyMemory(from: src + first * 8, byteCount: rows * 8) }
                else { copy(Double.self) { $0.loadUnaligned(as: Double.self) } }
            case (.float64, .float): copy(Double.self) { Double($0.loadUnaligned(as: Float.self)) }
            case (.timestamp, .int96): copy(Int64.self) { int96Micros($0) }
            case (.timestamp, .int64):
                var unit = ParquetTimeUnit.micros
                if case .timestamp(_, let u)? = leaf.logicalType { unit = u } else if leaf.convertedType == .timestampMillis { unit = .millis }
                switch unit {
                case .micros: copy(Int64.self) { $0.loadUnaligned(as: Int64.self) }
                case .millis: copy(Int64.self) { $0.loadUnaligned(as: Int64.self) &* 1000 }
                case .nanos: copy(Int64.self) { v in let x = v.loadUnaligned(as: Int64.self); return x >= 0 ? x / 1000 : (x - 999) / 1000 }
                }
            case (.decimal(let p, _), .int32):
                if p <= 18 { copy(Int64.self) { Int64($0.loadUnaligned(as: Int32.self)) } }
                else { copy(Int128.self) { Int128($0.loadUnaligned(as: Int32.self)) } }
            case (.decimal(let p, _), .int64):
                if p <= 18 { copy(Int64.self) { $0.loadUnaligned(as: Int64.self) } }
                else { copy(Int128.self) { Int128($0.loadUnaligned(as: Int64.self)) } }
            case (.decimal(let p, _), .fixedLenByteArray):
                var bad = false
                if p <= 18 { copy(Int64.self) { r in
                    guard let v = bigEndianDecimal(UnsafeRawBufferPointer(start: r, count: w)) else { bad = true; return 0 }
                    return Int64(truncatingIfNeeded: v) } }
                else { copy(Int128.self) { r in
                    guard let v = bigEndianDecimal(UnsafeRawBufferPointer(start: r, count: w)) else { bad = true; return 0 }
                    return v } }
                if bad { throw corrupt("decimal value wider than 128 bits in \(leaf.dottedPath)") }
            default:
                throw DataFlowError("PARQUET_UNSUPPORTED_TYPE", "column \(leaf.dottedPath): cannot read \(leaf.physicalType) as \(type)")
            }
        } }
        if case .decimal(let p, _) = type, leaf.physicalType == .byteArray {
            // Variable-width big-endian decimals.
            var bad = false
            let src = d.usesIndices && d.dictionary != nil ? values : d.values
            let base = d.usesIndices && d.dictionary != nil ? 0 : firstValue
            src.bytes.withUnsafeBytes { raw in
                func at(_ k: Int) -> Int128 {
                    let s = Int(src.offsets[k - firstValue + base]), e = Int(src.offsets[k - firstValue + base + 1])
                    guard let v = bigEndianDecimal(UnsafeRawBufferPointer(rebasing: raw[s..<e])) else { bad = true; return 0 }
                    return v
                }
                if p <= 18 { let o = out.pointer(Int64.self); forEachPresent { s, k in o[s] = Int64(truncatingIfNeeded: at(k)) } }
                else { let o = out.pointer(Int128.self); forEachPresent { s, k in o[s] = at(k) } }
            }
            if bad { throw corrupt("decimal value wider than 128 bits in \(leaf.dottedPath)") }
        }
        return Column(type: type, count: rows, values: out, validity: validity)
    }

    static func stringColumn(offsets: [Int32], bytes: [UInt8], count: Int) -> Column {
        let o = Buffer.of(Array(offsets.prefix(count + 1)))
        let data = Buffer(byteCount: max(bytes.count, 1))
        bytes.withUnsafeBytes { if let b = $0.baseAddress { data.raw.copyMemory(from: b, byteCount: $0.count) } }
        return Column(type: .string, count: count, values: o, data: data)
    }

    /// The public leaf form of a decoded chunk (dictionary values materialised).
    static func leafData(_ d: DecodedChunk, leaf: ParquetLeaf) throws -> ParquetLeafData {
        var v = d.values
        if d.usesIndices, let dict = d.dictionary {
            v = RawValues(width: dict.width)
            try v.gather(dict, d.indices[...])
        }
        let values: ParquetValues
        func fixed<T>(_: T.Type) -> [T] {
            v.fixed.withUnsafeBytes { raw in (0..<v.count).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self) } }
        }
        switch leaf.physicalType {
        case .boolean: values = .boolean(v.fixed.map { $0 != 0 })
        case .int32: values = .int32(fixed(Int32.self))
        case .int64: values = .int64(fixed(Int64.self))
        case .float: values = .float(fixed(Float.self))
        case .double: values = .double(fixed(Double.self))
        case .int96: values = .int96(v.fixed)
        case .byteArray: values = .byteArray(offsets: v.offsets, bytes: v.bytes)
        case .fixedLenByteArray: values = .fixedLenByteArray(width: leaf.typeLength, bytes: v.fixed)
        }
        return ParquetLeafData(values: values, definitionLevels: d.defs, repetitionLevels: d.reps)
    }
}
