import DataFlow
import DataFlowScript
import DataFlowTestSupport
import Foundation
import Testing

/// Property test for the lexer, parser and checker: random bytes and mutated valid scripts never
/// crash or hang; each input either checks or fails with a ScriptError at a valid position.
@Suite struct FuzzTests {
    static let seeds: [String] = {
        var s = [
            "top = ratings\n  .filter(rating >= 4)\n  .groupBy(movieId)\n  .agg(count() as n, avg(rating) as avg_rating)\n  .orderBy(n.desc)\n  .limit(10)\ntop.show()",
            "param n = 3\nparam day = date(\"2026-11-25\")\nprint(n + 1, \"a\\tb\\u{41}\", [1, 2][-1], day)",
            "x = ratings.first()\nprint(x.movieId, x[\"rating\"], str(x))\nassert(x != null, \"has a row\")",
            "ratings.withColumn(\"rn\", row_number().over(Window.partitionBy(\"movieId\").orderBy(desc(\"rating\")))).show(truncate: false)",
            "ratings.select(`rating` * 2 as r, when(rating > 4, \"hi\").otherwise(\"lo\") as label).na.fill(0).show()",
            "ratings.createOrReplaceTempView(\"r\")\nsql(\"SELECT count(*) FROM r\").show()\nimport \"nope.dfs\"",
            "a = 1; b = a * -2 % 3 / 4.5e1\nprint(not (a == 1) or b < 0 and true)",
        ]
        for name in ["movielens-etl.dfs", "clean-data.dfs"] {
            if let t = try? String(contentsOf: repoRoot.appendingPathComponent("Scripts/examples/" + name), encoding: .utf8) {
                // Point the examples at the fixtures so mutations get past reading the data.
                s.append(t.replacingOccurrences(of: "param data = \"data\"", with: "param data = \"\(movielens)\""))
            }
        }
        return s
    }()

    static let fragments = ["(", ")", "[", "]", ",", ".", "\n", "\n.", " as ", "\"", "\\", "`", "#", "=", "==", " and ", " not ", "-", "*",
                            ":", "param ", "import ", "1e", "9999999999999999999999", "\u{1F600}", "\0", "\r\n", "((((((((((", "x.", "ratings.", "y:"]

    func mutate(_ s: String, _ rng: inout SplitMix) -> String {
        var chars = Array(s.unicodeScalars)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let i = chars.isEmpty ? 0 : Int.random(in: 0..<chars.count, using: &rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0 where !chars.isEmpty: chars.remove(at: i)
            case 1: chars.insert(contentsOf: (Self.fragments.randomElement(using: &rng) ?? "(").unicodeScalars, at: i)
            case 2 where !chars.isEmpty: chars[i] = Unicode.Scalar(UInt8.random(in: 0...127, using: &rng))
            default:
                // Duplicate a slice.
                if !chars.isEmpty {
                    let j = Swift.min(chars.count, i + Int.random(in: 1...20, using: &rng))
                    chars.insert(contentsOf: chars[i..<j], at: j)
                }
            }
        }
        var out = ""
        out.unicodeScalars.append(contentsOf: chars)
        return out
    }

    func randomBytes(_ rng: inout SplitMix) -> String {
        let n = Int.random(in: 0...200, using: &rng)
        let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func lexerParserAndCheckNeverCrashOrHang() throws {
        let session = Session(threads: 1)
        let ratings = try smallRatings(session)
        var rng = SplitMix(seed: 0xDF5)
        var executions = 0, failures = 0
        var slowest = Duration.zero
        let clock = ContinuousClock()
        var inputs: [String] = []
        for _ in 0..<1500 { inputs.append(randomBytes(&rng)) }
        for _ in 0..<3500 { inputs.append(mutate(Self.seeds.randomElement(using: &rng) ?? "", &rng)) }
        inputs += [String(repeating: "(", count: 5000), String(repeating: "x.", count: 5000) + "y", String(repeating: "1+", count: 5000) + "1",
                   String(repeating: "\n", count: 100_000) + ".x", String(repeating: "[", count: 3000), String(repeating: "not ", count: 5000) + "true",
                   String(repeating: "-", count: 5000) + "1", "\"" + String(repeating: "\\u{", count: 1000)]
        for input in inputs {
            let engine = ScriptEngine(session: session, output: { _ in })
            engine.define("ratings", .frame(ratings))
            let lines = input.split(separator: "\n", omittingEmptySubsequences: false).count
            let start = clock.now
            do {
                try engine.check(input, file: "fuzz.dfs")
                _ = engine.needsMoreInput(input)
                _ = engine.completions(line: input, cursor: input.utf8.count / 2)
            } catch {
                failures += 1
                #expect(error.line >= 0 && error.line <= lines + 1, "bad line \(error.line) for \(input.debugDescription)")
                #expect(error.line == 0 || error.column >= 1, "bad column for \(input.debugDescription)")
                #expect(!error.message.isEmpty)
                _ = error.description
            }
            let elapsed = clock.now - start
            slowest = max(slowest, elapsed)
            #expect(elapsed < .seconds(2), "slow input: \(input.prefix(80).debugDescription)")
            executions += 1
        }
        print("FuzzTests: \(executions) executions (\(failures) rejected with a ScriptError), slowest \(slowest)")
        #expect(executions >= 5000)
    }
}
