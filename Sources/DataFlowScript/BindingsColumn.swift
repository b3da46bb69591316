import DataFlow

// Column, WindowSpec and Window methods.

extension BindingTable {
    static let column: [ScriptBinding] = {
        @Sendable func col(_ c: ScriptCall) throws -> DataFlow.Column {
            switch c.receiver {
            case .column(let x): return x
            case .sort(let s): return DataFlow.Column(s.order.expr)
            default: throw c.fail("\(c.name) needs a column")
            }
        }
        func sortProperty(_ name: String, _ f: @escaping @Sendable (DataFlow.Column) -> SortColumn) -> ScriptBinding {
            ScriptBinding(name, property: true, doc: "Sort order for orderBy(...).") { c in .sort(f(try col(c))) }
        }
        return [
            ScriptBinding("as", 1...1, signature: "as(name)", doc: "Names the column (same as `x as name`).") { c in .column(try col(c).as(try c.string(0))) },
            ScriptBinding("alias", 1...1, signature: "alias(name)", doc: "Same as as(name).") { c in .column(try col(c).as(try c.string(0))) },
            ScriptBinding("name", 1...1, signature: "name(name)", doc: "Same as as(name).") { c in .column(try col(c).as(try c.string(0))) },
            ScriptBinding("cast", 1...1, signature: "cast(type)", doc: "Converts to a type: \"int\", \"double\", \"decimal(10,2)\", \"string\", \"date\", …") { c in
                .column(try col(c).cast(try c.string(0)))
            },
            ScriptBinding("tryCast", 1...1, signature: "tryCast(type)", doc: "As cast, but NULL when a value does not convert.") { c in
                let t = try c.string(0)
                guard let type = DataType(sqlName: t) else { throw c.fail("unknown type '\(t)'; use e.g. int, bigint, double, decimal(10,2), string, date, timestamp, boolean", at: 0) }
                return .column(try col(c).tryCast(type))
            },
            ScriptBinding("isNull", property: true, doc: "True where the value is NULL.") { c in .column(try col(c).isNull) },
            ScriptBinding("isNotNull", property: true, doc: "True where the value is not NULL.") { c in .column(try col(c).isNotNull) },
            ScriptBinding("isNaN", property: true, doc: "True where the value is NaN.") { c in .column(try col(c).isNaN) },
            ScriptBinding("isin", 1...Int.max, signature: "isin(values...)", doc: "True where the value is one of these (or of a list).") { c in
                var items: [DataFlow.Column] = []
                for i in 0..<c.count {
                    if case .list(let l) = c.value(i) {
                        for v in l { items.append(try ScriptCall.toColumn(v) { throw c.fail("isin() cannot hold \($0)", at: i) }) }
                    } else {
                        items.append(try c.column(i))
                    }
                }
                return .column(try col(c).isin(items))
            },
            ScriptBinding("between", 2...2, signature: "between(low, high)", doc: "low <= x and x <= high.") { c in
                .column(try col(c).between(try c.column(0), try c.column(1)))
            },
            ScriptBinding("like", 1...1, signature: "like(pattern)", doc: "SQL LIKE (% and _).") { c in .column(try col(c).like(try c.string(0))) },
            ScriptBinding("ilike", 1...1, signature: "ilike(pattern)", doc: "Case-insensitive LIKE.") { c in .column(try col(c).ilike(try c.string(0))) },
            ScriptBinding("rlike", 1...1, signature: "rlike(regexp)", doc: "Regular expression match.") { c in .column(try col(c).rlike(try c.string(0))) },
            ScriptBinding("eqNullSafe", 1...1, signature: "eqNullSafe(other)", doc: "Equality where NULL equals NULL (SQL <=>).") { c in
                .column(try col(c).eqNullSafe(try c.column(0)))
            },
            sortProperty("asc") { $0.asc }, sortProperty("desc") { $0.desc },
            sortProperty("ascNullsFirst") { $0.ascNullsFirst }, sortProperty("ascNullsLast") { $0.ascNullsLast },
            sortProperty("descNullsFirst") { $0.descNullsFirst }, sortProperty("descNullsLast") { $0.descNullsLast },
            ScriptBinding("when", 2...2, signature: "when(condition, value)", doc: "Another branch of when(...).") { c in
                .column(try col(c).when(try c.column(0), try c.column(1)))
            },
            ScriptBinding("otherwise", 1...1, signature: "otherwise(value)", doc: "The value when no branch of when(...) matches.") { c in
                .column(try col(c).otherwise(try c.column(0)))
            },
            ScriptBinding("over", 0...1, signature: "over(window?)", doc: "Computes a ranking, offset or aggregate function over a window.") { c in
                guard c.has(0) else { return .column(try col(c).over()) }
                guard case .window(let w) = c.value(0) else { throw c.fail("argument 1 of over() must be a window such as Window.partitionBy(k).orderBy(x), not \(c.value(0).typeName)", at: 0) }
                return .column(try col(c).over(w))
            },
        ]
    }()

    static func windowMethods(_ spec: @escaping @Sendable (ScriptCall) throws -> WindowSpec) -> [ScriptBinding] {
        [
            ScriptBinding("partitionBy", 1...Int.max, signature: "partitionBy(columns...)", doc: "Window partitions.") { c in
                .window(try spec(c).partitionBy(try c.columnsOrNames()))
            },
            ScriptBinding("orderBy", 1...Int.max, signature: "orderBy(columns...)", doc: "Order within each partition.") { c in
                .window(try spec(c).orderBy(try c.sortOrders()))
            },
            ScriptBinding("rowsBetween", 2...2, signature: "rowsBetween(start, end)", doc: "A ROWS frame (Window.unboundedPreceding, Window.currentRow, …).") { c in
                .window(try spec(c).rowsBetween(Int64(try c.int(0)), Int64(try c.int(1))))
            },
            ScriptBinding("rangeBetween", 2...2, signature: "rangeBetween(start, end)", doc: "A RANGE frame.") { c in
                .window(try spec(c).rangeBetween(Int64(try c.int(0)), Int64(try c.int(1))))
            },
        ]
    }

    static let windowSpec: [ScriptBinding] = windowMethods { c in
        guard case .window(let w) = c.receiver else { throw c.fail("\(c.name)() needs a window") }
        return w
    }

    /// `Window.partitionBy(...)`: the methods start from an empty spec.
    static let windowNamespace: [ScriptBinding] = windowMethods { _ in Window.partitionBy(col("_")).partitionBy([DataFlow.Column]()) } + [
        ScriptBinding("unboundedPreceding", property: true, doc: "Frame start: the partition's first row.") { _ in .int(Window.unboundedPreceding) },
        ScriptBinding("unboundedFollowing", property: true, doc: "Frame end: the partition's last row.") { _ in .int(Window.unboundedFollowing) },
        ScriptBinding("currentRow", property: true, doc: "Frame bound: the current row.") { _ in .int(Window.currentRow) },
    ]

    static let reader: [ScriptBinding] = {
        @Sendable func r(_ c: ScriptCall) throws -> DataFrameReader {
            guard case .reader(let x) = c.receiver else { throw c.fail("\(c.name)() needs a reader") }
            return x
        }
        return [
            ScriptBinding("option", 2...2, signature: "option(key, value)", doc: "A reader option (header, inferSchema, delimiter, nullValue, mode, …).") { c in
                .reader(try r(c).option(try c.string(0), try c.optionText(1)))
            },
            ScriptBinding("schema", 1...1, signature: "schema(ddl)", doc: "The schema as DDL text (\"a INT, b STRING\"); skips inference.") { c in
                .reader(try r(c).schema(try c.string(0)))
            },
            ScriptBinding("format", 1...1, signature: "format(name)", doc: "The source format: \"parquet\" (the default), \"csv\", \"json\", \"arrow\" or \"delta\".") { c in
                .reader(try r(c).format(try c.string(0)))
            },
            ScriptBinding("load", 1...1, signature: "load(path)", doc: "Reads a file, a folder of part files, a glob, or a Delta table folder.") { c in .frame(try r(c).load(try c.string(0))) },
            ScriptBinding("parquet", 1...1, signature: "parquet(path)", doc: "Reads Parquet files.") { c in .frame(try r(c).parquet(try c.string(0))) },
            ScriptBinding("json", 1...1, signature: "json(path)", doc: "Reads JSON lines files (one object per line).") { c in .frame(try r(c).json(try c.string(0))) },
            ScriptBinding("arrow", 1...1, signature: "arrow(path)", doc: "Reads Arrow IPC files (file or stream format).") { c in .frame(try r(c).arrow(try c.string(0))) },
            ScriptBinding("autodetect", 1...1, signature: "autodetect(path)", doc: "Reads a file or folder in the format its name or first bytes say (CSV with a header and inferred types).") { c in
                .frame(try r(c).autodetect(try c.string(0)))
            },
            ScriptBinding("csv", 1...1, labels: ["header", "inferSchema", "delimiter"], signature: "csv(path, header:, inferSchema:, delimiter:)",
                          doc: "Reads CSV.") { c in
                .frame(try r(c).csv(try c.string(0), header: try c.bool("header"), inferSchema: try c.bool("inferSchema"), delimiter: try c.string("delimiter")))
            },
        ]
    }()

    static let writer: [ScriptBinding] = {
        @Sendable func w(_ c: ScriptCall) throws -> DataFrameWriter {
            guard case .writer(let x) = c.receiver else { throw c.fail("\(c.name)() needs a writer") }
            return x
        }
        /// The `mode:` label's save mode, if given.
        @Sendable func saveMode(_ c: ScriptCall) throws -> SaveMode? {
            guard let m = try c.string("mode") else { return nil }
            guard let sm = SaveMode(spark: m) else { throw c.failLabel("mode", "unknown save mode '\(m)'; use \"error\", \"overwrite\", \"append\" or \"ignore\"") }
            return sm
        }
        return [
            ScriptBinding("mode", 1...1, signature: "mode(mode)", doc: "\"error\" (default), \"overwrite\", \"append\" or \"ignore\".") { c in .writer(try w(c).mode(try c.string(0))) },
            ScriptBinding("option", 2...2, signature: "option(key, value)", doc: "A writer option (header, delimiter, singleFile, …).") { c in
                .writer(try w(c).option(try c.string(0), try c.optionText(1)))
            },
            ScriptBinding("format", 1...1, signature: "format(name)", doc: "The output format: \"parquet\" (the default), \"csv\", \"json\", \"arrow\" or \"delta\".") { c in
                .writer(try w(c).format(try c.string(0)))
            },
            ScriptBinding("parquet", 1...1, labels: ["mode", "compression"], action: true, signature: "parquet(path, mode:, compression:)",
                          doc: "Writes Parquet part files (compression: none, snappy, gzip or zstd).") { c in
                try w(c).parquet(try c.string(0), mode: try saveMode(c), compression: try c.string("compression"))
                return .null
            },
            ScriptBinding("json", 1...1, labels: ["mode"], action: true, signature: "json(path, mode:)", doc: "Writes JSON lines part files.") { c in
                try w(c).json(try c.string(0), mode: try saveMode(c))
                return .null
            },
            ScriptBinding("arrow", 1...1, labels: ["mode"], action: true, signature: "arrow(path, mode:)", doc: "Writes Arrow IPC files.") { c in
                try w(c).arrow(try c.string(0), mode: try saveMode(c))
                return .null
            },
            ScriptBinding("csv", 1...1, labels: ["mode", "header"], action: true, signature: "csv(path, mode:, header:)", doc: "Writes CSV.") { c in
                try w(c).csv(try c.string(0), mode: try saveMode(c), header: try c.bool("header"))
                return .null
            },
            ScriptBinding("partitionBy", 1...16, signature: "partitionBy(col, ...)",
                          doc: "Partition columns: Hive-style col=value folders (for Delta, the table's partitions).") { c in
                .writer(try w(c).partitionBy((0..<c.count).map { try c.string($0) }))
            },
            ScriptBinding("saveAsTable", 1...1, action: true, signature: "saveAsTable(name)",
                          doc: "Writes a catalog table (a Delta table in the warehouse; in memory without one).") { c in
                try w(c).saveAsTable(try c.string(0))
                return .null
            },
            ScriptBinding("save", 1...1, action: true, signature: "save(path)", doc: "Writes in the chosen format.") { c in
                try w(c).save(try c.string(0))
                return .null
            },
        ]
    }()
}
