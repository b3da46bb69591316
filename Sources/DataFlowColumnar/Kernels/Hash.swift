/// 64-bit row hashes for hash joins and aggregation.
extension Kernels {
    public static let nullHashKey: UInt64 = 0x6E75_6C6C_6E75_6C6C
    @usableFromInline static let canonicalNaN: UInt64 = 0x7FF8_0000_0000_0000

    /// A strong 64-bit finaliser (SplitMix64's output function).
    @inlinable public static func mix64(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }

    /// Hash of a byte string: 8-byte words folded with multiply-rotate, then mixed.
    @inlinable public static func hashBytes(_ s: UnsafeRawBufferPointer) -> UInt64 {
        let n = s.count
        var h: UInt64 = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
        var i = 0
        while i &+ 8 <= n {
            let w = s.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ (w &* 0xC2B2_AE3D_27D4_EB4F)).rotateLeft(29) &* 0x1656_67B1_9E37_79F9
            i &+= 8
        }
        if i < n {
            var w: UInt64 = 0
            var k = 0
            while i < n { w |= UInt64(s[i]) &<< UInt64(k &* 8); i &+= 1; k &+= 1 }
            h = (h ^ (w &* 0xC2B2_AE3D_27D4_EB4F)).rotateLeft(29) &* 0x1656_67B1_9E37_79F9
        }
        return mix64(h)
    }

    /// Normalised bit pattern of a double: -0.0 and 0.0 equal, all NaNs equal.
    @inlinable static func doubleKey(_ d: Double) -> UInt64 {
        d.isNaN ? canonicalNaN : (d == 0 ? 0 : d.bitPattern)
    }

    /// One hash per row over all `columns` (nulls hash to a fixed key; equal values of int32 and int64 hash alike).
    static func hashString(_ s: String) -> UInt64 {
        var s = s
        return s.withUTF8 { hashBytes(UnsafeRawBufferPointer($0)) }
    }

    public static func hash(_ columns: [Column], seed: UInt64 = 0) -> [UInt64] {
        guard let first = columns.first else { return [] }
        let n = first.count
        var h = [UInt64](repeating: mix64(seed ^ 0x5DEE_CE66_D1CE_4E5B), count: n)
        h.withUnsafeMutableBufferPointer { h in
            for c0 in columns {
                let c = c0.decoded()
                let vp = bits(c.validity)
                @inline(__always) func fold(_ i: Int, _ key: UInt64) {
                    let k = (vp == nil || valid(vp, i)) ? key : nullHashKey
                    h[i] = mix64((h[i] &* 0x9E37_79B9_7F4A_7C15) ^ k)
                }
                switch c.type {
                case .null: for i in 0..<n { h[i] = mix64((h[i] &* 0x9E37_79B9_7F4A_7C15) ^ nullHashKey) }
                case .boolean: let x = c.values.pointer(UInt8.self); for i in 0..<n { fold(i, UInt64(x[i])) }
                case .int32, .date:
                    let x = c.values.pointer(Int32.self); for i in 0..<n { fold(i, UInt64(bitPattern: Int64(x[i]))) }
                case .int64, .timestamp:
                    let x = c.values.pointer(Int64.self); for i in 0..<n { fold(i, UInt64(bitPattern: x[i])) }
                case .float64: let x = c.values.pointer(Double.self); for i in 0..<n { fold(i, doubleKey(x[i])) }
                case .decimal(let p, _):
                    if p <= 18 {
                        let x = c.values.pointer(Int64.self); for i in 0..<n { fold(i, UInt64(bitPattern: x[i])) }
                    } else {
                        let x = c.values.pointer(Int128.self)
                        for i in 0..<n {
                            let u = UInt128(bitPattern: x[i])
                            fold(i, UInt64(truncatingIfNeeded: u) ^ mix64(UInt64(truncatingIfNeeded: u >> 64)))
                        }
                    }
                case .string: for i in 0..<n { fold(i, valid(vp, i) ? hashBytes(c.utf8(i)) : 0) }
                case .map:
                    // Rare: hash the text form.
                    for i in 0..<n { fold(i, valid(vp, i) ? hashString(c.value(i).description) : 0) }
                case .array:
                    // The elements are hashed once, as a column; each array folds its elements' hashes
                    // and its length.
                    let elements = c.elements.map { hash([$0.column], seed: seed) } ?? []
                    let o = c.offsets
                    for i in 0..<n {
                        guard valid(vp, i) else { fold(i, 0); continue }
                        var k = UInt64(o[i &+ 1] &- o[i])
                        for e in Int(o[i])..<Int(o[i &+ 1]) { k = mix64((k &* 0x9E37_79B9_7F4A_7C15) ^ elements[e]) }
                        fold(i, k)
                    }
                }
            }
        }
        return h
    }
}

extension UInt64 {
    @inlinable func rotateLeft(_ k: UInt64) -> UInt64 { (self &<< k) | (self &>> (64 &- k)) }
}
