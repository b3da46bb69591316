import DataFlow
import DataFlowColumnar
import Foundation

/// Binomial and multinomial (softmax) logistic regression with L2, L1 or elastic-net regularisation, as
/// Spark MLlib's `LogisticRegression`.
///
/// Minimises the weighted average log-loss plus `regParam·(α‖β‖₁ + (1−α)/2‖β‖²)`, the penalty on the
/// coefficients of standardised features (Spark's default; `standardization: false` penalises the
/// original coefficients). L-BFGS, or OWL-QN when α > 0. `family` "auto" picks binomial for labels
/// {0, 1} and multinomial above. Labels must be 0, 1, …, numClasses − 1.
///
/// ```swift
/// let model = try LogisticRegression(regParam: 0.01).fit(training)
/// let scored = try model.transform(test)   // rawPrediction, probability, prediction
/// ```
public struct LogisticRegression: Estimator {
    public static let className = "LogisticRegression"
    public static var params: [Param<LogisticRegression>] { LogisticRegressionParamList.all() }
    public var uid = ML.uid(className)
    public var featuresCol = "features"
    public var labelCol = "label"
    public var predictionCol = "prediction"
    public var probabilityCol = "probability"
    public var rawPredictionCol = "rawPrediction"
    public var maxIter = 100
    public var regParam = 0.0
    public var elasticNetParam = 0.0
    public var tol = 1e-6
    public var fitIntercept = true
    public var standardization = true
    public var threshold = 0.5
    public var thresholds: [Double] = []
    public var weightCol: String? = nil
    public var family = "auto"

    public init() {}

    public init(featuresCol: String = "features", labelCol: String = "label", predictionCol: String = "prediction",
                maxIter: Int = 100, regParam: Double = 0, elasticNetParam: Double = 0, tol: Double = 1e-6,
                fitIntercept: Bool = true, standardization: Bool = true, threshold: Double = 0.5,
                weightCol: String? = nil, family: String = "auto") {
        self.featuresCol = featuresCol; self.labelCol = labelCol; self.predictionCol = predictionCol
        self.maxIter = maxIter; self.regParam = regParam; self.elasticNetParam = elasticNetParam; self.tol = tol
        self.fitIntercept = fitIntercept; self.standardization = standardization; self.threshold = threshold
        self.weightCol = weightCol; self.family = family
    }

    public func transformSchema(_ schema: Schema) throws -> Schema { try classifierOutputSchema(schema) }

    public func fit(_ df: DataFrame) throws -> LogisticRegressionModel {
        _ = try transformSchema(df.schema)
        let data = try MLData.labeled(df, featuresCol: featuresCol, labelCol: labelCol, weightCol: weightCol, stage: Self.className)
        guard data.n > 0 else { throw MLError.invalidInput("LogisticRegression: the training data is empty") }
        let numClasses = try ClassifierOutput.numClasses(data.y, labelCol: labelCol, stage: Self.className)
        if let bad = data.x.firstIndex(where: { !$0.isFinite }) {
            throw MLError.invalidInput("LogisticRegression: featuresCol '\(featuresCol)' must be finite (got \(data.x[bad]) at row \(bad / max(data.d, 1) + 1))")
        }
        let multinomial: Bool
        switch family {
        case "binomial":
            guard numClasses <= 2 else {
                throw MLError.invalidInput("LogisticRegression: the binomial family supports 1 or 2 label classes, but labelCol '\(labelCol)' has \(numClasses)")
            }
            multinomial = false
        case "multinomial": multinomial = true
        default: multinomial = numClasses > 2
        }
        if !thresholds.isEmpty && thresholds.count != numClasses {
            throw MLError.invalidParam("LogisticRegression: thresholds has \(thresholds.count) values, but the data has \(numClasses) classes")
        }
        let fit = try LogisticRegressionSolver.fit(.init(
            n: data.n, d: data.d, x: data.x, y: data.y, w: data.w, numClasses: max(numClasses, multinomial ? 1 : 2),
            multinomial: multinomial, regParam: regParam, elasticNetParam: elasticNetParam,
            fitIntercept: fitIntercept, standardization: standardization, maxIter: maxIter, tol: tol))
        var model = LogisticRegressionModel()
        model.copyParams(from: self)
        model.numClasses = max(numClasses, 2)
        model.numFeatures = data.d
        model.isMultinomial = multinomial
        model.coefficientValues = fit.coefficients
        model.interceptValues = fit.intercepts
        model.summary = LogisticRegressionTrainingSummary(totalIterations: fit.iterations + 1,
                                                           objectiveHistory: fit.objectiveHistory)
        return model
    }
}

/// Optimiser history of a fitted `LogisticRegressionModel` (not saved with the model, as in Spark).
public struct LogisticRegressionTrainingSummary: Sendable, Equatable {
    /// Iterations, counting the initial state as Spark does.
    public var totalIterations: Int
    /// The objective (loss + penalty) at each iteration.
    public var objectiveHistory: [Double]
}

/// A fitted logistic-regression model. Binomial: `rawPrediction = [−m, m]` with margin
/// `m = coefficients·x + intercept`, `probability = [1 − σ(m), σ(m)]`, prediction 1 when σ(m) > threshold.
/// Multinomial: margins per class, softmax probabilities, the most probable class.
public struct LogisticRegressionModel: Model, ModelData {
    public static let className = "LogisticRegressionModel"
    public static var params: [Param<LogisticRegressionModel>] { LogisticRegressionParamList.all() }
    public var uid = ML.uid(className)
    public var featuresCol = "features"
    public var labelCol = "label"
    public var predictionCol = "prediction"
    public var probabilityCol = "probability"
    public var rawPredictionCol = "rawPrediction"
    public var maxIter = 100
    public var regParam = 0.0
    public var elasticNetParam = 0.0
    public var tol = 1e-6
    public var fitIntercept = true
    public var standardization = true
    public var threshold = 0.5
    public var thresholds: [Double] = []
    public var weightCol: String? = nil
    public var family = "auto"

    public var numClasses = 2
    public var numFeatures = 0
    public var isMultinomial = false
    /// Row-major `coefficientSets × numFeatures` (one row for binomial).
    var coefficientValues: [Double] = []
    var interceptValues: [Double] = [0]
    /// Optimiser history (nil on a loaded model).
    public var summary: LogisticRegressionTrainingSummary? = nil

    public init() {}

    /// A model from known parameters: one coefficient row and one intercept (binomial) or one per class.
    public init(coefficientMatrix: [[Double]], interceptVector: [Double], multinomial: Bool) {
        isMultinomial = multinomial
        numFeatures = coefficientMatrix.first?.count ?? 0
        numClasses = multinomial ? coefficientMatrix.count : 2
        coefficientValues = coefficientMatrix.flatMap { $0 }
        interceptValues = interceptVector
    }

    mutating func copyParams(from e: LogisticRegression) {
        uid = e.uid
        featuresCol = e.featuresCol; labelCol = e.labelCol; predictionCol = e.predictionCol
        probabilityCol = e.probabilityCol; rawPredictionCol = e.rawPredictionCol
        maxIter = e.maxIter; regParam = e.regParam; elasticNetParam = e.elasticNetParam; tol = e.tol
        fitIntercept = e.fitIntercept; standardization = e.standardization; threshold = e.threshold
        thresholds = e.thresholds; weightCol = e.weightCol; family = e.family
    }

    /// Spark's `coefficientMatrix`: one row per coefficient set (1 for binomial, numClasses for multinomial).
    public var coefficientMatrix: [[Double]] {
        let sets = isMultinomial ? numClasses : 1
        return (0..<sets).map { Array(coefficientValues[($0 * numFeatures)..<(($0 + 1) * numFeatures)]) }
    }
    /// Spark's `interceptVector`.
    public var interceptVector: Vector { .dense(interceptValues) }
    /// The binomial coefficients (Spark raises for a multinomial model; here: the first row).
    public var coefficients: Vector { .dense(Array(coefficientValues.prefix(numFeatures))) }
    /// The binomial intercept (the first of `interceptVector` for a multinomial model).
    public var intercept: Double { interceptValues.first ?? 0 }

    /// Raw margins for one feature vector (`[−m, m]` for binomial).
    public func predictRaw(_ features: Vector) -> Vector {
        var raw = [Double](repeating: 0, count: numClasses)
        let x = features.toArray()
        x.withUnsafeBufferPointer { scoreRow($0, into: &raw) }
        return .dense(raw)
    }

    /// Class probabilities for one feature vector.
    public func predictProbability(_ features: Vector) -> Vector {
        var raw = predictRaw(features).toArray()
        toProbability(&raw)
        return .dense(raw)
    }

    /// The predicted class for one feature vector.
    public func predict(_ features: Vector) -> Double {
        let raw = predictRaw(features).toArray()
        var p = raw
        toProbability(&p)
        return predictionFrom(raw: raw, probability: p)
    }

    func scoreRow(_ x: UnsafeBufferPointer<Double>, into raw: inout [Double]) {
        let d = numFeatures
        if isMultinomial {
            for k in 0..<numClasses {
                var s = interceptValues[k]
                for j in 0..<d where x[j] != 0 { s += coefficientValues[k * d + j] * x[j] }
                raw[k] = s
            }
        } else {
            var m = interceptValues[0]
            for j in 0..<d where x[j] != 0 { m += coefficientValues[j] * x[j] }
            raw[0] = -m; raw[1] = m
        }
    }

    func toProbability(_ raw: inout [Double]) {
        if isMultinomial { softmaxInPlace(&raw) }
        else {
            let p = 1 / (1 + exp(-raw[1]))
            raw[0] = 1 - p; raw[1] = p
        }
    }

    /// The binomial threshold in effect (from `thresholds` when set, as Spark).
    var effectiveThreshold: Double {
        if thresholds.count == 2 { return 1 / (1 + thresholds[0] / thresholds[1]) }
        return threshold
    }

    func predictionFrom(raw: [Double], probability: [Double]) -> Double {
        if !isMultinomial {
            let t = effectiveThreshold
            let rawThreshold = t == 0 ? -Double.infinity : (t == 1 ? Double.infinity : log(t / (1 - t)))
            return raw[1] > rawThreshold ? 1 : 0
        }
        return ClassifierOutput.argmax(probability, thresholds: thresholds)
    }

    public func transformSchema(_ schema: Schema) throws -> Schema { try classifierOutputSchema(schema) }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        let model = self
        return try ClassifierOutput.transform(df, schema: transformSchema(df.schema), stage: Self.className,
                                              featuresCol: featuresCol, numFeatures: numFeatures,
                                              numClasses: numClasses, rawPredictionCol: rawPredictionCol,
                                              probabilityCol: probabilityCol, predictionCol: predictionCol,
            raw: { x, raw in model.scoreRow(x, into: &raw) },
            probability: { model.toProbability(&$0) },
            prediction: { model.predictionFrom(raw: $0, probability: $1) })
    }

    struct Data: Codable {
        var numClasses: Int, numFeatures: Int, isMultinomial: Bool
        var coefficientMatrix: [Double], interceptVector: [Double]
    }

    public func writeData(to folder: ModelFolder) throws {
        try folder.writeJSON("model", Data(numClasses: numClasses, numFeatures: numFeatures, isMultinomial: isMultinomial,
                                           coefficientMatrix: coefficientValues, interceptVector: interceptValues))
    }

    public mutating func readData(from folder: ModelFolder) throws {
        let d = try folder.readJSON(Data.self, "model")
        let sets = d.isMultinomial ? d.numClasses : 1
        guard d.coefficientMatrix.count == sets * d.numFeatures, d.interceptVector.count == sets else {
            throw MLError.persistence("LogisticRegressionModel at \(folder.path): coefficient sizes do not match numClasses/numFeatures")
        }
        numClasses = d.numClasses; numFeatures = d.numFeatures; isMultinomial = d.isMultinomial
        coefficientValues = d.coefficientMatrix; interceptValues = d.interceptVector
    }
}

/// The parameter table shared by `LogisticRegression` and its model (Spark's names and docs).
enum LogisticRegressionParamList {
    static func all<S: LogisticRegressionParamHolder>() -> [Param<S>] {
        [
            .string("featuresCol", \.featuresCol, "features column name"),
            .string("labelCol", \.labelCol, "label column name"),
            .string("predictionCol", \.predictionCol, "prediction column name"),
            .string("probabilityCol", \.probabilityCol, "column name for predicted class conditional probabilities", allowEmpty: true),
            .string("rawPredictionCol", \.rawPredictionCol, "raw prediction (a.k.a. confidence) column name", allowEmpty: true),
            .int("maxIter", \.maxIter, "maximum number of iterations", min: 0),
            .double("regParam", \.regParam, "regularization parameter", min: 0),
            .double("elasticNetParam", \.elasticNetParam,
                    "the ElasticNet mixing parameter: 0 is an L2 penalty, 1 an L1 penalty", min: 0, max: 1),
            .double("tol", \.tol, "the convergence tolerance for iterative algorithms", min: 0),
            .bool("fitIntercept", \.fitIntercept, "whether to fit an intercept term"),
            .bool("standardization", \.standardization, "whether to standardize the training features before fitting the model"),
            .double("threshold", \.threshold, "threshold in binary classification prediction", min: 0, max: 1),
            .doubles("thresholds", \.thresholds, "thresholds in multi-class classification to adjust the probability of predicting each class (empty: unset)"),
            .optionalString("weightCol", \.weightCol, "weight column name; if unset, all instance weights are 1"),
            .string("family", \.family, "the name of family which is a description of the label distribution to be used in the model",
                    oneOf: ["auto", "binomial", "multinomial"]),
        ]
    }
}

/// The stored properties both logistic stages expose to the shared parameter table.
protocol LogisticRegressionParamHolder: ClassifierColumns {
    var labelCol: String { get set }
    var maxIter: Int { get set }
    var regParam: Double { get set }
    var elasticNetParam: Double { get set }
    var tol: Double { get set }
    var fitIntercept: Bool { get set }
    var standardization: Bool { get set }
    var threshold: Double { get set }
    var thresholds: [Double] { get set }
    var weightCol: String? { get set }
    var family: String { get set }
}

extension LogisticRegression: LogisticRegressionParamHolder {}
extension LogisticRegressionModel: LogisticRegressionParamHolder {}
