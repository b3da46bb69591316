import DataFlowTestSupport
import DataFlow
import Foundation
import Testing

/// `dfs sql --format csv|json` output: the formatting functions with tricky values, then the built
/// `dfs` executable end to end.
@Suite struct ResultTextTests {
    let schema = Schema([Field("id", .int32), Field("name", .string), Field("d", .date), Field("ts", .timestamp),
                         Field("amount", .decimal(precision: 10, scale: 2)), Field("x", .float64)])

    /// 2024-02-29 is day 19782; 10:20:30 is 37_230 s.
    let day: Int32 = 19_782
    var ts: Int64 { Int64(day) * 86_400_000_000 + 37_230_000_000 }

    @Test func csvQuotesOnlyWhatNeedsIt() {
        #expect(ResultText.csvField(.string("plain")) == "plain")
        #expect(ResultText.csvField(.string("a,b")) == "\"a,b\"")
        #expect(ResultText.csvField(.string("say \"hi\"")) == "\"say \"\"hi\"\"\"")
        #expect(ResultText.csvField(.string("two\nlines")) == "\"two\nlines\"")
        #expect(ResultText.csvField(.string("cr\r\nlf")) == "\"cr\r\nlf\"")
        #expect(ResultText.csvField(.string("héllo ✓ 日本")) == "héllo ✓ 日本")
        // NULL is an empty field, the empty string a quoted one.
        #expect(ResultText.csvField(.null) == "")
        #expect(ResultText.csvField(.string("")) == "\"\"")
    }

    @Test func csvValues() {
        #expect(ResultText.csvField(.date(day)) == "2024-02-29")
        #expect(ResultText.csvField(.timestamp(ts)) == "2024-02-29 10:20:30")
        #expect(ResultText.csvField(.timestamp(ts + 500_000)) == "2024-02-29 10:20:30.5")
        #expect(ResultText.csvField(.timestamp(ts + 123_456)) == "2024-02-29 10:20:30.123456")
        #expect(ResultText.csvField(.decimal(-12345, precision: 10, scale: 2)) == "-123.45")
        #expect(ResultText.csvField(.decimal(5, precision: 10, scale: 2)) == "0.05")
        #expect(ResultText.csvField(.double(0.1)) == "0.1")
        #expect(ResultText.csvField(.double(1e10)) == "1.0E10")
        #expect(ResultText.csvField(.double(.nan)) == "NaN")
        #expect(ResultText.csvField(.bool(true)) == "true")
        #expect(ResultText.csvField(.int64(-9_223_372_036_854_775_808)) == "-9223372036854775808")
    }

    @Test func csvDocument() {
        let text = ResultText.csv(schema, [
            [.int32(1), .string("a,b"), .date(day), .timestamp(ts), .decimal(150, precision: 10, scale: 2), .double(2.5)],
            [.null, .null, .null, .null, .null, .null],
        ])
        #expect(text == "id,name,d,ts,amount,x\n1,\"a,b\",2024-02-29,2024-02-29 10:20:30,1.50,2.5\n,,,,,\n")
        #expect(ResultText.csv(Schema([Field("a,b", .int32)]), []) == "\"a,b\"\n")
    }

    @Test func jsonLines() {
        let text = ResultText.jsonLines(schema, [
            [.int32(1), .string("q\"b\\s\nt\u{01}é"), .date(day), .timestamp(ts + 500_000), .decimal(-150, precision: 10, scale: 2), .double(1e-5)],
            [.null, .string(""), .null, .null, .null, .double(.infinity)],
        ])
        #expect(text == """
            {"id":1,"name":"q\\"b\\\\s\\nt\\u0001é","d":"2024-02-29","ts":"2024-02-29 10:20:30.5","amount":-1.50,"x":1.0E-5}
            {"id":null,"name":"","d":null,"ts":null,"amount":null,"x":"Infinity"}

            """)
        #expect(ResultText.jsonValue(.double(.nan)) == "\"NaN\"")
        #expect(ResultText.jsonValue(.double(-.infinity)) == "\"-Infinity\"")
        #expect(ResultText.jsonValue(.bool(false)) == "false")
        #expect(ResultText.jsonString("tab\there\u{0C}") == "\"tab\\there\\f\"")
    }

    @Test func jsonNumbersParseAsJSON() throws {
        let line = ResultText.jsonObject(["a", "b", "c", "d"], [.double(1e10), .double(-0.0), .decimal(1, precision: 3, scale: 2), .int64(7)])
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect((object?["a"] as? Double) == 1e10)
        #expect((object?["c"] as? Double) == 0.01)
        #expect((object?["d"] as? Int) == 7)
    }
}

/// Runs the built `dfs` (next to the test bundle); skipped with a note when it has not been built.
@Suite struct DFSSQLCommandTests {
    static var executable: URL? {
        let url = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("dfs")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    func dfs(_ arguments: String...) throws -> Result? {
        guard let exe = Self.executable else {
            print("skipped: no built dfs next to the test bundle (swift build --product dfs)")
            return nil
        }
        let r = try runProgram(exe.path, ["sql", "--threads", "1"] + arguments)
        return Result(status: r.status, stdout: r.stdout, stderr: r.stderr)
    }

    @Test func csvOutput() throws {
        guard let r = try dfs("--format", "csv", "SELECT 1 AS n, 'a,b' AS s, NULL AS z, DATE '2024-02-29' AS d, 2.50 AS m UNION ALL SELECT 2, 'say \"hi\"', 'x', NULL, NULL ORDER BY n") else { return }
        #expect(r.status == 0)
        #expect(r.stdout == "n,s,z,d,m\n1,\"a,b\",,2024-02-29,2.50\n2,\"say \"\"hi\"\"\",x,,\n")
        #expect(r.stderr == "")
    }

    @Test func jsonOutputOfEachQueryInAScript() throws {
        let csv = tempPath("people.csv")
        try "id,name\n1,Ann\n2,\"Bo, Jr.\"\n".write(toFile: csv, atomically: true, encoding: .utf8)
        guard let r = try dfs("--format", "json", "--table", "people=\(csv)",
                              "CREATE TEMP VIEW v AS SELECT * FROM people WHERE id > 1; SELECT name, id * 1.5 AS x FROM v; SELECT count(*) AS n FROM people") else { return }
        #expect(r.status == 0)
        #expect(r.stdout == "{\"name\":\"Bo, Jr.\",\"x\":3.0}\n{\"n\":2}\n")
    }

    @Test func errorsGoToStderrWithExitCode1() throws {
        guard let r = try dfs("--format", "csv", "SELECT nope") else { return }
        #expect(r.status == 1)
        #expect(r.stdout == "")
        #expect(r.stderr.contains("[UNRESOLVED_COLUMN]") && r.stderr.contains("(line 1, column 8)\nSELECT nope\n       ^"))
        guard let s = try dfs("SELECT 1 +") else { return }
        #expect(s.status == 1 && s.stdout == "" && s.stderr.contains("PARSE_SYNTAX_ERROR"))
        guard let t = try dfs("SELECT 1 / 0") else { return }
        #expect(t.status == 1 && t.stdout == "" && t.stderr.contains("DIVIDE_BY_ZERO"))
    }
}
