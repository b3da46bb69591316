import DataFlow
import DataFlowColumnar

/// Multiclass metrics, as Spark's `MulticlassClassificationEvaluator`: "f1" (default, the weighted
/// F-measure), "accuracy", "weightedPrecision", "weightedRecall", "weightedTruePositiveRate",
/// "weightedFalsePositiveRate", "weightedFMeasure" (with `beta`), the per-label "truePositiveRateByLabel",
/// "falsePositiveRateByLabel", "precisionByLabel", "recallByLabel", "fMeasureByLabel" (of `metricLabel`),
/// "hammingLoss" and "logLoss" (from `probabilityCol`, probabilities clipped to [eps, 1 − eps]).
public struct MulticlassClassificationEvaluator: Evaluator {
    public static let className = "MulticlassClassificationEvaluator"
    static let metricNames = ["f1", "accuracy", "weightedPrecision", "weightedRecall", "weightedTruePositiveRate",
                              "weightedFalsePositiveRate", "weightedFMeasure", "truePositiveRateByLabel",
                              "falsePositiveRateByLabel", "precisionByLabel", "recallByLabel", "fMeasureByLabel",
                              "hammingLoss", "logLoss"]
    public static var params: [Param<MulticlassClassificationEvaluator>] {
        [
            .string("metricName", \.metricName, "metric name in evaluation", oneOf: metricNames),
            .string("labelCol", \.labelCol, "label column name"),
            .string("predictionCol", \.predictionCol, "prediction column name"),
            .string("probabilityCol", \.probabilityCol, "column name for predicted class conditional probabilities (logLoss)"),
            .optionalString("weightCol", \.weightCol, "weight column name; if unset, all instance weights are 1"),
            .double("metricLabel", \.metricLabel, "the class whose metric is computed by the ...ByLabel metrics", min: 0),
            .double("beta", \.beta, "the beta value of the weighted F-measure", min: 0, minOpen: true),
            .double("eps", \.eps, "log-loss clips probabilities to [eps, 1 - eps]", min: 0, max: 0.5, minOpen: true),
        ]
    }
    public var uid = ML.uid(className)
    public var metricName = "f1"
    public var labelCol = "label"
    public var predictionCol = "prediction"
    public var probabilityCol = "probability"
    public var weightCol: String? = nil
    public var metricLabel = 0.0
    public var beta = 1.0
    public var eps = 1e-15

    public init() {}

    public init(metricName: String = "f1", labelCol: String = "label", predictionCol: String = "prediction",
                weightCol: String? = nil) {
        self.metricName = metricName; self.labelCol = labelCol; self.predictionCol = predictionCol
        self.weightCol = weightCol
    }

    public var isLargerBetter: Bool {
        !["weightedFalsePositiveRate", "falsePositiveRateByLabel", "hammingLoss", "logLoss"].contains(metricName)
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        return schema
    }

    public func evaluate(_ df: DataFrame) throws -> Double {
        try validateParams()
        if metricName == "logLoss" {
            try MLData.checkVector(try df.schema, probabilityCol, param: "probabilityCol", stage: Self.className)
            try MLData.checkNumeric(df, labelCol, Self.className)
            var cols = [DataFlow.Column(probabilityCol), DataFlow.Column(labelCol).cast(.float64)]
            if let w = weightCol { try MLData.checkNumeric(df, w, Self.className); cols.append(DataFlow.Column(w).cast(.float64)) }
            let batches = try df.select(cols).collectBatches()
            let label = try MLData.doubles(batches, column: 1, name: labelCol, stage: Self.className)
            let weight = try weightCol.map { try MLData.doubles(batches, column: 2, name: $0, stage: Self.className) }
                ?? [Double](repeating: 1, count: label.count)
            var probabilities: [[Double]] = []
            probabilities.reserveCapacity(label.count)
            for b in batches {
                let r = try VectorColumn.reader(b.columns[0], "probabilityCol '\(probabilityCol)'")
                for row in 0..<b.rowCount {
                    guard let v = r.vector(row) else {
                        throw MLError.invalidInput("MulticlassClassificationEvaluator: probabilityCol '\(probabilityCol)' is null at row \(probabilities.count + 1)")
                    }
                    probabilities.append(v.toArray())
                }
            }
            return MulticlassMetrics.logLoss(label: label, probabilities: probabilities, weight: weight, eps: eps)
        }
        let cols = try EvaluatorInput.doubles(df, [predictionCol, labelCol], weightCol: weightCol, stage: Self.className)
        let m = MulticlassMetrics(prediction: cols.values[0], label: cols.values[1], weight: cols.weight)
        switch metricName {
        case "accuracy": return m.accuracy
        case "weightedPrecision": return m.weightedPrecision
        case "weightedRecall": return m.weightedRecall
        case "weightedTruePositiveRate": return m.weightedTruePositiveRate
        case "weightedFalsePositiveRate": return m.weightedFalsePositiveRate
        case "weightedFMeasure": return m.weightedFMeasure(beta: beta)
        case "truePositiveRateByLabel": return m.truePositiveRate(metricLabel)
        case "falsePositiveRateByLabel": return m.falsePositiveRate(metricLabel)
        case "precisionByLabel": return m.precision(metricLabel)
        case "recallByLabel": return m.recall(metricLabel)
        case "fMeasureByLabel": return m.fMeasure(metricLabel, beta: beta)
        case "hammingLoss": return m.hammingLoss
        default: return m.weightedFMeasure(beta: 1)
        }
    }
}
