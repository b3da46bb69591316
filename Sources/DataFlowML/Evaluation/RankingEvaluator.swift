import DataFlow
import DataFlowColumnar

/// Ranking metrics, as Spark's `RankingEvaluator`: per row, `predictionCol` is the ranked list of
/// recommended items and `labelCol` the set of relevant ones (both `array<double>`); the metric is the
/// mean over rows of "meanAveragePrecision" (default), "meanAveragePrecisionAtK", "precisionAtK",
/// "ndcgAtK" (binary relevance) or "recallAtK", with `k` (default 10). Rows without relevant items count 0.
public struct RankingEvaluator: Evaluator {
    public static let className = "RankingEvaluator"
    public static var params: [Param<RankingEvaluator>] {
        [
            .string("metricName", \.metricName, "metric name in evaluation",
                    oneOf: ["meanAveragePrecision", "meanAveragePrecisionAtK", "precisionAtK", "ndcgAtK", "recallAtK"]),
            .int("k", \.k, "the ranking position value used in the metrics ending in AtK", min: 1),
            .string("labelCol", \.labelCol, "label column name (an array of relevant items)"),
            .string("predictionCol", \.predictionCol, "prediction column name (an array of ranked items)"),
        ]
    }
    public var uid = ML.uid(className)
    public var metricName = "meanAveragePrecision"
    public var k = 10
    public var labelCol = "label"
    public var predictionCol = "prediction"

    public init() {}

    public init(metricName: String = "meanAveragePrecision", k: Int = 10, labelCol: String = "label",
                predictionCol: String = "prediction") {
        self.metricName = metricName; self.k = k; self.labelCol = labelCol; self.predictionCol = predictionCol
    }

    public var isLargerBetter: Bool { true }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        for (param, name) in [("predictionCol", predictionCol), ("labelCol", labelCol)] {
            guard let i = schema.index(of: name) else {
                throw MLError.column(Self.className, param, name, "does not exist; the columns are \(schema.names.joined(separator: ", "))")
            }
            guard case .array(let element) = schema.fields[i].type, element.isNumeric else {
                throw MLError.column(Self.className, param, name, "must be an array of numbers, not \(schema.fields[i].type.sqlName)")
            }
        }
        return schema
    }

    public func evaluate(_ df: DataFrame) throws -> Double {
        let schema = try transformSchema(df.schema)
        let cast = DataType.array(.float64)
        // Lists of other numbers are cast to array<double> by the engine.
        let cols = [predictionCol, labelCol].map { name -> DataFlow.Column in
            (schema.index(of: name).map { schema.fields[$0].type == cast } ?? false) ? DataFlow.Column(name) : DataFlow.Column(name).cast(cast)
        }
        let batches = try df.select(cols).collectBatches()
        var rows: [([Double], [Double])] = []
        for b in batches {
            let p = try VectorColumn.reader(b.columns[0], "predictionCol '\(predictionCol)'")
            let l = try VectorColumn.reader(b.columns[1], "labelCol '\(labelCol)'")
            for i in 0..<b.rowCount {
                // A null list counts as empty (Spark's RankingMetrics would fail on it).
                rows.append((p.vector(i)?.toArray() ?? [], l.vector(i)?.toArray() ?? []))
            }
        }
        switch metricName {
        case "meanAveragePrecisionAtK": return RankingMetrics.meanAveragePrecisionAt(rows, k: k)
        case "precisionAtK": return RankingMetrics.precisionAt(rows, k: k)
        case "ndcgAtK": return RankingMetrics.ndcgAt(rows, k: k)
        case "recallAtK": return RankingMetrics.recallAt(rows, k: k)
        default: return RankingMetrics.meanAveragePrecision(rows)
        }
    }
}
