import DataFlow
import DataFlowColumnar

/// What Spark's probabilistic classifiers share: label checks, the output schema
/// (rawPrediction and probability vectors, prediction double) and the per-batch scoring loop.
enum ClassifierOutput {
    /// numClasses = max label + 1; labels must be integers >= 0, as Spark requires.
    static func numClasses(_ y: [Double], labelCol: String, stage: String) throws -> Int {
        var maxLabel = 0.0
        for (i, v) in y.enumerated() {
            guard v >= 0, v == v.rounded(), v < 1e7 else {
                throw MLError.invalidInput("\(stage): labelCol '\(labelCol)' must hold class indices 0, 1, 2, … (got \(v) at row \(i + 1))")
            }
            maxLabel = max(maxLabel, v)
        }
        return Int(maxLabel) + 1
    }

    static func schema(_ schema: Schema, stage: String, featuresCol: String, rawPredictionCol: String,
                       probabilityCol: String, predictionCol: String) throws -> Schema {
        try MLData.checkVector(schema, featuresCol, param: "featuresCol", stage: stage)
        var fields = schema.fields
        for (param, name, type) in [("rawPredictionCol", rawPredictionCol, VectorColumn.denseType),
                                    ("probabilityCol", probabilityCol, VectorColumn.denseType),
                                    ("predictionCol", predictionCol, DataType.float64)] where !name.isEmpty {
            try MLData.checkNew(Schema(fields), name, param: param, stage: stage)
            fields.append(Field(name, type))
        }
        return Schema(fields)
    }

    /// The index of the largest `p[k] / thresholds[k]` (plain argmax without thresholds); ties take the first.
    static func argmax(_ p: [Double], thresholds: [Double]) -> Double {
        var best = 0, bestValue = -Double.infinity
        for k in 0..<p.count {
            let v = thresholds.count == p.count ? (thresholds[k] == 0 ? Double.infinity : p[k] / thresholds[k]) : p[k]
            if v > bestValue { best = k; bestValue = v }
        }
        return Double(best)
    }

    /// Adds the classifier's output columns, scoring each row with `raw` → `probability` → `prediction`.
    static func transform(_ df: DataFrame, schema out: Schema, stage: String, featuresCol: String,
                          numFeatures: Int, numClasses: Int, rawPredictionCol: String, probabilityCol: String,
                          predictionCol: String,
                          validate: (@Sendable (UnsafeBufferPointer<Double>) throws -> Void)? = nil,
                          raw: @escaping @Sendable (UnsafeBufferPointer<Double>, inout [Double]) -> Void,
                          probability: @escaping @Sendable (inout [Double]) -> Void,
                          prediction: @escaping @Sendable ([Double], [Double]) -> Double) throws -> DataFrame {
        let input = try df.schema
        let added = Array(out.fields[input.fields.count...])
        guard !added.isEmpty else { return df }
        let wantRaw = !rawPredictionCol.isEmpty, wantProb = !probabilityCol.isEmpty, wantPred = !predictionCol.isEmpty
        return try df.appendingColumns(added, reading: [featuresCol], name: stage) { batch in
            guard let c = batch.column(named: featuresCol) else {
                throw MLError.invalidInput("\(stage): featuresCol '\(featuresCol)' is missing from a batch")
            }
            let reader = try VectorColumn.reader(c, "featuresCol '\(featuresCol)'")
            let n = batch.rowCount
            var raws = [Double](), probs = [Double](), preds = [Double]()
            if wantRaw { raws.reserveCapacity(n * numClasses) }
            if wantProb { probs.reserveCapacity(n * numClasses) }
            if wantPred { preds.reserveCapacity(n) }
            var x = [Double](repeating: 0, count: numFeatures)
            var r = [Double](repeating: 0, count: numClasses)
            for i in 0..<n {
                if reader.isNull(i) { throw MLError.invalidInput("\(stage): featuresCol '\(featuresCol)' is null at a row") }
                guard reader.size(i) == numFeatures else {
                    throw MLError.invalidInput("\(stage): featuresCol '\(featuresCol)' has a vector of size \(reader.size(i)); the model has \(numFeatures) features")
                }
                try x.withUnsafeMutableBufferPointer { xb in
                    reader.copyDense(i, into: xb)
                    let row = UnsafeBufferPointer(xb)
                    try validate?(row)
                    raw(row, &r)
                }
                if wantRaw { raws.append(contentsOf: r) }
                var p = r
                probability(&p)
                if wantProb { probs.append(contentsOf: p) }
                if wantPred { preds.append(prediction(r, p)) }
            }
            var cols: [DataFlowColumnar.Column] = []
            if wantRaw { cols.append(VectorColumn.dense(rows: n, width: numClasses, rowMajor: raws)) }
            if wantProb { cols.append(VectorColumn.dense(rows: n, width: numClasses, rowMajor: probs)) }
            if wantPred { cols.append(VectorColumn.float64Column(preds)) }
            return cols
        }
    }
}

/// The columns of a probabilistic classifier stage (Spark's `ProbabilisticClassifierParams`).
protocol ClassifierColumns: PipelineStage {
    var featuresCol: String { get set }
    var predictionCol: String { get set }
    var probabilityCol: String { get set }
    var rawPredictionCol: String { get set }
}

extension ClassifierColumns {
    /// `validateParams()`, then `ClassifierOutput.schema` with this stage's columns.
    func classifierOutputSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        return try ClassifierOutput.schema(schema, stage: Self.className, featuresCol: featuresCol,
                                           rawPredictionCol: rawPredictionCol, probabilityCol: probabilityCol,
                                           predictionCol: predictionCol)
    }
}
