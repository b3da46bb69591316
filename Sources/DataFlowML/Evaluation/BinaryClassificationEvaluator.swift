import DataFlow
import DataFlowColumnar

/// Area under the ROC or precision-recall curve, as Spark's `BinaryClassificationEvaluator`.
///
/// The score is the `rawPredictionCol` value (a double), or its element 1 when it is a vector (the
/// positive class's raw score or probability). Labels > 0.5 are positive. As in Spark, the curve has
/// one point per distinct score, down-sampled to about `numBins` points (0: no down-sampling) when there
/// are at least twice as many distinct scores; areas are by the trapezoidal rule, the PR curve starting
/// at (0, precision at the highest score).
public struct BinaryClassificationEvaluator: Evaluator {
    public static let className = "BinaryClassificationEvaluator"
    public static var params: [Param<BinaryClassificationEvaluator>] {
        [
            .string("metricName", \.metricName, "metric name in evaluation (areaUnderROC|areaUnderPR)",
                    oneOf: ["areaUnderROC", "areaUnderPR"]),
            .string("rawPredictionCol", \.rawPredictionCol, "raw prediction (a.k.a. confidence) column name"),
            .string("labelCol", \.labelCol, "label column name"),
            .optionalString("weightCol", \.weightCol, "weight column name; if unset, all instance weights are 1"),
            .int("numBins", \.numBins, "number of bins to down-sample the curves to; 0: no down-sampling", min: 0),
        ]
    }
    public var uid = ML.uid(className)
    public var metricName = "areaUnderROC"
    public var rawPredictionCol = "rawPrediction"
    public var labelCol = "label"
    public var weightCol: String? = nil
    public var numBins = 1000

    public init() {}

    public init(metricName: String = "areaUnderROC", rawPredictionCol: String = "rawPrediction",
                labelCol: String = "label", weightCol: String? = nil, numBins: Int = 1000) {
        self.metricName = metricName; self.rawPredictionCol = rawPredictionCol; self.labelCol = labelCol
        self.weightCol = weightCol; self.numBins = numBins
    }

    public var isLargerBetter: Bool { true }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        return schema
    }

    public func evaluate(_ df: DataFrame) throws -> Double {
        try validateParams()
        let schema = try df.schema
        guard let i = schema.index(of: rawPredictionCol) else {
            throw MLError.column(Self.className, "rawPredictionCol", rawPredictionCol, "does not exist; the columns are \(schema.names.joined(separator: ", "))")
        }
        let type = schema.fields[i].type
        guard VectorColumn.isVector(type) || type.isNumeric else {
            throw MLError.column(Self.className, "rawPredictionCol", rawPredictionCol, "must be a vector or a number, not \(type.sqlName)")
        }
        try MLData.checkNumeric(df, labelCol, Self.className)
        if let w = weightCol { try MLData.checkNumeric(df, w, Self.className) }
        var cols = [VectorColumn.isVector(type) ? DataFlow.Column(rawPredictionCol) : DataFlow.Column(rawPredictionCol).cast(.float64),
                    DataFlow.Column(labelCol).cast(.float64)]
        if let w = weightCol { cols.append(DataFlow.Column(w).cast(.float64)) }
        let batches = try df.select(cols).collectBatches()
        let label = try MLData.doubles(batches, column: 1, name: labelCol, stage: Self.className)
        var weight = [Double](repeating: 1, count: label.count)
        if let w = weightCol {
            weight = try MLData.doubles(batches, column: 2, name: w, stage: Self.className)
            if let bad = weight.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
                throw MLError.invalidInput("BinaryClassificationEvaluator: weightCol '\(w)' must be finite and >= 0 (got \(weight[bad]) at row \(bad + 1))")
            }
        }
        var score: [Double] = []
        if VectorColumn.isVector(type) {
            score.reserveCapacity(label.count)
            for b in batches {
                let r = try VectorColumn.reader(b.columns[0], "rawPredictionCol '\(rawPredictionCol)'")
                for row in 0..<b.rowCount {
                    guard !r.isNull(row), r.size(row) == 2, let v = r.vector(row) else {
                        throw MLError.invalidInput("BinaryClassificationEvaluator: rawPredictionCol '\(rawPredictionCol)' must hold vectors of size 2 (row \(score.count + 1))")
                    }
                    score.append(v[1])
                }
            }
        } else {
            score = try MLData.doubles(batches, column: 0, name: rawPredictionCol, stage: Self.className)
        }
        return metricName == "areaUnderPR"
            ? BinaryClassificationMetrics.areaUnderPR(score: score, label: label, weight: weight, numBins: numBins)
            : BinaryClassificationMetrics.areaUnderROC(score: score, label: label, weight: weight, numBins: numBins)
    }
}
