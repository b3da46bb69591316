import DataFlowColumnar
@testable import DataFlowEngine
import Testing

@Suite struct RegexFunctionTests {
    func bools(_ c: Column) -> [Bool?] { (0..<c.count).map { c.isValid($0) ? c.values(UInt8.self)[$0] != 0 : nil } }

    @Test func constantPatternIsPreparedOnce() throws {
        let f = try #require(FunctionRegistry.scalar("regexp_like"))
        #expect(f.name == "rlike")
        let invoke = try #require(try f.prepare?([nil, .string("^a.c$")]))
        let s = Column.string(["abc", "xabc", nil, "a\nc"])
        #expect(bools(try invoke([s, Column.string(["", "", "", ""])], 4)) == [true, false, nil, false])
        // A bad constant pattern fails when the expression is compiled, before any row.
        #expect(throws: DataFlowError.self) { _ = try f.prepare?([nil, .string("[a-")]) }
        let nullPattern = try #require(try f.prepare?([nil, .null]))
        #expect(bools(try nullPattern([s, s], 4)) == [nil, nil, nil, nil])
    }

    @Test func dictionaryColumnsMatchEachDistinctValueOnce() throws {
        let dict = Column(type: .string, count: 4, values: Buffer.of([Int32(1), 0, 1, 0]),
                          validity: nil, dictionary: DictionaryBox(Column.string(["Drama", "Action|Comedy"])))
        let regex = try RegexFunctions.compile("Com", function: "rlike")
        #expect(bools(RegexFunctions.matches(dict, 4, regex)) == [true, false, true, false])
    }

    @Test func patternColumn() throws {
        let out = try RegexFunctions.rlike(Column.string(["abc", "abc", nil, "a+"]), Column.string(["b", "^b", "x", "a\\+"]), 4)
        #expect(bools(out) == [true, false, nil, true])
        #expect(throws: DataFlowError.self) { _ = try RegexFunctions.rlike(Column.string(["a"]), Column.string(["("]), 1) }
    }
}
