import Foundation
import DataFlowColumnar

/// Encodes one leaf's data for a row group into pages (dictionary page first when used).
struct ParquetColumnWriter {
    let leaf: ParquetLeaf
    let options: ParquetWriteOptions

    struct Output {
        var bytes: [UInt8] = []
        var dictionaryPageSize: Int?   // bytes of the dictionary page (header included) at the start
        var uncompressedSize = 0
        var encodings: Set<Int32> = []
        var statistics: ParquetRawStatistics
        var numValues: Int
    }

    func write(_ data: ParquetLeafData) throws -> Output {
        let maxDef = leaf.maxDefinitionLevel, maxRep = leaf.maxRepetitionLevel
        let levelCount = maxDef > 0 ? data.definitionLevels.count : (maxRep > 0 ? data.repetitionLevels.count : data.values.count)
        if maxRep > 0 && data.repetitionLevels.count != levelCount {
            throw DataFlowError.invalid("leaf \(leaf.dottedPath): \(data.repetitionLevels.count) repetition levels for \(levelCount) definition levels")
        }
        var present = levelCount
        if maxDef > 0 {
            present = 0
            for d in data.definitionLevels {
                if d == maxDef { present += 1 } else if d < 0 || d > maxDef {
                    throw DataFlowError.invalid("leaf \(leaf.dottedPath): definition level \(d) outside 0...\(maxDef)")
                }
            }
        }
        guard present == data.values.count else {
            throw DataFlowError.invalid("leaf \(leaf.dottedPath): \(data.values.count) values for \(present) present slots")
        }
        var decimalFLBA = false
        if case .decimal? = leaf.logicalType { decimalFLBA = true }
        var out = Output(statistics: ParquetStats.compute(data.values, nullCount: levelCount - present, decimalFLBA: decimalFLBA),
                         numValues: levelCount)

        // Dictionary for byte arrays (strings): indices per value, or nil to write PLAIN.
        var dict: (indices: [Int32], values: ParquetValues)? = nil
        if options.dictionary, case .byteArray(let offsets, let bytes) = data.values {
            dict = Self.buildDictionary(offsets: offsets, bytes: bytes, limit: options.dictionaryLimit)
        }
        if let d = dict {
            var body: [UInt8] = []
            encodePlain(d.values, range: 0..<d.values.count, into: &body)
            let header = PageHeader(type: PageType.dictionaryPage.rawValue, uncompressedPageSize: 0, compressedPageSize: 0,
                                    dictionaryPageHeader: DictionaryPageHeader(numValues: Int32(d.values.count), encoding: ParquetEncoding.plain.rawValue))
            let start = out.bytes.count
            try appendPage(header, levels: [], body: body, v2: nil, into: &out)
            out.dictionaryPageSize = out.bytes.count - start
            out.encodings.insert(ParquetEncoding.plain.rawValue)
        }

        // Pages: split the level slots into runs of about `pageBytes` of values, at row starts.
        let avgBytes = max(1, Self.valueBytes(data.values) / max(present, 1))
        let perPage = max(1, options.pageBytes / avgBytes)
        var slot = 0, valueStart = 0
        while slot < levelCount || (slot == 0 && levelCount == 0) {
            var end = min(levelCount, slot + perPage)
            if maxRep > 0 { while end < levelCount && data.repetitionLevels[end] != 0 { end += 1 } }
            var n = end - slot
            if maxDef > 0 { n = 0; for i in slot..<end where data.definitionLevels[i] == maxDef { n += 1 } }
            let rows = maxRep > 0 ? data.repetitionLevels[slot..<end].reduce(0) { $0 + ($1 == 0 ? 1 : 0) } : end - slot
            try writeDataPage(data, slots: slot..<end, values: valueStart..<(valueStart + n), rows: rows, dict: dict?.indices, into: &out)
            valueStart += n
            slot = end
            if levelCount == 0 { break }
        }
        return out
    }

    static func valueBytes(_ v: ParquetValues) -> Int {
        switch v {
        case .boolean(let a): return a.count / 8 + 1
        case .int32(let a): return a.count * 4
        case .float(let a): return a.count * 4
        case .int64(let a): return a.count * 8
        case .double(let a): return a.count * 8
        case .int96(let b): return b.count
        case .byteArray(let o, let b): return b.count + 4 * o.count
        case .fixedLenByteArray(_, let b): return b.count
        }
    }

    private func writeDataPage(_ data: ParquetLeafData, slots: Range<Int>, values: Range<Int>, rows: Int, dict: [Int32]?,
                               into out: inout Output) throws {
        let maxDef = leaf.maxDefinitionLevel, maxRep = leaf.maxRepetitionLevel
        let v2 = options.dataPageVersion == 2
        var repBytes: [UInt8] = [], defBytes: [UInt8] = []
        func levels(_ l: ArraySlice<Int16>, max: Int) -> [UInt8] {
            var b: [UInt8] = []
            let ints = l.map { Int32($0) }
            ints.withUnsafeBufferPointer { RLEHybrid.encode($0, width: RLEHybrid.bitWidth(max), into: &b) }
            return b
        }
        if maxRep > 0 { repBytes = levels(data.repetitionLevels[slots], max: maxRep) }
        if maxDef > 0 { defBytes = levels(data.definitionLevels[slots], max: maxDef) }
        var body: [UInt8] = []
        let encoding: ParquetEncoding
        if let dict {
            encoding = .rleDictionary
            let maxIndex = dict.isEmpty ? 0 : Int(dict.max() ?? 0)
            let width = RLEHybrid.bitWidth(maxIndex)
            body.append(UInt8(width))
            dict[values].withUnsafeBufferPointer { RLEHybrid.encode($0, width: width, into: &body) }
        } else if v2, case .int32(let a) = data.values {
            encoding = .deltaBinaryPacked
            let wide = a[values].map { Int64($0) }
            wide.withUnsafeBufferPointer { DeltaBinaryPacked.encode($0, into: &body) }
        } else if v2, case .int64(let a) = data.values {
            encoding = .deltaBinaryPacked
            a[values].withUnsafeBufferPointer { DeltaBinaryPacked.encode($0, into: &body) }
        } else if v2, case .boolean(let a) = data.values {
            encoding = .rle
            let ints = a[values].map { Int32($0 ? 1 : 0) }
            var rle: [UInt8] = []
            ints.withUnsafeBufferPointer { RLEHybrid.encode($0, width: 1, into: &rle) }
            body += Self.le32(rle.count) + rle
        } else {
            encoding = .plain
            encodePlain(data.values, range: values, into: &body)
        }
        out.encodings.insert(encoding.rawValue)
        if maxDef > 0 || maxRep > 0 { out.encodings.insert(ParquetEncoding.rle.rawValue) }
        let nulls = (slots.count) - values.count
        if v2 {
            let h = DataPageHeaderV2(numValues: Int32(slots.count), numNulls: Int32(nulls), numRows: Int32(rows),
                                     encoding: encoding.rawValue, definitionLevelsByteLength: Int32(defBytes.count),
                                     repetitionLevelsByteLength: Int32(repBytes.count), isCompressed: options.compression != .uncompressed)
            let header = PageHeader(type: PageType.dataPageV2.rawValue, dataPageHeaderV2: h)
            try appendPage(header, levels: repBytes + defBytes, body: body, v2: h, into: &out)
        } else {
            var prefix: [UInt8] = []
            if maxRep > 0 { prefix += Self.le32(repBytes.count) + repBytes }
            if maxDef > 0 { prefix += Self.le32(defBytes.count) + defBytes }
            let h = DataPageHeader(numValues: Int32(slots.count), encoding: encoding.rawValue)
            try appendPage(PageHeader(type: PageType.dataPage.rawValue, dataPageHeader: h), levels: [], body: prefix + body, v2: nil, into: &out)
        }
    }

    static func le32(_ n: Int) -> [UInt8] { withUnsafeBytes(of: UInt32(n).littleEndian) { Array($0) } }

    /// Compresses `body` (v2: levels stay uncompressed in front) and appends header + page.
    private func appendPage(_ header: PageHeader, levels: [UInt8], body: [UInt8], v2: DataPageHeaderV2?, into out: inout Output) throws {
        var h = header
        let compressed = try body.withUnsafeBytes { try ParquetCodecs.compress($0, options.compression) }
        h.uncompressedPageSize = Int32(levels.count + body.count)
        h.compressedPageSize = Int32(levels.count + compressed.count)
        var w = ThriftWriter()
        w.structBody { $0.pageHeader(h) }
        out.bytes += w.bytes
        out.bytes += levels
        out.bytes += compressed
        out.uncompressedSize += w.bytes.count + levels.count + body.count
    }

    /// PLAIN encoding of `values[range]`.
    func encodePlain(_ values: ParquetValues, range: Range<Int>, into out: inout [UInt8]) {
        switch values {
        case .boolean(let a):
            var packed = [UInt8](repeating: 0, count: (range.count + 7) / 8)
            for (k, i) in range.enumerated() where a[i] { packed[k >> 3] |= 1 << UInt8(k & 7) }
            out += packed
        case .int32(let a): a[range].withUnsafeBytes { out.append(contentsOf: $0) }
        case .int64(let a): a[range].withUnsafeBytes { out.append(contentsOf: $0) }
        case .float(let a): a[range].withUnsafeBytes { out.append(contentsOf: $0) }
        case .double(let a): a[range].withUnsafeBytes { out.append(contentsOf: $0) }
        case .int96(let b): out.append(contentsOf: b[(range.lowerBound * 12)..<(range.upperBound * 12)])
        case .fixedLenByteArray(let w, let b): out.append(contentsOf: b[(range.lowerBound * w)..<(range.upperBound * w)])
        case .byteArray(let offsets, let bytes):
            out.reserveCapacity(out.count + range.count * 4 + Int(offsets[range.upperBound] - offsets[range.lowerBound]))
            for i in range {
                let s = Int(offsets[i]), e = Int(offsets[i + 1])
                out += Self.le32(e - s)
                out.append(contentsOf: bytes[s..<e])
            }
        }
    }

    /// Distinct byte strings in first-seen order and each value's index; nil past `limit` bytes.
    static func buildDictionary(offsets: [Int32], bytes: [UInt8], limit: Int) -> (indices: [Int32], values: ParquetValues)? {
        let n = max(offsets.count - 1, 0)
        var table = [Int32](repeating: -1, count: 1024)
        var mask = table.count - 1
        var dictOffsets: [Int32] = [0]
        var dictStarts: [Int32] = []   // start of each entry in `bytes` (the source)
        var dictBytes = 0
        var indices = [Int32](repeating: 0, count: n)
        let ok: Bool = bytes.withUnsafeBytes { raw in
            @inline(__always) func hash(_ s: Int, _ e: Int) -> Int {
                var h: UInt64 = 0xcbf29ce484222325
                for k in s..<e { h = (h ^ UInt64(raw[k])) &* 0x100000001b3 }
                return Int(truncatingIfNeeded: h ^ (h >> 29))
            }
            @inline(__always) func equal(_ s: Int, _ e: Int, _ entry: Int) -> Bool {
                let len = Int(dictOffsets[entry + 1] - dictOffsets[entry])
                guard len == e - s else { return false }
                return len == 0 || memcmp(raw.baseAddress! + s, raw.baseAddress! + Int(dictStarts[entry]), len) == 0
            }
            for i in 0..<n {
                let s = Int(offsets[i]), e = Int(offsets[i + 1])
                var slot = hash(s, e) & mask
                while true {
                    let entry = table[slot]
                    if entry < 0 {
                        let id = Int32(dictStarts.count)
                        table[slot] = id
                        dictStarts.append(Int32(s))
                        dictBytes += e - s + 4
                        dictOffsets.append(dictOffsets[dictOffsets.count - 1] + Int32(e - s))
                        indices[i] = id
                        if dictBytes > limit { return false }
                        if dictStarts.count * 2 > table.count {
                            // Grow and rehash.
                            table = [Int32](repeating: -1, count: table.count * 2)
                            mask = table.count - 1
                            for (k, st) in dictStarts.enumerated() {
                                let len = Int(dictOffsets[k + 1] - dictOffsets[k])
                                var sl = hash(Int(st), Int(st) + len) & mask
                                while table[sl] >= 0 { sl = (sl + 1) & mask }
                                table[sl] = Int32(k)
                            }
                        }
                        break
                    }
                    if equal(s, e, Int(entry)) { indices[i] = entry; break }
                    slot = (slot + 1) & mask
                }
            }
            return true
        }
        guard ok else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(Int(dictOffsets.last ?? 0))
        for (k, st) in dictStarts.enumerated() {
            let len = Int(dictOffsets[k + 1] - dictOffsets[k])
            out.append(contentsOf: bytes[Int(st)..<(Int(st) + len)])
        }
        return (indices, .byteArray(offsets: dictOffsets, bytes: out))
    }
}
