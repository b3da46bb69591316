import ArgumentParser
import DataFlow
import Foundation

/// `dfs sql "SELECT …"` / `dfs sql -f file.sql`, over files and tables registered with `--table name=path`.
struct SQL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run SQL (Spark SQL dialect) over CSV files.",
        discussion: """
        Examples:
          dfs sql "SELECT 1 + 1"
          dfs sql --table ratings=data/ratings.csv "SELECT movieId, avg(rating) FROM ratings GROUP BY movieId ORDER BY 2 DESC LIMIT 5"
          dfs sql -f report.sql --table r=data/ratings.csv --format csv > out.csv
        Tables are CSV files or folders of them (header row, types inferred). Statements in a file are
        separated by ';'; the result of each query is printed.
        """)

    @Argument(help: "The SQL text (or use --file).") var sqlText: String?
    @Option(name: [.short, .customLong("file")], help: "Read the SQL from this file.") var file: String?
    @Option(name: .customLong("table"), help: "Register a table: name=path (a CSV, Parquet, JSON lines or Arrow file, a folder of them, or a Delta table folder; the format is detected). Repeatable.") var tables: [String] = []
    @Option(help: "Output format: table, csv or json.") var format: OutputFormat = .table
    @OptionGroup var global: GlobalOptions

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    func run() throws {
        do {
            try execute()
        } catch let e as DataFlowError {
            FileHandle.standardError.write(Data("dfs sql: \(e)\n".utf8))
            throw ExitCode.failure
        }
    }

    func execute() throws {
        let session = try global.makeSession()
        for t in tables {
            guard let eq = t.firstIndex(of: "="), eq != t.startIndex else {
                throw DataFlowError.invalid("--table expects name=path, got '\(t)'")
            }
            let name = String(t[..<eq]), path = String(t[t.index(after: eq)...])
            try session.read.autodetect(path).createOrReplaceTempView(name)
        }
        let text: String
        if let file {
            text = try readScript(file)
        } else if let sqlText {
            text = sqlText
        } else {
            throw ValidationError("give the SQL as an argument or with --file")
        }
        for df in try session.sqlScript(text) {
            let schema = try df.schema
            if schema.count == 0 { continue }  // a command with no result (CREATE VIEW, DROP VIEW)
            let rows = try df.collect()
            switch format {
            case .table:
                let all = session.createDataFrame(try session.createDataFrame(rows.map(\.values), schema: schema).collectBatches(), schema: schema)
                print(try all.showString(rows.count, truncate: 0), terminator: "")
            case .csv:
                print(ResultText.csv(schema, rows.map(\.values)), terminator: "")
            case .json:
                print(ResultText.jsonLines(schema, rows.map(\.values)), terminator: "")
            }
        }
    }
}
