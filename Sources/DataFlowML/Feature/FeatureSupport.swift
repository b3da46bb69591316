import DataFlow
import DataFlowColumnar

/// Shared plumbing of the feature transformers: Spark's single-vs-multi column rules, input checks,
/// casting inputs once by the engine, and building vector columns without a `Vector` value per row.
enum FeatureIO {
    /// The (input, output) column pairs of a stage with `inputCol`/`outputCol` and `inputCols`/`outputCols`,
    /// checked as Spark's `checkSingleVsMultiColumnParams`: exactly one of inputCol and inputCols is set,
    /// and outputCols matches inputCols.
    static func pairs(_ stage: String, uid: String, inputCol: String?, outputCol: String?,
                      inputCols: [String], outputCols: [String]) throws -> [(input: String, output: String)] {
        if let inputCol {
            guard inputCols.isEmpty else {
                throw MLError.invalidParam("\(stage): inputCol and inputCols cannot both be set")
            }
            guard outputCols.isEmpty else {
                throw MLError.invalidParam("\(stage): outputCols cannot be set with inputCol (use outputCol)")
            }
            return [(inputCol, outputCol ?? uid + "__output")]
        }
        guard !inputCols.isEmpty else {
            throw MLError.invalidParam("\(stage): one of inputCol or inputCols must be set")
        }
        guard outputCol == nil else {
            throw MLError.invalidParam("\(stage): outputCol cannot be set with inputCols (use outputCols)")
        }
        guard outputCols.count == inputCols.count else {
            throw MLError.invalidParam("\(stage): outputCols must have as many names as inputCols (\(inputCols.count)), got \(outputCols.count)")
        }
        if Set(outputCols).count != outputCols.count {
            throw MLError.invalidParam("\(stage): outputCols must be distinct (got \(outputCols.joined(separator: ", ")))")
        }
        return Array(zip(inputCols, outputCols))
    }

    /// The type of input column `name`; fails naming the stage, the parameter and the column when it is missing.
    static func inputType(_ schema: Schema, _ name: String, param: String, stage: String) throws -> DataType {
        guard let i = schema.index(of: name) else {
            throw MLError.column(stage, param, name, "does not exist; the columns are \(schema.names.joined(separator: ", "))")
        }
        return schema.fields[i].type
    }

    /// Fails unless `name` is a numeric column.
    static func requireNumeric(_ schema: Schema, _ name: String, param: String, stage: String) throws {
        let t = try inputType(schema, name, param: param, stage: stage)
        guard t.isNumeric else { throw MLError.column(stage, param, name, "must be numeric, not \(t.sqlName)") }
    }

    /// Fails unless `name` is a vector column; returns whether it is sparse.
    @discardableResult
    static func requireVector(_ schema: Schema, _ name: String, param: String, stage: String) throws -> Bool {
        try MLData.checkVector(schema, name, param: param, stage: stage)
        return schema.fields[schema.index(of: name)!].type == VectorColumn.sparseType
    }

    /// Fails unless `name` is an `array<string>` column.
    static func requireStringArray(_ schema: Schema, _ name: String, param: String, stage: String) throws {
        let t = try inputType(schema, name, param: param, stage: stage)
        guard t == .array(.string) else {
            throw MLError.column(stage, param, name, "must be an array of strings (array<string>), not \(t.sqlName)")
        }
    }

    /// Adds `outputs` computed per batch from the `inputs` columns cast to `type` by the engine (so kernels
    /// read one physical layout), then drops the temporary cast columns. `rowFilter` (optional) is
    /// applied to the casted inputs first (handleInvalid "skip"). Dictionary-encoded inputs are decoded
    /// unless `keepDictionaries` (the kernel then handles `Column.dictionary` itself).
    static func append(_ df: DataFrame, stage: String, inputs: [String], castTo type: DataType?, outputs: [Field],
                       filter rowFilter: (([DataFlow.Column]) -> DataFlow.Column?)? = nil, keepDictionaries: Bool = false,
                       _ compute: @escaping @Sendable ([DataFlowColumnar.Column], Int) throws -> [DataFlowColumnar.Column]) throws -> DataFrame {
        let names = try df.schema.names
        let temp = inputs.indices.map { "__\(stage)_in_\($0)" }
        let casted = zip(inputs, temp).map { c, t in (type.map { DataFlow.Column(c).cast($0) } ?? DataFlow.Column(c)).as(t) }
        var staged = df.select(names.map { DataFlow.Column($0) } + casted)
        if let rowFilter, let cond = rowFilter(temp.map { DataFlow.Column($0) }) { staged = staged.filter(cond) }
        let out = try staged.appendingColumns(outputs, reading: temp, name: stage) { batch in
            var cols: [DataFlowColumnar.Column] = []
            for t in temp {
                guard let c = batch.column(named: t) else { throw DataFlowError("INTERNAL_ERROR", "\(stage): lost input column \(t)") }
                cols.append(keepDictionaries ? c : c.decoded())
            }
            return try compute(cols, batch.rowCount)
        }
        return out.select((names + outputs.map(\.name)).map { DataFlow.Column($0) })
    }

    /// A non-null, not-NaN condition over every column (handleInvalid "skip" for numbers).
    static func allValid(_ cols: [DataFlow.Column]) -> DataFlow.Column? {
        cols.map { $0.isNotNull && !isnan($0) }.reduce(nil) { acc, c in acc.map { $0 && c } ?? c }
    }

    /// Every value of one column collected from the driver side, as doubles (null -> nil).
    static func collectDoubles(_ df: DataFrame, _ cols: [String]) throws -> [[Double?]] {
        let batches = try df.select(cols.map { DataFlow.Column($0).cast(.float64) }).collectBatches()
        var out = [[Double?]](repeating: [], count: cols.count)
        for b in batches {
            for k in cols.indices {
                let c = b.columns[k], v = c.values(Double.self)
                for i in 0..<b.rowCount { out[k].append(c.isNull(i) ? nil : v[i]) }
            }
        }
        return out
    }
}

/// A column of doubles built from a buffer (nil entries are nulls).
func doubleColumn(_ values: [Double], valid: [Bool]?) -> DataFlowColumnar.Column {
    DataFlowColumnar.Column(type: .float64, count: values.count, values: Buffer.of(values),
                            validity: valid.flatMap { VectorColumn.validity($0) })
}

/// Builds an `array<string>` column (token lists) from per-row string lists.
struct StringArrayColumnBuilder {
    private var offsets: [Int32] = [0]
    private var strings = ColumnBuilder(type: .string, capacity: 0)
    private var valid: [Bool] = []
    private var n: Int32 = 0

    mutating func append(_ tokens: [String]) {
        for t in tokens { strings.append(t) }
        n += Int32(tokens.count)
        offsets.append(n)
        valid.append(true)
    }

    mutating func appendUTF8(_ bytes: UnsafeRawBufferPointer) { strings.appendUTF8(bytes); n += 1 }
    mutating func appendNullElement() { strings.appendNull(); n += 1 }
    mutating func endRow() { offsets.append(n); valid.append(true) }

    mutating func appendNull() { offsets.append(n); valid.append(false) }

    func finish() -> DataFlowColumnar.Column {
        .array(offsets: offsets, elements: strings.finish(), validity: VectorColumn.validity(valid))
    }
}

/// A stage with Spark's single-or-multi column params (`inputCol`/`outputCol` or `inputCols`/`outputCols`).
protocol MultiColumnStage: PipelineStage {
    var inputCol: String? { get set }
    var outputCol: String? { get set }
    var inputCols: [String] { get set }
    var outputCols: [String] { get set }
}

extension MultiColumnStage {
    /// The (input, output) column pairs, checked as `FeatureIO.pairs`.
    func columnPairs() throws -> [(input: String, output: String)] {
        try FeatureIO.pairs(Self.className, uid: uid, inputCol: inputCol, outputCol: outputCol, inputCols: inputCols, outputCols: outputCols)
    }

    /// The parameter that names the inputs, for errors: `inputCol` or `inputCols`.
    var inputParam: String { inputCol != nil ? "inputCol" : "inputCols" }
}
