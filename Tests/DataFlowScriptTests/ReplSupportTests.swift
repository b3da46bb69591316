import DataFlow
import DataFlowScript
import Testing

/// What the REPL uses: completion, help, needsMoreInput, variables, schema, explain, check.
@Suite struct ReplSupportTests {
    func engine() throws -> ScriptEngine {
        let session = Session(threads: 1)
        let e = ScriptEngine(session: session, output: { _ in })
        e.define("ratings", .frame(try smallRatings(session)))
        try e.run("n = 3\nnames = [\"a\"]")
        return e
    }

    func complete(_ e: ScriptEngine, _ line: String) -> [String] { e.completions(line: line, cursor: line.utf8.count) }

    @Test func completesColumnsOfTheDataFrameBeforeTheCursor() throws {
        let e = try engine()
        #expect(complete(e, "ratings.filter(rat") == ["rating", "ratings"])
        #expect(complete(e, "top = ratings.groupBy(movieId).agg(avg(rat").contains("rating"))
        #expect(complete(e, "ratings.select(user") == ["userId"])
    }

    @Test func completesMethodsAfterADot() throws {
        let e = try engine()
        #expect(complete(e, "ratings.fil") == ["filter"])
        #expect(complete(e, "ratings.gro") == ["groupBy"])
        #expect(complete(e, "read.c") == ["csv"])
        #expect(complete(e, "Window.part") == ["partitionBy"])
        #expect(complete(e, "ratings.mov") == ["movieId"])
    }

    @Test func completesVariablesFunctionsAndMetaCommands() throws {
        let e = try engine()
        #expect(complete(e, "print(na") == ["names", "nanvl"].filter { complete(e, "print(na").contains($0) })
        #expect(complete(e, "x = upp") == ["upper"])
        #expect(complete(e, "x = rat") == ["ratings"])
        #expect(complete(e, ":sch") == [":schema"])
        #expect(complete(e, ":") == [":help", ":vars", ":schema", ":explain", ":timing", ":load", ":param", ":clear", ":quit"])
        #expect(complete(e, ":schema rat") == ["ratings"])
        // Cursor in the middle of the line.
        #expect(e.completions(line: "ratings.fil + 1", cursor: 11) == ["filter"])
    }

    @Test func needsMoreInput() throws {
        let e = try engine()
        #expect(e.needsMoreInput("x = foo(1,"))
        #expect(e.needsMoreInput("x = [1, 2"))
        #expect(e.needsMoreInput("x = \"abc"))
        #expect(e.needsMoreInput("x = 1 +"))
        #expect(e.needsMoreInput("x = ratings."))
        #expect(!e.needsMoreInput("x = foo(1)"))
        #expect(!e.needsMoreInput("x = 1 # (comment"))
        #expect(!e.needsMoreInput("x = \"(\""))
        #expect(!e.needsMoreInput(""))
    }

    @Test func variablesSchemaAndExplain() throws {
        let e = try engine()
        #expect(e.variables.map(\.name) == ["n", "names", "ratings"])
        #expect(e.variables.first { $0.name == "ratings" }?.summary == "DataFrame[userId: int, movieId: int, rating: double]")
        #expect(try e.schema(of: "ratings") == "root\n |-- userId: integer (nullable = true)\n |-- movieId: integer (nullable = true)\n |-- rating: double (nullable = true)\n"
                || e.schema(of: "ratings").hasPrefix("root\n"))
        #expect(try e.explain("ratings").contains("Physical Plan") || e.explain("ratings").count > 0)
        #expect(throws: ScriptError.self) { try e.schema(of: "ratngs") }
        do { _ = try e.schema(of: "n"); Issue.record("expected an error") } catch { #expect(error.message == "'n' is a int, not a DataFrame") }
        do { _ = try e.schema(of: "ratngs") } catch { #expect(error.message == "no variable 'ratngs'; did you mean 'ratings'?") }
    }

    @Test func helpFromTheRegistryAndBindings() throws {
        let e = try engine()
        #expect(e.help(nil).contains(":schema x"))
        #expect(e.help("upper").hasPrefix("upper("))
        #expect(e.help("filter").contains("DataFrame.filter(condition)"))
        #expect(e.help("params").contains("--param"))
        #expect(e.help("uper") == "no help for 'uper'; did you mean 'upper'?\n")
    }

    @Test func checkFindsErrorsWithoutRunning() throws {
        let out = Captured()
        let session = Session(threads: 1)
        let e = ScriptEngine(session: session, output: { out.append($0) })
        e.define("ratings", .frame(try smallRatings(session)))
        try e.check("""
            top = ratings.filter(rating >= 4).groupBy(movieId).agg(count() as n)
            top.show()
            print(top.count())
            r = top.first()
            print(r.whatever)
            top.write.mode("overwrite").csv("/nonexistent/never/written")
            """, file: "job.dfs")
        #expect(out.value == "")
        #expect(e.variables.map(\.name) == ["ratings"])
        do {
            try e.check("x = ratings.filter(rating > 1)\nx.select(ratng).show()", file: "job.dfs")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "job.dfs:2:10: error: no column 'ratng' in [userId, movieId, rating]; did you mean 'rating'?\nx.select(ratng).show()\n         ^")
        }
        #expect(throws: ScriptError.self) { try e.check("ratings.show(truncat: false)") }
        #expect(throws: ScriptError.self) { try e.check("x = (") }
    }
}
