import ArgumentParser
import DataFlow
import Foundation

extension DFSBench {
    struct JSONLoad: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "json", abstract: "Reads a JSON lines file fully: schema inferred (two passes) and given (--ddl, one pass).")
        @Option var path: String
        @Option(help: "A DDL schema; without it the schema is inferred.") var ddl: String?
        @OptionGroup var common: Common
        func run() throws {
            let session = Session(threads: common.threads)
            let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            var rows = 0
            let (median, times) = try DFSBench.median(common.runs) {
                var r = session.read
                if let ddl { r = try r.schema(ddl) }
                rows = try r.json(path).collectBatches().reduce(0) { $0 + $1.rowCount }
            }
            print("json \(path)\(ddl == nil ? " (inferred)" : " (schema given)"): \(rows) rows, \(bytes / 1_000_000) MB, median \(String(format: "%.3f", median)) s = \(String(format: "%.0f", Double(bytes) / median / 1e6)) MB/s, \(String(format: "%.2f", Double(rows) / median / 1e6)) M rows/s (threads \(session.threads)), runs \(DFSBench.fmt(times))")
        }
    }
}
