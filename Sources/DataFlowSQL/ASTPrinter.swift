// Compact S-expression renderings of the tree, for tests and debugging (positions left out).

extension SQLExpr: CustomStringConvertible {
    public var description: String { kind.description }
}

private func list(_ xs: [SQLExpr]) -> String { xs.map(\.description).joined(separator: " ") }
private func dotted(_ parts: [String]) -> String { parts.joined(separator: ".") }

extension SQLExprKind: CustomStringConvertible {
    public var description: String {
        switch self {
        case .column(let parts): return dotted(parts)
        case .star(let q): return q.isEmpty ? "*" : dotted(q) + ".*"
        case .literal(let l): return l.description
        case .parameter(.positional(let i)): return "?\(i)"
        case .parameter(.named(let n)): return ":\(n)"
        case .unary(let op, let e): return "(\(op.rawValue) \(e))"
        case .binary(let op, let l, let r): return "(\(op.rawValue) \(l) \(r))"
        case .isNull(let e, let neg): return "(\(neg ? "is-not-null" : "is-null") \(e))"
        case .isBoolean(let e, let v, let neg):
            return "(is\(neg ? "-not" : "")-\(v.map { $0 ? "true" : "false" } ?? "unknown") \(e))"
        case .isDistinctFrom(let l, let r, let neg): return "(\(neg ? "is-not-distinct" : "is-distinct") \(l) \(r))"
        case .between(let e, let lo, let hi, let neg): return "(\(neg ? "not-between" : "between") \(e) \(lo) \(hi))"
        case .inList(let e, let xs, let neg): return "(\(neg ? "not-in" : "in") \(e) [\(list(xs))])"
        case .inSubquery(let e, let q, let neg): return "(\(neg ? "not-in" : "in") \(e) \(q))"
        case .exists(let q, let neg): return "(\(neg ? "not-exists" : "exists") \(q))"
        case .scalarSubquery(let q): return "(subquery \(q))"
        case .like(let k, let e, let pat, let esc, let neg):
            return "(\(neg ? "not-" : "")\(k.rawValue.lowercased()) \(e) \(pat)\(esc.map { " escape '\($0)'" } ?? ""))"
        case .caseWhen(let operand, let branches, let els):
            var s = "(case"
            if let operand { s += " \(operand)" }
            for b in branches { s += " (when \(b.condition) \(b.result))" }
            if let els { s += " (else \(els))" }
            return s + ")"
        case .cast(let e, let t, let isTry): return "(\(isTry ? "try_cast" : "cast") \(e) \(t))"
        case .extract(let f, let e): return "(extract \(f) \(e))"
        case .substring(let e, let from, let len): return "(substring \(e) \(from)\(len.map { " \($0)" } ?? ""))"
        case .trim(let side, let chars, let e): return "(trim \(side.rawValue.lowercased())\(chars.map { " \($0)" } ?? "") \(e))"
        case .position(let n, let h): return "(position \(n) \(h))"
        case .function(let f): return f.description
        }
    }
}

extension SQLFunctionCall: CustomStringConvertible {
    public var description: String {
        var s = "(\(dotted(name).lowercased())\(distinct ? " distinct" : "")"
        if !arguments.isEmpty { s += " " + list(arguments) }
        s += ")"
        if let ignoreNulls { s += ignoreNulls ? " ignore-nulls" : " respect-nulls" }
        if let filter { s += " (filter \(filter))" }
        switch over {
        case .named(let w)?: s = "(over \(s) \(w))"
        case .spec(let w)?: s = "(over \(s) \(w))"
        case nil: break
        }
        return s
    }
}

extension SQLWindowSpec: CustomStringConvertible {
    public var description: String {
        var parts: [String] = []
        if let baseWindow { parts.append(baseWindow) }
        if !partitionBy.isEmpty { parts.append("(partition \(list(partitionBy)))") }
        if !orderBy.isEmpty { parts.append("(order \(orderBy.map(\.description).joined(separator: " ")))") }
        if let frame { parts.append("(\(frame.unit.rawValue.lowercased()) \(frame.start) \(frame.end))") }
        return "(window" + parts.map { " " + $0 }.joined() + ")"
    }
}

extension SQLFrameBound: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unboundedPreceding: return "unbounded-preceding"
        case .preceding(let e): return "(preceding \(e))"
        case .currentRow: return "current-row"
        case .following(let e): return "(following \(e))"
        case .unboundedFollowing: return "unbounded-following"
        }
    }
}

extension SQLOrderItem: CustomStringConvertible {
    public var description: String {
        var s = "(\(ascending ? "asc" : "desc") \(expr)"
        if let nullsFirst { s += nullsFirst ? " nulls-first" : " nulls-last" }
        return s + ")"
    }
}

extension SQLLiteral: CustomStringConvertible {
    public var description: String {
        switch self {
        case .null: return "null"
        case .boolean(let b): return b ? "true" : "false"
        case .int32(let v): return "\(v)"
        case .int64(let v): return "\(v)L"
        case .int16(let v): return "\(v)S"
        case .int8(let v): return "\(v)Y"
        case .decimal(let u, let p, let s): return "\(u)e-\(s):decimal(\(p),\(s))"
        case .double(let d): return "\(d)D"
        case .float(let f): return "\(f)F"
        case .string(let s): return "'\(s)'"
        case .date(let s): return "(date '\(s)')"
        case .timestamp(let s): return "(timestamp '\(s)')"
        case .binary(let h): return "X'\(h)'"
        case .interval(let i):
            return "(interval" + i.parts.map { p in
                " '\(p.value)' \(p.unit.rawValue.lowercased())" + (p.toUnit.map { " to \($0.rawValue.lowercased())" } ?? "")
            }.joined() + ")"
        }
    }
}

extension SQLQuery: CustomStringConvertible {
    public var description: String {
        var s = "(query"
        if !ctes.isEmpty {
            s += " (with" + ctes.map { c in
                " (\(c.name)\(c.columnAliases.isEmpty ? "" : "(" + c.columnAliases.joined(separator: ",") + ")") \(c.query))"
            }.joined() + ")"
        }
        s += " \(body)"
        if !orderBy.isEmpty { s += " (order \(orderBy.map(\.description).joined(separator: " ")))" }
        if let limit { s += " (limit \(limit))" }
        if let offset { s += " (offset \(offset))" }
        return s + ")"
    }
}

extension SQLQueryBody: CustomStringConvertible {
    public var description: String {
        switch self {
        case .select(let s): return s.description
        case .setOperation(let op, let all, let l, let r): return "(\(op.rawValue.lowercased())\(all ? "-all" : "") \(l) \(r))"
        case .values(let rows): return "(values" + rows.map { " [\(list($0))]" }.joined() + ")"
        case .query(let q): return q.description
        case .table(let n): return "(table \(dotted(n)))"
        }
    }
}

extension SQLSelect: CustomStringConvertible {
    public var description: String {
        var s = "(select\(distinct ? " distinct" : "")"
        s += " [" + items.map { i in i.alias.map { "(as \(i.expr) \($0))" } ?? i.expr.description }.joined(separator: " ") + "]"
        if !from.isEmpty { s += " (from " + from.map(\.description).joined(separator: " ") + ")" }
        if let whereClause { s += " (where \(whereClause))" }
        if let groupBy { s += " \(groupBy)" }
        if let having { s += " (having \(having))" }
        if let qualify { s += " (qualify \(qualify))" }
        for w in windows { s += " (window-def \(w.name) \(w.spec))" }
        return s + ")"
    }
}

extension SQLGroupBy: CustomStringConvertible {
    public var description: String {
        if all { return "(group-by all)" }
        func sets(_ xs: [[SQLExpr]]) -> String { xs.map { "[\(list($0))]" }.joined(separator: " ") }
        return "(group-by " + items.map { item -> String in
            switch item {
            case .expr(let e): return e.description
            case .rollup(let xs): return "(rollup \(sets(xs)))"
            case .cube(let xs): return "(cube \(sets(xs)))"
            case .groupingSets(let xs): return "(grouping-sets \(sets(xs)))"
            }
        }.joined(separator: " ") + ")"
    }
}

extension SQLTableAlias: CustomStringConvertible {
    public var description: String { name + (columns.isEmpty ? "" : "(" + columns.joined(separator: ",") + ")") }
}

extension SQLTableRef: CustomStringConvertible {
    public var description: String {
        func aliased(_ s: String, _ a: SQLTableAlias?) -> String { a.map { "(as \(s) \($0))" } ?? s }
        switch kind {
        case .table(let n, let a): return aliased(dotted(n), a)
        case .timeTravel(let n, let travel, let a):
            switch travel {
            case .version(let v): return aliased("(\(dotted(n)) version-as-of \(v))", a)
            case .timestamp(let e): return aliased("(\(dotted(n)) timestamp-as-of \(e))", a)
            }
        case .subquery(let q, let a, let lateral): return aliased(lateral ? "(lateral \(q))" : q.description, a)
        case .values(let rows, let a): return aliased("(values" + rows.map { " [\(list($0))]" }.joined() + ")", a)
        case .function(let n, let args, let a): return aliased("(\(dotted(n))\(args.isEmpty ? "" : " " + list(args)))", a)
        case .join(let j):
            var s = "(\(j.kind.rawValue.lowercased().replacingSpaces())-join \(j.left) \(j.right)"
            switch j.condition {
            case .none: break
            case .on(let e): s += " (on \(e))"
            case .using(let cols): s += " (using \(cols.joined(separator: " ")))"
            case .natural: s += " natural"
            }
            return s + ")"
        }
    }
}

private extension String {
    func replacingSpaces() -> String { String(map { $0 == " " ? "-" : $0 }) }
}

private func assignments(_ a: [SQLAssignment]) -> String {
    a.map { " (\(dotted($0.column)) \($0.value))" }.joined()
}

extension SQLStatement: CustomStringConvertible {
    public var description: String {
        switch self {
        case .query(let q): return q.description
        case .createView(let v):
            return "(create-view \(dotted(v.name))\(v.orReplace ? " or-replace" : "")\(v.temporary ? " temporary" : "")"
                + "\(v.columns.isEmpty ? "" : " (" + v.columns.joined(separator: " ") + ")") \(v.query))"
        case .createTable(let t):
            var s = "(create-table \(dotted(t.name))"
            if t.orReplace { s += " or-replace" }
            if t.ifNotExists { s += " if-not-exists" }
            if !t.columns.isEmpty {
                s += " (columns" + t.columns.map { " (\($0.name) \($0.type)\($0.nullable ? "" : " not-null"))" }.joined() + ")"
            }
            if let f = t.format { s += " (using \(f))" }
            if !t.options.isEmpty { s += " (options" + t.options.map { " (\($0.key) '\($0.value)')" }.joined() + ")" }
            if !t.partitionedBy.isEmpty { s += " (partitioned-by \(t.partitionedBy.joined(separator: " ")))" }
            if let l = t.location { s += " (location '\(l)')" }
            if let q = t.asQuery { s += " (as \(q))" }
            return s + ")"
        case .drop(let k, let n, let ifExists):
            return "(drop-\(k.rawValue.lowercased()) \(dotted(n))\(ifExists ? " if-exists" : ""))"
        case .showTables(let db, let pattern):
            return "(show-tables\(db.map { " (in \(dotted($0)))" } ?? "")\(pattern.map { " '\($0)'" } ?? ""))"
        case .describe(let n, let ext): return "(describe \(dotted(n))\(ext ? " extended" : ""))"
        case .explain(let mode, let s): return "(explain \(mode.rawValue.lowercased()) \(s))"
        case .set(let k, let v):
            return "(set" + (k.map { " '\($0)'" } ?? "") + (v.map { " '\($0)'" } ?? "") + ")"
        case .reset(let k): return "(reset" + (k.map { " '\($0)'" } ?? "") + ")"
        case .insert(let i):
            return "(insert-\(i.overwrite ? "overwrite" : "into") \(dotted(i.table))"
                + "\(i.columns.isEmpty ? "" : " (" + i.columns.joined(separator: " ") + ")") \(i.source))"
        case .delete(let d):
            return "(delete \(dotted(d.table))\(d.alias.map { " (as \($0))" } ?? "")\(d.condition.map { " (where \($0))" } ?? ""))"
        case .update(let u):
            return "(update \(dotted(u.table))\(u.alias.map { " (as \($0))" } ?? "") (set\(assignments(u.assignments)))"
                + "\(u.condition.map { " (where \($0))" } ?? ""))"
        case .merge(let m):
            var s = "(merge \(dotted(m.target))\(m.targetAlias.map { " (as \($0))" } ?? "") (using \(m.source)) (on \(m.condition))"
            for c in m.clauses {
                s += " (when-\(c.kind.rawValue.lowercased().replacingSpaces())\(c.condition.map { " (and \($0))" } ?? "") "
                switch c.action {
                case .update(let a): s += "(update\(assignments(a)))"
                case .updateAll: s += "(update *)"
                case .delete: s += "(delete)"
                case .insert(let cols, let values):
                    s += "(insert" + (cols.isEmpty ? "" : " (" + cols.joined(separator: " ") + ")") + " [\(list(values))])"
                case .insertAll: s += "(insert *)"
                }
                s += ")"
            }
            return s + ")"
        case .describeHistory(let t, let limit): return "(describe-history \(dotted(t))\(limit.map { " (limit \($0))" } ?? ""))"
        case .optimize(let t, let c): return "(optimize \(dotted(t))\(c.map { " (where \($0))" } ?? ""))"
        case .vacuum(let t, let h, let dry):
            return "(vacuum \(dotted(t))\(h.map { " (retain \($0))" } ?? "")\(dry ? " dry-run" : ""))"
        }
    }
}
