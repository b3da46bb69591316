import DataFlowColumnar

// Analysis errors point into the SQL text. The analyzer works on plans and knows nothing of the text,
// so an error naming an unknown column, table or function is located afterwards: the name it quotes
// is looked up among the statement's nodes (each carries its SourcePosition), and the error gets the
// line and column plus the same picture as a syntax error — the SQL line and a caret under the name.

/// Locates analysis errors in the SQL text they came from.
public enum SQLErrorLocation {
    /// Error classes that name an identifier of the statement (between backticks in the message).
    static let located: [String: IdentifierKind] = [
        "UNRESOLVED_COLUMN": .column, "TABLE_OR_VIEW_NOT_FOUND": .table, "UNRESOLVED_ROUTINE": .function,
    ]

    enum IdentifierKind { case column, table, function }

    /// `error` with ` (line L, column C)`, the SQL line and a caret under the offending name appended
    /// to its message; unchanged for other error classes, errors that already give a position, or a
    /// name the statement does not spell out (a column of `SELECT *` named in a view, say).
    public static func locate(_ error: DataFlowError, in statement: SQLStatement, sql: String) -> DataFlowError {
        guard let kind = located[error.errorClass], !error.message.contains("(line "),
              let name = quotedName(in: error.message),
              let position = firstPosition(of: name, kind, in: statement) else { return error }
        let source = SourceText(sql)
        let line = source.lineText(position.line)
        return DataFlowError(error.errorClass, error.message + " (line \(position.line), column \(position.column))\n"
                             + line + "\n" + caretLine(under: position.column, of: line))
    }

    /// The first `` `name` `` in a message.
    static func quotedName(in message: String) -> String? {
        guard let open = message.firstIndex(of: "`") else { return nil }
        let rest = message[message.index(after: open)...]
        guard let close = rest.firstIndex(of: "`"), close > rest.startIndex else { return nil }
        return String(rest[..<close])
    }

    /// Where the statement first spells `name` as a column reference, table name or function name.
    static func firstPosition(of name: String, _ kind: IdentifierKind, in statement: SQLStatement) -> SourcePosition? {
        let wanted = name.lowercased()
        var found: [SourcePosition] = []
        var walker = SQLNodeWalker()
        switch kind {
        case .column:
            walker.expression = { e in
                guard case .column(let parts) = e.kind else { return }
                if parts.joined(separator: ".").lowercased() == wanted || parts.last?.lowercased() == wanted {
                    found.append(e.position)
                }
            }
        case .function:
            walker.expression = { e in
                if case .function(let call) = e.kind, call.name.joined(separator: ".").lowercased() == wanted {
                    found.append(e.position)
                }
            }
        case .table:
            walker.table = { t in
                switch t.kind {
                case .table(let n, _) where n.joined(separator: ".").lowercased() == wanted: found.append(t.position)
                case .timeTravel(let n, _, _) where n.joined(separator: ".").lowercased() == wanted: found.append(t.position)
                case .function(let n, _, _) where n.joined(separator: ".").lowercased() == wanted: found.append(t.position)
                default: break
                }
            }
        }
        walker.walk(statement)
        return found.min { $0.offset < $1.offset }
    }
}

/// Spaces (tabs kept, so it lines up) up to `column` of `line`, then a caret.
func caretLine(under column: Int, of line: String) -> String {
    var caret = ""
    var col = 1
    for ch in line {
        if col >= column { break }
        caret.append(ch == "\t" ? "\t" : " ")
        col += 1
    }
    while col < column { caret.append(" "); col += 1 }
    return caret + "^"
}

/// Visits every expression and table reference of a statement, subqueries included.
struct SQLNodeWalker {
    var expression: (SQLExpr) -> Void = { _ in }
    var table: (SQLTableRef) -> Void = { _ in }

    func walk(_ s: SQLStatement) {
        switch s {
        case .query(let q): walk(q)
        case .createView(let v): walk(v.query)
        case .createTable(let t): if let q = t.asQuery { walk(q) }
        case .explain(_, let inner): walk(inner)
        case .insert(let i): walk(i.source)
        case .delete(let d): d.condition.map(walk)
        case .update(let u):
            u.assignments.forEach { walk($0.value) }
            u.condition.map(walk)
        case .merge(let m):
            walk(m.source)
            walk(m.condition)
            for c in m.clauses {
                c.condition.map(walk)
                switch c.action {
                case .update(let a): a.forEach { walk($0.value) }
                case .insert(_, let values): values.forEach(walk)
                case .updateAll, .delete, .insertAll: break
                }
            }
        case .optimize(_, let c): c.map(walk)
        case .drop, .showTables, .describe, .set, .reset, .describeHistory, .vacuum: break
        }
    }

    func walk(_ q: SQLQuery) {
        for cte in q.ctes { walk(cte.query) }
        walk(q.body)
        for o in q.orderBy { walk(o.expr) }
        if let l = q.limit { walk(l) }
        if let o = q.offset { walk(o) }
    }

    func walk(_ b: SQLQueryBody) {
        switch b {
        case .select(let s):
            for item in s.items { walk(item.expr) }
            for ref in s.from { walk(ref) }
            [s.whereClause, s.having, s.qualify].compactMap { $0 }.forEach(walk)
            for item in s.groupBy?.items ?? [] {
                switch item {
                case .expr(let e): walk(e)
                case .rollup(let sets), .cube(let sets), .groupingSets(let sets): sets.joined().forEach(walk)
                }
            }
            for w in s.windows { walk(w.spec) }
        case .setOperation(_, _, let l, let r): walk(l); walk(r)
        case .values(let rows): rows.joined().forEach(walk)
        case .query(let q): walk(q)
        case .table: break
        }
    }

    func walk(_ ref: SQLTableRef) {
        table(ref)
        switch ref.kind {
        case .table: break
        case .timeTravel(_, let travel, _): if case .timestamp(let e) = travel { walk(e) }
        case .subquery(let q, _, _): walk(q)
        case .values(let rows, _): rows.joined().forEach(walk)
        case .function(_, let args, _): args.forEach(walk)
        case .join(let j):
            walk(j.left)
            walk(j.right)
            if case .on(let e) = j.condition { walk(e) }
        }
    }

    func walk(_ spec: SQLWindowSpec) {
        spec.partitionBy.forEach(walk)
        for o in spec.orderBy { walk(o.expr) }
        for bound in [spec.frame?.start, spec.frame?.end] {
            switch bound {
            case .preceding(let e)?, .following(let e)?: walk(e)
            default: break
            }
        }
    }

    func walk(_ e: SQLExpr) {
        expression(e)
        switch e.kind {
        case .column, .star, .literal, .parameter: break
        case .unary(_, let x), .isNull(let x, _), .isBoolean(let x, _, _), .cast(let x, _, _), .extract(_, let x):
            walk(x)
        case .binary(_, let a, let b), .isDistinctFrom(let a, let b, _), .position(let a, let b):
            walk(a); walk(b)
        case .between(let x, let lo, let hi, _): walk(x); walk(lo); walk(hi)
        case .inList(let x, let list, _): walk(x); list.forEach(walk)
        case .inSubquery(let x, let q, _): walk(x); walk(q)
        case .exists(let q, _), .scalarSubquery(let q): walk(q)
        case .like(_, let x, let pattern, _, _): walk(x); walk(pattern)
        case .caseWhen(let operand, let branches, let otherwise):
            if let operand { walk(operand) }
            for b in branches { walk(b.condition); walk(b.result) }
            if let otherwise { walk(otherwise) }
        case .substring(let x, let from, let length): walk(x); walk(from); if let length { walk(length) }
        case .trim(_, let chars, let x): if let chars { walk(chars) }; walk(x)
        case .function(let call):
            call.arguments.forEach(walk)
            if let f = call.filter { walk(f) }
            if case .spec(let spec)? = call.over { walk(spec) }
        }
    }
}
