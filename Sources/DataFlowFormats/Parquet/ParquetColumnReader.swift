import DataFlowColumnar

/// Values of one physical type in plain form: fixed-width bytes (booleans one byte each) or
/// length-delimited byte arrays.
struct RawValues {
    /// Bytes per value; 0 for BYTE_ARRAY.
    let width: Int
    var fixed: [UInt8] = []
    var offsets: [Int32] = [0]
    var bytes: [UInt8] = []
    var count = 0

    init(width: Int) { self.width = width }

    mutating func appendFixed(_ raw: UnsafeRawBufferPointer, count n: Int) {
        fixed.append(contentsOf: raw)
        count += n
    }

    mutating func appendBytes(_ raw: UnsafeRawBufferPointer) throws {
        bytes.append(contentsOf: raw)
        guard bytes.count <= Int(Int32.max) else { throw ByteCursor.corrupt("more than 2 GiB of byte arrays in one column chunk") }
        offsets.append(Int32(bytes.count))
        count += 1
    }

    /// Appends `dict[i]` for each index (validated against the dictionary's size).
    mutating func gather(_ dict: RawValues, _ indices: ArraySlice<Int32>) throws {
        if width > 0 && dict.width == width {
            // Fixed width: one bounds check per index, then word copies into the grown buffer.
            let n = indices.count, w = width, dictCount = dict.count
            for i in indices where i < 0 || Int(i) >= dictCount {
                throw ByteCursor.corrupt("dictionary index \(i) out of range (dictionary has \(dictCount) values)")
            }
            let start = fixed.count
            fixed.append(contentsOf: repeatElement(0, count: n * w))
            fixed.withUnsafeMutableBytes { dst in
                dict.fixed.withUnsafeBytes { src in
                    indices.withUnsafeBufferPointer { idx in
                        guard let d = dst.baseAddress, let s = src.baseAddress else { return }
                        let out = d + start
                        switch w {
                        case 4:
                            for k in 0..<n { out.storeBytes(of: s.loadUnaligned(fromByteOffset: Int(idx[k]) &* 4, as: UInt32.self), toByteOffset: k &* 4, as: UInt32.self) }
                        case 8:
                            for k in 0..<n { out.storeBytes(of: s.loadUnaligned(fromByteOffset: Int(idx[k]) &* 8, as: UInt64.self), toByteOffset: k &* 8, as: UInt64.self) }
                        default:
                            for k in 0..<n { (out + k * w).copyMemory(from: s + Int(idx[k]) * w, byteCount: w) }
                        }
                    }
                }
            }
            count += n
            return
        }
        for i in indices {
            guard i >= 0 && Int(i) < dict.count else { throw ByteCursor.corrupt("dictionary index \(i) out of range (dictionary has \(dict.count) values)") }
            if width == 0 {
                let s = Int(dict.offsets[Int(i)]), e = Int(dict.offsets[Int(i) + 1])
                try dict.bytes.withUnsafeBytes { try appendBytes(UnsafeRawBufferPointer(rebasing: $0[s..<e])) }
            } else {
                let s = Int(i) * width
                fixed.append(contentsOf: dict.fixed[s..<(s + width)])
                count += 1
            }
        }
    }
}

/// One leaf of one row group, decoded: levels plus values (or dictionary indices).
struct DecodedChunk {
    var defs: [Int16] = []
    var reps: [Int16] = []
    var levelCount = 0
    var values: RawValues
    var dictionary: RawValues?
    /// Dictionary indices of the values while every data page is dictionary-encoded.
    var indices: [Int32] = []
    var usesIndices = false
    /// Level slots (rows, for flat leaves) skipped before the first decoded page.
    var skippedSlots = 0

    var valueCount: Int { usesIndices ? indices.count : values.count }
}

/// Decodes the pages of one column chunk.
struct ParquetChunkDecoder {
    let leaf: ParquetLeaf
    let codec: ParquetCompression
    let numValues: Int

    static func width(_ leaf: ParquetLeaf) -> Int {
        switch leaf.physicalType {
        case .boolean: return 1
        case .int32, .float: return 4
        case .int64, .double: return 8
        case .int96: return 12
        case .fixedLenByteArray: return leaf.typeLength
        case .byteArray: return 0
        }
    }

    /// Decodes `chunk` (the bytes of the column chunk). With `slots` (flat leaves only), pages wholly
    /// outside that range of level slots are skipped without decompressing.
    func decode(_ chunk: UnsafeRawBufferPointer, slots: Range<Int>? = nil) throws -> DecodedChunk {
        let width = Self.width(leaf)
        var out = DecodedChunk(values: RawValues(width: width))
        var pos = 0
        var seen = 0
        let want = slots ?? 0..<numValues
        var first = true
        while seen < numValues && pos < chunk.count {
            var r = ThriftReader(UnsafeRawBufferPointer(rebasing: chunk[pos...]))
            let h = try r.pageHeader()
            pos += r.pos
            let csize = Int(h.compressedPageSize), usize = Int(h.uncompressedPageSize)
            guard csize >= 0, usize >= 0, csize <= chunk.count - pos, usize <= 1 << 30 else {
                throw ByteCursor.corrupt("page sizes (\(csize) compressed, \(usize) uncompressed) do not fit the column chunk")
            }
            let page = UnsafeRawBufferPointer(rebasing: chunk[pos..<(pos + csize)])
            pos += csize
            switch PageType(rawValue: h.type) {
            case .dictionaryPage?:
                guard let d = h.dictionaryPageHeader else { throw ByteCursor.corrupt("dictionary page without its header") }
                let body = try ParquetCodecs.decompress(page, codec, size: usize)
                var dict = RawValues(width: width)
                let n = Int(d.numValues)
                guard n >= 0 else { throw ByteCursor.corrupt("negative dictionary size") }
                try body.withUnsafeBytes { raw in
                    var c = ByteCursor(raw)
                    try decodePlain(&c, count: n, into: &dict)
                }
                out.dictionary = dict
            case .dataPage?, .dataPageV2?:
                let n = Int(h.dataPageHeader?.numValues ?? h.dataPageHeaderV2?.numValues ?? -1)
                // A page's value count is bounded by the column chunk's and, against garbled headers that
                // would make us allocate gigabytes, by 16 Mi or 64 per page byte (RLE packs runs densely).
                guard n >= 0, n <= numValues - seen, n <= max(1 << 24, usize &* 64) else {
                    throw ByteCursor.corrupt("data page holds \(n) values; the column chunk has \(numValues - seen) left")
                }
                defer { seen += n }
                if seen + n <= want.lowerBound && leaf.maxRepetitionLevel == 0 {
                    out.skippedSlots += n
                    continue
                }
                if seen >= want.upperBound && leaf.maxRepetitionLevel == 0 { continue }
                try decodeDataPage(h, page: page, count: n, into: &out, first: &first)
            default:
                continue  // index pages and unknown page types carry nothing we need
            }
        }
        guard seen == numValues else {
            throw ByteCursor.corrupt("column chunk ends after \(seen) of its \(numValues) values")
        }
        return out
    }

    private func decodeDataPage(_ h: PageHeader, page: UnsafeRawBufferPointer, count n: Int, into out: inout DecodedChunk, first: inout Bool) throws {
        let maxDef = leaf.maxDefinitionLevel, maxRep = leaf.maxRepetitionLevel
        var body: [UInt8]
        var levelBytes: [UInt8] = []
        let encoding: Int32
        var defsStart = out.defs.count
        if let v2 = h.dataPageHeaderV2 {
            encoding = v2.encoding
            let rl = Int(v2.repetitionLevelsByteLength), dl = Int(v2.definitionLevelsByteLength)
            guard rl >= 0, dl >= 0, rl + dl <= page.count, rl + dl <= Int(h.uncompressedPageSize) else {
                throw ByteCursor.corrupt("level lengths exceed the page")
            }
            levelBytes = [UInt8](page[0..<(rl + dl)])
            let rest = UnsafeRawBufferPointer(rebasing: page[(rl + dl)...])
            let usize = Int(h.uncompressedPageSize) - rl - dl
            body = v2.isCompressed ? try ParquetCodecs.decompress(rest, codec, size: usize) : [UInt8](rest)
            try levelBytes.withUnsafeBytes { raw in
                if maxRep > 0 {
                    var c = ByteCursor(UnsafeRawBufferPointer(rebasing: raw[0..<rl]))
                    try appendLevels(&c, n, max: maxRep, into: &out.reps, encoding: ParquetEncoding.rle.rawValue, prefixed: false)
                }
                if maxDef > 0 {
                    var c = ByteCursor(UnsafeRawBufferPointer(rebasing: raw[rl..<(rl + dl)]))
                    defsStart = out.defs.count
                    try appendLevels(&c, n, max: maxDef, into: &out.defs, encoding: ParquetEncoding.rle.rawValue, prefixed: false)
                }
            }
        } else {
            guard let v1 = h.dataPageHeader else { throw ByteCursor.corrupt("data page without its header") }
            encoding = v1.encoding
            body = try ParquetCodecs.decompress(page, codec, size: Int(h.uncompressedPageSize))
        }
        try body.withUnsafeBytes { raw in
            var c = ByteCursor(raw)
            if let v1 = h.dataPageHeader, h.dataPageHeaderV2 == nil {
                if maxRep > 0 { try appendLevels(&c, n, max: maxRep, into: &out.reps, encoding: v1.repetitionLevelEncoding, prefixed: true) }
                if maxDef > 0 {
                    defsStart = out.defs.count
                    try appendLevels(&c, n, max: maxDef, into: &out.defs, encoding: v1.definitionLevelEncoding, prefixed: true)
                }
            }
            var present = n
            if maxDef > 0 {
                present = 0
                for i in defsStart..<out.defs.count where out.defs[i] == maxDef { present += 1 }
            }
            out.levelCount += n
            try decodeValues(&c, encoding: encoding, count: present, into: &out, first: &first)
        }
    }

    private func appendLevels(_ c: inout ByteCursor, _ n: Int, max: Int, into levels: inout [Int16], encoding: Int32, prefixed: Bool) throws {
        let width = RLEHybrid.bitWidth(max)
        var tmp = [Int32](repeating: 0, count: n)
        if encoding == ParquetEncoding.bitPacked.rawValue {
            try tmp.withUnsafeMutableBufferPointer { try BitPackedLevels.decode(&c, width: width, count: n, into: $0.baseAddress!) }
        } else if encoding == ParquetEncoding.rle.rawValue {
            if prefixed {
                let len = Int(try c.u32le())
                var sub = ByteCursor(try c.take(len))
                try tmp.withUnsafeMutableBufferPointer { try RLEHybrid.decode(&sub, width: width, count: n, into: $0.baseAddress!) }
            } else {
                try tmp.withUnsafeMutableBufferPointer { try RLEHybrid.decode(&c, width: width, count: n, into: $0.baseAddress!) }
            }
        } else {
            throw ByteCursor.corrupt("unsupported level encoding \(encoding)")
        }
        levels.reserveCapacity(levels.count + n)
        for v in tmp {
            guard v >= 0 && v <= max else { throw ByteCursor.corrupt("level \(v) exceeds the maximum \(max)") }
            levels.append(Int16(v))
        }
    }

    private func decodeValues(_ c: inout ByteCursor, encoding raw: Int32, count n: Int, into out: inout DecodedChunk, first: inout Bool) throws {
        guard let encoding = ParquetEncoding(rawValue: raw) else { throw ByteCursor.corrupt("unknown encoding \(raw)") }
        let isDict = encoding == .plainDictionary || encoding == .rleDictionary
        if first { out.usesIndices = isDict; first = false }
        if isDict {
            guard let dict = out.dictionary else { throw ByteCursor.corrupt("dictionary-encoded page but no dictionary page") }
            var idx = [Int32](repeating: 0, count: n)
            if n > 0 {
                let width = Int(try c.byte())
                try idx.withUnsafeMutableBufferPointer { try RLEHybrid.decode(&c, width: width, count: n, into: $0.baseAddress!) }
            }
            for i in idx where i < 0 || Int(i) >= dict.count {
                throw ByteCursor.corrupt("dictionary index \(i) out of range (dictionary has \(dict.count) values)")
            }
            if out.usesIndices { out.indices += idx } else { try out.values.gather(dict, idx[...]) }
            return
        }
        if out.usesIndices {
            // A page fell back to another encoding: materialise what came from the dictionary so far.
            if let dict = out.dictionary { try out.values.gather(dict, out.indices[...]) }
            out.indices = []
            out.usesIndices = false
        }
        switch encoding {
        case .plain:
            try decodePlain(&c, count: n, into: &out.values)
        case .rle:
            guard leaf.physicalType == .boolean else { throw ByteCursor.corrupt("RLE values for a non-boolean column") }
            let len = Int(try c.u32le())
            var sub = ByteCursor(try c.take(len))
            var tmp = [Int32](repeating: 0, count: n)
            try tmp.withUnsafeMutableBufferPointer { try RLEHybrid.decode(&sub, width: 1, count: n, into: $0.baseAddress!) }
            out.values.fixed.append(contentsOf: tmp.lazy.map { UInt8(truncatingIfNeeded: $0 & 1) })
            out.values.count += n
        case .deltaBinaryPacked:
            let v = try DeltaBinaryPacked.decode(&c, maxCount: n)
            guard v.count == n else { throw ByteCursor.corrupt("DELTA_BINARY_PACKED holds \(v.count) values, page expects \(n)") }
            switch leaf.physicalType {
            case .int32:
                let narrow = v.map { Int32(truncatingIfNeeded: $0) }
                narrow.withUnsafeBytes { out.values.appendFixed($0, count: n) }
            case .int64: v.withUnsafeBytes { out.values.appendFixed($0, count: n) }
            default: throw ByteCursor.corrupt("DELTA_BINARY_PACKED for \(leaf.physicalType)")
            }
        case .deltaLengthByteArray:
            guard leaf.physicalType == .byteArray else { throw ByteCursor.corrupt("DELTA_LENGTH_BYTE_ARRAY for \(leaf.physicalType)") }
            let lengths = try DeltaBinaryPacked.decode(&c, maxCount: n)
            guard lengths.count == n else { throw ByteCursor.corrupt("DELTA_LENGTH_BYTE_ARRAY length count") }
            for l in lengths {
                guard l >= 0 else { throw ByteCursor.corrupt("negative byte array length") }
                try out.values.appendBytes(try c.take(Int(l)))
            }
        case .deltaByteArray:
            let prefixes = try DeltaBinaryPacked.decode(&c, maxCount: n)
            let lengths = try DeltaBinaryPacked.decode(&c, maxCount: n)
            guard prefixes.count == n, lengths.count == n else { throw ByteCursor.corrupt("DELTA_BYTE_ARRAY counts") }
            var previous: [UInt8] = []
            for i in 0..<n {
                let p = Int(prefixes[i]), l = Int(lengths[i])
                guard p >= 0, l >= 0, p <= previous.count else { throw ByteCursor.corrupt("DELTA_BYTE_ARRAY prefix \(p) longer than the previous value") }
                var value = Array(previous[0..<p])
                value.append(contentsOf: try c.take(l))
                if leaf.physicalType == .fixedLenByteArray {
                    guard value.count == leaf.typeLength else { throw ByteCursor.corrupt("DELTA_BYTE_ARRAY value has the wrong width") }
                    value.withUnsafeBytes { out.values.appendFixed($0, count: 1) }
                } else {
                    try value.withUnsafeBytes { try out.values.appendBytes($0) }
                }
                previous = value
            }
        case .byteStreamSplit:
            let w = out.values.width
            guard w > 0, leaf.physicalType != .boolean else { throw ByteCursor.corrupt("BYTE_STREAM_SPLIT for \(leaf.physicalType)") }
            let raw = try c.take(n * w)
            var buf = [UInt8](repeating: 0, count: n * w)
            for k in 0..<w { for i in 0..<n { buf[i * w + k] = raw[k * n + i] } }
            buf.withUnsafeBytes { out.values.appendFixed($0, count: n) }
        default:
            throw ByteCursor.corrupt("unsupported encoding \(encoding)")
        }
    }

    private func decodePlain(_ c: inout ByteCursor, count n: Int, into v: inout RawValues) throws {
        switch leaf.physicalType {
        case .boolean:
            let raw = try c.take((n + 7) / 8)
            v.fixed.reserveCapacity(v.fixed.count + n)
            for i in 0..<n { v.fixed.append((raw[i >> 3] >> UInt8(i & 7)) & 1) }
            v.count += n
        case .byteArray:
            v.offsets.reserveCapacity(v.offsets.count + n)
            for _ in 0..<n {
                let len = Int(try c.u32le())
                try v.appendBytes(try c.take(len))
            }
        default:
            guard n <= c.remaining / max(v.width, 1) else { throw ByteCursor.corrupt("page data ends early (\(n) values of \(v.width) bytes)") }
            v.appendFixed(try c.take(n * v.width), count: n)
        }
    }
}
