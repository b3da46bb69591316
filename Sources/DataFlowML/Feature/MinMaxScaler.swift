import DataFlow
import DataFlowColumnar

/// Rescales each dimension of a vector column to `[min, max]` (default [0, 1]), as Spark's
/// `MinMaxScaler`: `(x - originalMin) / (originalMax - originalMin) * (max - min) + min`; a constant
/// dimension maps to `(min + max) / 2`; NaN stays NaN. The output is dense (Spark picks dense or sparse
/// per row by size; the values are the same).
public struct MinMaxScaler: Estimator {
    public static let className = "MinMaxScaler"
    public static var params: [Param<MinMaxScaler>] {
        [
            .string("inputCol", \.inputCol, "input column name"),
            .string("outputCol", \.outputCol, "output column name"),
            .double("min", \.min, "lower bound of the output feature range"),
            .double("max", \.max, "upper bound of the output feature range"),
        ]
    }
    public var uid = ML.uid(className)
    public var inputCol = ""
    public var outputCol: String
    public var min = 0.0
    public var max = 1.0

    public init() { outputCol = uid + "__output" }
    public init(inputCol: String, outputCol: String, min: Double = 0, max: Double = 1) {
        self.inputCol = inputCol; self.outputCol = outputCol; self.min = min; self.max = max
    }

    public func transformSchema(_ schema: Schema) throws -> Schema { try MinMaxScalerModel.schema(self, schema, min, max, inputCol, outputCol) }

    public func fit(_ df: DataFrame) throws -> MinMaxScalerModel {
        _ = try transformSchema(df.schema)
        let s = try VectorStats.compute(df, inputCol, stage: Self.className)
        var m = MinMaxScalerModel(originalMin: s.min, originalMax: s.max)
        m.inputCol = inputCol; m.outputCol = outputCol; m.min = min; m.max = max
        return m
    }
}

/// A fitted `MinMaxScaler`: each dimension's `originalMin` and `originalMax`.
public struct MinMaxScalerModel: Model, ModelData {
    public static let className = "MinMaxScalerModel"
    public static var params: [Param<MinMaxScalerModel>] {
        [
            .string("inputCol", \.inputCol, "input column name"),
            .string("outputCol", \.outputCol, "output column name"),
            .double("min", \.min, "lower bound of the output feature range"),
            .double("max", \.max, "upper bound of the output feature range"),
        ]
    }
    public var uid = ML.uid(className)
    public var inputCol = ""
    public var outputCol: String
    public var min = 0.0
    public var max = 1.0
    public var originalMin: [Double] = []
    public var originalMax: [Double] = []

    public init() { outputCol = uid + "__output" }
    public init(originalMin: [Double], originalMax: [Double]) {
        self.init()
        self.originalMin = originalMin; self.originalMax = originalMax
    }

    static func schema<S: PipelineStage>(_ s: S, _ schema: Schema, _ min: Double, _ max: Double, _ input: String, _ output: String) throws -> Schema {
        try s.validateParams()
        guard min < max else {
            throw MLError.invalidParam("\(S.className): min must be less than max (got min \(min), max \(max))")
        }
        _ = try vectorStageSchema(schema, stage: S.className, inputCol: input, outputCol: output)
        return Schema(schema.fields + [Field(output, VectorColumn.denseType)])
    }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        guard originalMin.count == originalMax.count else { throw MLError.invalidInput("MinMaxScalerModel: originalMin and originalMax differ in size") }
        return try Self.schema(self, schema, min, max, inputCol, outputCol)
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        _ = try transformSchema(df.schema)
        let d = originalMin.count, lo = originalMin, outMin = min, span = max - min
        let scale = (0..<d).map { j in originalMax[j] - originalMin[j] != 0 ? span / (originalMax[j] - originalMin[j]) : 0 }
        let stage = Self.className
        return try mapVectors(df, stage: stage, inputCol: inputCol, outputCol: outputCol, sparseOut: false) { r, i, b in
            try checkSize(r, i, d, stage)
            @inline(__always) func f(_ j: Int, _ x: Double) -> Double {
                if x.isNaN { return x }
                return scale[j] != 0 ? (x - lo[j]) * scale[j] + outMin : 0.5 * span + outMin
            }
            var next = 0
            r.forEachActive(i) { j, x in
                while next < j { b.add(next, f(next, 0)); next += 1 }
                b.add(j, f(j, x)); next = j + 1
            }
            while next < d { b.add(next, f(next, 0)); next += 1 }
            b.endRow(size: d)
        }
    }

    public func writeData(to folder: ModelFolder) throws {
        try folder.writeJSON("originalMin", originalMin)
        try folder.writeJSON("originalMax", originalMax)
    }

    public mutating func readData(from folder: ModelFolder) throws {
        originalMin = try folder.readJSON([Double].self, "originalMin")
        originalMax = try folder.readJSON([Double].self, "originalMax")
    }
}

/// Scales each dimension by 1 / its largest absolute value (to [-1, 1]), as Spark's `MaxAbsScaler`;
/// sparse input stays sparse; a dimension that is all zeros is left as is.
public struct MaxAbsScaler: Estimator {
    public static let className = "MaxAbsScaler"
    public static var params: [Param<MaxAbsScaler>] {
        [.string("inputCol", \.inputCol, "input column name"), .string("outputCol", \.outputCol, "output column name")]
    }
    public var uid = ML.uid(className)
    public var inputCol = ""
    public var outputCol: String

    public init() { outputCol = uid + "__output" }
    public init(inputCol: String, outputCol: String) { self.inputCol = inputCol; self.outputCol = outputCol }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        return try vectorStageOutput(schema, stage: Self.className, inputCol: inputCol, outputCol: outputCol)
    }

    public func fit(_ df: DataFrame) throws -> MaxAbsScalerModel {
        _ = try transformSchema(df.schema)
        let s = try VectorStats.compute(df, inputCol, stage: Self.className)
        var m = MaxAbsScalerModel(maxAbs: zip(s.min, s.max).map { Swift.max(abs($0), abs($1)) })
        m.inputCol = inputCol; m.outputCol = outputCol
        return m
    }
}

/// A fitted `MaxAbsScaler`: each dimension's largest absolute value.
public struct MaxAbsScalerModel: Model, ModelData {
    public static let className = "MaxAbsScalerModel"
    public static var params: [Param<MaxAbsScalerModel>] {
        [.string("inputCol", \.inputCol, "input column name"), .string("outputCol", \.outputCol, "output column name")]
    }
    public var uid = ML.uid(className)
    public var inputCol = ""
    public var outputCol: String
    public var maxAbs: [Double] = []

    public init() { outputCol = uid + "__output" }
    public init(maxAbs: [Double]) { self.init(); self.maxAbs = maxAbs }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        return try vectorStageOutput(schema, stage: Self.className, inputCol: inputCol, outputCol: outputCol)
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        let out = try transformSchema(df.schema)
        let d = maxAbs.count, scale = maxAbs.map { $0 == 0 ? 1 : 1 / $0 }, stage = Self.className
        return try mapVectors(df, stage: stage, inputCol: inputCol, outputCol: outputCol,
                              sparseOut: out.fields.last!.type == VectorColumn.sparseType) { r, i, b in
            try checkSize(r, i, d, stage)
            r.forEachActive(i) { j, x in b.add(j, x * scale[j]) }
            b.endRow(size: d)
        }
    }

    public func writeData(to folder: ModelFolder) throws { try folder.writeJSON("maxAbs", maxAbs) }
    public mutating func readData(from folder: ModelFolder) throws { maxAbs = try folder.readJSON([Double].self, "maxAbs") }
}

/// Scales each vector to unit p-norm, as Spark's `Normalizer` (`p` default 2, must be >= 1;
/// `p = .infinity` for the largest absolute value). A zero vector stays as it is; sparsity is kept.
public struct Normalizer: Transformer {
    public static let className = "Normalizer"
    public static var params: [Param<Normalizer>] {
        [
            .string("inputCol", \.inputCol, "input column name"),
            .string("outputCol", \.outputCol, "output column name"),
            .double("p", \.p, "the p norm value", min: 1),
        ]
    }
    public var uid = ML.uid(className)
    public var inputCol = ""
    public var outputCol: String
    public var p = 2.0

    public init() { outputCol = uid + "__output" }
    public init(inputCol: String, outputCol: String, p: Double = 2) { self.inputCol = inputCol; self.outputCol = outputCol; self.p = p }

    public func transformSchema(_ schema: Schema) throws -> Schema {
        try validateParams()
        return try vectorStageOutput(schema, stage: Self.className, inputCol: inputCol, outputCol: outputCol)
    }

    public func transform(_ df: DataFrame) throws -> DataFrame {
        let out = try transformSchema(df.schema)
        let p = self.p
        return try mapVectors(df, stage: Self.className, inputCol: inputCol, outputCol: outputCol,
                              sparseOut: out.fields.last!.type == VectorColumn.sparseType) { r, i, b in
            var s = 0.0
            if p == 1 { r.forEachActive(i) { _, x in s += abs(x) } }
            else if p == 2 { r.forEachActive(i) { _, x in s += x * x }; s = s.squareRoot() }
            else if p.isInfinite { r.forEachActive(i) { _, x in s = Swift.max(s, abs(x)) } }
            else { r.forEachActive(i) { _, x in s += Foundation.pow(abs(x), p) }; s = Foundation.pow(s, 1 / p) }
            let norm = s
            r.forEachActive(i) { j, x in b.add(j, norm != 0 ? x / norm : x) }
            b.endRow(size: r.size(i))
        }
    }
}

import Foundation
