import DataFlow
import DataFlowColumnar
import Foundation

/// A random forest classifier, as Spark's `RandomForestClassifier`: `numTrees` trees, each grown on a
/// Poisson(1) bootstrap sample (`bootstrap`, `subsamplingRate`) and choosing each split among a random
/// subset of features (`featureSubsetStrategy`; auto = sqrt for classification). Trees grow in parallel.
///
/// ```swift
/// let model = try RandomForestClassifier(numTrees: 50, seed: 7).fit(train)
/// ```
public struct RandomForestClassifier: Estimator, TreeClassifierParams, ForestStageParams {
    public static let className = "RandomForestClassifier"
    public static var params: [Param<Self>] { treeParams(classification: true) + classifierColumnParams() + forestParams() }
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

    public func transformSchema(_ schema: Schema) throws -> Schema { try classifierSchema(self, schema) }

    public func fit(_ df: DataFrame) throws -> RandomForestClassificationModel {
        let input = try trainingData(df)
        let k = try numClasses(input.y)
        let strategy = try forestStrategy(impurityKind: TreeImpurity(rawValue: impurity) ?? .gini, numClasses: k, d: input.d,
                                          threads: df.session.threads)
        var m = RandomForestClassificationModel()
        copyTreeParams(from: self, to: &m)
        m.probabilityCol = probabilityCol; m.rawPredictionCol = rawPredictionCol
        m.numTrees = numTrees; m.featureSubsetStrategy = featureSubsetStrategy
        m.subsamplingRate = subsamplingRate; m.bootstrap = bootstrap
        m.trees = try TreeLearner.train(input, strategy)
        m.numFeatures = input.d
        m.numClasses = k
        return m
    }
}

/// A fitted random forest classifier: `rawPrediction` sums each tree's leaf class probabilities,
/// `probability` normalises that sum, `prediction` is its first largest class (Spark's soft voting).
public struct RandomForestClassificationModel: Model, ModelData, TreeClassifierParams, ForestStageParams {
    public static let className = "RandomForestClassificationModel"
    public static var params: [Param<Self>] { treeParams(classification: true) + classifierColumnParams() + forestParams() }
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
    public var seed = sparkDefaultSeed("RandomForestClassifier")
    public var numTrees = 20
    public var featureSubsetStrategy = "auto"
    public var subsamplingRate = 1.0
    public var bootstrap = true
    /// The fitted trees.
    public var trees: [DecisionTreeData] = []
    public var numFeatures = 0
    public var numClasses = 0

    public init() {}

    /// Every tree has weight 1 (Spark's `treeWeights`).
    public var treeWeights: [Double] { [Double](repeating: 1, count: trees.count) }
    public var totalNumNodes: Int { trees.reduce(0) { $0 + $1.numNodes } }
    public var featureImportances: Vector { .dense(ensembleFeatureImportances(trees, numFeatures: numFeatures)) }
    public var toDebugString: String { forestDebugString("RandomForestClassificationModel", uid, trees, extra: "numClasses=\(numClasses), ") }

    /// Class weights summed over trees (each tree's leaf normalised to probabilities).
    func raw(_ feature: (Int) -> Double) -> [Double] {
        var votes = [Double](repeating: 0, count: numClasses)
        for t in trees {
            let s = t.nodes[t.leafIndex(feature)].stats
            let total = s.reduce(0, +)
            if total != 0 { for c in 0..<min(numClasses, s.count) { votes[c] += s[c] / total } }
        }
        return votes
    }

    public func predict(_ features: Vector) -> Double {
        let a = features.toArray()
        return Double(argmax(raw { a[$0] }))
    }

    public func predictProbability(_ features: Vector) -> Vector {
        let a = features.toArray()
        return .dense(normalized(raw { a[$0] }))
    }

    public func transformSchema(_ schema: Schema) throws -> Schema { try classifierSchema(self, schema) }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        try validateParams()
        let model = self
        return try appendTreePredictions(df, stage: Self.className, featuresCol: featuresCol, numFeatures: numFeatures,
                                         predictionCol: predictionCol, rawPredictionCol: rawPredictionCol,
                                         probabilityCol: probabilityCol) { row in
            let r = model.raw { row[$0] }
            return (r, normalized(r), Double(argmax(r)))
        }
    }

    public func writeData(to folder: ModelFolder) throws {
        try folder.writeJSON("trees", TreeEnsembleData(numFeatures: numFeatures, numClasses: numClasses, trees: trees))
    }

    public mutating func readData(from folder: ModelFolder) throws {
        let data = try folder.readJSON(TreeEnsembleData.self, "trees")
        guard !data.trees.isEmpty, data.numClasses > 0 else { throw MLError.persistence("\(folder.path): the forest holds no trees or classes") }
        for t in data.trees {
            guard t.numFeatures == data.numFeatures, t.numClasses == data.numClasses else {
                throw MLError.persistence("\(folder.path)/data/trees.json: trees disagree on the number of features or classes")
            }
            try validateTree(t, folder: folder)
        }
        trees = data.trees; numFeatures = data.numFeatures; numClasses = data.numClasses
    }
}

/// Spark's forest `toDebugString`: a header, then `Tree i (weight 1.0):` and each tree's lines.
func forestDebugString(_ name: String, _ uid: String, _ trees: [DecisionTreeData], extra: String) -> String {
    var lines = ["\(name): uid=\(uid), numTrees=\(trees.count), \(extra)numFeatures=\(trees.first?.numFeatures ?? 0)"]
    for (i, t) in trees.enumerated() {
        lines.append("  Tree \(i) (weight 1.0):")
        lines += t.debugLines(indent: 4)
    }
    return lines.joined(separator: "\n")
}
