import ArgumentParser
import DataFlow

@main
struct DFS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dfs",
        abstract: "DataFlow: a Spark-class analytics engine in Swift.",
        discussion: "Scripts (`dfs run job.dfs`), the REPL and SQL arrive in later releases; today `dfs` reports its version and explains what it will do.",
        version: "dfs \(Session.version)",
        subcommands: [Version.self]
    )

    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the version.")
        func run() { print("dfs \(Session.version)") }
    }
}
