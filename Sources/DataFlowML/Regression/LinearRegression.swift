import DataFlow
import DataFlowColumnar

/// Least-squares linear regression with L2 (ridge), L1 (lasso) or elastic-net regularisation, as Spark
/// MLlib's `LinearRegression`.
///
/// Minimises `1/(2W) Σ wᵢ(yᵢ − xᵢ·β − b)² + regParam·(α‖β‖₁ + (1−α)/2‖β‖²)` where, as in Spark, the
/// features and the label are standardised internally (so the penalty applies to standardised
/// coefficients unless `standardization` is false). `solver` "normal" (and "auto" up to 4096 features)
/// solves the normal equations (Cholesky; coordinate descent when α > 0), "l-bfgs" runs L-BFGS / OWL-QN.
///
/// ```swift
/// let model = try LinearRegression(regParam: 0.3, elasticNetParam: 0.8).fit(training)
/// print(model.coefficients, model.intercept, model.summary?.rootMeanSquaredError ?? 0)
/// ```
public struct LinearRegression: Estimator {
    public static let className = "LinearRegression"
    public static var params: [Param<LinearRegression>] {
        [
            .string("featuresCol", \.featuresCol, "features column name"),
            .string("labelCol", \.labelCol, "label column name"),
            .string("predictionCol", \.predictionCol, "prediction column name"),
            .int("maxIter", \.maxIter, "maximum number of iterations", min: 0),
            .double("regParam", \.regParam, "regularization parameter", min: 0),
            .double("elasticNetParam", \.elasticNetParam,
                    "the ElasticNet mixing parameter: 0 is an L2 penalty, 1 an L1 penalty", min: 0, max: 1),
            .double("tol", \.tol, "the convergence tolerance for iterative algorithms", min: 0),
            .bool("fitIntercept", \.fitIntercept, "whether to fit an intercept term"),
            .bool("standardization", \.standardization, "whether to standardize the training features before fitting the model"),
            .string("solver", \.solver, "the solver algorithm for optimization", oneOf: ["auto", "normal", "l-bfgs"]),
            .optionalString("weightCol", \.weightCol, "weight column name; if unset, all instance weights are 1"),
            .string("loss", \.loss, "the loss function to be optimized (squaredError only)", oneOf: ["squaredError"]),
        ]
    }
    public var uid = ML.uid(className)
    public var featuresCol = "features"
    public var labelCol = "label"
    public var predictionCol = "prediction"
    public var maxIter = 100
    public var regParam = 0.0
    public var elasticNetParam = 0.0
    public var tol = 1e-6
    public var fitIntercept = true
    public var standardization = true
    public var solver = "auto"
    public var weightCol: String? = nil
    public var loss = "squaredError"

    public init() {}

    public init(featuresCol: String = "features", labelCol: String = "label", predictionCol: String = "prediction",
                maxIter: Int = 100, regParam: Double = 0, elasticNetParam: Double = 0, tol: Double = 1e-6,
                fitIntercept: Bool = true, standardization: Bool = true, solver: String = "auto", weightCol: String? = nil) {
        self.featuresCol = featuresCol; self.labelCol = labelCol; self.predictionCol = predictionCol
        self.maxIter = maxIter; self.regParam = regParam; self.elasticNetParam = elasticNetParam; self.tol = tol
        self.fitIntercept = fitIntercept; self.standardization = standardization; self.solver = solver
        self.weightCol = weightCol
    }

    /// Spark's limit for the normal-equation solver under "auto".
    static let maxNormalFeatures = 4096

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        try MLData.checkVector(schema, featuresCol, param: "featuresCol", stage: Self.className)
        try MLData.checkNew(schema, predictionCol, param: "predictionCol", stage: Self.className)
        return Schema(schema.fields + [Field(predictionCol, .float64)])
    }

    public func fit(_ df: DataFrame) throws -> LinearRegressionModel {
        try validateParams()
        try MLData.checkVector(try df.schema, featuresCol, param: "featuresCol", stage: Self.className)
        let data = try MLData.labeled(df, featuresCol: featuresCol, labelCol: labelCol, weightCol: weightCol, stage: Self.className)
        if let bad = data.y.firstIndex(where: { !$0.isFinite }) {
            throw MLError.invalidInput("LinearRegression: labelCol '\(labelCol)' must be finite (got \(data.y[bad]) at row \(bad + 1))")
        }
        if let bad = data.x.firstIndex(where: { !$0.isFinite }) {
            throw MLError.invalidInput("LinearRegression: featuresCol '\(featuresCol)' must be finite (got \(data.x[bad]) at row \(bad / max(data.d, 1) + 1))")
        }
        guard data.n > 0 else { throw MLError.invalidInput("LinearRegression: the training data is empty") }
        let problem = LinearRegressionSolver.Problem(
            n: data.n, d: data.d, x: data.x, y: data.y, w: data.w, regParam: regParam, elasticNetParam: elasticNetParam,
            fitIntercept: fitIntercept, standardization: standardization, maxIter: maxIter, tol: tol)
        let useNormal = solver == "normal" || (solver == "auto" && data.d <= Self.maxNormalFeatures)
        let fit = useNormal ? try LinearRegressionSolver.normal(problem) : try LinearRegressionSolver.lbfgs(problem)
        var model = LinearRegressionModel()
        model.copyParams(from: self)
        model.coefficients = .dense(fit.coefficients)
        model.intercept = fit.intercept
        var predictions = [Double](repeating: 0, count: data.n)
        for i in 0..<data.n {
            var s = fit.intercept
            for j in 0..<data.d { s += fit.coefficients[j] * data.x[i * data.d + j] }
            predictions[i] = s
        }
        let metrics = RegressionMetrics.compute(label: data.y, prediction: predictions, weight: data.w,
                                                throughOrigin: !fitIntercept)
        model.summary = LinearRegressionTrainingSummary(
            rootMeanSquaredError: metrics.rmse, meanSquaredError: metrics.mse, meanAbsoluteError: metrics.mae,
            r2: metrics.r2, explainedVariance: metrics.explainedVariance, numInstances: data.n,
            totalIterations: fit.iterations + (useNormal && fit.iterations == 0 ? 0 : 1),
            objectiveHistory: fit.objectiveHistory)
        return model
    }
}

/// Training-set metrics of a fitted `LinearRegressionModel` (Spark's `LinearRegressionTrainingSummary`;
/// weighted when the estimator had a `weightCol`). Not saved with the model, as in Spark.
public struct LinearRegressionTrainingSummary: Sendable, Equatable {
    public var rootMeanSquaredError: Double
    public var meanSquaredError: Double
    public var meanAbsoluteError: Double
    /// R²; through the origin (1 − SSerr/Σy²) when the model has no intercept, as Spark.
    public var r2: Double
    public var explainedVariance: Double
    public var numInstances: Int
    /// Optimiser iterations, counting the initial state as Spark does (0 for a Cholesky solve).
    public var totalIterations: Int
    public var objectiveHistory: [Double]
}

/// A fitted linear regression: `prediction = coefficients · features + intercept`.
public struct LinearRegressionModel: Model, ModelData {
    public static let className = "LinearRegressionModel"
    public static var params: [Param<LinearRegressionModel>] {
        [
            .string("featuresCol", \.featuresCol, "features column name"),
            .string("labelCol", \.labelCol, "label column name"),
            .string("predictionCol", \.predictionCol, "prediction column name"),
            .int("maxIter", \.maxIter, "maximum number of iterations", min: 0),
            .double("regParam", \.regParam, "regularization parameter", min: 0),
            .double("elasticNetParam", \.elasticNetParam, "the ElasticNet mixing parameter", min: 0, max: 1),
            .double("tol", \.tol, "the convergence tolerance for iterative algorithms", min: 0),
            .bool("fitIntercept", \.fitIntercept, "whether to fit an intercept term"),
            .bool("standardization", \.standardization, "whether to standardize the training features before fitting the model"),
            .string("solver", \.solver, "the solver algorithm for optimization", oneOf: ["auto", "normal", "l-bfgs"]),
            .optionalString("weightCol", \.weightCol, "weight column name; if unset, all instance weights are 1"),
            .string("loss", \.loss, "the loss function to be optimized (squaredError only)", oneOf: ["squaredError"]),
        ]
    }
    public var uid = ML.uid(className)
    public var featuresCol = "features"
    public var labelCol = "label"
    public var predictionCol = "prediction"
    public var maxIter = 100
    public var regParam = 0.0
    public var elasticNetParam = 0.0
    public var tol = 1e-6
    public var fitIntercept = true
    public var standardization = true
    public var solver = "auto"
    public var weightCol: String? = nil
    public var loss = "squaredError"

    /// The fitted coefficients, one per feature (in the original feature scale).
    public var coefficients: Vector = .dense([])
    public var intercept = 0.0
    /// Training metrics (nil on a loaded model).
    public var summary: LinearRegressionTrainingSummary? = nil
    /// The number of features the model expects.
    public var numFeatures: Int { coefficients.size }

    public init() {}

    public init(coefficients: Vector, intercept: Double) {
        self.coefficients = coefficients
        self.intercept = intercept
    }

    mutating func copyParams(from e: LinearRegression) {
        uid = e.uid
        featuresCol = e.featuresCol; labelCol = e.labelCol; predictionCol = e.predictionCol
        maxIter = e.maxIter; regParam = e.regParam; elasticNetParam = e.elasticNetParam; tol = e.tol
        fitIntercept = e.fitIntercept; standardization = e.standardization; solver = e.solver
        weightCol = e.weightCol; loss = e.loss
    }

    /// The prediction for one feature vector.
    public func predict(_ features: Vector) -> Double { features.dot(coefficients) + intercept }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        try MLData.checkVector(schema, featuresCol, param: "featuresCol", stage: Self.className)
        try MLData.checkNew(schema, predictionCol, param: "predictionCol", stage: Self.className)
        return Schema(schema.fields + [Field(predictionCol, .float64)])
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        let out = try transformSchema(df.schema)
        let coef = coefficients.toArray(), b = intercept, column = featuresCol
        return try df.appendingColumns([out.fields[out.fields.count - 1]], reading: [featuresCol], name: Self.className) { batch in
            guard let c = batch.column(named: column) else {
                throw MLError.invalidInput("LinearRegressionModel: featuresCol '\(column)' is missing from a batch")
            }
            let r = try VectorColumn.reader(c, "featuresCol '\(column)'")
            var out = [Double](repeating: 0, count: batch.rowCount)
            for i in 0..<batch.rowCount {
                if r.isNull(i) { throw MLError.invalidInput("LinearRegressionModel: featuresCol '\(column)' is null at a row") }
                guard r.size(i) == coef.count else {
                    throw MLError.invalidInput("LinearRegressionModel: featuresCol '\(column)' has a vector of size \(r.size(i)); the model has \(coef.count) features")
                }
                var s = b
                r.forEachActive(i) { j, v in s += coef[j] * v }
                out[i] = s
            }
            return [VectorColumn.float64Column(out)]
        }
    }

    struct Data: Codable { var coefficients: [Double]; var intercept: Double; var scale: Double }

    public func writeData(to folder: ModelFolder) throws {
        try folder.writeJSON("model", Data(coefficients: coefficients.toArray(), intercept: intercept, scale: 1))
    }

    public mutating func readData(from folder: ModelFolder) throws {
        let d = try folder.readJSON(Data.self, "model")
        coefficients = .dense(d.coefficients)
        intercept = d.intercept
    }
}
