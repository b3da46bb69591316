import ArgumentParser
import DataFlow
import DataFlowBench
import Foundation

// The benchmark kit's ENGINE_CMD contract (../shared/bench/README.md, "Adding the engine"):
// `version`, `query` and `load-csv`. Output lines are `load|run|rows|rss_bytes <number>`; a failure
// exits non-zero with its reason on the last stderr line.

/// Writes one line to stdout at once (the kit reads `run` lines as they come).
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func seconds(since t0: UInt64) -> String {
    String(format: "%.6f", Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
}

/// Runs `body`; on an error prints it as the last stderr line (one line) and exits with status 1.
func reportingFailure(_ command: String, _ body: () throws -> Void) throws {
    do { try body() } catch {
        let reason = String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data("dfs-bench \(command): \(reason)\n".utf8))
        throw ExitCode.failure
    }
}

struct KitQuery: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Loads a kit data folder into memory (not timed), then runs a SQL file R times (timed).",
        discussion: """
            Tables: every DIR/<table>.parquet names one; it is read from DIR/<table>.csv with the kit's \
            types until Parquet reading exists. Prints `load <s>`, `run <s>` per run, `rows <n>`, `rss_bytes <n>`.
            """)
    @Option(help: "Suite: h2o-groupby, h2o-join or tpch (picks the table types).") var suite: String
    @Option(help: "SQL file with one statement.") var query: String
    @Option(help: "Data folder of <table>.parquet (and <table>.csv) files.") var data: String
    @Option(help: "Timed runs.") var runs = 2
    @Option(help: "Worker threads (default: all cores).") var threads: Int?
    @Option(help: "Write the last result here as CSV (header, dates yyyy-mm-dd).") var result: String?
    @Flag(help: "Print the query's plans (explain extended) to stderr after loading (not part of the contract).") var explain = false

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try reportingFailure("query") {
            let text: String
            do { text = try String(contentsOfFile: query, encoding: .utf8) } catch {
                throw DataFlowError.io("cannot read the query file \(query): \(error.localizedDescription)")
            }
            let session = Session(threads: threads)
            let t0 = DispatchTime.now().uptimeNanoseconds
            try KitLoader.loadSuite(session, suite: suite, data: data)
            emit("load \(seconds(since: t0))")
            if explain { FileHandle.standardError.write(Data((try session.sql(text).explainString(extended: true) + "\n").utf8)) }
            var last: (batches: [RecordBatch], frame: DataFrame)?
            for _ in 0..<runs {
                last = nil  // the previous result is not kept while the next one runs
                let t = DispatchTime.now().uptimeNanoseconds
                let c = processCPUSeconds()
                let df = try session.sql(text)
                let batches = try df.collectBatches()
                emit("run \(seconds(since: t))")
                // Not part of the kit's contract (it ignores the line): CPU seconds of the run, so
                // CPU / wall shows how many cores the run kept busy.
                emit("cpu \(processCPUSeconds() - c)")
                last = (batches, df)
            }
            guard let last else { return }
            emit("rows \(last.batches.reduce(0) { $0 + $1.rowCount })")
            if let result {
                try KitResult.writeCSV(session, batches: last.batches, schema: try last.frame.schema, to: result)
            }
            if let rss = KitResult.peakRSSBytes() { emit("rss_bytes \(rss)") }
        }
    }
}

struct KitLoadCSV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load-csv",
        abstract: "R times: reads DIR/<t>.csv of every table into memory (header, inferred types), timed together.")
    @Option(help: "Data folder.") var data: String
    @Option(help: "Comma-separated table names.") var tables: String
    @Option(help: "Timed runs.") var runs = 2
    @Option(help: "Worker threads (default: all cores).") var threads: Int?

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try reportingFailure("load-csv") {
            let names = tables.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !names.isEmpty else { throw DataFlowError.invalid("--tables names no table") }
            let session = Session(threads: threads)
            for _ in 0..<runs {
                let t0 = DispatchTime.now().uptimeNanoseconds
                var loaded: [DataFrame] = []
                for t in names {
                    loaded.append(try KitLoader.readIntoMemory(session, path: data + "/" + t + ".csv", ddl: nil))
                }
                emit("run \(seconds(since: t0))")
                loaded.removeAll()  // drop them before the next run
            }
            if let rss = KitResult.peakRSSBytes() { emit("rss_bytes \(rss)") }
        }
    }
}

/// CPU time of the whole process (all threads), in seconds.
func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
