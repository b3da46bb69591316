/// Parses one SQL statement (a trailing `;` is allowed).
public func parseStatement(_ sql: String) throws(SQLSyntaxError) -> SQLStatement {
    var p = try SQLParser(sql)
    return try p.parseSingleStatement()
}

/// Parses a script of statements separated by `;` (empty statements are skipped).
public func parseStatements(_ sql: String) throws(SQLSyntaxError) -> [SQLStatement] {
    var p = try SQLParser(sql)
    return try p.parseStatementList()
}

/// Parses one expression (`selectExpr`/`expr()` strings); an `AS alias` is not part of an expression.
public func parseExpression(_ sql: String) throws(SQLSyntaxError) -> SQLExpr {
    var p = try SQLParser(sql)
    return try p.parseStandaloneExpression()
}

/// Parses a query (`SELECT …`, `WITH …`, `VALUES …`, set operations).
public func parseQuery(_ sql: String) throws(SQLSyntaxError) -> SQLQuery {
    var p = try SQLParser(sql)
    return try p.parseStandaloneQuery()
}

/// Recursive-descent parser over the token list; expressions by precedence climbing.
public struct SQLParser: Sendable {
    let source: SourceText
    let tokens: [SQLToken]
    /// Upper-cased text of each `.word` token (nil for other tokens).
    let upper: [String?]
    var p = 0
    var nextParameter = 0
    /// Nesting depth of expressions/queries, bounded so hostile input cannot exhaust the stack.
    var depth = 0
    /// Speculative parses left; bounded so pathological nesting cannot take exponential time.
    var backtrackBudget = 2_000
    static let maxDepth = 150

    public init(_ sql: String) throws(SQLSyntaxError) {
        source = SourceText(sql)
        var lexer = SQLLexer(source: source)
        tokens = try lexer.tokenize()
        upper = tokens.map { if case .word(let w) = $0.kind { return w.uppercased() } else { return nil } }
    }

    // MARK: Entry points

    public mutating func parseSingleStatement() throws(SQLSyntaxError) -> SQLStatement {
        while acceptSymbol(";") {}
        let s = try parseStatementBody()
        while acceptSymbol(";") {}
        guard atEnd else { throw fail(expected: "end of input") }
        return s
    }

    public mutating func parseStatementList() throws(SQLSyntaxError) -> [SQLStatement] {
        var out: [SQLStatement] = []
        while true {
            while acceptSymbol(";") {}
            if atEnd { return out }
            out.append(try parseStatementBody())
            if atEnd { return out }
            guard isSymbol(";") else { throw fail(expected: "';' or end of input") }
        }
    }

    public mutating func parseStandaloneExpression() throws(SQLSyntaxError) -> SQLExpr {
        let e = try parseExpr()
        guard atEnd else { throw fail(expected: "end of input") }
        return e
    }

    public mutating func parseStandaloneQuery() throws(SQLSyntaxError) -> SQLQuery {
        let q = try parseQuery()
        while acceptSymbol(";") {}
        guard atEnd else { throw fail(expected: "end of input") }
        return q
    }

    mutating func enter() throws(SQLSyntaxError) {
        depth += 1
        if depth > Self.maxDepth {
            throw fail(at: current, "the statement is nested too deeply (more than \(Self.maxDepth) levels)")
        }
    }

    mutating func leave() { depth -= 1 }

    // MARK: Token helpers

    var current: SQLToken { tokens[p] }
    var atEnd: Bool { tokens[p].kind == .end }

    func token(_ k: Int) -> SQLToken { tokens[min(p + k, tokens.count - 1)] }
    func word(_ k: Int = 0) -> String? { upper[min(p + k, tokens.count - 1)] }

    func isKeyword(_ kw: String, _ k: Int = 0) -> Bool { word(k) == kw }
    func isSymbol(_ s: String, _ k: Int = 0) -> Bool { token(k).kind == .symbol(s) }

    mutating func advance() { if p < tokens.count - 1 { p += 1 } }

    mutating func acceptKeyword(_ kw: String) -> Bool {
        if isKeyword(kw) { advance(); return true }
        return false
    }

    mutating func acceptKeywords(_ kws: String...) -> Bool {
        for (k, kw) in kws.enumerated() where !isKeyword(kw, k) { return false }
        for _ in kws { advance() }
        return true
    }

    mutating func expectKeyword(_ kw: String) throws(SQLSyntaxError) {
        guard acceptKeyword(kw) else { throw fail(expected: "'\(kw)'") }
    }

    mutating func acceptSymbol(_ s: String) -> Bool {
        if isSymbol(s) { advance(); return true }
        return false
    }

    mutating func expectSymbol(_ s: String) throws(SQLSyntaxError) {
        guard acceptSymbol(s) else { throw fail(expected: "'\(s)'") }
    }

    /// The text of the current token, for "at or near".
    func nearText(_ t: SQLToken) -> String? {
        if t.kind == .end { return nil }
        var s = source.text(t.start..<min(t.end, t.start + 40))
        if let nl = s.firstIndex(of: "\n") { s = String(s[..<nl]) }
        return s
    }

    func fail(expected: String) -> SQLSyntaxError {
        let t = current
        return source.error(at: t.start, expected: expected, near: nearText(t))
    }

    func fail(at t: SQLToken, _ problem: String) -> SQLSyntaxError {
        source.error(at: t.start, near: nearText(t), problem: problem)
    }

    /// Spark's reserved keywords under ANSI mode (the SQL:2011 reserved words it implements): never a
    /// bare identifier. Every other keyword (`date`, `year`, `window`, `semi`, `first`, `left(s, 2)`'s
    /// name, …) also serves as a name; backticks make any word one.
    static let reserved: Set<String> = [
        "ALL", "AND", "ANY", "AS", "AUTHORIZATION", "CASE", "CHECK", "COLLATE", "COLUMN", "CONSTRAINT", "CREATE",
        "CROSS", "DISTINCT", "ELSE", "END", "ESCAPE", "EXCEPT", "FALSE", "FETCH", "FOR", "FOREIGN", "FROM", "FULL",
        "GRANT", "GROUP", "HAVING", "IN", "INNER", "INTERSECT", "INTO", "IS", "JOIN", "LATERAL", "LEFT", "NATURAL",
        "NOT", "NULL", "OFFSET", "ON", "ONLY", "OR", "ORDER", "OUTER", "PRIMARY", "REFERENCES", "RIGHT", "SELECT",
        "SOME", "TABLE", "THEN", "TO", "TRUE", "UNION", "UNIQUE", "USING", "WHEN", "WHERE", "WITH",
    ]

    /// Non-reserved keywords that continue a query after an expression or a table (`LIMIT`, `WINDOW`,
    /// `SEMI JOIN`, …): names everywhere else, but never an alias without `AS` — `FROM t LIMIT 1` limits,
    /// `SELECT 1 AS limit` names.
    static let clauseKeywords: Set<String> = [
        "ANTI", "BETWEEN", "CLUSTER", "DISTRIBUTE", "DIV", "ILIKE", "LIKE", "LIMIT", "MINUS", "PIVOT", "QUALIFY",
        "REGEXP", "RLIKE", "SEMI", "SORT", "TABLESAMPLE", "UNPIVOT", "WINDOW",
    ]

    /// An identifier at the current token (unquoted non-reserved word, or backticked), without consuming it.
    func identifierText(_ k: Int = 0) -> String? {
        switch token(k).kind {
        case .word(let w): return Self.reserved.contains(w.uppercased()) ? nil : w
        case .quotedIdentifier(let w): return w
        default: return nil
        }
    }

    /// A name that can be an alias without `AS` here: an identifier that does not start the next clause.
    func implicitAliasText(_ k: Int = 0) -> String? {
        if let w = word(k), Self.clauseKeywords.contains(w) { return nil }
        return identifierText(k)
    }

    /// Does the word at `k` continue the query (a reserved or clause keyword) rather than name something?
    func isKeywordBoundary(_ k: Int) -> Bool {
        guard let w = word(k) else { return false }
        return Self.reserved.contains(w) || Self.clauseKeywords.contains(w)
    }

    mutating func parseIdentifier(_ what: String = "an identifier") throws(SQLSyntaxError) -> String {
        guard let id = identifierText() else { throw fail(expected: what) }
        advance()
        return id
    }

    /// `a.b.c`
    mutating func parseQualifiedName(_ what: String = "a name") throws(SQLSyntaxError) -> [String] {
        var parts = [try parseIdentifier(what)]
        while isSymbol("."), identifierText(1) != nil || token(1).kind.isWord {
            advance()
            parts.append(try parseAnyWord(what))
        }
        return parts
    }

    /// After a dot any word is a name part (`t.order` is fine).
    mutating func parseAnyWord(_ what: String) throws(SQLSyntaxError) -> String {
        switch current.kind {
        case .word(let w), .quotedIdentifier(let w): advance(); return w
        default: throw fail(expected: what)
        }
    }

    mutating func parseIdentifierList() throws(SQLSyntaxError) -> [String] {
        try expectSymbol("(")
        var out = [try parseIdentifier("a column name")]
        while acceptSymbol(",") { out.append(try parseIdentifier("a column name")) }
        try expectSymbol(")")
        return out
    }

    mutating func commaList<T>(_ f: (inout SQLParser) throws(SQLSyntaxError) -> T) throws(SQLSyntaxError) -> [T] {
        var out = [try f(&self)]
        while acceptSymbol(",") { out.append(try f(&self)) }
        return out
    }

    mutating func parseStringLiteral(_ what: String = "a string literal") throws(SQLSyntaxError) -> String {
        guard case .string(var s) = current.kind else { throw fail(expected: what) }
        advance()
        while case .string(let more) = current.kind { s += more; advance() }
        return s
    }

    /// Does a query start here, after any number of `(`?
    func queryStarts(_ k: Int = 0) -> Bool {
        var k = k
        while isSymbol("(", k) { k += 1 }
        guard let w = word(k) else { return false }
        return w == "SELECT" || w == "WITH" || w == "VALUES" || w == "TABLE"
    }
}

extension SQLTokenKind {
    var isWord: Bool { if case .word = self { return true } else { return false } }
}
