import DataFlow
import DataFlowColumnar
import DataFlowEngine

/// Training data gathered into memory: `n` rows of `d` dense features (row-major), labels and weights.
public struct LabeledPoints: Sendable {
    public var n: Int
    public var d: Int
    /// Row-major `n × d` features.
    public var x: [Double]
    public var y: [Double]
    /// Instance weights (all 1 without a weight column).
    public var w: [Double]

    public init(n: Int, d: Int, x: [Double], y: [Double], w: [Double]? = nil) {
        self.n = n; self.d = d; self.x = x; self.y = y
        self.w = w ?? [Double](repeating: 1, count: n)
    }
}

/// Reading DataFrame columns into Swift arrays for training, and adding computed columns for `transform`.
public enum MLData {
    /// The feature vectors of `col` as a dense row-major matrix. Every row must be a non-null vector of
    /// the same size.
    public static func vectors(_ df: DataFrame, _ col: String, stage: String = "") throws -> (n: Int, d: Int, x: [Double]) {
        try vectors(df.select(col).collectBatches(), column: 0, name: col, stage: stage)
    }

    static func vectors(_ batches: [RecordBatch], column c: Int, name col: String, stage: String) throws -> (n: Int, d: Int, x: [Double]) {
        var x: [Double] = [], d = -1, n = 0
        for b in batches {
            let r = try VectorReader(b.columns[c], "\(prefix(stage))column '\(col)'")
            for i in 0..<b.rowCount {
                if r.isNull(i) { throw MLError.invalidInput("\(prefix(stage))column '\(col)' has a null vector at row \(n + 1)") }
                let s = r.size(i)
                if d < 0 { d = s; x.reserveCapacity(d * max(b.rowCount, 1)) }
                guard s == d else {
                    throw MLError.invalidInput("\(prefix(stage))column '\(col)' has vectors of different sizes (\(d) and \(s), row \(n + 1))")
                }
                let start = x.count
                x.append(contentsOf: repeatElement(0, count: d))
                x.withUnsafeMutableBufferPointer { p in
                    r.copyDense(i, into: UnsafeMutableBufferPointer(rebasing: p[start ..< start + d]))
                }
                n += 1
            }
        }
        if n > 0 && d == 0 {
            throw MLError.invalidInput("\(prefix(stage))column '\(col)' holds empty vectors (size 0); there are no features to learn from")
        }
        return (n, max(d, 0), x)
    }

    /// A numeric column as doubles (cast by the engine). Nulls are an error naming the column and row.
    public static func doubles(_ df: DataFrame, _ col: String, stage: String = "") throws -> [Double] {
        try checkNumeric(df, col, stage)
        let batches = try df.select(DataFlow.Column(col).cast(.float64)).collectBatches()
        return try doubles(batches, column: 0, name: col, stage: stage)
    }

    static func doubles(_ batches: [RecordBatch], column c: Int, name: String, stage: String) throws -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(batches.reduce(0) { $0 + $1.rowCount })
        for b in batches {
            let col = b.columns[c]
            if col.hasNulls, let i = (0..<b.rowCount).first(where: { col.isNull($0) }) {
                throw MLError.invalidInput("\(prefix(stage))column '\(name)' is null at row \(out.count + i + 1)")
            }
            out.append(contentsOf: col.values(Double.self))
        }
        return out
    }

    /// Features, label and optional weight, in one pass over the data.
    public static func labeled(_ df: DataFrame, featuresCol: String, labelCol: String, weightCol: String? = nil,
                               stage: String = "") throws -> LabeledPoints {
        try checkNumeric(df, labelCol, stage)
        var cols = [DataFlow.Column(featuresCol), DataFlow.Column(labelCol).cast(.float64)]
        if let w = weightCol, !w.isEmpty { try checkNumeric(df, w, stage); cols.append(DataFlow.Column(w).cast(.float64)) }
        let batches = try df.select(cols).collectBatches()
        let features = try vectors(batches, column: 0, name: featuresCol, stage: stage)
        let y = try doubles(batches, column: 1, name: labelCol, stage: stage)
        let w = cols.count > 2 ? try doubles(batches, column: 2, name: weightCol ?? "", stage: stage) : nil
        if let w, let bad = w.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
            throw MLError.invalidInput("\(prefix(stage))weightCol '\(weightCol ?? "")' must be finite and >= 0 (got \(w[bad]) at row \(bad + 1))")
        }
        return LabeledPoints(n: features.n, d: features.d, x: features.x, y: y, w: w)
    }

    /// Fails unless `col` exists and is numeric (or boolean).
    static func checkNumeric(_ df: DataFrame, _ col: String, _ stage: String) throws {
        let schema = try df.schema
        guard let i = schema.index(of: col) else {
            throw MLError.column(stage.isEmpty ? "ML" : stage, "column", col, "does not exist; the columns are \(schema.names.joined(separator: ", "))")
        }
        let t = schema.fields[i].type
        guard t.isNumeric || t == .boolean else {
            throw MLError.column(stage.isEmpty ? "ML" : stage, "column", col, "must be numeric, not \(t.sqlName)")
        }
    }

    /// Fails unless `col` exists and holds vectors.
    public static func checkVector(_ schema: Schema, _ col: String, param: String, stage: String) throws {
        guard let i = schema.index(of: col) else {
            throw MLError.column(stage, param, col, "does not exist; the columns are \(schema.names.joined(separator: ", "))")
        }
        guard VectorColumn.isVector(schema.fields[i].type) else {
            throw MLError.column(stage, param, col, "must be a vector column (array<double>), not \(schema.fields[i].type.sqlName)")
        }
    }

    /// Fails when `col` already exists (a stage never overwrites a column).
    public static func checkNew(_ schema: Schema, _ col: String, param: String, stage: String) throws {
        if schema.index(of: col) != nil {
            throw MLError.column(stage, param, col, "already exists; choose another output column name")
        }
    }

    static func prefix(_ stage: String) -> String { stage.isEmpty ? "" : stage + ": " }
}

extension DataFrame {
    /// Adds columns computed per batch by `compute` (which gets batches holding at least `reading`, and
    /// returns one data column per field of `fields`, each with the batch's row count). Runs on every
    /// worker thread; this is how ML stages' `transform` adds their outputs.
    public func appendingColumns(_ fields: [Field], reading: [String], name: String,
                                 _ compute: @escaping @Sendable (RecordBatch) throws -> [DataFlowColumnar.Column]) throws -> DataFrame {
        let input = try schema
        for f in fields where input.index(of: f.name) != nil {
            throw MLError.column(name, "output column", f.name, "already exists; choose another output column name")
        }
        let out = Schema(input.fields + fields)
        let transform = BatchTransform(name: name, schema: out, inputColumns: input.names) { batch in
            let added = try compute(batch)
            guard added.count == fields.count, added.allSatisfy({ $0.count == batch.rowCount }) else {
                throw DataFlowError("INTERNAL_ERROR", "\(name) produced \(added.count) columns for \(fields.count) outputs")
            }
            return RecordBatch(schema: out, columns: batch.columns + added, rowCount: batch.rowCount)
        }
        return DataFrame(session, .mapBatches(transform, plan))
    }
}
