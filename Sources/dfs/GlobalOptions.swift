import ArgumentParser
import Foundation
import DataFlow

/// Options every command that runs queries accepts: `dfs --threads 2 -c '…'`, `dfs run job.dfs --memory-limit 4g`.
struct GlobalOptions: ParsableArguments {
    @Option(help: "Worker threads per query (default: every core).")
    var threads: Int?

    @Option(name: .customLong("memory-limit"),
            help: ArgumentHelp("Memory a query may hold in hash tables and sorts: bytes, or with a unit (512m, 4g).", valueName: "size"))
    var memoryLimit: ByteSize?

    @Option(help: ArgumentHelp("Warehouse folder for managed tables (created if missing): CREATE TABLE without LOCATION writes DIR/<table>/, and the tables there are loaded at start, so they persist across runs. Without it, managed tables live in memory.", valueName: "dir"))
    var warehouse: String?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    /// The session these options describe; a warehouse that cannot be created or listed is an error
    /// (exit code 1).
    func makeSession() throws -> Session {
        do {
            return try Session(threads: threads, memoryLimit: memoryLimit?.bytes, warehouse: warehouse)
        } catch let e as DataFlowError {
            writeStandardError("dfs: error: --warehouse: \(e.message)\n")
            throw ExitCode.failure
        }
    }
}

/// A byte count written as `4096`, `512k`, `512m`, `4g` or `1t` (binary units, case-insensitive, an
/// optional trailing `b`/`ib`: `4GiB`, `512MB`).
struct ByteSize: ExpressibleByArgument, Equatable {
    let bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        guard let bytes = ByteSize.parse(argument) else { return nil }
        self.bytes = bytes
    }

    static func parse(_ text: String) -> Int? {
        var s = text.trimmingCharacters(in: .whitespaces).lowercased()
        for suffix in ["ib", "b"] where s.hasSuffix(suffix) && s.count > suffix.count {
            s.removeLast(suffix.count)
            break
        }
        let shifts: [Character: Int] = ["k": 10, "m": 20, "g": 30, "t": 40]
        var shift = 0
        if let last = s.last, let sh = shifts[last] {
            shift = sh
            s.removeLast()
        }
        guard let n = Int(s), n > 0 else { return nil }
        let (value, overflow) = n.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? nil : value
    }
}
