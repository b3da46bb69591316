extension SQLParser {
    // MARK: Queries

    /// `[WITH …] body [ORDER BY …] [LIMIT n|ALL] [OFFSET n]`
    public mutating func parseQuery() throws(SQLSyntaxError) -> SQLQuery {
        try enter()
        defer { leave() }
        let t = current
        var ctes: [SQLCommonTableExpression] = []
        if acceptKeyword("WITH") {
            _ = acceptKeyword("RECURSIVE")
            ctes = try commaList { (p: inout SQLParser) throws(SQLSyntaxError) in
                let at = p.current.position
                let name = try p.parseIdentifier("a CTE name")
                let columns = p.isSymbol("(") ? try p.parseIdentifierList() : []
                _ = p.acceptKeyword("AS")
                try p.expectSymbol("(")
                let q = try p.parseQuery()
                try p.expectSymbol(")")
                return SQLCommonTableExpression(name: name, columnAliases: columns, query: q, position: at)
            }
        }
        let body = try parseSetExpression()
        var q = SQLQuery(ctes: ctes, body: body, position: t.position)
        if acceptKeywords("ORDER", "BY") { q.orderBy = try parseOrderItems() }
        var sawLimit = false, sawOffset = false
        while true {
            if !sawLimit && acceptKeyword("LIMIT") {
                sawLimit = true
                if !acceptKeyword("ALL") { q.limit = try parseExpr() }
            } else if !sawOffset && acceptKeyword("OFFSET") {
                sawOffset = true
                q.offset = try parseExpr()
            } else {
                break
            }
        }
        return q
    }

    /// UNION / EXCEPT / MINUS, left-associative, over INTERSECT terms.
    mutating func parseSetExpression() throws(SQLSyntaxError) -> SQLQueryBody {
        var left = try parseIntersectTerm()
        while let w = word(), w == "UNION" || w == "EXCEPT" || w == "MINUS" {
            advance()
            let all = try parseSetQuantifier()
            let right = try parseIntersectTerm()
            left = .setOperation(w == "UNION" ? .union : .except, all: all, left, right)
        }
        return left
    }

    mutating func parseIntersectTerm() throws(SQLSyntaxError) -> SQLQueryBody {
        var left = try parseQueryPrimary()
        while acceptKeyword("INTERSECT") {
            let all = try parseSetQuantifier()
            left = .setOperation(.intersect, all: all, left, try parseQueryPrimary())
        }
        return left
    }

    mutating func parseSetQuantifier() throws(SQLSyntaxError) -> Bool {
        if acceptKeyword("ALL") { return true }
        _ = acceptKeyword("DISTINCT")
        return false
    }

    mutating func parseQueryPrimary() throws(SQLSyntaxError) -> SQLQueryBody {
        if isKeyword("SELECT") { return .select(try parseSelect()) }
        if acceptKeyword("VALUES") { return .values(try parseValuesRows()) }
        if acceptKeyword("TABLE") { return .table(try parseQualifiedName("a table name")) }
        if isSymbol("(") {
            advance()
            let q = try parseQuery()
            try expectSymbol(")")
            return .query(q)
        }
        throw fail(expected: "SELECT, VALUES, WITH or '('")
    }

    /// After VALUES: `(1, 'a'), (2, 'b')` or `1, 2`.
    mutating func parseValuesRows() throws(SQLSyntaxError) -> [[SQLExpr]] {
        try commaList { (p: inout SQLParser) throws(SQLSyntaxError) in
            if p.isSymbol("(") && !p.queryStarts(1) {
                p.advance()
                let row = try p.commaList { (q: inout SQLParser) throws(SQLSyntaxError) in try q.parseExpr() }
                try p.expectSymbol(")")
                return row
            }
            return [try p.parseExpr()]
        }
    }

    mutating func parseSelect() throws(SQLSyntaxError) -> SQLSelect {
        let t = current
        try expectKeyword("SELECT")
        var s = SQLSelect(items: [], position: t.position)
        if acceptKeyword("DISTINCT") { s.distinct = true } else { _ = acceptKeyword("ALL") }
        s.items = try commaList { (p: inout SQLParser) throws(SQLSyntaxError) in
            let e = try p.parseExpr()
            return SQLSelectItem(expr: e, alias: try p.parseOptionalAlias())
        }
        if acceptKeyword("FROM") {
            s.from = try commaList { (p: inout SQLParser) throws(SQLSyntaxError) in try p.parseJoinedTable() }
        }
        if acceptKeyword("WHERE") { s.whereClause = try parseExpr() }
        if acceptKeywords("GROUP", "BY") { s.groupBy = try parseGroupBy() }
        if acceptKeyword("HAVING") { s.having = try parseExpr() }
        var sawWindow = false, sawQualify = false
        while true {
            if !sawWindow && acceptKeyword("WINDOW") {
                sawWindow = true
                s.windows = try commaList { (p: inout SQLParser) throws(SQLSyntaxError) in
                    let name = try p.parseIdentifier("a window name")
                    try p.expectKeyword("AS")
                    return SQLNamedWindow(name: name, spec: try p.parseWindowSpecInParens())
                }
            } else if !sawQualify && acceptKeyword("QUALIFY") {
                sawQualify = true
                s.qualify = try parseExpr()
            } else {
                break
            }
        }
        return s
    }

    /// `AS name`, or a bare name. A bare word directly followed by another name or a literal is more likely a
    /// misspelt keyword (`SELECT 1 FORM t`) than an alias, so it is left for the caller to report.
    mutating func parseOptionalAlias() throws(SQLSyntaxError) -> String? {
        if acceptKeyword("AS") {
            if case .string(let s) = current.kind { advance(); return s }
            return try parseIdentifier("an alias")
        }
        guard let id = implicitAliasText() else { return nil }
        if case .word = current.kind {
            switch token(1).kind {
            case .word where !isKeywordBoundary(1): return nil
            case .quotedIdentifier, .string, .number: return nil
            default: break
            }
        }
        advance()
        return id
    }

    // MARK: FROM

    mutating func parseGroupBy() throws(SQLSyntaxError) -> SQLGroupBy {
        if acceptKeyword("ALL") { return SQLGroupBy(items: [], all: true) }
        var items = try commaList { (p: inout SQLParser) throws(SQLSyntaxError) -> SQLGroupingItem in
            if p.isKeyword("ROLLUP") && p.isSymbol("(", 1) {
                p.advance()
                return .rollup(try p.parseGroupingElements())
            }
            if p.isKeyword("CUBE") && p.isSymbol("(", 1) {
                p.advance()
                return .cube(try p.parseGroupingElements())
            }
            if p.acceptKeywords("GROUPING", "SETS") {
                return .groupingSets(try p.parseGroupingElements())
            }
            return .expr(try p.parseExpr())
        }
        if isKeyword("WITH"), let w = word(1), w == "ROLLUP" || w == "CUBE" {
            advance(); advance()
            var exprs: [[SQLExpr]] = []
            for item in items {
                guard case .expr(let e) = item else { throw fail(expected: "plain expressions before WITH \(w)") }
                exprs.append([e])
            }
            items = [w == "ROLLUP" ? .rollup(exprs) : .cube(exprs)]
        }
        return SQLGroupBy(items: items)
    }

    /// `(a, (b, c), ())` — each element a list of expressions.
    mutating func parseGroupingElements() throws(SQLSyntaxError) -> [[SQLExpr]] {
        try expectSymbol("(")
        let elements = try commaList { (p: inout SQLParser) throws(SQLSyntaxError) -> [SQLExpr] in
            if p.isSymbol("(") {
                if p.isSymbol(")", 1) { p.advance(); p.advance(); return [] }
                // `(a, b)` is a group; `(a + b) * 2` is one expression.
                let saved = p.p, savedParam = p.nextParameter, savedDepth = p.depth
                p.advance()
                if let list = try? p.commaList({ (q: inout SQLParser) throws(SQLSyntaxError) in try q.parseExpr() }),
                   p.acceptSymbol(")"), p.isSymbol(",") || p.isSymbol(")") {
                    return list
                }
                p.p = saved
                p.nextParameter = savedParam
                p.depth = savedDepth
            }
            return [try p.parseExpr()]
        }
        try expectSymbol(")")
        return elements
    }

    /// A table reference followed by any joins.
    mutating func parseJoinedTable() throws(SQLSyntaxError) -> SQLTableRef {
        var left = try parseTablePrimary()
        while true {
            let t = current
            var kind: SQLJoinKind
            var natural = false
            if acceptKeyword("NATURAL") { natural = true }
            if acceptKeyword("CROSS") { kind = .cross }
            else if acceptKeyword("INNER") { kind = .inner }
            else if acceptKeyword("LEFT") {
                if acceptKeyword("SEMI") { kind = .leftSemi }
                else if acceptKeyword("ANTI") { kind = .leftAnti }
                else { _ = acceptKeyword("OUTER"); kind = .left }
            }
            else if acceptKeyword("RIGHT") { _ = acceptKeyword("OUTER"); kind = .right }
            else if acceptKeyword("FULL") { _ = acceptKeyword("OUTER"); kind = .full }
            else if acceptKeyword("SEMI") { kind = .leftSemi }
            else if acceptKeyword("ANTI") { kind = .leftAnti }
            else if isKeyword("JOIN") { kind = .inner }
            else {
                if natural { throw fail(expected: "a join type or 'JOIN'") }
                return left
            }
            try expectKeyword("JOIN")
            let right = try parseTablePrimary()
            var condition = SQLJoinCondition.none
            if natural {
                condition = .natural
            } else if acceptKeyword("ON") {
                condition = .on(try parseExpr())
            } else if acceptKeyword("USING") {
                condition = .using(try parseIdentifierList())
            } else if kind != .cross && kind != .inner {
                throw fail(expected: "'ON' or 'USING'")
            }
            left = SQLTableRef(.join(SQLJoin(kind: kind, left: left, right: right, condition: condition)), at: left.position)
            _ = t
        }
    }

    mutating func parseTablePrimary() throws(SQLSyntaxError) -> SQLTableRef {
        try enter()
        defer { leave() }
        let t = current
        if isSymbol("(") {
            if queryStarts(1) {
                advance()
                let q = try parseQuery()
                try expectSymbol(")")
                return SQLTableRef(.subquery(q, alias: try parseTableAlias(), lateral: false), at: t.position)
            }
            advance()
            let inner = try parseJoinedTable()
            try expectSymbol(")")
            return inner
        }
        if acceptKeyword("LATERAL") {
            try expectSymbol("(")
            let q = try parseQuery()
            try expectSymbol(")")
            return SQLTableRef(.subquery(q, alias: try parseTableAlias(), lateral: true), at: t.position)
        }
        if acceptKeyword("VALUES") {
            let rows = try parseValuesRows()
            return SQLTableRef(.values(rows, alias: try parseTableAlias()), at: t.position)
        }
        let name = try parseQualifiedName("a table name")
        if isSymbol("(") {
            advance()
            let args = isSymbol(")") ? [] : try commaList { (p: inout SQLParser) throws(SQLSyntaxError) in try p.parseExpr() }
            try expectSymbol(")")
            return SQLTableRef(.function(name: name, arguments: args, alias: try parseTableAlias()), at: t.position)
        }
        if let travel = try parseTimeTravel() {
            return SQLTableRef(.timeTravel(name: name, travel, alias: try parseTableAlias()), at: t.position)
        }
        return SQLTableRef(.table(name: name, alias: try parseTableAlias()), at: t.position)
    }

    /// `[AS] alias [(c1, c2)]`
    mutating func parseTableAlias() throws(SQLSyntaxError) -> SQLTableAlias? {
        let name: String
        if acceptKeyword("AS") {
            name = try parseIdentifier("an alias")
        } else if let id = implicitAliasText() {
            if case .word = current.kind, case .word = token(1).kind, !isKeywordBoundary(1) {
                // `FROM t WHER x = 1`: a misspelt keyword, not an alias.
                return nil
            }
            advance()
            name = id
        } else {
            return nil
        }
        var alias = SQLTableAlias(name: name)
        if isSymbol("(") { alias.columns = try parseIdentifierList() }
        return alias
    }
}
