import DataFlow
import Testing

/// `session.sql` analyzes at once and points analysis errors at the name in the SQL text.
@Suite struct SQLErrorPositionTests {
    func sqlError(_ s: Session, _ text: String) -> DataFlowError? { dataFlowError { _ = try s.sql(text) } }

    @Test func unknownColumnFailsAtSQLTimeWithCaret() throws {
        let s = Session(threads: 1)
        _ = try s.sql("CREATE TEMP VIEW r AS SELECT * FROM VALUES (1, 4.5) AS r(id, rating)")
        // No action runs: the error comes from sql() itself.
        let e = sqlError(s, "SELECT id,\n\tratng FROM r")
        #expect(e?.errorClass == "UNRESOLVED_COLUMN")
        #expect(e?.message == "no column `ratng` in [id, rating]; did you mean `rating`? (line 2, column 2)\n\tratng FROM r\n\t^")
    }

    @Test func unknownTableAndFunction() throws {
        let s = Session(threads: 1)
        _ = try s.sql("CREATE TEMP VIEW ratings AS SELECT 1 AS id")
        let t = sqlError(s, "SELECT * FROM ratings JOIN ratngs USING (id)")
        #expect(t?.errorClass == "TABLE_OR_VIEW_NOT_FOUND")
        #expect(t?.message == "The table or view `ratngs` cannot be found; did you mean `ratings`? (line 1, column 28)\nSELECT * FROM ratings JOIN ratngs USING (id)\n                           ^")
        let f = sqlError(s, "SELECT lowr('A') AS x")
        #expect(f?.errorClass == "UNRESOLVED_ROUTINE")
        #expect(f?.message.hasSuffix("(line 1, column 8)\nSELECT lowr('A') AS x\n       ^") == true)
    }

    @Test func scriptsLocateInTheWholeText() {
        let s = Session(threads: 1)
        let e = dataFlowError { _ = try s.sqlScript("SELECT 1 AS a;\nSELECT b FROM (SELECT 1 AS a) t") }
        #expect(e?.message.hasSuffix("(line 2, column 8)\nSELECT b FROM (SELECT 1 AS a) t\n       ^") == true)
    }

    @Test func otherErrorsAreUnchanged() {
        let s = Session(threads: 1)
        #expect(sqlError(s, "SELECT 1 / 0") == nil)  // a runtime error: raised by the action, not sql()
        #expect(dataFlowError { _ = try s.sql("SELECT 1 / 0").collect() }?.errorClass == "DIVIDE_BY_ZERO")
        #expect(sqlError(s, "SELECT a, count(*) FROM VALUES (1, 2) AS t(a, b) GROUP BY b")?.message.contains("(line") == false)
    }

    @Test func rlikeFromTheDataFrameAPI() throws {
        let s = Session(threads: 1)
        let df = try s.sql("SELECT * FROM VALUES ('The Matrix'), ('Heat'), (NULL) AS m(title)")
        #expect(try rows(df.select(col("title").rlike("^The "))) == [[.bool(true)], [.bool(false)], [.null]])
    }
}
