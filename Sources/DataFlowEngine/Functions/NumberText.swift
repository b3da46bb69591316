#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DataFlowColumnar

// Decimal digit strings for format_number and format_string: a number as sign + integer digits +
// fraction digits, rounded as Java does it (java.text.DecimalFormat: HALF_EVEN on the exact value;
// java.util.Formatter: HALF_UP on the shortest digits).
struct DecimalDigits {
    var negative: Bool
    /// Integer digits, no leading zeros ("" for zero).
    var integer: [UInt8]
    /// Fraction digits, exactly as many as asked for.
    var fraction: [UInt8]

    static let zero = UInt8(ascii: "0")

    /// The shortest round-trip digits of a finite `a` ≥ 0: value = 0.digits × 10^point, no leading or
    /// trailing zeros (empty digits for zero).
    static func shortest(_ a: Double) -> (digits: [UInt8], point: Int) {
        let text = "\(a)"
        var mantissa = Substring(text), exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[text.startIndex..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [UInt8] = []
        var point = 0, seenPoint = false
        for c in mantissa.utf8 {
            if c == UInt8(ascii: ".") { seenPoint = true; continue }
            digits.append(c)
            if !seenPoint { point += 1 }
        }
        point += exponent
        while let f = digits.first, f == zero { digits.removeFirst(); point -= 1 }
        while let l = digits.last, l == zero { digits.removeLast() }
        if digits.isEmpty { point = 0 }
        return (digits, point)
    }

    /// 0.digits × 10^point with `places` fraction digits, rounding half up on `digits` (Java's Formatter).
    static func halfUp(_ digits: [UInt8], point: Int, places: Int, negative: Bool) -> DecimalDigits {
        // All digits of the result: integer part then `places` fraction digits.
        let keep = point + places
        var out: [UInt8]
        var carry = false
        if keep < 0 {
            out = []
        } else {
            out = Array(digits.prefix(keep))
            while out.count < keep { out.append(zero) }
            if keep < digits.count { carry = digits[keep] >= UInt8(ascii: "5") }
        }
        if carry {
            var k = out.count - 1
            while k >= 0 {
                if out[k] == UInt8(ascii: "9") { out[k] = zero; k -= 1 } else { out[k] += 1; break }
            }
            if k < 0 { out.insert(UInt8(ascii: "1"), at: 0) }
        }
        while out.count < places { out.insert(zero, at: 0) }
        var integer = Array(out.prefix(out.count - places))
        while let f = integer.first, f == zero { integer.removeFirst() }
        return DecimalDigits(negative: negative, integer: integer, fraction: Array(out.suffix(places)))
    }

    /// A double rounded HALF_EVEN on its exact binary value to at most `maxFraction` digits and at
    /// least `minFraction` (DecimalFormat since Java 8), from the shortest digits when they fit.
    static func halfEven(_ d: Double, minFraction: Int, maxFraction: Int) -> DecimalDigits {
        let a = Swift.abs(d)
        let (digits, point) = shortest(a)
        let fractionDigits = Swift.max(digits.count - point, 0)
        var integer: [UInt8], fraction: [UInt8]
        if fractionDigits <= maxFraction {
            integer = point > 0 ? Array(digits.prefix(point)) + [UInt8](repeating: zero, count: Swift.max(point - digits.count, 0)) : []
            fraction = point >= 0 ? Array(digits.dropFirst(point)) : [UInt8](repeating: zero, count: -point) + digits
        } else {
            // C's printf rounds the exact binary value half-to-even, as DecimalFormat does.
            let capacity = 330 + maxFraction
            let text: [UInt8] = withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buf in
                let n = withVaList([Int32(maxFraction), a]) { vsnprintf(buf.baseAddress!, capacity, "%.*f", $0) }
                return (0..<Int(Swift.max(0, Swift.min(Int(n), capacity - 1)))).map { UInt8(bitPattern: buf[$0]) }
            }
            let dot = text.firstIndex(of: UInt8(ascii: ".")) ?? text.count
            integer = Array(text[0..<dot])
            fraction = dot < text.count ? Array(text[(dot + 1)...]) : []
            while let f = integer.first, f == zero { integer.removeFirst() }
        }
        while fraction.count > minFraction, fraction.last == zero { fraction.removeLast() }
        while fraction.count < minFraction { fraction.append(zero) }
        return DecimalDigits(negative: d.sign == .minus, integer: integer, fraction: fraction)
    }

    /// A decimal (unscaled `u`, `scale`) rounded HALF_EVEN to between `minFraction` and `maxFraction` digits.
    static func halfEven(_ u: Int128, scale: Int, minFraction: Int, maxFraction: Int) -> DecimalDigits {
        var m = u.magnitude
        var s = scale
        if s > maxFraction {
            let p = UInt128(Decimal128.pow10(s - maxFraction))
            let q = m / p, r = m % p
            let twice = r * 2
            m = q + ((twice > p || (twice == p && q % 2 == 1)) ? 1 : 0)
            s = maxFraction
        }
        var text = Array(String(m).utf8)
        while text.count <= s { text.insert(zero, at: 0) }
        var integer = Array(text.prefix(text.count - s))
        var fraction = Array(text.suffix(s))
        while let f = integer.first, f == zero { integer.removeFirst() }
        while fraction.count > minFraction, fraction.last == zero { fraction.removeLast() }
        while fraction.count < minFraction { fraction.append(zero) }
        return DecimalDigits(negative: u < 0, integer: integer, fraction: fraction)
    }

    static func integer(_ v: Int64, minFraction: Int) -> DecimalDigits {
        var digits = Array(String(v.magnitude).utf8)
        if digits == [zero] { digits = [] }
        return DecimalDigits(negative: v < 0, integer: digits, fraction: [UInt8](repeating: zero, count: minFraction))
    }

    /// Integer digits padded to `minimum` and grouped every `groupSize` digits (0: no grouping).
    static func grouped(_ integer: [UInt8], minimum: Int, groupSize: Int) -> [UInt8] {
        var digits = integer
        while digits.count < minimum { digits.insert(zero, at: 0) }
        guard groupSize > 0, digits.count > groupSize else { return digits }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count + digits.count / groupSize)
        for (k, c) in digits.enumerated() {
            if k > 0 && (digits.count - k) % groupSize == 0 { out.append(UInt8(ascii: ",")) }
            out.append(c)
        }
        return out
    }
}
