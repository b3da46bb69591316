/// Helpers for Arrow validity bitmaps: bit i of byte i/8 (least significant bit first), 1 = valid.
public enum Bitmap {
    @inlinable public static func byteCount(for bits: Int) -> Int { (bits + 7) >> 3 }

    @inlinable public static func get(_ p: UnsafePointer<UInt8>, _ i: Int) -> Bool {
        (p[i &>> 3] &>> UInt8(i & 7)) & 1 != 0
    }

    @inlinable public static func set(_ p: UnsafeMutablePointer<UInt8>, _ i: Int, _ v: Bool) {
        if v { p[i &>> 3] |= (1 &<< UInt8(i & 7)) } else { p[i &>> 3] &= ~(1 &<< UInt8(i & 7)) }
    }

    /// A bitmap with every bit set.
    public static func allValid(_ count: Int) -> Buffer {
        let n = byteCount(for: count)
        let b = Buffer(byteCount: n)
        memsetBytes(b.raw, 0xFF, n)
        return b
    }

    /// Number of unset bits among the first `count`.
    public static func countUnset(_ buffer: Buffer, count: Int) -> Int {
        let p = buffer.pointer(UInt8.self)
        var set = 0
        let full = count >> 3
        for i in 0..<full { set &+= p[i].nonzeroBitCount }
        for i in (full << 3)..<count where get(p, i) { set &+= 1 }
        return count - set
    }

    /// AND of two optional validity bitmaps (nil = all valid).
    public static func and(_ a: Buffer?, _ b: Buffer?, count: Int) -> Buffer? {
        guard let a else { return b }
        guard let b else { return a }
        let n = byteCount(for: count)
        let out = Buffer(byteCount: n)
        let o = out.pointer(UInt8.self), x = a.pointer(UInt8.self), y = b.pointer(UInt8.self)
        for i in 0..<n { o[i] = x[i] & y[i] }
        return out
    }
}

@usableFromInline func memsetBytes(_ p: UnsafeMutableRawPointer, _ v: UInt8, _ n: Int) {
    p.initializeMemory(as: UInt8.self, repeating: v, count: n)
}
