import DataFlow
import DataFlowScript
import Testing

/// Every construct of the language, with known answers.
@Suite struct LanguageTests {
    @Test func printSeparatesArgumentsWithOneSpace() {
        #expect(outputOf(#"print(1, 2.5, "a\tb", true, false, null, [1, "x"], date("2026-11-25"))"#) == "1 2.5 a\tb true false null [1, \"x\"] 2026-11-25\n")
        #expect(outputOf("print()") == "\n")
    }

    @Test func stringEscapesAndConcatenation() {
        #expect(outputOf(#"print("q\"b\\s\u{41}\u{1F600}" + "!" + str(5) + str(2.0) + str(true) + str(null))"#) == "q\"b\\sA😀!52.0truenull\n")
        #expect(outputOf(#"print("line1\nline2")"#) == "line1\nline2\n")
        #expect(outputOf(#"print(len("héllo"), len([1, 2]))"#) == "5 2\n")
    }

    @Test func arithmeticComparisonsAndLogic() {
        #expect(outputOf("print(7 / 2, 7 % 3, 2 + 3 * 4, (2 + 3) * 4, -2 - -3, 1.5 * 2, 10 / 4.0, 7.5 % 2)") == "3.5 1 14 20 1 3.0 2.5 1.5\n")
        #expect(outputOf("print(1 < 2, 2 <= 1, \"a\" < \"b\", 1 == 1.0, null == null, 1 != null, date(\"2026-01-02\") > date(\"2026-01-01\"))") == "true false true true true true true\n")
        #expect(outputOf("print(true and not false, false or true, true && !true, false || false)") == "true true false false\n")
        #expect(outputOf("print([1, 2] + [3], [1, 2] == [1, 2])") == "[1, 2, 3] true\n")
    }

    @Test func conversions() {
        #expect(outputOf(#"print(int("42") + 1, int(3.9), double("2.5"), double(2), str(1) + str(2))"#) == "43 3 2.5 2.0 12\n")
    }

    @Test func listsIndexFromEitherEnd() {
        #expect(outputOf("parts = [\"a\", \"b\", \"c\"]\nprint(parts[0], parts[-1], parts[1 + 1])") == "a c c\n")
    }

    @Test func variablesAndStatementsSeparators() {
        #expect(outputOf("x = 1; y = x + 1\nprint(x, y)  # trailing comment\n# a comment line\nx = x * 10\nprint(x)") == "1 2\n10\n")
    }

    @Test func multiLineChainsAndBrackets() {
        let script = """
        top = ratings
          .filter(rating > 2)   # keep the good ones

          # a comment between the lines of a chain
          .select(userId,
                  rating * 2 as double_rating)
        top.show()
        """
        #expect(outputOf(script) == """
            +------+-------------+
            |userId|double_rating|
            +------+-------------+
            |     1|          9.0|
            |     1|          6.0|
            |     2|         10.0|
            +------+-------------+

            """)
    }

    @Test func dataFrameMethodsWithColumnsInScope() {
        #expect(outputOf("ratings.groupBy(movieId).agg(count() as n, avg(rating) as avg_rating).orderBy(n.desc, movieId).show()") == """
            +-------+---+----------+
            |movieId|  n|avg_rating|
            +-------+---+----------+
            |     10|  2|      4.75|
            |     20|  1|       3.0|
            |     30|  1|       2.0|
            +-------+---+----------+

            """)
        #expect(outputOf("ratings.filter(rating > 2 and movieId == 10 or not (userId == 3)).count()\nprint(ratings.filter(rating > 2 and movieId == 10 or not (userId == 3)).count())") == "3\n")
        #expect(outputOf("ratings.groupBy(\"movieId\").count().orderBy(\"movieId\").select(count).show()") == """
            +-----+
            |count|
            +-----+
            |    2|
            |    1|
            |    1|
            +-----+

            """)
        #expect(outputOf("ratings.agg(avg(\"rating\"), max(rating), countDistinct(movieId) as movies).show()") == """
            +-----------+-----------+------+
            |avg(rating)|max(rating)|movies|
            +-----------+-----------+------+
            |      3.625|        5.0|     3|
            +-----------+-----------+------+

            """)
    }

    @Test func variablesReachableInsideMethods() {
        #expect(outputOf("threshold = 4\nprint(ratings.filter(rating >= threshold).count())") == "2\n")
    }

    @Test func quotedNamesAndColReachAnyColumn() {
        #expect(outputOf("df = ratings.withColumnRenamed(\"rating\", \"my rating\")\nprint(df.filter(`my rating` > 4).count(), df.filter(col(\"my rating\") > 4).count())") == "2 2\n")
    }

    @Test func rowsByNameFieldAndIndex() {
        #expect(outputOf("r = ratings.first()\nprint(r, r.movieId, r[\"rating\"], r[0], r[-1])") == "Row(userId=1, movieId=10, rating=4.5) 10 4.5 1 4.5\n")
        #expect(outputOf("rows = ratings.orderBy(rating.desc).take(2)\nprint(rows[1].rating, len(rows))") == "4.5 2\n")
        #expect(outputOf("print(ratings.filter(rating > 100).first())") == "null\n")
    }

    @Test func whenOtherwiseWindowsAndSql() {
        #expect(outputOf("ratings.withColumn(\"x\", when(rating > 4, \"high\").when(rating > 2, \"mid\").otherwise(\"low\")).select(x).show()") == """
            +----+
            |   x|
            +----+
            |high|
            | mid|
            |high|
            | low|
            +----+

            """)
        #expect(outputOf("w = Window.partitionBy(\"movieId\").orderBy(desc(\"rating\"))\nratings.withColumn(\"rn\", row_number().over(w)).orderBy(userId, movieId).select(rn).show()") == """
            +---+
            | rn|
            +---+
            |  2|
            |  1|
            |  1|
            |  1|
            +---+

            """)
        #expect(outputOf("ratings.createOrReplaceTempView(\"ratings\")\nprint(sql(\"SELECT count(*) AS n FROM ratings\").first().n)") == "4\n")
    }

    @Test func registryFunctionsByName() {
        // Scalars, aliases and aggregates of the FunctionRegistry, reached generically.
        #expect(outputOf("r = ratings.select(upper(\"ab\") as u, ucase(\"cd\") as v, round(rating / 3, 2) as x, substring_index(\"a|b\", \"|\", 1) as g).first()\nprint(r.u, r.v, r.x, r.g)") == "AB CD 1.5 a\n")
        #expect(outputOf("print(ratings.agg(stddev(rating) as s).select(round(s, 3) as s).first().s)") == "1.377\n")
    }

    @Test func udfsRegisteredInSwiftAreCalledByName() {
        let r = runScript("print(ratings.select(plus1(rating) as p).first().p)") { engine in
            _ = engine.session.udf.register("plus1", udf { (x: Double) -> Double in x + 1 })
        }
        #expect(r.error == nil)
        #expect(r.output == "5.5\n")
        #expect(errorText("ratings.select(plus2(rating))").hasPrefix("t.dfs:1:16: error: unknown function 'plus2'"))
    }

    @Test func aliasesWithAsAndMethods() {
        #expect(outputOf("print(ratings.select(rating as r, movieId.as(\"m\"), userId.alias(\"u\")).columns)") == "[\"r\", \"m\", \"u\"]\n")
    }

    @Test func columnMethods() {
        #expect(outputOf("print(ratings.filter(movieId.isin(10, 30)).count(), ratings.filter(rating.between(3, 4.5)).count(), ratings.filter(rating.isNull).count(), ratings.select(rating.cast(\"int\") as i).first().i)") == "3 2 0 4\n")
    }

    @Test func naDropAndFill() {
        let r = runScript("df = sql(\"SELECT * FROM VALUES (1, NULL), (2, 'x') AS t(a, b)\")\nprint(df.na.drop().count(), df.na.fill(\"?\").orderBy(a).first().b)")
        #expect(r.error == nil)
        #expect(r.output == "1 ?\n")
    }

    @Test func nameThatIsAColumnAndAVariableIsAnError() {
        #expect(errorText("rating = 3\nratings.filter(rating >= 4).show()") == """
            t.dfs:2:16: error: 'rating' is both a column of the DataFrame and a variable; write col("rating") for the column, or rename the variable
            ratings.filter(rating >= 4).show()
                           ^
            """)
        // col(...) reaches the column, and the variable stays reachable outside DataFrame methods.
        #expect(outputOf("rating = 4\nprint(ratings.filter(col(\"rating\") >= 4).count(), rating)") == "2 4\n")
    }

    @Test func scriptStopsAtFirstError() {
        let r = runScript("print(\"before\")\nx = nope\nprint(\"after\")")
        #expect(r.output == "before\n")
        #expect(r.error?.line == 2)
        #expect(r.error?.exitCode == 1)
    }

    @Test func showFitsDisplayWidth() {
        let long = String(repeating: "x", count: 40)
        let r = runScript("sql(\"SELECT '\(long)' AS a, '\(long)' AS b\").show()", width: 30)
        #expect(r.error == nil)
        #expect(r.output.split(separator: "\n").allSatisfy { $0.count <= 30 })
        #expect(r.output.contains("..."))
        let wide = runScript("sql(\"SELECT '\(long)' AS a\").show(truncate: false)")
        #expect(wide.output.contains(long))
    }

    @Test func writeAndReadBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dfs-lang-\(UInt64.random(in: 0...UInt64.max))").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = runScript("""
            ratings.filter(rating >= 4).write.mode("overwrite").option("header", true).option("singleFile", true).csv("\(dir)/out.csv")
            back = read.option("inferSchema", true).csv("\(dir)/out.csv", header: true)
            print(back.count(), back.columns)
            """)
        #expect(r.error == nil)
        #expect(r.output == "2 [\"userId\", \"movieId\", \"rating\"]\n")
    }

    @Test func replEchoesExpressionValues() throws {
        let out = Captured()
        let engine = ScriptEngine(session: Session(threads: 1), output: { out.append($0) })
        try engine.run("x = 2", file: "<repl>")
        try engine.run("x * 3", file: "<repl>")
        try engine.run("print(x)", file: "<repl>")
        #expect(out.value == "6\n2\n")
        #expect(engine.variables.map(\.name) == ["x"])
    }
}

import Foundation
