import DataFlow
import DataFlowColumnar

/// Fills missing values of numeric columns, as Spark's `Imputer`: `fit` computes each column's
/// surrogate from the values that are not null, not NaN and not `missingValue` — the mean (`strategy`
/// "mean", default), the median ("median", with `relativeError` as `QuantileDiscretizer` reads quantiles)
/// or the most frequent value ("mode"; the smallest of equally frequent ones). `transform` replaces
/// nulls and `missingValue` (default NaN) by the surrogate, cast back to the column's type.
public struct Imputer: Estimator {
    public static let className = "Imputer"
    public static var params: [Param<Imputer>] { ImputerParams.list() }
    public var uid = ML.uid(className)
    public var inputCol: String?
    public var outputCol: String?
    public var inputCols: [String] = []
    public var outputCols: [String] = []
    public var strategy = "mean"
    public var missingValue = Double.nan
    public var relativeError = 0.001

    public init() {}
    public init(inputCols: [String], outputCols: [String], strategy: String = "mean", missingValue: Double = .nan) {
        self.inputCols = inputCols; self.outputCols = outputCols; self.strategy = strategy; self.missingValue = missingValue
    }
    public init(inputCol: String, outputCol: String, strategy: String = "mean", missingValue: Double = .nan) {
        self.inputCol = inputCol; self.outputCol = outputCol; self.strategy = strategy; self.missingValue = missingValue
    }

    public func transformSchema(_ schema: Schema) throws -> Schema { try ImputerParams.schema(self, schema) }

    public func fit(_ df: DataFrame) throws -> ImputerModel {
        _ = try transformSchema(df.schema)
        let pairs = try columnPairs()
        let columns = try FeatureIO.collectDoubles(df, pairs.map(\.input))
        var surrogates: [Double] = []
        var empty: [String] = []
        for (k, col) in columns.enumerated() {
            let xs = col.compactMap { $0 }.filter { !$0.isNaN && $0 != missingValue }
            if xs.isEmpty { empty.append(pairs[k].input); continue }
            switch strategy {
            case "median":
                surrogates.append(Quantiles.query(sorted: xs.sorted(), [0.5], relativeError: relativeError)[0])
            case "mode":
                var counts: [Double: Int] = [:]
                for x in xs { counts[x == 0 ? 0.0 : x, default: 0] += 1 }
                let best = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }!
                surrogates.append(best.key)
            default:
                // A plain running sum, in row order, as Spark's avg adds.
                surrogates.append(xs.reduce(0, +) / Double(xs.count))
            }
        }
        if !empty.isEmpty {
            throw MLError.invalidInput("Imputer: surrogate cannot be computed. All the values in \(empty.joined(separator: ",")) are null, NaN or missingValue (\(Vector.format(missingValue)))")
        }
        var m = ImputerModel(surrogates: surrogates)
        m.uid = ML.uid(ImputerModel.className)
        m.inputCol = inputCol; m.outputCol = outputCol; m.inputCols = inputCols; m.outputCols = outputCols
        m.strategy = strategy; m.missingValue = missingValue; m.relativeError = relativeError
        return m
    }
}

/// A fitted `Imputer`: one surrogate per input column.
public struct ImputerModel: Model, ModelData {
    public static let className = "ImputerModel"
    public static var params: [Param<ImputerModel>] { ImputerParams.list() }
    public var uid = ML.uid(className)
    public var inputCol: String?
    public var outputCol: String?
    public var inputCols: [String] = []
    public var outputCols: [String] = []
    public var strategy = "mean"
    public var missingValue = Double.nan
    public var relativeError = 0.001
    /// The value that replaces missing ones, per input column (Spark's `surrogateDF` as one row).
    public var surrogates: [Double] = []

    public init() {}
    public init(surrogates: [Double]) { self.surrogates = surrogates }

    /// The surrogates by input column name.
    public var surrogateByColumn: [String: Double] {
        let names = inputCol.map { [$0] } ?? inputCols
        return Dictionary(zip(names, surrogates), uniquingKeysWith: { a, _ in a })
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        let out = try ImputerParams.schema(self, schema)
        let n = try columnPairs().count
        guard surrogates.count == n else {
            throw MLError.invalidInput("ImputerModel: has \(surrogates.count) surrogates for \(n) input columns")
        }
        return out
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        let schema = try df.schema
        _ = try transformSchema(schema)
        let pairs = try columnPairs()
        let mv = missingValue, sur = surrogates
        let out = try FeatureIO.append(df, stage: Self.className, inputs: pairs.map(\.input), castTo: .float64,
                                       outputs: pairs.map { Field($0.output + "__imputed", .float64) }) { cols, n in
            cols.indices.map { k -> DataFlowColumnar.Column in
                let c = cols[k], v = c.values(Double.self), s = sur[k]
                var o = [Double](repeating: 0, count: n)
                // NaN == NaN here, as Spark SQL compares (a NaN missingValue replaces NaNs).
                for i in 0..<n { let x = v[i]; o[i] = c.isNull(i) || x == mv || (x.isNaN && mv.isNaN) ? s : x }
                return doubleColumn(o, valid: nil)
            }
        }
        // Back to each input's type (Spark casts the imputed column to it: an int column gets a truncated mean).
        let names = schema.names
        return out.select(names.map { DataFlow.Column($0) } + pairs.map { p in
            DataFlow.Column(p.output + "__imputed").cast(schema.fields[schema.index(of: p.input)!].type).as(p.output)
        })
    }

    public func writeData(to folder: ModelFolder) throws { try folder.writeJSON("surrogates", surrogates) }
    public mutating func readData(from folder: ModelFolder) throws { surrogates = try folder.readJSON([Double].self, "surrogates") }
}

enum ImputerParams {
    protocol Stage: MultiColumnStage {
        var strategy: String { get set }
        var missingValue: Double { get set }
        var relativeError: Double { get set }
    }

    static func list<S: Stage>() -> [Param<S>] {
        [
            .optionalString("inputCol", \.inputCol, "input column name"),
            .optionalString("outputCol", \.outputCol, "output column name"),
            .strings("inputCols", \.inputCols, "input column names"),
            .strings("outputCols", \.outputCols, "output column names"),
            .string("strategy", \.strategy, "strategy for imputation: mean, median or mode", oneOf: ["mean", "median", "mode"]),
            // Any double, NaN included (the default).
            Param("missingValue", doc: "the placeholder for the missing values; all occurrences of missingValue will be imputed",
                  get: { .double($0.missingValue) },
                  set: { s, v in
                      switch v {
                      case .double(let d): s.missingValue = d
                      case .int(let i): s.missingValue = Double(i)
                      case .string("NaN"): s.missingValue = .nan
                      default: throw MLError.invalidParam("missingValue must be a number, not \(v)")
                      }
                  }),
            .double("relativeError", \.relativeError, "the relative target precision for the approximate quantile algorithm", min: 0, max: 1),
        ]
    }

    static func schema<S: Stage>(_ s: S, _ schema: Schema) throws -> Schema {
        try s.validateParams()
        var fields = schema.fields
        for p in try s.columnPairs() {
            let t = try FeatureIO.inputType(schema, p.input, param: s.inputParam, stage: S.className)
            guard t.isNumeric else { throw MLError.column(S.className, "inputCols", p.input, "must be numeric, not \(t.sqlName)") }
            try MLData.checkNew(schema, p.output, param: "outputCols", stage: S.className)
            fields.append(Field(p.output, t))
        }
        return Schema(fields)
    }
}

extension Imputer: ImputerParams.Stage {}
extension ImputerModel: ImputerParams.Stage {}
