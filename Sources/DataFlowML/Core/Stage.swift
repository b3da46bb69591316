import DataFlow
import Foundation
import Synchronization

/// A step of an ML pipeline: a `Transformer`, an `Estimator` or an `Evaluator`. Parameters are typed
/// Swift properties; `params` lists them with Spark MLlib's names so that scripts, parameter grids and
/// saved models reach them by name.
public protocol PipelineStage: Sendable {
    /// The class name saved models and scripts use (Spark's simple name: `ALS`, `ALSModel`).
    static var className: String { get }
    /// Every parameter, with Spark's name, its documentation and its allowed values.
    static var params: [Param<Self>] { get }
    /// A unique id (`ALS_4f2a9c1d0b3e`), as Spark's `uid`.
    var uid: String { get set }
    /// A stage with Spark's defaults.
    init()
    /// The schema `transform` (or `fit`) produces from `schema`; fails on a missing or mistyped input column.
    func transformSchema(_ schema: Schema) throws -> Schema
}

/// Maps a DataFrame to another (adds columns).
public protocol Transformer: PipelineStage {
    func transform(_ df: DataFrame) throws -> DataFrame
}

/// Learns a `Model` from a DataFrame.
public protocol Estimator: PipelineStage {
    associatedtype FittedModel: Model
    func fit(_ df: DataFrame) throws -> FittedModel
}

/// What an `Estimator` learned: a `Transformer` that keeps its estimator's parameters.
public protocol Model: Transformer {}

/// Computes one metric from a DataFrame of predictions.
public protocol Evaluator: PipelineStage {
    func evaluate(_ df: DataFrame) throws -> Double
    /// True when a larger metric is better (r2, areaUnderROC), false for errors (rmse).
    var isLargerBetter: Bool { get }
}

extension Estimator {
    /// `fit` through an existential (`any Estimator`): the model as `any Model`.
    public func fitModel(_ df: DataFrame) throws -> any Model { try fit(df) }
}

public enum ML {
    private static let counter = Atomic<UInt64>(0)

    /// A new unique id for a stage: `className_` and 12 hex digits.
    public static func uid(_ className: String) -> String {
        let n = counter.add(1, ordering: .relaxed).newValue
        let mixed = (UInt64(UInt32(truncatingIfNeeded: getpid())) << 40) ^ (n &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(Date().timeIntervalSince1970 * 1e6)
        let hex = String(mixed & 0xFFFF_FFFF_FFFF, radix: 16)
        return className + "_" + String(repeating: "0", count: 12 - hex.count) + hex
    }
}

extension PipelineStage {
    public static func param(named name: String) -> Param<Self>? {
        params.first { $0.name == name } ?? params.first { $0.name.lowercased() == name.lowercased() }
    }

    /// The names of every parameter.
    public static var paramNames: [String] { params.map(\.name) }

    /// True when the stage has a parameter of that name.
    public func hasParam(_ name: String) -> Bool { Self.param(named: name) != nil }

    /// The current value of parameter `name` (nil when there is no such parameter).
    public func get(_ name: String) -> ParamValue? { Self.param(named: name).map { $0.read(self) } }

    /// Sets parameter `name`; fails on an unknown name (listing the known ones) or a value of the wrong
    /// type. The allowed range is checked by `validateParams()` (at `fit`/`transform`).
    public mutating func set(_ name: String, _ value: ParamValue) throws {
        guard let p = Self.param(named: name) else {
            throw MLError.invalidParam("\(Self.className) has no parameter '\(name)'; its parameters are \(Self.paramNames.joined(separator: ", "))")
        }
        do { try p.write(&self, value) } catch let e as DataFlowError {
            throw MLError.invalidParam("\(Self.className): \(e.message)")
        }
    }

    /// A copy with parameter `name` set.
    public func setting(_ name: String, _ value: ParamValue) throws -> Self {
        var c = self
        try c.set(name, value)
        return c
    }

    /// A copy with the entries of `map` that apply to this stage (its uid, or no uid and a parameter of that name).
    public func copy(_ map: ParamMap) throws -> Self {
        var c = self
        for e in map.entries where e.stageUID == uid || (e.stageUID == nil && hasParam(e.name)) {
            try c.set(e.name, e.value)
        }
        return c
    }

    /// Checks every parameter against its allowed values: the error names the stage, the parameter,
    /// the allowed range and the value.
    public func validateParams() throws {
        for p in Self.params {
            let v = p.read(self)
            if !p.check(v) {
                throw MLError.invalidParam("\(Self.className): \(p.name) \(p.constraint ?? "has an invalid value") (got \(v))")
            }
        }
    }

    /// Every parameter with its documentation, allowed values, default and current value, as Spark's
    /// `explainParams()`.
    public func explainParams() -> String {
        let defaults = Self()
        return Self.params.map { p in
            let cur = p.read(self), def = p.read(defaults)
            var line = "\(p.name): \(p.doc)"
            if let c = p.constraint { line += " (\(c))" }
            line += " (default: \(def)"
            if cur != def { line += ", current: \(cur)" }
            return line + ")"
        }.joined(separator: "\n")
    }

    /// The parameters whose value differs from the default, as `name=value`.
    public var paramSummary: String {
        let defaults = Self()
        return Self.params.compactMap { p in
            let v = p.read(self)
            return v == p.read(defaults) ? nil : "\(p.name)=\(v)"
        }.joined(separator: ", ")
    }

    /// Every parameter's current value, by name (what `save` writes).
    public var paramValues: [String: ParamValue] {
        Dictionary(uniqueKeysWithValues: Self.params.map { ($0.name, $0.read(self)) })
    }
}
