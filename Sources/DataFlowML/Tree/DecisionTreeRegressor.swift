import DataFlow
import DataFlowColumnar
import Foundation

/// A decision tree regressor, as Spark's `DecisionTreeRegressor`: variance impurity, continuous features
/// binned into at most `maxBins` candidate thresholds, depth-limited; a leaf predicts its mean label.
///
/// ```swift
/// let model = try DecisionTreeRegressor(maxDepth: 4).fit(train)
/// ```
public struct DecisionTreeRegressor: Estimator, TreeStageParams {
    public static let className = "DecisionTreeRegressor"
    public static var params: [Param<Self>] { treeParams(classification: false) }
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

    public init() {}
    public init(featuresCol: String = "features", labelCol: String = "label", maxDepth: Int = 5) {
        self.featuresCol = featuresCol; self.labelCol = labelCol; self.maxDepth = maxDepth
    }

    public func transformSchema(_ schema: Schema) throws -> Schema { try regressorSchema(self, schema) }

    public func fit(_ df: DataFrame) throws -> DecisionTreeRegressionModel {
        let input = try trainingData(df)
        let trees = try TreeLearner.train(input, treeStrategy(impurityKind: .variance, numClasses: 0, threads: df.session.threads))
        var m = DecisionTreeRegressionModel()
        copyTreeParams(from: self, to: &m)
        m.tree = trees[0]
        return m
    }
}

/// A fitted decision tree regressor: `prediction` is the mean label of the reached leaf.
public struct DecisionTreeRegressionModel: Model, ModelData, TreeStageParams {
    public static let className = "DecisionTreeRegressionModel"
    public static var params: [Param<Self>] { treeParams(classification: false) }
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
    public var seed = sparkDefaultSeed("DecisionTreeRegressor")
    /// The fitted tree.
    public var tree = DecisionTreeData(nodes: [], numFeatures: 0, numClasses: 0)

    public init() {}

    public var numFeatures: Int { tree.numFeatures }
    public var depth: Int { tree.depth }
    public var numNodes: Int { tree.numNodes }
    public var featureImportances: Vector { .dense(ensembleFeatureImportances([tree], numFeatures: numFeatures)) }
    public var toDebugString: String {
        (["DecisionTreeRegressionModel: uid=\(uid), depth=\(depth), numNodes=\(numNodes), numFeatures=\(numFeatures)"]
            + tree.debugLines()).joined(separator: "\n")
    }

    public func predict(_ features: Vector) -> Double { tree.leaf(features.toArray()).prediction }

    public func transformSchema(_ schema: Schema) throws -> Schema { try regressorSchema(self, schema) }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        try validateParams()
        let tree = self.tree
        return try appendTreePredictions(df, stage: Self.className, featuresCol: featuresCol, numFeatures: numFeatures,
                                         predictionCol: predictionCol, rawPredictionCol: "", probabilityCol: "") { row in
            ([], [], tree.nodes[tree.leafIndex { row[$0] }].prediction)
        }
    }

    public func writeData(to folder: ModelFolder) throws {
        try folder.writeJSON("trees", TreeEnsembleData(numFeatures: tree.numFeatures, numClasses: 0, trees: [tree]))
    }

    public mutating func readData(from folder: ModelFolder) throws {
        let data = try folder.readJSON(TreeEnsembleData.self, "trees")
        guard data.trees.count == 1 else { throw MLError.persistence("\(folder.path): a decision tree model must hold one tree (found \(data.trees.count))") }
        try validateTree(data.trees[0], folder: folder)
        tree = data.trees[0]
    }
}
