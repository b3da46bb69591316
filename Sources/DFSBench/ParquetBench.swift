import ArgumentParser
import DataFlow
import DataFlowFormats
import Foundation

extension DFSBench {
    /// Parquet scan, filtered aggregate and write over TPC-H lineitem (compare with
    /// `Scripts/lib/parquet_bench_duckdb.py` on the same file).
    struct ParquetBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "parquet", abstract: "Reads lineitem.parquet fully, runs a filtered sum over it, and writes it back (snappy).")
        @Option(help: "The Parquet file.") var path = NSHomeDirectory() + "/.cache/dataflow-bench/data/tpch/sf1/lineitem.parquet"
        @Option(help: "Worker threads.") var threads = 2
        @Option(help: "Timed runs.") var runs = 3

        func run() throws {
            let session = Session(threads: threads)
            let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let mb = Double(bytes) / 1e6
            var rows = 0
            var batches: [RecordBatch] = []
            let (scan, scanTimes) = try DFSBench.median(runs) {
                batches = try session.read.parquet(path).collectBatches()
                rows = batches.reduce(0) { $0 + $1.rowCount }
            }
            print("parquet full scan (\(threads) threads): \(rows) rows, \(String(format: "%.0f", mb)) MB file, median \(String(format: "%.3f", scan)) s = \(String(format: "%.0f", mb / scan)) MB/s, \(String(format: "%.1f", Double(rows) / scan / 1e6)) M rows/s; runs \(DFSBench.fmt(scanTimes))")

            try session.read.parquet(path).createOrReplaceTempView("lineitem")
            var answer = ""
            let (q, qTimes) = try DFSBench.median(runs) {
                answer = try session.sql("SELECT sum(l_extendedprice) FROM lineitem WHERE l_shipdate >= DATE '1995-01-01'").collect().first?.description ?? ""
            }
            print("parquet sum(l_extendedprice) WHERE l_shipdate >= 1995-01-01: median \(String(format: "%.3f", q)) s = \(String(format: "%.0f", mb / q)) MB/s of file, \(String(format: "%.1f", Double(rows) / q / 1e6)) M rows/s; answer \(answer); runs \(DFSBench.fmt(qTimes))")

            let schema = try batches.first?.schema ?? session.read.parquet(path).schema
            let out = NSTemporaryDirectory() + "dfs-bench-lineitem-\(UUID().uuidString).parquet"
            defer { try? FileManager.default.removeItem(atPath: out) }
            var written = 0
            let (w, wTimes) = try DFSBench.median(runs) {
                written = try ParquetWriter.write(batches, schema: schema, to: out).byteSize
            }
            let inMemory = batches.reduce(0) { $0 + $1.byteSize }
            print("parquet write snappy (column chunks encoded on all cores): \(String(format: "%.0f", Double(written) / 1e6)) MB file from \(String(format: "%.0f", Double(inMemory) / 1e6)) MB in memory, median \(String(format: "%.3f", w)) s = \(String(format: "%.0f", Double(written) / w / 1e6)) MB/s of file, \(String(format: "%.0f", Double(inMemory) / w / 1e6)) MB/s of columns, \(String(format: "%.1f", Double(rows) / w / 1e6)) M rows/s; runs \(DFSBench.fmt(wTimes))")
        }
    }
}
