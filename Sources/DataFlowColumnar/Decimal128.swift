/// Arithmetic helpers for decimals held as unscaled `Int128`s.
public enum Decimal128 {
    public static let powers: [Int128] = {
        var p: [Int128] = [1]
        for _ in 1...38 { p.append(p.last! * 10) }
        return p
    }()

    @inlinable public static func pow10(_ k: Int) -> Int128 { k <= 0 ? 1 : (k <= 38 ? powers[k] : powers[38]) }

    /// Largest unscaled magnitude that fits `precision` digits.
    @inlinable public static func maxUnscaled(precision: Int) -> Int128 { pow10(precision) - 1 }

    public static func toDouble(_ u: Int128, scale: Int) -> Double { Double(u) / Double(pow10(scale)) }

    /// Changes the scale, rounding half-up when it shrinks; nil on overflow.
    public static func rescale(_ u: Int128, from: Int, to: Int) -> Int128? {
        if to == from { return u }
        if to > from {
            let (r, o) = u.multipliedReportingOverflow(by: pow10(to - from))
            return o ? nil : r
        }
        return divideRoundHalfUp(u, pow10(from - to))
    }

    /// `a / b` rounded half away from zero (Spark's HALF_UP).
    public static func divideRoundHalfUp(_ a: Int128, _ b: Int128) -> Int128 {
        let q = a / b, r = a % b
        if (r.magnitude &* 2) >= b.magnitude {
            return (a < 0) != (b < 0) ? q - 1 : q + 1
        }
        return q
    }

    public static func format(_ u: Int128, scale: Int) -> String {
        if scale == 0 { return String(u) }
        let neg = u < 0
        var digits = String(u.magnitude)
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        let cut = digits.index(digits.endIndex, offsetBy: -scale)
        return (neg ? "-" : "") + digits[..<cut] + "." + digits[cut...]
    }

    /// Parses `-12.345` / `1e3` into an unscaled integer at `scale` (half-up rounding); nil if invalid or
    /// if it does not fit `precision`.
    public static func parse(_ s: Substring, precision: Int, scale: Int) -> Int128? {
        var bytes = Array(s.utf8)
        while let f = bytes.first, f == 32 || f == 9 { bytes.removeFirst() }
        while let l = bytes.last, l == 32 || l == 9 { bytes.removeLast() }
        guard !bytes.isEmpty else { return nil }
        var i = 0
        var neg = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") { neg = bytes[0] == UInt8(ascii: "-"); i = 1 }
        var mantissa: Int128 = 0
        var digits = 0, fracDigits = 0, seenDot = false, any = false
        var exponent = 0
        while i < bytes.count {
            let c = bytes[i]
            if c >= 48 && c <= 57 {
                any = true
                if digits < 38 {
                    mantissa = mantissa * 10 + Int128(c - 48)
                    if mantissa != 0 { digits += 1 }
                    if seenDot { fracDigits += 1 }
                } else if !seenDot { return nil }
            } else if c == UInt8(ascii: ".") && !seenDot {
                seenDot = true
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                guard any, let e = Int(String(decoding: bytes[(i + 1)...], as: UTF8.self)) else { return nil }
                exponent = e
                break
            } else {
                return nil
            }
            i += 1
        }
        guard any else { return nil }
        let shift = scale - fracDigits + exponent
        var result: Int128
        if shift >= 0 {
            guard shift <= 38 else { return mantissa == 0 ? 0 : nil }
            let (r, o) = mantissa.multipliedReportingOverflow(by: pow10(shift))
            if o { return nil }
            result = r
        } else {
            result = -shift > 38 ? 0 : divideRoundHalfUp(mantissa, pow10(-shift))
        }
        if result > maxUnscaled(precision: precision) { return nil }
        return neg ? -result : result
    }
}
