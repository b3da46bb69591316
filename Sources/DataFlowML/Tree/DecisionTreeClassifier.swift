import DataFlow
import DataFlowColumnar
import Foundation

/// A decision tree classifier, as Spark's `DecisionTreeClassifier`: continuous features binned into at most
/// `maxBins` candidate thresholds, gini or entropy impurity, depth-limited. Labels are class indices
/// 0, 1, 2, … (use `StringIndexer` for strings). Categorical-feature metadata is not supported: every feature
/// is treated as continuous.
///
/// ```swift
/// let model = try DecisionTreeClassifier(maxDepth: 3).fit(train)
/// let scored = try model.transform(test)   // rawPrediction, probability, prediction
/// ```
public struct DecisionTreeClassifier: Estimator, TreeClassifierParams {
    public static let className = "DecisionTreeClassifier"
    public static var params: [Param<Self>] { treeParams(classification: true) + classifierColumnParams() }
    public var uid = ML.uid(className)
    public var featuresCol = "features"
    public var labelCol = "label"
    public var predictionCol = "prediction"
    public var probabilityCol = "probability"
    public var rawPredictionCol = "rawPrediction"
    public var weightCol: String? = nil
    public var maxDepth = 5
    public var maxBins = 32
    public var minInstancesPerNode = 1
    public var minWeightFractionPerNode = 0.0
    public var minInfoGain = 0.0
    public var impurity = "gini"
    public var seed = sparkDefaultSeed(className)

    public init() {}
    public init(featuresCol: String = "features", labelCol: String = "label", maxDepth: Int = 5, impurity: String = "gini") {
        self.featuresCol = featuresCol; self.labelCol = labelCol; self.maxDepth = maxDepth; self.impurity = impurity
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try classifierSchema(self, schema)
    }

    public func fit(_ df: DataFrame) throws -> DecisionTreeClassificationModel {
        let input = try trainingData(df)
        let k = try numClasses(input.y)
        let strategy = treeStrategy(impurityKind: TreeImpurity(rawValue: impurity) ?? .gini, numClasses: k, threads: df.session.threads)
        let trees = try TreeLearner.train(input, strategy)
        var m = DecisionTreeClassificationModel()
        copyTreeParams(from: self, to: &m)
        m.probabilityCol = probabilityCol
        m.rawPredictionCol = rawPredictionCol
        m.tree = trees[0]
        return m
    }
}

/// A fitted decision tree classifier. `rawPrediction` holds the reached leaf's class weights,
/// `probability` those normalised, `prediction` the first most likely class.
public struct DecisionTreeClassificationModel: Model, ModelData, TreeClassifierParams {
    public static let className = "DecisionTreeClassificationModel"
    public static var params: [Param<Self>] { treeParams(classification: true) + classifierColumnParams() }
    public var uid = ML.uid(className)
    public var featuresCol = "features"
    public var labelCol = "label"
    public var predictionCol = "prediction"
    public var probabilityCol = "probability"
    public var rawPredictionCol = "rawPrediction"
    public var weightCol: String? = nil
    public var maxDepth = 5
    public var maxBins = 32
    public var minInstancesPerNode = 1
    public var minWeightFractionPerNode = 0.0
    public var minInfoGain = 0.0
    public var impurity = "gini"
    public var seed = sparkDefaultSeed("DecisionTreeClassifier")
    /// The fitted tree.
    public var tree = DecisionTreeData(nodes: [], numFeatures: 0, numClasses: 0)

    public init() {}

    public var numFeatures: Int { tree.numFeatures }
    public var numClasses: Int { tree.numClasses }
    public var depth: Int { tree.depth }
    public var numNodes: Int { tree.numNodes }
    /// Spark's importance estimate: Σ gain × node weight per feature, normalised to sum 1.
    public var featureImportances: Vector { .dense(ensembleFeatureImportances([tree], numFeatures: numFeatures)) }
    /// The tree as Spark prints it (`If (feature 2 <= 2.45)` …).
    public var toDebugString: String {
        (["DecisionTreeClassificationModel: uid=\(uid), depth=\(depth), numNodes=\(numNodes), numClasses=\(numClasses), numFeatures=\(numFeatures)"]
            + tree.debugLines()).joined(separator: "\n")
    }

    /// The class of one feature vector.
    public func predict(_ features: Vector) -> Double { tree.leaf(features.toArray()).prediction }

    /// Class probabilities of one feature vector.
    public func predictProbability(_ features: Vector) -> Vector { .dense(normalized(tree.leaf(features.toArray()).stats)) }

    public func transformSchema(_ schema: Schema) throws -> Schema { try classifierSchema(self, schema) }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        try validateParams()
        let tree = self.tree
        return try appendTreePredictions(df, stage: Self.className, featuresCol: featuresCol, numFeatures: numFeatures,
                                         predictionCol: predictionCol, rawPredictionCol: rawPredictionCol,
                                         probabilityCol: probabilityCol) { row in
            let leaf = tree.nodes[tree.leafIndex { row[$0] }]
            return (leaf.stats, normalized(leaf.stats), leaf.prediction)
        }
    }

    public func writeData(to folder: ModelFolder) throws {
        try folder.writeJSON("trees", TreeEnsembleData(numFeatures: tree.numFeatures, numClasses: tree.numClasses, trees: [tree]))
    }

    public mutating func readData(from folder: ModelFolder) throws {
        let data = try folder.readJSON(TreeEnsembleData.self, "trees")
        guard data.trees.count == 1 else { throw MLError.persistence("\(folder.path): a decision tree model must hold one tree (found \(data.trees.count))") }
        try validateTree(data.trees[0], folder: folder)
        tree = data.trees[0]
    }
}

/// A probability vector: `v` divided by its sum (unchanged when the sum is 0).
func normalized(_ v: [Double]) -> [Double] {
    let s = v.reduce(0, +)
    return s == 0 ? v : v.map { $0 / s }
}

/// Output schema of a classifier: rawPrediction, probability (vectors) and prediction (double).
func classifierSchema<S: TreeClassifierParams>(_ s: S, _ schema: Schema) throws -> Schema {
    try s.validateParams()
    return try ClassifierOutput.schema(schema, stage: S.className, featuresCol: s.featuresCol, rawPredictionCol: s.rawPredictionCol,
                                       probabilityCol: s.probabilityCol, predictionCol: s.predictionCol)
}

/// Output schema of a regressor: prediction (double).
func regressorSchema<S: TreeStageParams>(_ s: S, _ schema: Schema) throws -> Schema {
    try s.validateParams()
    try MLData.checkVector(schema, s.featuresCol, param: "featuresCol", stage: S.className)
    try MLData.checkNew(schema, s.predictionCol, param: "predictionCol", stage: S.className)
    return Schema(schema.fields + [Field(s.predictionCol, .float64)])
}

/// Copies the shared tree parameters from an estimator to its model.
func copyTreeParams<A: TreeStageParams, B: TreeStageParams>(from a: A, to b: inout B) {
    b.featuresCol = a.featuresCol; b.labelCol = a.labelCol; b.predictionCol = a.predictionCol; b.weightCol = a.weightCol
    b.maxDepth = a.maxDepth; b.maxBins = a.maxBins; b.minInstancesPerNode = a.minInstancesPerNode
    b.minWeightFractionPerNode = a.minWeightFractionPerNode; b.minInfoGain = a.minInfoGain
    b.impurity = a.impurity; b.seed = a.seed
}

/// Rejects saved trees whose child links or split features would send prediction out of bounds.
func validateTree(_ t: DecisionTreeData, folder: ModelFolder) throws {
    let bad = MLError.persistence("\(folder.path)/data/trees.json holds a malformed tree")
    guard !t.nodes.isEmpty, t.numFeatures >= 0, t.numClasses >= 0 else { throw bad }
    for (i, n) in t.nodes.enumerated() {
        if n.feature >= 0 {
            // Children come after their parent in pre-order, so walking always terminates.
            guard n.feature < t.numFeatures, n.left > i, n.right > i, n.left < t.nodes.count, n.right < t.nodes.count else { throw bad }
        }
        guard n.stats.count == (t.numClasses > 0 ? t.numClasses : 3) else { throw bad }
    }
}
