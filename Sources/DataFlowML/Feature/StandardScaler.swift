import DataFlow
import DataFlowColumnar

/// Standardizes a vector column, as Spark's `StandardScaler`: `withStd` (default true) scales each
/// entry by 1 / the column's unbiased sample standard deviation (0.0 where the deviation is 0);
/// `withMean` (default false) subtracts the mean first and makes the output dense. Without `withMean`
/// a sparse input stays sparse.
public struct StandardScaler: Estimator {
    public static let className = "StandardScaler"
    public static var params: [Param<StandardScaler>] {
        [
            .string("inputCol", \.inputCol, "input column name"),
            .string("outputCol", \.outputCol, "output column name"),
            .bool("withMean", \.withMean, "whether to center data with mean"),
            .bool("withStd", \.withStd, "whether to scale the data to unit standard deviation"),
        ]
    }
    public var uid = ML.uid(className)
    public var inputCol = ""
    public var outputCol: String
    public var withMean = false
    public var withStd = true

    public init() { outputCol = uid + "__output" }
    public init(inputCol: String, outputCol: String, withMean: Bool = false, withStd: Bool = true) {
        self.inputCol = inputCol; self.outputCol = outputCol; self.withMean = withMean; self.withStd = withStd
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        return try vectorStageOutput(schema, stage: Self.className, inputCol: inputCol, outputCol: outputCol, keepSparse: !withMean)
    }

    public func fit(_ df: DataFrame) throws -> StandardScalerModel {
        _ = try transformSchema(df.schema)
        let s = try VectorStats.compute(df, inputCol, stage: Self.className)
        var m = StandardScalerModel(mean: s.mean, std: s.variance.map { $0.squareRoot() })
        m.inputCol = inputCol; m.outputCol = outputCol; m.withMean = withMean; m.withStd = withStd
        return m
    }
}

/// A fitted `StandardScaler`: each dimension's `mean` and `std`.
public struct StandardScalerModel: Model, ModelData {
    public static let className = "StandardScalerModel"
    public static var params: [Param<StandardScalerModel>] {
        [
            .string("inputCol", \.inputCol, "input column name"),
            .string("outputCol", \.outputCol, "output column name"),
            .bool("withMean", \.withMean, "whether to center data with mean"),
            .bool("withStd", \.withStd, "whether to scale the data to unit standard deviation"),
        ]
    }
    public var uid = ML.uid(className)
    public var inputCol = ""
    public var outputCol: String
    public var withMean = false
    public var withStd = true
    public var mean: [Double] = []
    /// The unbiased sample standard deviation of each dimension.
    public var std: [Double] = []

    public init() { outputCol = uid + "__output" }
    public init(mean: [Double], std: [Double]) {
        self.init()
        self.mean = mean; self.std = std
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        guard mean.count == std.count else { throw MLError.invalidInput("StandardScalerModel: mean and std differ in size") }
        return try vectorStageOutput(schema, stage: Self.className, inputCol: inputCol, outputCol: outputCol, keepSparse: !withMean)
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        let out = try transformSchema(df.schema)
        let sparseOut = out.fields.last!.type == VectorColumn.sparseType
        // As Spark: multiply by 1/std (0 where std is 0), subtract the mean first when withMean.
        let d = mean.count
        let scale = withStd ? std.map { $0 == 0 ? 0 : 1 / $0 } : [Double](repeating: 1, count: d)
        let shift = withMean ? mean : [Double](repeating: 0, count: d)
        let stage = Self.className
        return try mapVectors(df, stage: stage, inputCol: inputCol, outputCol: outputCol, sparseOut: sparseOut) { r, i, b in
            try checkSize(r, i, d, stage)
            if sparseOut {
                r.forEachActive(i) { j, x in b.add(j, x * scale[j]) }
            } else if r.sparse {
                var next = 0
                r.forEachActive(i) { j, x in
                    while next < j { b.add(next, (0 - shift[next]) * scale[next]); next += 1 }
                    b.add(j, (x - shift[j]) * scale[j]); next = j + 1
                }
                while next < d { b.add(next, (0 - shift[next]) * scale[next]); next += 1 }
            } else {
                r.forEachActive(i) { j, x in b.add(j, (x - shift[j]) * scale[j]) }
            }
            b.endRow(size: d)
        }
    }

    public func writeData(to folder: ModelFolder) throws {
        try folder.writeJSON("mean", mean)
        try folder.writeJSON("std", std)
    }

    public mutating func readData(from folder: ModelFolder) throws {
        mean = try folder.readJSON([Double].self, "mean")
        std = try folder.readJSON([Double].self, "std")
    }
}
