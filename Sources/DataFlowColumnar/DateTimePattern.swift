/// A Spark datetime pattern (`yyyy-MM-dd`, `dd/MM/yyyy hh:mm a`, `EEEE, MMMM d`, `yyyy-MM-dd'T'HH:mm:ssXXX`)
/// compiled once and used to parse and format many values (UTC). Letters, as in Spark 3+:
/// `y` year, `M`/`L` month (`MMM` Jan, `MMMM` January), `d` day of month, `D` day of year, `Q`/`q` quarter,
/// `E` day of week (`EEE` Thu, `EEEE` Thursday), `a` AM/PM, `H` hour 0–23, `k` 1–24, `h` 1–12, `K` 0–11,
/// `m` minute, `s` second, `S…` fraction of second, `G` era, `z`/`V` zone (UTC), `X`/`x`/`Z`/`O` offset;
/// `'text'` is literal and `''` a single quote. Week-based letters (`Y w W u e c`) are rejected as in Spark.
public struct DateTimePattern: Sendable, Hashable {
    enum Token: Sendable, Hashable {
        case year(Int), month(Int), day(Int), dayOfYear(Int), quarter(Int), weekday(Int), ampm, era
        case hour(Int), hour1to24(Int), hour12(Int), hour0to11(Int), minute(Int), second(Int), fraction(Int)
        case zoneName, offsetX(Int), offsetx(Int), offsetZ(Int), offsetO(Int)
        case literal(UInt8)

        var isNumeric: Bool {
            switch self {
            case .year, .day, .dayOfYear, .hour, .hour1to24, .hour12, .hour0to11, .minute, .second, .fraction: return true
            case .month(let n), .quarter(let n): return n <= 2
            default: return false
            }
        }
    }
    let tokens: [Token]
    public let pattern: String
    /// The first letter this pattern cannot use, and why (nil when valid); see `compile`.
    let problem: String?

    /// Compiles leniently: letters the compiler does not know are kept as literal text (the CSV and JSON
    /// readers' behaviour). Use `compile` to reject them as Spark does.
    public init(_ pattern: String) {
        self.pattern = pattern
        var out: [Token] = []
        var problem: String? = nil
        let chars = Array(pattern.utf8)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == UInt8(ascii: "'") {
                if i + 1 < chars.count && chars[i + 1] == c { out.append(.literal(c)); i += 2; continue }
                i += 1
                while i < chars.count {
                    if chars[i] == c {
                        if i + 1 < chars.count && chars[i + 1] == c { out.append(.literal(c)); i += 2; continue }
                        break
                    }
                    out.append(.literal(chars[i])); i += 1
                }
                if i >= chars.count && problem == nil { problem = "an unterminated quote" }
                i += 1
                continue
            }
            var run = 1
            while i + run < chars.count && chars[i + run] == c { run += 1 }
            switch Character(UnicodeScalar(c)) {
            case "y": out.append(.year(run))
            case "M", "L": out.append(.month(run))
            case "d": out.append(.day(run))
            case "D": out.append(.dayOfYear(run))
            case "Q", "q": out.append(.quarter(run))
            case "E": out.append(.weekday(run))
            case "a": out.append(.ampm)
            case "G": out.append(.era)
            case "H": out.append(.hour(run))
            case "k": out.append(.hour1to24(run))
            case "h": out.append(.hour12(run))
            case "K": out.append(.hour0to11(run))
            case "m": out.append(.minute(run))
            case "s": out.append(.second(run))
            case "S": out.append(.fraction(min(run, 9)))
            case "z", "V", "v": out.append(.zoneName)
            case "X": out.append(.offsetX(run))
            case "x": out.append(.offsetx(run))
            case "Z": out.append(.offsetZ(run))
            case "O": out.append(.offsetO(run))
            case "Y", "w", "W", "u", "e", "c":
                if problem == nil { problem = "the week-based letter '\(Character(UnicodeScalar(c)))', which Spark 3+ does not support (use y, M, d, E, D)" }
                for _ in 0..<run { out.append(.literal(c)) }
            default:
                if (c >= 65 && c <= 90) || (c >= 97 && c <= 122), problem == nil {
                    problem = "the unknown pattern letter '\(Character(UnicodeScalar(c)))'"
                }
                for _ in 0..<run { out.append(.literal(c)) }
            }
            i += run
        }
        tokens = out
        self.problem = problem
    }

    /// Compiles strictly: an unknown or week-based letter, or an unterminated quote, raises
    /// INVALID_DATETIME_PATTERN naming the pattern.
    public static func compile(_ pattern: String) throws -> DateTimePattern {
        let p = DateTimePattern(pattern)
        if let problem = p.problem {
            throw DataFlowError("INVALID_DATETIME_PATTERN", "The datetime pattern '\(pattern)' contains \(problem).")
        }
        return p
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]
    static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let monthBytes = monthNames.map { Array($0.utf8) }
    static let dayBytes = dayNames.map { Array($0.utf8) }

    /// Parses to UTC microseconds; nil when the text does not match.
    public func parse(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var i = 0
        var y = 1970, mo = 1, d = 1, doy = 0, h = 0, mi = 0, s = 0, frac = 0
        var pm: Bool? = nil, h12: Int? = nil, offsetSeconds = 0
        func digits(_ minCount: Int, _ maxCount: Int) -> Int? {
            var v = 0, k = 0
            while i < bytes.count, k < maxCount, bytes[i] >= 48, bytes[i] <= 57 { v = v * 10 + Int(bytes[i] - 48); i += 1; k += 1 }
            return k < minCount ? nil : v
        }
        func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
        /// Index of the name matching at `i` (case-insensitive; full names, or their first three letters).
        func name(_ names: [[UInt8]], full: Bool) -> Int? {
            for (k, n) in names.enumerated() {
                let want = full ? n[...] : n.prefix(3)
                guard i + want.count <= bytes.count else { continue }
                var ok = true
                for (j, b) in want.enumerated() where lower(bytes[i + j]) != lower(b) { ok = false; break }
                if ok { i += want.count; return k }
            }
            return nil
        }
        for (k, t) in tokens.enumerated() {
            let adjacent = k + 1 < tokens.count && tokens[k + 1].isNumeric
            switch t {
            case .literal(let c):
                guard i < bytes.count, bytes[i] == c else { return nil }
                i += 1
            case .year(let n):
                if n == 2 { guard let v = digits(2, 2) else { return nil }; y = 2000 + v; continue }
                guard let v = adjacent ? digits(max(n, 4), max(n, 4)) : digits(n, 9) else { return nil }
                y = v
            case .month(let n):
                if n >= 3 {
                    guard let m = name(Self.monthBytes, full: n >= 4) else { return nil }
                    mo = m + 1
                } else {
                    guard let v = digits(n, adjacent ? n : 2) else { return nil }
                    mo = v
                }
            case .day(let n): guard let v = digits(n, adjacent ? n : 2) else { return nil }; d = v
            case .dayOfYear(let n): guard let v = digits(n, adjacent ? n : 3) else { return nil }; doy = v
            case .quarter(let n):
                if n <= 2 { guard digits(n, n) != nil else { return nil } } else { return nil }
            case .weekday(let n): guard name(Self.dayBytes, full: n >= 4) != nil else { return nil }
            case .ampm:
                guard i + 2 <= bytes.count, lower(bytes[i + 1]) == UInt8(ascii: "m") else { return nil }
                switch lower(bytes[i]) {
                case UInt8(ascii: "a"): pm = false
                case UInt8(ascii: "p"): pm = true
                default: return nil
                }
                i += 2
            case .era:
                guard i + 2 <= bytes.count, lower(bytes[i]) == UInt8(ascii: "a"), lower(bytes[i + 1]) == UInt8(ascii: "d") else { return nil }
                i += 2
            case .hour(let n): guard let v = digits(n, adjacent ? n : 2) else { return nil }; h = v
            case .hour1to24(let n): guard let v = digits(n, adjacent ? n : 2), v >= 1, v <= 24 else { return nil }; h = v % 24
            case .hour12(let n): guard let v = digits(n, adjacent ? n : 2), v >= 1, v <= 12 else { return nil }; h12 = v % 12
            case .hour0to11(let n): guard let v = digits(n, adjacent ? n : 2), v <= 11 else { return nil }; h12 = v
            case .minute(let n): guard let v = digits(n, adjacent ? n : 2) else { return nil }; mi = v
            case .second(let n): guard let v = digits(n, adjacent ? n : 2) else { return nil }; s = v
            case .fraction(let n):
                let start = i
                guard var v = digits(adjacent ? n : 1, n) else { return nil }
                var k = i - start
                while k > 6 { v /= 10; k -= 1 }
                while k < 6 { v *= 10; k += 1 }
                frac = v
            case .zoneName:
                guard i + 3 <= bytes.count, lower(bytes[i]) == UInt8(ascii: "u"), lower(bytes[i + 1]) == UInt8(ascii: "t"),
                      lower(bytes[i + 2]) == UInt8(ascii: "c") else { return nil }
                i += 3
            case .offsetX, .offsetx, .offsetZ, .offsetO:
                if case .offsetX = t, i < bytes.count, bytes[i] == UInt8(ascii: "Z") { i += 1; continue }
                if case .offsetO = t {
                    guard i + 3 <= bytes.count, bytes[i] == UInt8(ascii: "G"), bytes[i + 1] == UInt8(ascii: "M"),
                          bytes[i + 2] == UInt8(ascii: "T") else { return nil }
                    i += 3
                    if i >= bytes.count || (bytes[i] != UInt8(ascii: "+") && bytes[i] != UInt8(ascii: "-")) { continue }
                }
                guard i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") else { return nil }
                let sign = bytes[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let oh = digits(1, 2) else { return nil }
                var om = 0
                if i < bytes.count, bytes[i] == UInt8(ascii: ":") { i += 1; guard let v = digits(2, 2) else { return nil }; om = v } else if let v = digits(2, 2) { om = v }
                offsetSeconds = sign * (oh * 3600 + om * 60)
            }
        }
        if let h12 { h = h12 + (pm == true ? 12 : 0) } else if pm == true, h < 12 { h += 12 }
        guard i == bytes.count, mo >= 1, mo <= 12, d >= 1, d <= DateTime.daysInMonth(y, mo), h < 24, mi < 60, s < 60 else {
            return nil
        }
        var days = Int64(DateTime.days(year: y, month: mo, day: d))
        if doy > 0 {
            guard doy <= (DateTime.isLeap(y) ? 366 : 365) else { return nil }
            days = Int64(DateTime.days(year: y, month: 1, day: 1)) + Int64(doy - 1)
        }
        return days * DateTime.microsPerDay + Int64(h * 3600 + mi * 60 + s - offsetSeconds) * 1_000_000 + Int64(frac)
    }

    public func format(micros: Int64) -> String {
        var out: [UInt8] = []
        format(micros: micros, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the formatted text of `micros` (UTC) to `out` (no allocation once `out` has grown).
    public func format(micros: Int64, into out: inout [UInt8]) {
        var days = micros / DateTime.microsPerDay
        var rem = micros % DateTime.microsPerDay
        if rem < 0 { rem += DateTime.microsPerDay; days -= 1 }
        let day32 = Int32(truncatingIfNeeded: days)
        let (y, mo, d) = DateTime.civil(day32)
        let secs = Int(rem / 1_000_000), frac = Int(rem % 1_000_000)
        let hour = secs / 3600
        func number(_ v: Int, _ width: Int) {
            var v = v
            if v < 0 { out.append(UInt8(ascii: "-")); v = -v }
            var div = 1, k = 1
            while div <= v / 10 { div *= 10; k += 1 }
            for _ in k..<max(k, width) { out.append(48) }
            while div > 0 { out.append(UInt8(48 + v / div % 10)); div /= 10 }
        }
        func text(_ s: String) { out.append(contentsOf: s.utf8) }
        for t in tokens {
            switch t {
            case .literal(let c): out.append(c)
            case .year(let n):
                let yoe = y > 0 ? y : 1 - y   // year of era
                if n == 2 { number(yoe % 100, 2) } else { number(yoe, n) }
            case .month(let n):
                if n >= 4 { text(Self.monthNames[mo - 1]) } else if n == 3 { text(String(Self.monthNames[mo - 1].prefix(3))) } else { number(mo, n) }
            case .day(let n): number(d, n)
            case .dayOfYear(let n): number(Int(day32 - DateTime.days(year: y, month: 1, day: 1)) + 1, n)
            case .quarter(let n):
                let q = (mo - 1) / 3 + 1
                switch n {
                case 1, 2: number(q, n)
                case 3: text("Q\(q)")
                default: text(["1st", "2nd", "3rd", "4th"][q - 1] + " quarter")
                }
            case .weekday(let n):
                let name = Self.dayNames[DateTime.isoWeekday(day32) - 1]
                text(n >= 4 ? name : String(name.prefix(3)))
            case .ampm: text(hour < 12 ? "AM" : "PM")
            case .era: text(y > 0 ? "AD" : "BC")
            case .hour(let n): number(hour, n)
            case .hour1to24(let n): number(hour == 0 ? 24 : hour, n)
            case .hour12(let n): number(hour % 12 == 0 ? 12 : hour % 12, n)
            case .hour0to11(let n): number(hour % 12, n)
            case .minute(let n): number(secs / 60 % 60, n)
            case .second(let n): number(secs % 60, n)
            case .fraction(let n):
                var f = frac, width = 6
                while width > n { f /= 10; width -= 1 }
                number(f, width)
                for _ in width..<n { out.append(48) }
            case .zoneName: text("UTC")
            case .offsetX: text("Z")
            case .offsetx(let n): text(n == 1 ? "+00" : (n == 2 || n == 4 ? "+0000" : "+00:00"))
            case .offsetZ(let n): text(n <= 3 ? "+0000" : (n == 4 ? "GMT" : "Z"))
            case .offsetO: text("GMT")
            }
        }
    }
}
