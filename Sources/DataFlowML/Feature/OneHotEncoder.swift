import DataFlow
import DataFlowColumnar

/// One-hot encodes category indices (0, 1, 2, … as doubles, e.g. a `StringIndexer`'s output) into sparse
/// vectors, as Spark's `OneHotEncoder`. `fit` learns each column's number of categories (its largest
/// index + 1; the values must be non-negative integers). With `dropLast` (default) the last category is
/// all zeros, so the vectors have `categories - 1` entries. `handleInvalid` "keep" adds one slot for
/// indices not seen in training (and then the dropped slot is that extra one); "error" fails on them.
public struct OneHotEncoder: Estimator {
    public static let className = "OneHotEncoder"
    public static var params: [Param<OneHotEncoder>] { OneHotParams.list() }
    public var uid = ML.uid(className)
    public var inputCol: String?
    public var outputCol: String?
    public var inputCols: [String] = []
    public var outputCols: [String] = []
    public var dropLast = true
    public var handleInvalid = "error"

    public init() {}
    public init(inputCols: [String], outputCols: [String], dropLast: Bool = true, handleInvalid: String = "error") {
        self.inputCols = inputCols; self.outputCols = outputCols; self.dropLast = dropLast; self.handleInvalid = handleInvalid
    }
    public init(inputCol: String, outputCol: String, dropLast: Bool = true, handleInvalid: String = "error") {
        self.inputCol = inputCol; self.outputCol = outputCol; self.dropLast = dropLast; self.handleInvalid = handleInvalid
    }

    public func transformSchema(_ schema: Schema) throws -> Schema { try OneHotParams.schema(self, schema) }

    public func fit(_ df: DataFrame) throws -> OneHotEncoderModel {
        _ = try transformSchema(df.schema)
        let pairs = try columnPairs()
        let values = try FeatureIO.collectDoubles(df, pairs.map(\.input))
        var sizes: [Int] = []
        for (k, col) in values.enumerated() {
            var top = -1.0
            for x in col {
                guard let x else { throw MLError.invalidInput("OneHotEncoder: column '\(pairs[k].input)' has a null value; indices must not be null") }
                guard x >= 0, x == x.rounded(), x <= Double(Int32.max) else {
                    throw MLError.invalidInput("OneHotEncoder: values from column '\(pairs[k].input)' must be indices (non-negative integers), but got \(x)")
                }
                top = max(top, x)
            }
            sizes.append(Int(top) + 1)
        }
        var m = OneHotEncoderModel(categorySizes: sizes)
        m.uid = ML.uid(OneHotEncoderModel.className)
        m.inputCol = inputCol; m.outputCol = outputCol; m.inputCols = inputCols; m.outputCols = outputCols
        m.dropLast = dropLast; m.handleInvalid = handleInvalid
        return m
    }
}

/// A fitted `OneHotEncoder`: the number of categories of each input column.
public struct OneHotEncoderModel: Model, ModelData {
    public static let className = "OneHotEncoderModel"
    public static var params: [Param<OneHotEncoderModel>] { OneHotParams.list() }
    public var uid = ML.uid(className)
    public var inputCol: String?
    public var outputCol: String?
    public var inputCols: [String] = []
    public var outputCols: [String] = []
    public var dropLast = true
    public var handleInvalid = "error"
    /// The number of categories of each input column (as learned by `fit`).
    public var categorySizes: [Int] = []

    public init() {}
    public init(categorySizes: [Int]) { self.categorySizes = categorySizes }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        let out = try OneHotParams.schema(self, schema)
        let n = try columnPairs().count
        guard categorySizes.count == n else {
            throw MLError.invalidInput("OneHotEncoderModel: has category sizes for \(categorySizes.count) columns but \(n) input columns")
        }
        return out
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        _ = try transformSchema(df.schema)
        let pairs = try columnPairs()
        let keep = handleInvalid == "keep", dropLast = self.dropLast, sizes = categorySizes, names = pairs.map(\.input)
        return try FeatureIO.append(df, stage: Self.className, inputs: names, castTo: .float64,
                                    outputs: pairs.map { Field($0.output, VectorColumn.sparseType) }) { cols, n in
            try cols.indices.map { k -> DataFlowColumnar.Column in
                let orig = sizes[k]
                // Spark's output size: the dropped slot is the last category, or the invalid slot with "keep".
                let size = dropLast && !keep ? orig - 1 : (!dropLast && keep ? orig + 1 : orig)
                let c = cols[k], v = c.values(Double.self)
                var b = VectorColumnBuilder(sparse: true, capacity: n)
                for i in 0..<n {
                    if c.isNull(i) { b.appendNull(); continue }
                    let x = v[i]
                    var idx: Int
                    if x >= 0 && x < Double(orig) {
                        idx = Int(x)
                    } else if keep {
                        idx = orig
                    } else if x < 0 {
                        throw MLError.invalidInput("OneHotEncoder: negative value \(x) in column '\(names[k])'; input can't be negative. To handle invalid values, set handleInvalid to \"keep\"")
                    } else {
                        throw MLError.invalidInput("OneHotEncoder: unseen value \(x) in column '\(names[k])' (\(orig) categories). To handle unseen values, set handleInvalid to \"keep\"")
                    }
                    if idx >= size { idx = -1 }
                    if idx >= 0 { b.add(idx, 1) }
                    b.endRow(size: size)
                }
                return b.finish()
            }
        }
    }

    public func writeData(to folder: ModelFolder) throws { try folder.writeJSON("categorySizes", categorySizes) }
    public mutating func readData(from folder: ModelFolder) throws { categorySizes = try folder.readJSON([Int].self, "categorySizes") }
}

enum OneHotParams {
    protocol Stage: MultiColumnStage {
        var dropLast: Bool { get set }
        var handleInvalid: String { get set }
    }

    static func list<S: Stage>() -> [Param<S>] {
        [
            .optionalString("inputCol", \.inputCol, "input column name"),
            .optionalString("outputCol", \.outputCol, "output column name"),
            .strings("inputCols", \.inputCols, "input column names"),
            .strings("outputCols", \.outputCols, "output column names"),
            .bool("dropLast", \.dropLast, "whether to drop the last category"),
            .string("handleInvalid", \.handleInvalid, "how to handle invalid data during transform: error, or keep them in an extra category",
                    oneOf: ["error", "keep"]),
        ]
    }

    static func schema<S: Stage>(_ s: S, _ schema: Schema) throws -> Schema {
        try s.validateParams()
        var fields = schema.fields
        for p in try s.columnPairs() {
            try FeatureIO.requireNumeric(schema, p.input, param: s.inputParam, stage: S.className)
            try MLData.checkNew(schema, p.output, param: "outputCols", stage: S.className)
            fields.append(Field(p.output, VectorColumn.sparseType))
        }
        return Schema(fields)
    }
}

extension OneHotEncoder: OneHotParams.Stage {}
extension OneHotEncoderModel: OneHotParams.Stage {}
