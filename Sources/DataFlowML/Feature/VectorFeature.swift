import DataFlow
import DataFlowColumnar

/// Column statistics of a vector column (as Spark's `Summarizer`): count, mean, unbiased variance,
/// min, max, and the number of non-zero entries per dimension. Sparse rows are read through their
/// stored entries only; NaNs are skipped for min and max, as Spark's summarizer does.
struct VectorStats {
    var n = 0
    var d = 0
    var mean: [Double] = []
    var variance: [Double] = []
    var min: [Double] = []
    var max: [Double] = []

    static func compute(_ df: DataFrame, _ col: String, stage: String) throws -> VectorStats {
        let batches = try df.select(col).collectBatches()
        var s = VectorStats()
        var sum: [Double] = [], nnz: [Int] = []
        var readers: [VectorReader] = []
        for b in batches {
            let r = try VectorReader(b.columns[0], "\(stage): inputCol '\(col)'")
            readers.append(r)
            for i in 0..<b.rowCount {
                if r.isNull(i) { throw MLError.invalidInput("\(stage): inputCol '\(col)' has a null vector at row \(s.n + 1)") }
                let size = r.size(i)
                if s.n == 0 {
                    s.d = size
                    sum = .init(repeating: 0, count: size); nnz = .init(repeating: 0, count: size)
                    s.min = .init(repeating: .infinity, count: size); s.max = .init(repeating: -.infinity, count: size)
                }
                guard size == s.d else {
                    throw MLError.invalidInput("\(stage): inputCol '\(col)' has vectors of different sizes (\(s.d) and \(size), row \(s.n + 1))")
                }
                r.forEachActive(i) { j, x in
                    sum[j] += x; nnz[j] += 1
                    if x < s.min[j] { s.min[j] = x }
                    if x > s.max[j] { s.max[j] = x }
                }
                s.n += 1
            }
        }
        guard s.n > 0 else { throw MLError.invalidInput("\(stage): inputCol '\(col)' has no rows to fit on") }
        let n = Double(s.n)
        s.mean = sum.map { $0 / n }
        // Implicit zeros of sparse rows count for min/max.
        for j in 0..<s.d where nnz[j] < s.n {
            s.min[j] = Swift.min(s.min[j], 0); s.max[j] = Swift.max(s.max[j], 0)
        }
        // Second pass: squared deviations from the mean (stable), implicit zeros added in bulk.
        var ss = [Double](repeating: 0, count: s.d)
        for (b, r) in zip(batches, readers) {
            for i in 0..<b.rowCount { r.forEachActive(i) { j, x in let e = x - s.mean[j]; ss[j] += e * e } }
        }
        s.variance = (0..<s.d).map { j in
            let zeros = Double(s.n - nnz[j])
            return s.n > 1 ? (ss[j] + zeros * s.mean[j] * s.mean[j]) / (n - 1) : 0
        }
        return s
    }
}

/// Adds vector column `outputCol` computed from vector column `inputCol` row by row (null in, null out);
/// `row` gets the reader, the row and the builder (it calls `add` and `endRow`).
func mapVectors(_ df: DataFrame, stage: String, inputCol: String, outputCol: String, sparseOut: Bool,
                _ row: @escaping @Sendable (VectorReader, Int, inout VectorColumnBuilder) throws -> Void) throws -> DataFrame {
    try FeatureIO.append(df, stage: stage, inputs: [inputCol], castTo: nil,
                         outputs: [Field(outputCol, sparseOut ? VectorColumn.sparseType : VectorColumn.denseType)]) { cols, n in
        let r = try VectorReader(cols[0], "\(stage): inputCol '\(inputCol)'")
        var b = VectorColumnBuilder(sparse: sparseOut, capacity: n)
        for i in 0..<n {
            if r.isNull(i) { b.appendNull() } else { try row(r, i, &b) }
        }
        return [b.finish()]
    }
}

/// The shared check of a vector-in, vector-out stage: input exists and is a vector, output is new.
/// Returns whether the input is sparse.
func vectorStageSchema(_ schema: Schema, stage: String, inputCol: String, outputCol: String) throws -> Bool {
    let sparse = try FeatureIO.requireVector(schema, inputCol, param: "inputCol", stage: stage)
    try MLData.checkNew(schema, outputCol, param: "outputCol", stage: stage)
    return sparse
}

/// `vectorStageSchema`, then `schema` plus the output column: sparse when the input is and `keepSparse`, else dense.
func vectorStageOutput(_ schema: Schema, stage: String, inputCol: String, outputCol: String, keepSparse: Bool = true) throws -> Schema {
    let sparse = try vectorStageSchema(schema, stage: stage, inputCol: inputCol, outputCol: outputCol)
    return Schema(schema.fields + [Field(outputCol, sparse && keepSparse ? VectorColumn.sparseType : VectorColumn.denseType)])
}

/// Fails when a row's vector size differs from what the model was fitted on.
@inline(__always)
func checkSize(_ r: VectorReader, _ i: Int, _ d: Int, _ stage: String) throws {
    let s = r.size(i)
    if s != d { throw MLError.invalidInput("\(stage): a vector has size \(s), but the model was fitted on vectors of size \(d)") }
}
