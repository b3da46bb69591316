import DataFlow
import DataFlowColumnar

/// Regression metrics, as Spark's `RegressionEvaluator`: "rmse" (default), "mse", "r2", "mae", "var"
/// (explained variance); weighted with `weightCol`; `throughOrigin` gives r2 of a model without intercept.
///
/// ```swift
/// let rmse = try RegressionEvaluator(metricName: "rmse", labelCol: "rating").evaluate(predictions)
/// ```
public struct RegressionEvaluator: Evaluator {
    public static let className = "RegressionEvaluator"
    public static var params: [Param<RegressionEvaluator>] {
        [
            .string("metricName", \.metricName, "metric name in evaluation (mse|rmse|r2|mae|var)",
                    oneOf: ["rmse", "mse", "r2", "mae", "var"]),
            .string("labelCol", \.labelCol, "label column name"),
            .string("predictionCol", \.predictionCol, "prediction column name"),
            .optionalString("weightCol", \.weightCol, "weight column name; if unset, all instance weights are 1"),
            .bool("throughOrigin", \.throughOrigin, "whether the regression is through the origin"),
        ]
    }
    public var uid = ML.uid(className)
    public var metricName = "rmse"
    public var labelCol = "label"
    public var predictionCol = "prediction"
    public var weightCol: String? = nil
    public var throughOrigin = false

    public init() {}

    public init(metricName: String = "rmse", labelCol: String = "label", predictionCol: String = "prediction",
                weightCol: String? = nil, throughOrigin: Bool = false) {
        self.metricName = metricName; self.labelCol = labelCol; self.predictionCol = predictionCol
        self.weightCol = weightCol; self.throughOrigin = throughOrigin
    }

    public var isLargerBetter: Bool { metricName == "r2" || metricName == "var" }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        return schema
    }

    public func evaluate(_ df: DataFrame) throws -> Double {
        try validateParams()
        let cols = try EvaluatorInput.doubles(df, [predictionCol, labelCol], weightCol: weightCol, stage: Self.className)
        let m = RegressionMetrics.compute(label: cols.values[1], prediction: cols.values[0], weight: cols.weight,
                                          throughOrigin: throughOrigin)
        switch metricName {
        case "mse": return m.mse
        case "r2": return m.r2
        case "mae": return m.mae
        case "var": return m.explainedVariance
        default: return m.rmse
        }
    }
}

/// Collecting evaluator inputs in one pass (one query, so every column sees the same rows).
enum EvaluatorInput {
    static func doubles(_ df: DataFrame, _ names: [String], weightCol: String?, stage: String)
        throws -> (values: [[Double]], weight: [Double]) {
        var all = names
        if let w = weightCol { all.append(w) }
        for c in all { try MLData.checkNumeric(df, c, stage) }
        let batches = try df.select(all.map { DataFlow.Column($0).cast(.float64) }).collectBatches()
        var values: [[Double]] = []
        for (i, c) in all.enumerated() { values.append(try MLData.doubles(batches, column: i, name: c, stage: stage)) }
        var weight = [Double](repeating: 1, count: values.first?.count ?? 0)
        if let w = weightCol {
            weight = values.removeLast()
            if let bad = weight.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
                throw MLError.invalidInput("\(stage): weightCol '\(w)' must be finite and >= 0 (got \(weight[bad]) at row \(bad + 1))")
            }
        }
        return (values, weight)
    }
}
