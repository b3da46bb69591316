import Foundation
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
///
/// Spawned with posix_spawn, with standard input, output and error as temporary files: no pipes to
/// drain, no threads, and not Foundation's `Process` (full test runs using it crashed with heap
/// corruption about one time in three).
func dfs(_ arguments: [String], stdin: String = "", environment: [String: String] = [:], directory: URL? = nil) throws -> Result {
    let io = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: io) }
    let inPath = io.appendingPathComponent("stdin").path, outPath = io.appendingPathComponent("stdout").path
    let errPath = io.appendingPathComponent("stderr").path
    try Data(stdin.utf8).write(to: URL(fileURLWithPath: inPath))
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    // A working folder is set by a shell that changes to it and then becomes dfs (glibc's
    // posix_spawn_file_actions_addchdir_np is not imported into Swift).
    var command = [dfsBinary] + arguments
    if let directory { command = ["/bin/sh", "-c", "cd -- \"$1\" && shift && exec \"$@\"", "sh", directory.path] + command }
    let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for p in argv + envp { free(p) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
    guard rc == 0 else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "posix_spawn \(command[0]): \(String(cString: strerror(rc)))"]) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS / WTERMSIG by hand (the macros are not imported).
    let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    let out = (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data()
    let err = (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data()
    return Result(status: code, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
}

/// A fresh temporary folder.
func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dfs-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}
