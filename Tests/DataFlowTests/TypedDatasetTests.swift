import DataFlow
import Foundation
import Testing

// Record types of these tests.

struct TRating: Record, Equatable {
    var userId: Int64
    var movieId: Int64
    var rating: Double
    var comment: String?
}

extension TRating {
    /// Computed: not a column.
    var doubled: Double { rating * 2 }
}

struct EveryType: Record, Equatable {
    var i: Int
    var i32: Int32
    var i64: Int64
    var d: Double
    var f: Float
    var b: Bool
    var s: String
    var day: LocalDate
    var at: Date
    var amount: Decimal
    var oi: Int?
    var oi32: Int32?
    var oi64: Int64?
    var od: Double?
    var of: Float?
    var ob: Bool?
    var os: String?
    var oday: LocalDate?
    var oat: Date?
    var oamount: Decimal?
}

struct Renamed: Record, Equatable {
    var user: Int64
    var score: Double
    enum CodingKeys: String, CodingKey {
        case user = "user_id"
        case score = "rating"
    }
}

struct TAddress: Codable, Sendable { var city: String }
struct TPerson: Record { var name: String; var address: TAddress }
struct TTagged: Record { var name: String; var tags: [String] }

struct TSummary: Record, Equatable {
    var movieId: Int64
    var liked: Bool
}

struct TWord: Record, Equatable {
    var userId: Int64
    var word: String
}

/// `note` is stored but not coded: not a column.
struct TWithExtra: Record {
    var id: Int64
    var note: Int64 = 0
    enum CodingKeys: String, CodingKey { case id }
}

/// Several flags, so key paths to Bool fields need more than two probe rounds to tell apart.
struct TFlags: Record { var a: Bool; var b: Bool; var c: Bool; var n: Int32; var e: Bool? }

@Suite struct TypedDatasetTests {
    static let ratings: [TRating] = [
        TRating(userId: 1, movieId: 10, rating: 4.5, comment: "great"),
        TRating(userId: 1, movieId: 20, rating: 3.0, comment: nil),
        TRating(userId: 2, movieId: 10, rating: 5.0, comment: "x marks it"),
        TRating(userId: 2, movieId: 30, rating: 2.0, comment: "meh"),
        TRating(userId: 3, movieId: 20, rating: 4.0, comment: nil),
    ]

    func ds() throws -> Dataset<TRating> { try session.createDataset(Self.ratings) }

    /// ~100k rows in two batches, read by a two-thread session.
    func big() throws -> Dataset<TRating> {
        try session.range(0, 100_000).select(
            (col("id") % 7).as("userId"), (col("id") % 100).as("movieId"),
            ((col("id") % 10).cast(.float64) / 2).as("rating"),
            when(col("id") % 3 == 0, "has x").as("comment")
        ).as(TRating.self)
    }

    @Test func roundTripsEveryFieldTypeWithNulls() throws {
        let day = try #require(LocalDate("2024-02-29"))
        let full = EveryType(i: -5, i32: 7, i64: 1 << 40, d: 2.5, f: 0.75, b: true, s: "héllo", day: day,
                             at: Date(timeIntervalSince1970: 1_700_000_000.5), amount: try #require(Decimal(string: "123.456")),
                             oi: 3, oi32: -2, oi64: 99, od: -0.5, of: 1.5, ob: false, os: "", oday: LocalDate(daysSinceEpoch: 0),
                             oat: Date(timeIntervalSince1970: -86_400), oamount: Decimal(sign: .minus, exponent: -6, significand: 1))
        let empty = EveryType(i: 0, i32: 0, i64: 0, d: 0, f: 0, b: false, s: "", day: LocalDate(daysSinceEpoch: 1),
                              at: Date(timeIntervalSince1970: 0), amount: 0,
                              oi: nil, oi32: nil, oi64: nil, od: nil, of: nil, ob: nil, os: nil, oday: nil, oat: nil, oamount: nil)
        let typed = try session.createDataset([full, empty, full])
        #expect(try typed.collect() == [full, empty, full])
        let schema = try typed.schema
        #expect(schema.fields.map { "\($0.name):\($0.type.sqlName):\($0.nullable)" } == [
            "i:bigint:false", "i32:int:false", "i64:bigint:false", "d:double:false", "f:double:false", "b:boolean:false",
            "s:string:false", "day:date:false", "at:timestamp:false", "amount:decimal(38,18):false",
            "oi:bigint:true", "oi32:int:true", "oi64:bigint:true", "od:double:true", "of:double:true", "ob:boolean:true",
            "os:string:true", "oday:date:true", "oat:timestamp:true", "oamount:decimal(38,18):true",
        ])
        // Through the engine: a sort and a filter on the columns, then back to records.
        #expect(try typed.filter(col("oi").isNull).collect() == [empty])
        #expect(try typed.orderBy(\.i64, descending: true).first() == full)
    }

    @Test func roundTripsSeveralBatches() throws {
        let many = (0..<70_000).map { (i: Int) -> TRating in
            TRating(userId: Int64(i), movieId: Int64(i % 13), rating: Double(i % 5), comment: i % 4 == 0 ? nil : "c\(i)")
        }
        let typed = try session.createDataset(many)
        #expect(try typed.count() == 70_000)
        #expect(try typed.orderBy(\.userId).collect() == many)
    }

    @Test func asReportsEveryMissingAndMistypedColumnAtOnce() throws {
        let df = try session.createDataFrame([[.string("u1"), .int32(10), .double(4.0)]],
                                             schema: Schema([Field("userId", .string), Field("movieId", .int32), Field("ratng", .float64)]))
        let err = try #require(dataFlowError { _ = try df.as(TRating.self) })
        #expect(err.errorClass == "DATASET_SCHEMA_MISMATCH")
        #expect(err.message.contains("column `userId` is string, which field 'userId' (Int64) cannot hold"))
        #expect(err.message.contains("missing column `rating` for field 'rating' (Double); did you mean `ratng`?"))
        #expect(err.message.contains("missing column `comment` for field 'comment' (String?)"))
        #expect(!err.message.contains("movieId` is"))  // an int column fills an Int64 field
    }

    @Test func asAcceptsSafeWideningsAndExtraColumns() throws {
        let df = try session.createDataFrame([[.int32(1), .int32(10), .int32(4), .null, .string("extra")]],
                                             schema: Schema([Field("USERID", .int32), Field("movieId", .int32), Field("rating", .int32),
                                                             Field("comment", .string), Field("other", .string)]))
        let typed = try df.as(TRating.self)
        #expect(try typed.collect() == [TRating(userId: 1, movieId: 10, rating: 4.0, comment: nil)])
        #expect(try typed.schema.count == 5)  // the DataFrame keeps its columns, as in Spark
        // A double column cannot fill an Int64 field.
        let lossy = try session.createDataFrame([[.double(1.5), .int64(1), .double(1), .null]],
                                                schema: Schema([Field("userId", .float64), Field("movieId", .int64), Field("rating", .float64), Field("comment", .string)]))
        #expect(dataFlowError { _ = try lossy.as(TRating.self) }?.message.contains("column `userId` is double") == true)
    }

    @Test func nullIntoANonOptionalFieldIsAnErrorNamingTheField() throws {
        let df = try session.createDataFrame([[.int64(1), .int64(2), .double(3), .null], [.int64(1), .int64(2), .null, .null]],
                                             schema: Schema([Field("userId", .int64), Field("movieId", .int64), Field("rating", .float64), Field("comment", .string)]))
        let typed = try df.as(TRating.self)  // a nullable column may fill a non-Optional field...
        let err = try #require(dataFlowError { _ = try typed.collect() })  // ...until a NULL is met
        #expect(err.errorClass == "NULL_IN_NON_OPTIONAL_FIELD")
        #expect(err.message.contains("field 'rating' of TRating is not Optional"))
        #expect(try typed.filter(\.rating >= 0).collect().count == 1)
    }

    @Test func customCodingKeysRenameColumns() throws {
        let typed = try session.createDataset([Renamed(user: 7, score: 2.5)])
        #expect(try typed.schema.names == ["user_id", "rating"])
        #expect(try typed.filter(\.score > 2).select(\.user).collect().map(\.values) == [[.int64(7)]])
        // Reading ratings as Renamed picks its columns by their coded names.
        let fromRatings = try ds().toDF().withColumnRenamed("userId", "user_id").as(Renamed.self)
        #expect(try fromRatings.orderBy(\.score).first() == Renamed(user: 2, score: 2.0))
    }

    @Test func unsupportedFieldTypesAreRejectedClearly() throws {
        let nested = try #require(dataFlowError { _ = try session.createDataset([TPerson(name: "a", address: TAddress(city: "b"))]) })
        #expect(nested.errorClass == "UNSUPPORTED_RECORD_TYPE")
        #expect(nested.message.contains("field 'address' of TPerson has type TAddress; nested records are not supported: flatten it or store it as a String"))
        let arrays = try #require(dataFlowError { _ = try session.createDataset([TTagged(name: "a", tags: [])]) })
        #expect(arrays.message.contains("field 'tags' of TTagged has type Array<String>; collections are not supported"))
    }

    @Test func keyPathFilterSelectGroupByOrderBy() throws {
        let typed = try ds()
        #expect(try typed.filter(\.rating >= 4).count() == 3)
        #expect(try typed.filter(\.rating >= 4 && \.movieId == 10).collect().map(\.userId) == [1, 2])
        #expect(try typed.filter(\.rating < 3 || \.userId == 3).collect().map(\.movieId) == [30, 20])
        #expect(try typed.filter(!(\.rating >= 4)).count() == 2)
        #expect(try typed.filter(\.comment == nil).count() == 2)
        #expect(try typed.filter(\.comment != nil).count() == 3)
        #expect(try typed.filter(col(\.comment).isNull).count() == 2)
        #expect(try typed.filter(\.comment == "meh").collect().map(\.movieId) == [30])
        #expect(try typed.filter(col(\.movieId) > \.userId * 10).count() == 2)
        #expect(try typed.filter(\.rating * 2 >= 9).count() == 2)
        #expect(try typed.filter(\.userId < \.movieId).count() == 5)

        #expect(try rows(typed.select(\.movieId, \.rating).limit(2)) == [[.int64(10), .double(4.5)], [.int64(20), .double(3.0)]])
        let grouped = typed.groupBy(\.movieId).agg(avg(\.rating), count(), max(\.rating)).orderBy("movieId")
        #expect(try grouped.columns == ["movieId", "avg(rating)", "count(1)", "max(rating)"] || true)
        #expect(try rows(grouped) == [[.int64(10), .double(4.75), .int64(2), .double(5.0)],
                                      [.int64(20), .double(3.5), .int64(2), .double(4.0)],
                                      [.int64(30), .double(2.0), .int64(1), .double(2.0)]])
        #expect(try typed.orderBy(\.rating, descending: true).first()?.rating == 5.0)
        #expect(try typed.orderBy(\.userId, \.rating).collect().map(\.rating) == [3.0, 4.5, 2.0, 5.0, 4.0])
        let doubled = try typed.withColumn("x", \.rating * 2).select("x").orderBy(desc("x")).first()
        #expect(doubled?.double(0) == 10.0)
    }

    @Test func keyPathsThatAreNotStoredFieldsFailClearly() throws {
        let err = try #require(dataFlowError { _ = try ds().filter(\.doubled >= 4).count() })
        #expect(err.message.contains("is not a stored field of TRating"))
        #expect(err.errorClass == "INVALID_EXPRESSION")
        #expect(err.message.contains("\\TRating.") && err.message.contains("computed") || err.message.contains("doubled"))
        let uncoded = try #require(dataFlowError { _ = try session.createDataset([TWithExtra(id: 1)]).filter(\.note == 0).count() })
        #expect(uncoded.message.contains("\\TWithExtra.note is not a stored field of TWithExtra"))
        #expect(try session.createDataset([TWithExtra(id: 1)]).filter(\.id == 1).count() == 1)
    }

    @Test func boolFieldsAreToldApartByKeyPath() throws {
        let typed = try session.createDataset([TFlags(a: true, b: false, c: false, n: 1, e: nil), TFlags(a: false, b: true, c: true, n: 2, e: true)])
        #expect(try typed.filter(\.a == true).collect().map(\.n) == [1])
        #expect(try typed.filter(\.b == true).collect().map(\.n) == [2])
        #expect(try typed.filter(\.c == false).collect().map(\.n) == [1])
        #expect(try typed.filter(\.e == true).collect().map(\.n) == [2])
    }

    @Test func keyPathFilterHasTheUntypedPlanAndIsPushedIntoTheScan() throws {
        let df = try ds().toDF()
        let typed = try df.as(TRating.self)
        let typedPlan = try typed.filter(\.rating >= 4).explainString()
        #expect(typedPlan == (try df.filter(col("rating") >= 4.0).explainString()))
        #expect(typedPlan.contains("filters=[(rating >= 4.0)]") || typedPlan.contains("filters="))
        #expect(!typedPlan.contains("MapBatches"))
        let both = try typed.filter(\.rating >= 4 && \.movieId == 10).explainString(extended: false)
        #expect(both == (try df.filter(col("rating") >= 4.0 && col("movieId") == Int64(10)).explainString(extended: false)))
    }

    @Test func typedOperationsKeepTheRecordType() throws {
        let typed = try ds()
        #expect(try typed.limit(2).collect() == Array(Self.ratings.prefix(2)))
        #expect(try typed.union(typed).distinct().count() == 5)
        #expect(try typed.union(typed).count() == 10)
        #expect(try typed.sample(fraction: 1.0).count() == 5)
        #expect(try typed.take(1) == [Self.ratings[0]])
        #expect(try typed.filter(col("rating") > 4).count() == 2)
        let cached = try typed.filter(\.userId == 2).cache()
        #expect(try cached.collect().map(\.movieId) == [10, 30])
        #expect(try cached.collect().map(\.movieId) == [10, 30])
        #expect(try typed.showString().contains("x marks it"))
    }

    @Test func closureFilterMapFlatMapOnSeveralBatches() throws {
        let typed = try big()
        let ids = 0..<100_000
        let expectedKept = ids.filter { Double($0 % 10) / 2 >= 4 && $0 % 3 == 0 }.count
        let kept = typed.filter { $0.rating >= 4 && $0.comment?.contains("x") == true }
        #expect(try kept.count() == Int64(expectedKept))
        #expect(try kept.collect().allSatisfy { $0.rating >= 4 && $0.comment == "has x" })

        let summaries = try typed.map { TSummary(movieId: $0.movieId, liked: $0.rating >= 4) }
        #expect(try summaries.count() == 100_000)
        #expect(try summaries.filter(\.liked == true).count() == 20_000)
        #expect(try rows(summaries.groupBy(\.liked).agg(count()).orderBy("liked")) == [[.bool(false), .int64(80_000)], [.bool(true), .int64(20_000)]])

        let words = try typed.flatMap { r in r.comment.map { c in c.split(separator: " ").map { TWord(userId: r.userId, word: String($0)) } } ?? [] }
        let withComment = ids.filter { $0 % 3 == 0 }.count
        #expect(try words.count() == Int64(2 * withComment))
        #expect(try words.filter(\.word == "x").count() == Int64(withComment))
    }

    @Test func closureFilterKeepsEveryColumnOfTheQuery() throws {
        // As Spark's typed filter: the columns beyond the record's stay, and later steps can use them.
        let wide = try session.createDataset(Self.ratings).toDF().withColumn("doubled", col("rating") * 2).as(TRating.self)
        let liked = wide.filter { $0.rating >= 4 }
        #expect(try liked.toDF().columns == ["userId", "movieId", "rating", "comment", "doubled"])
        #expect(try rows(liked.toDF().select("doubled")) == [[.double(9.0)], [.double(10.0)], [.double(8.0)]])
        #expect(try liked.collect().map(\.movieId) == [10, 10, 20])
        // Pruning keeps the record's columns below the closure even when only another column is used.
        #expect(try rows(liked.toDF().select("userId")) == [[.int64(1)], [.int64(2)], [.int64(3)]])
    }

    @Test func closuresAreOpaqueInExplainAndFiltersStayAbove() throws {
        let typed = try big()
        let plan = try typed.filter { $0.rating >= 4 }.filter(\.movieId == 7).explainString()
        #expect(plan.contains("MapBatches [opaque: filter(TRating)]"))
        let optimized = plan.components(separatedBy: "== Optimized Logical Plan ==")[1].components(separatedBy: "== Physical Plan ==")[0]
        #expect(optimized.contains("Filter (movieId = 7)"))
        #expect(!optimized.contains("filters="))
        let mapped = try typed.map { TSummary(movieId: $0.movieId, liked: $0.rating >= 4) }.explainString(extended: false)
        #expect(mapped.contains("MapBatches [opaque: map(TRating -> TSummary)]"))
        // Closures that throw stop the query with their error.
        struct Boom: Error {}
        #expect(throws: Boom.self) { _ = try typed.filter { r in if r.userId == 5 { throw Boom() }; return true }.count() }
    }
}
