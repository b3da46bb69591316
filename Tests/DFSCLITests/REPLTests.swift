import Foundation
import Testing

/// The REPL driven through a pseudo-terminal, as a user types.
@Suite(.serialized) struct REPLTests {
    /// A REPL with its own history file and home folder (no ~/.editrc of the machine).
    final class Fixture {
        let dir: URL
        var history: String { dir.appendingPathComponent("history").path }

        init() throws { dir = try temporaryDirectory() }
        deinit { try? FileManager.default.removeItem(at: dir) }

        func start(_ arguments: [String] = []) throws -> PseudoTerminal {
            let t = try PseudoTerminal(dfsBinary, arguments, environment: [
                "DFS_HISTORY": history, "HOME": dir.path, "TERM": "xterm",
            ])
            try t.prompt()
            return t
        }
    }

    @Test func ctrlDExits() throws {
        let f = try Fixture()
        let t = try f.start()
        #expect(t.ctrlD() == 0, "\(t.transcript)")
    }

    @Test func metaCommandsAndDidYouMean() throws {
        let f = try Fixture()
        let t = try f.start()
        t.send(":help\n")
        try t.expect(":quit")
        try t.prompt()
        t.send(":hlep\n")
        try t.expect("unknown command ':hlep'; did you mean ':help'?")
        try t.prompt()
        t.send(":timing maybe\n")
        try t.expect(":timing takes on or off")
        t.send(":load /no/such/file.dfs\n")
        try t.expect("cannot read /no/such/file.dfs")
        try t.prompt()
        t.send(":quit\n")
        #expect(t.waitForExit() == 0)
    }

    @Test func tabCompletesMetaCommands() throws {
        let f = try Fixture()
        let t = try f.start()
        t.send(":tim\t on\n")   // completes to `:timing on`
        try t.prompt()
        t.send(":timing\n")
        try t.expect("timing is on")
        try t.prompt()
        #expect(t.ctrlD() == 0, "\(t.transcript)")
    }

    @Test func ctrlCAtThePromptClearsTheLine() throws {
        let f = try Fixture()
        let t = try f.start()
        t.send(":xyz")
        _ = t.settle(0.3)
        t.send("\u{03}")
        try t.prompt()
        t.send(":timing\n")   // not `:xyz:timing`
        try t.expect("timing is off")
        try t.prompt()
        #expect(t.ctrlD() == 0, "\(t.transcript)")
    }

    @Test func openBracketContinuesOnTheNextLine() throws {
        let f = try Fixture()
        let t = try f.start()
        t.send("print(1,\n")
        try t.prompt("...> ")
        t.send("2)\n")
        try t.expect("1 2")
        try t.prompt()
        #expect(t.ctrlD() == 0, "\(t.transcript)")
    }

    @Test func pastedLeadingDotLineContinuesTheEntry() throws {
        let f = try Fixture()
        let t = try f.start()
        // Pasted at once: the REPL sees the second line waiting and reads it as a continuation.
        t.send("df = sql(\"SELECT 1 AS a UNION ALL SELECT 2\")\n  .filter(a > 1)\n")
        try t.expect("...> ")
        try t.prompt()
        t.send("print(df.count())\n")
        try t.expect("1\r\n")
        try t.prompt()
        // Typed alone, a leading-dot line cannot continue what already ran.
        t.send(".filter(a > 1)\n")
        try t.expect("continues the statement before it")
        try t.prompt()
        #expect(t.ctrlD() == 0, "\(t.transcript)")
    }

    @Test func errorsNeverEndTheSession() throws {
        let f = try Fixture()
        let t = try f.start()
        t.send("x = = 1\n")
        try t.expect("error:")
        try t.prompt()
        t.send("print(40 + 2)\n")
        try t.expect("42")
        try t.prompt()
        t.send(":vars\n")
        try t.prompt()
        #expect(t.ctrlD() == 0, "\(t.transcript)")
    }

    @Test func historyIsSavedAndRecalledWithUpArrow() throws {
        let f = try Fixture()
        let first = try f.start()
        first.send("print(41)\n")
        try first.prompt()
        first.send(":timing on\n")
        try first.prompt()
        #expect(first.ctrlD() == 0, "\(first.transcript)")
        let saved = try String(contentsOfFile: f.history, encoding: .utf8)
        #expect(saved.contains("print(41)"))

        let second = try f.start()
        second.send("\u{1B}[A")          // :timing on
        second.send("\u{1B}[A")          // print(41)
        try second.expect("print(41)")
        second.send("\n")
        try second.expect("41\r\n")
        try second.prompt()
        // Reverse search (^R) finds it too.
        second.send("\u{12}timi")
        _ = second.settle(0.3)
        second.send("\n")
        second.send(":timing\n")
        try second.expect("timing is on")
        try second.prompt()
        #expect(second.ctrlD() == 0, "\(second.transcript)")
    }
}

/// REPL behaviour of the language: completion of names, Ctrl-C cancelling a query, :vars and :schema.
@Suite(.serialized)
struct REPLLanguageTests {
    @Test func tabCompletesVariablesAndFunctions() throws {
        let f = try REPLTests.Fixture()
        let t = try f.start()
        t.send("myvariable = 42\n")
        try t.prompt()
        t.send("print(myvar\t)\n")
        try t.expect("42\r\n")
        try t.prompt()
        t.send("df = sql(\"SELECT 'abc' AS s\")\n")
        try t.prompt()
        t.send("df.select(uppe\t(s)).show()\n")   // upper
        try t.expect("ABC|")
        try t.prompt()
        #expect(t.ctrlD() == 0, "\(t.transcript)")
    }

    @Test func ctrlCCancelsARunningQueryAndReturnsToThePrompt() throws {
        let f = try REPLTests.Fixture()
        let t = try f.start()
        t.send("sql(\"SELECT count(*) FROM range(0, 1000000000000) a\").show()\n")
        // After a second on a terminal the progress line appears on stderr.
        try t.expect("batches", timeout: 30)
        let began = Date()
        t.send("\u{03}")
        try t.expect("OPERATION_CANCELED", timeout: 30)
        try t.prompt()
        #expect(Date().timeIntervalSince(began) < 10)
        t.send("print(7 * 6)\n")
        try t.expect("42")
        try t.prompt()
        #expect(t.ctrlD() == 0, "\(t.transcript)")
    }

    @Test func loadParamAndClear() throws {
        let f = try REPLTests.Fixture()
        let job = f.dir.appendingPathComponent("job.dfs").path
        try "param k = 3\nprint(k * 2)\n".write(toFile: job, atomically: true, encoding: .utf8)
        let t = try f.start()
        t.send(":load \(job)\n")
        try t.expect("6\r\n")
        try t.prompt()
        t.send(":param k 7\n")
        try t.prompt()
        t.send("print(k)\n")
        try t.expect("7\r\n")
        try t.prompt()
        t.send(":param k seven\n")
        try t.expect("invalid value 'seven'")
        try t.prompt()
        t.send(":clear\n")
        try t.prompt()
        t.send(":vars\n")
        try t.expect("(no variables)")
        try t.prompt()
        #expect(t.ctrlD() == 0, "\(t.transcript)")
    }

    @Test func varsSchemaAndExplain() throws {
        let f = try REPLTests.Fixture()
        let t = try f.start()
        t.send("df = sql(\"SELECT 1 AS a\")\n")
        try t.prompt()
        t.send(":vars\n")
        try t.expect("df")
        try t.prompt()
        t.send(":schema df\n")
        try t.expect("a")
        try t.prompt()
        t.send(":explain df\n")
        try t.expect("Physical")
        try t.prompt()
        t.send(":schema nosuch\n")
        try t.expect("error")
        try t.prompt()
        #expect(t.ctrlD() == 0, "\(t.transcript)")
    }
}
