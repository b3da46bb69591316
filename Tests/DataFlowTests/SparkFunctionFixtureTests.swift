import DataFlow
import Foundation
import Testing

/// Every query in `Fixtures/spark-functions/*.sql` against Spark's own answers, which
/// `Scripts/fixtures/make_spark_function_fixtures.py` recorded with PySpark 4 (ANSI mode, UTC) in
/// `<name>.expected.jsonl`: the result column's type, every row as `CAST(value AS STRING)`, or the
/// error condition Spark raised.
@Suite struct SparkFunctionFixtureTests {
    struct Case: Decodable, Sendable {
        let sql: String
        let type: String?
        let rows: [String?]?
        let error: String?
    }

    static let folder: URL? = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?
        .appendingPathComponent("spark-functions")

    /// The query files, by name (`string`, `math`, …); each needs its `.expected.jsonl`.
    static let names: [String] = {
        guard let folder, let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return files.filter { $0.hasSuffix(".sql") }.map { String($0.dropLast(".sql".count)) }.sorted()
    }()

    /// Spark's analysis errors: any error of ours will do, since our analyzer words these differently.
    static let analysisConditions: Set<String> = [
        "DATATYPE_MISMATCH", "WRONG_NUM_ARGS", "UNRESOLVED_ROUTINE", "UNRESOLVED_COLUMN", "PARSE_SYNTAX_ERROR",
        "INVALID_SQL_SYNTAX", "AnalysisException", "ParseException",
    ]

    @Test func everyFixtureFileHasItsQueries() throws {
        #expect(!Self.names.isEmpty)
        for name in Self.names {
            let cases = try Self.load(name)
            let sqlFile = try #require(Self.folder).appendingPathComponent(name + ".sql")
            let queries = try String(contentsOf: sqlFile, encoding: .utf8).split(separator: "\n")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("--") }
            // A stale expected file (queries added or changed without regenerating) fails here.
            #expect(cases.map(\.sql) == queries, "\(name).expected.jsonl is stale: rerun make_spark_function_fixtures.py \(name)")
        }
    }

    @Test(arguments: names) func matchesSpark(_ name: String) throws {
        let s = Session(threads: 1)
        var failures: [String] = []
        for c in try Self.load(name) {
            if let problem = Self.check(c, s) { failures.append("\(c.sql)\n    \(problem)") }
        }
        #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) of \(name)'s queries differ from Spark:\n" + failures.joined(separator: "\n")))
    }

    static func load(_ name: String) throws -> [Case] {
        let url = try #require(folder).appendingPathComponent(name + ".expected.jsonl")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Case.self, from: Data($0.utf8))
        }
    }

    /// nil when our answer agrees with Spark's, else what differs.
    static func check(_ c: Case, _ s: Session) -> String? {
        do {
            let df = try s.sql(c.sql)
            let field = try df.schema.fields[0]
            let texts = try df.select(col(field.name).cast(.string)).collect().map { row -> String? in
                if case .string(let t) = row.values[0] { return t }
                return nil
            }
            if let expected = c.error { return "Spark raised \(expected); we returned \(texts.map { $0 ?? "NULL" })" }
            var problems: [String] = []
            if field.type.sqlName != c.type { problems.append("type \(field.type.sqlName), Spark's is \(c.type ?? "?")") }
            let want = c.rows ?? []
            if texts.count != want.count || !zip(texts, want).allSatisfy({ same($0, $1) }) {
                problems.append("rows \(texts.map { $0 ?? "NULL" }), Spark's are \(want.map { $0 ?? "NULL" })")
            }
            return problems.isEmpty ? nil : problems.joined(separator: "; ")
        } catch let e as DataFlowError {
            guard let expected = c.error else { return "we raised \(e), Spark returned \((c.rows ?? []).map { $0 ?? "NULL" })" }
            let top = String(expected.split(separator: ".").first ?? "")
            if analysisConditions.contains(top) { return nil }
            let ours = String(e.errorClass.split(separator: ".").first ?? "")
            return ours == top ? nil : "we raised \(e.errorClass), Spark raised \(expected)"
        } catch {
            return "unexpected error \(error)"
        }
    }

    /// Equal text, or numbers equal to 1e-9 relative (Java and Swift print doubles differently), also
    /// element by element inside `[...]`.
    static func same(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        if a == b { return true }
        if let x = Double(a), let y = Double(b) {
            if x.isNaN && y.isNaN { return true }
            return x == y || Swift.abs(x - y) <= 1e-9 * Swift.max(Swift.abs(x), Swift.abs(y))
        }
        if a.hasPrefix("["), a.hasSuffix("]"), b.hasPrefix("["), b.hasSuffix("]") {
            let xs = a.dropFirst().dropLast().components(separatedBy: ", ")
            let ys = b.dropFirst().dropLast().components(separatedBy: ", ")
            return xs.count == ys.count && zip(xs, ys).allSatisfy { same($0, $1) }
        }
        return false
    }
}
