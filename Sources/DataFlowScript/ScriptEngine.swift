import DataFlow

/// An error in a `.dfs` script, located in its source: what `dfs` prints as
/// `file.dfs:12:8: error: no column 'ratng' in [userId, movieId, rating]; did you mean 'rating'?`
/// followed by the source line and a caret.
public struct ScriptError: Error, Sendable, CustomStringConvertible {
    public let file: String
    /// 1-based; 0 when the error has no position (an unknown `--param`).
    public let line: Int
    public let column: Int
    public let message: String
    /// The text of the offending line (empty when there is none).
    public let sourceLine: String
    /// True for usage errors (exit code 2): an unknown or mistyped `--param`, a missing script file.
    public let isUsageError: Bool

    public init(file: String, line: Int, column: Int, message: String, sourceLine: String = "", isUsageError: Bool = false) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.sourceLine = sourceLine
        self.isUsageError = isUsageError
    }

    /// The process exit code for this error: 2 for usage errors, 1 otherwise.
    public var exitCode: Int32 { isUsageError ? 2 : 1 }

    /// `file:line:col: error: message`, then the source line and a caret under the column.
    public var description: String {
        let location = line > 0 ? "\(file):\(line):\(column): " : (file.isEmpty ? "" : "\(file): ")
        var s = location + "error: " + message
        if !sourceLine.isEmpty {
            s += "\n" + sourceLine + "\n" + String(repeating: " ", count: max(0, column - 1)) + "^"
        }
        return s
    }
}

/// One interpreter of the `.dfs` language over a `Session`: `dfs run`, `dfs -c`, `dfs check` and the
/// REPL all drive one of these. Variables, parameters and imports persist between `run` calls, so a
/// REPL session is a sequence of `run`s.
///
/// Output of `print`, `show` and friends goes to `output` (stdout by default); errors are thrown as
/// `ScriptError`, and nothing after the failing statement of a `run` is executed.
public final class ScriptEngine {
    public let session: Session
    let output: (String) -> Void
    /// `--param name=value` overrides, still as text: each is parsed with the type of the script's
    /// `param name = default` declaration.
    let paramOverrides: [String: String]

    /// The width `show()` fits its table into (the REPL sets the terminal's width; nil: no limit,
    /// Spark's 20-character cell truncation only).
    public var displayWidth: Int? = nil

    /// - Parameters:
    ///   - params: overrides for the script's `param` declarations (`dfs run job.dfs --param n=5`).
    ///     An override the script does not declare, or whose text does not parse as the declared type,
    ///     is a usage error (exit code 2) reported before any statement runs.
    ///   - output: receives everything the script prints (`print`, `show`, `explain`), with newlines.
    public init(session: Session, params: [String: String] = [:], output: @escaping (String) -> Void = { print($0, terminator: "") }) {
        self.session = session
        self.paramOverrides = params
        self.output = output
    }

    /// Parses and runs `source` (a whole script, or one REPL entry). Stops at the first error.
    /// - Parameter file: the name errors report (`job.dfs`, `<stdin>`, `<repl>`, `-c`).
    public func run(_ source: String, file: String = "<input>") throws(ScriptError) {
        throw ScriptError(file: file, line: 0, column: 0, message: "the .dfs interpreter is not built yet")
    }

    /// Parses and analyzes `source` without running anything (`dfs check`): syntax, unknown names,
    /// functions and methods with wrong argument labels, params.
    public func check(_ source: String, file: String = "<input>") throws(ScriptError) {
        throw ScriptError(file: file, line: 0, column: 0, message: "the .dfs interpreter is not built yet")
    }

    /// True when `text` cannot be complete yet (an open bracket or string, a trailing operator or
    /// comma), so the REPL should read another line with its continuation prompt. A line starting
    /// with `.` continuing the previous one is the REPL's decision (it peeks at the next line).
    public func needsMoreInput(_ text: String) -> Bool {
        var depth = 0
        for ch in text {
            if ch == "(" || ch == "[" { depth += 1 } else if ch == ")" || ch == "]" { depth -= 1 }
        }
        return depth > 0
    }

    /// Candidates completing the word that ends at `cursor` (a UTF-8 offset) in `line`: variables,
    /// columns of the DataFrame before the cursor (`ratings.filter(rat` → `rating`), functions,
    /// methods after a `.`, and meta-commands after a leading `:`. Each candidate is the whole word.
    public func completions(line: String, cursor: Int) -> [String] { [] }

    /// The script's variables with a one-line summary each (`ratings: DataFrame[userId: int, …]`).
    public var variables: [(name: String, summary: String)] { [] }

    /// `:schema x` — the tree schema of DataFrame variable `x`.
    public func schema(of name: String) throws(ScriptError) -> String {
        throw ScriptError(file: "", line: 0, column: 0, message: "no variable '\(name)'")
    }

    /// `:explain x` — the plan of DataFrame variable `x`.
    public func explain(_ name: String) throws(ScriptError) -> String {
        throw ScriptError(file: "", line: 0, column: 0, message: "no variable '\(name)'")
    }

    /// `:help` (nil: an overview of the language and meta-commands) and `:help name` (a function's
    /// documentation from the function registry, a DataFrame method's, or a language topic).
    public func help(_ topic: String?) -> String { "" }

    /// `:param name value` — sets a parameter as `--param` would.
    public func setParam(_ name: String, _ value: String) throws(ScriptError) {}

    /// `:clear` — forgets every variable and parameter.
    public func clear() {}
}
