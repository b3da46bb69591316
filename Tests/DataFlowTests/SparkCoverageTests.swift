import DataFlow
import DataFlowEngine
import Testing

/// The coverage report against Spark's built-in list is honest: what it counts as SQL syntax really runs.
@Suite struct SparkCoverageTests {
    /// One example per name in `FunctionRegistry.sqlSyntaxNames`, with its answer.
    static let examples: [(String, String, Value)] = [
        ("!", "!true", .bool(false)), ("!=", "1 != 2", .bool(true)), ("%", "7 % 3", .int32(1)),
        ("*", "2 * 3", .int32(6)), ("+", "2 + 3", .int32(5)), ("-", "2 - 3", .int32(-1)),
        ("/", "6 / 4", .double(1.5)), ("<", "1 < 2", .bool(true)), ("<=", "2 <= 2", .bool(true)),
        ("<=>", "NULL <=> NULL", .bool(true)), ("<>", "1 <> 1", .bool(false)), ("=", "1 = 1", .bool(true)),
        ("==", "1 == 2", .bool(false)), (">", "2 > 1", .bool(true)), (">=", "1 >= 2", .bool(false)),
        ("||", "'a' || 'b'", .string("ab")), ("and", "true AND false", .bool(false)),
        ("or", "true OR false", .bool(true)), ("not", "NOT false", .bool(true)),
        ("between", "2 BETWEEN 1 AND 3", .bool(true)), ("case", "CASE 1 WHEN 1 THEN 'x' END", .string("x")),
        ("when", "CASE WHEN 1 > 2 THEN 'x' ELSE 'y' END", .string("y")), ("cast", "CAST('7' AS INT)", .int32(7)),
        ("extract", "EXTRACT(YEAR FROM DATE '2024-02-29')", .int32(2024)), ("in", "3 IN (1, 2)", .bool(false)),
        ("like", "'abc' LIKE 'a%'", .bool(true)), ("ilike", "'ABC' ILIKE 'a%'", .bool(true)),
    ]

    @Test func everySyntaxNameHasARunningExample() throws {
        #expect(Set(Self.examples.map(\.0)) == FunctionRegistry.sqlSyntaxNames)
        for (name, sql, want) in Self.examples {
            let got = try session.sql("SELECT \(sql)").collect().first?.values.first
            #expect(got == want, "\(name): SELECT \(sql) gave \(String(describing: got))")
        }
    }

    @Test func coverageSplitsSparksListExactly() {
        let (available, missing) = FunctionRegistry.sparkCoverage
        #expect(available.count + missing.count == FunctionRegistry.sparkBuiltinNames.count)
        #expect(FunctionRegistry.sparkBuiltinNames.count > 500)
        #expect(available.contains("upper") && available.contains("avg") && available.contains("row_number"))
        // Lambdas are not supported, so Spark's higher-order functions are reported missing.
        #expect(missing.contains("transform") && missing.contains("aggregate"))
    }
}
