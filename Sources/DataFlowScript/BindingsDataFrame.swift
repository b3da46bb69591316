import DataFlow

// DataFrame, GroupedData and NaFunctions methods, with the Swift API's names and labels.

extension BindingTable {
    static let dataFrame: [ScriptBinding] = [
        ScriptBinding("select", 0...Int.max, signature: "select(columns...)", doc: "Columns or expressions; strings are column names.") { c in
            .frame(try c.receiverFrame.select(try c.columnsOrNames()))
        },
        ScriptBinding("withColumn", 2...2, signature: "withColumn(name, column)", doc: "Adds or replaces a column.") { c in
            .frame(try c.receiverFrame.withColumn(try c.string(0), try c.column(1)))
        },
        ScriptBinding("withColumnRenamed", 2...2, signature: "withColumnRenamed(existing, newName)", doc: "Renames a column.") { c in
            .frame(try c.receiverFrame.withColumnRenamed(try c.name(0), try c.string(1)))
        },
        ScriptBinding("drop", 1...Int.max, signature: "drop(names...)", doc: "Removes columns.") { c in
            let df = try c.receiverFrame
            var out = df
            for n in try c.names() { out = try out.drop(n) }
            return .frame(out)
        },
        ScriptBinding("filter", 1...1, signature: "filter(condition)", doc: "Keeps the rows where the condition is true.") { c in
            .frame(try c.receiverFrame.filter(try c.column(0)))
        },
        ScriptBinding("where", 1...1, signature: "where(condition)", doc: "Same as filter.") { c in
            .frame(try c.receiverFrame.filter(try c.column(0)))
        },
        ScriptBinding("limit", 1...1, signature: "limit(n)", doc: "The first n rows.") { c in .frame(try c.receiverFrame.limit(try c.int(0))) },
        ScriptBinding("offset", 1...1, signature: "offset(n)", doc: "Skips n rows.") { c in .frame(try c.receiverFrame.offset(try c.int(0))) },
        ScriptBinding("orderBy", 1...Int.max, signature: "orderBy(columns...)", doc: "Sorts by columns (ascending) or orders such as n.desc.") { c in
            .frame(try c.receiverFrame.orderBy(try c.sortOrders()))
        },
        ScriptBinding("sort", 1...Int.max, signature: "sort(columns...)", doc: "Same as orderBy.") { c in
            .frame(try c.receiverFrame.orderBy(try c.sortOrders()))
        },
        ScriptBinding("distinct", signature: "distinct()", doc: "Removes duplicate rows.") { c in .frame(try c.receiverFrame.distinct()) },
        ScriptBinding("dropDuplicates", 0...Int.max, signature: "dropDuplicates(names...)", doc: "Removes duplicates, by the given columns or all.") { c in
            let n = try c.names()
            return .frame(try c.receiverFrame.dropDuplicates(n.isEmpty ? nil : n))
        },
        ScriptBinding("sample", 0...0, labels: ["fraction", "withReplacement", "seed"], doc: "A random sample.") { c in
            guard let f = try c.double("fraction") else { throw c.fail("sample() needs 'fraction:'") }
            let seed = try c.int("seed").map { UInt64(truncatingIfNeeded: $0) } ?? 42
            return .frame(try c.receiverFrame.sample(fraction: f, withReplacement: try c.bool("withReplacement") ?? false, seed: seed))
        },
        ScriptBinding("randomSplit", 1...1, labels: ["seed"], signature: "randomSplit(weights, seed:)",
                      doc: "Splits the rows at random by weights (a list of numbers, normalised): train, test = df.randomSplit([0.8, 0.2], seed: 42). Deterministic for a seed at any thread count.") { c in
            guard case .list(let items) = c.value(0) else { throw c.fail("argument 1 of randomSplit() must be a list of weights such as [0.8, 0.2]", at: 0) }
            let weights = try items.map { item -> Double in
                switch item {
                case .int(let i): return Double(i)
                case .double(let d): return d
                default: throw c.fail("randomSplit() weights must be numbers, not \(item.typeName)", at: 0)
                }
            }
            let seed = try c.int("seed").map(Int64.init) ?? 42
            return .list(try c.receiverFrame.randomSplit(weights, seed: seed).map { .frame($0) })
        },
        ScriptBinding("alias", 1...1, signature: "alias(name)", doc: "Names the DataFrame for qualified columns (t.x) after joins.") { c in
            .frame(try c.receiverFrame.alias(try c.string(0)))
        },
        ScriptBinding("union", 1...1, signature: "union(other)", doc: "Rows of both, by position.") { c in .frame(try c.receiverFrame.union(try c.frame(0))) },
        ScriptBinding("unionAll", 1...1, signature: "unionAll(other)", doc: "Same as union.") { c in .frame(try c.receiverFrame.union(try c.frame(0))) },
        ScriptBinding("unionByName", 1...1, labels: ["allowMissingColumns"], signature: "unionByName(other, allowMissingColumns:)", doc: "Rows of both, by column name.") { c in
            .frame(try c.receiverFrame.unionByName(try c.frame(0), allowMissingColumns: try c.bool("allowMissingColumns") ?? false))
        },
        ScriptBinding("join", 1...1, labels: ["on", "how"], signature: "join(other, on:, how:)",
                      doc: "Joins on a column name, a list of names or a condition; how: \"inner\" (default), \"left\", \"right\", \"full\", \"semi\", \"anti\", \"cross\".") { c in
            let df = try c.receiverFrame
            let other = try c.frame(0)
            let how = try c.string("how") ?? "inner"
            guard let on = c.label("on") else {
                return .frame(how == "cross" ? df.crossJoin(other) : try df.join(other, on: [String](), how: how))
            }
            switch on {
            case .string(let s): return .frame(try df.join(other, on: s, how: how))
            case .list: return .frame(try df.join(other, on: try c.names("on") ?? [], how: how))
            case .column(let col):
                if case .column(let n, nil) = col.expr { return .frame(try df.join(other, on: n, how: how)) }
                return .frame(try df.join(other, on: col, how: how))
            default: throw c.failLabel("on", "'on:' of join() must be a column name, a list of names or a condition, not \(on.typeName)")
            }
        },
        ScriptBinding("crossJoin", 1...1, signature: "crossJoin(other)", doc: "Every pair of rows.") { c in .frame(try c.receiverFrame.crossJoin(try c.frame(0))) },
        ScriptBinding("groupBy", 0...Int.max, signature: "groupBy(columns...)", doc: "Groups for agg(...), count(), sum(...), avg(...), min(...), max(...).") { c in
            let df = try c.receiverFrame
            return .grouped(df.groupBy(try c.columnsOrNames()), of: df)
        },
        ScriptBinding("agg", 1...Int.max, signature: "agg(columns...)", doc: "Aggregates the whole DataFrame.") { c in
            let df = try c.receiverFrame
            return .frame(df.groupBy([DataFlow.Column]()).agg(try c.columns()))
        },
        ScriptBinding("na", property: true, doc: "Missing-value functions: na.drop(...), na.fill(...).") { c in
            let df = try c.receiverFrame
            return .na(df.na, of: df)
        },
        ScriptBinding("describe", 0...Int.max, signature: "describe(cols...)", doc: "count, mean, stddev, min, max of columns.") { c in
            let df = try c.receiverFrame
            return .frame(try BindingTable.variadic(try c.names(), { try df.describe() }, { try df.describe($0) }, { try df.describe($0, $1) },
                                                    { try df.describe($0, $1, $2) }, { try df.describe($0, $1, $2, $3) }, { try df.describe($0, $1, $2, $3, $4) }))
        },
        ScriptBinding("summary", 0...Int.max, signature: "summary(statistics...)", doc: "Summary statistics.") { c in
            let stats = try (0..<c.count).map { try c.string($0) }
            let df = try c.receiverFrame
            return .frame(try BindingTable.variadic(stats, { try df.summary() }, { try df.summary($0) }, { try df.summary($0, $1) },
                                                    { try df.summary($0, $1, $2) }, { try df.summary($0, $1, $2, $3) }, { try df.summary($0, $1, $2, $3, $4) }))
        },
        ScriptBinding("cache", signature: "cache()", doc: "Keeps the result in memory after the next action.") { c in .frame(try c.receiverFrame.cache()) },
        ScriptBinding("persist", signature: "persist()", doc: "Same as cache.") { c in .frame(try c.receiverFrame.persist()) },
        ScriptBinding("unpersist", signature: "unpersist()", doc: "Forgets a cached result.") { c in .frame(try c.receiverFrame.unpersist()) },
        ScriptBinding("isCached", property: true, doc: "Whether cache() was called.") { c in .bool(try c.receiverFrame.isCached) },
        ScriptBinding("col", 1...1, signature: "col(name)", doc: "This DataFrame's column (disambiguates joins).") { c in .column(try c.receiverFrame.col(try c.string(0))) },
        ScriptBinding("createOrReplaceTempView", 1...1, signature: "createOrReplaceTempView(name)", doc: "Makes the DataFrame a view for sql(...).") { c in
            try c.receiverFrame.createOrReplaceTempView(try c.string(0))
            return .null
        },
        ScriptBinding("createTempView", 1...1, signature: "createTempView(name)", doc: "As createOrReplaceTempView, failing if the view exists.") { c in
            try c.receiverFrame.createTempView(try c.string(0))
            return .null
        },
        // Inspection (analysis only).
        ScriptBinding("schema", property: true, doc: "The schema as text (name: type, …).") { c in
            .string(try c.receiverFrame.schema.fields.map { "\($0.name): \($0.type.sqlName)" }.joined(separator: ", "))
        },
        ScriptBinding("columns", property: true, doc: "The column names.") { c in .list(try c.receiverFrame.columns.map { .string($0) }) },
        ScriptBinding("dtypes", property: true, doc: "[name, type] pairs.") { c in
            .list(try c.receiverFrame.dtypes.map { .list([.string($0.0), .string($0.1)]) })
        },
        ScriptBinding("printSchema", signature: "printSchema()", doc: "Prints the schema as a tree.") { c in
            c.print(try c.receiverFrame.schema.treeString)
            return .null
        },
        ScriptBinding("explain", labels: ["extended"], action: true, signature: "explain(extended:)", doc: "Prints the plans.") { c in
            c.print(try c.receiverFrame.explainString(extended: try c.bool("extended") ?? true))
            return .null
        },
        ScriptBinding("explainString", labels: ["extended"], signature: "explainString(extended:)", doc: "The plans as a string.") { c in
            .string(try c.receiverFrame.explainString(extended: try c.bool("extended") ?? true))
        },
        // Actions.
        ScriptBinding("show", 0...1, labels: ["truncate"], action: true, signature: "show(n = 20, truncate: true | false | width)",
                      doc: "Prints the first n rows as a table (fitted to the terminal in the REPL).") { c in
            c.print(try BindingTable.showText(try c.receiverFrame, c))
            return .null
        },
        ScriptBinding("showString", 0...1, labels: ["truncate"], action: true, signature: "showString(n = 20, truncate:)", doc: "The text show() prints.") { c in
            .string(try BindingTable.showText(try c.receiverFrame, c))
        },
        ScriptBinding("collect", action: true, signature: "collect()", doc: "All rows, as a list.") { c in .list(try c.receiverFrame.collect().map { .row($0) }) },
        ScriptBinding("take", 1...1, action: true, signature: "take(n)", doc: "The first n rows, as a list.") { c in .list(try c.receiverFrame.take(try c.int(0)).map { .row($0) }) },
        ScriptBinding("head", 0...1, action: true, signature: "head(n?)", doc: "head(): the first row (null if none); head(n): a list of rows.") { c in
            if c.has(0) { return .list(try c.receiverFrame.head(try c.int(0)).map { .row($0) }) }
            return try c.receiverFrame.head().map { .row($0) } ?? .null
        },
        ScriptBinding("first", action: true, signature: "first()", doc: "The first row (null if none).") { c in try c.receiverFrame.first().map { .row($0) } ?? .null },
        ScriptBinding("count", action: true, signature: "count()", doc: "The number of rows.") { c in .int(try c.receiverFrame.count()) },
        ScriptBinding("isEmpty", property: true, action: true, doc: "Whether there are no rows.") { c in .bool(try c.receiverFrame.isEmpty) },
        ScriptBinding("write", property: true, doc: "A writer: write.mode(...).option(...).csv(path).") { c in .writer(try c.receiverFrame.write) },
    ]

    static let groupedData: [ScriptBinding] = [
        ScriptBinding("agg", 1...Int.max, signature: "agg(columns...)", doc: "One row per group: the keys, then these aggregates.") { c in
            .frame(try c.receiverGrouped.agg(try c.columns()))
        },
        ScriptBinding("count", signature: "count()", doc: "Rows per group, as column count.") { c in .frame(try c.receiverGrouped.count()) },
        ScriptBinding("sum", 1...Int.max, signature: "sum(names...)", doc: "Sums per group.") { c in
            .frame(try c.receiverGrouped.sum(try c.names()))
        },
        ScriptBinding("avg", 1...Int.max, signature: "avg(names...)", doc: "Averages per group.") { c in
            .frame(try c.receiverGrouped.avg(try c.names()))
        },
        ScriptBinding("mean", 1...Int.max, signature: "mean(names...)", doc: "Same as avg.") { c in
            .frame(try c.receiverGrouped.mean(try c.names()))
        },
        ScriptBinding("min", 1...Int.max, signature: "min(names...)", doc: "Minimum per group.") { c in
            .frame(try c.receiverGrouped.min(try c.names()))
        },
        ScriptBinding("max", 1...Int.max, signature: "max(names...)", doc: "Maximum per group.") { c in
            .frame(try c.receiverGrouped.max(try c.names()))
        },
    ]

    static let naFunctions: [ScriptBinding] = [
        ScriptBinding("drop", 0...0, labels: ["how", "minNonNulls", "subset"], signature: "na.drop(how:, minNonNulls:, subset:)",
                      doc: "Drops rows with nulls: how \"any\" (default) or \"all\", or fewer than minNonNulls non-null values.") { c in
            let na = try c.receiverNa
            let subset = try c.names("subset")
            if let m = try c.int("minNonNulls") { return .frame(try na.drop(minNonNulls: m, subset: subset)) }
            return .frame(try na.drop(how: try c.string("how") ?? "any", subset: subset))
        },
        ScriptBinding("fill", 1...1, labels: ["subset"], signature: "na.fill(value, subset:)", doc: "Replaces nulls with a value (in columns of its type).") { c in
            let na = try c.receiverNa
            let subset = try c.names("subset")
            switch c.value(0) {
            case .int(let v):
                guard let i = Int(exactly: v) else { throw c.fail("fill value out of range", at: 0) }
                return .frame(try na.fill(i, subset: subset))
            case .double(let d): return .frame(try na.fill(d, subset: subset))
            case .string(let s): return .frame(try na.fill(s, subset: subset))
            case .bool(let b): return .frame(try na.fill(b, subset: subset))
            default: throw c.fail("argument 1 of fill() must be a number, string or bool, not \(c.value(0).typeName)", at: 0)
            }
        },
    ]

    /// Calls a Swift variadic `(String...)` method with a list (Swift cannot splat arrays).
    static func variadic<T>(_ a: [String], _ f0: () throws -> T, _ f1: (String) throws -> T, _ f2: (String, String) throws -> T,
                            _ f3: (String, String, String) throws -> T, _ f4: (String, String, String, String) throws -> T,
                            _ f5: (String, String, String, String, String) throws -> T) throws -> T {
        switch a.count {
        case 0: return try f0()
        case 1: return try f1(a[0])
        case 2: return try f2(a[0], a[1])
        case 3: return try f3(a[0], a[1], a[2])
        case 4: return try f4(a[0], a[1], a[2], a[3])
        case 5: return try f5(a[0], a[1], a[2], a[3], a[4])
        default: throw LangError(Pos(line: 0, column: 0), "at most 5 names are supported here")
        }
    }
}

extension ScriptCall {
    var receiverFrame: DataFrame {
        get throws {
            guard case .frame(let df) = receiver else { throw fail("\(name)() needs a DataFrame") }
            return df
        }
    }
    var receiverGrouped: GroupedData {
        get throws {
            guard case .grouped(let g, _) = receiver else { throw fail("\(name)() needs grouped data") }
            return g
        }
    }
    var receiverNa: NaFunctions {
        get throws {
            guard case .na(let n, _) = receiver else { throw fail("\(name)() needs df.na") }
            return n
        }
    }
}
