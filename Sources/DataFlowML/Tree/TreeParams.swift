import DataFlow
import DataFlowColumnar
import Foundation

/// Parameters every decision tree and forest shares (Spark's `DecisionTreeParams`), with Spark's names.
public protocol TreeStageParams: PipelineStage {
    var featuresCol: String { get set }
    var labelCol: String { get set }
    var predictionCol: String { get set }
    var weightCol: String? { get set }
    var maxDepth: Int { get set }
    var maxBins: Int { get set }
    var minInstancesPerNode: Int { get set }
    var minWeightFractionPerNode: Double { get set }
    var minInfoGain: Double { get set }
    var impurity: String { get set }
    var seed: Int64 { get set }
}

/// Classifiers' extra output columns.
public protocol TreeClassifierParams: TreeStageParams {
    var probabilityCol: String { get set }
    var rawPredictionCol: String { get set }
}

/// Random forest parameters (Spark's `RandomForestParams`).
public protocol ForestStageParams: TreeStageParams {
    var numTrees: Int { get set }
    var featureSubsetStrategy: String { get set }
    var subsamplingRate: Double { get set }
    var bootstrap: Bool { get set }
}

/// Spark's default seed for a class: the Java `hashCode` of its simple name.
func sparkDefaultSeed(_ className: String) -> Int64 {
    var h: Int32 = 0
    for u in className.utf16 { h = h &* 31 &+ Int32(u) }
    return Int64(h)
}

extension TreeStageParams {
    static func treeParams(classification: Bool) -> [Param<Self>] {
        let p: [Param<Self>] = [
            .string("featuresCol", \.featuresCol, "features column name"),
            .string("labelCol", \.labelCol, "label column name"),
            .string("predictionCol", \.predictionCol, "prediction column name"),
            .optionalString("weightCol", \.weightCol, "weight column name; unset means every row has weight 1"),
            .int("maxDepth", \.maxDepth, "maximum depth of the tree (0 = one leaf; depth 1 = one split)", min: 0, max: 30),
            .int("maxBins", \.maxBins, "maximum number of bins continuous features are cut into for split finding", min: 2),
            .int("minInstancesPerNode", \.minInstancesPerNode, "minimum number of rows each child must have after a split", min: 1),
            .double("minWeightFractionPerNode", \.minWeightFractionPerNode,
                    "minimum fraction of the total weight each child must have after a split", min: 0, max: 0.4999999),
            .double("minInfoGain", \.minInfoGain, "minimum information gain for a split", min: 0),
            .string("impurity", \.impurity, "criterion used for information gain",
                    oneOf: classification ? ["gini", "entropy"] : ["variance"]),
            .int64("seed", \.seed, "random seed"),
        ]
        return p
    }

    func treeStrategy(impurityKind: TreeImpurity, numClasses: Int, threads: Int) -> TreeStrategy {
        var s = TreeStrategy(impurity: impurityKind)
        s.numClasses = numClasses
        s.maxDepth = maxDepth
        s.maxBins = maxBins
        s.minInstancesPerNode = minInstancesPerNode
        s.minWeightFractionPerNode = minWeightFractionPerNode
        s.minInfoGain = minInfoGain
        s.seed = seed
        s.threads = threads
        return s
    }

    /// Reads features, label and weight for training.
    func trainingData(_ df: DataFrame) throws -> TreeInput {
        try validateParams()
        let schema = try df.schema
        try MLData.checkVector(schema, featuresCol, param: "featuresCol", stage: Self.className)
        let data = try MLData.labeled(df, featuresCol: featuresCol, labelCol: labelCol, weightCol: weightCol, stage: Self.className)
        if let bad = data.y.firstIndex(where: { !$0.isFinite }) {
            throw MLError.invalidInput("\(Self.className): labelCol '\(labelCol)' is \(data.y[bad]) at row \(bad + 1)")
        }
        if let bad = data.x.firstIndex(where: { $0.isNaN }) {
            throw MLError.invalidInput("\(Self.className): featuresCol '\(featuresCol)' holds NaN at row \(bad / max(data.d, 1) + 1)")
        }
        return TreeInput(n: data.n, d: data.d, x: data.x, y: data.y, w: data.w)
    }
}

extension TreeClassifierParams {
    static func classifierColumnParams() -> [Param<Self>] {
        [
            .string("probabilityCol", \.probabilityCol, "column for predicted class probabilities (empty: not produced)", allowEmpty: true),
            .string("rawPredictionCol", \.rawPredictionCol, "column for raw prediction (class weights; empty: not produced)", allowEmpty: true),
        ]
    }

    /// The number of classes: the largest label + 1; labels must be whole numbers >= 0.
    func numClasses(_ y: [Double]) throws -> Int {
        var maxLabel = 0.0
        for (i, v) in y.enumerated() {
            guard v >= 0, v == v.rounded(), v < 10_000 else {
                throw MLError.invalidInput("\(Self.className): labelCol '\(labelCol)' must hold class indices 0, 1, 2, … (got \(v) at row \(i + 1)); index string labels with StringIndexer")
            }
            maxLabel = max(maxLabel, v)
        }
        return Int(maxLabel) + 1
    }
}

extension ForestStageParams {
    static func forestParams() -> [Param<Self>] {
        [
            .int("numTrees", \.numTrees, "number of trees to train", min: 1),
            .string("featureSubsetStrategy", \.featureSubsetStrategy,
                    "features considered at each node: auto, all, onethird, sqrt, log2, an integer n or a fraction in (0, 1]"),
            .double("subsamplingRate", \.subsamplingRate, "fraction of the training data each tree learns from", min: 0, max: 1, minOpen: true),
            .bool("bootstrap", \.bootstrap, "whether each tree learns from a bootstrap sample (Poisson(1) row counts)"),
        ]
    }

    /// Spark's `featureSubsetStrategy` rules: auto = all for one tree, else sqrt (classification) or
    /// onethird (regression).
    func featuresPerNode(d: Int, classification: Bool) throws -> Int {
        let s = featureSubsetStrategy.lowercased()
        let df = Double(d)
        switch s {
        case "auto": return numTrees == 1 ? d : featuresPerNode(d, classification ? "sqrt" : "onethird")
        case "all", "onethird", "sqrt", "log2": return featuresPerNode(d, s)
        default:
            if let n = Int(s), n > 0 { return min(n, d) }
            if let f = Double(s), f > 0, f <= 1 { return Int((f * df).rounded(.up)) }
            throw MLError.invalidParam("\(Self.className): featureSubsetStrategy must be auto, all, onethird, sqrt, log2, an integer > 0 or a fraction in (0, 1] (got \"\(featureSubsetStrategy)\")")
        }
    }

    private func featuresPerNode(_ d: Int, _ s: String) -> Int {
        let df = Double(d)
        switch s {
        case "onethird": return Int((df / 3).rounded(.up))
        case "sqrt": return Int(df.squareRoot().rounded(.up))
        case "log2": return max(1, Int((Foundation.log(df) / Foundation.log(2.0)).rounded(.up)))
        default: return d
        }
    }

    func forestStrategy(impurityKind: TreeImpurity, numClasses: Int, d: Int, threads: Int) throws -> TreeStrategy {
        var s = treeStrategy(impurityKind: impurityKind, numClasses: numClasses, threads: threads)
        s.numTrees = numTrees
        s.featuresPerNode = try featuresPerNode(d: d, classification: impurityKind.isClassification)
        s.subsamplingRate = subsamplingRate
        s.bootstrap = bootstrap
        return s
    }
}

/// What tree models store in `data/trees.json`.
struct TreeEnsembleData: Codable {
    var numFeatures: Int
    var numClasses: Int
    var trees: [DecisionTreeData]
}

/// Adds the prediction columns of a tree model. `predictRow` maps one dense feature row to
/// (raw, probability, prediction); classifiers return class-sized raw and probability vectors.
func appendTreePredictions(_ df: DataFrame, stage: String, featuresCol: String, numFeatures: Int,
                           predictionCol: String, rawPredictionCol: String, probabilityCol: String,
                           predictRow: @escaping @Sendable (UnsafeBufferPointer<Double>) -> ([Double], [Double], Double)) throws -> DataFrame {
    let schema = try df.schema
    try MLData.checkVector(schema, featuresCol, param: "featuresCol", stage: stage)
    var fields: [Field] = []
    if !rawPredictionCol.isEmpty { fields.append(Field(rawPredictionCol, VectorColumn.denseType)) }
    if !probabilityCol.isEmpty { fields.append(Field(probabilityCol, VectorColumn.denseType)) }
    if !predictionCol.isEmpty { fields.append(Field(predictionCol, .float64)) }
    if fields.isEmpty { return df }
    let wantRaw = !rawPredictionCol.isEmpty, wantProb = !probabilityCol.isEmpty, wantPred = !predictionCol.isEmpty
    return try df.appendingColumns(fields, reading: [featuresCol], name: stage) { batch in
        guard let col = batch.column(named: featuresCol) else {
            throw MLError.column(stage, "featuresCol", featuresCol, "is missing from the batch")
        }
        let reader = try VectorReader(col, "\(stage): featuresCol '\(featuresCol)'")
        let n = batch.rowCount
        var raws: [Vector?] = [], probs: [Vector?] = [], preds: [Double?] = []
        var row = [Double](repeating: 0, count: numFeatures)
        for i in 0..<n {
            if reader.isNull(i) {
                if wantRaw { raws.append(nil) }
                if wantProb { probs.append(nil) }
                if wantPred { preds.append(nil) }
                continue
            }
            let size = reader.size(i)
            guard size == numFeatures else {
                throw MLError.invalidInput("\(stage): featuresCol '\(featuresCol)' has a vector of size \(size); the model was trained on \(numFeatures) features")
            }
            let (raw, prob, pred) = row.withUnsafeMutableBufferPointer { p -> ([Double], [Double], Double) in
                reader.copyDense(i, into: p)
                return predictRow(UnsafeBufferPointer(p))
            }
            if wantRaw { raws.append(.dense(raw)) }
            if wantProb { probs.append(.dense(prob)) }
            if wantPred { preds.append(pred) }
        }
        var out: [ColumnData] = []
        if wantRaw { out.append(VectorColumn.make(raws)) }
        if wantProb { out.append(VectorColumn.make(probs)) }
        if wantPred { out.append(.float64(preds)) }
        return out
    }
}

/// Index of the first largest value (Spark's `Vector.argmax`).
func argmax(_ v: [Double]) -> Int {
    var best = 0
    for i in 1..<max(v.count, 1) where v[i] > v[best] { best = i }
    return best
}
