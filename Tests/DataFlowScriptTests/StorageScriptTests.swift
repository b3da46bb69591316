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

extension StorageScriptTests {
    @Test func deltaTablesFromScripts() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dfs-delta-\(UInt64.random(in: 0...UInt64.max))").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = """
            ratings.write.format("delta").partitionBy("userId").save("\(dir)/r")
            ratings.filter(col("rating") > 4).write.format("delta").mode("append").save("\(dir)/r")
            print(read.format("delta").load("\(dir)/r").count())
            print(read.format("delta").option("versionAsOf", 0).load("\(dir)/r").count())
            sql("DELETE FROM delta.`\(dir)/r` WHERE userId = 1").show()
            print(read.format("delta").load("\(dir)/r").count())
            ratings.write.partitionBy("userId").parquet("\(dir)/p")
            print(read.parquet("\(dir)/p").columns)
            """
        let (out, err) = runScript(script)
        #expect(err == nil, "\(String(describing: err))")
        #expect(out == """
            6
            4
            +-----------------+
            |num_affected_rows|
            +-----------------+
            |                3|
            +-----------------+
            3
            ["movieId", "rating", "userId"]

            """)
    }
}
