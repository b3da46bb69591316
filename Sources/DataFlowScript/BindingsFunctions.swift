import DataFlow
import enum DataFlowColumnar.DateTime
import func DataFlowColumnar.formatDouble
import enum DataFlowEngine.FunctionRegistry
import enum DataFlowEngine.Expr

// Script functions: the language's own (print, assert, str, …), the Swift API's free functions that
// are not registry functions (col, lit, when, asc, countDistinct, …), and — reached generically by
// name, so a new registry function appears in scripts by itself — every FunctionRegistry function.

extension BindingTable {
    static let functions: [ScriptBinding] = [
        ScriptBinding("print", 0...Int.max, action: true, signature: "print(values...)", doc: "Prints the values separated by one space, then a newline.") { c in
            c.print(c.positional.map(\.text).joined(separator: " ") + "\n")
            return .null
        },
        ScriptBinding("assert", 1...2, action: true, signature: "assert(condition, message)", doc: "Stops the script with an error (exit code 1) when the condition is false.") { c in
            guard case .bool(let ok) = c.value(0) else { throw c.fail("argument 1 of assert() must be a bool, not \(c.value(0).typeName)", at: 0) }
            if !ok {
                let message = c.has(1) ? c.value(1).text : "condition is false"
                throw c.fail("assertion failed: \(message)", at: 0)
            }
            return .null
        },
        ScriptBinding("str", 1...1, signature: "str(value)", doc: "The value as a string (as print shows it).") { c in .string(c.value(0).text) },
        ScriptBinding("int", 1...1, signature: "int(value)", doc: "Converts a number or string to an int (a column: cast to int).") { c in
            switch c.value(0) {
            case .int: return c.value(0)
            case .double(let d):
                guard d.isFinite, let v = Int64(exactly: d.rounded(.towardZero)) else { throw c.fail("\(formatDouble(d)) does not fit in an int", at: 0) }
                return .int(v)
            case .string(let s):
                guard let v = Int64(s.trimmingSpaces) else { throw c.fail("'\(s)' is not an int", at: 0) }
                return .int(v)
            case .bool(let b): return .int(b ? 1 : 0)
            case .column(let col): return .column(col.cast("int"))
            default: throw c.fail("int() cannot convert \(c.value(0).typeName)", at: 0)
            }
        },
        ScriptBinding("double", 1...1, signature: "double(value)", doc: "Converts a number or string to a double (a column: cast to double).") { c in
            switch c.value(0) {
            case .int(let v): return .double(Double(v))
            case .double: return c.value(0)
            case .string(let s):
                guard let v = Double(s.trimmingSpaces) else { throw c.fail("'\(s)' is not a double", at: 0) }
                return .double(v)
            case .column(let col): return .column(col.cast("double"))
            default: throw c.fail("double() cannot convert \(c.value(0).typeName)", at: 0)
            }
        },
        ScriptBinding("len", 1...1, signature: "len(value)", doc: "Length of a string (characters) or a list.") { c in
            switch c.value(0) {
            case .string(let s): return .int(Int64(s.count))
            case .list(let l): return .int(Int64(l.count))
            case .row(let r): return .int(Int64(r.count))
            default: throw c.fail("len() needs a string or a list, not \(c.value(0).typeName)", at: 0)
            }
        },
        ScriptBinding("date", 1...1, signature: "date(\"yyyy-mm-dd\")", doc: "A date value (a column: cast to date).") { c in
            switch c.value(0) {
            case .string(let s):
                guard let d = DateTime.parseDate(s) else { throw c.fail("'\(s)' is not a date; write yyyy-mm-dd", at: 0) }
                return .date(d)
            case .date: return c.value(0)
            case .column(let col): return .column(col.cast("date"))
            default: throw c.fail("date() needs a string such as \"2026-11-25\", not \(c.value(0).typeName)", at: 0)
            }
        },
        ScriptBinding("col", 1...1, signature: "col(name)", doc: "The column of this name (any name, even with spaces).") { c in .column(col(try c.string(0))) },
        ScriptBinding("lit", 1...1, signature: "lit(value)", doc: "A constant column.") { c in .column(try c.column(0)) },
        ScriptBinding("when", 2...2, signature: "when(condition, value)", doc: "when(c, v).when(c2, v2).otherwise(v3): CASE WHEN.") { c in
            .column(when(try c.column(0), try c.column(1)))
        },
        ScriptBinding("sql", 1...1, signature: "sql(query)", doc: "Runs SQL over temporary views (df.createOrReplaceTempView(name)) and tables.") { c in
            .frame(try c.session.sql(try c.string(0)))
        },
        ScriptBinding("table", 1...1, signature: "table(name)", doc: "A view or table of the catalog as a DataFrame.") { c in .frame(try c.session.table(try c.string(0))) },
        ScriptBinding("range", 1...2, labels: ["step"], signature: "range(end) | range(start, end, step:)", doc: "A DataFrame with one bigint column id.") { c in
            if c.has(1) { return .frame(c.session.range(Int64(try c.int(0)), Int64(try c.int(1)), step: Int64(try c.int("step") ?? 1))) }
            return .frame(c.session.range(0, Int64(try c.int(0)), step: Int64(try c.int("step") ?? 1)))
        },
        ScriptBinding("asc", 1...1, signature: "asc(name)", doc: "Ascending order.") { c in .sort(try c.columnsOrNames()[0].asc) },
        ScriptBinding("desc", 1...1, signature: "desc(name)", doc: "Descending order.") { c in .sort(try c.columnsOrNames()[0].desc) },
        ScriptBinding("asc_nulls_last", 1...1, signature: "asc_nulls_last(name)", doc: "Ascending, NULLs last.") { c in .sort(try c.columnsOrNames()[0].ascNullsLast) },
        ScriptBinding("desc_nulls_first", 1...1, signature: "desc_nulls_first(name)", doc: "Descending, NULLs first.") { c in .sort(try c.columnsOrNames()[0].descNullsFirst) },
        ScriptBinding("countDistinct", 1...1, signature: "countDistinct(column)", doc: "Number of distinct non-null values.") { c in
            .column(countDistinct(try c.columnsOrNames()[0]))
        },
        ScriptBinding("sumDistinct", 1...1, signature: "sumDistinct(column)", doc: "Sum of distinct values.") { c in .column(sumDistinct(try c.columnsOrNames()[0])) },
        ScriptBinding("count_distinct", 1...Int.max, signature: "count_distinct(columns...)", doc: "Number of distinct non-null values (of tuples, with several columns).") { c in
            let cols = try c.columnsOrNames()
            return .column(Column(.aggregate("count", cols.map(\.expr), distinct: true)))
        },
        ScriptBinding("create_map", 0...Int.max, signature: "create_map(key1, value1, ...)", doc: "A map column from key and value columns (the registry's `map`).") { c in
            .column(Column(.function("map", try c.columns(from: 0).map(\.expr))))
        },
        ScriptBinding("sum_distinct", 1...1, signature: "sum_distinct(column)", doc: "Sum of distinct values.") { c in .column(sum_distinct(try c.columnsOrNames()[0])) },
        ScriptBinding("call_udf", 1...Int.max, signature: "call_udf(name, columns...)", doc: "Calls a function registered with session.udf.register.") { c in
            .column(call_udf(try c.string(0), try c.columns(from: 1)))
        },
        ScriptBinding("callFunction", 1...Int.max, signature: "callFunction(name, columns...)", doc: "Calls a registry function by name.") { c in
            .column(DataFlow.Column(.function(try c.string(0), try c.columns(from: 1).map(\.expr))))
        },
        ScriptBinding("try_add", 2...2, signature: "try_add(a, b)", doc: "a + b, NULL on overflow.") { c in .column(try_add(try c.column(0), try c.column(1))) },
        ScriptBinding("try_subtract", 2...2, signature: "try_subtract(a, b)", doc: "a - b, NULL on overflow.") { c in .column(try_subtract(try c.column(0), try c.column(1))) },
        ScriptBinding("try_multiply", 2...2, signature: "try_multiply(a, b)", doc: "a * b, NULL on overflow.") { c in .column(try_multiply(try c.column(0), try c.column(1))) },
        ScriptBinding("try_divide", 2...2, signature: "try_divide(a, b)", doc: "a / b, NULL when b is 0.") { c in .column(try_divide(try c.column(0), try c.column(1))) },
    ]

    /// A registry function by name (case-insensitive), with its arity.
    static func registryFunction(_ name: String) -> (name: String, arity: ClosedRange<Int>, signature: String, doc: String, example: String, isAggregate: Bool)? {
        let n = name.lowercased()
        if let f = FunctionRegistry.aggregate(n) { return (n, f.arity, f.signature, f.doc, f.example, true) }
        if let f = FunctionRegistry.window(n) { return (n, f.arity, f.signature, f.doc, f.example, false) }
        if let f = FunctionRegistry.scalar(n) { return (n, f.arity, f.signature, f.doc, f.example, false) }
        return nil
    }

    /// Lowers a registry function call: scalars and windows to `Expr.function`, aggregates to
    /// `Expr.aggregate`. An aggregate's first argument may be a column name string, as in the Swift
    /// API (`avg("rating")`, `count("*")`); other strings are literals.
    static func callRegistry(_ name: String, isAggregate: Bool, _ c: ScriptCall) throws -> ScriptValue {
        var args: [DataFlow.Column] = []
        for i in 0..<c.count {
            if isAggregate, i == 0, case .string(let s) = c.value(0) {
                if s == "*" && name == "count" { continue }
                args.append(col(s))
            } else {
                args.append(try c.column(i))
            }
        }
        if isAggregate { return .column(DataFlow.Column(.aggregate(name, args.map(\.expr)))) }
        return .column(DataFlow.Column(.function(name, args.map(\.expr))))
    }

    /// Every registry function name (with aliases).
    static var registryNames: [String] { FunctionRegistry.allNames }
}

extension String {
    var trimmingSpaces: Substring {
        var s = self[...]
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
