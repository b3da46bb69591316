import DataFlowColumnar
import DataFlowEngine

/// `df.na`: dropping or filling nulls (and NaN, as Spark does for doubles).
public struct NaFunctions: Sendable {
    let frame: DataFrame

    /// Drops rows with a null (or NaN) in any (`how: "any"`) or all (`"all"`) of `subset` (default: every column).
    public func drop(how: String = "any", subset: [String]? = nil) throws -> DataFrame {
        guard how == "any" || how == "all" else { throw DataFlowError.invalid("na.drop how must be 'any' or 'all', got '\(how)'") }
        let missing: [Expr] = try selected(subset).map { f, c in
            f.type == .float64 ? .or(.isNull(c), .function("isnan", [c])) : .isNull(c)
        }
        guard let first = missing.first else { return frame }
        let cond: Expr = how == "any"
            ? .not(missing.dropFirst().reduce(first) { .or($0, $1) })
            : .not(missing.dropFirst().reduce(first) { .and($0, $1) })
        return frame.with(.filter(cond, frame.plan))
    }

    /// Drops rows with fewer than `minNonNulls` non-null values.
    public func drop(minNonNulls: Int, subset: [String]? = nil) throws -> DataFrame {
        let counts = try selected(subset).map { _, c in
            Expr.caseWhen([.init(.isNotNull(c), .literal(.int32(1)))], otherwise: .literal(.int32(0)))
        }
        guard let first = counts.first else { return frame }
        let total = counts.dropFirst().reduce(first) { .arithmetic(.add, $0, $1) }
        return frame.with(.filter(.comparison(.ge, total, .literal(.int32(Int32(minNonNulls)))), frame.plan))
    }

    /// Replaces nulls in numeric columns (of `subset`, default all) with `value`.
    public func fill(_ value: Double, subset: [String]? = nil) throws -> DataFrame {
        try fill(.double(value), subset: subset) { $0.isNumeric }
    }
    public func fill(_ value: Int, subset: [String]? = nil) throws -> DataFrame {
        try fill(.int64(Int64(value)), subset: subset) { $0.isNumeric }
    }
    /// Replaces nulls in string columns with `value`.
    public func fill(_ value: String, subset: [String]? = nil) throws -> DataFrame {
        try fill(.string(value), subset: subset) { $0 == .string }
    }
    public func fill(_ value: Bool, subset: [String]? = nil) throws -> DataFrame {
        try fill(.bool(value), subset: subset) { $0 == .boolean }
    }
    /// Per-column replacement values.
    public func fill(_ values: [String: Value]) throws -> DataFrame {
        let schema = try frame.schema
        for k in values.keys where schema.index(of: k) == nil {
            throw DataFlowError("UNRESOLVED_COLUMN", "na.fill: no column `\(k)` in [\(schema.names.joined(separator: ", "))]")
        }
        let exprs: [Expr] = zip(schema.fields, try frame.outputColumns()).map { f, col in
            guard let v = values.first(where: { $0.key.lowercased() == f.name.lowercased() })?.value else { return col.ref }
            return .alias(.function("coalesce", [col.ref, .cast(.literal(v), f.type)]), f.name)
        }
        return frame.with(.project(exprs, frame.plan))
    }

    func fill(_ v: Value, subset: [String]?, applies: (DataType) -> Bool) throws -> DataFrame {
        let schema = try frame.schema
        let names = Set(try resolve(subset, schema).map { $0.lowercased() })
        let exprs: [Expr] = zip(schema.fields, try frame.outputColumns()).map { f, col in
            guard names.contains(f.name.lowercased()), applies(f.type) else { return col.ref }
            let c = col.ref
            let filled: Expr = f.type == .float64
                ? .caseWhen([.init(.or(.isNull(c), .function("isnan", [c])), .cast(.literal(v), f.type))], otherwise: c)
                : .function("coalesce", [c, .cast(.literal(v), f.type)])
            return .alias(filled, f.name)
        }
        return frame.with(.project(exprs, frame.plan))
    }

    /// The columns of `subset` (default: every column), each field with a reference by position, so that
    /// duplicate names after a join do not make the rebuilt projection ambiguous.
    func selected(_ subset: [String]?) throws -> [(Field, Expr)] {
        let schema = try frame.schema
        let cols = try frame.outputColumns()
        guard let subset else { return zip(schema.fields, cols).map { ($0, $1.ref) } }
        _ = try resolve(subset, schema)
        let wanted = Set(subset.map { $0.lowercased() })
        return zip(schema.fields, cols).filter { wanted.contains($0.0.name.lowercased()) }.map { ($0, $1.ref) }
    }

    func resolve(_ subset: [String]?, _ schema: Schema) throws -> [String] {
        guard let subset else { return schema.names }
        return try subset.map { n in
            guard let i = schema.index(of: n) else {
                throw DataFlowError("UNRESOLVED_COLUMN", "no column `\(n)` in [\(schema.names.joined(separator: ", "))]")
            }
            return schema[i].name
        }
    }
}

extension DataFrame {
    /// count, mean, stddev, min, max of numeric and string columns (as strings), like Spark's `describe`.
    public func describe(_ cols: String...) throws -> DataFrame {
        try summary(statistics: ["count", "mean", "stddev", "min", "max"], columns: cols)
    }

    /// Spark's `summary`: the default statistics add the 25%, 50% and 75% percentiles.
    public func summary(_ statistics: String...) throws -> DataFrame {
        try summary(statistics: statistics.isEmpty ? ["count", "mean", "stddev", "min", "25%", "50%", "75%", "max"] : statistics, columns: [])
    }

    func summary(statistics: [String], columns cols: [String]) throws -> DataFrame {
        let schema = try self.schema
        let targets = (cols.isEmpty ? schema.fields.filter { $0.type.isNumeric || $0.type == .string } : try cols.map { c in
            guard let i = schema.index(of: c) else {
                throw DataFlowError("UNRESOLVED_COLUMN", "no column `\(c)` in [\(schema.names.joined(separator: ", "))]")
            }
            return schema[i]
        })
        var exprs: [Expr] = []
        for stat in statistics {
            for f in targets {
                let c = Expr.column(f.name)
                let numeric = f.type.isNumeric
                let e: Expr
                switch stat {
                case "count": e = .aggregate("count", [c])
                case "mean": e = numeric ? .aggregate("avg", [c]) : .cast(.literal(.null), .float64)
                case "stddev": e = numeric ? .aggregate("stddev", [c]) : .cast(.literal(.null), .float64)
                case "min": e = .aggregate("min", [c])
                case "max": e = .aggregate("max", [c])
                case "25%", "50%", "75%":
                    let p = Double(stat.dropLast())! / 100
                    e = numeric ? .aggregate("percentile_approx", [c, .literal(.double(p))]) : .cast(.literal(.null), .float64)
                default:
                    throw DataFlowError.invalid("unknown summary statistic '\(stat)'; use count, mean, stddev, min, max, 25%, 50%, 75%")
                }
                exprs.append(.alias(.cast(e, .string), "\(stat)|\(f.name)"))
            }
        }
        let row = try with(.aggregate(groupBy: [], outputs: exprs, plan)).collect().first
        var rows: [[Value]] = []
        for (s, stat) in statistics.enumerated() {
            var r: [Value] = [.string(stat)]
            for k in 0..<targets.count { r.append(row?.values[s * targets.count + k] ?? .null) }
            rows.append(r)
        }
        return try session.createDataFrame(rows, schema: Schema([Field("summary", .string)] + targets.map { Field($0.name, .string) }))
    }
}
