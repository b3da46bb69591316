import Testing
import DataFlowColumnar
@testable import DataFlowSQL

@Suite struct ASTTests {
    @Test func literalValues() {
        #expect(SQLLiteral.decimal(unscaled: 15, precision: 2, scale: 1).value == .decimal(15, precision: 2, scale: 1))
        #expect(SQLType.decimal(precision: 10, scale: 2).dataType == .decimal(precision: 10, scale: 2))
        #expect(SQLType.varchar(10).dataType == .string)
    }
}
