// Renders the function registry as Markdown: `dfs functions --markdown` prints it and
// `Scripts/gen-docs` writes it to Docs/functions.md, so the reference never drifts from the code.

extension FunctionRegistry {
    /// Display order of scalar categories; categories not listed here follow, alphabetically.
    static let categoryOrder = ["string", "math", "datetime", "conditional", "collection", "generator"]

    static let categoryTitles = [
        "string": "String functions", "math": "Math functions", "datetime": "Date and time functions",
        "conditional": "Conditional and null functions", "collection": "Collection functions",
        "generator": "Generator functions", "hash": "Hash functions", "misc": "Miscellaneous functions",
    ]

    /// Every scalar and aggregate function as a Markdown reference, grouped by category.
    public static func markdown() -> String {
        var out = """
        # Function reference

        <!-- Generated from the FunctionRegistry by `Scripts/gen-docs` (`dfs functions --markdown`). Do not edit by hand. -->

        Every function below can be called by name with `callFunction("name", col("x"), ...)`; most also have
        a Swift function of the same name in `DataFlow` (`upper(col("name"))`, `avg("rating")`). Names are
        case-insensitive. Examples use SQL notation: `'text'` is a string literal, `→` shows the result.
        Semantics are Spark 4's with ANSI mode on; each function's answers, result types and errors are
        checked against Spark's own (`Tests/DataFlowTests/Fixtures/spark-functions/`). The last section
        lists the Spark built-ins that are not here yet.


        """

        let scalarList = scalars.values.filter { !$0.name.hasPrefix("__") }.sorted { $0.name < $1.name }  // `__` names are operators' internals
        let grouped = Dictionary(grouping: scalarList, by: \.category)
        let categories = categoryOrder.filter { grouped[$0] != nil }
            + grouped.keys.filter { !categoryOrder.contains($0) }.sorted()

        // Aliases grouped by the function they name.
        var aliasesOf: [String: [String]] = [:]
        for (alias, target) in aliases { aliasesOf[target, default: []].append(alias) }
        for (alias, target) in aggregateAliases { aliasesOf[target, default: []].append(alias) }

        out += "## Contents\n\n"
        for c in categories { out += "- [\(title(c))](#\(anchor(title(c)))) (\(grouped[c]!.count))\n" }
        out += "- [Aggregate functions](#aggregate-functions) (\(aggregateList.count))\n"
        out += "- [Window functions](#window-functions) (\(windows.count))\n\n"

        for c in categories {
            out += "## \(title(c))\n\n"
            for f in grouped[c]! {
                out += entry(name: f.name, signature: f.signature, doc: f.doc, example: f.example,
                             aliases: aliasesOf[f.name] ?? [])
            }
        }
        out += "## Aggregate functions\n\n"
        out += "Used in `agg(...)` after `groupBy(...)`, or on a whole DataFrame with `df.agg(...)`.\n\n"
        for f in aggregateList {
            out += entry(name: f.name, signature: f.signature, doc: f.doc, example: f.example,
                         aliases: aliasesOf[f.name] ?? [])
        }
        out += "## Window functions\n\n"
        out += "Ranking and offset functions, used only with `.over(window)` (`row_number().over(Window.partitionBy(\"k\").orderBy(\"x\"))`). "
        out += "Every aggregate above can also be computed over a window, on ROWS or RANGE frames.\n\n"
        for f in windows.values.sorted(by: { $0.name < $1.name }) {
            out += entry(name: f.name, signature: f.signature, doc: f.doc, example: f.example, aliases: [])
        }
        out += coverageMarkdown()
        return out
    }

    /// Aggregates under their own names (the registry also stores them under Spark's aliases).
    static var aggregateList: [AggregateFunction] {
        var seen = Set<String>()
        return aggregates.values.filter { seen.insert($0.name).inserted }.sorted { $0.name < $1.name }
    }

    /// `alias → function name` for aggregates registered under a second name.
    static var aggregateAliases: [String: String] {
        var d: [String: String] = [:]
        for (key, f) in aggregates where key != f.name { d[key] = f.name }
        return d
    }

    static func title(_ category: String) -> String {
        categoryTitles[category] ?? (category.prefix(1).uppercased() + category.dropFirst() + " functions")
    }

    static func anchor(_ title: String) -> String {
        String(title.lowercased().map { $0 == " " ? "-" : $0 }.filter { $0.isLetter || $0.isNumber || $0 == "-" })
    }

    static func entry(name: String, signature: String, doc: String, example: String, aliases: [String]) -> String {
        var s = "### `\(name)`\n\n`\(signature)`\n\n\(doc)\n\n"
        if !example.isEmpty { s += "Example: `\(example)`\n\n" }
        if !aliases.isEmpty { s += "Aliases: " + aliases.sorted().map { "`\($0)`" }.joined(separator: ", ") + "\n\n" }
        return s
    }
}
