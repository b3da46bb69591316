import DataFlow
import DataFlowColumnar

/// Bins a numeric column into `numBuckets` buckets of about equal counts, as Spark's
/// `QuantileDiscretizer`: `fit` computes the quantiles at 0, 1/n, …, 1 of the non-null, non-NaN values,
/// makes the ends -inf/+inf, drops duplicate splits, and returns a `Bucketizer`.
///
/// Quantiles are computed exactly (all values sorted), then read with the rank rule of Spark's
/// `approxQuantile` summary: the value at sorted position `ceil(p·n)` (1-based), the minimum for
/// `p <= relativeError` and the maximum for `p >= 1 - relativeError`. This equals Spark's answer when
/// Spark's summary is exact (`relativeError·n < 1`, e.g. n < 1000 at the default 0.001); on larger data
/// Spark's answer may differ from it by up to `relativeError·n` ranks, as Spark documents.
public struct QuantileDiscretizer: Estimator {
    public static let className = "QuantileDiscretizer"
    public static var params: [Param<QuantileDiscretizer>] {
        [
            .int("numBuckets", \.numBuckets, "maximum number of buckets (quantiles, or categories) into which data points are grouped", min: 2),
            .ints("numBucketsArray", \.numBucketsArray, "array of number of buckets (quantiles, or categories) into which data points are grouped, one per input column"),
            .double("relativeError", \.relativeError, "the relative target precision for the approximate quantile algorithm", min: 0, max: 1),
            .optionalString("inputCol", \.inputCol, "input column name"),
            .optionalString("outputCol", \.outputCol, "output column name"),
            .strings("inputCols", \.inputCols, "input column names"),
            .strings("outputCols", \.outputCols, "output column names"),
            .string("handleInvalid", \.handleInvalid, "how to handle invalid entries (NaN): skip the rows, error, or keep them in a special additional bucket",
                    oneOf: ["error", "skip", "keep"]),
        ]
    }
    public var uid = ML.uid(className)
    public var numBuckets = 2
    public var numBucketsArray: [Int] = []
    public var relativeError = 0.001
    public var inputCol: String?
    public var outputCol: String?
    public var inputCols: [String] = []
    public var outputCols: [String] = []
    public var handleInvalid = "error"

    public init() {}
    public init(inputCol: String, outputCol: String, numBuckets: Int = 2, relativeError: Double = 0.001, handleInvalid: String = "error") {
        self.inputCol = inputCol; self.outputCol = outputCol; self.numBuckets = numBuckets
        self.relativeError = relativeError; self.handleInvalid = handleInvalid
    }
    public init(inputCols: [String], outputCols: [String], numBuckets: Int = 2, numBucketsArray: [Int] = [],
                relativeError: Double = 0.001, handleInvalid: String = "error") {
        self.inputCols = inputCols; self.outputCols = outputCols; self.numBuckets = numBuckets
        self.numBucketsArray = numBucketsArray; self.relativeError = relativeError; self.handleInvalid = handleInvalid
    }

    func bucketCounts(_ n: Int) throws -> [Int] {
        if numBucketsArray.isEmpty { return [Int](repeating: numBuckets, count: n) }
        guard inputCol == nil else { throw MLError.invalidParam("QuantileDiscretizer: numBucketsArray needs inputCols, not inputCol") }
        guard numBucketsArray.count == n else {
            throw MLError.invalidParam("QuantileDiscretizer: numBucketsArray must have one entry per input column (\(n)), got \(numBucketsArray.count)")
        }
        if let bad = numBucketsArray.first(where: { $0 < 2 }) {
            throw MLError.invalidParam("QuantileDiscretizer: numBucketsArray entries must be >= 2 (got \(bad))")
        }
        return numBucketsArray
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        let pairs = try columnPairs()
        _ = try bucketCounts(pairs.count)
        var fields = schema.fields
        for p in pairs {
            try FeatureIO.requireNumeric(schema, p.input, param: inputParam, stage: Self.className)
            try MLData.checkNew(schema, p.output, param: "outputCol", stage: Self.className)
            fields.append(Field(p.output, .float64))
        }
        return Schema(fields)
    }

    public func fit(_ df: DataFrame) throws -> Bucketizer {
        _ = try transformSchema(df.schema)
        let pairs = try columnPairs()
        let counts = try bucketCounts(pairs.count)
        let columns = try FeatureIO.collectDoubles(df, pairs.map(\.input))
        var lists: [[Double]] = []
        for (k, values) in columns.enumerated() {
            let sorted = values.compactMap { $0 }.filter { !$0.isNaN }.sorted()
            guard !sorted.isEmpty else {
                throw MLError.invalidInput("QuantileDiscretizer: column '\(pairs[k].input)' has no values that are not null or NaN")
            }
            let probs = (0...counts[k]).map { Double($0) / Double(counts[k]) }
            var splits = Quantiles.query(sorted: sorted, probs, relativeError: relativeError)
            splits[0] = -.infinity
            splits[splits.count - 1] = .infinity
            // -0.0 and 0.0 are one split; keep the first of equal splits (Spark's distinct).
            var distinct: [Double] = []
            for s in splits.map({ $0 == 0 ? 0.0 : $0 }) where distinct.last != s { distinct.append(s) }
            lists.append(distinct)
        }
        var b = Bucketizer()
        b.uid = uid
        b.handleInvalid = handleInvalid
        if let inputCol {
            b.inputCol = inputCol; b.outputCol = pairs[0].output; b.splits = lists[0]
        } else {
            b.inputCols = inputCols; b.outputCols = outputCols; b.splitsArray = lists
        }
        return b
    }
}

/// Quantiles of sorted data with the rank rule of Spark's `approxQuantile` (see `QuantileDiscretizer`).
public enum Quantiles {
    /// The `probs` quantiles of `sorted` (ascending, no NaN, not empty).
    public static func query(sorted: [Double], _ probs: [Double], relativeError: Double) -> [Double] {
        let n = sorted.count
        return probs.map { p in
            if p <= relativeError { return sorted[0] }
            if p >= 1 - relativeError { return sorted[n - 1] }
            let rank = Int((p * Double(n)).rounded(.up))
            return sorted[min(max(rank - 1, 0), n - 1)]
        }
    }
}

extension QuantileDiscretizer: MultiColumnStage {}
