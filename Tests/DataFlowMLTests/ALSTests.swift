import DataFlow
import Foundation
import Testing
@testable import DataFlowML

/// ALS and ALSModel through the DataFrame API: params, id checks, transform, recommendations, save/load.
@Suite("ALS estimator and model")
struct ALSTests {
    let session = Session(threads: 2)

    /// pyspark's sample ratings as a DataFrame (userId int, movieId int, rating double).
    func sampleFrame() throws -> DataFrame {
        let s = SampleRatings.load()
        #expect(s.ratings.count == 1_501)
        return try session.createDataFrame(columns: [
            ("userId", s.users.map { .int32($0) }), ("movieId", s.items.map { .int32($0) }),
            ("rating", s.ratings.map { .double(Double($0)) }),
        ])
    }

    func als() -> ALS { ALS(userCol: "userId", itemCol: "movieId", ratingCol: "rating", rank: 8, maxIter: 8, regParam: 0.1, seed: 3) }

    @Test func fitMatchesTheSolverAndTransformPredicts() throws {
        let df = try sampleFrame()
        let model = try als().fit(df)
        let s = SampleRatings.load()
        let direct = try ALSSolver.train(users: s.users, items: s.items, ratings: s.ratings, settings: als().settings(threads: 1))
        #expect(model.rank == 8)
        #expect(model.factorization.userFactors == direct.userFactors && model.factorization.itemFactors == direct.itemFactors)
        let out = try model.transform(df)
        #expect(try out.schema.names == ["userId", "movieId", "rating", "prediction"])
        let rows = try out.collect()
        #expect(rows.count == 1_501)
        var sq = 0.0
        for r in rows { let e = r.double("prediction")! - r.double("rating")!; sq += e * e }
        #expect(abs((sq / 1_501).squareRoot() - SampleRatings.rmse(direct, users: s.users, items: s.items, ratings: s.ratings)) < 1e-9)
    }

    @Test func coldStartNanOrDrop() throws {
        var model = try als().fit(try sampleFrame())
        let probe = try session.createDataFrame(columns: [
            ("userId", [.int64(0), .int64(999), .int64(1)]), ("movieId", [.int64(2), .int64(2), .int64(12345)]),
        ])
        let nan = try model.transform(probe).collect().map { $0.double("prediction")! }
        #expect(!nan[0].isNaN && nan[1].isNaN && nan[2].isNaN)
        model.coldStartStrategy = "drop"
        let dropped = try model.transform(probe).collect()
        #expect(dropped.count == 1 && dropped[0].int("userId") == 0)
        #expect(abs(dropped[0].double("prediction")! - nan[0]) < 1e-12)
    }

    @Test func idsMustBeWholeNumbersInIntRange() throws {
        let good = try session.createDataFrame(columns: [
            ("u", [.double(1), .double(2)]), ("i", [.int64(5), .int64(6)]), ("r", [.double(3), .double(4)]),
        ])
        let est = ALS(userCol: "u", itemCol: "i", ratingCol: "r", rank: 2, maxIter: 2)
        #expect(try est.fit(good).factorization.userIds == [1, 2])
        let fractional = try session.createDataFrame(columns: [
            ("u", [.double(1.5)]), ("i", [.int64(5)]), ("r", [.double(3)]),
        ])
        #expect(throws: DataFlowError("ML_INVALID_INPUT", "ALS only supports non-Null values in Integer range and without fractional part for column u, but got 1.5")) {
            try est.fit(fractional)
        }
        let huge = try session.createDataFrame(columns: [("u", [.int64(1)]), ("i", [.int64(5_000_000_000)]), ("r", [.double(3)])])
        #expect(throws: DataFlowError.self) { try est.fit(huge) }
        let nullId = try session.createDataFrame(columns: [("u", [.int32(1), .null]), ("i", [.int32(5), .int32(6)]), ("r", [.double(3), .double(1)])])
        #expect(throws: DataFlowError("ML_INVALID_INPUT", "ALS: u ids must not be null (row 2)")) { try est.fit(nullId) }
        let strings = try session.createDataFrame(columns: [("u", [.string("a")]), ("i", [.int32(5)]), ("r", [.double(3)])])
        do {
            _ = try est.fit(strings)
            Issue.record("expected an error")
        } catch let e as DataFlowError {
            #expect(e.errorClass == "ML_INVALID_COLUMN" && e.message.contains("userCol 'u'") && e.message.contains("string"))
        }
    }

    @Test func paramsHaveSparkNamesDefaultsAndValidation() throws {
        let a = ALS()
        #expect(a.get("rank") == 10 && a.get("maxIter") == 10 && a.get("regParam") == 0.1 && a.get("alpha") == 1.0)
        #expect(a.get("userCol") == "user" && a.get("itemCol") == "item" && a.get("ratingCol") == "rating")
        #expect(a.get("coldStartStrategy") == "nan" && a.get("implicitPrefs") == false && a.get("nonnegative") == false)
        var bad = als()
        try bad.set("rank", 0)
        #expect(throws: DataFlowError("ML_INVALID_PARAM", "ALS: rank must be >= 1 (got 0)")) { try bad.fit(try sampleFrame()) }
        var cold = als()
        #expect(throws: DataFlowError.self) { try cold.set("coldStartStrategy", "bogus"); _ = try cold.fit(try sampleFrame()) }
        try cold.set("coldStartStrategy", "DROP")
        #expect(cold.coldStartStrategy == "drop")
    }

    @Test func recommendationsAreTheTopPredictions() throws {
        let model = try als().fit(try sampleFrame())
        let f = model.factorization
        let recs = try model.recommendForAllUsers(3)
        #expect(try recs.schema.names == ["userId", "rank", "movieId", "rating"])
        let rows = try recs.collect()
        #expect(rows.count == 30 * 3)
        // Brute force for every user: the 3 best items by dot product.
        for (u, uid) in f.userIds.enumerated() {
            let scores = f.itemIds.indices.map { i in
                (0..<f.rank).reduce(0.0) { $0 + f.userFactors[u * f.rank + $1] * f.itemFactors[i * f.rank + $1] }
            }
            let best = scores.indices.sorted { scores[$0] > scores[$1] }.prefix(3).map { Int(f.itemIds[$0]) }
            let mine = rows.filter { $0.int("userId") == Int(uid) }.sorted { $0.int("rank")! < $1.int("rank")! }
            #expect(mine.map { $0.int("movieId")! } == best)
            #expect(abs(mine[0].double("rating")! - scores.max()!) < 1e-4)
        }
        let items = try model.recommendForAllItems(2).collect()
        #expect(items.count == f.itemIds.count * 2)
        // The subset: known ids only, one set per distinct id.
        let subset = try session.createDataFrame(columns: [("userId", [.int32(3), .int32(3), .int32(777), .int32(5)])])
        let sub = try model.recommendForUserSubset(subset, 4).collect()
        #expect(Set(sub.map { $0.int("userId")! }) == [3, 5] && sub.count == 8)
        #expect(throws: DataFlowError.self) { try model.recommendForAllUsers(0) }
    }

    @Test func factorFramesAndSaveLoadRoundTrip() throws {
        var model = try als().fit(try sampleFrame())
        model.coldStartStrategy = "drop"
        let uf = try model.userFactors.collect()
        #expect(uf.count == 30 && uf[0].int("id") == 0)
        #expect(try model.itemFactors.schema.fields.map(\.type) == [.int32, .array(.float64)])
        let dir = NSTemporaryDirectory() + "als-model-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try model.save(dir)
        #expect(FileManager.default.fileExists(atPath: dir + "/data/userFactors.parquet"))
        let back = try ALSModel.load(dir)
        #expect(back.coldStartStrategy == "drop" && back.userCol == "userId" && back.rank == 8)
        #expect(back.factorization.userIds == model.factorization.userIds)
        #expect(back.factorization.userFactors == model.factorization.userFactors)
        #expect(back.factorization.itemFactors == model.factorization.itemFactors)
        let any = try ML.load(dir)
        #expect(any is ALSModel)
        let df = try sampleFrame()
        let a = try model.transform(df).collect().map { $0.double("prediction")! }
        let b = try back.transform(df).collect().map { $0.double("prediction")! }
        #expect(a == b)
    }
}
