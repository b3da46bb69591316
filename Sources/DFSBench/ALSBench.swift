import ArgumentParser
import DataFlow
import DataFlowColumnar
import DataFlowML
import Foundation

extension DFSBench {
    /// ALS on the kit's MovieLens-shaped ratings (`gen-data ratings --ratings 1m,25m`): 80/20 split, train
    /// (rank 10, maxIter 10, regParam 0.1), test RMSE with coldStartStrategy drop, recommendForAllUsers(10).
    /// The issue's reference: Spark MLlib 4.3 reaches test RMSE 0.6637 on ratings/1m.
    struct ALSBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "als", abstract: "ALS train + test RMSE + recommendForAllUsers(10) on the kit's ratings.")
        @Option(help: "The ratings Parquet file.") var path = NSHomeDirectory() + "/.cache/dataflow-bench/data/ratings/1m/ratings.parquet"
        @Option(help: "Worker threads.") var threads = 2
        @Option var rank = 10
        @Option var maxIter = 10
        @Option var regParam = 0.1
        @Option(help: "Seed of the 80/20 split and of the initial factors.") var seed: Int64 = 42
        @Option(help: "Top-k per user for recommendForAllUsers (0: skip).") var k = 10
        @Flag(help: "Print the time of every phase and iteration.") var verbose = false

        @Flag(help: "Time the solver over plain arrays (own 80/20 row-hash split) instead of the DataFrame API.") var solverOnly = false

        func run() throws {
            if solverOnly { return try runSolver() }
            // The DataFrame API end to end, as a user writes it (Docs/ml.md's walk-through).
            let session = Session(threads: threads)
            let t0 = Date()
            let file = try session.read.parquet(path).select("userId", "movieId", "rating")
            let ratings = session.createDataFrame(try file.collectBatches(), schema: try file.schema)  // in memory
            let parts = try ratings.randomSplit([0.8, 0.2], seed: seed)
            let train = try parts[0].cache(), test = try parts[1].cache()
            let nTrain = try train.count(), nTest = try test.count()
            print(String(format: "loaded %d ratings and split them (randomSplit [0.8, 0.2], seed %d) in %.2f s; train %d, test %d",
                         nTrain + nTest, seed, Date().timeIntervalSince(t0), nTrain, nTest))
            let als = ALS(userCol: "userId", itemCol: "movieId", ratingCol: "rating", rank: rank, maxIter: maxIter,
                          regParam: regParam, seed: seed, coldStartStrategy: "drop")
            let t1 = Date()
            let model = try als.fit(train)
            let fit = Date().timeIntervalSince(t1)
            let t2 = Date()
            let err = col("prediction") - col("rating")
            let row = try model.transform(test).agg(sqrt(avg(err * err)).as("rmse"), count().as("n")).collect()[0]
            let evalTime = Date().timeIntervalSince(t2)
            let rmse = row.double("rmse") ?? .nan
            print(String(format: "ALS.fit (rank %d, maxIter %d, regParam %.3g, %d threads): %.3f s; test RMSE %.4f over %d predicted test ratings (coldStartStrategy drop; transform + RMSE %.2f s)",
                         rank, maxIter, regParam, threads, fit, rmse, row.int("n") ?? 0, evalTime))
            if path.contains("/1m/"), let spark = Self.sparkReference() {
                print(String(format: "Spark MLlib reference on ratings/1m (same params, its own randomSplit): test RMSE %.4f; ours is %+.2f%%",
                             spark, (rmse / spark - 1) * 100))
            }
            if k > 0 {
                let t3 = Date()
                let recs = try model.recommendForAllUsers(k)
                let n = try recs.count()
                let rec = Date().timeIntervalSince(t3)
                print(String(format: "recommendForAllUsers(%d): %.3f s, %d rows for %d users x %d items", k, rec, n,
                             model.factorization.userIds.count, model.factorization.itemIds.count))
            }
        }

        /// Spark's test RMSE on the kit's ratings/1m (Tests/DataFlowMLTests/Fixtures/spark_als_kit_1m.json).
        static func sparkReference() -> Double? {
            let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Tests/DataFlowMLTests/Fixtures/spark_als_kit_1m.json")
            guard let data = try? Data(contentsOf: file),
                  let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
            return obj["test_rmse"] as? Double
        }

        func runSolver() throws {
            let session = Session(threads: threads)
            let t0 = Date()
            let batches = try session.read.parquet(path).select("userId", "movieId", "rating").collectBatches()
            var users = [Int32](), items = [Int32](), ratings = [Float]()
            for b in batches {
                let u = try ints(b[0], "userId"), i = try ints(b[1], "movieId")
                users += u; items += i
                ratings += try doubles(b[2]).map(Float.init)
            }
            let load = Date().timeIntervalSince(t0)
            // 80/20 split: each rating's side from a hash of (seed, row) — deterministic, like randomSplit.
            var train = (u: [Int32](), i: [Int32](), r: [Float]()), test = train
            let seed = self.seed
            for k in 0..<ratings.count {
                var h = UInt64(bitPattern: seed) &+ UInt64(k) &* 0x9E37_79B9_7F4A_7C15
                h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
                h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
                h ^= h >> 31
                if Double(h >> 11) * 0x1p-53 < 0.8 {
                    train.u.append(users[k]); train.i.append(items[k]); train.r.append(ratings[k])
                } else {
                    test.u.append(users[k]); test.i.append(items[k]); test.r.append(ratings[k])
                }
            }
            print("loaded \(ratings.count) ratings in \(String(format: "%.2f", load)) s; train \(train.r.count), test \(test.r.count)")
            let settings = ALSSettings(rank: rank, maxIter: maxIter, regParam: regParam, seed: seed, threads: threads)
            let t1 = Date()
            let f = try ALSSolver.train(users: train.u, items: train.i, ratings: train.r, settings: settings,
                                        log: verbose ? { print("  " + $0) } : nil)
            let fit = Date().timeIntervalSince(t1)
            let rmse = ALSMetrics.rmse(f, users: test.u, items: test.i, ratings: test.r)
            print(String(format: "ALS fit (rank %d, maxIter %d, regParam %.3g, %d threads): %.3f s; test RMSE %.4f over %d of %d test ratings (drop)",
                         rank, maxIter, regParam, threads, fit, rmse.rmse, rmse.count, test.r.count))
            if k > 0 {
                let t2 = Date()
                let recs = ALSRecommender.recommend(f, forUsers: true, k: k, threads: threads)
                let rec = Date().timeIntervalSince(t2)
                print(String(format: "recommendForAllUsers(%d): %.3f s for %d users x %d items", k, rec, f.userIds.count, f.itemIds.count)
                      + "; first user \(f.userIds.first ?? -1): \(recs.items.prefix(min(k, 3)).map(String.init).joined(separator: ","))")
            }
        }

        func ints(_ c: DataFlowColumnar.Column, _ name: String) throws -> [Int32] {
            switch c.type {
            case .int32: return Array(c.values(Int32.self))
            case .int64: return c.values(Int64.self).map { Int32(truncatingIfNeeded: $0) }
            default: throw DataFlowError("ML_INVALID_INPUT", "\(name) is \(c.type.sqlName), not an integer")
            }
        }

        func doubles(_ c: DataFlowColumnar.Column) throws -> [Double] {
            switch c.type {
            case .float64: return Array(c.values(Double.self))
            case .int32: return c.values(Int32.self).map(Double.init)
            case .int64: return c.values(Int64.self).map(Double.init)
            default: throw DataFlowError("ML_INVALID_INPUT", "rating is \(c.type.sqlName), not numeric")
            }
        }
    }
}
