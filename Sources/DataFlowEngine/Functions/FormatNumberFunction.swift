import DataFlowColumnar

// format_number(x, d | pattern): java.text.DecimalFormat's output for the patterns Spark uses.
enum FormatNumberFunction {
    static let all: [ScalarFunction] = [
        ScalarFunction("format_number", category: "string", signature: "format_number(expr, d | pattern)",
                       doc: "`expr` rounded (half to even) to `d` decimal places with thousands separators, like `'#,###,###,###,###,###,##0.00'`; NULL when `d` < 0. Or formatted with a DecimalFormat `pattern` of `#`, `0`, `,` and `.` (and literal text around the number). NULL if any argument is NULL.",
                       example: "format_number(12332.123456, 4) → 12,332.1235", arity: 2...2,
                       coerce: { args in
                           guard args[0] == .null || args[0].isNumeric else { return nil }
                           let first: DataType = args[0] == .null ? .float64 : args[0]
                           if args[1] == .string { return [first, .string] }
                           return canImplicitlyCast(args[1], to: .int32) ? [first, .int32] : nil
                       }, returnType: { _ in .string },
                       invoke: { a, n in try formatNumber(a[0], a[1], n, fixed: nil) },
                       prepare: { c in
                           guard c.count == 2, let second = c[1] else { return nil }
                           if second.isNull { return { _, n in Column.nulls(.string, count: n) } }
                           guard let pattern = try NumberPattern(second) else { return { _, n in Column.nulls(.string, count: n) } }
                           return { a, n in try formatNumber(a[0], a[1], n, fixed: pattern) }
                       }),
    ]

    /// The parts of a DecimalFormat pattern that shape a number (java.text.DecimalFormat.applyPattern).
    struct NumberPattern: Sendable, Hashable {
        var prefix: [UInt8] = [], suffix: [UInt8] = []
        var minInteger = 1, minFraction = 0, maxFraction = 0, groupSize = 0
        var alwaysShowPoint = false

        /// For `format_number(x, d)`: `#,###,###,###,###,###,##0` plus `.` and `d` zeros; nil when `d` < 0.
        init?(places d: Int) {
            guard d >= 0 else { return nil }
            minFraction = d
            maxFraction = d
            groupSize = 3
        }

        /// From a constant argument: an integer number of places or a pattern string.
        init?(_ v: Value) throws {
            if let s = v.stringValue { try self.init(pattern: s) } else if let d = v.int64Value { self.init(places: Int(d)) } else { return nil }
        }

        init(pattern: String) throws {
            // An empty pattern is the default one: grouped, no decimals.
            if pattern.isEmpty { groupSize = 3; return }
            func unsupported(_ what: String) -> DataFlowError {
                DataFlowError("INVALID_PARAMETER_VALUE", "format_number: the pattern '\(pattern)' uses \(what), which DataFlow does not support; use #, 0, ',' and '.' with literal text around them.")
            }
            let chars = Array(pattern.utf8)
            let numberChars: Set<UInt8> = [UInt8(ascii: "#"), UInt8(ascii: "0"), UInt8(ascii: ","), UInt8(ascii: ".")]
            // Characters that change the meaning of a DecimalFormat pattern and are not implemented here.
            let special: Set<UInt8> = [UInt8(ascii: "%"), UInt8(ascii: "E"), UInt8(ascii: "'"), UInt8(ascii: ";")]
            if pattern.unicodeScalars.contains(where: { $0 == "‰" || $0 == "¤" }) || chars.contains(where: special.contains) {
                throw unsupported("one of % ‰ ¤ E ' ;")
            }
            var k = 0
            while k < chars.count, !numberChars.contains(chars[k]) { prefix.append(chars[k]); k += 1 }
            var left = 0, zeros = 0, right = 0, grouping = -1, point = -1
            while k < chars.count, numberChars.contains(chars[k]) {
                switch chars[k] {
                case UInt8(ascii: "#"):
                    if zeros > 0 { right += 1 } else { left += 1 }
                    if grouping >= 0 && point < 0 { grouping += 1 }
                case UInt8(ascii: "0"):
                    if right > 0 { throw unsupported("'0' after '#' in the fraction") }
                    zeros += 1
                    if grouping >= 0 && point < 0 { grouping += 1 }
                case UInt8(ascii: ","):
                    if point >= 0 { throw unsupported("',' in the fraction") }
                    grouping = 0
                default:
                    if point >= 0 { throw unsupported("two decimal points") }
                    point = left + zeros + right
                }
                k += 1
            }
            suffix = Array(chars[k...])
            if suffix.contains(where: numberChars.contains) { throw unsupported("digits after the suffix") }
            // DecimalFormat's rule for "#.##": one integer digit is always shown.
            if zeros == 0 && left > 0 && point >= 0 {
                let n = point == 0 ? 1 : point
                right = left - n
                left = n - 1
                zeros = 1
            }
            let total = left + zeros + right
            let effectivePoint = point >= 0 ? point : total
            minInteger = effectivePoint - left
            maxFraction = point >= 0 ? total - point : 0
            minFraction = point >= 0 ? left + zeros - point : 0
            groupSize = grouping > 0 ? grouping : 0
            alwaysShowPoint = point == 0 || point == total
        }

        func render(_ d: DecimalDigits) -> String {
            var out: [UInt8] = []
            if d.negative { out.append(UInt8(ascii: "-")) }
            out += prefix
            let integer = DecimalDigits.grouped(d.integer, minimum: minInteger, groupSize: groupSize)
            // DecimalFormat prints a lone zero rather than nothing at all.
            if integer.isEmpty && d.fraction.isEmpty { out.append(DecimalDigits.zero) } else { out += integer }
            if !d.fraction.isEmpty || alwaysShowPoint { out.append(UInt8(ascii: ".")) }
            out += d.fraction
            out += suffix
            return String(decoding: out, as: UTF8.self)
        }

        func format(_ x: Column, _ i: Int) -> String {
            switch x.type {
            case .int32: return render(.integer(Int64(x.values.pointer(Int32.self)[i]), minFraction: minFraction))
            case .int64: return render(.integer(x.values.pointer(Int64.self)[i], minFraction: minFraction))
            case .decimal(let p, let s):
                let u: Int128 = p <= 18 ? Int128(x.values.pointer(Int64.self)[i]) : x.values.pointer(Int128.self)[i]
                return render(.halfEven(u, scale: s, minFraction: minFraction, maxFraction: maxFraction))
            default:
                let v = x.values.pointer(Double.self)[i]
                if v.isNaN { return "NaN" }
                if v.isInfinite { return v < 0 ? "-∞" : "∞" }
                return render(.halfEven(v, minFraction: minFraction, maxFraction: maxFraction))
            }
        }
    }

    static func formatNumber(_ x: Column, _ spec: Column, _ n: Int, fixed: NumberPattern?) throws -> Column {
        let x = x.decoded()
        var b = ColumnBuilder(type: .string, capacity: n)
        guard x.type.isNumeric else { return Column.nulls(.string, count: n) }
        let places = spec.type == .string ? nil : IntArg(spec)
        let patterns = spec.type == .string ? StringArg(spec) : nil
        var cache: [String: NumberPattern] = [:]
        for i in 0..<n {
            guard x.isValid(i) else { b.appendNull(); continue }
            var pattern = fixed
            if pattern == nil {
                if let places {
                    guard places.isValid(i) else { b.appendNull(); continue }
                    pattern = NumberPattern(places: places[i])
                } else if let patterns {
                    guard patterns.isValid(i) else { b.appendNull(); continue }
                    let text = patterns.string(i)
                    if cache[text] == nil { cache[text] = try NumberPattern(pattern: text) }
                    pattern = cache[text]
                }
            }
            guard let pattern else { b.appendNull(); continue }
            b.append(pattern.format(x, i))
        }
        return b.finish()
    }
}
