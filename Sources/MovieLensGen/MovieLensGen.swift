import ArgumentParser
import Foundation

@main
struct MovieLensGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "movielens-gen",
        abstract: "Generate MovieLens-shaped ratings.csv and movies.csv.",
        discussion: "Ratings follow a biased matrix-factorisation model (rank 8) with Zipf-like movie "
            + "popularity and log-normal user activity (at least 20 ratings per user). "
            + "Output is deterministic for a given seed and shape.")

    @Option(help: "Number of ratings: 100k, 1m, 10m, 25m or a plain number (100000...25000000).")
    var ratings: String = "100k"

    @Option(help: "Output directory (created if missing).")
    var out: String = "data"

    @Option(help: "Random seed.")
    var seed: UInt64 = 42

    @Option(help: "Number of users (default scales with --ratings like MovieLens).")
    var users: Int?

    @Option(help: "Number of movies (default scales with --ratings like MovieLens).")
    var movies: Int?

    mutating func run() throws {
        do {
            try generate()
        } catch {
            FileHandle.standardError.write(Data("movielens-gen: error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    static let minRatings = 100_000
    static let maxRatings = 25_000_000

    /// Parses `100k`, `1m`, `2.5m`, `1000000`, `1_000_000`.
    static func parseCount(_ text: String) -> Int? {
        var body = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "")
        var multiplier = 1
        if body.hasSuffix("k") { multiplier = 1_000; body.removeLast() }
        else if body.hasSuffix("m") { multiplier = 1_000_000; body.removeLast() }
        if let value = Int(body), value >= 0 {
            let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
            return overflow ? nil : product
        }
        if multiplier > 1, let d = Double(body), d.isFinite, d >= 0, d < 1e9 {
            let value = d * Double(multiplier)
            if value == value.rounded() { return Int(value) }
        }
        return nil
    }

    func generate() throws {
        let started = ContinuousClock.now
        guard let total = Self.parseCount(ratings) else {
            throw GenError("invalid --ratings value '\(ratings)': expected 100k, 1m, 10m, 25m or a plain number")
        }
        guard (Self.minRatings...Self.maxRatings).contains(total) else {
            throw GenError("--ratings \(ratings) is out of range: must be between 100k (100000) and 25m (25000000)")
        }
        let shape = defaultShape(ratings: total)
        let userCount = users ?? shape.users
        let movieCount = movies ?? shape.movies
        guard userCount >= 1 else { throw GenError("--users must be at least 1") }
        guard movieCount >= minRatingsPerUser else {
            throw GenError("--movies must be at least \(minRatingsPerUser) (every user rates \(minRatingsPerUser) distinct movies)")
        }
        guard movieCount <= 5_000_000 else { throw GenError("--movies must be at most 5000000") }
        guard userCount <= total / minRatingsPerUser else {
            throw GenError("\(userCount) users need at least \(userCount * minRatingsPerUser) ratings (\(minRatingsPerUser) each), but --ratings is \(total)")
        }
        let (capacity, overflow) = userCount.multipliedReportingOverflow(by: movieCount)
        guard overflow || capacity >= total else {
            throw GenError("\(userCount) users x \(movieCount) movies allow at most \(capacity) distinct ratings, fewer than \(total)")
        }

        try makeDirectory(out)
        let moviesPath = join(out, "movies.csv")
        let ratingsPath = join(out, "ratings.csv")

        let catalog = Catalog(count: movieCount, seed: seed)
        try catalog.write(to: moviesPath)
        let summary = try writeRatings(path: ratingsPath, users: userCount, totalRatings: total,
                                       catalog: catalog, seed: seed)

        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let megabytes = Double(summary.bytes) / 1_048_576
        print("movielens-gen: \(summary.ratings) ratings, \(userCount) users, \(movieCount) movies (seed \(seed))"
              + " -> \(ratingsPath) (\(String(format: "%.1f", megabytes)) MiB), \(moviesPath)"
              + " in \(String(format: "%.2f", seconds)) s")
    }

    private func join(_ dir: String, _ name: String) -> String {
        dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }

    private func makeDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw GenError("--out '\(path)' exists and is not a directory")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw GenError("cannot create output directory '\(path)': \(error.localizedDescription)")
        }
    }
}
