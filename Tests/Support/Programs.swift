import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a finished program left: its exit status (128 + signal when killed) and its output.
public struct ProgramResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Starts `executable` (a path, or a name looked up on PATH) with posix_spawn: standard input from
/// `input` (a file path; /dev/null when nil), standard output and error to the files given (or
/// /dev/null), default signal dispositions. Foundation's `Process` is not used in tests: full test runs
/// with it crashed with heap corruption about one time in three.
public func spawnProgram(_ executable: String, _ arguments: [String], input: String? = nil, stdout: String? = nil,
                         stderr: String? = nil, environment: [String: String] = [:]) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, input ?? "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if let stderr, stderr != stdout {
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    } else if stderr != nil {
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
    } else {
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    }
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    defer { posix_spawnattr_destroy(&attr) }
    var all = sigset_t(), none = sigset_t()
    sigfillset(&all)
    sigdelset(&all, SIGKILL)
    sigdelset(&all, SIGSTOP)
    sigemptyset(&none)
    posix_spawnattr_setsigdefault(&attr, &all)
    posix_spawnattr_setsigmask(&attr, &none)
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGDEF) | Int16(POSIX_SPAWN_SETSIGMASK))
    var pid: pid_t = 0
    let rc = withSpawnArguments(executable, arguments, environment: environment) { argv, envp in
        posix_spawnp(&pid, executable, &actions, &attr, argv, envp)
    }
    guard rc == 0 else {
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "cannot start \(executable): \(String(cString: strerror(rc)))"])
    }
    return pid
}

/// Calls `body` with the NULL-terminated `argv` (`executable` then `arguments`) and `envp` (this
/// process's environment with `environment` laid over it) that posix_spawn takes.
public func withSpawnArguments<T>(_ executable: String, _ arguments: [String], environment: [String: String],
                                  _ body: ([UnsafeMutablePointer<CChar>?], [UnsafeMutablePointer<CChar>?]) throws -> T) rethrows -> T {
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    return try body(argv, envp)
}

/// Waits for a child; returns its exit status (or 128 + signal).
@discardableResult
public func waitChild(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    if status & 0x7f == 0 { return (status >> 8) & 0xff }
    return 128 + (status & 0x7f)
}

/// Runs a program to completion with `input` as its standard input (in `directory` when given).
public func runProgram(_ executable: String, _ arguments: [String], input: String = "", directory: String? = nil,
                       environment: [String: String] = [:]) throws -> ProgramResult {
    let io = temporaryFolder("run")
    defer { try? FileManager.default.removeItem(atPath: io) }
    let inPath = io + "/stdin", outPath = io + "/stdout", errPath = io + "/stderr"
    FileManager.default.createFile(atPath: inPath, contents: Data(input.utf8))
    var exe = executable, args = arguments
    if let directory {
        // A shell changes to the folder and becomes the program (glibc's addchdir_np is not imported).
        args = ["-c", "cd -- \"$1\" && shift && exec \"$@\"", "sh", directory, executable] + arguments
        exe = "/bin/sh"
    }
    let pid = try spawnProgram(exe, args, input: inPath, stdout: outPath, stderr: errPath, environment: environment)
    let status = waitChild(pid)
    func text(_ p: String) -> String { FileManager.default.contents(atPath: p).map { String(decoding: $0, as: UTF8.self) } ?? "" }
    return ProgramResult(status: status, stdout: text(outPath), stderr: text(errPath))
}

/// A Python interpreter that imports `module` (`DATAFLOW_PYTHON`, else `python3`, else the benchmark
/// kit's venv), or nil after printing why the caller skips.
public func python(with module: String) -> String? {
    let candidates = [ProcessInfo.processInfo.environment["DATAFLOW_PYTHON"], "python3",
                      NSHomeDirectory() + "/.cache/dataflow-bench/venv/bin/python"].compactMap { $0 }.filter { !$0.isEmpty }
    for p in candidates {
        if let r = try? runProgram(p, ["-c", "import \(module)"]), r.status == 0 { return p }
    }
    print("skipped: no Python with \(module) (set DATAFLOW_PYTHON or pip install \(module))")
    return nil
}

/// A fresh temporary folder.
public func temporaryFolder(_ tag: String = "test") -> String {
    let p = NSTemporaryDirectory() + "dataflow-\(tag)-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
    return p
}
