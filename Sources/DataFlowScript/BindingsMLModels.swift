import DataFlow
import DataFlowML

/// What fitted models expose to scripts beyond their parameters (Spark's model attributes), and the
/// tuning helpers (`ParamGridBuilder`, a validator's `estimator:`/`evaluator:`/`estimatorParamMaps:`).
extension MLBindings {
    /// A read-only attribute of model type `M`.
    static func attribute<M: PipelineStage>(_ type: M.Type, _ name: String, _ doc: String,
                                            _ get: @escaping @Sendable (M) throws -> ScriptValue) -> ScriptBinding {
        ScriptBinding(name, property: true, doc: doc) { c in
            guard let m = try receiverStage(c) as? M else { throw c.fail("\(name) needs a \(M.className)") }
            return try get(m)
        }
    }

    static func doubles(_ a: [Double]) -> ScriptValue { .list(a.map { .double($0) }) }
    static func vector(_ v: Vector) -> ScriptValue { doubles(v.toArray()) }
    static func strings(_ a: [String]) -> ScriptValue { .list(a.map { .string($0) }) }
    /// A row-major `rows × cols` matrix as a list of rows.
    static func matrix(_ m: [Double], cols: Int) -> ScriptValue {
        guard cols > 0 else { return .list([]) }
        return .list(stride(from: 0, to: m.count, by: cols).map { doubles(Array(m[$0 ..< min(m.count, $0 + cols)])) })
    }

    /// An ALS recommendation method: `(k)`, or `(df, k)` for the subset forms.
    static func recommend(_ name: String, _ kName: String, _ doc: String, subset: Bool = false,
                          _ run: @escaping @Sendable (ALSModel, DataFrame?, Int) throws -> DataFrame) -> ScriptBinding {
        ScriptBinding(name, subset ? 2...2 : 1...1, signature: subset ? "\(name)(df, \(kName))" : "\(name)(\(kName))", doc: doc) { c in
            guard let m = try receiverStage(c) as? ALSModel else { throw c.fail("\(name)() needs an ALSModel") }
            let df = subset ? try c.frame(0) : nil
            let k = try c.int(subset ? 1 : 0)
            return .frame(try run(m, df, k))
        }
    }

    static func treeAttributes<M: PipelineStage>(_ t: M.Type, importances: @escaping @Sendable (M) -> Vector,
                                                 debug: @escaping @Sendable (M) -> String) -> [ScriptBinding] {
        [attribute(t, "featureImportances", "Each feature's importance (sums to 1).") { vector(importances($0)) },
         attribute(t, "toDebugString", "The tree(s) as text, as Spark prints them.") { .string(debug($0)) }]
    }

    /// Model-specific attributes, by class name.
    static let extras: [String: [ScriptBinding]] = {
        var e: [String: [ScriptBinding]] = [:]
        e["DecisionTreeClassificationModel"] = treeAttributes(DecisionTreeClassificationModel.self, importances: \.featureImportances, debug: \.toDebugString)
            + [attribute(DecisionTreeClassificationModel.self, "depth", "The tree's depth.") { .int(Int64($0.depth)) },
               attribute(DecisionTreeClassificationModel.self, "numNodes", "The number of nodes.") { .int(Int64($0.numNodes)) }]
        e["DecisionTreeRegressionModel"] = treeAttributes(DecisionTreeRegressionModel.self, importances: \.featureImportances, debug: \.toDebugString)
            + [attribute(DecisionTreeRegressionModel.self, "depth", "The tree's depth.") { .int(Int64($0.depth)) },
               attribute(DecisionTreeRegressionModel.self, "numNodes", "The number of nodes.") { .int(Int64($0.numNodes)) }]
        e["RandomForestClassificationModel"] = treeAttributes(RandomForestClassificationModel.self, importances: \.featureImportances, debug: \.toDebugString)
        e["RandomForestRegressionModel"] = treeAttributes(RandomForestRegressionModel.self, importances: \.featureImportances, debug: \.toDebugString)
        e["ALSModel"] = [
            attribute(ALSModel.self, "rank", "The number of latent factors.") { .int(Int64($0.rank)) },
            attribute(ALSModel.self, "userFactors", "The user factors: id int, features array<double>.") { .frame($0.userFactors) },
            attribute(ALSModel.self, "itemFactors", "The item factors: id int, features array<double>.") { .frame($0.itemFactors) },
            recommend("recommendForAllUsers", "numItems", "The top numItems items of every user: userCol, rank (1 = best), itemCol, rating.") { m, _, k in
                try m.recommendForAllUsers(k)
            },
            recommend("recommendForAllItems", "numUsers", "The top numUsers users of every item: itemCol, rank (1 = best), userCol, rating.") { m, _, k in
                try m.recommendForAllItems(k)
            },
            recommend("recommendForUserSubset", "numItems", "The top numItems items of each user in df's userCol.", subset: true) { m, df, k in
                try m.recommendForUserSubset(df!, k)
            },
            recommend("recommendForItemSubset", "numUsers", "The top numUsers users of each item in df's itemCol.", subset: true) { m, df, k in
                try m.recommendForItemSubset(df!, k)
            },
        ]
        e["LinearRegressionModel"] = [
            attribute(LinearRegressionModel.self, "coefficients", "The coefficients, one per feature.") { vector($0.coefficients) },
            attribute(LinearRegressionModel.self, "intercept", "The intercept.") { .double($0.intercept) },
            attribute(LinearRegressionModel.self, "rootMeanSquaredError", "RMSE on the training data (null on a loaded model).") {
                $0.summary.map { .double($0.rootMeanSquaredError) } ?? .null
            },
            attribute(LinearRegressionModel.self, "r2", "R² on the training data (null on a loaded model).") { $0.summary.map { .double($0.r2) } ?? .null },
        ]
        e["LogisticRegressionModel"] = [
            attribute(LogisticRegressionModel.self, "coefficients", "The coefficients (binomial).") { vector($0.coefficients) },
            attribute(LogisticRegressionModel.self, "intercept", "The intercept (binomial).") { .double($0.intercept) },
            attribute(LogisticRegressionModel.self, "coefficientMatrix", "The coefficients, one row per class (multinomial).") { .list($0.coefficientMatrix.map(doubles)) },
            attribute(LogisticRegressionModel.self, "interceptVector", "The intercepts, one per class (multinomial).") { vector($0.interceptVector) },
        ]
        e["NaiveBayesModel"] = [
            attribute(NaiveBayesModel.self, "pi", "The log class priors.") { vector($0.pi) },
            attribute(NaiveBayesModel.self, "theta", "The log conditional probabilities (or means), one row per class.") { .list($0.theta.map(doubles)) },
        ]
        e["KMeansModel"] = [
            attribute(KMeansModel.self, "clusterCenters", "The cluster centers, one list per cluster.") { .list($0.clusterCenters.map(vector)) },
            attribute(KMeansModel.self, "trainingCost", "The sum of squared distances to the nearest center on the training data.") {
                $0.summary.map { .double($0.trainingCost) } ?? .null
            },
        ]
        e["GaussianMixtureModel"] = [
            attribute(GaussianMixtureModel.self, "weights", "The mixture weights.") { doubles($0.weights) },
            attribute(GaussianMixtureModel.self, "means", "Each component's mean.") { .list($0.gaussians.map { doubles($0.mean) }) },
            attribute(GaussianMixtureModel.self, "logLikelihood", "The training data's log-likelihood.") { $0.summary.map { .double($0.logLikelihood) } ?? .null },
        ]
        e["PCAModel"] = [
            attribute(PCAModel.self, "pc", "The principal components: a d × k matrix, as a list of d rows.") { matrix($0.pc, cols: $0.k) },
            attribute(PCAModel.self, "explainedVariance", "The share of variance each component explains.") { doubles($0.explainedVariance) },
        ]
        e["PCAAnomalyModel"] = [
            attribute(PCAAnomalyModel.self, "threshold", "Scores above this are anomalies.") { .double($0.threshold) },
            attribute(PCAAnomalyModel.self, "mean", "The training mean.") { doubles($0.mean) },
        ]
        e["StringIndexerModel"] = [attribute(StringIndexerModel.self, "labels", "The labels by index.") { strings($0.labels) },
                                   attribute(StringIndexerModel.self, "labelsArray", "The labels of each input column.") { .list($0.labelsArray.map(strings)) }]
        e["CountVectorizerModel"] = [attribute(CountVectorizerModel.self, "vocabulary", "The terms by index.") { strings($0.vocabulary) }]
        e["IDFModel"] = [attribute(IDFModel.self, "idf", "Each term's inverse document frequency.") { doubles($0.idf) }]
        e["StandardScalerModel"] = [attribute(StandardScalerModel.self, "mean", "The column means.") { doubles($0.mean) },
                                    attribute(StandardScalerModel.self, "std", "The column standard deviations.") { doubles($0.std) }]
        e["MinMaxScalerModel"] = [attribute(MinMaxScalerModel.self, "originalMin", "The column minimums.") { doubles($0.originalMin) },
                                  attribute(MinMaxScalerModel.self, "originalMax", "The column maximums.") { doubles($0.originalMax) }]
        e["OneHotEncoderModel"] = [attribute(OneHotEncoderModel.self, "categorySizes", "The number of categories of each input.") {
            .list($0.categorySizes.map { .int(Int64($0)) }) }]
        e["ImputerModel"] = [attribute(ImputerModel.self, "surrogates", "The value each input column's missing values get.") { doubles($0.surrogates) }]
        e["CrossValidatorModel"] = [
            attribute(CrossValidatorModel.self, "avgMetrics", "The metric of each parameter map, averaged over the folds.") { doubles($0.avgMetrics) },
            attribute(CrossValidatorModel.self, "stdMetrics", "The metric's standard deviation over the folds.") { doubles($0.stdMetrics) },
            attribute(CrossValidatorModel.self, "bestModel", "The best map's model, refitted on all the data.") { m in
                m.bestModel.map { .object(StageObject(stage: $0)) } ?? .null
            },
            attribute(CrossValidatorModel.self, "bestParamMap", "The best parameter map.") { .string($0.bestParamMap?.description ?? "{}") },
        ]
        e["TrainValidationSplitModel"] = [
            attribute(TrainValidationSplitModel.self, "validationMetrics", "The metric of each parameter map on the validation rows.") { doubles($0.validationMetrics) },
            attribute(TrainValidationSplitModel.self, "bestModel", "The best map's model, refitted on all the data.") { m in
                m.bestModel.map { .object(StageObject(stage: $0)) } ?? .null
            },
            attribute(TrainValidationSplitModel.self, "bestParamMap", "The best parameter map.") { .string($0.bestParamMap?.description ?? "{}") },
        ]
        return e
    }()

    /// Constructor arguments that are stages rather than parameters, by class.
    static let stageArguments: [String: [String]] = [
        "Pipeline": ["stages"],
        "CrossValidator": ["estimator", "evaluator", "estimatorParamMaps"],
        "TrainValidationSplit": ["estimator", "evaluator", "estimatorParamMaps"],
    ]

    static func stage(_ value: ScriptValue, _ label: String, _ c: ScriptCall) throws -> any PipelineStage {
        guard case .object(let o) = value, let s = (o as? StageObject)?.stage else {
            throw c.failLabel(label, "'\(label):' must be an ML stage, not \(value.typeName)")
        }
        return s
    }

    static let stageArgumentSetters: [String: @Sendable (any PipelineStage, ScriptValue, ScriptCall) throws -> any PipelineStage] = [
        "stages": { stage, value, c in
            guard var p = stage as? Pipeline else { return stage }
            guard case .list(let items) = value else { throw c.failLabel("stages", "'stages:' must be a list of stages") }
            p.stages = try items.map { try Self.stage($0, "stages", c) }
            return p
        },
        "estimator": { stage, value, c in
            guard let e = try Self.stage(value, "estimator", c) as? any Estimator else {
                throw c.failLabel("estimator", "'estimator:' must be an estimator (ALS, LinearRegression, Pipeline, …)")
            }
            if var cv = stage as? CrossValidator { cv.estimator = e; return cv }
            if var tv = stage as? TrainValidationSplit { tv.estimator = e; return tv }
            return stage
        },
        "evaluator": { stage, value, c in
            guard let e = try Self.stage(value, "evaluator", c) as? any Evaluator else {
                throw c.failLabel("evaluator", "'evaluator:' must be an evaluator (RegressionEvaluator, …)")
            }
            if var cv = stage as? CrossValidator { cv.evaluator = e; return cv }
            if var tv = stage as? TrainValidationSplit { tv.evaluator = e; return tv }
            return stage
        },
        "estimatorParamMaps": { stage, value, c in
            guard case .object(let o) = value, let grid = o as? ParamMapsObject else {
                throw c.failLabel("estimatorParamMaps", "'estimatorParamMaps:' must be a grid from ParamGridBuilder()…build()")
            }
            if var cv = stage as? CrossValidator { cv.estimatorParamMaps = grid.maps; return cv }
            if var tv = stage as? TrainValidationSplit { tv.estimatorParamMaps = grid.maps; return tv }
            return stage
        },
    ]

    /// `ParamGridBuilder()`: a script function (it is not a stage).
    static let gridBuilder = ScriptBinding("ParamGridBuilder", signature: "ParamGridBuilder()",
                                           doc: "Builds a parameter grid: ParamGridBuilder().addGrid(als, \"rank\", [5, 10]).build().") { _ in
        .object(GridBuilderObject(builder: ParamGridBuilder()))
    }
}

/// `ParamGridBuilder()` in a script.
struct GridBuilderObject: ScriptObject {
    let builder: ParamGridBuilder
    var typeName: String { "ParamGridBuilder" }
    var summary: String { "ParamGridBuilder" }
    var methods: [ScriptBinding] {
        let b = builder
        return [
            ScriptBinding("addGrid", 3...3, signature: "addGrid(stage, name, values)", doc: "Adds a parameter and the values to try.") { c in
                let stage = try MLBindings.stage(c.value(0), "stage", c)
                guard case .list(let items) = c.value(2) else { throw c.fail("argument 3 of addGrid() must be a list of values", at: 2) }
                let values = try items.map { try MLBindings.paramValue($0, "values", c) }
                do { return .object(GridBuilderObject(builder: try b.addGrid(stage, try c.string(1), values))) } catch let e as DataFlowError {
                    throw c.fail(e.message, at: 1)
                }
            },
            ScriptBinding("baseOn", 3...3, signature: "baseOn(stage, name, value)", doc: "A value every map of the grid gets.") { c in
                let stage = try MLBindings.stage(c.value(0), "stage", c)
                do {
                    return .object(GridBuilderObject(builder: try b.baseOn(stage, try c.string(1), try MLBindings.paramValue(c.value(2), "value", c))))
                } catch let e as DataFlowError { throw c.fail(e.message, at: 1) }
            },
            ScriptBinding("build", signature: "build()", doc: "The grid: every combination of the values added.") { _ in
                .object(ParamMapsObject(maps: b.build()))
            },
        ]
    }
}

/// A built parameter grid.
struct ParamMapsObject: ScriptObject {
    let maps: [ParamMap]
    var typeName: String { "ParamGrid" }
    var summary: String { "ParamGrid of \(maps.count) maps: " + maps.map(\.description).joined(separator: ", ") }
    var methods: [ScriptBinding] {
        let n = maps.count
        return [ScriptBinding("size", property: true, doc: "The number of parameter maps.") { _ in .int(Int64(n)) }]
    }
}
