extension SQLParser {
    /// One statement, stopping before `;` or the end.
    public mutating func parseStatementBody() throws(SQLSyntaxError) -> SQLStatement {
        guard let w = word() else {
            if isSymbol("(") { return .query(try parseQuery()) }
            throw fail(expected: "a statement such as SELECT")
        }
        switch w {
        case "SELECT", "WITH", "VALUES", "TABLE":
            return .query(try parseQuery())
        case "CREATE":
            advance()
            return try parseCreate()
        case "DROP":
            advance()
            let kind: SQLObjectKind
            if acceptKeyword("TABLE") { kind = .table }
            else if acceptKeyword("VIEW") { kind = .view }
            else { throw fail(expected: "TABLE or VIEW") }
            let ifExists = acceptKeywords("IF", "EXISTS")
            return .drop(kind, name: try parseQualifiedName("a \(kind.rawValue.lowercased()) name"), ifExists: ifExists)
        case "SHOW":
            advance()
            try expectKeyword("TABLES")
            var database: [String]?
            if acceptKeyword("FROM") || acceptKeyword("IN") { database = try parseQualifiedName("a database name") }
            var pattern: String?
            if acceptKeyword("LIKE") { pattern = try parseStringLiteral("a pattern string") }
            else if case .string = current.kind { pattern = try parseStringLiteral() }
            return .showTables(database: database, pattern: pattern)
        case "DESCRIBE", "DESC":
            advance()
            if acceptKeyword("HISTORY") { return try parseDescribeHistory() }
            _ = acceptKeyword("TABLE")
            var extended = false
            if acceptKeyword("EXTENDED") || acceptKeyword("FORMATTED") { extended = true }
            return .describe(name: try parseQualifiedName("a table name"), extended: extended)
        case "EXPLAIN":
            advance()
            var mode = SQLExplainMode.simple
            if let m = word(), let parsed = SQLExplainMode(rawValue: m), word(1) != nil || isSymbol("(", 1) {
                mode = parsed
                advance()
            }
            return .explain(mode, try parseStatementBody())
        case "SET":
            advance()
            return try parseSet()
        case "RESET":
            advance()
            let text = rawTextToStatementEnd()
            return .reset(key: text.isEmpty ? nil : text)
        case "INSERT":
            advance()
            return .insert(try parseInsert())
        case "DELETE":
            advance()
            return try parseDelete()
        case "UPDATE":
            advance()
            return try parseUpdate()
        case "MERGE":
            advance()
            return try parseMerge()
        case "OPTIMIZE":
            advance()
            return try parseOptimize()
        case "VACUUM":
            advance()
            return try parseVacuum()
        default:
            throw fail(expected: "a statement such as SELECT")
        }
    }

    mutating func parseCreate() throws(SQLSyntaxError) -> SQLStatement {
        let orReplace = acceptKeywords("OR", "REPLACE")
        let global = acceptKeyword("GLOBAL")
        let temporary = acceptKeyword("TEMPORARY") || acceptKeyword("TEMP")
        if global && !temporary { throw fail(expected: "TEMPORARY") }
        if acceptKeyword("VIEW") {
            let ifNotExists = acceptKeywords("IF", "NOT", "EXISTS")
            let name = try parseQualifiedName("a view name")
            var columns: [String] = []
            if isSymbol("(") { columns = try parseIdentifierList() }
            if acceptKeyword("COMMENT") { _ = try parseStringLiteral() }
            try expectKeyword("AS")
            let q = try parseQuery()
            return .createView(SQLCreateView(name: name, orReplace: orReplace, temporary: temporary, global: global,
                                             ifNotExists: ifNotExists, columns: columns, query: q))
        }
        _ = acceptKeyword("EXTERNAL")
        guard acceptKeyword("TABLE") else { throw fail(expected: temporary ? "VIEW" : "TABLE or VIEW") }
        var ct = SQLCreateTable(name: [])
        ct.orReplace = orReplace
        ct.ifNotExists = acceptKeywords("IF", "NOT", "EXISTS")
        ct.name = try parseQualifiedName("a table name")
        if isSymbol("(") && !queryStarts(1) {
            advance()
            ct.columns = try commaList { (p: inout SQLParser) throws(SQLSyntaxError) in
                let name = try p.parseIdentifier("a column name")
                var col = SQLColumnDefinition(name: name, type: try p.parseType())
                while true {
                    if p.acceptKeywords("NOT", "NULL") { col.nullable = false }
                    else if p.acceptKeyword("NULL") { col.nullable = true }
                    else if p.acceptKeyword("COMMENT") { col.comment = try p.parseStringLiteral() }
                    else { break }
                }
                return col
            }
            try expectSymbol(")")
        }
        while true {
            if acceptKeyword("USING") {
                var format = try parseAnyWord("a data source format such as parquet")
                while acceptSymbol(".") { format += "." + (try parseAnyWord("a format name")) }
                ct.format = format
            } else if acceptKeyword("OPTIONS") {
                ct.options = try parseOptions()
            } else if acceptKeywords("PARTITIONED", "BY") {
                ct.partitionedBy = try parseIdentifierList()
            } else if acceptKeyword("LOCATION") {
                ct.location = try parseStringLiteral("a location string")
            } else if acceptKeyword("COMMENT") {
                ct.comment = try parseStringLiteral()
            } else if acceptKeyword("TBLPROPERTIES") {
                ct.options += try parseOptions()
            } else {
                break
            }
        }
        if acceptKeyword("AS") {
            ct.asQuery = try parseQuery()
        } else if queryStarts() {
            ct.asQuery = try parseQuery()
        }
        return .createTable(ct)
    }

    /// `(key 'value', a.b = 'v', 'k' 'v', n 10, flag true)`
    mutating func parseOptions() throws(SQLSyntaxError) -> [SQLOption] {
        try expectSymbol("(")
        let options = try commaList { (p: inout SQLParser) throws(SQLSyntaxError) -> SQLOption in
            var key: String
            if case .string = p.current.kind {
                key = try p.parseStringLiteral()
            } else {
                key = try p.parseAnyWord("an option name")
                while p.acceptSymbol(".") { key += "." + (try p.parseAnyWord("an option name")) }
            }
            _ = p.acceptSymbol("=")
            let t = p.current
            switch t.kind {
            case .string: return SQLOption(key: key, value: try p.parseStringLiteral())
            case .number(let n): p.advance(); return SQLOption(key: key, value: n)
            case .symbol("-"):
                p.advance()
                guard case .number(let n) = p.current.kind else { throw p.fail(expected: "a number") }
                p.advance()
                return SQLOption(key: key, value: "-" + n)
            case .word(let w) where ["TRUE", "FALSE"].contains(w.uppercased()):
                p.advance()
                return SQLOption(key: key, value: w.lowercased())
            default: throw p.fail(expected: "an option value (a string, number or boolean)")
            }
        }
        try expectSymbol(")")
        return options
    }

    /// The raw SQL text from the current token to the end of the statement (`;` or end), trimmed; consumes it.
    mutating func rawTextToStatementEnd() -> String {
        let start = current.start
        var end = start
        while !atEnd && !isSymbol(";") { end = current.end; advance() }
        return source.text(start..<end).trimmingSpaces()
    }

    /// `SET`, `SET key`, `SET key = value` (key and value as raw text, as Spark keeps them).
    mutating func parseSet() throws(SQLSyntaxError) -> SQLStatement {
        if atEnd || isSymbol(";") { return .set(key: nil, value: nil) }
        let keyStart = current.start
        var keyEnd = keyStart
        var keyTokens = 0
        while !atEnd && !isSymbol(";") && !isSymbol("=") { keyEnd = current.end; keyTokens += 1; advance() }
        var key = source.text(keyStart..<keyEnd).trimmingSpaces()
        if keyTokens == 1, case .quotedIdentifier(let q) = token(-1).kind { key = q }
        guard acceptSymbol("=") else { return .set(key: key, value: nil) }
        if key.isEmpty { throw source.error(at: keyStart, expected: "a configuration key before '='", near: "=") }
        let valueStart = p
        var value = rawTextToStatementEnd()
        if p - valueStart == 1, case .string(let s) = tokens[valueStart].kind { value = s }
        return .set(key: key, value: value)
    }

    /// After INSERT: `INTO|OVERWRITE [TABLE] name [(cols)] query`.
    mutating func parseInsert() throws(SQLSyntaxError) -> SQLInsert {
        let overwrite: Bool
        if acceptKeyword("INTO") { overwrite = false }
        else if acceptKeyword("OVERWRITE") { overwrite = true }
        else { throw fail(expected: "INTO or OVERWRITE") }
        _ = acceptKeyword("TABLE")
        let name = try parseQualifiedName("a table name")
        var columns: [String] = []
        if isSymbol("(") && !queryStarts(1) { columns = try parseIdentifierList() }
        guard queryStarts() else { throw fail(expected: "SELECT, VALUES or a query") }
        return SQLInsert(table: name, columns: columns, overwrite: overwrite, source: try parseQuery())
    }
}

extension String {
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
