import DataFlow
import Foundation
import Testing

/// The examples of Docs/dsl.md's "Typed Datasets" section, run with their results checked.
@Suite struct TypedDatasetDocTests {
    @Test func typedDatasetExamples() throws {
        // doc-example: typed-record
        struct Rating: Record {
            var userId: Int64
            var movieId: Int64
            var rating: Double
            var comment: String?
        }

        let session = Session()
        let df = try session.createDataFrame([
            [.int32(1), .int64(10), .double(4.5), .string("great!")],
            [.int32(1), .int64(20), .double(3.0), .null],
            [.int32(2), .int64(10), .double(5.0), .string("a classic")],
        ], schema: Schema([Field("userId", .int32), Field("movieId", .int64),
                           Field("rating", .float64), Field("comment", .string)]))
        let ratings = try df.as(Rating.self)   // the int column fills the Int64 field
        let all: [Rating] = try ratings.collect()
        let firstComment = try ratings.first()?.comment
        // end-doc-example
        #expect(all.map(\.userId) == [1, 1, 2])
        #expect(all[1].comment == nil)
        #expect(firstComment == "great!")
        #expect(try ratings.count() == 3)

        // doc-example: typed-keypaths
        let liked = ratings.filter(\.rating >= 4 && \.comment != nil)
        let perMovie = ratings.groupBy(\.movieId).agg(avg(\.rating), count())
        let best = try ratings.orderBy(\.rating, descending: true).first()
        let pairs = ratings.select(\.movieId, \.rating)              // a DataFrame
        let scaled = try ratings.withColumn("outOf10", \.rating * 2)  // a DataFrame
        // end-doc-example
        #expect(try liked.collect().map(\.movieId) == [10, 10])
        #expect(try rows(perMovie.orderBy("movieId")) == [[.int64(10), .double(4.75), .int64(2)], [.int64(20), .double(3.0), .int64(1)]])
        #expect(best?.rating == 5.0)
        #expect(try pairs.columns == ["movieId", "rating"])
        #expect(try scaled.select("outOf10").collect().map { $0.double(0) } == [9.0, 6.0, 10.0])

        // doc-example: typed-plan
        let typedPlan = try ratings.filter(\.rating >= 4).explainString()
        let untypedPlan = try df.filter(col("rating") >= 4.0).explainString()
        // end-doc-example
        #expect(typedPlan == untypedPlan)
        #expect(typedPlan.contains("filters=[(rating >= 4.0)]"))

        // doc-example: typed-closures
        struct Mention: Record {
            var movieId: Int64
            var word: String
        }

        let excited = ratings.filter { $0.comment?.hasSuffix("!") == true }
        let words = try ratings.flatMap { r in
            (r.comment ?? "").split(separator: " ").map { Mention(movieId: r.movieId, word: String($0)) }
        }
        let shouted = try ratings.map { r in Mention(movieId: r.movieId, word: (r.comment ?? "").uppercased()) }
        // end-doc-example
        #expect(try excited.collect().map(\.movieId) == [10])
        #expect(try words.collect().map(\.word) == ["great!", "a", "classic"])
        #expect(try shouted.collect().map(\.word) == ["GREAT!", "", "A CLASSIC"])
        #expect(try excited.explainString().contains("MapBatches [opaque: filter(Rating)]"))

        // doc-example: typed-create
        struct Visit: Record {
            var user: Int64
            var day: LocalDate
            var amount: Decimal?
            enum CodingKeys: String, CodingKey {
                case user = "user_id"
                case day, amount
            }
        }

        let visits = try session.createDataset([
            Visit(user: 1, day: LocalDate(year: 2026, month: 11, day: 25), amount: 12.5),
            Visit(user: 2, day: LocalDate(year: 2026, month: 11, day: 26), amount: nil),
        ])
        let columns = try visits.schema.names
        let back: [Visit] = try visits.filter(\.amount == nil).collect()
        // end-doc-example
        #expect(columns == ["user_id", "day", "amount"])
        #expect(back.map(\.user) == [2])
        #expect(try visits.schema.fields.map(\.type.sqlName) == ["bigint", "date", "decimal(38,18)"])

        // doc-example: typed-errors
        let wrong = try session.createDataFrame([[.string("1"), .int64(10), .double(4.5)]],
            schema: Schema([Field("userId", .string), Field("movieId", .int64), Field("ratng", .float64)]))
        var message = ""
        do { _ = try wrong.as(Rating.self) } catch let e as DataFlowError { message = e.message }
        // end-doc-example
        #expect(message == """
            cannot read this DataFrame as Rating:
              - column `userId` is string, which field 'userId' (Int64) cannot hold; it needs bigint
              - missing column `rating` for field 'rating' (Double); did you mean `ratng`?
              - missing column `comment` for field 'comment' (String?)
            its columns: userId string, movieId bigint, ratng double
            """)
    }
}
