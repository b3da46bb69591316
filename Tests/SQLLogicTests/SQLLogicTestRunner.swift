import DataFlow
import Foundation
import Testing

/// Runs `Tests/SQLLogicTests/slt/*.slt`: sqllogictest-style files readable without Swift.
///
/// ```
/// statement ok
/// CREATE TEMP VIEW t AS SELECT * FROM VALUES (1, 'a'), (2, NULL) AS t(x, y)
///
/// statement error UNRESOLVED_COLUMN
/// SELECT z FROM t
///
/// query rowsort
/// SELECT x, y FROM t
/// ----
/// 1	a
/// 2	NULL
/// ```
/// Records are separated by blank lines; values in a result row by tabs; NULL is `NULL`. `query` may add
/// `rowsort` (compare sorted rows). `statement error CLASS` expects that error class;
/// `statement error CLASS some text` also expects the message to contain the text. Each file runs in
/// its own session. In statements and queries `__TMP__` stands for a fresh empty folder made for the
/// file (removed afterwards) and `__DATA__` for `slt/data`, which holds small fixture files.
/// `SLT_REGENERATE=1 swift test --filter SQLLogicTests` rewrites the expected results.
@Suite struct SQLLogicTests {
    static var files: [String] {
        guard let dir = Bundle.module.url(forResource: "slt", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return names.filter { $0.hasSuffix(".slt") }.sorted()
    }

    @Test(arguments: files) func run(file: String) throws {
        guard let dir = Bundle.module.url(forResource: "slt", withExtension: nil) else {
            Issue.record("slt folder missing from the test bundle")
            return
        }
        let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
        let session = Session(threads: 2)
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("slt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        func substitute(_ sql: String) -> String {
            sql.replacingOccurrences(of: "__TMP__", with: tmp.path)
                .replacingOccurrences(of: "__DATA__", with: dir.appendingPathComponent("data").path)
        }
        var regenerated: [String] = []
        for record in text.components(separatedBy: "\n\n") {
            let lines = record.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                .filter { !$0.hasPrefix("#") }
            guard let head = lines.first(where: { !$0.isEmpty }) else { regenerated.append(record); continue }
            let body = Array(lines.drop { $0 != head }.dropFirst())
            let words = head.split(separator: " ").map(String.init)
            let location = "\(file): \(head)"
            switch words.first {
            case "statement":
                let sql = substitute(body.joined(separator: "\n"))
                if words.count > 1 && words[1] == "error" {
                    let expected = words.count > 2 ? words[2] : nil
                    let text = words.count > 3 ? words[3...].joined(separator: " ") : nil
                    do {
                        _ = try session.sql(sql).collect()
                        Issue.record("\(location): expected an error, but it succeeded:\n\(sql)")
                    } catch let e as DataFlowError {
                        if let expected { #expect(e.errorClass == expected, "\(location): got \(e)") }
                        if let text { #expect(e.message.contains(text), "\(location): got \(e)") }
                    }
                } else {
                    do { _ = try session.sql(sql).collect() } catch { Issue.record("\(location): \(error)\n\(sql)") }
                }
                regenerated.append(record)
            case "query":
                let sep = body.firstIndex(of: "----") ?? body.count
                let sql = substitute(body[..<sep].joined(separator: "\n"))
                var expected = sep < body.count ? Array(body[(sep + 1)...]) : []
                while expected.last == "" { expected.removeLast() }
                let sort = words.contains("rowsort")
                do {
                    var got = try session.sql(sql).collect().map { row in
                        row.values.map { $0.isNull ? "NULL" : $0.description }.joined(separator: "\t")
                    }
                    if sort { got.sort() }
                    let want = sort ? expected.sorted() : expected
                    #expect(got == want, "\(location)\n\(sql)\nexpected:\n\(want.joined(separator: "\n"))\ngot:\n\(got.joined(separator: "\n"))")
                    regenerated.append(([head] + body[..<sep] + ["----"] + got).joined(separator: "\n"))
                } catch {
                    Issue.record("\(location): \(error)\n\(sql)")
                    regenerated.append(record)
                }
            default:
                Issue.record("\(location): unknown record type")
                regenerated.append(record)
            }
        }
        if ProcessInfo.processInfo.environment["SLT_REGENERATE"] == "1" {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("slt").appendingPathComponent(file)
            try regenerated.joined(separator: "\n\n").write(to: source, atomically: true, encoding: .utf8)
        }
    }
}
