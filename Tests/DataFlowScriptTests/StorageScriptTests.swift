import DataFlow
import DataFlowScript
import Foundation
import Testing

/// Scripts read and write Parquet, JSON lines and Arrow with the Swift API's names.
@Suite struct StorageScriptTests {
    @Test func writeThenReadEachFormat() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dfs-storage-\(UInt64.random(in: 0...UInt64.max))").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = """
            ratings.write.parquet("\(dir)/p", compression: "zstd")
            ratings.write.json("\(dir)/j")
            ratings.write.arrow("\(dir)/a", mode: "overwrite")
            ratings.write.format("parquet").mode("append").save("\(dir)/p")
            p = read.parquet("\(dir)/p")
            print(p.count())
            print(read.format("json").load("\(dir)/j").agg(sum("rating")).first()[0])
            print(read.arrow("\(dir)/a").filter(col("userId") == 1).count())
            print(read.autodetect("\(dir)/p").count())
            """
        let (out, err) = runScript(script)
        #expect(err == nil, "\(String(describing: err))")
        #expect(out == "8\n14.5\n2\n8\n")
        let parts = try FileManager.default.contentsOfDirectory(atPath: dir + "/p").filter { $0.hasSuffix(".zstd.parquet") }
        #expect(parts.count == 1)
    }

    @Test func badSaveModeNamesTheLabel() {
        #expect(errorText("ratings.write.parquet(\"/tmp/x\", mode: \"sometimes\")").contains("unknown save mode 'sometimes'"))
    }
}
