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
    let interpreter: Interpreter

    /// The width `show()` fits its table into (the REPL sets the terminal's width; nil: no limit,
    /// Spark's 20-character cell truncation only).
    public var displayWidth: Int? = nil

    /// When true, `run` prints the value of each expression statement that is not null (as a REPL
    /// does: `ratings` → `DataFrame[userId: int, …]`). Always on for `file: "<repl>"`.
    public var echoesExpressions = false

    /// - Parameters:
    ///   - params: overrides for the script's `param` declarations (`dfs run job.dfs --param n=5`).
    ///     An override the script does not declare, or whose text does not parse as the declared type,
    ///     is a usage error (exit code 2) reported before any statement runs.
    ///   - output: receives everything the script prints (`print`, `show`, `explain`), with newlines.
    public init(session: Session, params: [String: String] = [:], output: @escaping (String) -> Void = { print($0, terminator: "") }) {
        self.session = session
        self.paramOverrides = params
        self.output = output
        self.interpreter = Interpreter(session: session, overrides: params, output: output)
    }

    /// Parses and runs `source` (a whole script, or one REPL entry). Stops at the first error.
    /// - Parameter file: the name errors report (`job.dfs`, `<stdin>`, `<repl>`, `-c`).
    public func run(_ source: String, file: String = "<input>") throws(ScriptError) {
        let main = try interpreter.parse(source, name: file, directory: Interpreter.directory(forFile: file))
        var files: [String: SourceFile] = [:]
        try interpreter.loadImports(main, into: &files, stack: Interpreter.key(forFile: file).map { [$0] } ?? [])
        try interpreter.checkParams([main] + files.values.sorted { $0.name < $1.name })
        interpreter.displayWidth = displayWidth
        interpreter.echo = echoesExpressions || file == "<repl>"
        interpreter.dryRun = false
        interpreter.importedThisRun = []
        try interpreter.runFile(main, files: files, key: nil)
    }

    /// Parses and analyzes `source` without running anything (`dfs check`): syntax, unknown names,
    /// functions and methods with wrong argument labels, params.
    ///
    /// DataFrames are still built, which is cheap and lazy: reading a CSV reads its header (and, with
    /// `inferSchema`, samples rows) so that column names can be checked; `sql(...)` is analyzed.
    /// Actions (`show`, `count`, `collect`, `first`, `write…csv`, `print`, `assert`) do not run; their
    /// results are unknown, and anything computed from them is not checked further. The engine's
    /// variables are left as they were.
    public func check(_ source: String, file: String = "<input>") throws(ScriptError) {
        let main = try interpreter.parse(source, name: file, directory: Interpreter.directory(forFile: file))
        var files: [String: SourceFile] = [:]
        try interpreter.loadImports(main, into: &files, stack: Interpreter.key(forFile: file).map { [$0] } ?? [])
        let saved = (interpreter.variables, interpreter.paramTypes, interpreter.overridesChecked, interpreter.echo)
        defer {
            (interpreter.variables, interpreter.paramTypes, interpreter.overridesChecked, interpreter.echo) = saved
            interpreter.dryRun = false
        }
        try interpreter.checkParams([main] + files.values.sorted { $0.name < $1.name })
        interpreter.dryRun = true
        interpreter.echo = false
        interpreter.importedThisRun = []
        try interpreter.runFile(main, files: files, key: nil)
    }

    /// True when `text` cannot be complete yet (an open bracket or string, a trailing operator or
    /// comma), so the REPL should read another line with its continuation prompt. A line starting
    /// with `.` continuing the previous one is the REPL's decision (it peeks at the next line).
    public func needsMoreInput(_ text: String) -> Bool {
        Completion.needsMoreInput(text)
    }

    /// Candidates completing the word that ends at `cursor` (a UTF-8 offset) in `line`: variables,
    /// columns of the DataFrame before the cursor (`ratings.filter(rat` → `rating`), functions,
    /// methods after a `.`, and meta-commands after a leading `:`. Each candidate is the whole word.
    public func completions(line: String, cursor: Int) -> [String] {
        Completion(interpreter: interpreter).candidates(line: line, cursor: cursor)
    }

    /// The script's variables with a one-line summary each (`ratings: DataFrame[userId: int, …]`).
    public var variables: [(name: String, summary: String)] {
        interpreter.variables.keys.sorted().map { name in
            let v = interpreter.variables[name] ?? .null
            switch v {
            case .frame, .string, .int, .double, .bool, .null, .date: return (name, v.literalText)
            default:
                let text = v.literalText
                return (name, text.count > 80 ? String(text.prefix(77)) + "..." : text)
            }
        }
    }

    /// `:schema x` — the tree schema of DataFrame variable `x`.
    public func schema(of name: String) throws(ScriptError) -> String {
        let df = try frameVariable(name)
        do { return try df.schema.treeString } catch { throw ScriptError(file: "", line: 0, column: 0, message: "\(error)") }
    }

    /// `:explain x` — the plan of DataFrame variable `x`.
    public func explain(_ name: String) throws(ScriptError) -> String {
        let df = try frameVariable(name)
        do { return try df.explainString() } catch { throw ScriptError(file: "", line: 0, column: 0, message: "\(error)") }
    }

    func frameVariable(_ name: String) throws(ScriptError) -> DataFrame {
        switch interpreter.variables[name] {
        case .frame(let df)?: return df
        case .grouped(_, let df)?: return df
        case let v?: throw ScriptError(file: "", line: 0, column: 0, message: "'\(name)' is a \(v.typeName), not a DataFrame")
        case nil:
            throw ScriptError(file: "", line: 0, column: 0, message: "no variable '\(name)'\(Suggest.hint(name, Array(interpreter.variables.keys)))")
        }
    }

    /// `:help` (nil: an overview of the language and meta-commands) and `:help name` (a function's
    /// documentation from the function registry, a DataFrame method's, or a language topic).
    public func help(_ topic: String?) -> String { Help.text(topic) }

    /// `:param name value` — sets a parameter as `--param` would.
    public func setParam(_ name: String, _ value: String) throws(ScriptError) {
        if let t = interpreter.paramTypes[name] {
            guard let v = t.parse(value) else {
                throw ScriptError(file: "", line: 0, column: 0, message: "invalid value '\(value)' for param '\(name)': expected \(t == .int ? "an" : "a") \(t.rawValue)", isUsageError: true)
            }
            interpreter.variables[name] = v
        }
        // Also kept for a later `param` declaration (`:param` before `:load job.dfs`).
        interpreter.overrides[name] = value
    }

    /// Defines (or replaces) a variable, as `name = value` in a script would: how a Swift program hands
    /// a DataFrame to a script (`engine.define("ratings", .frame(df))`).
    public func define(_ name: String, _ value: ScriptValue) {
        interpreter.variables[name] = value
    }

    /// `:clear` — forgets every variable and parameter.
    public func clear() {
        interpreter.variables = [:]
        interpreter.paramTypes = [:]
        interpreter.overrides = paramOverrides
    }
}
