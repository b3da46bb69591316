import ArgumentParser
import DataFlow
import DataFlowEngine
import DataFlowScript
import Foundation

@main
struct DFS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dfs",
        abstract: "DataFlow: a Spark-class analytics engine in Swift.",
        discussion: """
        With no arguments, dfs starts the REPL on a terminal and otherwise runs the .dfs script it reads \
        from stdin. `dfs -c 'statements'` runs statements given on the command line, `dfs run job.dfs` runs \
        a script (with --param name=value overrides), `dfs check job.dfs` checks one without running it, \
        `dfs sql` runs SQL over CSV files. Exit codes: 0 success, 1 a script or query error, 2 a usage \
        error. See Docs/script-language.md.
        """,
        version: "dfs \(Session.version)",
        subcommands: [Version.self, Run.self, Check.self, SQL.self, Functions.self]
    )

    @Option(name: .customShort("c"), help: ArgumentHelp("Run these statements and exit.", valueName: "statements"))
    var command: String?

    @OptionGroup var params: ParamOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let overrides = try params.parsed()
        if let command {
            try runScript(command, file: "-c", params: overrides, global: global)
        } else if isatty(STDIN_FILENO) != 0 {
            let repl = REPL(session: try global.makeSession(), params: overrides)
            try repl.run()
        } else {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            try runScript(String(decoding: data, as: UTF8.self), file: "<stdin>", params: overrides, global: global)
        }
    }

    /// ArgumentParser's own `main`, with its usage-error exit code (64) mapped to 2 as the rest of
    /// dfs's usage errors.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if !message.isEmpty { writeStandardError(message + "\n") }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }

    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the version.")
        func run() { print("dfs \(Session.version)") }
    }

    /// `dfs functions --markdown`: the function reference (Scripts/gen-docs writes it to Docs/functions.md).
    struct Functions: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the built-in functions (--markdown: the full reference; --missing: Spark's that are not here yet).")

        @Flag(help: "Print the full reference as Markdown.")
        var markdown = false

        @Flag(help: "Print Spark's built-in functions that DataFlow does not have yet.")
        var missing = false

        func run() {
            if missing {
                let gap = FunctionRegistry.sparkCoverage
                print(gap.missing.joined(separator: "\n"))
                writeStandardError("\(gap.missing.count) of Spark's \(FunctionRegistry.sparkBuiltinNames.count) built-in functions are missing\n")
            } else if markdown {
                print(FunctionRegistry.markdown(), terminator: "")
            } else {
                print(FunctionRegistry.allNames.joined(separator: "\n"))
            }
        }
    }
}

func writeStandardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
