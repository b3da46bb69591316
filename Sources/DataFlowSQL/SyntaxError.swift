import DataFlowColumnar

/// A malformed SQL text: where (1-based line and column), what was expected and what was found,
/// and a rendering with the offending line and a caret under the spot.
public struct SQLSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public static let errorClass = "PARSE_SYNTAX_ERROR"

    public var position: SourcePosition
    /// What the parser wanted ("end of input", "')'", "an expression"), nil for lexical problems.
    public var expected: String?
    /// The text at the spot (`'FORM'`), or nil at the end of the input.
    public var near: String?
    /// A lexical problem ("unterminated string literal"), nil for "expected X" errors.
    public var problem: String?
    /// The SQL line holding the spot (without its line break).
    public var sourceLine: String

    public init(position: SourcePosition, expected: String? = nil, near: String?, problem: String? = nil, sourceLine: String) {
        self.position = position
        self.expected = expected
        self.near = near
        self.problem = problem
        self.sourceLine = sourceLine
    }

    public var line: Int { position.line }
    public var column: Int { position.column }

    private var foundText: String { near.map { "'\($0)'" } ?? "end of input" }

    /// "expected X but found Y", or the lexical problem.
    public var message: String {
        if let expected { return "expected \(expected) but found \(foundText)" }
        return problem ?? "syntax error"
    }

    /// One line: "Syntax error at or near 'FORM': expected end of input (line 1, column 10)".
    public var summary: String {
        let at = near.map { "at or near '\($0)'" } ?? "at end of input"
        let what = expected.map { "expected \($0)" } ?? problem ?? "syntax error"
        return "Syntax error \(at): \(what) (line \(line), column \(column))"
    }

    /// The summary, the SQL line and a caret under the spot; tabs in the line are kept so the caret lines up.
    public var rendered: String {
        "[\(Self.errorClass)] \(summary)\n\(sourceLine)\n\(caretLine(under: column, of: sourceLine))"
    }

    public var description: String { rendered }

    /// The engine's error type, class PARSE_SYNTAX_ERROR, message the summary plus the caret picture.
    public var dataFlowError: DataFlowError {
        DataFlowError(Self.errorClass, String(rendered.dropFirst(Self.errorClass.count + 3)))
    }
}

extension DataFlowError {
    public init(_ error: SQLSyntaxError) { self = error.dataFlowError }
}

/// Line/column bookkeeping over the UTF-8 bytes of a SQL text.
struct SourceText: Sendable {
    let bytes: [UInt8]
    /// Byte offset where each line starts.
    let lineStarts: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        lineStarts = starts
    }

    func position(_ offset: Int) -> SourcePosition {
        // Last line start <= offset.
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        let start = lineStarts[lo]
        var column = 1
        var i = start
        while i < offset && i < bytes.count {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        // A continuation byte at `offset` itself would split a character; count it with its lead byte.
        if offset > start && offset < bytes.count && bytes[offset] & 0xC0 == 0x80 { column -= 1 }
        return SourcePosition(line: lo + 1, column: column, offset: offset)
    }

    func text(_ range: Range<Int>) -> String {
        let lo = max(0, min(range.lowerBound, bytes.count)), hi = max(lo, min(range.upperBound, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }

    func lineText(_ line: Int) -> String {
        guard line >= 1 && line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return text(start..<end)
    }

    func error(at offset: Int, expected: String? = nil, near: String?, problem: String? = nil) -> SQLSyntaxError {
        let pos = position(offset)
        return SQLSyntaxError(position: pos, expected: expected, near: near, problem: problem, sourceLine: lineText(pos.line))
    }
}
