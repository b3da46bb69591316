import DataFlow
import Foundation
import Testing

/// The demo's ETL (Sources/RecommenderETL) on a small MovieLens fixture, against DuckDB's answers.
/// Fixture and answers: Scripts/fixtures/make_movielens_fixture.py (from `movielens-gen --ratings 100k`).
@Suite struct MovieLensETLTests {
    let dir: String
    init() throws {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw DataFlowError.io("test fixtures not found in the bundle")
        }
        dir = url.appendingPathComponent("movielens").path
    }

    func load(_ s: Session) throws -> (DataFrame, DataFrame) {
        (try s.read.csv("\(dir)/ratings.csv", header: true, inferSchema: true),
         try s.read.csv("\(dir)/movies.csv", header: true, inferSchema: true))
    }

    @Test(arguments: [1, 2]) func ratingsPerGenre(threads: Int) throws {
        let s = Session(threads: threads)
        let (ratings, movies) = try load(s)
        let got = try ratings.join(movies, on: "movieId")
            .withColumn("genre", substring_index(col("genres"), "|", 1))
            .groupBy("genre")
            .agg(count().as("ratings"), avg("rating").as("avg_rating"))
            .orderBy(desc("ratings"), asc("genre"))
            .collect()
        let want = try s.read.csv("\(dir)/expected_genres.csv", header: true, inferSchema: true).collect()
        #expect(got.count == want.count && got.count > 10)
        for (g, w) in zip(got, want) {
            #expect(g.string("genre") == w.string("genre"))
            #expect(g.int64("ratings") == w.int64("ratings"))
            #expect(approx(g.double("avg_rating"), w.double("avg_rating") ?? .nan))
        }
    }

    @Test(arguments: [1, 2]) func topMovies(threads: Int) throws {
        let s = Session(threads: threads)
        let (ratings, movies) = try load(s)
        let got = try ratings.groupBy("movieId")
            .agg(count().as("n"), avg("rating").as("avg_rating"))
            .filter(col("n") >= 5)
            .join(movies, on: "movieId")
            .select(col("movieId"), col("title"), col("n"), round(col("avg_rating"), 3).as("avg_rating"))
            .orderBy(desc("avg_rating"), desc("n"), asc("movieId"))
            .limit(10)
            .collect()
        let want = try s.read.csv("\(dir)/expected_top.csv", header: true, inferSchema: true).collect()
        #expect(got.map { $0.int64("movieId") } == want.map { $0.int64("movieId") })
        #expect(got.map { $0.string("title") } == want.map { $0.string("title") })
        #expect(got.map { $0.int64("n") } == want.map { $0.int64("n") })
        for (g, w) in zip(got, want) { #expect(approx(g.double("avg_rating"), w.double("avg_rating") ?? .nan)) }
    }

    @Test func topMoviesInSQL() throws {
        let s = Session(threads: 2)
        let (ratings, movies) = try load(s)
        try ratings.createOrReplaceTempView("ratings")
        try movies.createOrReplaceTempView("movies")
        let got = try s.sql("""
            SELECT m.movieId, m.title, count(*) AS n, round(avg(r.rating), 3) AS avg_rating
            FROM ratings r JOIN movies m ON r.movieId = m.movieId
            GROUP BY m.movieId, m.title HAVING count(*) >= ?
            ORDER BY avg_rating DESC, n DESC, m.movieId LIMIT 10
            """, [.int32(5)]).collect()
        let want = try s.read.csv("\(dir)/expected_top.csv", header: true, inferSchema: true).collect()
        #expect(got.map { $0.int64(0) } == want.map { $0.int64("movieId") })
        #expect(got.map { $0.string(1) } == want.map { $0.string("title") })
        for (g, w) in zip(got, want) { #expect(approx(g.double(3), w.double("avg_rating") ?? .nan)) }
    }

    @Test func titlesWithQuotesAndCommasRoundTrip() throws {
        let (_, movies) = try load(session)
        let titles = try movies.filter(col("title").like("%\"%")).select("title").collect().compactMap { $0.string(0) }
        #expect(titles.contains("Burning \"Bride\" (1981)"))
        let out = tempPath("movies")
        try movies.write.option("header", true).csv(out)
        let back = try session.read.option("header", true).option("inferSchema", true).csv(out)
        #expect(try bag(back) == bag(movies))
    }
}
