import DataFlow
import DataFlowColumnar

/// Collaborative filtering by alternating least squares, as Spark MLlib's `ALS`.
///
/// ```swift
/// let parts = try ratings.randomSplit([0.8, 0.2], seed: 42)
/// let (train, test) = (parts[0], parts[1])
/// let model = try ALS(userCol: "userId", itemCol: "movieId", ratingCol: "rating", coldStartStrategy: "drop").fit(train)
/// let rmse = try RegressionEvaluator(metricName: "rmse", labelCol: "rating").evaluate(model.transform(test))
/// let top10 = try model.recommendForAllUsers(10)        // userId, rank, movieId, rating
/// ```
///
/// Factorises the user × item rating matrix into `rank`-dimensional user and item factors. Each iteration
/// solves every item's regularised least-squares problem from the user factors, then every user's from the
/// item factors. As in Spark, the regularisation of a user's (item's) problem is `regParam` times its number of
/// ratings (explicit) or of positive ratings (implicit), and the initial factors are random unit vectors.
///
/// - `implicitPrefs`: ratings are implicit feedback (clicks, plays): Hu, Koren and Volinsky's model with
///   confidence `1 + alpha * |r|` and preference `r > 0`.
/// - `nonnegative`: every factor is solved by non-negative least squares.
/// - User and item ids must be integers in the Int32 range (other numeric types are accepted when the value is
///   a whole number in range); a null id or rating, or a fractional id, is an error, as in Spark.
/// - `numUserBlocks`, `numItemBlocks`, `checkpointInterval`, `intermediateStorageLevel` and
///   `finalStorageLevel` are accepted for compatibility and do not change the result: the solves run in
///   blocks over the session's threads, in memory.
public struct ALS: Estimator {
    public static let className = "ALS"
    public static var params: [Param<ALS>] {
        [
            .string("userCol", \.userCol, "column name for user ids. Ids must be within the integer value range."),
            .string("itemCol", \.itemCol, "column name for item ids. Ids must be within the integer value range."),
            .string("ratingCol", \.ratingCol, "column name for ratings"),
            .string("predictionCol", \.predictionCol, "prediction column name"),
            .int("rank", \.rank, "rank of the factorization", min: 1),
            .int("maxIter", \.maxIter, "maximum number of iterations", min: 0),
            .double("regParam", \.regParam, "regularization parameter", min: 0),
            .double("alpha", \.alpha, "alpha for implicit preference", min: 0),
            .bool("implicitPrefs", \.implicitPrefs, "whether to use implicit preference"),
            .bool("nonnegative", \.nonnegative, "whether to use nonnegative constraint for least squares"),
            .int64("seed", \.seed, "random seed"),
            .string("coldStartStrategy", \.coldStartStrategy, "strategy for dealing with unknown or new users/items at prediction time: \"nan\" predicts NaN, \"drop\" drops those rows", oneOf: ["nan", "drop"]),
            .int("numUserBlocks", \.numUserBlocks, "number of user blocks (accepted; DataFlow splits the solves over its threads)", min: 1),
            .int("numItemBlocks", \.numItemBlocks, "number of item blocks (accepted; DataFlow splits the solves over its threads)", min: 1),
            .int("blockSize", \.blockSize, "block size for stacking input data in matrices (accepted)", min: 1),
            .int("checkpointInterval", \.checkpointInterval, "checkpoint interval (accepted; -1 or >= 1; training runs in memory)", min: -1),
            .string("intermediateStorageLevel", \.intermediateStorageLevel, "StorageLevel for intermediate datasets (accepted)"),
            .string("finalStorageLevel", \.finalStorageLevel, "StorageLevel for ALS model factors (accepted)"),
        ]
    }

    public var uid = ML.uid(className)
    public var userCol = "user"
    public var itemCol = "item"
    public var ratingCol = "rating"
    public var predictionCol = "prediction"
    public var rank = 10
    public var maxIter = 10
    public var regParam = 0.1
    public var alpha = 1.0
    public var implicitPrefs = false
    public var nonnegative = false
    public var seed: Int64 = ALSSolver.defaultSeed
    public var coldStartStrategy = "nan"
    public var numUserBlocks = 10
    public var numItemBlocks = 10
    public var blockSize = 4096
    public var checkpointInterval = 10
    public var intermediateStorageLevel = "MEMORY_AND_DISK"
    public var finalStorageLevel = "MEMORY_AND_DISK"

    public init() {}

    public init(userCol: String = "user", itemCol: String = "item", ratingCol: String = "rating",
                predictionCol: String = "prediction", rank: Int = 10, maxIter: Int = 10, regParam: Double = 0.1,
                alpha: Double = 1.0, implicitPrefs: Bool = false, nonnegative: Bool = false,
                seed: Int64 = ALSSolver.defaultSeed, coldStartStrategy: String = "nan") {
        self.userCol = userCol; self.itemCol = itemCol; self.ratingCol = ratingCol; self.predictionCol = predictionCol
        self.rank = rank; self.maxIter = maxIter; self.regParam = regParam; self.alpha = alpha
        self.implicitPrefs = implicitPrefs; self.nonnegative = nonnegative; self.seed = seed
        self.coldStartStrategy = coldStartStrategy
    }

    /// The numeric settings of a training run on `threads` threads.
    public func settings(threads: Int) -> ALSSettings {
        ALSSettings(rank: rank, maxIter: maxIter, regParam: regParam, alpha: alpha, implicitPrefs: implicitPrefs,
                    nonnegative: nonnegative, seed: seed, threads: threads)
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        if checkpointInterval == 0 {
            throw MLError.invalidParam("ALS: checkpointInterval must be -1 (off) or >= 1 (got 0)")
        }
        try ALSColumns.checkId(schema, userCol, param: "userCol", stage: Self.className)
        try ALSColumns.checkId(schema, itemCol, param: "itemCol", stage: Self.className)
        try ALSColumns.checkNumeric(schema, ratingCol, param: "ratingCol", stage: Self.className)
        try MLData.checkNew(schema, predictionCol, param: "predictionCol", stage: Self.className)
        return Schema(schema.fields + [Field(predictionCol, .float64)])
    }

    public func fit(_ df: DataFrame) throws -> ALSModel {
        _ = try transformSchema(df.schema)
        let data = try ALSColumns.ratings(df, userCol: userCol, itemCol: itemCol, ratingCol: ratingCol)
        let f = try ALSSolver.train(users: data.users, items: data.items, ratings: data.ratings,
                                    settings: settings(threads: df.session.threads))
        var model = ALSModel(factorization: f, session: df.session)
        model.uid = uid
        model.userCol = userCol; model.itemCol = itemCol; model.predictionCol = predictionCol
        model.coldStartStrategy = coldStartStrategy; model.blockSize = blockSize
        return model
    }
}

/// Reading ALS's id and rating columns (Spark's `checkIntegers` rules).
enum ALSColumns {
    static func checkId(_ schema: Schema, _ col: String, param: String, stage: String) throws {
        try checkNumeric(schema, col, param: param, stage: stage)
    }

    static func checkNumeric(_ schema: Schema, _ col: String, param: String, stage: String) throws {
        guard let i = schema.index(of: col) else {
            throw MLError.column(stage, param, col, "does not exist; the columns are \(schema.names.joined(separator: ", "))")
        }
        let t = schema.fields[i].type
        guard t.isNumeric else {
            throw MLError.column(stage, param, col, "must be numeric (ALS ids are integers in the Int32 range), not \(t.sqlName)")
        }
    }

    /// The engine-side expression for an id column: int and bigint pass as they are (checked here), any other
    /// numeric type is cast to double (then checked for a whole value in range).
    static func idExpression(_ schema: Schema, _ col: String) -> DataFlow.Column {
        let t = schema.fields[schema.index(of: col)!].type
        return t == .int32 || t == .int64 ? DataFlow.Column(col) : DataFlow.Column(col).cast(.float64)
    }

    /// Ids of one batch column as Int32, failing on null, fractional or out-of-range values (Spark's message).
    static func ids(_ c: DataFlowColumnar.Column, name: String, rowOffset: Int, into out: inout [Int32]) throws {
        let n = c.count
        if c.hasNulls, let i = (0..<n).first(where: { c.isNull($0) }) {
            throw MLError.invalidInput("ALS: \(name) ids must not be null (row \(rowOffset + i + 1))")
        }
        func bad(_ v: String) -> DataFlowError {
            MLError.invalidInput("ALS only supports non-Null values in Integer range and without fractional part for column \(name), but got \(v)")
        }
        switch c.type {
        case .int32:
            out.append(contentsOf: c.values(Int32.self))
        case .int64:
            let v = c.values(Int64.self)
            for x in v {
                guard let y = Int32(exactly: x) else { throw bad(String(x)) }
                out.append(y)
            }
        case .float64:
            let v = c.values(Double.self)
            for x in v {
                guard let y = Int32(exactly: x) else { throw bad(String(x)) }
                out.append(y)
            }
        default:
            throw MLError.invalidInput("ALS: \(name) must be numeric, not \(c.type.sqlName)")
        }
    }

    /// (user, item, rating) of every row.
    static func ratings(_ df: DataFrame, userCol: String, itemCol: String, ratingCol: String) throws
        -> (users: [Int32], items: [Int32], ratings: [Float]) {
        let schema = try df.schema
        let batches = try df.select(idExpression(schema, userCol), idExpression(schema, itemCol),
                                    DataFlow.Column(ratingCol).cast(.float64)).collectBatches()
        let total = batches.reduce(0) { $0 + $1.rowCount }
        var users = [Int32](), items = [Int32](), ratings = [Float]()
        users.reserveCapacity(total); items.reserveCapacity(total); ratings.reserveCapacity(total)
        var row = 0
        for b in batches {
            try ids(b.columns[0], name: userCol, rowOffset: row, into: &users)
            try ids(b.columns[1], name: itemCol, rowOffset: row, into: &items)
            let r = b.columns[2]
            let v = r.values(Double.self)
            for i in 0..<b.rowCount {
                if r.isNull(i) { throw MLError.invalidInput("ALS: ratingCol '\(ratingCol)' is null at row \(row + i + 1)") }
                if !v[i].isFinite { throw MLError.invalidInput("ALS: ratingCol '\(ratingCol)' is \(v[i]) at row \(row + i + 1); ratings must be finite") }
                ratings.append(Float(v[i]))
            }
            row += b.rowCount
        }
        return (users, items, ratings)
    }
}
