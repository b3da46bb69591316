/// XXH64 (Yann Collet's 64-bit xxHash, from its published specification), as Spark's `xxhash64` and
/// `approx_count_distinct` use it: ints hash as 4-byte inputs, longs as 8-byte inputs, byte strings as
/// the reference algorithm does. All arithmetic wraps.
enum XXH64 {
    static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let p3: UInt64 = 0x1656_67B1_9E37_79F9
    static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
    static let p5: UInt64 = 0x27D4_EB2F_1656_67C5

    @inline(__always) static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 &- r)) }

    @inline(__always) static func round(_ acc: UInt64, _ lane: UInt64) -> UInt64 {
        rotl(acc &+ lane &* p2, 31) &* p1
    }

    @inline(__always) static func mergeRound(_ h: UInt64, _ v: UInt64) -> UInt64 {
        (h ^ round(0, v)) &* p1 &+ p4
    }

    @inline(__always) static func avalanche(_ h: UInt64) -> UInt64 {
        var x = h
        x ^= x >> 33
        x = x &* p2
        x ^= x >> 29
        x = x &* p3
        x ^= x >> 32
        return x
    }

    /// A 4-byte input (Spark's `hashInt`).
    @inline(__always) static func hashInt(_ v: Int32, seed: UInt64) -> UInt64 {
        var h = seed &+ p5 &+ 4
        h ^= UInt64(UInt32(bitPattern: v)) &* p1
        h = rotl(h, 23) &* p2 &+ p3
        return avalanche(h)
    }

    /// An 8-byte input (Spark's `hashLong`).
    @inline(__always) static func hashLong(_ v: Int64, seed: UInt64) -> UInt64 {
        var h = seed &+ p5 &+ 8
        h ^= round(0, UInt64(bitPattern: v))
        h = rotl(h, 27) &* p1 &+ p4
        return avalanche(h)
    }

    static func hashBytes(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let n = bytes.count
        var i = 0
        var h: UInt64
        @inline(__always) func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        if n >= 32 {
            var v1 = seed &+ p1 &+ p2, v2 = seed &+ p2, v3 = seed, v4 = seed &- p1
            while i &+ 32 <= n {
                v1 = round(v1, u64(i))
                v2 = round(v2, u64(i &+ 8))
                v3 = round(v3, u64(i &+ 16))
                v4 = round(v4, u64(i &+ 24))
                i &+= 32
            }
            h = rotl(v1, 1) &+ rotl(v2, 7) &+ rotl(v3, 12) &+ rotl(v4, 18)
            h = mergeRound(h, v1)
            h = mergeRound(h, v2)
            h = mergeRound(h, v3)
            h = mergeRound(h, v4)
        } else {
            h = seed &+ p5
        }
        h &+= UInt64(n)
        while i &+ 8 <= n {
            h ^= round(0, u64(i))
            h = rotl(h, 27) &* p1 &+ p4
            i &+= 8
        }
        if i &+ 4 <= n {
            h ^= UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self))) &* p1
            h = rotl(h, 23) &* p2 &+ p3
            i &+= 4
        }
        while i < n {
            h ^= UInt64(bytes[i]) &* p5
            h = rotl(h, 11) &* p1
            i &+= 1
        }
        return avalanche(h)
    }
}
