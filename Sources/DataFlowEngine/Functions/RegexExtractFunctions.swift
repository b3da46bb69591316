import DataFlowColumnar
import Foundation

// regexp_extract, regexp_extract_all and regexp_replace, with java.util.regex's semantics: positions
// and groups as Java reports them (UTF-16 based, which NSString shares), `$n` references in replacements.
enum RegexExtractFunctions {
    static let all: [ScalarFunction] = [
        ScalarFunction("regexp_extract", category: "string", signature: "regexp_extract(str, regexp[, idx])",
                       doc: "Group `idx` (default 1; 0 is the whole match) of the first match of `regexp` in `str`; the empty string when nothing matches or the group took no part. An `idx` beyond the pattern's groups is an error (INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX). NULL if any argument is NULL.",
                       example: "regexp_extract('100-200', '(\\\\d+)-(\\\\d+)', 1) → 100", arity: 2...3,
                       coerce: Coerce.exact([.string, .string, .int32]), returnType: { _ in .string },
                       invoke: { a, n in try extract(a, n, fixed: nil, all: false) },
                       prepare: { c in try prepared(c, "regexp_extract") { a, n, r in try extract(a, n, fixed: r, all: false) } }),
        ScalarFunction("regexp_extract_all", category: "string", signature: "regexp_extract_all(str, regexp[, idx])",
                       doc: "Group `idx` (default 1; 0 is the whole match) of every match of `regexp` in `str`, as an array. NULL if any argument is NULL.",
                       example: "regexp_extract_all('100-200, 300-400', '(\\\\d+)-(\\\\d+)', 1) → [100, 300]", arity: 2...3,
                       coerce: Coerce.exact([.string, .string, .int32]), returnType: { _ in .array(.string) },
                       invoke: { a, n in try extract(a, n, fixed: nil, all: true) },
                       prepare: { c in try prepared(c, "regexp_extract_all") { a, n, r in try extract(a, n, fixed: r, all: true) } }),
        ScalarFunction("regexp_replace", category: "string", signature: "regexp_replace(str, regexp, rep[, pos])",
                       doc: "`str` with every match of `regexp` replaced by `rep`, searching from character `pos` (default 1, must be positive). In `rep`, `$n` is group n and `\\` escapes the next character. NULL if any argument is NULL.",
                       example: "regexp_replace('100-200', '(\\\\d+)', 'num') → num-num", arity: 3...4,
                       coerce: Coerce.exact([.string, .string, .string, .int32]), returnType: { _ in .string },
                       invoke: { a, n in try replace(a, n, fixed: nil) },
                       prepare: { c in
                           if let p = StringFunctions.constantInt(c, 3), let pos = p, pos <= 0 {
                               throw DataFlowError("DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
                                                   "regexp_replace: the position must be positive, but it is \(pos).")
                           }
                           return try prepared(c, "regexp_replace") { a, n, r in try replace(a, n, fixed: r) }
                       }),
    ]

    /// A kernel specialised for a constant pattern (compiled once), or all-NULL for a NULL pattern.
    static func prepared(_ constants: [Value?], _ function: String,
                         _ kernel: @escaping @Sendable ([Column], Int, NSRegularExpression) throws -> Column)
        throws -> (@Sendable ([Column], Int) throws -> Column)? {
        guard let p = StringFunctions.constantString(constants, 1) else { return nil }
        guard let pattern = p else {
            let type: DataType = function == "regexp_extract_all" ? .array(.string) : .string
            return { _, n in Column.nulls(type, count: n) }
        }
        let regex = try RegexFunctions.compile(pattern, function: function)
        return { a, n in try kernel(a, n, regex) }
    }

    static func groupIndexError(_ function: String, _ groups: Int, _ idx: Int) -> DataFlowError {
        DataFlowError("INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX",
                      "The value of parameter `idx` in `\(function)` is invalid: the regular expression has \(groups) group(s), but the index is \(idx).")
    }

    static func extract(_ a: [Column], _ n: Int, fixed: NSRegularExpression?, all: Bool) throws -> Column {
        let function = all ? "regexp_extract_all" : "regexp_extract"
        let s = StringArg(a[0]), p = StringArg(a[1])
        let idx = a.count > 2 ? IntArg(a[2]) : nil
        var cache = RegexCache(function: function, fixed: fixed)
        var one = ColumnBuilder(type: .string, capacity: all ? 0 : n)
        var many = StringArrayBuilder(count: all ? n : 0)
        for i in 0..<n {
            guard s.isValid(i), p.isValid(i), idx?.isValid(i) ?? true else {
                if all { many.appendNull(i) } else { one.appendNull() }
                continue
            }
            let regex = try cache.regex(p, i)
            let group = idx.map { $0[i] } ?? 1
            let string = s.string(i)
            let ns = string as NSString
            let range = NSRange(location: 0, length: ns.length)
            // Spark checks the group index only once something matched.
            func part(_ m: NSTextCheckingResult) throws -> String {
                guard group >= 0 && group < m.numberOfRanges else { throw groupIndexError(function, m.numberOfRanges - 1, group) }
                let r = m.range(at: group)
                return r.location == NSNotFound ? "" : ns.substring(with: r)
            }
            if all {
                for m in regex.matches(in: string, range: range) { many.append(try part(m)) }
                many.endRow()
            } else if let m = regex.firstMatch(in: string, range: range) {
                one.append(try part(m))
            } else {
                one.appendUTF8(UTF8Text.empty)
            }
        }
        return all ? many.finish() : one.finish()
    }

    /// A replacement string, parsed as java.util.regex.Matcher does for a pattern with `groups` groups.
    enum Piece { case text(String), group(Int) }

    static func parseReplacement(_ rep: String, groups: Int) throws(DataFlowError) -> [Piece] {
        func failure(_ why: String) -> DataFlowError {
            DataFlowError("INVALID_REGEXP_REPLACE", "Could not perform regexp_replace with the replacement '\(rep)': \(why).")
        }
        var pieces: [Piece] = []
        var literal = ""
        let chars = Array(rep.unicodeScalars)
        var k = 0
        while k < chars.count {
            let c = chars[k]
            if c == "\\" {
                k += 1
                guard k < chars.count else { throw failure("character to be escaped is missing") }
                literal.unicodeScalars.append(chars[k])
                k += 1
            } else if c == "$" {
                k += 1
                guard k < chars.count else { throw failure("illegal group reference: group index is missing") }
                func digit(_ c: Unicode.Scalar) -> Int? { c.value >= 48 && c.value <= 57 ? Int(c.value - 48) : nil }
                guard let first = digit(chars[k]) else {
                    throw failure(chars[k] == "{" ? "named group references are not supported" : "illegal group reference")
                }
                var number = first
                k += 1
                // The longest number that is still a group of the pattern.
                while k < chars.count, let d = digit(chars[k]), number * 10 + d <= groups {
                    number = number * 10 + d
                    k += 1
                }
                guard number <= groups else { throw failure("no group \(number)") }
                if !literal.isEmpty { pieces.append(.text(literal)); literal = "" }
                pieces.append(.group(number))
            } else {
                literal.unicodeScalars.append(c)
                k += 1
            }
        }
        if !literal.isEmpty { pieces.append(.text(literal)) }
        return pieces
    }

    static func replace(_ a: [Column], _ n: Int, fixed: NSRegularExpression?) throws -> Column {
        let s = StringArg(a[0]), p = StringArg(a[1]), r = StringArg(a[2])
        let pos = a.count > 3 ? IntArg(a[3]) : nil
        var cache = RegexCache(function: "regexp_replace", fixed: fixed)
        var b = ColumnBuilder(type: .string, capacity: n)
        // The last replacement parsed, reused while it and the pattern stay the same.
        var lastRep: String? = nil, lastRegex: NSRegularExpression? = nil
        var pieces: Result<[Piece], DataFlowError> = .success([])
        for i in 0..<n {
            guard s.isValid(i), p.isValid(i), r.isValid(i), pos?.isValid(i) ?? true else { b.appendNull(); continue }
            let regex = try cache.regex(p, i)
            let start = (pos.map { $0[i] } ?? 1) - 1
            guard start >= 0 else {
                throw DataFlowError("DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE", "regexp_replace: the position must be positive, but it is \(start + 1).")
            }
            let rep = r.string(i)
            if rep != lastRep || regex !== lastRegex {
                pieces = Result { () throws(DataFlowError) in try parseReplacement(rep, groups: regex.numberOfCaptureGroups) }
                lastRep = rep
                lastRegex = regex
            }
            let string = s.string(i)
            let ns = string as NSString
            let length = ns.length
            guard start == 0 || start < length else { b.appendUTF8(s.bytes(i)); continue }
            let matches = regex.matches(in: string, range: NSRange(location: start, length: length - start))
            if matches.isEmpty { b.appendUTF8(s.bytes(i)); continue }
            // As Matcher.appendReplacement: an invalid replacement fails only once something matched.
            let parts = try pieces.get()
            var out = ""
            var from = 0
            for m in matches {
                out += ns.substring(with: NSRange(location: from, length: m.range.location - from))
                for piece in parts {
                    switch piece {
                    case .text(let t): out += t
                    case .group(let g):
                        let gr = m.range(at: g)
                        if gr.location != NSNotFound { out += ns.substring(with: gr) }
                    }
                }
                from = m.range.location + m.range.length
            }
            out += ns.substring(from: from)
            b.append(out)
        }
        return b.finish()
    }
}
