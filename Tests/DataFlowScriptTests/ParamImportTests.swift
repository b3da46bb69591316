import DataFlow
import DataFlowScript
import Foundation
import Testing

@Suite struct ParamTests {
    let script = """
    param n = 2
    param ratio = 0.5
    param name = "all"
    param verbose = false
    param day = date("2026-11-25")
    print(n + 1, ratio * 2, name, verbose, day)
    """

    @Test func defaultsTypeTheParams() {
        #expect(outputOf(script) == "3 1.0 all false 2026-11-25\n")
    }

    @Test func overridesAreParsedByTheDeclaredType() {
        #expect(outputOf(script, params: ["n": "10", "ratio": "1.5", "name": "x y", "verbose": "true", "day": "2027-01-31"]) == "11 3.0 x y true 2027-01-31\n")
        // An int is a valid double override.
        #expect(outputOf(script, params: ["ratio": "3"]) == "3 6.0 all false 2026-11-25\n")
    }

    @Test func unknownParamIsAUsageErrorBeforeAnythingRuns() {
        let r = runScript("print(\"ran\")\n" + script, params: ["m": "1"], file: "job.dfs")
        #expect(r.output == "")
        #expect(r.error?.description == "job.dfs: error: unknown param 'm'; did you mean 'n'?")
        #expect(r.error?.exitCode == 2)
        let none = runScript("print(1)", params: ["zzz": "1"], file: "job.dfs")
        #expect(none.error?.description == "job.dfs: error: unknown param 'zzz' (the script declares no params)")
        let far = runScript(script, params: ["zzzzzz": "1"], file: "job.dfs")
        #expect(far.error?.description == "job.dfs: error: unknown param 'zzzzzz' (declared: day, n, name, ratio, verbose)")
    }

    @Test func mistypedOverrideIsAUsageErrorAtTheDeclaration() {
        let r = runScript("print(\"ran\")\n" + script, params: ["n": "ten"], file: "job.dfs")
        #expect(r.output == "")
        #expect(r.error?.description == "job.dfs:2:7: error: invalid value 'ten' for param 'n': expected an int\nparam n = 2\n      ^")
        #expect(r.error?.exitCode == 2)
        #expect(runScript(script, params: ["verbose": "yes"]).error?.message == "invalid value 'yes' for param 'verbose': expected a bool")
        #expect(runScript(script, params: ["day": "2026-02-30"]).error?.message == "invalid value '2026-02-30' for param 'day': expected a date")
        #expect(runScript(script, params: ["ratio": "x"]).error?.exitCode == 2)
    }

    @Test func defaultMustBeALiteral() {
        #expect(errorText("x = 1\nparam n = x + 1") == "t.dfs:2:11: error: the default of param 'n' must be a literal int, double, string or bool, or date(\"yyyy-mm-dd\")\nparam n = x + 1\n          ^")
    }

    @Test func setParamOverridesLikeParam() throws {
        let out = Captured()
        let engine = ScriptEngine(session: Session(threads: 1), output: { out.append($0) })
        try engine.setParam("n", "5")
        try engine.run("param n = 1\nprint(n)")
        try engine.setParam("n", "7")
        try engine.run("print(n)")
        #expect(out.value == "5\n7\n")
        #expect(throws: ScriptError.self) { try engine.setParam("n", "x") }
        engine.clear()
        #expect(engine.variables.isEmpty)
    }
}

@Suite struct ImportTests {
    func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dfs-import-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("lib"), withIntermediateDirectories: true)
        return dir
    }

    func write(_ dir: URL, _ name: String, _ text: String) throws {
        try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    @Test func importsRunRelativeToTheImportingFile() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try write(dir, "main.dfs", "import \"lib/helpers.dfs\"\nprint(greeting, twice)")
        try write(dir, "lib/helpers.dfs", "import \"more.dfs\"\ngreeting = \"hello\"")
        try write(dir, "lib/more.dfs", "twice = 2 * 2")
        let path = dir.appendingPathComponent("main.dfs").path
        let r = runScript(try String(contentsOfFile: path, encoding: .utf8), file: path)
        #expect(r.error == nil)
        #expect(r.output == "hello 4\n")
    }

    @Test func eachFileRunsOncePerRun() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try write(dir, "lib/count.dfs", "print(\"imported\")")
        let path = dir.appendingPathComponent("main.dfs").path
        #expect(runScript("import \"lib/count.dfs\"\nimport \"lib/count.dfs\"\nprint(\"done\")", file: path).output == "imported\ndone\n")
    }

    @Test func importCycleIsAnError() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try write(dir, "a.dfs", "import \"b.dfs\"\nprint(1)")
        try write(dir, "b.dfs", "x = 1\nimport \"a.dfs\"")
        let path = dir.appendingPathComponent("a.dfs").path
        let r = runScript(try String(contentsOfFile: path, encoding: .utf8), file: path)
        #expect(r.output == "")
        #expect(r.error?.file == "b.dfs")
        #expect(r.error?.line == 2)
        #expect(r.error?.message == "import cycle: a.dfs → b.dfs → a.dfs")
    }

    @Test func selfImportAndMissingFile() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try write(dir, "self.dfs", "import \"self.dfs\"")
        let path = dir.appendingPathComponent("self.dfs").path
        #expect(runScript("import \"self.dfs\"", file: path).error?.message == "import cycle: self.dfs → self.dfs")
        let missing = runScript("print(1)\nimport \"nope.dfs\"", file: path)
        #expect(missing.output == "")
        #expect(missing.error?.line == 2)
        #expect(missing.error?.message.hasPrefix("cannot import 'nope.dfs': no such file") == true)
    }

    @Test func errorsInImportedFilesNameThatFile() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try write(dir, "lib/bad.dfs", "x = 1\ny = nope")
        let path = dir.appendingPathComponent("main.dfs").path
        let r = runScript("import \"lib/bad.dfs\"", file: path)
        #expect(r.error?.description == "lib/bad.dfs:2:5: error: unknown name 'nope'\ny = nope\n    ^")
        try write(dir, "lib/syntax.dfs", "x = (")
        #expect(runScript("print(\"ran\")\nimport \"lib/syntax.dfs\"", file: path).output == "")
    }

    @Test func paramsOfImportedFilesAreKnown() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try write(dir, "conf.dfs", "param limit = 3")
        let path = dir.appendingPathComponent("main.dfs").path
        #expect(runScript("import \"conf.dfs\"\nprint(limit)", params: ["limit": "9"], file: path).output == "9\n")
    }
}
