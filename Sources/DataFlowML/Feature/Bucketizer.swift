import DataFlow
import DataFlowColumnar

/// Maps numbers to bucket indices, as Spark's `Bucketizer`. `splits` `[s0, s1, …, sn]` (at least three,
/// strictly increasing; `-.infinity`/`.infinity` allowed) define buckets `[s0, s1), …, [sn-1, sn]` (the
/// last one includes `sn`). A value outside the splits fails. NaN fails with `handleInvalid` "error"
/// (default), drops the row with "skip" (nulls too) or gets the extra bucket `n` with "keep"; a null
/// gives a null index. Several columns: `inputCols`, `outputCols` and `splitsArray` (one splits list each).
public struct Bucketizer: Model, ModelData {
    public static let className = "Bucketizer"
    public static var params: [Param<Bucketizer>] {
        [
            .doubles("splits", \.splits, "split points for mapping continuous features into buckets"),
            .optionalString("inputCol", \.inputCol, "input column name"),
            .optionalString("outputCol", \.outputCol, "output column name"),
            .strings("inputCols", \.inputCols, "input column names"),
            .strings("outputCols", \.outputCols, "output column names"),
            .string("handleInvalid", \.handleInvalid, "how to handle invalid entries containing NaN values: skip the rows, error, or keep them in a special additional bucket",
                    oneOf: ["error", "skip", "keep"]),
        ]
    }
    public var uid = ML.uid(className)
    public var splits: [Double] = []
    public var inputCol: String?
    public var outputCol: String?
    public var inputCols: [String] = []
    public var outputCols: [String] = []
    public var handleInvalid = "error"
    /// One splits list per input column (with `inputCols`). Kept in the saved stage's `data/splitsArray.json`
    /// (the parameter table has no list-of-lists value).
    public var splitsArray: [[Double]] = []

    public init() {}
    public init(splits: [Double], inputCol: String, outputCol: String, handleInvalid: String = "error") {
        self.splits = splits; self.inputCol = inputCol; self.outputCol = outputCol; self.handleInvalid = handleInvalid
    }
    public init(splitsArray: [[Double]], inputCols: [String], outputCols: [String], handleInvalid: String = "error") {
        self.splitsArray = splitsArray; self.inputCols = inputCols; self.outputCols = outputCols; self.handleInvalid = handleInvalid
    }

    /// The (input, output, splits) of each column, checked.
    func columns() throws -> [(input: String, output: String, splits: [Double])] {
        let pairs = try columnPairs()
        let lists: [[Double]]
        if inputCol != nil {
            guard splitsArray.isEmpty else { throw MLError.invalidParam("Bucketizer: splitsArray cannot be set with inputCol (use splits)") }
            lists = [splits]
        } else {
            guard splits.isEmpty else { throw MLError.invalidParam("Bucketizer: splits cannot be set with inputCols (use splitsArray)") }
            guard splitsArray.count == pairs.count else {
                throw MLError.invalidParam("Bucketizer: splitsArray must have one splits list per input column (\(pairs.count)), got \(splitsArray.count)")
            }
            lists = splitsArray
        }
        for s in lists { try Self.checkSplits(s, inputCol != nil ? "splits" : "splitsArray") }
        return zip(pairs, lists).map { ($0.input, $0.output, $1) }
    }

    static func checkSplits(_ s: [Double], _ name: String) throws {
        guard s.count >= 3 else {
            throw MLError.invalidParam("Bucketizer: \(name) must have at least 3 split points (got \(s.count): \(s.map(Vector.format)))")
        }
        for i in 1..<s.count where !(s[i - 1] < s[i]) {
            throw MLError.invalidParam("Bucketizer: \(name) must be strictly increasing with no NaN (got \(s.map(Vector.format)))")
        }
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        var fields = schema.fields
        for c in try columns() {
            try FeatureIO.requireNumeric(schema, c.input, param: inputParam, stage: Self.className)
            try MLData.checkNew(schema, c.output, param: "outputCol", stage: Self.className)
            fields.append(Field(c.output, .float64))
        }
        return Schema(fields)
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        _ = try transformSchema(df.schema)
        let cols = try columns(), keep = handleInvalid == "keep"
        let names = cols.map(\.input), lists = cols.map(\.splits)
        let skip: (([DataFlow.Column]) -> DataFlow.Column?)? = handleInvalid == "skip" ? { FeatureIO.allValid($0) } : nil
        return try FeatureIO.append(df, stage: Self.className, inputs: names, castTo: .float64,
                                    outputs: cols.map { Field($0.output, .float64) }, filter: skip) { data, n in
            try data.indices.map { k -> DataFlowColumnar.Column in
                let c = data[k], v = c.values(Double.self), s = lists[k]
                var out = [Double](repeating: 0, count: n)
                for i in 0..<n where c.isValid(i) {
                    out[i] = try Bucketizer.bucket(s, v[i], keep: keep, column: names[k])
                }
                let valid: [Bool]? = c.hasNulls ? (0..<n).map { c.isValid($0) } : nil
                return doubleColumn(out, valid: valid)
            }
        }
    }

    /// Spark's `binarySearchForBuckets`.
    @inline(__always)
    static func bucket(_ splits: [Double], _ x: Double, keep: Bool, column: String) throws -> Double {
        if x.isNaN {
            if keep { return Double(splits.count - 1) }
            throw MLError.invalidInput("Bucketizer encountered NaN value in column '\(column)'. To handle or skip NaNs, set handleInvalid to \"keep\" or \"skip\"")
        }
        let last = splits.count - 1
        if x == splits[last] { return Double(last - 1) }
        guard x >= splits[0], x < splits[last] else {
            throw MLError.invalidInput("Bucketizer: feature value \(x) in column '\(column)' is out of the bounds [\(Vector.format(splits[0])), \(Vector.format(splits[last]))]. Check your features, or loosen the lower/upper bound constraints")
        }
        // The last split <= x.
        var lo = 0, hi = last
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if splits[mid] <= x { lo = mid } else { hi = mid }
        }
        return Double(lo)
    }

    public func writeData(to folder: ModelFolder) throws {
        if !splitsArray.isEmpty { try folder.writeJSON("splitsArray", splitsArray) }
    }

    public mutating func readData(from folder: ModelFolder) throws {
        if inputCol == nil && !inputCols.isEmpty { splitsArray = try folder.readJSON([[Double]].self, "splitsArray") }
    }
}

extension Bucketizer: MultiColumnStage {}
