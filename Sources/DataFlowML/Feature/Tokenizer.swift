import DataFlow
import DataFlowColumnar
import Foundation

/// Lowercases a string column and splits it at each whitespace character, as Spark's `Tokenizer`
/// (Java's `toLowerCase().split("\\s")`: consecutive spaces give empty tokens, trailing empty tokens are
/// dropped). Output `array<string>`; a null string gives a null list.
public struct Tokenizer: Transformer {
    public static let className = "Tokenizer"
    public static var params: [Param<Tokenizer>] {
        [.string("inputCol", \.inputCol, "input column name"), .string("outputCol", \.outputCol, "output column name")]
    }
    public var uid = ML.uid(className)
    public var inputCol = ""
    public var outputCol: String

    public init() { outputCol = uid + "__output" }
    public init(inputCol: String, outputCol: String) { self.inputCol = inputCol; self.outputCol = outputCol }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        return try TextIO.stringToTokensSchema(schema, Self.className, inputCol, outputCol)
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        _ = try transformSchema(df.schema)
        return try TextIO.mapStrings(df, Self.className, inputCol, outputCol) { s in
            TextIO.javaSplit(s.lowercased()) { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\u{0B}" || $0 == "\u{0C}" || $0 == "\r" }
        }
    }
}

/// Splits strings by a regular expression, as Spark's `RegexTokenizer`: with `gaps` (default) the
/// `pattern` (default `\s+`) matches separators, else it matches tokens; `toLowercase` (default true)
/// lowercases first; tokens shorter than `minTokenLength` (default 1, in UTF-16 units as Java counts)
/// are dropped. Patterns run on ICU (NSRegularExpression) with Java's ASCII meaning of `\w`, `\d`, `\s`
/// (and `\W`, `\D`, `\S` outside brackets) restored, so the usual patterns split as in Spark.
public struct RegexTokenizer: Transformer {
    public static let className = "RegexTokenizer"
    public static var params: [Param<RegexTokenizer>] {
        [
            .string("inputCol", \.inputCol, "input column name"),
            .string("outputCol", \.outputCol, "output column name"),
            .int("minTokenLength", \.minTokenLength, "minimum token length", min: 0),
            .bool("gaps", \.gaps, "whether regex splits on gaps (true) or matches tokens (false)"),
            .string("pattern", \.pattern, "regex pattern used for tokenizing", allowEmpty: true),
            .bool("toLowercase", \.toLowercase, "whether to convert all characters to lowercase before tokenizing"),
        ]
    }
    public var uid = ML.uid(className)
    public var inputCol = ""
    public var outputCol: String
    public var minTokenLength = 1
    public var gaps = true
    public var pattern = "\\s+"
    public var toLowercase = true

    public init() { outputCol = uid + "__output" }
    public init(inputCol: String, outputCol: String, pattern: String = "\\s+", gaps: Bool = true, minTokenLength: Int = 1, toLowercase: Bool = true) {
        self.inputCol = inputCol; self.outputCol = outputCol; self.pattern = pattern; self.gaps = gaps
        self.minTokenLength = minTokenLength; self.toLowercase = toLowercase
    }

    func regex() throws -> NSRegularExpression {
        do { return try NSRegularExpression(pattern: TextIO.javaPattern(pattern)) } catch {
            throw MLError.invalidParam("RegexTokenizer: pattern \"\(pattern)\" is not a valid regular expression")
        }
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        _ = try regex()
        return try TextIO.stringToTokensSchema(schema, Self.className, inputCol, outputCol)
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        _ = try transformSchema(df.schema)
        let pattern = self.pattern, gaps = self.gaps, lower = toLowercase, minLength = minTokenLength
        return try TextIO.mapStrings(df, Self.className, inputCol, outputCol, perBatch: {
            // One compiled expression per batch (NSRegularExpression is not Sendable).
            let re = try NSRegularExpression(pattern: TextIO.javaPattern(pattern))
            return { (s: String) -> [String] in
                let text = lower ? s.lowercased() : s
                let ns = text as NSString
                var tokens: [String] = []
                let matches = re.matches(in: text, range: NSRange(location: 0, length: ns.length))
                if gaps {
                    // Java's Pattern.split: no leading empty token for a zero-width match at 0; no match
                    // gives the whole input; trailing empty tokens are dropped.
                    var index = 0
                    for m in matches {
                        if index == 0 && m.range.location == 0 && m.range.length == 0 { continue }
                        tokens.append(ns.substring(with: NSRange(location: index, length: m.range.location - index)))
                        index = m.range.location + m.range.length
                    }
                    if index == 0 {
                        tokens = [text]
                    } else {
                        tokens.append(ns.substring(from: index))
                        while tokens.last == "" { tokens.removeLast() }
                    }
                } else {
                    tokens = matches.map { ns.substring(with: $0.range) }
                }
                return tokens.filter { $0.utf16.count >= minLength }
            }
        })
    }
}

enum TextIO {
    /// Rewrites `\w \d \s` (and their negations outside brackets) to Java's ASCII classes: ICU gives
    /// them Unicode meanings (`\w` would match "ß"; Java's does not).
    static func javaPattern(_ p: String) -> String {
        let outside: [Character: String] = ["w": "[a-zA-Z_0-9]", "W": "[^a-zA-Z_0-9]", "d": "[0-9]", "D": "[^0-9]",
                                            "s": "[ \\t\\n\\x{0B}\\f\\r]", "S": "[^ \\t\\n\\x{0B}\\f\\r]"]
        let inside: [Character: String] = ["w": "a-zA-Z_0-9", "d": "0-9", "s": " \\t\\n\\x{0B}\\f\\r"]
        var out = "", depth = 0, quoted = false
        var chars = Array(p)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\\", chars.first == "E" { quoted = false; chars.removeFirst(); out += "\\E"; continue }
                out.append(c); continue
            }
            if c == "\\", let next = chars.popFirst() {
                if next == "Q" { quoted = true; out += "\\Q"; continue }
                if depth == 0, let r = outside[next] { out += r; continue }
                if depth > 0, let r = inside[next] { out += r; continue }
                out.append(c); out.append(next); continue
            }
            if c == "[" { depth += 1 } else if c == "]" && depth > 0 { depth -= 1 }
            out.append(c)
        }
        return out
    }

    static func stringToTokensSchema(_ schema: Schema, _ stage: String, _ inputCol: String, _ outputCol: String) throws -> Schema {
        let t = try FeatureIO.inputType(schema, inputCol, param: "inputCol", stage: stage)
        guard t == .string else { throw MLError.column(stage, "inputCol", inputCol, "must be a string column, not \(t.sqlName)") }
        try MLData.checkNew(schema, outputCol, param: "outputCol", stage: stage)
        return Schema(schema.fields + [Field(outputCol, .array(.string))])
    }

    /// Adds `outputCol` (`array<string>`) = `split(inputCol)` per row; null stays null.
    static func mapStrings(_ df: DataFrame, _ stage: String, _ inputCol: String, _ outputCol: String,
                           _ split: @escaping @Sendable (String) -> [String]) throws -> DataFrame {
        try mapStrings(df, stage, inputCol, outputCol, perBatch: { split })
    }

    static func mapStrings(_ df: DataFrame, _ stage: String, _ inputCol: String, _ outputCol: String,
                           perBatch: @escaping @Sendable () throws -> (String) -> [String]) throws -> DataFrame {
        try FeatureIO.append(df, stage: stage, inputs: [inputCol], castTo: nil, outputs: [Field(outputCol, .array(.string))]) { cols, n in
            let c = cols[0], split = try perBatch()
            var b = StringArrayColumnBuilder()
            for i in 0..<n {
                if c.isNull(i) { b.appendNull() } else { b.append(split(String(decoding: c.utf8(i), as: UTF8.self))) }
            }
            return [b.finish()]
        }
    }

    /// Java's `String.split` with a one-character separator class: empty tokens kept between separators
    /// and at the start, trailing empty tokens removed (an empty input gives one empty token).
    static func javaSplit(_ s: String, isSeparator: (Unicode.Scalar) -> Bool) -> [String] {
        if s.isEmpty { return [""] }
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        // Unicode scalars, not Characters: "\r\n" is one Character but two separators for Java.
        for ch in s.unicodeScalars {
            if isSeparator(ch) { tokens.append(String(current)); current = .init() } else { current.append(ch) }
        }
        tokens.append(String(current))
        while tokens.last == "" { tokens.removeLast() }
        return tokens
    }
}
