import Foundation
import DataFlowTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The `dfs` binary built next to this test bundle (`swift build --build-tests` builds it: the test
/// target depends on it), or `DFS_BINARY`.
let dfsBinary: String = {
    if let p = ProcessInfo.processInfo.environment["DFS_BINARY"], !p.isEmpty { return p }
    let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var dir = me.deletingLastPathComponent()
    // On Linux the XCTest bundle is an executable in .build/<triple>/debug; elsewhere it may be nested.
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("dfs").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    // The package's own build folder, from this file's location.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/dfs").path
}()

struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `dfs` with `arguments`, `stdin` as its standard input (not a terminal), and waits.
func dfs(_ arguments: [String], stdin: String = "", environment: [String: String] = [:], directory: URL? = nil) throws -> Result {
    let r = try runProgram(dfsBinary, arguments, input: stdin, directory: directory?.path, environment: environment)
    return Result(status: r.status, stdout: r.stdout, stderr: r.stderr)
}

/// A fresh temporary folder.
func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dfs-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}
