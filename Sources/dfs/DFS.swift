import ArgumentParser
import DataFlow
import DataFlowEngine

@main
struct DFS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dfs",
        abstract: "DataFlow: a Spark-class analytics engine in Swift.",
        discussion: "Today: `dfs sql` runs SQL over CSV files, `dfs functions` lists the built-in functions. Scripts (`dfs run job.dfs`) and the REPL arrive in later releases; the Swift API (`import DataFlow`) is available now.",
        version: "dfs \(Session.version)",
        subcommands: [Version.self, SQL.self, Functions.self]
    )

    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the version.")
        func run() { print("dfs \(Session.version)") }
    }

    /// `dfs functions --markdown`: the function reference (Scripts/gen-docs writes it to Docs/functions.md).
    struct Functions: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the built-in functions (--markdown: the full reference).")

        @Flag(help: "Print the full reference as Markdown.")
        var markdown = false

        func run() {
            if markdown {
                print(FunctionRegistry.markdown(), terminator: "")
            } else {
                print(FunctionRegistry.allNames.joined(separator: "\n"))
            }
        }
    }
}
