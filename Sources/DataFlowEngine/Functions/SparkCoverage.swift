// How much of Spark's built-in function list DataFlow covers: `dfs functions --missing` prints the gap and
// Docs/functions.md ends with it. `sparkBuiltinNames` is generated from Spark itself (SparkBuiltinNames.swift).

extension FunctionRegistry {
    /// Spark built-ins that DataFlow's SQL grammar implements as syntax rather than as registry functions:
    /// operators, `CASE WHEN`, `CAST`, `EXTRACT`, `[NOT] IN`, `[I]LIKE`, `BETWEEN`, logical connectives.
    /// (`SparkCoverageTests` runs an example of each.)
    public static let sqlSyntaxNames: Set<String> = [
        "!", "!=", "%", "*", "+", "-", "/", "<", "<=", "<=>", "<>", "=", "==", ">", ">=", "||",
        "and", "or", "not", "between", "case", "when", "cast", "extract", "in", "like", "ilike",
    ]

    /// Whether `name` can be called in DataFlow: a registered function or alias, or SQL syntax.
    public static func isAvailable(_ name: String) -> Bool {
        let n = name.lowercased()
        return sqlSyntaxNames.contains(n) || scalar(n) != nil || aggregate(n) != nil || window(n) != nil
    }

    /// Spark's built-in names that DataFlow has, and those it still lacks (both sorted).
    public static var sparkCoverage: (available: [String], missing: [String]) {
        var available: [String] = [], missing: [String] = []
        for name in sparkBuiltinNames {
            if isAvailable(name) { available.append(name) } else { missing.append(name) }
        }
        return (available, missing)
    }

    /// The Markdown section that closes Docs/functions.md.
    static func coverageMarkdown() -> String {
        let (available, missing) = sparkCoverage
        var out = "## Compared with Spark\n\n"
        out += "Spark lists \(sparkBuiltinNames.count) built-in functions and operators (`SHOW SYSTEM FUNCTIONS`). "
        out += "DataFlow has \(available.count) of them, as functions, aliases or SQL syntax; "
        out += "these \(missing.count) are not available yet (`dfs functions --missing` prints the same list):\n\n"
        out += missing.map { "`\($0)`" }.joined(separator: ", ") + "\n"
        return out
    }
}
