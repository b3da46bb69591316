import DataFlow
import DataFlowScript
import Foundation
import Testing

/// Runs each script of Scripts/examples and compares what it prints with its `.expected` golden file.
/// `DFS_UPDATE_GOLDEN=1 swift test --filter ExampleScriptTests` rewrites the golden files.
@Suite struct ExampleScriptTests {
    static let examples = repoRoot.appendingPathComponent("Scripts/examples")

    func runExample(_ name: String, params: [String: String]) throws -> String {
        let path = Self.examples.appendingPathComponent(name).path
        let source = try String(contentsOfFile: path, encoding: .utf8)
        let out = Captured()
        let engine = ScriptEngine(session: Session(threads: 2), params: params, output: { out.append($0) })
        do {
            try engine.run(source, file: "Scripts/examples/" + name)
        } catch {
            return out.value + "ERROR: \(error)\n"
        }
        return out.value
    }

    func compare(_ name: String, _ got: String) throws {
        let golden = Self.examples.appendingPathComponent(name.replacingOccurrences(of: ".dfs", with: ".expected"))
        if ProcessInfo.processInfo.environment["DFS_UPDATE_GOLDEN"] == "1" {
            try got.write(to: golden, atomically: true, encoding: .utf8)
        }
        let want = try String(contentsOf: golden, encoding: .utf8)
        #expect(got == want, "\(name) printed something else than \(golden.lastPathComponent)")
    }

    @Test func movielensETL() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("dfs-etl-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: out) }
        let got = try runExample("movielens-etl.dfs", params: ["data": movielens, "out": out.path])
        try compare("movielens-etl.dfs", got)
        // The written top-10 is the fixture's known answer.
        let session = Session(threads: 1)
        let written = try session.read.csv(out.appendingPathComponent("top10_movies.csv").path, header: true, inferSchema: true).collect()
        let want = try session.read.csv(movielens + "/expected_top.csv", header: true, inferSchema: true).collect()
        #expect(written.map { $0.int64("movieId") } == want.map { $0.int64("movieId") })
        #expect(written.map { $0.string("title") } == want.map { $0.string("title") })
    }

    @Test func cleanData() throws {
        try compare("clean-data.dfs", try runExample("clean-data.dfs", params: ["data": movielens, "minYear": "1950"]))
    }

    @Test func recommender() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("dfs-recs-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: out) }
        try compare("recommender.dfs", try runExample("recommender.dfs", params: ["data": movielens, "out": out.path]))
        // What it wrote: 10 recommendations per user, ranks 1...10, ratings descending within a user.
        let recs = try Session(threads: 1).read.parquet(out.appendingPathComponent("top10").path).collect()
        let byUser = Dictionary(grouping: recs, by: { $0.int("userId") ?? -1 })
        #expect(!byUser.isEmpty && byUser.values.allSatisfy { $0.count == 10 })
        for rows in byUser.values {
            let sorted = rows.sorted { ($0.int("rank") ?? 0) < ($1.int("rank") ?? 0) }
            #expect(sorted.map { $0.int("rank") ?? 0 } == Array(1...10))
            #expect(zip(sorted, sorted.dropFirst()).allSatisfy { ($0.double("rating") ?? 0) >= ($1.double("rating") ?? 0) })
        }
    }

    @Test func examplesPassCheck() throws {
        for name in ["movielens-etl.dfs", "clean-data.dfs", "recommender.dfs"] {
            let source = try String(contentsOfFile: Self.examples.appendingPathComponent(name).path, encoding: .utf8)
            let engine = ScriptEngine(session: Session(threads: 1), params: ["data": movielens], output: { _ in })
            #expect(throws: Never.self, "\(name)") { try engine.check(source, file: name) }
        }
    }
}
