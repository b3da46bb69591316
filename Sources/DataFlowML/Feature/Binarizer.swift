import DataFlow
import DataFlowColumnar

/// Thresholds numbers or vectors to 0/1, as Spark's `Binarizer`: values greater than `threshold`
/// (default 0.0) become 1.0, the others 0.0 (NaN gives 0.0). A number column gives `double`, a vector
/// column a vector of the same layout. Several columns: `inputCols`, `outputCols`, `thresholds`.
public struct Binarizer: Transformer {
    public static let className = "Binarizer"
    public static var params: [Param<Binarizer>] {
        [
            .double("threshold", \.threshold, "threshold used to binarize continuous features"),
            .doubles("thresholds", \.thresholds, "thresholds used to binarize continuous features, one per input column"),
            .optionalString("inputCol", \.inputCol, "input column name"),
            .optionalString("outputCol", \.outputCol, "output column name"),
            .strings("inputCols", \.inputCols, "input column names"),
            .strings("outputCols", \.outputCols, "output column names"),
        ]
    }
    public var uid = ML.uid(className)
    public var threshold = 0.0
    public var thresholds: [Double] = []
    public var inputCol: String?
    public var outputCol: String?
    public var inputCols: [String] = []
    public var outputCols: [String] = []

    public init() {}
    public init(inputCol: String, outputCol: String, threshold: Double = 0) {
        self.inputCol = inputCol; self.outputCol = outputCol; self.threshold = threshold
    }
    public init(inputCols: [String], outputCols: [String], thresholds: [Double]) {
        self.inputCols = inputCols; self.outputCols = outputCols; self.thresholds = thresholds
    }

    func columns(_ schema: Schema) throws -> [(input: String, output: String, threshold: Double, type: DataType)] {
        let pairs = try columnPairs()
        let ts: [Double]
        if inputCol != nil { ts = [threshold] } else {
            guard thresholds.count == pairs.count else {
                throw MLError.invalidParam("Binarizer: thresholds must have one value per input column (\(pairs.count)), got \(thresholds.count)")
            }
            ts = thresholds
        }
        return try zip(pairs, ts).map { p, t in
            let type = try FeatureIO.inputType(schema, p.input, param: inputParam, stage: Self.className)
            guard type.isNumeric || VectorColumn.isVector(type) else {
                throw MLError.column(Self.className, "inputCol", p.input, "must be numeric or a vector, not \(type.sqlName)")
            }
            try MLData.checkNew(schema, p.output, param: "outputCol", stage: Self.className)
            return (p.input, p.output, t, type.isNumeric ? DataType.float64 : type)
        }
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        return Schema(schema.fields + (try columns(schema)).map { Field($0.output, $0.type) })
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        try validateParams()
        let cols = try columns(df.schema)
        var out = df
        // One column at a time: numbers are cast to double, vectors read as they are.
        for c in cols {
            let t = c.threshold, input = c.input
            if c.type == .float64 {
                out = try FeatureIO.append(out, stage: Self.className, inputs: [input], castTo: .float64, outputs: [Field(c.output, .float64)]) { data, n in
                    let col = data[0], v = col.values(Double.self)
                    var o = [Double](repeating: 0, count: n)
                    for i in 0..<n where v[i] > t { o[i] = 1 }
                    return [doubleColumn(o, valid: col.hasNulls ? (0..<n).map { col.isValid($0) } : nil)]
                }
            } else {
                out = try mapVectors(out, stage: Self.className, inputCol: input, outputCol: c.output, sparseOut: c.type == VectorColumn.sparseType) { r, i, b in
                    let size = r.size(i)
                    if t < 0 && r.sparse {
                        // Implicit zeros are above a negative threshold.
                        var next = 0
                        r.forEachActive(i) { j, x in
                            while next < j { b.add(next, 1); next += 1 }
                            b.add(j, x > t ? 1 : 0); next = j + 1
                        }
                        while next < size { b.add(next, 1); next += 1 }
                    } else {
                        r.forEachActive(i) { j, x in b.add(j, x > t ? 1 : 0) }
                    }
                    b.endRow(size: size)
                }
            }
        }
        return out
    }
}

/// Multiplies each vector by `scalingVec` entry by entry (the Hadamard product), as Spark's
/// `ElementwiseProduct`; sparse input stays sparse.
public struct ElementwiseProduct: Transformer {
    public static let className = "ElementwiseProduct"
    public static var params: [Param<ElementwiseProduct>] {
        [
            .string("inputCol", \.inputCol, "input column name"),
            .string("outputCol", \.outputCol, "output column name"),
            .doubles("scalingVec", \.scalingVec, "vector for hadamard product"),
        ]
    }
    public var uid = ML.uid(className)
    public var inputCol = ""
    public var outputCol: String
    public var scalingVec: [Double] = []

    public init() { outputCol = uid + "__output" }
    public init(inputCol: String, outputCol: String, scalingVec: [Double]) {
        self.inputCol = inputCol; self.outputCol = outputCol; self.scalingVec = scalingVec
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        guard !scalingVec.isEmpty else { throw MLError.invalidParam("ElementwiseProduct: scalingVec must be set") }
        return try vectorStageOutput(schema, stage: Self.className, inputCol: inputCol, outputCol: outputCol)
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        let out = try transformSchema(df.schema)
        let w = scalingVec, stage = Self.className
        return try mapVectors(df, stage: stage, inputCol: inputCol, outputCol: outputCol,
                              sparseOut: out.fields.last!.type == VectorColumn.sparseType) { r, i, b in
            guard r.size(i) == w.count else {
                throw MLError.invalidInput("ElementwiseProduct: a vector has size \(r.size(i)), but scalingVec has \(w.count) entries")
            }
            r.forEachActive(i) { j, x in b.add(j, x * w[j]) }
            b.endRow(size: w.count)
        }
    }
}

/// Picks entries of a vector by position, as Spark's `VectorSlicer` (`indices`; Spark's `names` need
/// column metadata, which DataFlow does not keep). The output keeps the input's layout.
public struct VectorSlicer: Transformer {
    public static let className = "VectorSlicer"
    public static var params: [Param<VectorSlicer>] {
        [
            .string("inputCol", \.inputCol, "input column name"),
            .string("outputCol", \.outputCol, "output column name"),
            .ints("indices", \.indices, "an array of indices to select features from a vector column"),
        ]
    }
    public var uid = ML.uid(className)
    public var inputCol = ""
    public var outputCol: String
    public var indices: [Int] = []

    public init() { outputCol = uid + "__output" }
    public init(inputCol: String, outputCol: String, indices: [Int]) {
        self.inputCol = inputCol; self.outputCol = outputCol; self.indices = indices
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        guard !indices.isEmpty else { throw MLError.invalidParam("VectorSlicer: indices must not be empty") }
        if let bad = indices.first(where: { $0 < 0 }) { throw MLError.invalidParam("VectorSlicer: indices must be >= 0 (got \(bad))") }
        guard Set(indices).count == indices.count else { throw MLError.invalidParam("VectorSlicer: indices must be distinct (got \(indices))") }
        return try vectorStageOutput(schema, stage: Self.className, inputCol: inputCol, outputCol: outputCol)
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        let out = try transformSchema(df.schema)
        let idx = indices, top = indices.max() ?? 0
        let sparse = out.fields.last!.type == VectorColumn.sparseType
        // For sparse rows: input position -> output position.
        var position = [Int](repeating: -1, count: top + 1)
        for (k, j) in idx.enumerated() { position[j] = k }
        let where_ = position
        return try mapVectors(df, stage: Self.className, inputCol: inputCol, outputCol: outputCol, sparseOut: sparse) { r, i, b in
            guard r.size(i) > top else {
                throw MLError.invalidInput("VectorSlicer: index \(top) is out of range for a vector of size \(r.size(i))")
            }
            if sparse {
                var picked: [(Int, Double)] = []
                r.forEachActive(i) { j, x in if j <= top, where_[j] >= 0 { picked.append((where_[j], x)) } }
                picked.sort { $0.0 < $1.0 }
                for (k, x) in picked { b.add(k, x) }
            } else {
                let start = r.column.arrayRange(i).lowerBound
                for j in idx { b.add(0, r.values[start + j]) }
            }
            b.endRow(size: idx.count)
        }
    }
}

extension Binarizer: MultiColumnStage {}
