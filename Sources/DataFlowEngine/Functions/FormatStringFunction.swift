import DataFlowColumnar

// format_string / printf: java.util.Formatter's conversions %s %S %d %x %X %o %f %e %E %c %b %% %n with
// flags (- + space 0 , ( #), width, precision and argument indexes (%2$s, %<s). As in Spark, arguments
// are formatted as their internal values: a date is its day number, a timestamp its microseconds.
enum FormatStringFunction {
    static let all: [ScalarFunction] = [
        ScalarFunction("format_string", category: "string", signature: "format_string(format, arg1, ...)",
                       doc: "`format` with its `%` specifiers (Java's Formatter: `%s`, `%d`, `%05d`, `%-5s`, `%x`, `%.2f`, `%e`, `%,d`, `%%`, `%2$s`, …) replaced by the arguments; a NULL argument prints as `null`. NULL if `format` is NULL. Alias: `printf`.",
                       example: "format_string('Hello World %d %s', 100, 'days') → Hello World 100 days", arity: 1...255,
                       coerce: { args in
                           guard canImplicitlyCast(args[0], to: .string) else { return nil }
                           return [.string] + args.dropFirst()
                       }, returnType: { _ in .string },
                       invoke: { a, n in try formatString(a, n, fixed: nil) },
                       prepare: { c in
                           guard let f = StringFunctions.constantString(c, 0) else { return nil }
                           guard let format = f else { return { _, n in Column.nulls(.string, count: n) } }
                           let parsed = try parse(format)
                           return { a, n in try formatString(a, n, fixed: parsed) }
                       }),
    ]

    struct Spec: Sendable {
        /// 1-based argument number; nil = the next one; 0 = the previous one (`%<s`).
        var argument: Int?
        var flags: Set<Character> = []
        var width: Int?
        var precision: Int?
        var conversion: Character
    }

    enum Part: Sendable { case text(String), spec(Spec) }

    static func failure(_ format: String, _ why: String) -> DataFlowError {
        DataFlowError("INVALID_PARAMETER_VALUE", "format_string: cannot use the format '\(format)': \(why).")
    }

    static func parse(_ format: String) throws -> [Part] {
        var parts: [Part] = []
        let c = Array(format)
        var text = ""
        var k = 0
        func number() -> Int? {
            var v = 0, digits = 0
            while k < c.count, c[k].isASCII, let d = c[k].wholeNumberValue, v < 1_000_000 {
                v = v * 10 + d
                digits += 1
                k += 1
            }
            return digits > 0 ? v : nil
        }
        while k < c.count {
            guard c[k] == "%" else { text.append(c[k]); k += 1; continue }
            k += 1
            var spec = Spec(conversion: " ")
            // %n$ — an argument number — or the width; told apart by the `$`.
            let start = k
            if let v = number(), k < c.count, c[k] == "$" {
                spec.argument = v
                k += 1
            } else {
                k = start
            }
            while k < c.count, "-#+ 0,(<".contains(c[k]) {
                if c[k] == "<" { spec.argument = 0 } else { spec.flags.insert(c[k]) }
                k += 1
            }
            spec.width = number()
            if k < c.count, c[k] == "." {
                k += 1
                guard let p = number() else { throw failure(format, "a precision needs digits after '.'") }
                spec.precision = p
            }
            guard k < c.count else { throw failure(format, "the format ends inside a % specifier") }
            spec.conversion = c[k]
            k += 1
            guard "sSdxXofeEcCbB%n".contains(spec.conversion) else {
                throw failure(format, "the conversion '%\(spec.conversion)' is not supported")
            }
            if spec.conversion == "n" { text.append("\n"); continue }
            if !text.isEmpty { parts.append(.text(text)); text = "" }
            parts.append(.spec(spec))
        }
        if !text.isEmpty { parts.append(.text(text)) }
        return parts
    }

    static func formatString(_ a: [Column], _ n: Int, fixed: [Part]?) throws -> Column {
        let formats = StringArg(a[0])
        let args = Array(a.dropFirst())
        var b = ColumnBuilder(type: .string, capacity: n)
        var cache: [String: [Part]] = [:]
        for i in 0..<n {
            guard formats.isValid(i) else { b.appendNull(); continue }
            let parts: [Part]
            if let fixed { parts = fixed } else {
                let f = formats.string(i)
                if let p = cache[f] { parts = p } else { parts = try parse(f); cache[f] = parts }
            }
            var out = ""
            var next = 0, last = -1
            for part in parts {
                switch part {
                case .text(let t): out += t
                case .spec(let s):
                    if s.conversion == "%" { out += pad("%", s); continue }
                    let index: Int
                    switch s.argument {
                    case nil: index = next; next += 1
                    case 0?: index = last
                    case let v?: index = v - 1
                    }
                    guard index >= 0 && index < args.count else {
                        throw failure(formats.string(i), "there is no argument for the specifier '%\(s.conversion)' (argument \(index + 1) of \(args.count))")
                    }
                    last = index
                    out += try render(args[index].value(i), s, format: formats.string(i))
                }
            }
            b.append(out)
        }
        return b.finish()
    }

    /// Pads to the width with spaces, on the left unless the `-` flag is given.
    static func pad(_ s: String, _ spec: Spec) -> String {
        guard let w = spec.width, s.count < w else { return s }
        let fill = String(repeating: " ", count: w - s.count)
        return spec.flags.contains("-") ? s + fill : fill + s
    }

    /// The text of a value as Java's `String.valueOf` shows Spark's internal value.
    static func text(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int32(let x): return String(x)
        case .int64(let x): return String(x)
        case .double(let d): return formatDouble(d)
        case .decimal(let u, _, let s): return s == 0 ? String(u) : Decimal128.format(u, scale: s)
        case .string(let s): return s
        case .date(let d): return String(d)
        case .timestamp(let t): return String(t)
        case .array, .map: return v.description
        }
    }

    static func render(_ v: Value, _ s: Spec, format: String) throws -> String {
        let upper = s.conversion.isUppercase
        func mismatch() -> DataFlowError {
            failure(format, "'%\(s.conversion)' cannot format the \(v.type.sqlName) value \(v)")
        }
        switch s.conversion {
        case "b", "B":
            let t: String
            switch v {
            case .null: t = "false"
            case .bool(let x): t = x ? "true" : "false"
            default: t = "true"
            }
            return pad(precisionCut(upper ? t.uppercased() : t, s), s)
        case "s", "S":
            let t = precisionCut(text(v), s)
            return pad(upper ? t.uppercased() : t, s)
        case "c", "C":
            if v.isNull { return pad("null", s) }
            guard let code = integerValue(v), let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: code)) else { throw mismatch() }
            let t = String(Character(scalar))
            return pad(upper ? t.uppercased() : t, s)
        case "d":
            if v.isNull { return pad("null", s) }
            guard let x = integerValue(v) else { throw mismatch() }
            return signed(negative: x < 0, digits: Array(String(x.magnitude).utf8), s)
        case "x", "X", "o":
            if v.isNull { return pad("null", s) }
            guard let x = integerValue(v) else { throw mismatch() }
            // Negative values print as their two's complement at the argument's width.
            let bits: UInt64
            if case .int32(let y) = v { bits = UInt64(UInt32(bitPattern: y)) } else { bits = UInt64(bitPattern: x) }
            var body = String(bits, radix: s.conversion == "o" ? 8 : 16)
            let prefix = s.flags.contains("#") ? (s.conversion == "o" ? "0" : "0x") : ""
            if s.flags.contains("0"), let w = s.width, prefix.count + body.count < w {
                body = String(repeating: "0", count: w - prefix.count - body.count) + body
            }
            let t = prefix + body
            return pad(upper ? t.uppercased() : t, s)
        case "f", "e", "E":
            if v.isNull { return pad("null", s) }
            guard case .double(let d) = v else { throw mismatch() }
            if d.isNaN || d.isInfinite {
                let t = d.isNaN ? "NaN" : (d < 0 ? (s.flags.contains("(") ? "(Infinity)" : "-Infinity") : (s.flags.contains("+") ? "+Infinity" : "Infinity"))
                return pad(t, s)
            }
            let places = s.precision ?? 6
            let (digits, point) = DecimalDigits.shortest(Swift.abs(d))
            if s.conversion == "f" {
                let r = DecimalDigits.halfUp(digits, point: point, places: places, negative: d.sign == .minus)
                var body = r.integer.isEmpty ? [DecimalDigits.zero] : r.integer
                if s.flags.contains(",") { body = DecimalDigits.grouped(body, minimum: 1, groupSize: 3) }
                if places > 0 { body += [UInt8(ascii: ".")] + r.fraction }
                return signed(negative: r.negative, digits: body, s)
            }
            // Scientific: one integer digit, `places` fraction digits, a signed exponent of two or more digits.
            var exponent = digits.isEmpty ? 0 : point - 1
            var r = DecimalDigits.halfUp(digits, point: 1, places: places, negative: d.sign == .minus)
            if r.integer.count > 1 {
                exponent += 1
                r = DecimalDigits.halfUp(r.integer + r.fraction, point: 1, places: places, negative: r.negative)
            }
            var body = r.integer.isEmpty ? [DecimalDigits.zero] : r.integer
            if places > 0 { body += [UInt8(ascii: ".")] + r.fraction }
            let e = String(Swift.abs(exponent))
            body += Array(((upper ? "E" : "e") + (exponent < 0 ? "-" : "+") + (e.count < 2 ? "0" + e : e)).utf8)
            return signed(negative: r.negative, digits: body, s)
        default:
            throw failure(format, "the conversion '%\(s.conversion)' is not supported")
        }
    }

    static func precisionCut(_ t: String, _ s: Spec) -> String {
        guard let p = s.precision, t.count > p else { return t }
        return String(t.prefix(p))
    }

    /// An integer argument as Java sees it (int, bigint, or a date's day number, a timestamp's microseconds).
    static func integerValue(_ v: Value) -> Int64? {
        switch v {
        case .int32(let x): return Int64(x)
        case .int64(let x): return x
        case .date(let x): return Int64(x)
        case .timestamp(let x): return x
        default: return nil
        }
    }

    /// Sign, grouping and zero padding of a number's digits (already rounded), then the width.
    static func signed(negative: Bool, digits: [UInt8], _ s: Spec) -> String {
        var body = digits
        if s.conversion == "d" && s.flags.contains(",") { body = DecimalDigits.grouped(body, minimum: 1, groupSize: 3) }
        let lead = negative ? (s.flags.contains("(") ? "(" : "-") : (s.flags.contains("+") ? "+" : (s.flags.contains(" ") ? " " : ""))
        let trail = negative && s.flags.contains("(") ? ")" : ""
        if s.flags.contains("0"), let w = s.width, lead.count + body.count + trail.count < w {
            body = [UInt8](repeating: DecimalDigits.zero, count: w - lead.count - body.count - trail.count) + body
        }
        return pad(lead + String(decoding: body, as: UTF8.self) + trail, s)
    }
}
