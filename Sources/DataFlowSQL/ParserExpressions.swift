// Expressions by precedence, loosest first (Spark's grammar):
// OR < AND < NOT < predicates (IS, BETWEEN, IN, LIKE) < comparison < | < ^ < & < + - || < * / % div
// < unary - + ~ < postfix ::type < primary.

extension SQLParser {
    func expr(_ kind: SQLExprKind, _ at: SQLToken) -> SQLExpr { SQLExpr(kind, at: at.position) }

    public mutating func parseExpr() throws(SQLSyntaxError) -> SQLExpr {
        try parseOr()
    }

    mutating func parseOr() throws(SQLSyntaxError) -> SQLExpr {
        var left = try parseAnd()
        while isKeyword("OR") {
            advance()
            let right = try parseAnd()
            left = SQLExpr(.binary(.or, left, right), at: left.position)
        }
        return left
    }

    mutating func parseAnd() throws(SQLSyntaxError) -> SQLExpr {
        var left = try parseNot()
        while isKeyword("AND") {
            advance()
            let right = try parseNot()
            left = SQLExpr(.binary(.and, left, right), at: left.position)
        }
        return left
    }

    mutating func parseNot() throws(SQLSyntaxError) -> SQLExpr {
        try enter()
        defer { leave() }
        let t = current
        if isKeyword("NOT") || isSymbol("!") {
            advance()
            let operand = try parseNot()
            if case .exists(let q, let negated) = operand.kind {
                return expr(.exists(q, negated: !negated), t)
            }
            return expr(.unary(.not, operand), t)
        }
        return try parsePredicate()
    }

    mutating func parsePredicate() throws(SQLSyntaxError) -> SQLExpr {
        let left = try parseComparison()
        let at = left.position
        if isKeyword("IS") {
            advance()
            let negated = acceptKeyword("NOT")
            if acceptKeyword("NULL") { return SQLExpr(.isNull(left, negated: negated), at: at) }
            if acceptKeyword("TRUE") { return SQLExpr(.isBoolean(left, value: true, negated: negated), at: at) }
            if acceptKeyword("FALSE") { return SQLExpr(.isBoolean(left, value: false, negated: negated), at: at) }
            if acceptKeyword("UNKNOWN") { return SQLExpr(.isBoolean(left, value: nil, negated: negated), at: at) }
            if acceptKeyword("DISTINCT") {
                try expectKeyword("FROM")
                let right = try parseComparison()
                return SQLExpr(.isDistinctFrom(left, right, negated: negated), at: at)
            }
            throw fail(expected: "NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM after IS")
        }
        var negated = false
        if isKeyword("NOT"), let w = word(1), ["BETWEEN", "IN", "LIKE", "ILIKE", "RLIKE", "REGEXP"].contains(w) {
            advance()
            negated = true
        }
        if acceptKeyword("BETWEEN") {
            let low = try parseComparison()
            try expectKeyword("AND")
            let high = try parseComparison()
            return SQLExpr(.between(left, low: low, high: high, negated: negated), at: at)
        }
        if acceptKeyword("IN") {
            try expectSymbol("(")
            if queryStarts() {
                let q = try parseQuery()
                try expectSymbol(")")
                return SQLExpr(.inSubquery(left, q, negated: negated), at: at)
            }
            let list = try commaList { (p: inout SQLParser) throws(SQLSyntaxError) in try p.parseExpr() }
            try expectSymbol(")")
            return SQLExpr(.inList(left, list, negated: negated), at: at)
        }
        let likeKind: SQLLikeKind?
        switch word() {
        case "LIKE": likeKind = .like
        case "ILIKE": likeKind = .ilike
        case "RLIKE", "REGEXP": likeKind = .rlike
        default: likeKind = nil
        }
        if let likeKind {
            advance()
            let pattern = try parseComparison()
            var escape: Character?
            if likeKind != .rlike, isKeyword("ESCAPE") {
                advance()
                let t = current
                let s = try parseStringLiteral("an escape character string")
                guard s.count == 1, let c = s.first else { throw fail(at: t, "the ESCAPE string must be one character") }
                escape = c
            }
            return SQLExpr(.like(likeKind, left, pattern: pattern, escape: escape, negated: negated), at: at)
        }
        if negated { throw fail(expected: "BETWEEN, IN, LIKE, ILIKE or RLIKE after NOT") }
        return left
    }

    mutating func parseComparison() throws(SQLSyntaxError) -> SQLExpr {
        var left = try parseBitOr()
        while case .symbol(let s) = current.kind {
            let op: SQLBinaryOperator
            switch s {
            case "=", "==": op = .equal
            case "!=", "<>": op = .notEqual
            case "<": op = .less
            case "<=": op = .lessOrEqual
            case ">": op = .greater
            case ">=": op = .greaterOrEqual
            case "<=>": op = .nullSafeEqual
            default: return left
            }
            advance()
            let right = try parseBitOr()
            left = SQLExpr(.binary(op, left, right), at: left.position)
        }
        return left
    }

    mutating func parseBitOr() throws(SQLSyntaxError) -> SQLExpr {
        var left = try parseBitXor()
        while acceptSymbol("|") {
            left = SQLExpr(.binary(.bitwiseOr, left, try parseBitXor()), at: left.position)
        }
        return left
    }

    mutating func parseBitXor() throws(SQLSyntaxError) -> SQLExpr {
        var left = try parseBitAnd()
        while acceptSymbol("^") {
            left = SQLExpr(.binary(.bitwiseXor, left, try parseBitAnd()), at: left.position)
        }
        return left
    }

    mutating func parseBitAnd() throws(SQLSyntaxError) -> SQLExpr {
        var left = try parseAdditive()
        while acceptSymbol("&") {
            left = SQLExpr(.binary(.bitwiseAnd, left, try parseAdditive()), at: left.position)
        }
        return left
    }

    mutating func parseAdditive() throws(SQLSyntaxError) -> SQLExpr {
        var left = try parseMultiplicative()
        while true {
            let op: SQLBinaryOperator
            if isSymbol("+") { op = .add } else if isSymbol("-") { op = .subtract } else if isSymbol("||") { op = .concat } else { return left }
            advance()
            left = SQLExpr(.binary(op, left, try parseMultiplicative()), at: left.position)
        }
    }

    mutating func parseMultiplicative() throws(SQLSyntaxError) -> SQLExpr {
        var left = try parseUnary()
        while true {
            let op: SQLBinaryOperator
            if isSymbol("*") { op = .multiply } else if isSymbol("/") { op = .divide } else if isSymbol("%") { op = .modulo }
            else if isKeyword("DIV") { op = .intDivide } else { return left }
            advance()
            left = SQLExpr(.binary(op, left, try parseUnary()), at: left.position)
        }
    }

    mutating func parseUnary() throws(SQLSyntaxError) -> SQLExpr {
        try enter()
        defer { leave() }
        let t = current
        if isSymbol("-") {
            advance()
            // `-2147483648` is an INT literal, as in Spark: fold the sign into an adjacent number.
            if case .number(let text) = current.kind, current.start == t.end {
                let n = current
                advance()
                return try parsePostfix(expr(.literal(try numberLiteral(text, negative: true, at: n)), t))
            }
            return expr(.unary(.minus, try parseUnary()), t)
        }
        if acceptSymbol("+") { return expr(.unary(.plus, try parseUnary()), t) }
        if acceptSymbol("~") { return expr(.unary(.bitwiseNot, try parseUnary()), t) }
        return try parsePostfix(try parsePrimary())
    }

    mutating func parsePostfix(_ e: SQLExpr) throws(SQLSyntaxError) -> SQLExpr {
        var e = e
        while true {
            if acceptSymbol("::") {
                e = SQLExpr(.cast(e, try parseType(), isTry: false), at: e.position)
            } else if acceptSymbol("[") {
                // `arr[i]` (0-based) / `map[key]`: the engine's internal `__subscript` function.
                let index = try parseExpr()
                try expectSymbol("]")
                e = SQLExpr(.function(SQLFunctionCall(name: ["__subscript"], arguments: [e, index])), at: e.position)
            } else {
                return e
            }
        }
    }

    // MARK: Primary

    mutating func parsePrimary() throws(SQLSyntaxError) -> SQLExpr {
        let t = current
        switch t.kind {
        case .number(let text):
            advance()
            return expr(.literal(try numberLiteral(text, negative: false, at: t)), t)
        case .string:
            return expr(.literal(.string(try parseStringLiteral())), t)
        case .binaryString(let hex):
            advance()
            return expr(.literal(.binary(hex)), t)
        case .positionalParameter:
            advance()
            nextParameter += 1
            return expr(.parameter(.positional(nextParameter - 1)), t)
        case .namedParameter(let name):
            advance()
            return expr(.parameter(.named(name)), t)
        case .symbol("("):
            return try parseParenthesized()
        case .symbol("*"):
            advance()
            return expr(.star(qualifier: []), t)
        case .quotedIdentifier:
            return try parseNameOrCall()
        case .word:
            return try parseWordPrimary()
        default:
            throw fail(expected: "an expression")
        }
    }

    mutating func parseParenthesized() throws(SQLSyntaxError) -> SQLExpr {
        let t = current
        if queryStarts(1) {
            // `((SELECT 1) + 1)` also starts like a query: try the query, fall back to an expression.
            backtrackBudget -= 1
            if backtrackBudget < 0 { throw fail(at: t, "the statement is too complex to parse") }
            let saved = p, savedParam = nextParameter, savedDepth = depth
            advance()
            do {
                let q = try parseQuery()
                try expectSymbol(")")
                return expr(.scalarSubquery(q), t)
            } catch let queryError {
                if queryError.problem == "the statement is too complex to parse" { throw queryError }
                p = saved
                nextParameter = savedParam
                depth = savedDepth
                do {
                    return try parseParenthesizedExpr()
                } catch let exprError {
                    throw queryError.position.offset >= exprError.position.offset ? queryError : exprError
                }
            }
        }
        return try parseParenthesizedExpr()
    }

    /// `(e)` or a tuple `(a, b)` (a struct, as in Spark).
    mutating func parseParenthesizedExpr() throws(SQLSyntaxError) -> SQLExpr {
        let t = current
        try expectSymbol("(")
        let first = try parseExpr()
        if acceptSymbol(",") {
            var items = [first]
            items.append(contentsOf: try commaList { (p: inout SQLParser) throws(SQLSyntaxError) in try p.parseExpr() })
            try expectSymbol(")")
            return expr(.function(SQLFunctionCall(name: ["struct"], arguments: items)), t)
        }
        try expectSymbol(")")
        return first
    }

    mutating func parseWordPrimary() throws(SQLSyntaxError) -> SQLExpr {
        let t = current
        guard let w = word() else { throw fail(expected: "an expression") }
        let callFollows = isSymbol("(", 1)
        switch w {
        case "NULL": advance(); return expr(.literal(.null), t)
        case "TRUE": advance(); return expr(.literal(.boolean(true)), t)
        case "FALSE": advance(); return expr(.literal(.boolean(false)), t)
        case "DATE", "TIMESTAMP", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ":
            if case .string = token(1).kind {
                advance()
                let s = try parseStringLiteral()
                return expr(.literal(w == "DATE" ? .date(s) : .timestamp(s)), t)
            }
        case "INTERVAL":
            if startsIntervalValue(1) {
                advance()
                return expr(.literal(.interval(try parseIntervalBody())), t)
            }
        case "CASE":
            return try parseCase()
        case "CAST", "TRY_CAST":
            if callFollows {
                advance(); advance()
                let e = try parseExpr()
                try expectKeyword("AS")
                let type = try parseType()
                try expectSymbol(")")
                return expr(.cast(e, type, isTry: w == "TRY_CAST"), t)
            }
        case "EXTRACT":
            if callFollows {
                advance(); advance()
                guard case .word(let field) = current.kind else { throw fail(expected: "a date-time field such as YEAR") }
                advance()
                try expectKeyword("FROM")
                let e = try parseExpr()
                try expectSymbol(")")
                return expr(.extract(field: field.uppercased(), e), t)
            }
        case "SUBSTRING", "SUBSTR":
            if callFollows {
                let saved = p
                advance(); advance()
                let e = try parseExpr()
                if acceptKeyword("FROM") {
                    let from = try parseExpr()
                    let length = acceptKeyword("FOR") ? try parseExpr() : nil
                    try expectSymbol(")")
                    return expr(.substring(e, from: from, length: length), t)
                }
                p = saved
            }
        case "TRIM":
            if callFollows { return try parseTrim() }
        case "POSITION":
            if callFollows {
                let saved = p
                advance(); advance()
                let needle = try parseComparison()
                if acceptKeyword("IN") {
                    let haystack = try parseExpr()
                    try expectSymbol(")")
                    return expr(.position(needle: needle, haystack: haystack), t)
                }
                p = saved
            }
        case "EXISTS":
            if callFollows {
                advance(); advance()
                let q = try parseQuery()
                try expectSymbol(")")
                return expr(.exists(q, negated: false), t)
            }
        default:
            break
        }
        // `left(s, 2)`, and the aggregates `any(b)` / `some(b)`: reserved words that Spark also calls.
        if Self.reserved.contains(w) && !(["LEFT", "RIGHT", "ANY", "SOME"].contains(w) && callFollows) {
            throw fail(expected: "an expression")
        }
        return try parseNameOrCall()
    }

    /// A column reference, `t.*`, or a function call.
    mutating func parseNameOrCall() throws(SQLSyntaxError) -> SQLExpr {
        let t = current
        var parts: [String]
        switch current.kind {
        case .word(let w), .quotedIdentifier(let w): parts = [w]; advance()
        default: throw fail(expected: "an expression")
        }
        while isSymbol(".") {
            if isSymbol("*", 1) {
                advance(); advance()
                return expr(.star(qualifier: parts), t)
            }
            advance()
            parts.append(try parseAnyWord("a name after '.'"))
        }
        if isSymbol("(") {
            return expr(.function(try parseCallRest(name: parts)), t)
        }
        return expr(.column(parts), t)
    }

    /// At `(` after a function name.
    mutating func parseCallRest(name: [String]) throws(SQLSyntaxError) -> SQLFunctionCall {
        try expectSymbol("(")
        var call = SQLFunctionCall(name: name, arguments: [])
        if !isSymbol(")") {
            if acceptKeyword("DISTINCT") { call.distinct = true } else { _ = acceptKeyword("ALL") }
            if isSymbol("*") && isSymbol(")", 1) {
                call.arguments = [expr(.star(qualifier: []), current)]
                advance()
            } else {
                call.arguments = try commaList { (p: inout SQLParser) throws(SQLSyntaxError) in try p.parseExpr() }
            }
            if acceptKeywords("IGNORE", "NULLS") { call.ignoreNulls = true }
            else if acceptKeywords("RESPECT", "NULLS") { call.ignoreNulls = false }
        }
        try expectSymbol(")")
        if acceptKeywords("IGNORE", "NULLS") { call.ignoreNulls = true }
        else if acceptKeywords("RESPECT", "NULLS") { call.ignoreNulls = false }
        if isKeyword("FILTER") && isSymbol("(", 1) {
            advance(); advance()
            try expectKeyword("WHERE")
            call.filter = try parseExpr()
            try expectSymbol(")")
        }
        if acceptKeyword("OVER") {
            if isSymbol("(") {
                call.over = .spec(try parseWindowSpecInParens())
            } else {
                call.over = .named(try parseIdentifier("a window name or '('"))
            }
        }
        return call
    }

    mutating func parseCase() throws(SQLSyntaxError) -> SQLExpr {
        let t = current
        try expectKeyword("CASE")
        let operand = isKeyword("WHEN") ? nil : try parseExpr()
        var branches: [SQLWhenBranch] = []
        while acceptKeyword("WHEN") {
            let c = try parseExpr()
            try expectKeyword("THEN")
            branches.append(SQLWhenBranch(condition: c, result: try parseExpr()))
        }
        if branches.isEmpty { throw fail(expected: "'WHEN'") }
        let elseResult = acceptKeyword("ELSE") ? try parseExpr() : nil
        guard acceptKeyword("END") else {
            throw fail(expected: elseResult == nil ? "'WHEN', 'ELSE' or 'END'" : "'END'")
        }
        return expr(.caseWhen(operand: operand, branches: branches, elseResult: elseResult), t)
    }

    mutating func parseTrim() throws(SQLSyntaxError) -> SQLExpr {
        let t = current
        advance(); advance()
        var side: SQLTrimSide?
        switch word() {
        case "BOTH": side = .both
        case "LEADING": side = .leading
        case "TRAILING": side = .trailing
        default: side = nil
        }
        if side != nil && !isSymbol(",", 1) && !isSymbol(")", 1) { advance() } else { side = nil }
        if acceptKeyword("FROM") {
            let target = try parseExpr()
            try expectSymbol(")")
            return expr(.trim(side ?? .both, characters: nil, target), t)
        }
        let first = try parseExpr()
        if acceptKeyword("FROM") {
            let target = try parseExpr()
            try expectSymbol(")")
            return expr(.trim(side ?? .both, characters: first, target), t)
        }
        if side != nil { throw fail(expected: "'FROM'") }
        var args = [first]
        while acceptSymbol(",") { args.append(try parseExpr()) }
        try expectSymbol(")")
        return expr(.function(SQLFunctionCall(name: ["trim"], arguments: args)), t)
    }

    // MARK: Windows

    mutating func parseWindowSpecInParens() throws(SQLSyntaxError) -> SQLWindowSpec {
        try expectSymbol("(")
        var spec = SQLWindowSpec()
        let clauseWords: Set<String> = ["PARTITION", "DISTRIBUTE", "ORDER", "SORT", "ROWS", "RANGE"]
        if let id = identifierText(), !clauseWords.contains(id.uppercased()) || current.kind != .word(id) {
            spec.baseWindow = id
            advance()
        }
        if acceptKeywords("PARTITION", "BY") || acceptKeywords("DISTRIBUTE", "BY") {
            spec.partitionBy = try commaList { (p: inout SQLParser) throws(SQLSyntaxError) in try p.parseExpr() }
        }
        if acceptKeywords("ORDER", "BY") || acceptKeywords("SORT", "BY") {
            spec.orderBy = try parseOrderItems()
        }
        if isKeyword("ROWS") || isKeyword("RANGE") {
            let unit: SQLWindowFrame.Unit = isKeyword("ROWS") ? .rows : .range
            advance()
            if acceptKeyword("BETWEEN") {
                let start = try parseFrameBound()
                try expectKeyword("AND")
                let end = try parseFrameBound()
                spec.frame = SQLWindowFrame(unit: unit, start: start, end: end)
            } else {
                spec.frame = SQLWindowFrame(unit: unit, start: try parseFrameBound(), end: .currentRow)
            }
        }
        guard acceptSymbol(")") else {
            throw fail(expected: spec.frame == nil ? "PARTITION BY, ORDER BY, ROWS, RANGE or ')'" : "')'")
        }
        return spec
    }

    mutating func parseFrameBound() throws(SQLSyntaxError) -> SQLFrameBound {
        if acceptKeyword("UNBOUNDED") {
            if acceptKeyword("PRECEDING") { return .unboundedPreceding }
            if acceptKeyword("FOLLOWING") { return .unboundedFollowing }
            throw fail(expected: "PRECEDING or FOLLOWING")
        }
        if acceptKeywords("CURRENT", "ROW") { return .currentRow }
        let e = try parseAdditive()
        if acceptKeyword("PRECEDING") { return .preceding(e) }
        if acceptKeyword("FOLLOWING") { return .following(e) }
        throw fail(expected: "PRECEDING or FOLLOWING")
    }

    mutating func parseOrderItems() throws(SQLSyntaxError) -> [SQLOrderItem] {
        try commaList { (p: inout SQLParser) throws(SQLSyntaxError) in
            var item = SQLOrderItem(expr: try p.parseExpr())
            if p.acceptKeyword("DESC") { item.ascending = false } else { _ = p.acceptKeyword("ASC") }
            if p.acceptKeyword("NULLS") {
                if p.acceptKeyword("FIRST") { item.nullsFirst = true }
                else if p.acceptKeyword("LAST") { item.nullsFirst = false }
                else { throw p.fail(expected: "FIRST or LAST") }
            }
            return item
        }
    }

    // MARK: Literals

    /// Spark's numeric literal rules: plain integers are INT when they fit, else BIGINT, else DECIMAL;
    /// `1.5` is DECIMAL(2,1); an exponent makes DOUBLE; suffixes L S Y D F BD.
    func numberLiteral(_ text: String, negative: Bool, at t: SQLToken) throws(SQLSyntaxError) -> SQLLiteral {
        let u = text.uppercased()
        var body = u
        var suffix = ""
        if u.hasSuffix("BD") { suffix = "BD"; body = String(u.dropLast(2)) }
        else if let last = u.last, "LSYDF".contains(last) { suffix = String(last); body = String(u.dropLast()) }
        let signed = (negative ? "-" : "") + body
        let isFractional = body.contains(".") || body.contains("E")
        func outOfRange(_ type: String) -> SQLSyntaxError {
            fail(at: t, "numeric literal \(negative ? "-" : "")\(text) is out of range for \(type)")
        }
        switch suffix {
        case "L":
            guard let v = Int64(signed) else { throw outOfRange("BIGINT") }
            return .int64(v)
        case "S":
            guard let v = Int16(signed) else { throw outOfRange("SMALLINT") }
            return .int16(v)
        case "Y":
            guard let v = Int8(signed) else { throw outOfRange("TINYINT") }
            return .int8(v)
        case "D":
            guard let v = Double(signed), v.isFinite else { throw outOfRange("DOUBLE") }
            return .double(v)
        case "F":
            guard let v = Float(signed), v.isFinite else { throw outOfRange("FLOAT") }
            return .float(v)
        case "BD":
            return try decimalLiteral(body, negative: negative, at: t)
        default:
            if body.contains("E") {
                guard let v = Double(signed), v.isFinite else { throw outOfRange("DOUBLE") }
                return .double(v)
            }
            if isFractional { return try decimalLiteral(body, negative: negative, at: t) }
            if let v = Int32(signed) { return .int32(v) }
            if let v = Int64(signed) { return .int64(v) }
            return try decimalLiteral(body, negative: negative, at: t)
        }
    }

    func decimalLiteral(_ body: String, negative: Bool, at t: SQLToken) throws(SQLSyntaxError) -> SQLLiteral {
        var mantissa = Substring(body)
        var exponent = 0
        if let e = body.firstIndex(of: "E") {
            mantissa = body[..<e]
            guard let x = Int(body[body.index(after: e)...]), abs(x) < 100 else {
                throw fail(at: t, "invalid exponent in decimal literal \(body)")
            }
            exponent = x
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = parts.first ?? "", fracPart = parts.count > 1 ? parts[1] : ""
        var digits = String(intPart + fracPart)
        var scale = fracPart.count - exponent
        if scale < 0 { digits += String(repeating: "0", count: -scale); scale = 0 }
        let significant = digits.drop { $0 == "0" }
        let precision = max(significant.count, scale, 1)
        guard precision <= 38 else {
            throw fail(at: t, "decimal literal \(negative ? "-" : "")\(body) has more than 38 digits")
        }
        guard var unscaled = Int128(significant.isEmpty ? "0" : String(significant)) else {
            throw fail(at: t, "invalid decimal literal \(body)")
        }
        if negative { unscaled = -unscaled }
        return .decimal(unscaled: unscaled, precision: precision, scale: scale)
    }

    static let intervalUnits: [String: SQLIntervalUnit] = [
        "YEAR": .year, "YEARS": .year, "MONTH": .month, "MONTHS": .month, "WEEK": .week, "WEEKS": .week,
        "DAY": .day, "DAYS": .day, "HOUR": .hour, "HOURS": .hour, "MINUTE": .minute, "MINUTES": .minute,
        "SECOND": .second, "SECONDS": .second, "MILLISECOND": .millisecond, "MILLISECONDS": .millisecond,
        "MICROSECOND": .microsecond, "MICROSECONDS": .microsecond,
    ]

    func startsIntervalValue(_ k: Int) -> Bool {
        switch token(k).kind {
        case .string, .number: return true
        case .symbol("-"):
            if case .number = token(k + 1).kind { return true }
            if case .string = token(k + 1).kind { return true }
            return false
        default: return false
        }
    }

    /// After INTERVAL: `'3' DAY`, `3 DAYS`, `'1-2' YEAR TO MONTH`, `1 DAY 2 HOURS`, `'1 day 2 hours'`.
    mutating func parseIntervalBody() throws(SQLSyntaxError) -> SQLInterval {
        var parts: [SQLInterval.Part] = []
        while startsIntervalValue(0) {
            let t = current
            let negative = acceptSymbol("-")
            let value: String
            switch current.kind {
            case .string(let s): value = s
            case .number(let n): value = n
            default: throw fail(expected: "an interval value")
            }
            advance()
            guard let w = word(), let unit = Self.intervalUnits[w] else {
                if parts.isEmpty, case .string(let s) = t.kind {
                    // A unit-less string holds its own units.
                    return SQLInterval(parts: try splitIntervalString(s, at: t))
                }
                throw fail(expected: "an interval unit such as DAY")
            }
            advance()
            var toUnit: SQLIntervalUnit?
            if acceptKeyword("TO") {
                guard let w2 = word(), let u2 = Self.intervalUnits[w2] else { throw fail(expected: "an interval unit") }
                advance()
                toUnit = u2
            }
            parts.append(SQLInterval.Part(value: negative ? "-" + value : value, unit: unit, toUnit: toUnit))
        }
        if parts.isEmpty { throw fail(expected: "an interval value") }
        return SQLInterval(parts: parts)
    }

    func splitIntervalString(_ s: String, at t: SQLToken) throws(SQLSyntaxError) -> [SQLInterval.Part] {
        var words = s.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if words.first?.uppercased() == "INTERVAL" { words.removeFirst() }
        guard !words.isEmpty, words.count % 2 == 0 else { throw fail(at: t, "cannot parse the interval '\(s)'") }
        var out: [SQLInterval.Part] = []
        for k in stride(from: 0, to: words.count, by: 2) {
            guard let unit = Self.intervalUnits[words[k + 1].uppercased()], Double(words[k]) != nil else {
                throw fail(at: t, "cannot parse the interval '\(s)'")
            }
            out.append(SQLInterval.Part(value: words[k], unit: unit))
        }
        return out
    }

    // MARK: Types

    public mutating func parseType() throws(SQLSyntaxError) -> SQLType {
        let t = current
        guard let w = word() else { throw fail(expected: "a data type") }
        advance()
        func length() throws(SQLSyntaxError) -> Int {
            try expectSymbol("(")
            let n = try intParameter()
            try expectSymbol(")")
            return n
        }
        switch w {
        case "BOOLEAN", "BOOL": return .boolean
        case "TINYINT", "BYTE": return .tinyint
        case "SMALLINT", "SHORT": return .smallint
        case "INT", "INTEGER": return .int
        case "BIGINT", "LONG": return .bigint
        case "FLOAT", "REAL": return .float
        case "DOUBLE": return .double
        case "DECIMAL", "DEC", "NUMERIC":
            var precision = 10, scale = 0
            if acceptSymbol("(") {
                let pt = current
                precision = try intParameter()
                if acceptSymbol(",") { scale = try intParameter() }
                try expectSymbol(")")
                guard precision >= 1 && precision <= 38 else {
                    throw fail(at: pt, "decimal precision \(precision) is out of range 1 to 38")
                }
                guard scale <= precision else {
                    throw fail(at: pt, "decimal scale \(scale) is greater than its precision \(precision)")
                }
            }
            return .decimal(precision: precision, scale: scale)
        case "STRING", "TEXT": return .string
        case "VARCHAR": return .varchar(try length())
        case "CHAR", "CHARACTER": return .char(try length())
        case "DATE": return .date
        case "TIMESTAMP", "TIMESTAMP_LTZ": return .timestamp
        case "TIMESTAMP_NTZ": return .timestampNTZ
        case "BINARY": return .binary
        case "ARRAY":
            try expectSymbol("<")
            let e = try parseType()
            try expectSymbol(">")
            return .array(e)
        case "MAP":
            try expectSymbol("<")
            let k = try parseType()
            try expectSymbol(",")
            let v = try parseType()
            try expectSymbol(">")
            return .map(k, v)
        case "STRUCT":
            try expectSymbol("<")
            var fields: [SQLStructField] = []
            if !isSymbol(">") {
                repeat {
                    let name = try parseAnyWord("a field name")
                    _ = acceptSymbol(":")
                    fields.append(SQLStructField(name: name, type: try parseType()))
                } while acceptSymbol(",")
            }
            try expectSymbol(">")
            return .structType(fields)
        case "INTERVAL":
            var name = "INTERVAL"
            if let u = word(), Self.intervalUnits[u] != nil {
                name += " " + u; advance()
                if acceptKeyword("TO"), let u2 = word(), Self.intervalUnits[u2] != nil { name += " TO " + u2; advance() }
            }
            return .interval(name)
        default:
            throw source.error(at: t.start, expected: "a data type", near: nearText(t))
        }
    }

    mutating func intParameter() throws(SQLSyntaxError) -> Int {
        guard case .number(let n) = current.kind, let v = Int(n), v >= 0 else { throw fail(expected: "a non-negative integer") }
        advance()
        return v
    }
}
