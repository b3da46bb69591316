import Testing
@testable import DataFlowSQL

@Suite struct LexerTests {
    func kinds(_ sql: String) throws -> [SQLTokenKind] {
        try SQLLexer.tokenize(sql).map(\.kind).dropLast()
    }

    @Test func wordsNumbersSymbols() throws {
        #expect(try kinds("SELECT a1, `b``c` FROM t") == [
            .word("SELECT"), .word("a1"), .symbol(","), .quotedIdentifier("b`c"), .word("FROM"), .word("t"),
        ])
        #expect(try kinds("1 1.5 .5 1e3 1.5E-2 10L 2S 3Y 1.5D 2.5BD 1F 7.") == [
            .number("1"), .number("1.5"), .number(".5"), .number("1e3"), .number("1.5E-2"), .number("10L"),
            .number("2S"), .number("3Y"), .number("1.5D"), .number("2.5BD"), .number("1F"), .number("7."),
        ])
        #expect(try kinds("a<=>b<=c<>d!=e==f||g::int") == [
            .word("a"), .symbol("<=>"), .word("b"), .symbol("<="), .word("c"), .symbol("<>"), .word("d"),
            .symbol("!="), .word("e"), .symbol("=="), .word("f"), .symbol("||"), .word("g"), .symbol("::"), .word("int"),
        ])
        #expect(try kinds("t.a 1a") == [.word("t"), .symbol("."), .word("a"), .word("1a")])
        #expect(try kinds("? :name") == [.positionalParameter, .namedParameter("name")])
    }

    @Test func strings() throws {
        #expect(try kinds(#"'it''s' "dq" 'a\nb' 'x\'y' '\u0041' r'\d+' X'0aFF' 'l\%'"#) == [
            .string("it's"), .string("dq"), .string("a\nb"), .string("x'y"), .string("A"), .string(#"\d+"#),
            .binaryString("0aFF"), .string(#"l\%"#),
        ])
    }

    @Test func commentsAndPositions() throws {
        let toks = try SQLLexer.tokenize("-- hi\nSELECT /* a /* nested */ b */ x\n  FROM t")
        #expect(toks.map(\.kind).dropLast() == [.word("SELECT"), .word("x"), .word("FROM"), .word("t")])
        #expect(toks[0].position == SourcePosition(line: 2, column: 1, offset: 6))
        #expect(toks[2].position.line == 3 && toks[2].position.column == 3)
        let u = try SQLLexer.tokenize("'é' x")
        #expect(u[1].position.column == 5)
    }

    @Test func lexicalErrors() {
        func err(_ sql: String) -> SQLSyntaxError? {
            do { _ = try SQLLexer.tokenize(sql); return nil } catch { return error }
        }
        let s = err("SELECT 'abc")
        #expect(s?.line == 1 && s?.column == 8)
        #expect(s?.message.contains("unterminated string") == true)
        let c = err("SELECT 1\n/* never closed")
        #expect(c?.line == 2 && c?.column == 1 && c?.message.contains("unterminated comment") == true)
        let b = err("SELECT a # b")
        #expect(b?.column == 10 && b?.message == "unexpected character '#'")
        #expect(b?.rendered == "[PARSE_SYNTAX_ERROR] Syntax error at or near '#': unexpected character '#' (line 1, column 10)\nSELECT a # b\n         ^")
        #expect(err("SELECT `abc")?.message.contains("unterminated quoted identifier") == true)
        #expect(err("SELECT 1.5x")?.message.contains("invalid number") == true)
    }
}
