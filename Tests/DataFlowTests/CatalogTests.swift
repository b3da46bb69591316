import DataFlow
import Testing

@Suite struct CatalogTests {
    @Test func tempViews() throws {
        let s = Session(threads: 2)
        let df = s.range(5)
        try df.createOrReplaceTempView("nums")
        #expect(try s.table("NUMS").count() == 5)
        #expect(s.catalog.listTables().map(\.name) == ["nums"])
        #expect(s.catalog.tableExists("Nums"))
        #expect(errorClass { try df.createTempView("nums") } == "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS")
        try s.range(3).createOrReplaceTempView("nums")
        #expect(try s.table("nums").count() == 3)
        // A view's columns can be qualified by its name.
        #expect(try rows(s.table("nums").select(col("nums.id")).orderBy("id")) == [[.int64(0)], [.int64(1)], [.int64(2)]])
        #expect(s.catalog.dropTempView("nums"))
        #expect(!s.catalog.dropTempView("nums"))
    }

    @Test func unknownViewSuggests() throws {
        let s = Session(threads: 1)
        try s.range(1).createOrReplaceTempView("ratings")
        let e = dataFlowError { _ = try s.table("ratngs") }
        #expect(e?.errorClass == "TABLE_OR_VIEW_NOT_FOUND")
        #expect(e?.message.contains("did you mean `ratings`") == true)
        #expect(errorClass { try s.range(1).createOrReplaceTempView("bad name") } == "INVALID_IDENTIFIER")
    }
}

@Suite struct SQLScriptTests {
    @Test func statementsRunInOrder() throws {
        let s = Session(threads: 1)
        let results = try s.sqlScript("""
            CREATE TEMP VIEW v AS SELECT * FROM range(5);  -- a comment; with a semicolon
            SELECT count(*) AS n, ';' AS sep FROM v;
            DROP VIEW v
            """)
        #expect(results.count == 3)
        #expect(try rows(results[1]) == [[.int64(5), .string(";")]])
        #expect(try results[0].columns.isEmpty && results[2].columns.isEmpty)
        #expect(!s.catalog.tableExists("v"))
    }

    @Test func aSyntaxErrorStopsTheScriptBeforeAnythingRuns() {
        let s = Session(threads: 1)
        let e = dataFlowError { _ = try s.sqlScript("CREATE TEMP VIEW v AS SELECT 1; SELEC 2") }
        #expect(e?.errorClass == "PARSE_SYNTAX_ERROR")
        #expect(e?.message.contains("line 1") == true)
        #expect(!s.catalog.tableExists("v"))
    }
}
