import ArgumentParser
import DataFlow
import DataFlowBench
import Foundation

/// Benchmarks of the engine (release builds only; build with DATAFLOW_MARCH=x86-64-v3 for AVX2).
/// `version`, `query` and `load-csv` are the benchmark kit's ENGINE_CMD contract (`Scripts/bench`,
/// Docs/performance.md); the others are the micro benchmarks `Scripts/bench-micro` runs next to DuckDB.
@main
struct DFSBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dfs-bench",
        abstract: "DataFlow benchmarks.",
        subcommands: [Version.self, KitQuery.self, KitLoadCSV.self, FilterSum.self, TypedFilter.self, GroupBy.self, Join.self, CSVLoad.self, ParquetBench.self, JSONLoad.self, ALSBench.self])

    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Prints the engine's name and version.")
        func run() { print("dataflow \(Session.version)") }
    }

    struct Common: ParsableArguments {
        @Option(help: "Worker threads (default: all cores).") var threads: Int?
        @Option(help: "Timed runs.") var runs = 3
    }

    /// Runs `body` `runs` times and prints each time and the median.
    static func time(_ label: String, runs: Int, rows: Int, _ body: () throws -> String) throws {
        var times: [Double] = []
        var answer = ""
        for _ in 0..<runs {
            let t0 = DispatchTime.now().uptimeNanoseconds
            answer = try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        let median = times.sorted()[times.count / 2]
        print("\(label): median \(String(format: "%.3f", median)) s, runs \(times.map { String(format: "%.3f", $0) }.joined(separator: " ")), \(String(format: "%.1f", Double(rows) / median / 1e6)) M rows/s; answer \(answer)")
    }

    /// Loads CSV files fully into memory (not timed).
    static func load(_ session: Session, _ path: String) throws -> DataFrame {
        try KitLoader.readIntoMemory(session, path: path, ddl: nil)
    }

    struct FilterSum: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "sum(v) where v > 50 over an in-memory table (v = (id * 37 % 1000) / 10).")
        @Option var rows = 10_000_000
        @OptionGroup var common: Common
        func run() throws {
            let session = Session(threads: common.threads)
            let gen = session.range(Int64(rows)).select(col("id"), ((col("id") * 37) % 1000 / 10.0).as("v"))
            let t = session.createDataFrame(try gen.collectBatches(), schema: try gen.schema)
            try DFSBench.time("filter+sum \(rows) rows", runs: common.runs, rows: rows) {
                try t.filter(col("v") > 50.0).agg(sum("v"), count()).collect().first?.description ?? ""
            }
        }
    }

    /// A MovieLens-style rating as a typed Dataset's record.
    struct BenchRating: Record {
        var userId: Int64
        var movieId: Int64
        var rating: Double
        var timestamp: Int64
    }

    struct TypedFilter: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "typed-filter",
            abstract: "count of ratings >= 4 over an in-memory table: untyped column expression, typed key path, typed closure.")
        @Option var rows = 10_000_000
        @OptionGroup var common: Common
        func run() throws {
            let session = Session(threads: common.threads)
            let gen = session.range(Int64(rows)).select(
                (col("id") % 162_541).as("userId"), (col("id") * 7 % 59_047).as("movieId"),
                ((col("id") * 37 % 10 + 1).cast("double") / 2.0).as("rating"), (col("id") + 1_500_000_000).as("timestamp"))
            let df = session.createDataFrame(try gen.collectBatches(), schema: try gen.schema)
            let ds = try df.as(BenchRating.self)
            try DFSBench.time("untyped filter(col(\"rating\") >= 4).count() \(rows) rows", runs: common.runs, rows: rows) {
                String(try df.filter(col("rating") >= 4.0).count())
            }
            try DFSBench.time("key-path filter(\\.rating >= 4).count() \(rows) rows", runs: common.runs, rows: rows) {
                String(try ds.filter(\.rating >= 4).count())
            }
            try DFSBench.time("closure filter { $0.rating >= 4 }.count() \(rows) rows", runs: common.runs, rows: rows) {
                String(try ds.filter { $0.rating >= 4 }.count())
            }
        }
    }

    struct GroupBy: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "h2o groupby: sum(v1), avg(v3) by a key over x.csv.")
        @Option(help: "Folder with x.csv (the kit's G1 data).") var data: String
        @Option(help: "Grouping column: id1 (100 groups), id3 (100k groups), id6 (100k int groups).") var key = "id1"
        @Flag(help: "Add a constant second key, forcing the general (byte-encoded) key path.") var general = false
        @OptionGroup var common: Common
        func run() throws {
            let session = Session(threads: common.threads)
            let x = try DFSBench.load(session, data + "/x.csv")
            let n = Int(try x.count())
            try DFSBench.time("groupby \(key) over \(n) rows", runs: common.runs, rows: n) {
                let keys = general ? [col(key), lit(1).as("one")] : [col(key)]
                let r = try x.groupBy(keys).agg(sum("v1").as("v1"), avg("v3").as("v3")).collectBatches()
                return "\(r.reduce(0) { $0 + $1.rowCount }) groups"
            }
        }
    }

    struct Join: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "h2o join q5: x (10M) inner join big (10M) on id3.")
        @Option(help: "Folder with x.csv and big.csv (the kit's J1 data).") var data: String
        @OptionGroup var common: Common
        func run() throws {
            let session = Session(threads: common.threads)
            let x = try DFSBench.load(session, data + "/x.csv")
            let big = try DFSBench.load(session, data + "/big.csv")
            let n = Int(try x.count())
            try DFSBench.time("join x ⋈ big on id3 (\(n) rows each)", runs: common.runs, rows: n) {
                let r = try x.join(big, on: x.col("id3") == big.col("id3"))
                    .select(x.col("id1"), x.col("id2"), x.col("id3"), x.col("id4"), x.col("id5"), x.col("id6"), x.col("v1"),
                            big.col("id1").as("big_id1"), big.col("id2").as("big_id2"), big.col("id4").as("big_id4"),
                            big.col("id5").as("big_id5"), big.col("id6").as("big_id6"), big.col("v2"))
                    .collectBatches()
                return "\(r.reduce(0) { $0 + $1.rowCount }) rows"
            }
        }
    }

    /// Runs `body` `runs` times: the median and every run's seconds.
    static func median(_ runs: Int, _ body: () throws -> Void) rethrows -> (Double, [Double]) {
        var times: [Double] = []
        for _ in 0..<runs {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        return (times.sorted()[times.count / 2], times)
    }

    static func fmt(_ times: [Double]) -> String { times.map { String(format: "%.3f", $0) }.joined(separator: " ") }

    struct CSVLoad: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "csv", abstract: "Reads a CSV file fully (header, inferred types).")
        @Option var path: String
        @OptionGroup var common: Common
        func run() throws {
            let session = Session(threads: common.threads)
            let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            var rows = 0
            let (median, times) = try DFSBench.median(common.runs) {
                rows = try session.read.csv(path, header: true, inferSchema: true).collectBatches().reduce(0) { $0 + $1.rowCount }
            }
            print("csv \(path): \(rows) rows, \(bytes / 1_000_000) MB, median \(String(format: "%.3f", median)) s = \(String(format: "%.0f", Double(bytes) / median / 1e6)) MB/s (threads \(session.threads)), runs \(DFSBench.fmt(times))")
        }
    }
}
