import DataFlowColumnar
import Foundation
import DataFlowTestSupport
import Testing
@testable import DataFlowFormats

@Suite struct JSONCrossCheckTests {
    /// Where Spark's rules and DuckDB's `read_json` agree (integers, doubles, int+double, booleans, plain
    /// strings, escapes), both read the same types and values (skipped without duckdb).
    @Test func duckDBReadsTheSameTypesAndValues() throws {
        guard let py = python(with: "duckdb") else { return }
        var text = ""
        for i in 0..<300 {
            let mixed = i % 3 == 0 ? "\(i)" : "\(Double(i) / 8)"
            let s = i % 5 == 0 ? "null" : "\"v\\u00e9\\\"\(i)\\n\""
            text += "{\"i\": \(i * 1_000_003), \"d\": \(Double(i) * 0.37), \"m\": \(mixed), \"b\": \(i % 2 == 0), \"s\": \(s)}\n"
        }
        let path = writeTemp(text, name: "cross.json")
        let script = """
        import sys, struct, duckdb
        rel = duckdb.read_json(sys.argv[1], format='newline_delimited')
        names = rel.columns
        types = [str(t) for t in rel.types]
        order = sorted(range(len(names)), key=lambda i: names[i])
        print("|".join("%s:%s" % (names[i], {"BIGINT": "bigint", "DOUBLE": "double", "BOOLEAN": "boolean", "VARCHAR": "string"}.get(types[i], types[i])) for i in order))
        def canon(v):
            if v is None: return "None"
            if isinstance(v, bool): return "b:" + ("true" if v else "false")
            if isinstance(v, int): return "i:%d" % v
            if isinstance(v, float): return "f:%d" % struct.unpack("<q", struct.pack("<d", v))[0]
            return "s:" + v
        for row in rel.fetchall():
            print(repr([canon(row[i]) for i in order]))
        """
        let scriptPath = makeTempDir() + "/cross.py"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let run = try runProgram(py, [scriptPath, path]); let (status, out) = (run.status, run.stdout)
        #expect(status == 0)
        var lines = out.split(separator: "\n").map(String.init)
        let header = lines.isEmpty ? "" : lines.removeFirst()
        let src = try JSONSource(paths: [path], options: JSONReadOptions())
        #expect(header == src.schema.fields.map { "\($0.name):\($0.type.sqlName)" }.joined(separator: "|"))
        let ours = canonicalRows(try src.readAll()).map { r in
            "[" + r.map { ($0.map { "'" + $0.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "'", with: "\\'") + "'" } ?? "'None'") }.joined(separator: ", ") + "]"
        }
        #expect(lines.count == 300)
        #expect(lines == ours)
    }

    /// Random byte flips in JSON lines: every mode reads or reports a DataFlowError, never crashes.
    @Test func seededByteFlipFuzz() throws {
        var rng = SplitMix(seed: 7)
        let base = Array("""
        {"a": 1, "b": "x\\u00e9y", "c": {"d": [1, {"e": null}], "f": -1.5e3}, "g": true}
        {"a": 2, "b": "\\ud83d\\ude00", "c": {"f": 2}, "g": false}

        """.utf8)
        for _ in 0..<300 {
            var bad = base
            for _ in 0..<Int(rng.next() % 3 + 1) {
                bad[Int(rng.next() % UInt64(bad.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            let path = writeTemp(bad, name: "fuzz.json")
            for mode in ["PERMISSIVE", "DROPMALFORMED", "FAILFAST"] {
                var o = JSONReadOptions()
                try o.set("mode", mode)
                do {
                    let src = try JSONSource(paths: [path], options: o, schema: Schema([Field("a", .int64), Field("b", .string), Field("c.f", .float64)]))
                    _ = try src.readAll()
                    _ = try? JSONSource(paths: [path], options: o).readAll()
                } catch let e as DataFlowError {
                    #expect(e.message.contains("fuzz.json"))
                }
            }
        }
    }
}
