// Message digests written from their specifications: MD5 (RFC 1321), SHA-1 and SHA-2 (FIPS 180-4).
// Constants: MD5's are floor(|sin(i + 1)| · 2^32); SHA-2's are the fractional parts of the square and
// cube roots of the first primes (FIPS 180-4 §4.2, §5.3), generated exactly with integer roots.
enum Digest {
    enum Kind: Sendable {
        case md5, sha1, sha224, sha256, sha384, sha512

        var byteCount: Int {
            switch self {
            case .md5: return 16
            case .sha1: return 20
            case .sha224: return 28
            case .sha256: return 32
            case .sha384: return 48
            case .sha512: return 64
            }
        }
    }

    /// The digest of `data` written to `out` (`kind.byteCount` bytes).
    static func hash(_ kind: Kind, _ data: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) {
        switch kind {
        case .md5: md5(data, out)
        case .sha1: sha1(data, out)
        case .sha224, .sha256: sha256(data, out, truncated: kind == .sha224)
        case .sha384, .sha512: sha512(data, out, truncated: kind == .sha384)
        }
    }

    /// Feeds `block` every full block of `data`, then the padded tail: 0x80, zeros, and the message
    /// length in bits in the last `lengthBytes` bytes (little-endian for MD5, big-endian otherwise).
    @inline(__always)
    static func blocks(_ data: UnsafeRawBufferPointer, size: Int, lengthBytes: Int, bigEndian: Bool,
                       _ block: (UnsafeRawPointer) -> Void) {
        let full = data.count / size
        if let base = data.baseAddress {
            for k in 0..<full { block(base + k * size) }
        }
        let rest = data.count - full * size
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * size) { tail in
            tail.initialize(repeating: 0)
            if rest > 0, let base = data.baseAddress {
                UnsafeMutableRawPointer(tail.baseAddress!).copyMemory(from: base + full * size, byteCount: rest)
            }
            tail[rest] = 0x80
            let total = rest + 1 + lengthBytes <= size ? size : 2 * size
            let bits = UInt64(data.count) &* 8
            for j in 0..<8 {
                let byte = UInt8(truncatingIfNeeded: bits >> (8 * UInt64(j)))
                if bigEndian { tail[total - 1 - j] = byte } else { tail[total - lengthBytes + j] = byte }
            }
            let p = UnsafeRawPointer(tail.baseAddress!)
            block(p)
            if total == 2 * size { block(p + size) }
        }
    }

    @inline(__always) static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << n) | (x >> (32 - n)) }
    @inline(__always) static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
    @inline(__always) static func rotr(_ x: UInt64, _ n: UInt64) -> UInt64 { (x >> n) | (x << (64 - n)) }
    @inline(__always) static func be32(_ p: UnsafeRawPointer, _ i: Int) -> UInt32 {
        UInt32(bigEndian: p.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
    }
    @inline(__always) static func be64(_ p: UnsafeRawPointer, _ i: Int) -> UInt64 {
        UInt64(bigEndian: p.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
    }

    // MARK: MD5

    static let md5Shifts: [UInt32] = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]
    static let md5K: [UInt32] = [
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
        0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
        0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
        0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
        0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
        0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
        0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
    ]

    static func md5(_ data: UnsafeRawBufferPointer, _ out: UnsafeMutablePointer<UInt8>) {
        var h: (UInt32, UInt32, UInt32, UInt32) = (0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476)
        let k = md5K, s = md5Shifts
        blocks(data, size: 64, lengthBytes: 8, bigEndian: false) { p in
            var a = h.0, b = h.1, c = h.2, d = h.3
            for i in 0..<64 {
                var f: UInt32, g: Int
                switch i >> 4 {
                case 0: f = (b & c) | (~b & d); g = i
                case 1: f = (d & b) | (~d & c); g = (5 * i + 1) & 15
                case 2: f = b ^ c ^ d; g = (3 * i + 5) & 15
                default: f = c ^ (b | ~d); g = (7 * i) & 15
                }
                let m = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: g * 4, as: UInt32.self))
                f = f &+ a &+ k[i] &+ m
                a = d; d = c; c = b
                b = b &+ rotl(f, s[(i >> 4) * 4 + (i & 3)])
            }
            h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d)
        }
        for (j, w) in [h.0, h.1, h.2, h.3].enumerated() {
            for byte in 0..<4 { out[j * 4 + byte] = UInt8(truncatingIfNeeded: w >> (8 * UInt32(byte))) }
        }
    }

    // MARK: SHA-1

    static func sha1(_ data: UnsafeRawBufferPointer, _ out: UnsafeMutablePointer<UInt8>) {
        var h: [UInt32] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in
            blocks(data, size: 64, lengthBytes: 8, bigEndian: true) { p in
                for t in 0..<16 { w[t] = be32(p, t) }
                for t in 16..<80 { w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1) }
                var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4]
                for t in 0..<80 {
                    let f: UInt32, k: UInt32
                    switch t / 20 {
                    case 0: f = (b & c) | (~b & d); k = 0x5a827999
                    case 1: f = b ^ c ^ d; k = 0x6ed9eba1
                    case 2: f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc
                    default: f = b ^ c ^ d; k = 0xca62c1d6
                    }
                    let temp = rotl(a, 5) &+ f &+ e &+ k &+ w[t]
                    e = d; d = c; c = rotl(b, 30); b = a; a = temp
                }
                h[0] = h[0] &+ a; h[1] = h[1] &+ b; h[2] = h[2] &+ c; h[3] = h[3] &+ d; h[4] = h[4] &+ e
            }
        }
        for j in 0..<5 {
            for byte in 0..<4 { out[j * 4 + byte] = UInt8(truncatingIfNeeded: h[j] >> (24 - 8 * UInt32(byte))) }
        }
    }

    // MARK: SHA-256 / SHA-224

    static let k512: [UInt64] = [
        0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
        0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
        0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
        0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
        0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
        0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
        0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
        0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
        0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
        0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
        0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
        0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
        0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
        0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
        0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
        0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
        0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
        0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
        0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
        0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
    ]
    /// SHA-256's constants are the first 32 bits of SHA-512's first 64.
    static let k256: [UInt32] = k512.prefix(64).map { UInt32(truncatingIfNeeded: $0 >> 32) }
    static let h512: [UInt64] = [
        0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
        0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
    ]
    static let h384: [UInt64] = [
        0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17, 0x152fecd8f70e5939,
        0x67332667ffc00b31, 0x8eb44a8768581511, 0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4,
    ]

    static func sha256(_ data: UnsafeRawBufferPointer, _ out: UnsafeMutablePointer<UInt8>, truncated: Bool) {
        // SHA-256 starts from the high halves of SHA-512's initial values; SHA-224 from the low halves of SHA-384's.
        var h: [UInt32] = truncated ? h384.map { UInt32(truncatingIfNeeded: $0) } : h512.map { UInt32(truncatingIfNeeded: $0 >> 32) }
        let k = k256
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            blocks(data, size: 64, lengthBytes: 8, bigEndian: true) { p in
                for t in 0..<16 { w[t] = be32(p, t) }
                for t in 16..<64 {
                    let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
                    let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
                    w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                }
                var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7]
                for t in 0..<64 {
                    let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                    let ch = (e & f) ^ (~e & g)
                    let t1 = hh &+ s1 &+ ch &+ k[t] &+ w[t]
                    let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                    let maj = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = s0 &+ maj
                    hh = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
                }
                h[0] = h[0] &+ a; h[1] = h[1] &+ b; h[2] = h[2] &+ c; h[3] = h[3] &+ d
                h[4] = h[4] &+ e; h[5] = h[5] &+ f; h[6] = h[6] &+ g; h[7] = h[7] &+ hh
            }
        }
        for j in 0..<(truncated ? 7 : 8) {
            for byte in 0..<4 { out[j * 4 + byte] = UInt8(truncatingIfNeeded: h[j] >> (24 - 8 * UInt32(byte))) }
        }
    }

    // MARK: SHA-512 / SHA-384

    static func sha512(_ data: UnsafeRawBufferPointer, _ out: UnsafeMutablePointer<UInt8>, truncated: Bool) {
        var h: [UInt64] = truncated ? h384 : h512
        let k = k512
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 80) { w in
            // The length field is 128 bits; messages here are far below 2^64 bits, so its high half is 0.
            blocks(data, size: 128, lengthBytes: 16, bigEndian: true) { p in
                for t in 0..<16 { w[t] = be64(p, t) }
                for t in 16..<80 {
                    let s0 = rotr(w[t - 15], 1) ^ rotr(w[t - 15], 8) ^ (w[t - 15] >> 7)
                    let s1 = rotr(w[t - 2], 19) ^ rotr(w[t - 2], 61) ^ (w[t - 2] >> 6)
                    w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                }
                var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7]
                for t in 0..<80 {
                    let s1 = rotr(e, 14) ^ rotr(e, 18) ^ rotr(e, 41)
                    let ch = (e & f) ^ (~e & g)
                    let t1 = hh &+ s1 &+ ch &+ k[t] &+ w[t]
                    let s0 = rotr(a, 28) ^ rotr(a, 34) ^ rotr(a, 39)
                    let maj = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = s0 &+ maj
                    hh = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
                }
                h[0] = h[0] &+ a; h[1] = h[1] &+ b; h[2] = h[2] &+ c; h[3] = h[3] &+ d
                h[4] = h[4] &+ e; h[5] = h[5] &+ f; h[6] = h[6] &+ g; h[7] = h[7] &+ hh
            }
        }
        for j in 0..<(truncated ? 6 : 8) {
            for byte in 0..<8 { out[j * 8 + byte] = UInt8(truncatingIfNeeded: h[j] >> (56 - 8 * UInt64(byte))) }
        }
    }
}
