/// Spark's 32-bit Murmur3 (x86_32 variant), as its `hash` function computes it: one block per 4-byte
/// int, two per 8-byte long, and — for byte strings — Spark's own tail rule (`hashUnsafeBytes`): the
/// 0–3 bytes after the last whole block are mixed in one at a time, each as a sign-extended int block.
/// That differs from the reference algorithm's tail, so `hash('abc')` only matches Spark with it.
/// ML's hashing (`HashingTF`, `FeatureHasher`) uses the reference tail instead: `hashBytesReferenceTail`.
/// All arithmetic wraps, as Java's `int` does. Inlinable: ML hashes every term of a batch through it.
public enum Murmur3 {
    @usableFromInline @inline(__always) static func mixK1(_ k: UInt32) -> UInt32 {
        var k1 = k &* 0xcc9e_2d51
        k1 = (k1 << 15) | (k1 >> 17)
        return k1 &* 0x1b87_3593
    }

    @usableFromInline @inline(__always) static func mixH1(_ h: UInt32, _ k1: UInt32) -> UInt32 {
        var h1 = h ^ k1
        h1 = (h1 << 13) | (h1 >> 19)
        return h1 &* 5 &+ 0xe654_6b64
    }

    @usableFromInline @inline(__always) static func fmix(_ h: UInt32, _ length: UInt32) -> UInt32 {
        var h1 = h ^ length
        h1 ^= h1 >> 16
        h1 = h1 &* 0x85eb_ca6b
        h1 ^= h1 >> 13
        h1 = h1 &* 0xc2b2_ae35
        h1 ^= h1 >> 16
        return h1
    }

    /// Spark's `hashInt`: ints, dates, booleans (as 0/1).
    @inlinable @inline(__always) public static func hashInt(_ v: Int32, seed: UInt32) -> UInt32 {
        fmix(mixH1(seed, mixK1(UInt32(bitPattern: v))), 4)
    }

    /// Spark's `hashLong`: low word first, then high word.
    @inlinable @inline(__always) public static func hashLong(_ v: Int64, seed: UInt32) -> UInt32 {
        let bits = UInt64(bitPattern: v)
        var h1 = mixH1(seed, mixK1(UInt32(truncatingIfNeeded: bits)))
        h1 = mixH1(h1, mixK1(UInt32(truncatingIfNeeded: bits >> 32)))
        return fmix(h1, 8)
    }

    /// Mixes the whole little-endian 4-byte blocks of `bytes` into `seed`; returns the hash so far and
    /// the offset of the 0–3 tail bytes.
    @inlinable @inline(__always) static func hashBlocks(_ bytes: UnsafeRawBufferPointer, seed: UInt32) -> (UInt32, Int) {
        let whole = bytes.count & ~3
        var h1 = seed
        var i = 0
        while i < whole {
            let k = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self))
            h1 = mixH1(h1, mixK1(k))
            i &+= 4
        }
        return (h1, i)
    }

    /// Spark's `hashUnsafeBytes` (SQL `hash` of strings, big decimals): little-endian 4-byte blocks, then
    /// each tail byte as its own sign-extended block.
    @inlinable public static func hashBytes(_ bytes: UnsafeRawBufferPointer, seed: UInt32) -> UInt32 {
        let n = bytes.count
        var (h1, i) = hashBlocks(bytes, seed: seed)
        while i < n {
            let b = Int32(Int8(bitPattern: bytes[i]))
            h1 = mixH1(h1, mixK1(UInt32(bitPattern: b)))
            i &+= 1
        }
        return fmix(h1, UInt32(truncatingIfNeeded: n))
    }

    /// Spark's `hashUnsafeBytes2`, the reference algorithm's tail (as ML's `HashingTF` and
    /// `FeatureHasher` hash strings): little-endian 4-byte blocks, then the 0–3 tail bytes packed
    /// little-endian into one block that is mixed into the hash without the block rotation step.
    @inlinable public static func hashBytesReferenceTail(_ bytes: UnsafeRawBufferPointer, seed: UInt32) -> UInt32 {
        let n = bytes.count
        var (h1, i) = hashBlocks(bytes, seed: seed)
        var k1: UInt32 = 0, shift: UInt32 = 0
        while i < n { k1 ^= UInt32(bytes[i]) << shift; shift &+= 8; i &+= 1 }
        h1 ^= mixK1(k1)
        return fmix(h1, UInt32(truncatingIfNeeded: n))
    }
}
