import DataFlow
import DataFlowColumnar
import Foundation

/// K-means clustering, as Spark's `KMeans`: k-means|| initialisation (`initSteps` sampling rounds, then a
/// local k-means++ on the weighted candidates) or `random`, Lloyd iterations until every center moves less
/// than `tol`, Euclidean or cosine distance, optional row weights.
///
/// ```swift
/// let model = try KMeans(k: 3, seed: 1).fit(df)      // features column "features"
/// model.clusterCenters; model.summary?.trainingCost
/// try model.transform(df)                              // adds "prediction" (int)
/// ```
public struct KMeans: Estimator, KMeansParams {
    public static let className = "KMeans"
    public static var params: [Param<Self>] { kmeansParams() }
    public var uid = ML.uid(className)
    public var featuresCol = "features"
    public var predictionCol = "prediction"
    public var weightCol: String? = nil
    public var k = 2
    public var maxIter = 20
    public var tol = 1e-4
    public var initMode = "k-means||"
    public var initSteps = 2
    public var distanceMeasure = "euclidean"
    public var seed = sparkDefaultSeed(className)

    public init() {}
    public init(k: Int = 2, featuresCol: String = "features", maxIter: Int = 20, seed: Int64? = nil) {
        self.k = k; self.featuresCol = featuresCol; self.maxIter = maxIter
        if let seed { self.seed = seed }
    }

    public func transformSchema(_ schema: Schema) throws -> Schema { try clusteringSchema(self, schema, probabilityCol: nil) }

    public func fit(_ df: DataFrame) throws -> KMeansModel {
        _ = try transformSchema(try df.schema)
        let (n, d, x) = try MLData.vectors(df, featuresCol, stage: Self.className)
        let w = try clusteringWeights(df, weightCol, n: n, stage: Self.className)
        if let bad = x.firstIndex(where: { !$0.isFinite }) {
            throw MLError.invalidInput("KMeans: featuresCol '\(featuresCol)' holds \(x[bad]) at row \(bad / max(d, 1) + 1)")
        }
        var learner = KMeansLearner()
        learner.k = k; learner.maxIter = maxIter; learner.tol = tol; learner.initMode = initMode
        learner.initSteps = initSteps; learner.distance = KMeansDistance(rawValue: distanceMeasure) ?? .euclidean
        learner.seed = seed
        let result = try learner.train(x: x, n: n, d: d, w: w)
        var m = KMeansModel()
        m.uid = uid  // Spark: a model keeps its estimator's uid
        m.featuresCol = featuresCol; m.predictionCol = predictionCol; m.weightCol = weightCol
        m.k = k; m.maxIter = maxIter; m.tol = tol; m.initMode = initMode; m.initSteps = initSteps
        m.distanceMeasure = distanceMeasure; m.seed = seed
        m.centers = result.centers
        var sizes = [Int](repeating: 0, count: result.centers.count)
        for i in 0..<n {
            let (c, _) = learner.predict(Array(x[(i * d)..<(i * d + d)]), centers: result.centers)
            sizes[c] += 1
        }
        m.summary = KMeansSummary(k: result.centers.count, numIter: result.iterations, trainingCost: result.cost, clusterSizes: sizes)
        return m
    }
}

/// Training summary of a KMeans fit (Spark's `KMeansSummary`, without the prediction DataFrame).
public struct KMeansSummary: Sendable, Codable, Equatable {
    /// Number of centers found (can be below the requested k when the data has fewer distinct points).
    public var k: Int
    public var numIter: Int
    /// Σ weight × cost over the rows in the last iteration (squared distance, or cosine distance).
    public var trainingCost: Double
    public var clusterSizes: [Int]
}

/// A fitted KMeans model: `transform` adds the index of the closest center as an int `prediction`.
public struct KMeansModel: Model, ModelData, KMeansParams {
    public static let className = "KMeansModel"
    public static var params: [Param<Self>] { kmeansParams() }
    public var uid = ML.uid(className)
    public var featuresCol = "features"
    public var predictionCol = "prediction"
    public var weightCol: String? = nil
    public var k = 2
    public var maxIter = 20
    public var tol = 1e-4
    public var initMode = "k-means||"
    public var initSteps = 2
    public var distanceMeasure = "euclidean"
    public var seed = sparkDefaultSeed("KMeans")
    /// Cluster centers, row by row (unit length for cosine).
    public var centers: [[Double]] = []
    /// The training summary (also saved with the model).
    public var summary: KMeansSummary?

    public init() {}

    public var clusterCenters: [Vector] { centers.map { .dense($0) } }
    public var hasSummary: Bool { summary != nil }

    var learner: KMeansLearner {
        var l = KMeansLearner()
        l.distance = KMeansDistance(rawValue: distanceMeasure) ?? .euclidean
        return l
    }

    /// The index of the closest center.
    public func predict(_ features: Vector) -> Int { learner.predict(features.toArray(), centers: centers).0 }

    /// Σ cost of `df`'s rows against the centers (Spark's `computeCost`, removed in Spark 3 in favour of the summary).
    public func computeCost(_ df: DataFrame) throws -> Double {
        let (n, d, x) = try MLData.vectors(df, featuresCol, stage: Self.className)
        let l = learner
        return (0..<n).reduce(0) { $0 + l.predict(Array(x[($1 * d)..<($1 * d + d)]), centers: centers).1 }
    }

    public func transformSchema(_ schema: Schema) throws -> Schema { try clusteringSchema(self, schema, probabilityCol: nil) }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        _ = try transformSchema(try df.schema)
        let centers = self.centers, l = learner, featuresCol = self.featuresCol
        let d = centers.first?.count ?? 0
        return try df.appendingColumns([Field(predictionCol, .int32)], reading: [featuresCol], name: Self.className) { batch in
            let reader = try VectorReader(batch.column(named: featuresCol)!, "KMeansModel: featuresCol '\(featuresCol)'")
            var out: [Int32?] = []
            out.reserveCapacity(batch.rowCount)
            var row = [Double](repeating: 0, count: d)
            for i in 0..<batch.rowCount {
                if reader.isNull(i) { out.append(nil); continue }
                guard reader.size(i) == d else {
                    throw MLError.invalidInput("KMeansModel: featuresCol '\(featuresCol)' has a vector of size \(reader.size(i)); the centers have \(d)")
                }
                row.withUnsafeMutableBufferPointer { reader.copyDense(i, into: $0) }
                out.append(Int32(l.predict(row, centers: centers).0))
            }
            return [.int32(out)]
        }
    }

    struct Data: Codable { var centers: [[Double]]; var summary: KMeansSummary? }

    public func writeData(to folder: ModelFolder) throws { try folder.writeJSON("centers", Data(centers: centers, summary: summary)) }

    public mutating func readData(from folder: ModelFolder) throws {
        let data = try folder.readJSON(Data.self, "centers")
        guard let d = data.centers.first?.count, data.centers.allSatisfy({ $0.count == d }) else {
            throw MLError.persistence("\(folder.path)/data/centers.json: the centers are missing or of different sizes")
        }
        centers = data.centers
        summary = data.summary
    }
}

/// KMeans parameters shared by the estimator and its model.
public protocol KMeansParams: PipelineStage {
    var featuresCol: String { get set }
    var predictionCol: String { get set }
    var weightCol: String? { get set }
    var k: Int { get set }
    var maxIter: Int { get set }
    var tol: Double { get set }
    var initMode: String { get set }
    var initSteps: Int { get set }
    var distanceMeasure: String { get set }
    var seed: Int64 { get set }
}

extension KMeansParams {
    static func kmeansParams() -> [Param<Self>] {
        [
            .string("featuresCol", \.featuresCol, "features column name"),
            .string("predictionCol", \.predictionCol, "prediction column name"),
            .optionalString("weightCol", \.weightCol, "weight column name; unset means every row has weight 1"),
            .int("k", \.k, "number of clusters to create", min: 2),
            .int("maxIter", \.maxIter, "maximum number of iterations", min: 0),
            .double("tol", \.tol, "convergence tolerance: stop when every center moves less than this", min: 0),
            .string("initMode", \.initMode, "initialization algorithm", oneOf: ["random", "k-means||"]),
            .int("initSteps", \.initSteps, "number of steps for the k-means|| initialization", min: 1),
            .string("distanceMeasure", \.distanceMeasure, "distance measure", oneOf: ["euclidean", "cosine"]),
            .int64("seed", \.seed, "random seed"),
        ]
    }
}

/// Row weights from `weightCol` (all 1 when unset); weights must be finite and >= 0.
func clusteringWeights(_ df: DataFrame, _ weightCol: String?, n: Int, stage: String) throws -> [Double] {
    guard let wc = weightCol else { return [Double](repeating: 1, count: n) }
    let w = try MLData.doubles(df, wc, stage: stage)
    if let bad = w.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
        throw MLError.invalidInput("\(stage): weightCol '\(wc)' must be finite and >= 0 (got \(w[bad]) at row \(bad + 1))")
    }
    return w
}

/// Output schema of a clustering stage: an int prediction (and a probability vector for mixtures).
func clusteringSchema<S: PipelineStage>(_ s: S, _ schema: Schema, probabilityCol: String?) throws -> Schema {
    try s.validateParams()
    guard case .string(let features)? = s.get("featuresCol"), case .string(let prediction)? = s.get("predictionCol") else {
        return schema
    }
    try MLData.checkVector(schema, features, param: "featuresCol", stage: S.className)
    try MLData.checkNew(schema, prediction, param: "predictionCol", stage: S.className)
    var fields = schema.fields + [Field(prediction, .int32)]
    if let p = probabilityCol {
        try MLData.checkNew(schema, p, param: "probabilityCol", stage: S.className)
        fields.append(Field(p, VectorColumn.denseType))
    }
    return Schema(fields)
}
