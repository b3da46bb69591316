import DataFlow
import DataFlowColumnar
import Foundation

/// A Gaussian mixture model fitted by expectation–maximisation with full covariances, as Spark's
/// `GaussianMixture`: each component starts from the mean and diagonal variance of 5 rows sampled with
/// replacement; EM stops when the total log-likelihood changes by at most `tol` or after `maxIter` rounds.
///
/// ```swift
/// let model = try GaussianMixture(k: 2, seed: 1).fit(df)
/// model.weights; model.gaussians[0].mean; model.summary?.logLikelihood
/// try model.transform(df)   // adds "prediction" (int) and "probability" (vector)
/// ```
public struct GaussianMixture: Estimator, GaussianMixtureParams {
    public static let className = "GaussianMixture"
    public static var params: [Param<Self>] { mixtureParams() }
    public var uid = ML.uid(className)
    public var featuresCol = "features"
    public var predictionCol = "prediction"
    public var probabilityCol = "probability"
    public var weightCol: String? = nil
    public var k = 2
    public var maxIter = 100
    public var tol = 0.01
    public var seed = sparkDefaultSeed(className)

    public init() {}
    public init(k: Int = 2, featuresCol: String = "features", maxIter: Int = 100, seed: Int64? = nil) {
        self.k = k; self.featuresCol = featuresCol; self.maxIter = maxIter
        if let seed { self.seed = seed }
    }

    public func transformSchema(_ schema: Schema) throws -> Schema { try clusteringSchema(self, schema, probabilityCol: probabilityCol) }

    public func fit(_ df: DataFrame) throws -> GaussianMixtureModel {
        _ = try transformSchema(try df.schema)
        let (n, d, x) = try MLData.vectors(df, featuresCol, stage: Self.className)
        let w = try clusteringWeights(df, weightCol, n: n, stage: Self.className)
        if let bad = x.firstIndex(where: { !$0.isFinite }) {
            throw MLError.invalidInput("GaussianMixture: featuresCol '\(featuresCol)' holds \(x[bad]) at row \(bad / max(d, 1) + 1)")
        }
        guard d <= 2_000 else {
            throw MLError.invalidInput("GaussianMixture: \(d) features is too many for full covariance matrices (at most 2000)")
        }
        var learner = GaussianMixtureLearner()
        learner.k = k; learner.maxIter = maxIter; learner.tol = tol; learner.seed = seed
        let r = try learner.train(x: x, n: n, d: d, w: w)
        var m = GaussianMixtureModel()
        m.uid = uid  // Spark: a model keeps its estimator's uid
        m.featuresCol = featuresCol; m.predictionCol = predictionCol; m.probabilityCol = probabilityCol
        m.weightCol = weightCol; m.k = k; m.maxIter = maxIter; m.tol = tol; m.seed = seed
        m.weights = r.weights
        m.gaussians = r.gaussians
        var sizes = [Int](repeating: 0, count: k)
        for i in 0..<n { sizes[argmax(m.probabilities(Array(x[(i * d)..<(i * d + d)])))] += 1 }
        m.summary = GaussianMixtureSummary(k: k, numIter: r.iterations, logLikelihood: r.logLikelihood, clusterSizes: sizes)
        return m
    }
}

/// Training summary of a Gaussian mixture fit.
public struct GaussianMixtureSummary: Sendable, Codable, Equatable {
    public var k: Int
    public var numIter: Int
    /// Σ weight · log(Σᵢ wᵢ·pdfᵢ(x)) of the last E step.
    public var logLikelihood: Double
    public var clusterSizes: [Int]
}

/// A fitted Gaussian mixture: `transform` adds each row's membership probabilities and most likely component.
public struct GaussianMixtureModel: Model, ModelData, GaussianMixtureParams {
    public static let className = "GaussianMixtureModel"
    public static var params: [Param<Self>] { mixtureParams() }
    public var uid = ML.uid(className)
    public var featuresCol = "features"
    public var predictionCol = "prediction"
    public var probabilityCol = "probability"
    public var weightCol: String? = nil
    public var k = 2
    public var maxIter = 100
    public var tol = 0.01
    public var seed = sparkDefaultSeed("GaussianMixture")
    /// Mixing weights (sum 1).
    public var weights: [Double] = []
    /// The components: mean and row-major covariance.
    public var gaussians: [MultivariateGaussian] = []
    public var summary: GaussianMixtureSummary?

    public init() {}

    public var hasSummary: Bool { summary != nil }

    /// Membership probabilities: ε + wᵢ·pdfᵢ(x), normalised (Spark's `computeProbabilities`).
    func probabilities(_ x: [Double]) -> [Double] {
        var scratch = [Double](repeating: 0, count: x.count)
        var probs = [Double](repeating: 0, count: weights.count)
        _ = x.withUnsafeBufferPointer {
            GaussianMixtureLearner.posterior($0.baseAddress!, weights: weights, gaussians: gaussians, scratch: &scratch, into: &probs)
        }
        return probs
    }

    public func predict(_ features: Vector) -> Int { argmax(probabilities(features.toArray())) }
    public func predictProbability(_ features: Vector) -> Vector { .dense(probabilities(features.toArray())) }

    public func transformSchema(_ schema: Schema) throws -> Schema { try clusteringSchema(self, schema, probabilityCol: probabilityCol) }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        _ = try transformSchema(try df.schema)
        let model = self, featuresCol = self.featuresCol
        let d = gaussians.first?.mean.count ?? 0
        let fields = [Field(predictionCol, .int32), Field(probabilityCol, VectorColumn.denseType)]
        return try df.appendingColumns(fields, reading: [featuresCol], name: Self.className) { batch in
            let reader = try VectorReader(batch.column(named: featuresCol)!, "GaussianMixtureModel: featuresCol '\(featuresCol)'")
            var preds: [Int32?] = [], probs: [Vector?] = []
            var row = [Double](repeating: 0, count: d)
            for i in 0..<batch.rowCount {
                if reader.isNull(i) { preds.append(nil); probs.append(nil); continue }
                guard reader.size(i) == d else {
                    throw MLError.invalidInput("GaussianMixtureModel: featuresCol '\(featuresCol)' has a vector of size \(reader.size(i)); the model has \(d) features")
                }
                row.withUnsafeMutableBufferPointer { reader.copyDense(i, into: $0) }
                let p = model.probabilities(row)
                preds.append(Int32(argmax(p)))
                probs.append(.dense(p))
            }
            return [.int32(preds), VectorColumn.make(probs)]
        }
    }

    struct Data: Codable { var weights: [Double]; var gaussians: [MultivariateGaussian]; var summary: GaussianMixtureSummary? }

    public func writeData(to folder: ModelFolder) throws {
        try folder.writeJSON("gaussians", Data(weights: weights, gaussians: gaussians, summary: summary))
    }

    public mutating func readData(from folder: ModelFolder) throws {
        let data = try folder.readJSON(Data.self, "gaussians")
        guard !data.weights.isEmpty, data.weights.count == data.gaussians.count,
              let d = data.gaussians.first?.mean.count, data.gaussians.allSatisfy({ $0.mean.count == d }) else {
            throw MLError.persistence("\(folder.path)/data/gaussians.json: weights and gaussians do not match")
        }
        weights = data.weights; gaussians = data.gaussians; summary = data.summary
    }
}

/// GaussianMixture parameters shared by the estimator and its model.
public protocol GaussianMixtureParams: PipelineStage {
    var featuresCol: String { get set }
    var predictionCol: String { get set }
    var probabilityCol: String { get set }
    var weightCol: String? { get set }
    var k: Int { get set }
    var maxIter: Int { get set }
    var tol: Double { get set }
    var seed: Int64 { get set }
}

extension GaussianMixtureParams {
    static func mixtureParams() -> [Param<Self>] {
        [
            .string("featuresCol", \.featuresCol, "features column name"),
            .string("predictionCol", \.predictionCol, "prediction column name"),
            .string("probabilityCol", \.probabilityCol, "column for the membership probabilities"),
            .optionalString("weightCol", \.weightCol, "weight column name; unset means every row has weight 1"),
            .int("k", \.k, "number of independent Gaussians in the mixture", min: 2),
            .int("maxIter", \.maxIter, "maximum number of iterations", min: 0),
            .double("tol", \.tol, "convergence tolerance on the log-likelihood", min: 0),
            .int64("seed", \.seed, "random seed"),
        ]
    }
}
