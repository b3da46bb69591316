import DataFlowSQL
import Testing

/// DELETE, UPDATE, MERGE INTO, DESCRIBE HISTORY, OPTIMIZE, VACUUM and time travel parse into the AST
/// (printed in its S-expression form).
@Suite struct TableChangeParserTests {
    func parsed(_ sql: String) throws -> String { try parseStatement(sql).description }

    @Test func deleteAndUpdate() throws {
        #expect(try parsed("DELETE FROM t WHERE a > 1") == "(delete t (where (> a 1)))")
        #expect(try parsed("delete from db.t AS x") == "(delete db.t (as x))")
        #expect(try parsed("UPDATE t x SET a = a + 1, x.b = 'z' WHERE c IS NULL")
                == "(update t (as x) (set (a (+ a 1)) (x.b 'z')) (where (is-null c)))")
    }

    @Test func merge() throws {
        let sql = """
            MERGE INTO target t USING (SELECT * FROM updates) AS s ON t.id = s.id
            WHEN MATCHED AND s.deleted THEN DELETE
            WHEN MATCHED THEN UPDATE SET t.v = s.v
            WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id, s.v)
            """
        let text = try parsed(sql)
        #expect(text.hasPrefix("(merge target (as t) (using (as "))
        #expect(text.hasSuffix(" (on (= t.id s.id)) (when-matched (and s.deleted) (delete)) (when-matched (update (t.v s.v)))"
                               + " (when-not-matched (insert (id v) [s.id s.v])))"))
        #expect(try parsed("MERGE INTO t USING s ON t.k = s.k WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *")
                == "(merge t (using s) (on (= t.k s.k)) (when-matched (update *)) (when-not-matched (insert *)))")
        #expect(throws: SQLSyntaxError.self) { try parseStatement("MERGE INTO t USING s ON t.k = s.k") }
        #expect(throws: SQLSyntaxError.self) { try parseStatement("MERGE INTO t USING s ON t.k = s.k WHEN NOT MATCHED THEN INSERT (a, b) VALUES (1)") }
    }

    @Test func historyMaintenanceAndTimeTravel() throws {
        #expect(try parsed("DESCRIBE HISTORY events LIMIT 5") == "(describe-history events (limit 5))")
        #expect(try parsed("OPTIMIZE events WHERE day = '2024-01-01'") == "(optimize events (where (= day '2024-01-01')))")
        #expect(try parsed("VACUUM events RETAIN 200 HOURS DRY RUN") == "(vacuum events (retain 200.0) dry-run)")
        #expect(try parsed("SELECT * FROM events VERSION AS OF 3 e").contains("(as (events version-as-of 3) e)"))
        #expect(try parsed("SELECT * FROM events TIMESTAMP AS OF '2026-01-01'").contains("(events timestamp-as-of '2026-01-01')"))
        #expect(try parsed("SELECT * FROM events FOR SYSTEM_VERSION AS OF 2").contains("(events version-as-of 2)"))
        // `version` alone is still an alias.
        #expect(try parsed("SELECT * FROM events version").contains("(as events version)"))
    }
}
