import DataFlowTestSupport
import DataFlow
import Foundation
import Testing

/// MovieLens-style ratings(userId, movieId, rating) and movies(movieId, title, year) for the query
/// builder's tests and the examples in Docs/dsl.md. Movie 50 has no ratings.
func movieLens(_ s: Session = session) throws -> (ratings: DataFrame, movies: DataFrame) {
    let session = s
    // doc-example: query-builder-data
    let ratings = try session.createDataFrame([
        [.int32(1), .int32(10), .double(4.0)],
        [.int32(1), .int32(20), .double(3.0)],
        [.int32(1), .int32(30), .double(5.0)],
        [.int32(2), .int32(10), .double(5.0)],
        [.int32(2), .int32(20), .double(2.0)],
        [.int32(3), .int32(10), .double(4.5)],
        [.int32(3), .int32(30), .double(4.0)],
        [.int32(4), .int32(40), .double(1.0)],
    ], schema: Schema([Field("userId", .int32), Field("movieId", .int32), Field("rating", .float64)]))
    let movies = try session.createDataFrame([
        [.int32(10), .string("Toy Story"), .int32(1995)],
        [.int32(20), .string("Jumanji"), .int32(1995)],
        [.int32(30), .string("Heat"), .int32(1995)],
        [.int32(40), .string("The Matrix"), .int32(1999)],
        [.int32(50), .string("Casino"), .int32(1995)],
    ], schema: Schema([Field("movieId", .int32), Field("title", .string), Field("year", .int32)]))
    // end-doc-example
    #expect(try ratings.count() == 8)
    #expect(try movies.count() == 5)
    return (ratings, movies)
}

/// The extended explain text with DataFrame tags (`#17`) renumbered by first appearance: two plans
/// built from the same source DataFrames by the same steps print the same text.
func normalizedPlan(_ df: DataFrame) throws -> String {
    let text = try df.explainString(extended: true)
    let regex = try NSRegularExpression(pattern: "#[0-9]+")
    var numbers: [String: Int] = [:], out = "", last = text.startIndex
    for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        guard let r = Range(m.range, in: text) else { continue }
        let tag = String(text[r])
        let n = numbers[tag] ?? numbers.count
        numbers[tag] = n
        out += text[last..<r.lowerBound] + "#t\(n)"
        last = r.upperBound
    }
    return out + text[last...]
}

@Suite struct DSLQueryBuilderTests {
    // MARK: Components with known answers

    @Test func topMoviesExample() throws {
        let (ratings, movies) = try movieLens()
        // doc-example: query-builder-top
        let top = try session.query {
            From(ratings)
            Where(col("rating") >= 3.0)
            Join(movies, on: "movieId")
            GroupBy("title") {
                count().as("n")
                avg("rating").as("avgRating")
            }
            Having(col("n") >= 2)
            OrderBy(desc("avgRating"), asc("title"))
            Limit(10)
        }
        // end-doc-example
        #expect(try rows(top) == [[.string("Heat"), .int64(2), .double(4.5)],
                                  [.string("Toy Story"), .int64(3), .double(4.5)]])

        // doc-example: query-builder-chain
        let chain = ratings
            .filter(col("rating") >= 3.0)
            .join(movies, on: "movieId")
            .groupBy("title")
            .agg(count().as("n"), avg("rating").as("avgRating"))
            .filter(col("n") >= 2)
            .orderBy(desc("avgRating"), asc("title"))
            .limit(10)
        // end-doc-example
        #expect(try normalizedPlan(top) == normalizedPlan(chain))
        #expect(try rows(chain) == rows(top))
    }

    @Test func fromCatalogNameAndJoinByName() throws {
        let session = Session(threads: 2)
        let (ratings, movies) = try movieLens(session)
        // doc-example: query-builder-catalog
        try ratings.createOrReplaceTempView("ratings")
        try movies.createOrReplaceTempView("movies")
        let unrated = try session.query {
            From("movies")
            Join("ratings", on: "movieId", kind: .leftAnti)
            Select("title")
        }
        // end-doc-example
        #expect(try rows(unrated) == [[.string("Casino")]])
        let q = try session.query { From("ratings"); Where(col("userId") == 4) }
        #expect(try rows(q) == [[.int32(4), .int32(40), .double(1.0)]])
        #expect(errorClass { _ = try session.query { From("no_such_table") } } != nil)
    }

    @Test func whereSelectWithColumn() throws {
        let (ratings, _) = try movieLens()
        let q = try ratings.query {
            Where(col("userId") == 1)
            WithColumn("stars", col("rating") * 2)
            WithColumn("rating", col("rating") + 0.5)
            Select("movieId", "rating", "stars")
            OrderBy("movieId")
        }
        #expect(try rows(q) == [[.int32(10), .double(4.5), .double(8.0)], [.int32(20), .double(3.5), .double(6.0)],
                                [.int32(30), .double(5.5), .double(10.0)]])
        let built = try ratings.query {
            Select {
                "movieId"
                col("rating").as("r")
            }
            Where(col("r") > 4.5)
            OrderBy("movieId")
        }
        #expect(try rows(built) == [[.int32(10), .double(5.0)], [.int32(30), .double(5.0)]])
        let variadic = try ratings.query { Select(col("userId"), col("rating") - 1); Where(col("userId") == 4) }
        #expect(try rows(variadic) == [[.int32(4), .double(0.0)]])
    }

    @Test func joinKinds() throws {
        let (ratings, movies) = try movieLens()
        let left = try movies.query {
            Join(ratings, on: ["movieId"], kind: .left)
            GroupBy("title") { count(col("rating")).as("n") }
            OrderBy("title")
        }
        #expect(try rows(left) == [[.string("Casino"), .int64(0)], [.string("Heat"), .int64(2)],
                                   [.string("Jumanji"), .int64(2)], [.string("The Matrix"), .int64(1)],
                                   [.string("Toy Story"), .int64(3)]])
        let m = movies.alias("m")
        let onCondition = try session.query {
            From(ratings.alias("r"))
            Join(m, on: col("r.movieId") == col("m.movieId") && col("m.year") == 1999)
            Select(col("r.userId"), col("m.title"))
        }
        #expect(try rows(onCondition) == [[.int32(4), .string("The Matrix")]])
        let inner = try ratings.query { Join(movies, on: "movieId"); Where(col("title") == "Heat") }
        #expect(try ratings.query { Join(movies, on: "movieId") }.count() == 8)
        #expect(try inner.count() == 2)
    }

    @Test func groupByAndHaving() throws {
        let (ratings, _) = try movieLens()
        let perUser = try ratings.query {
            GroupBy("userId") {
                count().as("n")
                max("rating").as("best")
            }
            Having(col("n") >= 2)
            Having(col("best") == 5.0)
            OrderBy("userId")
        }
        #expect(try rows(perUser) == [[.int32(1), .int64(3), .double(5.0)], [.int32(2), .int64(2), .double(5.0)]])
        let byColumn = try ratings.query {
            GroupBy(col("rating") >= 4.0) { count().as("n") }
            OrderBy("n")
        }
        #expect(try rows(byColumn).map { $0[1] } == [.int64(3), .int64(5)])
        let global = try ratings.query { GroupBy { count().as("n"); avg("rating").as("avg") } }
        #expect(try rows(global) == [[.int64(8), .double(3.5625)]])
        #expect(try normalizedPlan(global) == normalizedPlan(ratings.agg(count().as("n"), avg("rating").as("avg"))))
        let keysOnly = try ratings.query { GroupBy("userId") {}; OrderBy("userId") }
        #expect(try rows(keysOnly) == [[.int32(1)], [.int32(2)], [.int32(3)], [.int32(4)]])
    }

    @Test func windowColumns() throws {
        let (ratings, _) = try movieLens()
        // doc-example: query-builder-window
        let byUser = Window.partitionBy("userId")
        let favourites = try ratings.query {
            Window(as: "userAvg", avg("rating").over(byUser))
            Window(over: byUser.orderBy(desc("rating"), asc("movieId"))) {
                row_number().as("rank")
                lead("rating").as("runnerUp")
            }
            Where(col("rank") == 1)
            Select("userId", "movieId", "userAvg", "runnerUp")
            OrderBy("userId")
        }
        // end-doc-example
        #expect(try rows(favourites) == [
            [.int32(1), .int32(30), .double(4.0), .double(4.0)],
            [.int32(2), .int32(10), .double(3.5), .double(2.0)],
            [.int32(3), .int32(10), .double(4.25), .double(4.0)],
            [.int32(4), .int32(40), .double(1.0), .null],
        ])
        let w = byUser.orderBy(desc("rating"), asc("movieId"))
        let chain = try ratings
            .withColumn("userAvg", avg("rating").over(byUser))
            .withColumn("rank", row_number().over(w))
            .withColumn("runnerUp", lead("rating").over(w))
            .filter(col("rank") == 1)
            .select("userId", "movieId", "userAvg", "runnerUp")
            .orderBy("userId")
        #expect(try normalizedPlan(favourites) == normalizedPlan(chain))
        let unnamed = dataFlowError { _ = try ratings.query { Window(over: byUser) { rank() } } }
        #expect(unnamed?.errorClass == "INVALID_ARGUMENT")
        #expect(unnamed?.message.contains(".as(\"name\")") == true)
    }

    @Test func orderLimitOffsetDistinctUnion() throws {
        let (ratings, movies) = try movieLens()
        let page = try ratings.query {
            OrderBy(col("rating").desc, col("userId").asc, col("movieId").asc)
            Limit(2, offset: 1)
            Select("userId", "movieId")
        }
        #expect(try rows(page) == [[.int32(2), .int32(10)], [.int32(3), .int32(10)]])
        #expect(try rows(ratings.query { OrderBy(col("rating"), col("movieId")); Limit(1) }) == [[.int32(4), .int32(40), .double(1.0)]])
        #expect(try rows(ratings.query { OrderBy("rating"); Limit(0) }).isEmpty)
        #expect(dataFlowError { _ = try ratings.query { Limit(-1) } }?.errorClass == "INVALID_ARGUMENT")

        let years = try movies.query { Select("year"); Distinct(); OrderBy("year") }
        #expect(try rows(years) == [[.int32(1995)], [.int32(1999)]])
        let onePerUser = try ratings.query { Distinct(on: "userId") }
        #expect(try onePerUser.count() == 4)

        // doc-example: query-builder-union
        let seen = try session.query {
            From(ratings)
            Select("movieId")
            Union(movies.select("movieId"))
            Distinct()
            OrderBy("movieId")
        }
        // end-doc-example
        #expect(try rows(seen) == [[.int32(10)], [.int32(20)], [.int32(30)], [.int32(40)], [.int32(50)]])
        let all = try ratings.query { Select("movieId"); Union(movies.select("movieId")) }
        #expect(try all.count() == 13)
        let byName = try movies.query {
            Select("title", "movieId")
            Union(ratings.select("movieId"), byName: true, allowMissingColumns: true)
            Where(col("title").isNull)
        }
        #expect(try byName.count() == 8)
        #expect(try normalizedPlan(seen) == normalizedPlan(ratings.select("movieId").union(movies.select("movieId")).distinct().orderBy("movieId")))
    }

    // MARK: Conditional stages

    @Test func conditionalStages() throws {
        let (ratings, movies) = try movieLens()
        // doc-example: query-builder-conditional
        func report(minRating: Double?, skipping: [Int32], byCount: Bool, top: Int?) throws -> DataFrame {
            try session.query {
                From(ratings)
                if let minRating {
                    Where(col("rating") >= minRating)
                }
                for movieId in skipping {
                    Where(col("movieId") != movieId)
                }
                Join(movies, on: "movieId")
                GroupBy("title") { count().as("n") }
                if byCount {
                    OrderBy(desc("n"), asc("title"))
                } else {
                    OrderBy("title")
                }
                if let top {
                    Limit(top)
                }
            }
        }
        let best = try report(minRating: 4.0, skipping: [30], byCount: true, top: 1)
        let everything = try report(minRating: nil, skipping: [], byCount: false, top: nil)
        // end-doc-example
        #expect(try rows(best) == [[.string("Toy Story"), .int64(3)]])
        #expect(try rows(everything) == [[.string("Heat"), .int64(2)], [.string("Jumanji"), .int64(2)],
                                         [.string("The Matrix"), .int64(1)], [.string("Toy Story"), .int64(3)]])
        let twoSkipped = try report(minRating: nil, skipping: [10, 20], byCount: true, top: nil)
        #expect(try rows(twoSkipped) == [[.string("Heat"), .int64(2)], [.string("The Matrix"), .int64(1)]])
        // The stages left out add nothing to the plan.
        #expect(try normalizedPlan(everything) == normalizedPlan(
            ratings.join(movies, on: "movieId").groupBy("title").agg(count().as("n")).orderBy("title")))

        // A group in a conditional block, Having inside it, a conditional source and a column list.
        for grouped in [false, true] {
            let q = try ratings.query {
                if grouped {
                    GroupBy("userId") { count().as("n") }
                    Having(col("n") > 1)
                }
            }
            #expect(try q.count() == (grouped ? 3 : 8))
        }
        for fromTable in [false, true] {
            let q = try session.query {
                if fromTable { From(movies) } else { From(ratings) }
                Limit(100)
            }
            #expect(try q.count() == (fromTable ? 5 : 8))
        }
        for withTitle in [false, true] {
            let cols = try movies.query {
                Select {
                    "movieId"
                    if withTitle { "title" }
                    for c in ["year"] { col(c) }
                }
            }.columns
            #expect(cols == (withTitle ? ["movieId", "title", "year"] : ["movieId", "year"]))
        }
        #expect(try ratings.query {}.count() == 8)
        enum Page { case first, second, all }
        for page in [Page.first, .second, .all] {
            let q = try ratings.query {
                OrderBy("userId", "movieId")
                switch page {
                case .first: Limit(3)
                case .second: Limit(3, offset: 3)
                case .all: Stages {}
                }
            }
            #expect(try q.count() == [.first: 3, .second: 3, .all: 8][page])
        }
    }

    @Test func reusableStages() throws {
        let (ratings, _) = try movieLens()
        let liked = Stages {
            Where(col("rating") >= 4.0)
            Select("userId", "movieId")
        }
        let q = try session.query { From(ratings); liked; OrderBy("userId", "movieId"); Limit(2) }
        #expect(try rows(q) == [[.int32(1), .int32(10)], [.int32(1), .int32(30)]])
    }

    // MARK: Same plan as the method chain

    @Test func planEqualsMethodChain() throws {
        let (ratings, movies) = try movieLens()
        let built = try session.query {
            From(ratings)
            Join(movies, on: "movieId", kind: .left)
            Where(col("year") < 2000)
            WithColumn("decade", col("year") - col("year") % 10)
            GroupBy("decade", "title") { count().as("n"); avg("rating").as("avg") }
            Having(col("avg") > 2.0)
            OrderBy(desc("n"))
            Limit(3, offset: 1)
        }
        let chain = try ratings
            .join(movies, on: "movieId", how: .left)
            .filter(col("year") < 2000)
            .withColumn("decade", col("year") - col("year") % 10)
            .groupBy("decade", "title").agg(count().as("n"), avg("rating").as("avg"))
            .filter(col("avg") > 2.0)
            .orderBy(desc("n"))
            .offset(1).limit(3)
        #expect(try normalizedPlan(built) == normalizedPlan(chain))
        #expect(try rows(built) == rows(chain))

        // The comparison can fail: a different limit or stage order is a different plan.
        let otherLimit = try ratings.query { Join(movies, on: "movieId"); Limit(4) }
        #expect(try normalizedPlan(otherLimit) != normalizedPlan(ratings.join(movies, on: "movieId").limit(5)))
        let swapped = try ratings.query { Limit(4); Where(col("rating") > 3) }
        #expect(try normalizedPlan(swapped) != normalizedPlan(ratings.filter(col("rating") > 3).limit(4)))
        #expect(try normalizedPlan(ratings.query { Distinct() }) == normalizedPlan(ratings.distinct()))
    }

    // MARK: Misuse the types cannot express

    @Test func runtimeErrors() throws {
        let (ratings, _) = try movieLens()
        let other = try movieLens(Session(threads: 1)).ratings
        let foreign = dataFlowError { _ = try session.query { From(other) } }
        #expect(foreign?.errorClass == "INVALID_ARGUMENT")
        #expect(dataFlowError { _ = try ratings.query { Union(other) } }?.errorClass == "INVALID_ARGUMENT")
        // Aggregates return plain Columns, so only analysis rejects one outside GroupBy.
        let misplaced = dataFlowError { _ = try ratings.query { Where(avg("rating") > 3.0) }.collect() }
        #expect(misplaced != nil)
        #expect(misplaced?.message.lowercased().contains("aggregate") == true)
        #expect(misplaced?.message.contains("avg") == true, "\(String(describing: misplaced))")
        // A plain column in a GroupBy block that is not a key, as in groupBy(...).agg(...).
        let notAKey = dataFlowError { _ = try ratings.query { GroupBy("userId") { col("rating") } }.collect() }
        #expect(notAKey != nil)
        #expect(notAKey?.errorClass == dataFlowError { _ = try ratings.groupBy("userId").agg(col("rating")).collect() }?.errorClass)
    }
}

/// Type-checks Swift snippets against the DataFlow module this test target was built with, to prove
/// that the query builder rejects misuse at compile time.
enum CompileCheck {
    /// The build folder holding `Modules/DataFlow.swiftmodule` (next to the test bundle).
    static let buildDir: URL? = {
        var candidates: [URL] = []
        if let exe = CommandLine.arguments.first {
            var u = URL(fileURLWithPath: exe)
            for _ in 0..<4 {
                u = u.deletingLastPathComponent()
                candidates.append(u)
            }
        }
        candidates.append(DSLDocExampleTests.root.appendingPathComponent(".build/debug"))
        return candidates.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("Modules/DataFlow.swiftmodule").path)
                && FileManager.default.fileExists(atPath: $0.appendingPathComponent("CDataFlowSupport.build/module.modulemap").path)
        }
    }()

    static let swiftc: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin")
        .split(separator: ":").map { "\($0)/swiftc" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    static var available: Bool { buildDir != nil && swiftc != nil }

    /// One Clang module cache for every snippet (building it is most of a first check's time).
    static let moduleCache = FileManager.default.temporaryDirectory.appendingPathComponent("dataflow-typecheck-cache-\(UUID().uuidString)")

    /// The compiler's diagnostics for `body` (after `import DataFlow`), one file per call: the compiler
    /// stops at the first file with errors.
    static func typecheck(_ body: String) throws -> String {
        guard let buildDir, let swiftc else { return "" }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dataflow-typecheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("snippet.swift")
        try ("import DataFlow\n" + body + "\n").write(to: file, atomically: true, encoding: .utf8)
        let arguments = ["-typecheck", "-I", buildDir.appendingPathComponent("Modules").path,
                       "-Xcc", "-fmodule-map-file=" + buildDir.appendingPathComponent("CDataFlowSupport.build/module.modulemap").path,
                       "-Xcc", "-fmodule-map-file=" + DSLDocExampleTests.root.appendingPathComponent("Sources/CZlib/module.modulemap").path,
                       "-Xcc", "-fmodule-map-file=" + DSLDocExampleTests.root.appendingPathComponent("Sources/CSnappy/module.modulemap").path,
                       "-Xcc", "-fmodule-map-file=" + DSLDocExampleTests.root.appendingPathComponent("Sources/CZstd/module.modulemap").path,
                         "-module-cache-path", moduleCache.path, file.path]
        let r = try runProgram(swiftc, arguments)
        return r.stdout + r.stderr
    }
}

extension DSLQueryBuilderTests {
    @Test(.enabled(if: CompileCheck.available, "needs swiftc and the built DataFlow module"), .timeLimit(.minutes(1)))
    func compilerRejectsMisuse() throws {
        defer { try? FileManager.default.removeItem(at: CompileCheck.moduleCache) }
        let header = "func check(_ session: Session, _ df: DataFrame) throws {\n_ = "
        let accepted = try CompileCheck.typecheck(header + """
            try session.query {
                From(df)
                GroupBy("k") { count().as("n") }
                Having(col("n") > 1)
                if Bool.random() { Limit(1) } else { Distinct() }
            }
            }
            """)
        #expect(!accepted.contains("error:"), "a well-formed query did not compile:\n\(accepted)")
        let rejected: [(code: String, diagnostic: String)] = [
            ("try session.query { Limit(10) }", "session.query { } starts with its source"),
            ("try session.query { }", "session.query { } starts with its source"),
            ("try session.query { Where(col(\"x\") > 1); From(\"movies\") }", "a query has one source, on its first line"),
            ("try df.query { From(\"movies\"); Limit(1) }", "df.query { } starts from the DataFrame"),
            ("try session.query { From(\"ratings\"); From(\"movies\") }", "a query has one source"),
            ("try session.query { From(df); Where(col(\"n\") > 1); Having(col(\"n\") > 1) }", "put it directly after GroupBy"),
            ("try df.query { GroupBy(\"k\") { count().as(\"n\") }; Limit(5); Having(col(\"n\") > 1) }", "put it directly after GroupBy"),
            ("try df.query { Having(col(\"n\") > 1) }", "put it directly after GroupBy"),
        ]
        for r in rejected {
            let output = try CompileCheck.typecheck(header + r.code + "\n}")
            let errors = output.split(separator: "\n").filter { $0.contains("snippet.swift:") && $0.contains("error:") }
            #expect(errors.contains { $0.contains(r.diagnostic) }, "\(r.code): expected '\(r.diagnostic)' in:\n\(output)")
        }
    }
}
