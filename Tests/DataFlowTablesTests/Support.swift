import DataFlowColumnar
import DataFlowEngine
import DataFlowTables
import Foundation

func testContext() -> ExecutionContext { ExecutionContext(threads: 2, memoryLimit: 1 << 30) }

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
