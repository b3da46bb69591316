/// Parsing of DELETE, UPDATE, MERGE INTO, DESCRIBE HISTORY, OPTIMIZE, VACUUM and time travel.
extension SQLParser {
    /// After DELETE: `FROM t [[AS] alias] [WHERE condition]`.
    mutating func parseDelete() throws(SQLSyntaxError) -> SQLStatement {
        try expectKeyword("FROM")
        let table = try parseQualifiedName("a table name")
        let alias = try parseChangeAlias()
        var condition: SQLExpr?
        if acceptKeyword("WHERE") { condition = try parseExpr() }
        return .delete(SQLDelete(table: table, alias: alias, condition: condition))
    }

    /// After UPDATE: `t [[AS] alias] SET a = 1, … [WHERE condition]`.
    mutating func parseUpdate() throws(SQLSyntaxError) -> SQLStatement {
        let table = try parseQualifiedName("a table name")
        let alias = try parseChangeAlias()
        try expectKeyword("SET")
        let assignments = try parseAssignments()
        var condition: SQLExpr?
        if acceptKeyword("WHERE") { condition = try parseExpr() }
        return .update(SQLUpdate(table: table, alias: alias, assignments: assignments, condition: condition))
    }

    /// After MERGE: `INTO target [[AS] t] USING source [[AS] s] ON condition WHEN … [WHEN …]`.
    mutating func parseMerge() throws(SQLSyntaxError) -> SQLStatement {
        try expectKeyword("INTO")
        let target = try parseQualifiedName("a table name")
        let targetAlias = try parseChangeAlias()
        try expectKeyword("USING")
        let source = try parseTablePrimary()
        try expectKeyword("ON")
        let condition = try parseExpr()
        var clauses: [SQLMergeClause] = []
        while acceptKeyword("WHEN") {
            var kind = SQLMergeClause.Kind.matched
            if acceptKeyword("NOT") {
                try expectKeyword("MATCHED")
                kind = .notMatched
                if acceptKeywords("BY", "SOURCE") { kind = .notMatchedBySource } else { _ = acceptKeywords("BY", "TARGET") }
            } else {
                try expectKeyword("MATCHED")
            }
            var clauseCondition: SQLExpr?
            if acceptKeyword("AND") { clauseCondition = try parseExpr() }
            try expectKeyword("THEN")
            let action: SQLMergeClause.Action
            if kind == .notMatched {
                try expectKeyword("INSERT")
                if acceptSymbol("*") {
                    action = .insertAll
                } else {
                    let columns = isSymbol("(") ? try parseIdentifierList() : []
                    try expectKeyword("VALUES")
                    try expectSymbol("(")
                    let values = try commaList { (p: inout SQLParser) throws(SQLSyntaxError) in try p.parseExpr() }
                    try expectSymbol(")")
                    if !columns.isEmpty && columns.count != values.count {
                        throw fail(at: current, "INSERT names \(columns.count) columns but gives \(values.count) values")
                    }
                    action = .insert(columns: columns, values: values)
                }
            } else if acceptKeyword("DELETE") {
                action = .delete
            } else {
                try expectKeyword("UPDATE")
                try expectKeyword("SET")
                action = acceptSymbol("*") ? .updateAll : .update(try parseAssignments())
            }
            clauses.append(SQLMergeClause(kind: kind, condition: clauseCondition, action: action))
        }
        if clauses.isEmpty { throw fail(expected: "'WHEN MATCHED' or 'WHEN NOT MATCHED'") }
        return .merge(SQLMerge(target: target, targetAlias: targetAlias, source: source, condition: condition, clauses: clauses))
    }

    /// After DESCRIBE: `HISTORY t [LIMIT n]`.
    mutating func parseDescribeHistory() throws(SQLSyntaxError) -> SQLStatement {
        let table = try parseQualifiedName("a table name")
        var limit: Int?
        if acceptKeyword("LIMIT") { limit = Int(try parseUnsignedInteger("a row count")) }
        return .describeHistory(table: table, limit: limit)
    }

    /// After OPTIMIZE: `t [WHERE partition-predicate]`.
    mutating func parseOptimize() throws(SQLSyntaxError) -> SQLStatement {
        let table = try parseQualifiedName("a table name")
        var condition: SQLExpr?
        if acceptKeyword("WHERE") { condition = try parseExpr() }
        return .optimize(table: table, condition: condition)
    }

    /// After VACUUM: `t [RETAIN n HOURS] [DRY RUN]`.
    mutating func parseVacuum() throws(SQLSyntaxError) -> SQLStatement {
        let table = try parseQualifiedName("a table name")
        var hours: Double?
        if acceptKeyword("RETAIN") {
            guard case .number(let n) = current.kind, let h = Double(n) else { throw fail(expected: "a number of hours") }
            advance()
            try expectKeyword("HOURS")
            hours = h
        }
        let dryRun = acceptKeywords("DRY", "RUN")
        return .vacuum(table: table, retainHours: hours, dryRun: dryRun)
    }

    /// `[FOR SYSTEM_VERSION | FOR SYSTEM_TIME] VERSION AS OF n | TIMESTAMP AS OF expr`, or nil.
    mutating func parseTimeTravel() throws(SQLSyntaxError) -> SQLTimeTravel? {
        if isKeyword("FOR"), word(1) == "SYSTEM_VERSION" || word(1) == "SYSTEM_TIME" {
            let time = word(1) == "SYSTEM_TIME"
            advance(); advance()
            try expectKeyword("AS")
            try expectKeyword("OF")
            return time ? .timestamp(try parseExpr()) : .version(try parseUnsignedInteger("a version number"))
        }
        if isKeyword("VERSION"), isKeyword("AS", 1), isKeyword("OF", 2) {
            advance(); advance(); advance()
            return .version(try parseUnsignedInteger("a version number"))
        }
        if isKeyword("TIMESTAMP"), isKeyword("AS", 1), isKeyword("OF", 2) {
            advance(); advance(); advance()
            return .timestamp(try parseExpr())
        }
        return nil
    }

    mutating func parseUnsignedInteger(_ what: String) throws(SQLSyntaxError) -> Int64 {
        guard case .number(let n) = current.kind, let v = Int64(n), v >= 0 else { throw fail(expected: what) }
        advance()
        return v
    }

    /// `a = 1, t.b = b + 1`
    mutating func parseAssignments() throws(SQLSyntaxError) -> [SQLAssignment] {
        try commaList { (p: inout SQLParser) throws(SQLSyntaxError) in
            let column = try p.parseQualifiedName("a column name")
            try p.expectSymbol("=")
            return SQLAssignment(column: column, value: try p.parseExpr())
        }
    }

    /// `[AS] alias` after the table of DELETE/UPDATE/MERGE (never a clause keyword such as SET or WHERE).
    mutating func parseChangeAlias() throws(SQLSyntaxError) -> String? {
        if acceptKeyword("AS") { return try parseIdentifier("an alias") }
        if let w = word(), ["SET", "WHERE", "USING", "ON"].contains(w) { return nil }
        if let id = implicitAliasText() {
            advance()
            return id
        }
        return nil
    }
}
