// The .dfs lexer: source text → tokens with 1-based line and column.
//
// Newlines end statements, except inside brackets and before a line whose first non-blank character
// is `.` (a continued method chain); blank lines and `#` comments between the two are skipped.

/// A position in a source file: 1-based line and column (columns count characters).
struct Pos: Sendable, Equatable {
    var line: Int
    var column: Int
}

/// An error found while reading or running a script, before it is given its file name.
struct LangError: Error {
    let pos: Pos
    let message: String
    var isUsageError = false
    init(_ pos: Pos, _ message: String, usage: Bool = false) {
        self.pos = pos
        self.message = message
        self.isUsageError = usage
    }
}

enum TokenKind: Equatable {
    case identifier(String)
    /// `` `name with space` ``: always a column name.
    case quotedIdentifier(String)
    case int(Int64)
    case double(Double)
    case string(String)
    case keyword(String)
    case symbol(String)
    case newline
    case end
}

struct Token: Equatable {
    let kind: TokenKind
    let pos: Pos

    /// How an error message names the token.
    var display: String {
        switch kind {
        case .identifier(let s): return "'\(s)'"
        case .quotedIdentifier(let s): return "'`\(s)`'"
        case .int(let v): return "'\(v)'"
        case .double(let v): return "'\(v)'"
        case .string: return "a string"
        case .keyword(let s), .symbol(let s): return "'\(s)'"
        case .newline: return "end of line"
        case .end: return "end of input"
        }
    }
}

enum Lexer {
    static let keywords: Set<String> = ["and", "or", "not", "true", "false", "null", "param", "import", "as"]
    /// Longest first, so `<=` wins over `<`.
    static let symbols = ["==", "!=", "<=", ">=", "&&", "||", "+", "-", "*", "/", "%", "<", ">", "=", "!",
                          "(", ")", "[", "]", ",", ":", ".", ";"]

    /// The tokens of `source`, ending with `.end`.
    static func tokenize(_ source: String) throws(LangError) -> [Token] {
        var lexer = Scanner(Array(source.unicodeScalars))
        return try lexer.run()
    }

    struct Scanner {
        let chars: [Unicode.Scalar]
        var i = 0
        var line = 1
        var column = 1
        var depth = 0
        var tokens: [Token] = []

        init(_ chars: [Unicode.Scalar]) { self.chars = chars }

        func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < chars.count ? chars[i + k] : nil }
        var pos: Pos { Pos(line: line, column: column) }

        mutating func advance() {
            if chars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
            i += 1
        }

        static func isIdentStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic }
        static func isIdentChar(_ c: Unicode.Scalar) -> Bool { isIdentStart(c) || ("0"..."9").contains(c) }

        /// After a newline: skips blank lines, whitespace and comment lines (once, so the lexer stays
        /// linear), then tells whether the next code starts with `.` (a continued chain).
        mutating func skipBlankLinesAndCheckContinuation() -> Bool {
            while let c = peek() {
                if c == " " || c == "\t" || c == "\r" || c == "\n" { advance(); continue }
                if c == "#" {
                    while let d = peek(), d != "\n" { advance() }
                    continue
                }
                // `.5` is a number, not a continuation.
                if c == ".", let n = peek(1), ("0"..."9").contains(n) { return false }
                return c == "."
            }
            return false
        }

        mutating func add(_ kind: TokenKind, _ at: Pos) { tokens.append(Token(kind: kind, pos: at)) }

        mutating func run() throws(LangError) -> [Token] {
            while let c = peek() {
                let start = pos
                switch c {
                case " ", "\t", "\r":
                    advance()
                case "#":
                    while let d = peek(), d != "\n" { advance() }
                case "\n":
                    advance()
                    let continues = skipBlankLinesAndCheckContinuation()
                    if depth > 0 || continues { continue }
                    if let last = tokens.last, last.kind != .newline { add(.newline, start) }
                case "\"":
                    add(.string(try string()), start)
                case "`":
                    advance()
                    var name = ""
                    while let d = peek(), d != "`", d != "\n" { name.unicodeScalars.append(d); advance() }
                    guard peek() == "`" else { throw LangError(start, "unterminated backquoted name") }
                    advance()
                    if name.isEmpty { throw LangError(start, "empty backquoted name") }
                    add(.quotedIdentifier(name), start)
                case _ where ("0"..."9").contains(c) || (c == "." && peek(1).map { ("0"..."9").contains($0) } == true && !lastIsOperand):
                    add(try number(), start)
                case _ where Self.isIdentStart(c):
                    var name = ""
                    while let d = peek(), Self.isIdentChar(d) { name.unicodeScalars.append(d); advance() }
                    add(Lexer.keywords.contains(name) ? .keyword(name) : .identifier(name), start)
                default:
                    guard let sym = Lexer.symbols.first(where: { matches($0) }) else {
                        throw LangError(start, "unexpected character '\(Character(c))'")
                    }
                    for _ in sym.unicodeScalars { advance() }
                    if sym == "(" || sym == "[" { depth += 1 }
                    if sym == ")" || sym == "]" { depth = max(0, depth - 1) }
                    if sym == ";" {
                        if let last = tokens.last, last.kind != .newline { add(.newline, start) }
                    } else {
                        add(.symbol(sym), start)
                    }
                }
            }
            if let last = tokens.last, last.kind != .newline { add(.newline, pos) }
            add(.end, pos)
            return tokens
        }

        /// True when the previous token ends an operand (so `x.5` would be a member, not a number).
        var lastIsOperand: Bool {
            switch tokens.last?.kind {
            case .identifier, .quotedIdentifier, .int, .double, .string: return true
            case .symbol(let s): return s == ")" || s == "]"
            default: return false
            }
        }

        func matches(_ sym: String) -> Bool {
            for (k, u) in sym.unicodeScalars.enumerated() where peek(k) != u { return false }
            return true
        }

        mutating func number() throws(LangError) -> TokenKind {
            let start = pos
            var text = ""
            var isDouble = false
            while let d = peek(), ("0"..."9").contains(d) || d == "_" { if d != "_" { text.unicodeScalars.append(d) }; advance() }
            if peek() == ".", let n = peek(1), ("0"..."9").contains(n) {
                isDouble = true
                text += "."
                advance()
                while let d = peek(), ("0"..."9").contains(d) { text.unicodeScalars.append(d); advance() }
            }
            if let e = peek(), e == "e" || e == "E" {
                let sign = peek(1)
                let digitAt = (sign == "+" || sign == "-") ? 2 : 1
                if let d = peek(digitAt), ("0"..."9").contains(d) {
                    isDouble = true
                    for _ in 0..<digitAt { text.unicodeScalars.append(peek() ?? "e"); advance() }
                    while let d = peek(), ("0"..."9").contains(d) { text.unicodeScalars.append(d); advance() }
                }
            }
            if let d = peek(), Self.isIdentStart(d) { throw LangError(start, "invalid number '\(text)\(Character(d))'") }
            if isDouble {
                guard let v = Double(text) else { throw LangError(start, "invalid number '\(text)'") }
                return .double(v)
            }
            guard let v = Int64(text) else { throw LangError(start, "integer literal '\(text)' does not fit in 64 bits") }
            return .int(v)
        }

        mutating func string() throws(LangError) -> String {
            let start = pos
            advance()
            var s = ""
            while true {
                guard let c = peek(), c != "\n" else { throw LangError(start, "unterminated string") }
                if c == "\"" { advance(); return s }
                if c != "\\" { s.unicodeScalars.append(c); advance(); continue }
                let escapePos = pos
                advance()
                guard let e = peek(), e != "\n" else { throw LangError(start, "unterminated string") }
                advance()
                switch e {
                case "n": s += "\n"
                case "t": s += "\t"
                case "r": s += "\r"
                case "0": s += "\0"
                case "\"": s += "\""
                case "\\": s += "\\"
                case "u":
                    guard peek() == "{" else { throw LangError(escapePos, "expected '{' after \\u (write \\u{41})") }
                    advance()
                    var hex = ""
                    while let h = peek(), h != "}", hex.count < 9, h != "\"" { hex.unicodeScalars.append(h); advance() }
                    guard peek() == "}", !hex.isEmpty, hex.count <= 8, let v = UInt32(hex, radix: 16), let u = Unicode.Scalar(v) else {
                        throw LangError(escapePos, "invalid unicode escape '\\u{\(hex)}'")
                    }
                    advance()
                    s.unicodeScalars.append(u)
                default:
                    throw LangError(escapePos, "invalid escape '\\\(Character(e))' in string (use \\n, \\t, \\r, \\0, \\\", \\\\ or \\u{…})")
                }
            }
        }
    }
}
