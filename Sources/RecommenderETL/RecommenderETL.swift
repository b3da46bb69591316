import DataFlow
import Foundation

/// The recommender's ETL: load ratings and movies, join them, count ratings per genre, find the
/// top-10 movies by average rating among those with enough ratings, write both results as CSV.
///
/// Usage: recommender-etl [data-dir] [out-dir] [min-ratings]
@main
struct RecommenderETL {
    static func main() {
        let args = CommandLine.arguments
        let dataDir = args.count > 1 ? args[1] : "data"
        let outDir = args.count > 2 ? args[2] : "out"
        let minRatings = args.count > 3 ? Int(args[3]) ?? 50 : 50
        do {
            try run(dataDir: dataDir, outDir: outDir, minRatings: minRatings)
        } catch {
            FileHandle.standardError.write(Data("recommender-etl: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(dataDir: String, outDir: String, minRatings: Int) throws {
        let session = Session()
        let start = Date()
        let ratings = try session.read.csv("\(dataDir)/ratings.csv", header: true, inferSchema: true)
        let movies = try session.read.csv("\(dataDir)/movies.csv", header: true, inferSchema: true)
        print("ratings:")
        try ratings.printSchema()
        print("ratings: \(try ratings.count()) rows, movies: \(try movies.count()) rows")

        // Ratings per genre: genres are '|'-separated; a movie counts under its first genre.
        let rated = try ratings.join(movies, on: "movieId")
            .withColumn("genre", callFunction("substring_index", col("genres"), lit("|"), lit(1)))
        let byGenre = rated
            .groupBy("genre")
            .agg(count().as("ratings"), avg("rating").as("avg_rating"))
            .orderBy(desc("ratings"), asc("genre"))

        // Top-10 movies by average rating with at least `minRatings` ratings.
        let top = ratings
            .groupBy("movieId")
            .agg(count().as("n"), avg("rating").as("avg_rating"))
            .filter(col("n") >= minRatings)
            .join(movies, on: "movieId")
            .select(col("movieId"), col("title"), col("n"), round(col("avg_rating"), 3).as("avg_rating"))
            .orderBy(desc("avg_rating"), desc("n"), asc("movieId"))
            .limit(10)

        print("\nRatings per genre:")
        try byGenre.show(10)
        print("Top-10 movies by average rating (at least \(minRatings) ratings):")
        try top.show(truncate: false)

        try byGenre.write.mode(.overwrite).option("header", true).option("singleFile", true).csv("\(outDir)/ratings_per_genre.csv")
        try top.write.mode(.overwrite).option("header", true).option("singleFile", true).csv("\(outDir)/top10_movies.csv")
        print("wrote \(outDir)/ratings_per_genre.csv and \(outDir)/top10_movies.csv in \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
    }
}
