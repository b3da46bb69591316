import DataFlowColumnar
import Foundation

// Regular-expression functions. Spark uses java.util.regex; ICU's engine (NSRegularExpression) reads the
// same syntax (classes, lookaround, possessive quantifiers, `(?i)` flags), so patterns carry over.
enum RegexFunctions {
    static let all: [ScalarFunction] = [
        ScalarFunction("rlike", category: "string", signature: "rlike(str, regexp)",
                       doc: "True if the regular expression `regexp` (Java syntax) matches some part of `str`; anchor it with `^…$` to match the whole string. NULL if either argument is NULL. SQL: `str RLIKE regexp`, `str REGEXP regexp`.",
                       example: "rlike('Spark SQL', 'S[a-z]+ ') → true", arity: 2...2,
                       coerce: Coerce.exact([.string, .string]), returnType: { _ in .boolean },
                       invoke: { a, n in try rlike(a[0], a[1], n) },
                       prepare: { constants in
                           // A constant pattern is compiled once per query, not per row or batch.
                           guard constants.count == 2, let p = constants[1] else { return nil }
                           if p.isNull { return { a, n in Column.nulls(.boolean, count: n) } }
                           let regex = try compile(p.description, function: "rlike")
                           return { a, n in matches(a[0], n, regex) }
                       }),
    ]

    /// Compiles a pattern, or fails with Spark's INVALID_PARAMETER_VALUE.PATTERN.
    static func compile(_ pattern: String, function: String) throws -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: javaClasses(pattern))
        } catch {
            throw DataFlowError("INVALID_PARAMETER_VALUE.PATTERN",
                                "The value of parameter `regexp` in `\(function)` is invalid: '\(pattern)' is not a valid regular expression (\((error as NSError).localizedDescription)).")
        }
    }

    /// Java's `\d`, `\w` and `\s` (and their negations) match ASCII only, ICU's match all of Unicode:
    /// they are spelled out as ASCII sets (nested sets work inside `[...]` too in both engines).
    static func javaClasses(_ pattern: String) -> String {
        guard pattern.contains("\\") else { return pattern }
        var out = ""
        var it = pattern.unicodeScalars.makeIterator()
        var quoted = false
        while let c = it.next() {
            guard c == "\\", let e = it.next() else { out.unicodeScalars.append(c); continue }
            if quoted {
                // Inside \Q…\E everything is literal up to \E.
                if e == "E" { quoted = false }
                out.unicodeScalars.append(c)
                out.unicodeScalars.append(e)
                continue
            }
            switch e {
            case "d": out += "[0-9]"
            case "D": out += "[^0-9]"
            case "w": out += "[a-zA-Z_0-9]"
            case "W": out += "[^a-zA-Z_0-9]"
            case "s": out += "[ \\t\\n\\x0B\\f\\r]"
            case "S": out += "[^ \\t\\n\\x0B\\f\\r]"
            default:
                if e == "Q" { quoted = true }
                out.unicodeScalars.append(c)
                out.unicodeScalars.append(e)
            }
        }
        return out
    }

    static func found(_ regex: NSRegularExpression, in s: String) -> Bool {
        regex.firstMatch(in: s, range: NSRange(location: 0, length: s.utf16.count)) != nil
    }

    /// `str RLIKE <constant pattern>`; a dictionary column is matched once per distinct value.
    static func matches(_ s: Column, _ n: Int, _ regex: NSRegularExpression) -> Column {
        if s.type == .null { return Column.nulls(.boolean, count: n) }
        if let d = s.dictionary {
            let distinct = matches(d.column, d.column.count, regex)
            return distinct.take(UnsafeBufferPointer(start: s.values.pointer(Int32.self), count: n), validity: s.validity)
        }
        var b = ColumnBuilder(type: .boolean, capacity: n)
        for i in 0..<n {
            if s.isValid(i) { b.append(found(regex, in: s.string(i))) } else { b.appendNull() }
        }
        return b.finish()
    }

    /// `str RLIKE <pattern column>`: each distinct pattern compiled once per batch.
    static func rlike(_ s: Column, _ p: Column, _ n: Int) throws -> Column {
        if s.type == .null || p.type == .null { return Column.nulls(.boolean, count: n) }
        var compiled: [String: NSRegularExpression] = [:]
        var b = ColumnBuilder(type: .boolean, capacity: n)
        for i in 0..<n {
            guard s.isValid(i), p.isValid(i) else { b.appendNull(); continue }
            let pattern = p.string(i)
            let regex: NSRegularExpression
            if let r = compiled[pattern] { regex = r } else {
                regex = try compile(pattern, function: "rlike")
                compiled[pattern] = regex
            }
            b.append(found(regex, in: s.string(i)))
        }
        return b.finish()
    }
}
