// Recursive-descent parser for the grammar in AST.swift. Nesting is bounded so a hostile input
// cannot exhaust the stack.

struct Parser {
    let tokens: [Token]
    var i = 0
    var depth = 0
    static let maxDepth = 100

    init(_ tokens: [Token]) { self.tokens = tokens }

    static let maxHeight = 256

    /// A compound node, refused when the tree gets too deep (`a.b.c…` or `1+1+…` thousands long).
    func node(_ kind: Node.Kind, pos: Pos) throws(LangError) -> Node {
        let n = Node(kind: kind, pos: pos)
        guard n.height <= Self.maxHeight else { throw LangError(pos, "expression nested too deeply") }
        return n
    }

    static func parse(_ source: String) throws(LangError) -> [Statement] {
        var p = Parser(try Lexer.tokenize(source))
        return try p.script()
    }

    var tok: Token { tokens[min(i, tokens.count - 1)] }
    func peek(_ k: Int) -> Token { tokens[min(i + k, tokens.count - 1)] }
    mutating func next() -> Token { let t = tok; if i < tokens.count - 1 { i += 1 }; return t }

    func isSymbol(_ s: String) -> Bool { tok.kind == .symbol(s) }
    func isKeyword(_ s: String) -> Bool { tok.kind == .keyword(s) }

    mutating func expect(_ s: String, _ what: String? = nil) throws(LangError) -> Token {
        guard isSymbol(s) else { throw LangError(tok.pos, "expected '\(s)'\(what.map { " " + $0 } ?? ""), found \(tok.display)") }
        return next()
    }

    mutating func script() throws(LangError) -> [Statement] {
        var out: [Statement] = []
        while true {
            while tok.kind == .newline { _ = next() }
            if tok.kind == .end { return out }
            out.append(try statement())
            guard tok.kind == .newline || tok.kind == .end else {
                throw LangError(tok.pos, "expected end of statement, found \(tok.display)")
            }
        }
    }

    mutating func statement() throws(LangError) -> Statement {
        let start = tok
        if isKeyword("param") {
            _ = next()
            guard case .identifier(let name) = tok.kind else { throw LangError(tok.pos, "expected a parameter name after 'param', found \(tok.display)") }
            let namePos = next().pos
            _ = try expect("=", "after the parameter name")
            return .param(name, try expression(), namePos)
        }
        if isKeyword("import") {
            _ = next()
            guard case .string(let path) = tok.kind else { throw LangError(tok.pos, "expected a file name string after 'import', found \(tok.display)") }
            _ = next()
            return .importFile(path, start.pos)
        }
        if case .identifier(let name) = tok.kind, peek(1).kind == .symbol("=") {
            _ = next(); _ = next()
            return .assign(name, try expression(), start.pos)
        }
        if let names = destructuringNames() {
            for _ in 0 ..< names.count * 2 { _ = next() }
            return .assignMany(names, try expression(), start.pos)
        }
        if case .keyword(let k) = tok.kind, peek(1).kind == .symbol("="), !["not", "null", "true", "false"].contains(k) {
            throw LangError(tok.pos, "'\(k)' is a keyword and cannot be a variable name")
        }
        return .expression(try expression())
    }

    /// `a, b, c =` ahead (unpacking a list: `train, test = df.randomSplit([0.8, 0.2])`): the names.
    func destructuringNames() -> [String]? {
        var names: [String] = [], k = 0
        while case .identifier(let n) = peek(k).kind {
            names.append(n)
            if peek(k + 1).kind == .symbol("=") { return names.count > 1 ? names : nil }
            guard peek(k + 1).kind == .symbol(",") else { return nil }
            k += 2
        }
        return nil
    }

    mutating func expression() throws(LangError) -> Node {
        depth += 1
        defer { depth -= 1 }
        guard depth < Self.maxDepth else { throw LangError(tok.pos, "expression nested too deeply") }
        let e = try orExpr()
        if isKeyword("as") {
            let asPos = next().pos
            switch tok.kind {
            case .identifier(let n), .quotedIdentifier(let n):
                _ = next()
                return try node(.alias(e, n), pos: asPos)
            case .string(let n):
                _ = next()
                return try node(.alias(e, n), pos: asPos)
            default:
                throw LangError(tok.pos, "expected a name after 'as', found \(tok.display)")
            }
        }
        return e
    }

    mutating func orExpr() throws(LangError) -> Node {
        var l = try andExpr()
        while isKeyword("or") || isSymbol("||") {
            let p = next().pos
            l = try node(.binary(.or, l, try andExpr()), pos: p)
        }
        return l
    }

    mutating func andExpr() throws(LangError) -> Node {
        var l = try notExpr()
        while isKeyword("and") || isSymbol("&&") {
            let p = next().pos
            l = try node(.binary(.and, l, try notExpr()), pos: p)
        }
        return l
    }

    mutating func notExpr() throws(LangError) -> Node {
        if isKeyword("not") || isSymbol("!") {
            let p = next().pos
            depth += 1
            defer { depth -= 1 }
            guard depth < Self.maxDepth else { throw LangError(p, "expression nested too deeply") }
            return try node(.not(try notExpr()), pos: p)
        }
        return try compare()
    }

    mutating func compare() throws(LangError) -> Node {
        let l = try sum()
        if case .symbol(let s) = tok.kind, let op = BinaryOp(rawValue: s), [.eq, .ne, .lt, .le, .gt, .ge].contains(op) {
            let p = next().pos
            let r = try sum()
            if case .symbol(let s2) = tok.kind, let op2 = BinaryOp(rawValue: s2), [.eq, .ne, .lt, .le, .gt, .ge].contains(op2) {
                throw LangError(tok.pos, "comparisons cannot be chained; combine them with 'and'")
            }
            return try node(.binary(op, l, r), pos: p)
        }
        if isSymbol("=") {
            throw LangError(tok.pos, "'=' assigns a variable; use '==' to compare")
        }
        return l
    }

    mutating func sum() throws(LangError) -> Node {
        var l = try product()
        while isSymbol("+") || isSymbol("-") {
            let t = next()
            guard case .symbol(let s) = t.kind, let op = BinaryOp(rawValue: s) else { break }
            l = try node(.binary(op, l, try product()), pos: t.pos)
        }
        return l
    }

    mutating func product() throws(LangError) -> Node {
        var l = try unary()
        while isSymbol("*") || isSymbol("/") || isSymbol("%") {
            let t = next()
            guard case .symbol(let s) = t.kind, let op = BinaryOp(rawValue: s) else { break }
            l = try node(.binary(op, l, try unary()), pos: t.pos)
        }
        return l
    }

    mutating func unary() throws(LangError) -> Node {
        if isSymbol("-") {
            let p = next().pos
            depth += 1
            defer { depth -= 1 }
            guard depth < Self.maxDepth else { throw LangError(p, "expression nested too deeply") }
            let operand = try unary()
            // Fold literals so `-9223372036854775808`-style edge cases and `-1` stay constants.
            switch operand.kind {
            case .int(let v) where v != Int64.min: return Node(kind: .int(-v), pos: p)
            case .double(let v): return Node(kind: .double(-v), pos: p)
            default: return try node(.negate(operand), pos: p)
            }
        }
        return try postfix()
    }

    mutating func postfix() throws(LangError) -> Node {
        var e = try primary()
        while true {
            if isSymbol(".") {
                _ = next()
                switch tok.kind {
                case .identifier(let n), .quotedIdentifier(let n):
                    let p = next().pos
                    e = try node(.member(e, n), pos: p)
                case .keyword(let k) where k == "as":
                    // `col.as("x")` is the Swift spelling of an alias: allow it as a method name.
                    let p = next().pos
                    e = try node(.member(e, k), pos: p)
                default:
                    throw LangError(tok.pos, "expected a name after '.', found \(tok.display)")
                }
            } else if isSymbol("(") {
                let open = next()
                var args: [Argument] = []
                while !isSymbol(")") {
                    if case .identifier(let label) = tok.kind, peek(1).kind == .symbol(":") {
                        let p = next().pos
                        _ = next()
                        args.append(Argument(label: label, value: try expression(), pos: p))
                    } else {
                        let v = try expression()
                        args.append(Argument(label: nil, value: v, pos: v.pos))
                    }
                    if isSymbol(",") { _ = next(); continue }
                    guard isSymbol(")") else {
                        if tok.kind == .end || tok.kind == .newline { throw LangError(open.pos, "'(' is never closed") }
                        throw LangError(tok.pos, "expected ',' or ')' in the argument list, found \(tok.display)")
                    }
                }
                _ = next()
                // A call takes the position of the called name (`read.csv(` → `csv`).
                e = try node(.call(e, args), pos: e.pos)
            } else if isSymbol("[") {
                let p = next().pos
                let index = try expression()
                _ = try expect("]", "after the index")
                e = try node(.index(e, index), pos: p)
            } else {
                return e
            }
        }
    }

    mutating func primary() throws(LangError) -> Node {
        let t = tok
        switch t.kind {
        case .int(let v): _ = next(); return Node(kind: .int(v), pos: t.pos)
        case .double(let v): _ = next(); return Node(kind: .double(v), pos: t.pos)
        case .string(let s): _ = next(); return Node(kind: .string(s), pos: t.pos)
        case .keyword("true"): _ = next(); return Node(kind: .bool(true), pos: t.pos)
        case .keyword("false"): _ = next(); return Node(kind: .bool(false), pos: t.pos)
        case .keyword("null"): _ = next(); return Node(kind: .null, pos: t.pos)
        case .identifier(let n): _ = next(); return Node(kind: .name(n), pos: t.pos)
        case .quotedIdentifier(let n): _ = next(); return Node(kind: .quotedName(n), pos: t.pos)
        case .symbol("("):
            _ = next()
            let e = try expression()
            guard isSymbol(")") else {
                if tok.kind == .end || tok.kind == .newline { throw LangError(t.pos, "'(' is never closed") }
                throw LangError(tok.pos, "expected ')', found \(tok.display)")
            }
            _ = next()
            return e
        case .symbol("["):
            _ = next()
            var items: [Node] = []
            while !isSymbol("]") {
                items.append(try expression())
                if isSymbol(",") { _ = next(); continue }
                guard isSymbol("]") else {
                    if tok.kind == .end || tok.kind == .newline { throw LangError(t.pos, "'[' is never closed") }
                    throw LangError(tok.pos, "expected ',' or ']' in the list, found \(tok.display)")
                }
            }
            _ = next()
            return try node(.list(items), pos: t.pos)
        case .keyword(let k):
            throw LangError(t.pos, "expected an expression, found keyword '\(k)'")
        default:
            throw LangError(t.pos, "expected an expression, found \(t.display)")
        }
    }
}
