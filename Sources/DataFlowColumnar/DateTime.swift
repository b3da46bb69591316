/// Calendar arithmetic for `date` (days since epoch) and `timestamp` (µs since epoch, UTC),
/// proleptic Gregorian as in Spark 3+.
public enum DateTime {
    public static let microsPerDay: Int64 = 86_400_000_000

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
    @inlinable public static func days(year: Int, month: Int, day: Int) -> Int32 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int32(era * 146097 + doe - 719468)
    }

    /// 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    @inlinable public static func isoWeekday(_ days: Int32) -> Int {
        let r = (Int(days) + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    /// The civil date of a day number.
    @inlinable public static func civil(_ days: Int32) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return isLeap(y) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Adds months, clamping the day to the month's length (Spark's `add_months`).
    public static func addMonths(_ days: Int32, _ months: Int) -> Int32 {
        let (y, m, d) = civil(days)
        let total = y * 12 + (m - 1) + months
        let ny = total >= 0 ? total / 12 : (total - 11) / 12
        let nm = total - ny * 12 + 1
        return self.days(year: ny, month: nm, day: min(d, daysInMonth(ny, nm)))
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(abs(v))
        let padded = s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        return v < 0 ? "-" + padded : padded
    }

    public static func formatDate(_ days: Int32) -> String {
        let (y, m, d) = civil(days)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// `yyyy-MM-dd HH:mm:ss[.f…]` with trailing zero fractions dropped, as Spark shows timestamps.
    public static func formatTimestamp(_ micros: Int64) -> String {
        var days = micros / microsPerDay
        var rem = micros % microsPerDay
        if rem < 0 { rem += microsPerDay; days -= 1 }
        let secs = Int(rem / 1_000_000), frac = Int(rem % 1_000_000)
        var s = formatDate(Int32(days)) + " \(pad(secs / 3600, 2)):\(pad(secs / 60 % 60, 2)):\(pad(secs % 60, 2))"
        if frac != 0 {
            var f = pad(frac, 6)
            while f.hasSuffix("0") { f.removeLast() }
            s += "." + f
        }
        return s
    }

    /// Parses ISO dates `yyyy-[m]m-[d]d` (optionally followed by a time part, which is ignored as Spark does).
    public static func parseDate(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        var i = 0
        let n = bytes.count
        while i < n, bytes[i] == 32 { i += 1 }
        var end = n
        while end > i, bytes[end - 1] == 32 { end -= 1 }
        func num(_ maxDigits: Int) -> Int? {
            var v = 0, k = 0
            while i < end, k < maxDigits, bytes[i] >= 48, bytes[i] <= 57 { v = v * 10 + Int(bytes[i] - 48); i += 1; k += 1 }
            return k == 0 ? nil : v
        }
        guard let y = num(6), i < end, bytes[i] == UInt8(ascii: "-") else {
            return nil
        }
        i += 1
        guard let m = num(2), i < end, bytes[i] == UInt8(ascii: "-") else { return nil }
        i += 1
        guard let d = num(2) else { return nil }
        if i < end && bytes[i] != UInt8(ascii: " ") && bytes[i] != UInt8(ascii: "T") { return nil }
        guard m >= 1, m <= 12, d >= 1, d <= daysInMonth(y, m) else { return nil }
        return days(year: y, month: m, day: d)
    }

    public static func parseDate(_ s: String) -> Int32? {
        var s = s
        return s.withUTF8 { parseDate(UnsafeRawBufferPointer($0)) }
    }

    /// Parses `yyyy-MM-dd[( |T)HH:mm[:ss[.ffffff]]][Z|±HH:mm]` into UTC microseconds.
    public static func parseTimestamp(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var i = 0
        var end = bytes.count
        while i < end, bytes[i] == 32 { i += 1 }
        while end > i, bytes[end - 1] == 32 { end -= 1 }
        func num(_ exact: Int) -> Int? {
            var v = 0, k = 0
            while i < end, k < exact, bytes[i] >= 48, bytes[i] <= 57 { v = v * 10 + Int(bytes[i] - 48); i += 1; k += 1 }
            return k == 0 ? nil : v
        }
        guard let y = num(6), i < end, bytes[i] == 45 else { return nil }
        i += 1
        guard let mo = num(2), i < end, bytes[i] == 45 else { return nil }
        i += 1
        guard let d = num(2), mo >= 1, mo <= 12, d >= 1, d <= daysInMonth(y, mo) else { return nil }
        var micros = Int64(days(year: y, month: mo, day: d)) * microsPerDay
        if i == end { return micros }
        guard bytes[i] == 32 || bytes[i] == UInt8(ascii: "T") else { return nil }
        i += 1
        guard let h = num(2), h < 24, i < end, bytes[i] == 58 else { return nil }
        i += 1
        guard let mi = num(2), mi < 60 else { return nil }
        var sec = 0, frac = 0
        if i < end, bytes[i] == 58 {
            i += 1
            guard let s = num(2), s < 60 else { return nil }
            sec = s
            if i < end, bytes[i] == 46 {
                i += 1
                var k = 0
                while i < end, bytes[i] >= 48, bytes[i] <= 57 {
                    if k < 6 { frac = frac * 10 + Int(bytes[i] - 48) }
                    k += 1; i += 1
                }
                guard k > 0 else { return nil }
                for _ in min(k, 6)..<6 { frac *= 10 }
            }
        }
        micros += Int64(h * 3600 + mi * 60 + sec) * 1_000_000 + Int64(frac)
        if i < end {
            if bytes[i] == UInt8(ascii: "Z") && i + 1 == end { return micros }
            guard bytes[i] == 43 || bytes[i] == 45 else { return nil }
            let sign: Int64 = bytes[i] == 45 ? -1 : 1
            i += 1
            guard let oh = num(2) else { return nil }
            var om = 0
            if i < end, bytes[i] == 58 { i += 1 }
            if i < end { guard let m = num(2) else { return nil }; om = m }
            guard i == end else { return nil }
            micros -= sign * Int64(oh * 3600 + om * 60) * 1_000_000
        }
        return micros
    }

    public static func parseTimestamp(_ s: String) -> Int64? {
        var s = s
        return s.withUTF8 { parseTimestamp(UnsafeRawBufferPointer($0)) }
    }
}
