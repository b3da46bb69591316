import DataFlow
import DataFlowColumnar
import Foundation

/// A random forest regressor, as Spark's `RandomForestRegressor`: `numTrees` variance trees on Poisson(1)
/// bootstrap samples, each split chosen among a random feature subset (auto = onethird); the prediction is
/// the trees' mean.
public struct RandomForestRegressor: Estimator, ForestStageParams {
    public static let className = "RandomForestRegressor"
    public static var params: [Param<Self>] { treeParams(classification: false) + forestParams() }
    public var uid = ML.uid(className)
    public var featuresCol = "features"
    public var labelCol = "label"
    public var predictionCol = "prediction"
    public var weightCol: String? = nil
    public var maxDepth = 5
    public var maxBins = 32
    public var minInstancesPerNode = 1
    public var minWeightFractionPerNode = 0.0
    public var minInfoGain = 0.0
    public var impurity = "variance"
    public var seed = sparkDefaultSeed(className)
    public var numTrees = 20
    public var featureSubsetStrategy = "auto"
    public var subsamplingRate = 1.0
    public var bootstrap = true

    public init() {}
    public init(featuresCol: String = "features", labelCol: String = "label", numTrees: Int = 20, maxDepth: Int = 5,
                seed: Int64? = nil) {
        self.featuresCol = featuresCol; self.labelCol = labelCol; self.numTrees = numTrees; self.maxDepth = maxDepth
        if let seed { self.seed = seed }
    }

    public func transformSchema(_ schema: Schema) throws -> Schema { try regressorSchema(self, schema) }

    public func fit(_ df: DataFrame) throws -> RandomForestRegressionModel {
        let input = try trainingData(df)
        let strategy = try forestStrategy(impurityKind: .variance, numClasses: 0, d: input.d, threads: df.session.threads)
        var m = RandomForestRegressionModel()
        copyTreeParams(from: self, to: &m)
        m.numTrees = numTrees; m.featureSubsetStrategy = featureSubsetStrategy
        m.subsamplingRate = subsamplingRate; m.bootstrap = bootstrap
        m.trees = try TreeLearner.train(input, strategy)
        m.numFeatures = input.d
        return m
    }
}

/// A fitted random forest regressor: `prediction` is the mean of the trees' leaf means.
public struct RandomForestRegressionModel: Model, ModelData, ForestStageParams {
    public static let className = "RandomForestRegressionModel"
    public static var params: [Param<Self>] { treeParams(classification: false) + forestParams() }
    public var uid = ML.uid(className)
    public var featuresCol = "features"
    public var labelCol = "label"
    public var predictionCol = "prediction"
    public var weightCol: String? = nil
    public var maxDepth = 5
    public var maxBins = 32
    public var minInstancesPerNode = 1
    public var minWeightFractionPerNode = 0.0
    public var minInfoGain = 0.0
    public var impurity = "variance"
    public var seed = sparkDefaultSeed("RandomForestRegressor")
    public var numTrees = 20
    public var featureSubsetStrategy = "auto"
    public var subsamplingRate = 1.0
    public var bootstrap = true
    public var trees: [DecisionTreeData] = []
    public var numFeatures = 0

    public init() {}

    public var treeWeights: [Double] { [Double](repeating: 1, count: trees.count) }
    public var totalNumNodes: Int { trees.reduce(0) { $0 + $1.numNodes } }
    public var featureImportances: Vector { .dense(ensembleFeatureImportances(trees, numFeatures: numFeatures)) }
    public var toDebugString: String { forestDebugString("RandomForestRegressionModel", uid, trees, extra: "") }

    func mean(_ feature: (Int) -> Double) -> Double {
        var s = 0.0
        for t in trees { s += t.nodes[t.leafIndex(feature)].prediction }
        return trees.isEmpty ? 0 : s / Double(trees.count)
    }

    public func predict(_ features: Vector) -> Double {
        let a = features.toArray()
        return mean { a[$0] }
    }

    public func transformSchema(_ schema: Schema) throws -> Schema { try regressorSchema(self, schema) }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        try validateParams()
        let model = self
        return try appendTreePredictions(df, stage: Self.className, featuresCol: featuresCol, numFeatures: numFeatures,
                                         predictionCol: predictionCol, rawPredictionCol: "", probabilityCol: "") { row in
            ([], [], model.mean { row[$0] })
        }
    }

    public func writeData(to folder: ModelFolder) throws {
        try folder.writeJSON("trees", TreeEnsembleData(numFeatures: numFeatures, numClasses: 0, trees: trees))
    }

    public mutating func readData(from folder: ModelFolder) throws {
        let data = try folder.readJSON(TreeEnsembleData.self, "trees")
        guard !data.trees.isEmpty else { throw MLError.persistence("\(folder.path): the forest holds no trees") }
        for t in data.trees {
            guard t.numFeatures == data.numFeatures, t.numClasses == 0 else {
                throw MLError.persistence("\(folder.path)/data/trees.json: trees disagree on the number of features")
            }
            try validateTree(t, folder: folder)
        }
        trees = data.trees; numFeatures = data.numFeatures
    }
}
