import DataFlow
import DataFlowML
import Foundation

/// `:help` text: an overview, a function's registry documentation, a method's binding, or a topic.
enum Help {
    static let overview = """
    DataFlow script (.dfs) — a small language over the DataFrame API.

      ratings = read.csv("ratings.csv", header: true, inferSchema: true)
      top = ratings
        .filter(rating >= 4)
        .groupBy(movieId)
        .agg(count() as n, avg(rating) as avg_rating)
        .orderBy(n.desc)
        .limit(10)
      top.show()
      param minRatings = 50        # dfs run job.dfs --param minRatings=10

    Meta-commands:
      :help [topic|function]   this text, or a function's or method's documentation
      :vars                    the variables
      :schema x                the schema of DataFrame x
      :explain x               the plans of DataFrame x
      :timing on|off           time each entry
      :load file.dfs           run a script
      :param name value        set a param
      :clear                   forget every variable and param
      :quit                    leave (or Ctrl-D)

    Topics: :help syntax, :help columns, :help params, :help functions, :help methods
    """

    static let topics: [String: String] = [
        "syntax": """
        Statements: x = expr, expr, param name = default, import "file.dfs", print(...), assert(cond, "msg").
        A newline ends a statement, except inside brackets or before a line starting with '.'.
        Operators: + - * / %  == != < <= > >=  and or not (also && || !)  x as name.
        Values: 1, 2.5, "text\\n", true, false, null, date("2026-11-25"), [1, 2], parts[0], parts[-1].
        """,
        "columns": """
        Inside a DataFrame method, bare names are its columns: ratings.filter(rating >= 4).
        `name with space` and col("name") reach any column; a variable is used when no column has the
        name; a name that is both is an error (use col("x")).
        """,
        "params": """
        param name = default declares a parameter typed by its default (int, double, string, bool, date).
        dfs run job.dfs --param name=value overrides it; an unknown or mistyped override is a usage error.
        """,
        "functions": "Every function of the registry, by name: " + BindingTable.allFunctionNames.joined(separator: ", "),
        "methods": "DataFrame: " + BindingTable.dataFrame.map(\.name).joined(separator: ", ")
            + "\nGroupedData: " + BindingTable.groupedData.map(\.name).joined(separator: ", ")
            + "\nColumn: " + BindingTable.column.map(\.name).joined(separator: ", ")
            + "\nread: " + BindingTable.reader.map(\.name).joined(separator: ", ")
            + "\nwrite: " + BindingTable.writer.map(\.name).joined(separator: ", "),
    ]

    static func text(_ topic: String?) -> String {
        guard var t = topic?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return overview + "\n" }
        if t.hasSuffix("()") { t.removeLast(2) }
        if let s = topics[t] { return s + "\n" }
        var parts: [String] = []
        if let f = BindingTable.registryFunction(t) {
            parts.append("\(f.signature)\n  \(f.doc)\n  Example: \(f.example)")
        }
        if let b = BindingTable.functionsByName[t] { parts.append("\(b.signature)\n  \(b.doc)") }
        if let type = StageRegistry.type(named: t) {
            parts.append("\(t)(\(type.paramNames.map { $0 + ":" }.joined(separator: ", ")))\n" + type.init().explainParams()
                .split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        }
        let tables: [(String, [ScriptBinding])] = [("DataFrame", BindingTable.dataFrame), ("GroupedData", BindingTable.groupedData),
                                                  ("na", BindingTable.naFunctions), ("Column", BindingTable.column),
                                                  ("Window", BindingTable.windowNamespace), ("read", BindingTable.reader), ("write", BindingTable.writer)]
        for (type, table) in tables {
            for b in table where b.name == t { parts.append("\(type).\(b.signature)\n  \(b.doc)") }
        }
        if parts.isEmpty {
            let all = BindingTable.allFunctionNames + tables.flatMap { $0.1.map(\.name) } + Array(topics.keys)
            return "no help for '\(t)'\(Suggest.hint(t, all))\n"
        }
        return parts.joined(separator: "\n") + "\n"
    }
}
