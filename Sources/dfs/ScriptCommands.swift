import ArgumentParser
import DataFlow
import DataFlowScript
import Foundation

/// `--param name=value`, repeatable: overrides for a script's `param` declarations.
struct ParamOptions: ParsableArguments {
    @Option(name: .customLong("param"), help: ArgumentHelp("Override a script parameter: name=value. Repeatable.", valueName: "name=value"))
    var raw: [String] = []

    /// The overrides by name; a malformed one is a usage error (exit code 2).
    func parsed() throws -> [String: String] {
        var out: [String: String] = [:]
        for p in raw {
            guard let eq = p.firstIndex(of: "="), eq != p.startIndex else {
                throw ValidationError("--param expects name=value, got '\(p)'")
            }
            let name = String(p[..<eq]).trimmingCharacters(in: .whitespaces)
            if out[name] != nil { throw ValidationError("--param \(name) is given twice") }
            out[name] = String(p[p.index(after: eq)...])
        }
        return out
    }
}

/// `dfs run job.dfs --param day=2026-11-25`.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a .dfs script.",
        discussion: """
        Examples:
          dfs run job.dfs
          dfs run clean.dfs --param day=2026-11-25 --param limit=100
        A --param the script does not declare with `param name = default`, or whose value does not
        parse as the default's type, is a usage error (exit code 2) and nothing runs.
        """)

    @Argument(help: ArgumentHelp("The script.", valueName: "file.dfs")) var file: String
    @OptionGroup var params: ParamOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let overrides = try params.parsed()
        try runScript(try readScript(file), file: file, params: overrides, global: global)
    }
}

/// `dfs check job.dfs`: parse and analyze, run nothing.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a .dfs script (syntax, names, functions, params) without running it.")

    @Argument(help: ArgumentHelp("The script.", valueName: "file.dfs")) var file: String
    @OptionGroup var params: ParamOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let overrides = try params.parsed()
        let engine = ScriptEngine(session: try global.makeSession(), params: overrides)
        let source = try readScript(file)
        do { try engine.check(source, file: file) } catch { throw fail(error) }
    }
}

/// The text of a script file; a missing or unreadable file is a usage error (exit code 2).
func readScript(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        let why = FileManager.default.fileExists(atPath: path) ? "cannot read" : "no such file"
        writeStandardError("dfs: error: \(why): \(path)\n")
        throw ExitCode(2)
    }
    return String(decoding: data, as: UTF8.self)
}

/// Runs a whole script; a `ScriptError` goes to stderr and becomes its exit code.
func runScript(_ source: String, file: String, params: [String: String], global: GlobalOptions) throws {
    let engine = ScriptEngine(session: try global.makeSession(), params: params)
    do { try engine.run(source, file: file) } catch { throw fail(error) }
}

/// Prints a script error and returns the exit code to throw.
func fail(_ error: ScriptError) -> ExitCode {
    writeStandardError(error.description + "\n")
    return ExitCode(error.exitCode)
}
