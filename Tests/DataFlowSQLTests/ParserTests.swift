import Foundation
import Testing
import DataFlowColumnar
@testable import DataFlowSQL

func e(_ sql: String) throws -> String { try parseExpression(sql).description }
func s(_ sql: String) throws -> String { try parseStatement(sql).description }
func syntaxError(_ sql: String) -> SQLSyntaxError? {
    do { _ = try parseStatement(sql); return nil } catch { return error }
}

@Suite struct ExpressionTests {
    @Test func precedence() throws {
        #expect(try e("1 + 2 * 3") == "(+ 1 (* 2 3))")
        #expect(try e("1 - 2 - 3") == "(- (- 1 2) 3)")
        #expect(try e("a OR b AND c") == "(OR a (AND b c))")
        #expect(try e("NOT a = b") == "(NOT (= a b))")
        #expect(try e("a BETWEEN 1 AND 2 AND b") == "(AND (between a 1 2) b)")
        #expect(try e("a || b + c") == "(+ (|| a b) c)")  // same level in Spark
        #expect(try e("-a * b") == "(* (- a) b)")
        #expect(try e("a = 1 OR NOT b IS NULL AND c") == "(OR (= a 1) (AND (NOT (is-null b)) c))")
        #expect(try e("a & b | c ^ d") == "(| (& a b) (^ c d))")
        #expect(try e("7 div 2 % 3") == "(% (div 7 2) 3)")
        #expect(try e("(1 + 2) * 3") == "(* (+ 1 2) 3)")
        #expect(try e("a + 1 < b * 2 = c") == "(= (< (+ a 1) (* b 2)) c)")
        #expect(try e("x::int + 1") == "(+ (cast x int) 1)")
    }

    @Test func literals() throws {
        #expect(try parseExpression("42").kind == .literal(.int32(42)))
        #expect(try parseExpression("3000000000").kind == .literal(.int64(3_000_000_000)))
        #expect(try parseExpression("-2147483648").kind == .literal(.int32(Int32.min)))
        #expect(try parseExpression("-9223372036854775808").kind == .literal(.int64(Int64.min)))
        #expect(try parseExpression("99999999999999999999").kind == .literal(.decimal(unscaled: 99999999999999999999, precision: 20, scale: 0)))
        #expect(try parseExpression("1.5").kind == .literal(.decimal(unscaled: 15, precision: 2, scale: 1)))
        #expect(try parseExpression("0.05").kind == .literal(.decimal(unscaled: 5, precision: 2, scale: 2)))
        #expect(try parseExpression("-1.50").kind == .literal(.decimal(unscaled: -150, precision: 3, scale: 2)))
        #expect(try parseExpression("1.5e3").kind == .literal(.double(1500)))
        #expect(try parseExpression("1.5D").kind == .literal(.double(1.5)))
        #expect(try parseExpression("1.5e3BD").kind == .literal(.decimal(unscaled: 1500, precision: 4, scale: 0)))
        #expect(try parseExpression("10L").kind == .literal(.int64(10)))
        #expect(try parseExpression("10S").kind == .literal(.int16(10)))
        #expect(try parseExpression("10Y").kind == .literal(.int8(10)))
        #expect(try e("'a' 'b'") == "'ab'")
        #expect(try e("TRUE AND FALSE OR NULL") == "(OR (AND true false) null)")
        #expect(try e("DATE '1998-12-01' - INTERVAL '90' DAY") == "(- (date '1998-12-01') (interval '90' day))")
        #expect(try e("TIMESTAMP '2024-01-01 10:00:00'") == "(timestamp '2024-01-01 10:00:00')")
        #expect(try e("INTERVAL 3 DAYS") == "(interval '3' day)")
        #expect(try e("INTERVAL '1-2' YEAR TO MONTH") == "(interval '1-2' year to month)")
        #expect(try e("INTERVAL 1 DAY 2 HOURS") == "(interval '1' day '2' hour)")
        #expect(try e("INTERVAL '1 day 2 hours'") == "(interval '1' day '2' hour)")
        #expect(try e("INTERVAL -3 MONTH") == "(interval '-3' month)")
        #expect(try e("? + ? = :name") == "(= (+ ?0 ?1) :name)")
    }

    @Test func namesAndCalls() throws {
        #expect(try e("`my col` + t.a + db.t.`b``c`") == "(+ (+ my col t.a) db.t.b`c)")
        #expect(try parseExpression("`my col`").kind == .column(["my col"]))
        #expect(try e("count(*)") == "(count *)")
        #expect(try e("count(DISTINCT a, b)") == "(count distinct a b)")
        #expect(try e("t.*") == "t.*")
        #expect(try e("left(s, 3) || right(s, 2)") == "(|| (left s 3) (right s 2))")
        #expect(try e("sum(x) FILTER (WHERE x > 0)") == "(sum x) (filter (> x 0))")
        #expect(try e("first(x) IGNORE NULLS") == "(first x) ignore-nulls")
        #expect(try e("now()") == "(now)")
        #expect(try e("(a, b)") == "(struct a b)")
    }

    @Test func predicates() throws {
        #expect(try e("a IS NOT NULL") == "(is-not-null a)")
        #expect(try e("a IS NOT DISTINCT FROM b") == "(is-not-distinct a b)")
        #expect(try e("a IS TRUE") == "(is-true a)")
        #expect(try e("a <=> b") == "(<=> a b)")
        #expect(try e("a != b AND a <> c AND a == d") == "(AND (AND (<> a b) (<> a c)) (= a d))")
        #expect(try e("a NOT BETWEEN 1 AND 10") == "(not-between a 1 10)")
        #expect(try e("a IN (1, 2, 3)") == "(in a [1 2 3])")
        #expect(try e("a NOT IN ('x')") == "(not-in a ['x'])")
        #expect(try e("a IN (SELECT b FROM t)") == "(in a (query (select [b] (from t))))")
        #expect(try e("NOT EXISTS (SELECT 1 FROM t WHERE t.a = b)") == "(not-exists (query (select [1] (from t) (where (= t.a b)))))")
        #expect(try e("EXISTS (SELECT *)") == "(exists (query (select [*])))")
        #expect(try e("(SELECT max(x) FROM t) + 1") == "(+ (subquery (query (select [(max x)] (from t)))) 1)")
        #expect(try e("((SELECT 1) + 1)") == "(+ (subquery (query (select [1]))) 1)")
        #expect(try e("s LIKE 'a%'") == "(like s 'a%')")
        #expect(try e("s NOT ILIKE 'a!%%' ESCAPE '!'") == "(not-ilike s 'a!%%' escape '!')")
        #expect(try e("s RLIKE '^a' OR s REGEXP 'b'") == "(OR (rlike s '^a') (rlike s 'b'))")
    }

    @Test func specialForms() throws {
        #expect(try e("CASE WHEN a > 1 THEN 'x' WHEN a > 0 THEN 'y' ELSE 'z' END") == "(case (when (> a 1) 'x') (when (> a 0) 'y') (else 'z'))")
        #expect(try e("CASE a WHEN 1 THEN 'one' END") == "(case a (when 1 'one'))")
        #expect(try e("CAST(a AS decimal(12, 2))") == "(cast a decimal(12,2))")
        #expect(try e("TRY_CAST(a AS varchar(10))") == "(try_cast a varchar(10))")
        #expect(try e("cast(a as int) + cast(b as bigint) + cast(c as double) + cast(d as string)")
                == "(+ (+ (+ (cast a int) (cast b bigint)) (cast c double)) (cast d string))")
        #expect(try e("CAST(x AS date) < CAST(y AS timestamp) OR CAST(z AS boolean)") == "(OR (< (cast x date) (cast y timestamp)) (cast z boolean))")
        #expect(try e("CAST(x AS decimal)") == "(cast x decimal(10,0))")
        #expect(try e("CAST(x AS array<map<string, int>>)") == "(cast x array<map<string,int>>)")
        #expect(try e("EXTRACT(year FROM o_orderdate)") == "(extract YEAR o_orderdate)")
        #expect(try e("SUBSTRING(c_phone FROM 1 FOR 2)") == "(substring c_phone 1 2)")
        #expect(try e("substring(c_phone, 1, 2)") == "(substring c_phone 1 2)")
        #expect(try parseExpression("substring(c_phone, 1, 2)").kind != parseExpression("SUBSTRING(c_phone FROM 1 FOR 2)").kind)
        #expect(try e("TRIM(BOTH 'x' FROM s)") == "(trim both 'x' s)")
        #expect(try e("TRIM(LEADING FROM s)") == "(trim leading s)")
        #expect(try e("trim(s)") == "(trim s)")
        #expect(try e("POSITION('a' IN s)") == "(position 'a' s)")
    }

    @Test func windows() throws {
        #expect(try e("row_number() OVER (PARTITION BY a, b ORDER BY c DESC NULLS LAST)")
                == "(over (row_number) (window (partition a b) (order (desc c nulls-last))))")
        #expect(try e("sum(x) OVER (ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)")
                == "(over (sum x) (window (order (asc d)) (rows unbounded-preceding current-row)))")
        #expect(try e("avg(x) OVER (ORDER BY d RANGE BETWEEN 2 PRECEDING AND 3 FOLLOWING)")
                == "(over (avg x) (window (order (asc d)) (range (preceding 2) (following 3))))")
        #expect(try e("sum(x) OVER (ROWS 5 PRECEDING)") == "(over (sum x) (window (rows (preceding 5) current-row)))")
        #expect(try e("rank() OVER w") == "(over (rank) w)")
        #expect(try e("lag(x, 1) OVER (w ORDER BY y)") == "(over (lag x 1) (window w (order (asc y))))")
    }
}

@Suite struct QueryTests {
    @Test func selectClauses() throws {
        #expect(try s("SELECT DISTINCT a AS x, b y, c FROM t WHERE a > 1") == "(query (select distinct [(as a x) (as b y) c] (from t) (where (> a 1))))")
        #expect(try s("SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > 1 ORDER BY 2 DESC, a NULLS FIRST LIMIT 10 OFFSET 5")
                == "(query (select [a (count *)] (from t) (group-by a) (having (> (count *) 1))) (order (desc 2) (asc a nulls-first)) (limit 10) (offset 5))")
        #expect(try s("SELECT a FROM t GROUP BY ROLLUP(a, (b, c)), CUBE(d)") == "(query (select [a] (from t) (group-by (rollup [a] [b c]) (cube [d]))))")
        #expect(try s("SELECT a FROM t GROUP BY GROUPING SETS ((a, b), (a), ())") == "(query (select [a] (from t) (group-by (grouping-sets [a b] [a] []))))")
        #expect(try s("SELECT a FROM t GROUP BY a, b WITH ROLLUP") == "(query (select [a] (from t) (group-by (rollup [a] [b]))))")
        #expect(try s("SELECT a FROM t GROUP BY ALL") == "(query (select [a] (from t) (group-by all)))")
        #expect(try s("SELECT a, row_number() OVER w AS rn FROM t WINDOW w AS (PARTITION BY a) QUALIFY rn = 1")
                == "(query (select [a (as (over (row_number) w) rn)] (from t) (qualify (= rn 1)) (window-def w (window (partition a)))))")
        #expect(try s("SELECT *, t.* FROM t") == "(query (select [* t.*] (from t)))")
        #expect(try s("SELECT 1") == "(query (select [1]))")
        #expect(try s("SELECT a FROM t LIMIT ALL") == "(query (select [a] (from t)))")
    }

    @Test func fromClause() throws {
        #expect(try s("SELECT * FROM a AS x(c1, c2), b y, (SELECT 1) AS z")
                == "(query (select [*] (from (as a x(c1,c2)) (as b y) (as (query (select [1])) z))))")
        #expect(try s("SELECT * FROM a JOIN b ON a.k = b.k LEFT OUTER JOIN c USING (k) RIGHT JOIN d ON true FULL JOIN e ON false")
                == "(query (select [*] (from (full-join (right-join (left-join (inner-join a b (on (= a.k b.k))) c (using k)) d (on true)) e (on false)))))")
        #expect(try s("SELECT * FROM a LEFT SEMI JOIN b ON x = y LEFT ANTI JOIN c ON x = z CROSS JOIN d NATURAL JOIN e")
                == "(query (select [*] (from (inner-join (cross-join (left-anti-join (left-semi-join a b (on (= x y))) c (on (= x z))) d) e natural))))")
        #expect(try s("SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(x, y)")
                == "(query (select [*] (from (as (values [1 'a'] [2 'b']) t(x,y)))))")
        #expect(try s("SELECT * FROM (VALUES (1), (2)) AS t(x)") == "(query (select [*] (from (as (query (values [1] [2])) t(x)))))")
        #expect(try s("SELECT * FROM range(10) r") == "(query (select [*] (from (as (range 10) r))))")
        #expect(try s("SELECT * FROM (a JOIN b ON a.x = b.x)") == "(query (select [*] (from (inner-join a b (on (= a.x b.x))))))")
        #expect(try s("SELECT * FROM db.t") == "(query (select [*] (from db.t)))")
    }

    @Test func setOperationsAndCTEs() throws {
        #expect(try s("SELECT 1 UNION ALL SELECT 2 UNION SELECT 3") == "(query (union (union-all (select [1]) (select [2])) (select [3])))")
        #expect(try s("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3") == "(query (union (select [1]) (intersect (select [2]) (select [3]))))")
        #expect(try s("SELECT 1 EXCEPT DISTINCT SELECT 2 MINUS SELECT 3") == "(query (except (except (select [1]) (select [2])) (select [3])))")
        #expect(try s("(SELECT 1 LIMIT 1) UNION (SELECT 2) ORDER BY 1")
                == "(query (union (query (select [1]) (limit 1)) (query (select [2]))) (order (asc 1)))")
        #expect(try s("WITH a AS (SELECT 1 AS x), b(y) AS (SELECT x FROM a) SELECT * FROM a, b")
                == "(query (with (a (query (select [(as 1 x)]))) (b(y) (query (select [x] (from a))))) (select [*] (from a b)))")
        #expect(try s("VALUES (1, 2), (3, 4)") == "(query (values [1 2] [3 4]))")
        #expect(try s("TABLE t") == "(query (table t))")
    }

    @Test func statements() throws {
        #expect(try s("CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 1") == "(create-view v or-replace temporary (query (select [1])))")
        #expect(try s("CREATE TEMP VIEW v (a) AS SELECT 1") == "(create-view v temporary (a) (query (select [1])))")
        #expect(try s("CREATE TABLE t USING csv OPTIONS (path '/tmp/x.csv', header 'true', 'k' = 1)")
                == "(create-table t (using csv) (options (path '/tmp/x.csv') (header 'true') (k '1')))")
        #expect(try s("CREATE TABLE IF NOT EXISTS t (a INT NOT NULL, b DECIMAL(10,2)) USING parquet PARTITIONED BY (a) LOCATION '/x'")
                == "(create-table t if-not-exists (columns (a int not-null) (b decimal(10,2))) (using parquet) (partitioned-by a) (location '/x'))")
        #expect(try s("CREATE TABLE t USING parquet AS SELECT * FROM s") == "(create-table t (using parquet) (as (query (select [*] (from s)))))")
        #expect(try s("DROP TABLE IF EXISTS db.t") == "(drop-table db.t if-exists)")
        #expect(try s("DROP VIEW v") == "(drop-view v)")
        #expect(try s("SHOW TABLES") == "(show-tables)")
        #expect(try s("SHOW TABLES IN db LIKE 'a*'") == "(show-tables (in db) 'a*')")
        #expect(try s("DESCRIBE TABLE t") == "(describe t)")
        #expect(try s("DESC EXTENDED t") == "(describe t extended)")
        #expect(try s("EXPLAIN SELECT 1") == "(explain simple (query (select [1])))")
        #expect(try s("EXPLAIN EXTENDED SELECT 1") == "(explain extended (query (select [1])))")
        #expect(try s("SET spark.sql.shuffle.partitions = 8") == "(set 'spark.sql.shuffle.partitions' '8')")
        #expect(try s("SET spark.sql.session.timeZone='UTC';") == "(set 'spark.sql.session.timeZone' 'UTC')")
        #expect(try s("SET") == "(set)")
        #expect(try s("SET a.b") == "(set 'a.b')")
        #expect(try s("INSERT INTO t VALUES (1, 'a')") == "(insert-into t (query (values [1 'a'])))")
        #expect(try s("INSERT INTO t (a, b) SELECT x, y FROM s") == "(insert-into t (a b) (query (select [x y] (from s))))")
        #expect(try s("INSERT OVERWRITE TABLE t SELECT 1") == "(insert-overwrite t (query (select [1])))")
        #expect(try parseStatements("SELECT 1; ; SELECT 2;").map(\.description) == ["(query (select [1]))", "(query (select [2]))"])
        #expect(try parseStatements("").isEmpty)
    }

    @Test func nonReservedKeywordsAreNames() throws {
        // Only Spark's ANSI-reserved words are off limits; the rest name columns, aliases and functions.
        #expect(try s("SELECT 1 AS semi, 2 AS anti, 3 AS year, 4 AS limit, 5 AS window, 6 AS minus")
                == "(query (select [(as 1 semi) (as 2 anti) (as 3 year) (as 4 limit) (as 5 window) (as 6 minus)]))")
        #expect(try s("SELECT date, values, window, first, last, left(s, 2), right(s, 1) FROM t")
                == "(query (select [date values window first last (left s 2) (right s 1)] (from t)))")
        #expect(try s("SELECT year year FROM events day") == "(query (select [(as year year)] (from (as events day))))")
        #expect(try s("SELECT a.date FROM t a WHERE a.like LIKE 'x%'") == "(query (select [a.date] (from (as t a)) (where (like a.like 'x%'))))")
        #expect(try s("WITH window AS (SELECT 1) SELECT * FROM window") == "(query (with (window (query (select [1])))) (select [*] (from window)))")
        // A clause keyword after a table or expression still starts its clause.
        #expect(try s("SELECT a FROM t LIMIT 1") == "(query (select [a] (from t)) (limit 1))")
        #expect(try s("SELECT a FROM t SEMI JOIN u ON t.k = u.k") == "(query (select [a] (from (left-semi-join t u (on (= t.k u.k))))))")
        #expect(try s("SELECT a x FROM t WINDOW w AS (ORDER BY a)") == "(query (select [(as a x)] (from t) (window-def w (window (order (asc a))))))")
        #expect(try s("SELECT 1 MINUS SELECT 2") == "(query (except (select [1]) (select [2])))")
        // Reserved words need backticks.
        #expect(syntaxError("SELECT 1 AS from") != nil)
        #expect(syntaxError("SELECT select FROM t") != nil)
        #expect(syntaxError("SELECT * FROM t AS join") != nil)
        #expect(try s("SELECT 1 AS `from`") == "(query (select [(as 1 from)]))")
    }

    @Test func positions() throws {
        guard case .query(let q) = try parseStatement("SELECT a,\n  b + 1 AS c\nFROM t"), case .select(let sel) = q.body else {
            Issue.record("not a select"); return
        }
        #expect(sel.items[1].expr.position == SourcePosition(line: 2, column: 3, offset: 12))
        guard case .binary(_, _, let one) = sel.items[1].expr.kind else { Issue.record("not binary"); return }
        #expect(one.position.column == 7)
        #expect(sel.from[0].position.line == 3 && sel.from[0].position.column == 6)
    }
}

@Suite struct SyntaxErrorTests {
    @Test func caretUnderTheSpot() throws {
        let err = try #require(syntaxError("SELECT 1 FORM t"))
        #expect(err.line == 1 && err.column == 10)
        #expect(err.message == "expected end of input but found 'FORM'")
        #expect(err.rendered == "[PARSE_SYNTAX_ERROR] Syntax error at or near 'FORM': expected end of input (line 1, column 10)\nSELECT 1 FORM t\n         ^")
        let dfe = err.dataFlowError
        #expect(dfe.errorClass == "PARSE_SYNTAX_ERROR")
        #expect(DataFlowError(err).description == err.rendered)
    }

    @Test func linesAndColumns() throws {
        let err = try #require(syntaxError("SELECT a,\n       b\nFROM t\nWHER x = 1"))
        #expect(err.line == 4 && err.column == 1 && err.near == "WHER")
        #expect(err.rendered.hasSuffix("\nWHER x = 1\n^"))

        let missingParen = try #require(syntaxError("SELECT (a + b FROM t"))
        #expect(missingParen.message == "expected ')' but found 'FROM'" && missingParen.column == 15)

        let end = try #require(syntaxError("SELECT a FROM"))
        #expect(end.message == "expected a table name but found end of input" && end.column == 14)
        #expect(end.rendered.hasPrefix("[PARSE_SYNTAX_ERROR] Syntax error at end of input: expected a table name"))

        let noExpr = try #require(syntaxError("SELECT FROM t"))
        #expect(noExpr.message == "expected an expression but found 'FROM'" && noExpr.column == 8)

        let caseEnd = try #require(syntaxError("SELECT CASE WHEN a THEN 1 FROM t"))
        #expect(caseEnd.message == "expected 'WHEN', 'ELSE' or 'END' but found 'FROM'")

        let tab = try #require(syntaxError("SELECT\t1 +"))
        #expect(tab.rendered.hasSuffix("SELECT\t1 +\n      \t   ^"))
    }

    @Test func malformedInputsNeverCrash() {
        let bad = [
            "", ";", "SELECT", "SELECT 1 +", "SELECT (", "SELECT )", "SELECT a FROM t WHERE", "SELECT CAST(a AS)",
            "SELECT CAST(a AS decimal(40, 2))", "SELECT CAST(a AS decimal(5, 6))", "SELECT CAST(a AS foo)",
            "SELECT 99999999999999999999999999999999999999999", "SELECT 1e999", "SELECT 300Y",
            "SELECT a NOT", "SELECT a IS", "SELECT a BETWEEN 1", "SELECT a IN ()", "SELECT EXISTS (1)",
            "SELECT INTERVAL 'x y z'", "SELECT INTERVAL 1 FORTNIGHT", "SELECT f(", "SELECT f(a,", "SELECT count(*) OVER (",
            "SELECT sum(x) OVER (ROWS BETWEEN 1 AND 2)", "SELECT * FROM a JOIN", "SELECT * FROM a LEFT JOIN b",
            "SELECT * FROM a NATURAL", "WITH", "WITH a AS (SELECT 1)", "CREATE", "CREATE VIEW v", "DROP t",
            "INSERT t", "INSERT INTO t", "SET = 1", "SELECT 'abc", "SELECT `abc", "SELECT /* abc", "SELECT a ESCAPE",
            "SELECT a LIKE 'x' ESCAPE 'ab'", "SELECT 1 UNION", "SELECT (SELECT 1", "SELECT t.", "SELECT \u{0}",
            "SELECT a FROM t GROUP BY ROLLUP(", "SELECT 1 ORDER BY", "SELECT 1 LIMIT", "EXPLAIN", "DESCRIBE",
            "SHOW TABLES LIKE", "SELECT x::", "SELECT -", "SELECT X'zz'", "SELECT '\\u12'", "SELECT 1.2.3",
            "SELECT a FROM t t2 t3", "SELECT CASE END", "SELECT TRIM(BOTH 'x' s)", "CREATE TABLE t OPTIONS (a)",
        ]
        for sql in bad {
            do {
                let st = try parseStatement(sql)
                Issue.record("parsed but should not: \(sql) → \(st)")
            } catch {
                #expect(error.line >= 1 && error.column >= 1, "\(sql)")
                #expect(!error.message.isEmpty)
            }
        }
    }
}

@Suite struct HostileInputTests {
    @Test func deepNestingIsAnErrorNotACrash() {
        for sql in [
            "SELECT " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000),
            "SELECT " + String(repeating: "- ", count: 5000) + "1",
            "SELECT " + String(repeating: "NOT ", count: 5000) + "a",
            String(repeating: "(", count: 3000) + "SELECT 1" + String(repeating: ")", count: 3000),
        ] {
            let t0 = ContinuousClock.now
            #expect(throws: SQLSyntaxError.self) { try parseStatement(sql) }
            print("hostile \(sql.prefix(12)): \(ContinuousClock.now - t0)")
        }
        // Moderate nesting is fine.
        #expect(throws: Never.self) { try parseStatement("SELECT " + String(repeating: "(", count: 50) + "1" + String(repeating: ")", count: 50)) }
        let t0 = ContinuousClock.now
        #expect(throws: Never.self) { try parseStatement("SELECT " + String(repeating: "(", count: 40) + "SELECT 1)" + String(repeating: " + 1)", count: 39)) }
        print("hostile nested subquery: \(ContinuousClock.now - t0)")
    }
}

@Suite struct BenchmarkQueryTests {
    static let queriesRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/bench/queries")

    func parseAll(_ folder: String, expectAtLeast count: Int) throws {
        let dir = Self.queriesRoot.appendingPathComponent(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else {
            print("skipping \(folder): \(dir.path) is absent")
            return
        }
        let files = names.filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files.count >= count)
        for f in files {
            let sql = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            do {
                let stmts = try parseStatements(sql)
                #expect(stmts.count == 1, "\(folder)/\(f)")
                if case .query = stmts.first {} else { Issue.record("\(folder)/\(f) is not a query") }
            } catch {
                Issue.record("\(folder)/\(f): \(error.rendered)")
            }
        }
    }

    @Test func tpch() throws { try parseAll("tpch", expectAtLeast: 22) }
    @Test func h2oGroupBy() throws { try parseAll("h2o-groupby", expectAtLeast: 10) }
    @Test func h2oJoin() throws { try parseAll("h2o-join", expectAtLeast: 5) }
}
