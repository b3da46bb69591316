import DataFlow
import DataFlowColumnar
import Foundation

/// Naive Bayes classifiers, as Spark MLlib's `NaiveBayes`: `modelType` "multinomial" (default; counts
/// such as term frequencies), "complement", "bernoulli" (0/1 features) or "gaussian" (continuous
/// features, no smoothing). `smoothing` is the additive (Laplace) smoothing of the discrete models.
/// Labels must be 0, 1, …, k − 1 (every class present).
///
/// ```swift
/// let model = try NaiveBayes(modelType: "gaussian").fit(training)
/// ```
public struct NaiveBayes: Estimator {
    public static let className = "NaiveBayes"
    public static var params: [Param<NaiveBayes>] { NaiveBayesParamList.all() }
    public var uid = ML.uid(className)
    public var featuresCol = "features"
    public var labelCol = "label"
    public var predictionCol = "prediction"
    public var probabilityCol = "probability"
    public var rawPredictionCol = "rawPrediction"
    public var smoothing = 1.0
    public var modelType = "multinomial"
    public var thresholds: [Double] = []
    public var weightCol: String? = nil

    public init() {}

    public init(featuresCol: String = "features", labelCol: String = "label", predictionCol: String = "prediction",
                smoothing: Double = 1.0, modelType: String = "multinomial", weightCol: String? = nil) {
        self.featuresCol = featuresCol; self.labelCol = labelCol; self.predictionCol = predictionCol
        self.smoothing = smoothing; self.modelType = modelType; self.weightCol = weightCol
    }

    public func transformSchema(_ schema: Schema) throws -> Schema { try classifierOutputSchema(schema) }

    public func fit(_ df: DataFrame) throws -> NaiveBayesModel {
        _ = try transformSchema(df.schema)
        let data = try MLData.labeled(df, featuresCol: featuresCol, labelCol: labelCol, weightCol: weightCol, stage: Self.className)
        guard data.n > 0 else { throw MLError.invalidInput("NaiveBayes: the training data is empty") }
        let k = try ClassifierOutput.numClasses(data.y, labelCol: labelCol, stage: Self.className)
        var seen = [Bool](repeating: false, count: k)
        for v in data.y { seen[Int(v)] = true }
        if let missing = seen.firstIndex(of: false) {
            throw MLError.invalidInput("NaiveBayes: labelCol '\(labelCol)' has no row of class \(missing); labels must be 0..<\(k) with every class present")
        }
        let validator = NaiveBayesScorer(fit: .init(pi: [], theta: [], sigma: [], numClasses: 0, numFeatures: 0), modelType: modelType)
        try data.x.withUnsafeBufferPointer { xb in
            for i in 0..<data.n {
                try validator.validate(UnsafeBufferPointer(rebasing: xb[(i * data.d)..<((i + 1) * data.d)]))
            }
        }
        if !thresholds.isEmpty && thresholds.count != k {
            throw MLError.invalidParam("NaiveBayes: thresholds has \(thresholds.count) values, but the data has \(k) classes")
        }
        let fit = try NaiveBayesSolver.fit(n: data.n, d: data.d, x: data.x, y: data.y, w: data.w, numClasses: k,
                                           modelType: modelType, smoothing: smoothing)
        var model = NaiveBayesModel()
        model.uid = uid
        model.featuresCol = featuresCol; model.labelCol = labelCol; model.predictionCol = predictionCol
        model.probabilityCol = probabilityCol; model.rawPredictionCol = rawPredictionCol
        model.smoothing = smoothing; model.modelType = modelType; model.thresholds = thresholds
        model.weightCol = weightCol
        model.fitted = fit
        return model
    }
}

/// A fitted naive Bayes model: `pi` (log class priors), `theta` (log conditional probabilities, or the
/// per-class means for gaussian) and `sigma` (per-class variances, gaussian only).
public struct NaiveBayesModel: Model, ModelData {
    public static let className = "NaiveBayesModel"
    public static var params: [Param<NaiveBayesModel>] { NaiveBayesParamList.all() }
    public var uid = ML.uid(className)
    public var featuresCol = "features"
    public var labelCol = "label"
    public var predictionCol = "prediction"
    public var probabilityCol = "probability"
    public var rawPredictionCol = "rawPrediction"
    public var smoothing = 1.0
    public var modelType = "multinomial"
    public var thresholds: [Double] = []
    public var weightCol: String? = nil

    var fitted = NaiveBayesSolver.Fit(pi: [], theta: [], sigma: [], numClasses: 0, numFeatures: 0)

    public init() {}

    public var numClasses: Int { fitted.numClasses }
    public var numFeatures: Int { fitted.numFeatures }
    /// Log class priors.
    public var pi: Vector { .dense(fitted.pi) }
    /// `numClasses × numFeatures`, row per class.
    public var theta: [[Double]] { rows(fitted.theta) }
    /// Gaussian variances, `numClasses × numFeatures` (empty for the other model types).
    public var sigma: [[Double]] { fitted.sigma.isEmpty ? [] : rows(fitted.sigma) }

    private func rows(_ m: [Double]) -> [[Double]] {
        let d = fitted.numFeatures
        return (0..<fitted.numClasses).map { Array(m[($0 * d)..<(($0 + 1) * d)]) }
    }

    /// Raw scores (log joint likelihoods) for one feature vector.
    public func predictRaw(_ features: Vector) throws -> Vector {
        let scorer = NaiveBayesScorer(fit: fitted, modelType: modelType)
        var raw = [Double](repeating: 0, count: numClasses)
        let x = features.toArray()
        try x.withUnsafeBufferPointer { try scorer.validate($0); scorer.raw($0, into: &raw) }
        return .dense(raw)
    }

    /// The predicted class for one feature vector.
    public func predict(_ features: Vector) throws -> Double {
        var p = try predictRaw(features).toArray()
        softmaxInPlace(&p)
        return ClassifierOutput.argmax(p, thresholds: thresholds)
    }

    public func transformSchema(_ schema: Schema) throws -> Schema { try classifierOutputSchema(schema) }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        let scorer = NaiveBayesScorer(fit: fitted, modelType: modelType)
        let thresholds = self.thresholds
        return try ClassifierOutput.transform(df, schema: transformSchema(df.schema), stage: Self.className,
                                              featuresCol: featuresCol, numFeatures: numFeatures,
                                              numClasses: numClasses, rawPredictionCol: rawPredictionCol,
                                              probabilityCol: probabilityCol, predictionCol: predictionCol,
            validate: { try scorer.validate($0) },
            raw: { x, raw in scorer.raw(x, into: &raw) },
            probability: { softmaxInPlace(&$0) },
            prediction: { _, p in ClassifierOutput.argmax(p, thresholds: thresholds) })
    }

    public func writeData(to folder: ModelFolder) throws { try folder.writeJSON("model", fitted) }

    public mutating func readData(from folder: ModelFolder) throws {
        let f = try folder.readJSON(NaiveBayesSolver.Fit.self, "model")
        let size = f.numClasses * f.numFeatures
        guard f.pi.count == f.numClasses, f.theta.count == size, f.sigma.isEmpty || f.sigma.count == size,
              (modelType == "gaussian") == !f.sigma.isEmpty else {
            throw MLError.persistence("NaiveBayesModel at \(folder.path): pi/theta/sigma sizes do not match numClasses and numFeatures")
        }
        fitted = f
    }
}

enum NaiveBayesParamList {
    static func all<S: NaiveBayesParamHolder>() -> [Param<S>] {
        [
            .string("featuresCol", \.featuresCol, "features column name"),
            .string("labelCol", \.labelCol, "label column name"),
            .string("predictionCol", \.predictionCol, "prediction column name"),
            .string("probabilityCol", \.probabilityCol, "column name for predicted class conditional probabilities", allowEmpty: true),
            .string("rawPredictionCol", \.rawPredictionCol, "raw prediction (a.k.a. confidence) column name", allowEmpty: true),
            .double("smoothing", \.smoothing, "the smoothing parameter", min: 0),
            .string("modelType", \.modelType, "the model type", oneOf: ["multinomial", "bernoulli", "gaussian", "complement"]),
            .doubles("thresholds", \.thresholds, "thresholds in multi-class classification to adjust the probability of predicting each class (empty: unset)"),
            .optionalString("weightCol", \.weightCol, "weight column name; if unset, all instance weights are 1"),
        ]
    }
}

protocol NaiveBayesParamHolder: ClassifierColumns {
    var labelCol: String { get set }
    var smoothing: Double { get set }
    var modelType: String { get set }
    var thresholds: [Double] { get set }
    var weightCol: String? { get set }
}

extension NaiveBayes: NaiveBayesParamHolder {}
extension NaiveBayesModel: NaiveBayesParamHolder {}
