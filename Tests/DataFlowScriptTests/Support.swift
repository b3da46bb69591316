import DataFlow
import DataFlowScript
import Foundation

/// The repository's root (for fixtures and Scripts/examples).
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let movielens = repoRoot.appendingPathComponent("Tests/DataFlowTests/Fixtures/movielens").path

/// Collects what a script prints.
final class Captured: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    func append(_ s: String) { lock.lock(); text += s; lock.unlock() }
    var value: String { lock.lock(); defer { lock.unlock() }; return text }
}

/// A small DataFrame: userId, movieId, rating.
func smallRatings(_ session: Session) throws -> DataFrame {
    try session.createDataFrame(columns: [
        ("userId", [.int32(1), .int32(1), .int32(2), .int32(3)]),
        ("movieId", [.int32(10), .int32(20), .int32(10), .int32(30)]),
        ("rating", [.double(4.5), .double(3.0), .double(5.0), .double(2.0)]),
    ])
}

/// Runs `source` with `ratings` (smallRatings) defined; returns the output and the error, if any.
func runScript(_ source: String, params: [String: String] = [:], file: String = "t.dfs", width: Int? = nil,
               setup: (ScriptEngine) throws -> Void = { _ in }) -> (output: String, error: ScriptError?) {
    let session = Session(threads: 1)
    let out = Captured()
    let engine = ScriptEngine(session: session, params: params, output: { out.append($0) })
    engine.displayWidth = width
    do {
        engine.define("ratings", .frame(try smallRatings(session)))
        try setup(engine)
    } catch {
        return ("setup failed: \(error)", nil)
    }
    do {
        try engine.run(source, file: file)
        return (out.value, nil)
    } catch {
        return (out.value, error)
    }
}

/// The error `source` fails with, as `dfs` prints it ("" when it succeeds).
func errorText(_ source: String, params: [String: String] = [:], file: String = "t.dfs") -> String {
    runScript(source, params: params, file: file).error?.description ?? ""
}

/// The output of `source`, or the error's text when it fails.
func outputOf(_ source: String, params: [String: String] = [:]) -> String {
    let r = runScript(source, params: params)
    return r.error.map { r.output + "ERROR: " + $0.description } ?? r.output
}
