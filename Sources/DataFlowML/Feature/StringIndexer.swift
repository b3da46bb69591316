import DataFlow
import DataFlowColumnar

/// Maps string (or numeric) columns to label indices, as Spark's `StringIndexer`: the most frequent
/// label gets index 0.0 (`stringOrderType` "frequencyDesc", ties broken alphabetically as Spark 3+ does),
/// or by "frequencyAsc", "alphabetDesc", "alphabetAsc". Numbers are indexed by their string form
/// (`2.0` -> "2.0"), as Spark casts them. Nulls are not counted; at `transform` a null or unseen value
/// fails (`handleInvalid` "error"), is dropped ("skip"), or gets index `numLabels` ("keep").
///
/// ```swift
/// let model = try StringIndexer(inputCol: "genre", outputCol: "genreIndex").fit(df)
/// model.labels   // ["drama", "comedy", …]
/// ```
public struct StringIndexer: Estimator {
    public static let className = "StringIndexer"
    public static var params: [Param<StringIndexer>] { StringIndexerParams.list() }
    public var uid = ML.uid(className)
    public var inputCol: String?
    public var outputCol: String?
    public var inputCols: [String] = []
    public var outputCols: [String] = []
    public var handleInvalid = "error"
    public var stringOrderType = "frequencyDesc"

    public init() {}
    public init(inputCol: String, outputCol: String, handleInvalid: String = "error", stringOrderType: String = "frequencyDesc") {
        self.inputCol = inputCol; self.outputCol = outputCol; self.handleInvalid = handleInvalid; self.stringOrderType = stringOrderType
    }
    public init(inputCols: [String], outputCols: [String], handleInvalid: String = "error", stringOrderType: String = "frequencyDesc") {
        self.inputCols = inputCols; self.outputCols = outputCols; self.handleInvalid = handleInvalid; self.stringOrderType = stringOrderType
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try StringIndexerParams.schema(self, schema)
    }

    public func fit(_ df: DataFrame) throws -> StringIndexerModel {
        _ = try transformSchema(df.schema)
        let pairs = try columnPairs()
        let batches = try df.select(pairs.map { DataFlow.Column($0.input).cast(.string) }).collectBatches()
        var counts = [[String: Int]](repeating: [:], count: pairs.count)
        for b in batches {
            for k in pairs.indices {
                let c = b.columns[k].decoded()
                for i in 0..<b.rowCount where c.isValid(i) {
                    counts[k][String(decoding: c.utf8(i), as: UTF8.self), default: 0] += 1
                }
            }
        }
        var model = StringIndexerModel(labelsArray: counts.map { StringIndexer.order($0, stringOrderType) })
        model.copyParams(from: self)
        return model
    }

    /// The labels of `counts` in Spark's order for `orderType`.
    static func order(_ counts: [String: Int], _ orderType: String) -> [String] {
        // Ties by frequency compare as Scala strings (UTF-16 units); alphabet orders as Spark SQL sorts (UTF-8 bytes).
        func utf16Less(_ a: String, _ b: String) -> Bool { a.utf16.lexicographicallyPrecedes(b.utf16) }
        func utf8Less(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
        let items = Array(counts)
        switch orderType {
        case "frequencyAsc": return items.sorted { $0.value != $1.value ? $0.value < $1.value : utf16Less($0.key, $1.key) }.map(\.key)
        case "alphabetDesc": return counts.keys.sorted { utf8Less($1, $0) }
        case "alphabetAsc": return counts.keys.sorted(by: utf8Less)
        default: return items.sorted { $0.value != $1.value ? $0.value > $1.value : utf16Less($0.key, $1.key) }.map(\.key)
        }
    }
}

/// A fitted `StringIndexer`: `labelsArray[k]` lists column k's labels by index.
public struct StringIndexerModel: Model, ModelData {
    public static let className = "StringIndexerModel"
    public static var params: [Param<StringIndexerModel>] { StringIndexerParams.list() }
    public var uid = ML.uid(className)
    public var inputCol: String?
    public var outputCol: String?
    public var inputCols: [String] = []
    public var outputCols: [String] = []
    public var handleInvalid = "error"
    public var stringOrderType = "frequencyDesc"
    /// The labels of each input column, index order.
    public var labelsArray: [[String]] = []
    /// The labels of the (first) input column, as Spark's `labels`.
    public var labels: [String] { labelsArray.first ?? [] }

    public init() {}
    public init(labelsArray: [[String]]) { self.labelsArray = labelsArray }
    /// A model from known labels (Spark's `StringIndexerModel.from_labels`).
    public init(labels: [String], inputCol: String, outputCol: String, handleInvalid: String = "error") {
        labelsArray = [labels]; self.inputCol = inputCol; self.outputCol = outputCol; self.handleInvalid = handleInvalid
    }

    mutating func copyParams(from e: StringIndexer) {
        inputCol = e.inputCol; outputCol = e.outputCol; inputCols = e.inputCols; outputCols = e.outputCols
        handleInvalid = e.handleInvalid; stringOrderType = e.stringOrderType
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        let out = try StringIndexerParams.schema(self, schema)
        let n = inputCol != nil ? 1 : inputCols.count
        guard labelsArray.count == n else {
            throw MLError.invalidInput("StringIndexerModel: has labels for \(labelsArray.count) columns but \(n) input columns")
        }
        return out
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        _ = try transformSchema(df.schema)
        let pairs = try columnPairs()
        let maps: [[String: Double]] = labelsArray.map { ls in
            Dictionary(ls.enumerated().map { ($1, Double($0)) }, uniquingKeysWith: { a, _ in a })
        }
        let mode = handleInvalid, names = pairs.map(\.input)
        let out = try FeatureIO.append(df, stage: Self.className, inputs: names, castTo: .string,
                                       outputs: pairs.map { Field($0.output, .float64) }, keepDictionaries: true) { cols, n in
            try cols.indices.map { k -> DataFlowColumnar.Column in
                let c = cols[k], map = maps[k], keepIndex = Double(map.count)
                // A dictionary-encoded column is looked up once per dictionary entry (NaN = not a label).
                var byCode: [Double] = []
                if let dict = c.dictionary?.column {
                    byCode = (0..<dict.count).map { j in dict.isValid(j) ? map[String(decoding: dict.utf8(j), as: UTF8.self)] ?? .nan : .nan }
                }
                let codes = c.dictionary != nil ? c.values(Int32.self) : UnsafeBufferPointer(start: nil, count: 0)
                var v = [Double](repeating: 0, count: n)
                for i in 0..<n {
                    if c.isValid(i) {
                        if !byCode.isEmpty || c.dictionary != nil {
                            let code = Int(codes[i])
                            if code >= 0 && code < byCode.count && !byCode[code].isNaN { v[i] = byCode[code]; continue }
                        } else if let x = map[String(decoding: c.utf8(i), as: UTF8.self)] { v[i] = x; continue }
                    }
                    switch mode {
                    case "keep": v[i] = keepIndex
                    case "skip": v[i] = .nan   // filtered below
                    default:
                        if c.isNull(i) {
                            throw MLError.invalidInput("StringIndexer encountered a NULL value in column '\(names[k])'. To handle or skip NULLs, set handleInvalid to \"keep\" or \"skip\"")
                        }
                        throw MLError.invalidInput("StringIndexerModel: unseen label '\(c.string(i))' in column '\(names[k])'. To handle unseen labels, set handleInvalid to \"keep\" or \"skip\"")
                    }
                }
                return doubleColumn(v, valid: nil)
            }
        }
        guard mode == "skip" else { return out }
        return out.filter(pairs.map { !isnan(DataFlow.Column($0.output)) }.reduce(lit(true)) { $0 && $1 })
    }

    public func writeData(to folder: ModelFolder) throws { try folder.writeJSON("labelsArray", labelsArray) }
    public mutating func readData(from folder: ModelFolder) throws { labelsArray = try folder.readJSON([[String]].self, "labelsArray") }
}

/// The parameters StringIndexer and its model share.
enum StringIndexerParams {
    protocol Stage: MultiColumnStage {
        var handleInvalid: String { get set }
        var stringOrderType: String { get set }
    }

    static func list<S: Stage>() -> [Param<S>] {
        [
            .optionalString("inputCol", \.inputCol, "input column name"),
            .optionalString("outputCol", \.outputCol, "output column name"),
            .strings("inputCols", \.inputCols, "input column names"),
            .strings("outputCols", \.outputCols, "output column names"),
            .string("handleInvalid", \.handleInvalid, "how to handle invalid data (unseen labels or NULL values): skip the rows, error, or keep them with index numLabels",
                    oneOf: ["error", "skip", "keep"]),
            .string("stringOrderType", \.stringOrderType, "how to order labels of string column",
                    oneOf: ["frequencyDesc", "frequencyAsc", "alphabetDesc", "alphabetAsc"]),
        ]
    }

    static func schema<S: Stage>(_ s: S, _ schema: Schema) throws -> Schema {
        try s.validateParams()
        let stage = S.className
        var fields = schema.fields
        for p in try s.columnPairs() {
            let t = try FeatureIO.inputType(schema, p.input, param: s.inputParam, stage: stage)
            guard t == .string || t.isNumeric else {
                throw MLError.column(stage, "inputCol", p.input, "must be a string or numeric column, not \(t.sqlName)")
            }
            try MLData.checkNew(schema, p.output, param: "outputCol", stage: stage)
            fields.append(Field(p.output, .float64))
        }
        return Schema(fields)
    }
}

extension StringIndexer: StringIndexerParams.Stage {}
extension StringIndexerModel: StringIndexerParams.Stage {}

/// Maps indices back to labels, as Spark's `IndexToString` (the inverse of a `StringIndexerModel`).
/// Spark reads the labels from the column's metadata; DataFlow keeps none, so set `labels` (or build it
/// from the model: `IndexToString(inputCol: "i", outputCol: "s", model: indexerModel)`).
public struct IndexToString: Transformer {
    public static let className = "IndexToString"
    public static var params: [Param<IndexToString>] {
        [
            .string("inputCol", \.inputCol, "input column name"),
            .string("outputCol", \.outputCol, "output column name"),
            .strings("labels", \.labels, "array of labels specifying index-string mapping", nonEmpty: true),
        ]
    }
    public var uid = ML.uid(className)
    public var inputCol = ""
    public var outputCol: String
    public var labels: [String] = []

    public init() { outputCol = uid + "__output" }
    public init(inputCol: String, outputCol: String, labels: [String]) {
        self.inputCol = inputCol; self.outputCol = outputCol; self.labels = labels
    }
    public init(inputCol: String, outputCol: String, model: StringIndexerModel) {
        self.init(inputCol: inputCol, outputCol: outputCol, labels: model.labels)
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        try FeatureIO.requireNumeric(schema, inputCol, param: "inputCol", stage: Self.className)
        try MLData.checkNew(schema, outputCol, param: "outputCol", stage: Self.className)
        return Schema(schema.fields + [Field(outputCol, .string)])
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        _ = try transformSchema(df.schema)
        let labels = self.labels, name = inputCol
        return try FeatureIO.append(df, stage: Self.className, inputs: [inputCol], castTo: .float64,
                                    outputs: [Field(outputCol, .string)]) { cols, n in
            let c = cols[0], v = c.values(Double.self)
            var b = ColumnBuilder(type: .string, capacity: n)
            for i in 0..<n {
                if c.isNull(i) { b.appendNull(); continue }
                let x = v[i]
                guard x >= 0, x < Double(labels.count) else {
                    throw MLError.invalidInput("IndexToString: unseen index \(x) in column '\(name)' (labels has \(labels.count) entries)")
                }
                b.append(labels[Int(x)])
            }
            return [b.finish()]
        }
    }
}
