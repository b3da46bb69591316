import DataFlow
import DataFlowColumnar
import Foundation

/// The model `ALS.fit` learns: one factor vector per user and per item (Spark's `ALSModel`).
///
/// - `transform(df)` adds `predictionCol` (double) = user factor · item factor. A user or item the model has
///   not seen predicts NaN (`coldStartStrategy` "nan") or its row is dropped ("drop", what evaluation on a
///   random split needs).
/// - `userFactors` / `itemFactors`: DataFrames `id int, features array<double>` (Spark stores floats).
/// - `recommendForAllUsers(k)` and friends: the top k items per user (or users per item) by predicted rating.
///   Spark returns one row per user with an array of (item, rating) structs; DataFlow has no struct type,
///   so the result is in LONG form, k rows per user, best first:
///   `<userCol> int, rank int (1 = best), <itemCol> int, rating double`.
/// - Saved with `save(path)`: `metadata.json` (params) and `data/userFactors.parquet`,
///   `data/itemFactors.parquet` (`id int, features array<double>`) plus `data/rank.json`.
public struct ALSModel: Model, ModelData {
    public static let className = "ALSModel"
    public static var params: [Param<ALSModel>] {
        [
            .string("userCol", \.userCol, "column name for user ids. Ids must be within the integer value range."),
            .string("itemCol", \.itemCol, "column name for item ids. Ids must be within the integer value range."),
            .string("predictionCol", \.predictionCol, "prediction column name"),
            .string("coldStartStrategy", \.coldStartStrategy, "strategy for dealing with unknown or new users/items at prediction time: \"nan\" predicts NaN, \"drop\" drops those rows", oneOf: ["nan", "drop"]),
            .int("blockSize", \.blockSize, "block size for stacking input data in matrices (accepted)", min: 1),
        ]
    }

    public var uid = ML.uid(className)
    public var userCol = "user"
    public var itemCol = "item"
    public var predictionCol = "prediction"
    public var coldStartStrategy = "nan"
    public var blockSize = 4096

    /// The learned factors (ids ascending, factors row-major).
    public private(set) var factorization: ALSFactorization
    var users: IdLookup
    var items: IdLookup
    /// The session of the training data; factor and recommendation DataFrames are created in it.
    let session: Session?

    public init() { self.init(factorization: ALSFactorization(rank: 0, userIds: [], userFactors: [], itemIds: [], itemFactors: [])) }

    public init(factorization: ALSFactorization, session: Session? = nil) {
        self.factorization = factorization
        self.session = session
        users = IdLookup(factorization.userIds)
        items = IdLookup(factorization.itemIds)
    }

    /// The rank of the factorisation (Spark's `ALSModel.rank`).
    public var rank: Int { factorization.rank }

    static let defaultSession = Session()
    var frameSession: Session { session ?? Self.defaultSession }

    /// User factors: `id int, features array<double>`, ids ascending.
    public var userFactors: DataFrame { factorFrame(factorization.userIds, factorization.userFactors) }
    /// Item factors: `id int, features array<double>`, ids ascending.
    public var itemFactors: DataFrame { factorFrame(factorization.itemIds, factorization.itemFactors) }

    static let factorSchema = Schema([Field("id", .int32), Field("features", VectorColumn.denseType)])

    static func factorBatch(_ ids: [Int32], _ factors: [Double], rank: Int) -> RecordBatch {
        RecordBatch(schema: factorSchema, columns: [VectorColumn.int32Column(ids),
                                                   VectorColumn.dense(rows: ids.count, width: rank, rowMajor: factors)],
                    rowCount: ids.count)
    }

    func factorFrame(_ ids: [Int32], _ factors: [Double]) -> DataFrame {
        frameSession.createDataFrame([Self.factorBatch(ids, factors, rank: rank)], schema: Self.factorSchema)
    }

    // MARK: - Predictions

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        try ALSColumns.checkId(schema, userCol, param: "userCol", stage: Self.className)
        try ALSColumns.checkId(schema, itemCol, param: "itemCol", stage: Self.className)
        try MLData.checkNew(schema, predictionCol, param: "predictionCol", stage: Self.className)
        return Schema(schema.fields + [Field(predictionCol, .float64)])
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        let input = try df.schema
        _ = try transformSchema(input)
        // int and bigint ids are read directly; other numeric types through a temporary double column.
        var frame = df
        var readU = userCol, readI = itemCol
        if ![DataType.int32, .int64].contains(input.fields[input.index(of: userCol)!].type) {
            readU = "__als_user"; frame = try frame.withColumn(readU, DataFlow.Column(userCol).cast(.float64))
        }
        if ![DataType.int32, .int64].contains(input.fields[input.index(of: itemCol)!].type) {
            readI = "__als_item"; frame = try frame.withColumn(readI, DataFlow.Column(itemCol).cast(.float64))
        }
        let f = factorization, ul = users, il = items, uName = userCol, iName = itemCol, ru = readU, ri = readI
        var out = try frame.appendingColumns([Field(predictionCol, .float64)], reading: [readU, readI], name: Self.className) { batch in
            var u = [Int32](), i = [Int32]()
            u.reserveCapacity(batch.rowCount); i.reserveCapacity(batch.rowCount)
            try ALSColumns.ids(batch.column(named: ru)!, name: uName, rowOffset: 0, into: &u)
            try ALSColumns.ids(batch.column(named: ri)!, name: iName, rowOffset: 0, into: &i)
            var p = [Double](repeating: .nan, count: batch.rowCount)
            for r in 0..<batch.rowCount { p[r] = f.predict(user: Int(u[r]), item: Int(i[r]), users: ul, items: il) }
            return [VectorColumn.float64Column(p)]
        }
        if coldStartStrategy == "drop" { out = out.filter(!isnan(DataFlow.Column(predictionCol))) }
        return out.select((input.names + [predictionCol]).map { DataFlow.Column($0) })
    }

    // MARK: - Recommendations

    /// The top `numItems` items for every user: `<userCol>, rank, <itemCol>, rating`, k rows per user, best first.
    public func recommendForAllUsers(_ numItems: Int) throws -> DataFrame {
        try recommend(forUsers: true, k: numItems, rows: nil)
    }

    /// The top `numUsers` users for every item: `<itemCol>, rank, <userCol>, rating`.
    public func recommendForAllItems(_ numUsers: Int) throws -> DataFrame {
        try recommend(forUsers: false, k: numUsers, rows: nil)
    }

    /// The top `numItems` items for each distinct user id in `df[userCol]` the model knows (others are skipped,
    /// as in Spark).
    public func recommendForUserSubset(_ df: DataFrame, _ numItems: Int) throws -> DataFrame {
        try recommend(forUsers: true, k: numItems, rows: subsetRows(df, userCol, users))
    }

    /// The top `numUsers` users for each distinct item id in `df[itemCol]` the model knows.
    public func recommendForItemSubset(_ df: DataFrame, _ numUsers: Int) throws -> DataFrame {
        try recommend(forUsers: false, k: numUsers, rows: subsetRows(df, itemCol, items))
    }

    /// The schema of the recommendation DataFrames for users (`forUsers`) or items.
    public func recommendationSchema(forUsers: Bool) -> Schema {
        Schema([Field(forUsers ? userCol : itemCol, .int32), Field("rank", .int32),
                Field(forUsers ? itemCol : userCol, .int32), Field("rating", .float64)])
    }

    func subsetRows(_ df: DataFrame, _ col: String, _ lookup: IdLookup) throws -> [Int] {
        let schema = try df.schema
        try ALSColumns.checkId(schema, col, param: col == userCol ? "userCol" : "itemCol", stage: Self.className)
        var ids = [Int32]()
        for b in try df.select(ALSColumns.idExpression(schema, col)).collectBatches() {
            try ALSColumns.ids(b.columns[0], name: col, rowOffset: 0, into: &ids)
        }
        return Set(ids).compactMap { lookup.row(Int($0)) }.sorted()
    }

    func recommend(forUsers: Bool, k: Int, rows: [Int]?) throws -> DataFrame {
        try validateParams()
        guard k >= 1 else {
            throw MLError.invalidParam("ALSModel: the number of recommendations must be >= 1 (got \(k))")
        }
        let s = frameSession
        let res = ALSRecommender.recommend(factorization, forUsers: forUsers, k: k, rows: rows, threads: s.threads)
        let schema = recommendationSchema(forUsers: forUsers)
        // Long form, in morsel-sized batches.
        var batches: [RecordBatch] = []
        let per = res.perSource, perBatch = max(1, RecordBatch.morselSize / max(per, 1))
        var start = 0
        while start < res.sourceIds.count {
            let end = min(res.sourceIds.count, start + perBatch)
            var src = [Int32](), rank = [Int32](), dst = [Int32](), score = [Double]()
            src.reserveCapacity((end - start) * per)
            for r in start..<end {
                for t in 0..<per where res.items[r * per + t] >= 0 {
                    src.append(res.sourceIds[r]); rank.append(Int32(t + 1))
                    dst.append(res.items[r * per + t]); score.append(Double(res.scores[r * per + t]))
                }
            }
            batches.append(RecordBatch(schema: schema, columns: [VectorColumn.int32Column(src), VectorColumn.int32Column(rank),
                                                                 VectorColumn.int32Column(dst), VectorColumn.float64Column(score)],
                                       rowCount: src.count))
            start = end
        }
        return s.createDataFrame(batches, schema: schema)
    }

    // MARK: - Persistence

    public func writeData(to folder: ModelFolder) throws {
        try folder.writeJSON("rank", ["rank": rank])
        try folder.writeTable("userFactors", Self.factorBatch(factorization.userIds, factorization.userFactors, rank: rank))
        try folder.writeTable("itemFactors", Self.factorBatch(factorization.itemIds, factorization.itemFactors, rank: rank))
    }

    public mutating func readData(from folder: ModelFolder) throws {
        guard let r = try folder.readJSON([String: Int].self, "rank")["rank"], r >= 1 else {
            throw MLError.persistence("\(folder.path)/data/rank.json has no rank >= 1")
        }
        func factors(_ name: String) throws -> ([Int32], [Double]) {
            let batch = try folder.readTable(name)
            guard batch.columns.count == 2, batch.columns[0].type == .int32 else {
                throw MLError.persistence("\(folder.path)/data/\(name).parquet must have columns id int, features array<double>")
            }
            var ids = [Int32]()
            try ALSColumns.ids(batch.columns[0], name: "id", rowOffset: 0, into: &ids)
            let v = try MLData.vectors([batch], column: 1, name: "features", stage: Self.className)
            guard v.n == ids.count, v.n == 0 || v.d == r else {
                throw MLError.persistence("\(folder.path)/data/\(name).parquet holds vectors of size \(v.d), not the model's rank \(r)")
            }
            guard zip(ids, ids.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw MLError.persistence("\(folder.path)/data/\(name).parquet: ids must be distinct and ascending")
            }
            return (ids, v.x)
        }
        let (uIds, uF) = try factors("userFactors")
        let (iIds, iF) = try factors("itemFactors")
        let f = ALSFactorization(rank: r, userIds: uIds, userFactors: uF, itemIds: iIds, itemFactors: iF)
        factorization = f
        users = IdLookup(f.userIds)
        items = IdLookup(f.itemIds)
    }
}
