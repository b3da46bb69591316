import DataFlowColumnar
import DataFlowEngine
import DataFlowTables
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fresh temporary folder.
func tempDir(_ tag: String = "delta") -> String {
    let p = NSTemporaryDirectory() + "dataflow-\(tag)-\(UUID().uuidString.prefix(8))"
    try? FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
    return p
}

func testContext() -> ExecutionContext { ExecutionContext(threads: 2, memoryLimit: 1 << 30) }

/// Spawns `executable` with posix_spawn (Foundation's Process has corrupted the heap in test processes
/// here), its stdout and stderr going to `output` (a file) when given.
func spawn(_ executable: String, _ arguments: [String], output: String? = nil) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if let output {
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
    }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    // Default signal dispositions and an empty mask (the test runner's must not leak into the child).
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
    let rc = posix_spawnp(&pid, executable, &actions, &attr, argv, envp)
    guard rc == 0 else { throw DataFlowError.io("cannot start \(executable): \(String(cString: strerror(rc)))") }
    return pid
}

/// Waits for a child; returns its exit status (or 128 + signal).
@discardableResult
func waitChild(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    if status & 0x7f == 0 { return (status >> 8) & 0xff }
    return 128 + (status & 0x7f)
}

/// Runs a program to completion; returns its status and combined output.
func runProgram(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let out = NSTemporaryDirectory() + "dataflow-out-\(UUID().uuidString)"
    defer { unlink(out) }
    let pid = try spawn(executable, arguments, output: out)
    let status = waitChild(pid)
    let text = FileManager.default.contents(atPath: out).map { String(decoding: $0, as: UTF8.self) } ?? ""
    return (status, text)
}

/// A Python interpreter with `module` importable (DATAFLOW_PYTHON, else python3), or nil (the caller
/// prints why it skips).
func python(with module: String) -> String? {
    let candidates = [ProcessInfo.processInfo.environment["DATAFLOW_PYTHON"], "python3"].compactMap { $0 }.filter { !$0.isEmpty }
    for p in candidates {
        if let r = try? runProgram(p, ["-c", "import \(module)"]), r.status == 0 { return p }
    }
    return nil
}

/// The `delta-stress` executable built next to the test bundle.
let stressBinary: String = {
    let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var dir = me.deletingLastPathComponent()
    for _ in 0..<4 {
        let c = dir.appendingPathComponent("delta-stress").path
        if FileManager.default.isExecutableFile(atPath: c) { return c }
        dir = dir.deletingLastPathComponent()
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/delta-stress").path
}()

/// The test target's Fixtures folder.
let fixturesDir: String = {
    if let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) { return url.path }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
}()

/// Writes a commit file by hand.
func writeCommit(_ table: String, _ version: Int64, _ lines: [String]) throws {
    let log = table + "/_delta_log"
    try FileManager.default.createDirectory(atPath: log, withIntermediateDirectories: true)
    try (lines.joined(separator: "\n") + "\n").write(toFile: log + "/" + DeltaLog.commitName(version), atomically: true, encoding: .utf8)
}

let protocolLine = #"{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}"#
func metadataLine(_ schema: String = #"{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}]}"#,
                  partitions: String = "[]") -> String {
    #"{"metaData":{"id":"abc","format":{"provider":"parquet","options":{}},"schemaString":""# + schema + #"","partitionColumns":"# + partitions + #","configuration":{},"createdTime":1}}"#
}
func addLine(_ path: String, size: Int = 10, stats: String? = nil) -> String {
    let s = stats.map { ",\"stats\":" + JSONValue.string($0).text } ?? ""
    return #"{"add":{"path":""# + path + #"","partitionValues":{},"size":"# + String(size) + #","modificationTime":1,"dataChange":true"# + s + "}}"
}
func removeLine(_ path: String) -> String { #"{"remove":{"path":""# + path + #"","deletionTimestamp":5,"dataChange":true}}"# }
