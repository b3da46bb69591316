import DataFlowColumnar

/// Spark's per-type hashing rules, shared by `hash` (Murmur3, 32-bit) and `xxhash64` /
/// `approx_count_distinct` (XXH64): booleans as the int 0/1, ints and dates as 4-byte ints, bigints and
/// timestamps as 8-byte longs, doubles as the long of their bits (NaN canonical, -0.0 as 0.0), decimals of
/// precision ≤ 18 as their unscaled long and wider ones as the big-endian two's-complement bytes of the
/// unscaled value (Java's `BigInteger.toByteArray`), strings as their UTF-8 bytes, arrays element by
/// element. A NULL leaves the running hash unchanged, so `hash(NULL)` is the seed.
protocol SparkHasher {
    associatedtype H: FixedWidthInteger & Sendable
    static func hashInt(_ v: Int32, seed: H) -> H
    static func hashLong(_ v: Int64, seed: H) -> H
    static func hashBytes(_ b: UnsafeRawBufferPointer, seed: H) -> H
}

struct Murmur3Hasher: SparkHasher {
    static func hashInt(_ v: Int32, seed: UInt32) -> UInt32 { Murmur3.hashInt(v, seed: seed) }
    static func hashLong(_ v: Int64, seed: UInt32) -> UInt32 { Murmur3.hashLong(v, seed: seed) }
    static func hashBytes(_ b: UnsafeRawBufferPointer, seed: UInt32) -> UInt32 { Murmur3.hashBytes(b, seed: seed) }
}

struct XXH64Hasher: SparkHasher {
    static func hashInt(_ v: Int32, seed: UInt64) -> UInt64 { XXH64.hashInt(v, seed: seed) }
    static func hashLong(_ v: Int64, seed: UInt64) -> UInt64 { XXH64.hashLong(v, seed: seed) }
    static func hashBytes(_ b: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 { XXH64.hashBytes(b, seed: seed) }
}

enum SparkColumnHash {
    /// Java's `Double.doubleToLongBits` after Spark's normalisation of -0.0.
    @inline(__always) static func doubleBits(_ d: Double) -> Int64 {
        if d.isNaN { return 0x7ff8_0000_0000_0000 }
        return Int64(bitPattern: (d == 0 ? 0.0 : d).bitPattern)
    }

    /// Java's `BigInteger.toByteArray()`: the shortest big-endian two's-complement form.
    static func bigEndianBytes(_ v: Int128) -> [UInt8] {
        var bytes: [UInt8] = []
        var x = v
        for _ in 0..<16 {
            bytes.append(UInt8(truncatingIfNeeded: x))
            x >>= 8
        }
        // Drop redundant sign bytes (keep one whose top bit carries the sign).
        while bytes.count > 1 {
            let top = bytes[bytes.count - 1], next = bytes[bytes.count - 2]
            if (top == 0 && next & 0x80 == 0) || (top == 0xff && next & 0x80 != 0) { bytes.removeLast() } else { break }
        }
        return bytes.reversed()
    }

    /// Folds `column` into the running per-row hashes `h` (`h[i] = hash(column[i], seed: h[i])`).
    static func fold<Hasher: SparkHasher>(_ column: Column, into h: inout [Hasher.H], _: Hasher.Type) {
        let c = column.decoded()
        let n = Swift.min(c.count, h.count)
        switch c.type {
        case .array:
            if let elements = c.elements?.column { foldNested(c, [elements], n, into: &h, Hasher.self) }
            return
        case .map:
            if let keys = c.elements?.column, let values = c.mapValues?.column {
                foldNested(c, [keys, values], n, into: &h, Hasher.self)
            }
            return
        default:
            break
        }
        h.withUnsafeMutableBufferPointer { hp in
            switch c.type {
            case .null:
                return
            case .boolean:
                let v = c.values(UInt8.self)
                for i in 0..<n where c.isValid(i) { hp[i] = Hasher.hashInt(v[i] != 0 ? 1 : 0, seed: hp[i]) }
            case .int32, .date:
                let v = c.values(Int32.self)
                for i in 0..<n where c.isValid(i) { hp[i] = Hasher.hashInt(v[i], seed: hp[i]) }
            case .int64, .timestamp:
                let v = c.values(Int64.self)
                for i in 0..<n where c.isValid(i) { hp[i] = Hasher.hashLong(v[i], seed: hp[i]) }
            case .float64:
                let v = c.values(Double.self)
                for i in 0..<n where c.isValid(i) { hp[i] = Hasher.hashLong(doubleBits(v[i]), seed: hp[i]) }
            case .decimal(let p, _):
                if p <= 18 {
                    let v = c.values(Int64.self)
                    for i in 0..<n where c.isValid(i) { hp[i] = Hasher.hashLong(v[i], seed: hp[i]) }
                } else {
                    let v = c.values(Int128.self)
                    for i in 0..<n where c.isValid(i) {
                        hp[i] = bigEndianBytes(v[i]).withUnsafeBytes { Hasher.hashBytes($0, seed: hp[i]) }
                    }
                }
            case .string:
                for i in 0..<n where c.isValid(i) { hp[i] = Hasher.hashBytes(c.utf8(i), seed: hp[i]) }
            case .array, .map:
                return  // folded by foldNested above
            }
        }
    }

    /// Folds every row's elements (for a map: each key, then its value) into the row's hash in order,
    /// as Spark does. Round k hashes the k-th element of every row that has one, with one `take` per
    /// child column, so the cost is a few column operations per round, not per element.
    static func foldNested<Hasher: SparkHasher>(_ c: Column, _ children: [Column], _ n: Int, into h: inout [Hasher.H],
                                               _: Hasher.Type) {
        var rows = (0..<n).filter { c.isValid($0) && !c.arrayRange($0).isEmpty }
        var k = 0
        while !rows.isEmpty {
            let positions = rows.map { Int32(c.arrayRange($0).lowerBound + k) }
            var seeds = rows.map { h[$0] }
            for child in children { fold(child.take(positions), into: &seeds, Hasher.self) }
            for (r, seed) in zip(rows, seeds) { h[r] = seed }
            k += 1
            rows.removeAll { c.arrayRange($0).count <= k }
        }
    }
}
