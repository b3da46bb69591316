import Foundation
import Testing

/// `dfs` as a command: modes, options and exit codes (0 ok, 1 script/query error, 2 usage error).
@Suite struct CLITests {
    @Test func versionAndHelp() throws {
        let v = try dfs(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.hasPrefix("dfs "))
        #expect(try dfs(["version"]).stdout == v.stdout)
        let h = try dfs(["--help"])
        #expect(h.status == 0)
        for word in ["run", "check", "sql", "-c", "--threads", "--memory-limit", "--warehouse"] {
            #expect(h.stdout.contains(word), "help lacks \(word)")
        }
    }

    @Test func usageErrorsExitWith2() throws {
        let unknown = try dfs(["--no-such-option"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Unknown option"))
        #expect(try dfs(["run"]).status == 2)                               // missing FILE
        let missing = try dfs(["run", "/no/such/job.dfs"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such file: /no/such/job.dfs"))
        #expect(try dfs(["check", "/no/such/job.dfs"]).status == 2)
        #expect(try dfs(["sql", "-f", "/no/such/q.sql"]).status == 2)
        let badParam = try dfs(["-c", "x = 1", "--param", "novalue"])
        #expect(badParam.status == 2)
        #expect(badParam.stderr.contains("--param expects name=value"))
        #expect(try dfs(["--memory-limit", "4x", "sql", "SELECT 1"]).status == 2)
        #expect(try dfs(["--threads", "0", "sql", "SELECT 1"]).status == 2)
        #expect(try dfs(["sql"]).status == 2)                               // no SQL at all
        #expect(try dfs(["sql", "SELECT 1", "--format", "xml"]).status == 2)
    }

    @Test func globalOptionsParseBeforeAndAfterTheSubcommand() throws {
        let wh = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: wh) }
        for args in [["--threads", "1", "--memory-limit", "4g", "sql", "SELECT 1 AS a"],
                     ["sql", "--threads", "2", "--memory-limit", "512m", "SELECT 1 AS a"],
                     ["sql", "--memory-limit", "1048576", "--warehouse", wh.path, "SELECT 1 AS a"]] {
            let r = try dfs(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(r.stdout.contains("|1  |"))
        }
    }

    @Test func warehouseTablesPersistAcrossRuns() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wh = dir.appendingPathComponent("wh").path
        let create = try dfs(["--warehouse", wh, "-c", "sql(\"CREATE TABLE t AS SELECT 1 AS a\")"])
        #expect(create.status == 0, "\(create.stderr)")
        #expect(FileManager.default.fileExists(atPath: wh + "/t/_dataflow_table.json"))
        let read = try dfs(["--warehouse", wh, "sql", "SELECT * FROM t"])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains("|1  |"))
        // Without the warehouse the table is not there.
        #expect(try dfs(["sql", "SELECT * FROM t"]).status == 1)
        // A warehouse that is a file is an error naming it.
        let file = dir.appendingPathComponent("f").path
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try dfs(["--warehouse", file, "sql", "SELECT 1"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("--warehouse") && bad.stderr.contains(file))
    }

    @Test func sqlErrorsExitWith1() throws {
        let r = try dfs(["sql", "SELEC 1"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("PARSE_SYNTAX_ERROR"))
    }

    @Test func sqlFileWithTablesInEachFormat() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("people.csv").path
        try "id,name,score\n1,ann,3.5\n2,bob,4.0\n3,cy,1.5\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let sql = dir.appendingPathComponent("q.sql").path
        try "SELECT name, score FROM people WHERE score >= 2 ORDER BY id;\n".write(toFile: sql, atomically: true, encoding: .utf8)

        let table = try dfs(["sql", "-f", sql, "--table", "people=\(csv)"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout == """
            +----+-----+
            |name|score|
            +----+-----+
            |ann |3.5  |
            |bob |4.0  |
            +----+-----+

            """)
        let csvOut = try dfs(["sql", "-f", sql, "--table", "people=\(csv)", "--format", "csv"])
        #expect(csvOut.stdout == "name,score\nann,3.5\nbob,4.0\n")
        let json = try dfs(["sql", "--file", sql, "--table", "people=\(csv)", "--format", "json"])
        #expect(json.stdout == "{\"name\":\"ann\",\"score\":3.5}\n{\"name\":\"bob\",\"score\":4.0}\n")
        // Two tables, the SQL as an argument.
        let two = try dfs(["sql", "--table", "a=\(csv)", "--table", "b=\(csv)", "--format", "csv",
                           "SELECT count(*) AS n FROM a JOIN b ON a.id = b.id"])
        #expect(two.stdout == "n\n3\n")
        let badTable = try dfs(["sql", "--table", "=\(csv)", "SELECT 1"])
        #expect(badTable.status == 1)
        // Parquet files and Delta table folders are detected; Delta statements run on the latter.
        let p = dir.appendingPathComponent("people.parquet").path, d = dir.appendingPathComponent("people_delta").path
        let write = try dfs(["-c", "p = read.csv(\"\(csv)\", header: true, inferSchema: true)\np.write.option(\"singleFile\", true).parquet(\"\(p)\")\np.write.format(\"delta\").save(\"\(d)\")"])
        #expect(write.status == 0, "\(write.stderr)")
        let formats = try dfs(["sql", "--table", "p=\(p)", "--table", "d=\(d)", "--format", "csv",
                               "SELECT count(*) AS n, sum(p.score) AS s FROM p JOIN d ON p.id = d.id"])
        #expect(formats.stdout == "n,s\n3,9.0\n", "\(formats.stderr)")
        let delete = try dfs(["sql", "--format", "csv", "DELETE FROM delta.`\(d)` WHERE id = 1; SELECT count(*) AS n FROM delta.`\(d)` VERSION AS OF 0"])
        #expect(delete.stdout == "num_affected_rows\n1\nn\n3\n", "\(delete.stderr)")
    }

    @Test func scriptErrorsExitWith1AndNameTheirSource() throws {
        let c = try dfs(["-c", "print(nosuchname)"])
        #expect(c.status == 1)
        #expect(c.stderr.hasPrefix("-c:1:7: error:"), "\(c.stderr)")
        let stdin = try dfs([], stdin: "x = 1\nprint(nosuchname)\n")
        #expect(stdin.status == 1)
        #expect(stdin.stderr.hasPrefix("<stdin>:2:7: error:"), "\(stdin.stderr)")
    }
}

/// `dfs -c`, stdin scripts, `dfs run` with params, `dfs check`.
@Suite struct ScriptModeTests {
    @Test func dashC() throws {
        let r = try dfs(["-c", "print(1 + 1)"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "2\n")
    }

    @Test func stdinWhenNotATerminal() throws {
        let r = try dfs([], stdin: "x = 20\nprint(x + 22)\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "42\n")
    }

    @Test func runWithParamsAndErrors() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let job = dir.appendingPathComponent("job.dfs").path
        try "param n = 3\nprint(n * 2)\n".write(toFile: job, atomically: true, encoding: .utf8)
        #expect(try dfs(["run", job]).stdout == "6\n")
        let over = try dfs(["run", job, "--param", "n=5"])
        #expect(over.status == 0, "\(over.stderr)")
        #expect(over.stdout == "10\n")
        // Unknown and mistyped params are usage errors; nothing runs.
        let unknown = try dfs(["run", job, "--param", "m=5"])
        #expect(unknown.status == 2)
        #expect(unknown.stdout.isEmpty)
        #expect(try dfs(["run", job, "--param", "n=five"]).status == 2)
        // A failing statement: exit 1, `file:line:col: error:`, nothing after it runs.
        let bad = dir.appendingPathComponent("bad.dfs").path
        try "print(1)\nprint(nosuchname)\nprint(3)\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try dfs(["run", bad])
        #expect(r.status == 1)
        #expect(r.stdout == "1\n")
        #expect(r.stderr.hasPrefix("\(bad):2:"))
        #expect(r.stderr.contains("error:"))
    }

    /// The example script through the binary, from the repository root as its comment says to run it.
    @Test func exampleScriptThroughTheBinary() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let r = try dfs(["run", "Scripts/examples/clean-data.dfs", "--threads", "2",
                         "--param", "data=Tests/DataFlowTests/Fixtures/movielens", "--param", "minYear=1950"], directory: root)
        #expect(r.status == 0, "\(r.stderr)")
        let want = try String(contentsOf: root.appendingPathComponent("Scripts/examples/clean-data.expected"), encoding: .utf8)
        #expect(r.stdout == want)
        // check analyzes (it reads the CSV headers to know the columns), so it needs the data too.
        #expect(try dfs(["check", "Scripts/examples/movielens-etl.dfs", "--param", "data=Tests/DataFlowTests/Fixtures/movielens"],
                        directory: root).status == 0)
    }

    @Test func checkRunsNothing() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ok = dir.appendingPathComponent("ok.dfs").path
        try "print(\"ran\")\n".write(toFile: ok, atomically: true, encoding: .utf8)
        let r = try dfs(["check", ok])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("ran"))
        let bad = dir.appendingPathComponent("bad.dfs").path
        try "x = (1 +\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(try dfs(["check", bad]).status == 1)
    }
}
