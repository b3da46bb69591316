/// A lexical token of Spark SQL.
public enum SQLTokenKind: Sendable, Hashable {
    /// An unquoted word: identifier or keyword (keywords are recognised by the parser, case-insensitively).
    case word(String)
    /// A `` `backticked` `` identifier, unescaped.
    case quotedIdentifier(String)
    /// A string literal, escapes resolved.
    case string(String)
    /// `X'0AFF'`: the hex digits.
    case binaryString(String)
    /// A numeric literal as written, suffix included (`42`, `1.5`, `1e3`, `10L`, `2.5BD`).
    case number(String)
    /// Punctuation and operators: `(` `)` `,` `.` `;` `+` `-` `*` `/` `%` `=` `==` `!=` `<>` `<` `<=` `>` `>=`
    /// `<=>` `||` `|` `&` `^` `~` `!` `::` `:` `[` `]` `->` `=>`.
    case symbol(String)
    /// `?`
    case positionalParameter
    /// `:name`
    case namedParameter(String)
    case end
}

public struct SQLToken: Sendable, Hashable {
    public var kind: SQLTokenKind
    /// Byte offsets of the token in the UTF-8 text.
    public var start: Int
    public var end: Int
    public var position: SourcePosition
}

/// Splits SQL text into tokens; comments and whitespace are dropped.
public struct SQLLexer: Sendable {
    let source: SourceText
    private var i = 0
    /// Position of the last token, so each next one is found by scanning forward only (linear overall).
    private var cursor = SourcePosition.start

    public init(_ sql: String) {
        source = SourceText(sql)
    }

    init(source: SourceText) {
        self.source = source
    }

    /// All tokens, ending with one `.end`.
    public static func tokenize(_ sql: String) throws(SQLSyntaxError) -> [SQLToken] {
        var lexer = SQLLexer(sql)
        return try lexer.tokenize()
    }

    mutating func tokenize() throws(SQLSyntaxError) -> [SQLToken] {
        var out: [SQLToken] = []
        while true {
            let t = try next(previous: out.last?.kind)
            out.append(t)
            if t.kind == .end { return out }
        }
    }

    private var bytes: [UInt8] { source.bytes }

    private func peek(_ k: Int = 0) -> UInt8 {
        let j = i + k
        return j < bytes.count ? bytes[j] : 0
    }

    private static func isIdentStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b >= 0x80
    }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isIdentPart(_ b: UInt8) -> Bool { isIdentStart(b) || isDigit(b) }

    private mutating func token(_ kind: SQLTokenKind, _ start: Int) -> SQLToken {
        var line = cursor.line, column = cursor.column, j = cursor.offset
        while j < start {
            let b = bytes[j]
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
            j += 1
        }
        cursor = SourcePosition(line: line, column: column, offset: start)
        return SQLToken(kind: kind, start: start, end: i, position: cursor)
    }

    private func fail(_ start: Int, _ problem: String) -> SQLSyntaxError {
        var near = source.text(start..<min(i, start + 40))
        if let nl = near.firstIndex(of: "\n") { near = String(near[..<nl]) }
        return source.error(at: start, near: near, problem: problem)
    }

    private mutating func skipTrivia() throws(SQLSyntaxError) {
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C {
                i += 1
            } else if b == UInt8(ascii: "-") && peek(1) == UInt8(ascii: "-") {
                while i < bytes.count && bytes[i] != 0x0A { i += 1 }
            } else if b == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
                // Bracketed comments nest, as in Spark.
                let start = i
                var depth = 0
                repeat {
                    if i >= bytes.count {
                        i = min(start + 2, bytes.count)
                        throw fail(start, "unterminated comment: '/*' has no closing '*/'")
                    }
                    if bytes[i] == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") { depth += 1; i += 2 }
                    else if bytes[i] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/") { depth -= 1; i += 2 }
                    else { i += 1 }
                } while depth > 0
            } else {
                return
            }
        }
    }

    mutating func next(previous: SQLTokenKind?) throws(SQLSyntaxError) -> SQLToken {
        try skipTrivia()
        let start = i
        guard i < bytes.count else { return token(.end, start) }
        let b = bytes[i]
        let q1 = UInt8(ascii: "'"), q2 = UInt8(ascii: "\"")

        // Prefixed strings: r'raw', X'hex'.
        if (b == UInt8(ascii: "r") || b == UInt8(ascii: "R")) && (peek(1) == q1 || peek(1) == q2) {
            i += 1
            return token(.string(try readString(start: start, raw: true)), start)
        }
        if (b == UInt8(ascii: "x") || b == UInt8(ascii: "X")) && peek(1) == q1 {
            i += 1
            let hex = try readString(start: start, raw: true)
            guard hex.allSatisfy(\.isHexDigit) else { throw fail(start, "binary literal X'…' may only hold hex digits") }
            return token(.binaryString(hex), start)
        }
        if Self.isIdentStart(b) {
            while i < bytes.count && Self.isIdentPart(bytes[i]) { i += 1 }
            return token(.word(source.text(start..<i)), start)
        }
        if Self.isDigit(b) || (b == UInt8(ascii: ".") && Self.isDigit(peek(1)) && !Self.endsOperand(previous)) {
            return try readNumber(start: start)
        }
        if b == q1 || b == q2 {
            return token(.string(try readString(start: start, raw: false)), start)
        }
        if b == UInt8(ascii: "`") {
            i += 1
            var name: [UInt8] = []
            while true {
                guard i < bytes.count else { throw fail(start, "unterminated quoted identifier: '`' has no closing '`'") }
                if bytes[i] == UInt8(ascii: "`") {
                    if peek(1) == UInt8(ascii: "`") { name.append(bytes[i]); i += 2; continue }
                    i += 1
                    break
                }
                name.append(bytes[i])
                i += 1
            }
            return token(.quotedIdentifier(String(decoding: name, as: UTF8.self)), start)
        }
        if b == UInt8(ascii: "?") {
            i += 1
            return token(.positionalParameter, start)
        }
        if b == UInt8(ascii: ":") && Self.isIdentStart(peek(1)) {
            i += 1
            while i < bytes.count && Self.isIdentPart(bytes[i]) { i += 1 }
            return token(.namedParameter(source.text(start + 1..<i)), start)
        }
        for op in Self.operators where matches(op) {
            i += op.count
            return token(.symbol(String(decoding: op, as: UTF8.self)), start)
        }
        // An unknown character: report the whole (possibly multi-byte) character.
        i += 1
        while i < bytes.count && bytes[i] & 0xC0 == 0x80 { i += 1 }
        throw fail(start, "unexpected character '\(source.text(start..<i))'")
    }

    /// Longest first.
    private static let operators: [[UInt8]] = [
        "<=>", "<=", ">=", "<>", "!=", "==", "||", "::", "->", "=>",
        "(", ")", ",", ".", ";", "+", "-", "*", "/", "%", "=", "<", ">", "|", "&", "^", "~", "!", ":", "[", "]",
    ].map { Array($0.utf8) }

    private func matches(_ op: [UInt8]) -> Bool {
        guard i + op.count <= bytes.count else { return false }
        for k in 0..<op.count where bytes[i + k] != op[k] { return false }
        return true
    }

    /// After an operand `.5` is a field access, not a number (`t.5` never happens in practice, but `a.b` must not lex `.b`).
    private static func endsOperand(_ kind: SQLTokenKind?) -> Bool {
        switch kind {
        case .word?, .quotedIdentifier?: return true
        case .symbol(let s)?: return s == ")" || s == "]"
        default: return false
        }
    }

    private mutating func readNumber(start: Int) throws(SQLSyntaxError) -> SQLToken {
        var sawDot = false, sawExp = false
        while i < bytes.count && Self.isDigit(bytes[i]) { i += 1 }
        if peek() == UInt8(ascii: ".") && !(Self.isIdentStart(peek(1)) && !isExponentStart(at: i + 1)) {
            sawDot = true
            i += 1
            while i < bytes.count && Self.isDigit(bytes[i]) { i += 1 }
        }
        if isExponentStart(at: i) {
            sawExp = true
            i += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { i += 1 }
            while i < bytes.count && Self.isDigit(bytes[i]) { i += 1 }
        }
        let numberEnd = i
        // Suffix letters.
        var suffixEnd = i
        while suffixEnd < bytes.count && Self.isIdentPart(bytes[suffixEnd]) { suffixEnd += 1 }
        if suffixEnd > numberEnd {
            let suffix = source.text(numberEnd..<suffixEnd).uppercased()
            let integralOnly = ["L", "S", "Y"]
            if ["L", "S", "Y", "D", "F", "BD"].contains(suffix) && !(integralOnly.contains(suffix) && (sawDot || sawExp)) {
                i = suffixEnd
                return token(.number(source.text(start..<i)), start)
            }
            if !sawDot && !sawExp && bytes[start] != UInt8(ascii: ".") {
                // Spark identifiers may start with digits (`1a`, `2nd_col`).
                i = suffixEnd
                return token(.word(source.text(start..<i)), start)
            }
            i = suffixEnd
            throw fail(start, "invalid number literal '\(source.text(start..<i))'")
        }
        return token(.number(source.text(start..<i)), start)
    }

    /// `e`/`E` followed by digits, or a sign and digits.
    private func isExponentStart(at j: Int) -> Bool {
        guard j < bytes.count, bytes[j] == UInt8(ascii: "e") || bytes[j] == UInt8(ascii: "E") else { return false }
        let k = j + 1
        guard k < bytes.count else { return false }
        if Self.isDigit(bytes[k]) { return true }
        if (bytes[k] == UInt8(ascii: "+") || bytes[k] == UInt8(ascii: "-")) && k + 1 < bytes.count && Self.isDigit(bytes[k + 1]) { return true }
        return false
    }

    /// At the opening quote. Backslash escapes as Spark (`\n`, `\t`, `\'`, `\\`, `\uXXXX`, …); a doubled quote
    /// stands for one quote. `raw` keeps backslashes.
    private mutating func readString(start: Int, raw: Bool) throws(SQLSyntaxError) -> String {
        let quote = bytes[i]
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else {
                i = start + 1
                throw fail(start, "unterminated string literal: missing closing \(quote == UInt8(ascii: "'") ? "'" : "\"")")
            }
            let c = bytes[i]
            if c == quote {
                if peek(1) == quote { out.append(quote); i += 2; continue }
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c == UInt8(ascii: "\\") && i + 1 < bytes.count {
                if raw {
                    // A raw string still cannot end at an escaped quote.
                    out.append(c)
                    out.append(bytes[i + 1])
                    i += 2
                    continue
                }
                let e = bytes[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "0"): out.append(0x00)
                case UInt8(ascii: "Z"): out.append(0x1A)
                case UInt8(ascii: "%"), UInt8(ascii: "_"):
                    // Kept escaped: they mean a literal % or _ inside LIKE patterns.
                    out.append(UInt8(ascii: "\\"))
                    out.append(e)
                case UInt8(ascii: "u"):
                    let hexStart = i
                    guard i + 4 <= bytes.count,
                          let code = UInt32(source.text(i..<i + 4), radix: 16),
                          let scalar = Unicode.Scalar(code) else {
                        throw source.error(at: hexStart - 2, near: source.text(hexStart - 2..<min(bytes.count, hexStart + 4)),
                                           problem: "invalid unicode escape: \\u needs four hex digits")
                    }
                    i += 4
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    out.append(e)
                }
                continue
            }
            out.append(c)
            i += 1
        }
    }
}
