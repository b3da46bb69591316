import DataFlowColumnar

/// Something that reads bytes one at a time and names its corruption errors: gets ULEB128 varints and
/// zigzag-encoded signed varints (Parquet's RLE/bit-packed hybrid and delta encodings, Thrift compact).
protocol VarintReading {
    mutating func byte() throws -> UInt8
    static func corrupt(_ what: String) -> DataFlowError
}

extension VarintReading {
    @inline(__always)
    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0, shift: UInt64 = 0
        while true {
            let b = try byte()
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw Self.corrupt("varint is too long") }
        }
    }

    @inline(__always)
    mutating func zigzag() throws -> Int64 {
        let u = try varint()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }
}

extension Array where Element == UInt8 {
    /// Appends `v` as a ULEB128 varint.
    @inline(__always)
    mutating func appendVarint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        append(UInt8(v))
    }

    /// Appends `v` zigzag-encoded as a varint.
    @inline(__always)
    mutating func appendZigzag(_ v: Int64) { appendVarint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
}

/// A bounds-checked cursor over a page's bytes.
struct ByteCursor: VarintReading {
    let base: UnsafeRawPointer
    let end: Int
    var pos: Int

    init(_ bytes: UnsafeRawBufferPointer) {
        base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        end = bytes.count
        pos = 0
    }

    var remaining: Int { end - pos }

    static func corrupt(_ what: String) -> DataFlowError { DataFlowError("PARQUET_CORRUPT_PAGE", what) }

    mutating func byte() throws -> UInt8 {
        guard pos < end else { throw Self.corrupt("page data ends early") }
        let b = base.load(fromByteOffset: pos, as: UInt8.self)
        pos &+= 1
        return b
    }

    mutating func take(_ n: Int) throws -> UnsafeRawBufferPointer {
        guard n >= 0, n <= remaining else { throw Self.corrupt("page data ends early (\(n) bytes wanted, \(remaining) left)") }
        let r = UnsafeRawBufferPointer(start: base + pos, count: n)
        pos += n
        return r
    }

    mutating func u32le() throws -> UInt32 {
        let b = try take(4)
        return UInt32(littleEndian: b.loadUnaligned(as: UInt32.self))
    }
}

/// Reads `count` little-endian bit-packed values of `width` bits (LSB first) from `p` into `out`.
@inline(__always)
func unpackBits(_ p: UnsafeRawPointer, bytes: Int, width: Int, count: Int, into out: UnsafeMutablePointer<UInt64>) {
    if width == 0 {
        out.initialize(repeating: 0, count: count)
        return
    }
    let mask: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) &- 1
    var bit = 0
    for i in 0..<count {
        let byteIndex = bit >> 3
        let shift = bit & 7
        // Gather up to 9 bytes around the value (guarded at the end of the buffer).
        var v: UInt64 = 0
        let avail = min(8, bytes - byteIndex)
        if avail == 8 {
            v = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: byteIndex, as: UInt64.self))
        } else {
            for k in 0..<max(avail, 0) { v |= UInt64(p.load(fromByteOffset: byteIndex + k, as: UInt8.self)) << UInt64(8 * k) }
        }
        var value = v >> UInt64(shift)
        if shift + width > 64 && byteIndex + 8 < bytes {
            let hi = UInt64(p.load(fromByteOffset: byteIndex + 8, as: UInt8.self))
            value |= hi << UInt64(64 - shift)
        }
        out[i] = value & mask
        bit += width
    }
}

/// Appends `values` bit-packed LSB first with `width` bits each (count a multiple of 8 or padded).
func packBits(_ values: UnsafeBufferPointer<UInt64>, width: Int, into out: inout [UInt8]) {
    let padded = (values.count + 7) & ~7
    let nbytes = padded * width / 8
    let start = out.count
    out.append(contentsOf: repeatElement(0, count: nbytes))
    if width == 0 { return }
    out.withUnsafeMutableBufferPointer { buf in
        let p = buf.baseAddress! + start
        var bit = 0
        for v in values {
            var v = v, b = bit, left = width
            while left > 0 {
                let byteIndex = b >> 3, shift = b & 7
                let n = min(8 - shift, left)
                p[byteIndex] |= UInt8(truncatingIfNeeded: (v & ((1 << UInt64(n)) - 1)) << UInt64(shift))
                v >>= UInt64(n)
                b += n
                left -= n
            }
            bit += width
        }
    }
}

/// The RLE / bit-packed hybrid encoding (levels, booleans, dictionary indices).
enum RLEHybrid {
    /// Decodes exactly `count` values of `width` bits into `out` (Int32s); fails on short or garbled input.
    static func decode(_ cursor: inout ByteCursor, width: Int, count: Int, into out: UnsafeMutablePointer<Int32>) throws {
        guard width >= 0 && width <= 32 else { throw ByteCursor.corrupt("RLE bit width \(width) is out of range") }
        var done = 0
        let byteWidth = (width + 7) / 8
        var scratch = [UInt64](repeating: 0, count: 512)
        while done < count {
            let header = try cursor.varint()
            if header & 1 == 0 {
                let run = Int(clamping: header >> 1)
                guard run > 0 else { throw ByteCursor.corrupt("empty RLE run") }
                let raw = try cursor.take(byteWidth)
                var v: UInt32 = 0
                for k in 0..<byteWidth { v |= UInt32(raw[k]) << UInt32(8 * k) }
                let n = min(run, count - done)
                (out + done).initialize(repeating: Int32(bitPattern: v), count: n)
                done += n
            } else {
                let groups = Int(clamping: header >> 1)
                guard groups > 0, groups <= cursor.remaining + 1 else { throw ByteCursor.corrupt("bit-packed run is longer than the page") }
                let values = groups * 8
                let nbytes = groups * width
                // The last run may be cut short at the page end (writers pad, but be lenient).
                let avail = min(nbytes, cursor.remaining)
                let raw = try cursor.take(avail)
                let usable = min(values, count - done, width == 0 ? values : avail * 8 / width)
                if usable < min(values, count - done) { throw ByteCursor.corrupt("bit-packed run ends early") }
                if scratch.count < usable { scratch = [UInt64](repeating: 0, count: usable) }
                scratch.withUnsafeMutableBufferPointer { s in
                    if let b = raw.baseAddress { unpackBits(b, bytes: avail, width: width, count: usable, into: s.baseAddress!) }
                    else { s.baseAddress!.initialize(repeating: 0, count: usable) }
                    for i in 0..<usable { out[done + i] = Int32(truncatingIfNeeded: s[i]) }
                }
                done += usable
            }
        }
    }

    /// Encodes `values` (each < 2^width) choosing RLE runs for repeats of 8 or more, bit-packing otherwise.
    static func encode(_ values: UnsafeBufferPointer<Int32>, width: Int, into out: inout [UInt8]) {
        let n = values.count
        let byteWidth = (width + 7) / 8
        var i = 0
        var pending: [UInt64] = []   // values waiting to be bit-packed (flushed in groups of 8)
        func flushPacked(_ out: inout [UInt8]) {
            if pending.isEmpty { return }
            let groups = (pending.count + 7) / 8
            out.appendVarint(UInt64(groups) << 1 | 1)
            pending.withUnsafeBufferPointer { packBits($0, width: width, into: &out) }
            pending.removeAll(keepingCapacity: true)
        }
        while i < n {
            let v = values[i]
            var j = i + 1
            while j < n && values[j] == v { j += 1 }
            var run = j - i
            // Fill the pending bit-packed group to a multiple of 8 before starting an RLE run.
            if run >= 8 + (pending.count % 8 == 0 ? 0 : 8 - pending.count % 8) {
                while pending.count % 8 != 0 { pending.append(UInt64(UInt32(bitPattern: v))); run -= 1 }
                flushPacked(&out)
                out.appendVarint(UInt64(run) << 1)
                let u = UInt32(bitPattern: v)
                for k in 0..<byteWidth { out.append(UInt8(truncatingIfNeeded: u >> UInt32(8 * k))) }
            } else {
                for _ in 0..<run { pending.append(UInt64(UInt32(bitPattern: v))) }
                // Bit-packed runs are limited to 63 groups per header; flush full chunks early.
                if pending.count >= 504 && pending.count % 8 == 0 { flushPacked(&out) }
            }
            i = j
        }
        flushPacked(&out)
    }

    /// Bits needed for values up to `maxValue`.
    static func bitWidth(_ maxValue: Int) -> Int { maxValue <= 0 ? 0 : (Int.bitWidth - maxValue.leadingZeroBitCount) }
}

/// The deprecated BIT_PACKED level encoding (MSB first, no header), read only.
enum BitPackedLevels {
    static func decode(_ cursor: inout ByteCursor, width: Int, count: Int, into out: UnsafeMutablePointer<Int32>) throws {
        let nbytes = (count * width + 7) / 8
        let raw = try cursor.take(nbytes)
        var bit = 0
        for i in 0..<count {
            var v: Int32 = 0
            for _ in 0..<width {
                let b = (raw[bit >> 3] >> UInt8(7 - (bit & 7))) & 1
                v = v << 1 | Int32(b)
                bit += 1
            }
            out[i] = v
        }
    }
}

/// DELTA_BINARY_PACKED for INT32/INT64 (read and write).
enum DeltaBinaryPacked {
    /// Decodes all values of a page section; returns them as Int64 (INT32 pages truncate back).
    static func decode(_ cursor: inout ByteCursor, maxCount: Int) throws -> [Int64] {
        let blockSize = Int(clamping: try cursor.varint())
        let miniblocks = Int(clamping: try cursor.varint())
        let total = Int(clamping: try cursor.varint())
        let first = try cursor.zigzag()
        guard blockSize > 0, blockSize <= 1 << 20, blockSize % 128 == 0, miniblocks > 0, blockSize % miniblocks == 0,
              (blockSize / miniblocks) % 32 == 0, total <= maxCount + 1 else {
            throw ByteCursor.corrupt("invalid DELTA_BINARY_PACKED header")
        }
        let perMini = blockSize / miniblocks
        var out = [Int64]()
        out.reserveCapacity(total)
        if total == 0 { return out }
        out.append(first)
        var last = first
        var scratch = [UInt64](repeating: 0, count: perMini)
        while out.count < total {
            let minDelta = try cursor.zigzag()
            let widths = try cursor.take(miniblocks)
            for m in 0..<miniblocks where out.count < total {
                let w = Int(widths[m])
                guard w <= 64 else { throw ByteCursor.corrupt("DELTA_BINARY_PACKED bit width \(w)") }
                let nbytes = perMini * w / 8
                let raw = try cursor.take(min(nbytes, cursor.remaining))
                let n = min(perMini, total - out.count)
                if raw.count < (n * w + 7) / 8 { throw ByteCursor.corrupt("DELTA_BINARY_PACKED miniblock ends early") }
                scratch.withUnsafeMutableBufferPointer { s in
                    if let b = raw.baseAddress { unpackBits(b, bytes: raw.count, width: w, count: n, into: s.baseAddress!) }
                    else { s.baseAddress!.initialize(repeating: 0, count: n) }
                    for i in 0..<n {
                        last = last &+ minDelta &+ Int64(bitPattern: s[i])
                        out.append(last)
                    }
                }
            }
        }
        return out
    }

    /// Encodes `values` with 128-value blocks of 4 miniblocks.
    static func encode(_ values: UnsafeBufferPointer<Int64>, into out: inout [UInt8]) {
        func varint(_ v: UInt64) { out.appendVarint(v) }
        func zigzag(_ v: Int64) { out.appendZigzag(v) }
        let blockSize = 128, miniblocks = 4, perMini = 32
        varint(UInt64(blockSize)); varint(UInt64(miniblocks)); varint(UInt64(values.count))
        zigzag(values.first ?? 0)
        if values.count <= 1 { return }
        var deltas = [Int64](repeating: 0, count: blockSize)
        var packed = [UInt64](repeating: 0, count: perMini)
        var i = 1
        while i < values.count {
            let n = min(blockSize, values.count - i)
            var minDelta = Int64.max
            for k in 0..<n {
                deltas[k] = values[i + k] &- values[i + k - 1]
                minDelta = min(minDelta, deltas[k])
            }
            zigzag(minDelta)
            var widths = [UInt8](repeating: 0, count: miniblocks)
            let used = (n + perMini - 1) / perMini
            for m in 0..<used {
                var maxv: UInt64 = 0
                for k in (m * perMini)..<min(n, (m + 1) * perMini) {
                    maxv |= UInt64(bitPattern: deltas[k] &- minDelta)
                }
                widths[m] = UInt8(maxv == 0 ? 0 : 64 - maxv.leadingZeroBitCount)
            }
            out.append(contentsOf: widths)
            for m in 0..<used {
                for k in 0..<perMini {
                    let idx = m * perMini + k
                    packed[k] = idx < n ? UInt64(bitPattern: deltas[idx] &- minDelta) : 0
                }
                packed.withUnsafeBufferPointer { packBits($0, width: Int(widths[m]), into: &out) }
            }
            i += n
        }
    }
}
