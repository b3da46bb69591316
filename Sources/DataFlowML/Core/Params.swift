import DataFlow

/// A parameter's value, as `set`/`get`, scripts, parameter grids and saved metadata see it.
public enum ParamValue: Sendable, Hashable, Codable, CustomStringConvertible,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case strings([String])
    case doubles([Double])
    case ints([Int])
    /// An optional parameter that is not set (`weightCol` by default).
    case none

    public init(integerLiteral v: Int) { self = .int(v) }
    public init(floatLiteral v: Double) { self = .double(v) }
    public init(stringLiteral v: String) { self = .string(v) }
    public init(booleanLiteral v: Bool) { self = .bool(v) }

    public var description: String {
        switch self {
        case .bool(let b): return String(b)
        case .int(let i): return String(i)
        case .double(let d): return Vector.format(d)
        case .string(let s): return "\"\(s)\""
        case .strings(let a): return "[" + a.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        case .doubles(let a): return "[" + a.map(Vector.format).joined(separator: ", ") + "]"
        case .ints(let a): return "[" + a.map(String.init).joined(separator: ", ") + "]"
        case .none: return "(not set)"
        }
    }

    // Saved as plain JSON values: 3, 0.1, "rmse", true, ["a"], [0.8, 0.2], null.
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .none }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([Int].self) { self = .ints(a) }
        else if let a = try? c.decode([Double].self) { self = .doubles(a) }
        else if let a = try? c.decode([String].self) { self = .strings(a) }
        else if let a = try? c.decode([NumberOrSpecial].self) { self = .doubles(a.map(\.value)) }
        else { throw MLError.persistence("a parameter value is not a number, string, bool or list") }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d):
            // Keep 1.0 a double on reading back (JSON has one number type).
            if d.isFinite { try c.encode(d) } else { try c.encode(d.isNaN ? "NaN" : (d > 0 ? "Infinity" : "-Infinity")) }
        case .string(let s): try c.encode(s)
        case .strings(let a): try c.encode(a)
        case .doubles(let a):
            // Non-finite entries (a Bucketizer's -inf/+inf splits) as "NaN"/"Infinity"/"-Infinity", as for `.double`.
            if a.allSatisfy(\.isFinite) { try c.encode(a) } else { try c.encode(a.map(NumberOrSpecial.init)) }
        case .ints(let a): try c.encode(a)
        case .none: try c.encodeNil()
        }
    }

    /// A double in JSON: a number, or "NaN", "Infinity", "-Infinity" for the values JSON cannot hold.
    struct NumberOrSpecial: Codable {
        var value: Double
        init(_ v: Double) { value = v }
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let d = try? c.decode(Double.self) { value = d; return }
            switch try c.decode(String.self) {
            case "NaN": value = .nan
            case "Infinity": value = .infinity
            case "-Infinity": value = -.infinity
            case let other: throw MLError.persistence("'\(other)' is not a number")
            }
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            if value.isFinite { try c.encode(value) } else { try c.encode(value.isNaN ? "NaN" : (value > 0 ? "Infinity" : "-Infinity")) }
        }
    }

    var typeName: String {
        switch self {
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "double"
        case .string: return "string"
        case .strings: return "list of strings"
        case .doubles: return "list of doubles"
        case .ints: return "list of ints"
        case .none: return "null"
        }
    }
}

/// One parameter of a stage type: its Spark name, documentation, how to read and write it on a stage
/// value, and which values are allowed.
public struct Param<Stage>: @unchecked Sendable {
    public let name: String
    public let doc: String
    /// The allowed values, as error messages and `explainParams` say them ("must be >= 1").
    public let constraint: String?
    let read: (Stage) -> ParamValue
    let write: (inout Stage, ParamValue) throws -> Void
    let check: (ParamValue) -> Bool

    public init(_ name: String, doc: String, constraint: String? = nil, get: @escaping (Stage) -> ParamValue,
                set: @escaping (inout Stage, ParamValue) throws -> Void, isValid: @escaping (ParamValue) -> Bool = { _ in true }) {
        self.name = name; self.doc = doc; self.constraint = constraint
        self.read = get; self.write = set; self.check = isValid
    }

    static func wrongType(_ name: String, _ expected: String, _ v: ParamValue) -> DataFlowError {
        MLError.invalidParam("\(name) must be \(expected), not \(v.typeName) \(v)")
    }

    public static func int(_ name: String, _ kp: WritableKeyPath<Stage, Int>, _ doc: String, min: Int? = nil, max: Int? = nil) -> Param {
        Param(name, doc: doc, constraint: bounds(min.map(Double.init), max.map(Double.init), minOpen: false),
              get: { .int($0[keyPath: kp]) },
              set: { s, v in
                  switch v {
                  case .int(let i): s[keyPath: kp] = i
                  case .double(let d) where d == d.rounded() && abs(d) < 1e18: s[keyPath: kp] = Int(d)
                  default: throw wrongType(name, "an int", v)
                  }
              },
              isValid: { v in guard case .int(let i) = v else { return false }
                  return (min.map { i >= $0 } ?? true) && (max.map { i <= $0 } ?? true) })
    }

    public static func double(_ name: String, _ kp: WritableKeyPath<Stage, Double>, _ doc: String, min: Double? = nil,
                              max: Double? = nil, minOpen: Bool = false) -> Param {
        Param(name, doc: doc, constraint: bounds(min, max, minOpen: minOpen),
              get: { .double($0[keyPath: kp]) },
              set: { s, v in
                  switch v {
                  case .double(let d): s[keyPath: kp] = d
                  case .int(let i): s[keyPath: kp] = Double(i)
                  // How metadata.json keeps non-finite doubles (Imputer's missingValue NaN).
                  case .string("NaN"): s[keyPath: kp] = .nan
                  case .string("Infinity"): s[keyPath: kp] = .infinity
                  case .string("-Infinity"): s[keyPath: kp] = -.infinity
                  default: throw wrongType(name, "a number", v)
                  }
              },
              isValid: { v in guard case .double(let d) = v, !d.isNaN else { return false }
                  if let min, minOpen ? !(d > min) : !(d >= min) { return false }
                  return max.map { d <= $0 } ?? true })
    }

    public static func int64(_ name: String, _ kp: WritableKeyPath<Stage, Int64>, _ doc: String) -> Param {
        Param(name, doc: doc, get: { .int(Int($0[keyPath: kp])) },
              set: { s, v in guard case .int(let i) = v else { throw wrongType(name, "an int", v) }; s[keyPath: kp] = Int64(i) })
    }

    public static func bool(_ name: String, _ kp: WritableKeyPath<Stage, Bool>, _ doc: String) -> Param {
        Param(name, doc: doc, get: { .bool($0[keyPath: kp]) },
              set: { s, v in guard case .bool(let b) = v else { throw wrongType(name, "a bool", v) }; s[keyPath: kp] = b })
    }

    /// A string parameter; with `oneOf`, only those values (compared case-insensitively, stored as given there).
    public static func string(_ name: String, _ kp: WritableKeyPath<Stage, String>, _ doc: String, oneOf: [String]? = nil,
                              allowEmpty: Bool = false) -> Param {
        Param(name, doc: doc, constraint: oneOf.map { "must be one of " + $0.map { "\"\($0)\"" }.joined(separator: ", ") } ?? (allowEmpty ? nil : "must not be empty"),
              get: { .string($0[keyPath: kp]) },
              set: { s, v in
                  guard case .string(let str) = v else { throw wrongType(name, "a string", v) }
                  s[keyPath: kp] = oneOf?.first { $0.lowercased() == str.lowercased() } ?? str
              },
              isValid: { v in guard case .string(let str) = v else { return false }
                  if let oneOf { return oneOf.contains(str) }
                  return allowEmpty || !str.isEmpty })
    }

    /// An optional string parameter (unset = nil; an empty string also means unset, as in Spark).
    public static func optionalString(_ name: String, _ kp: WritableKeyPath<Stage, String?>, _ doc: String) -> Param {
        Param(name, doc: doc, get: { $0[keyPath: kp].map { .string($0) } ?? ParamValue.none },
              set: { s, v in
                  switch v {
                  case .none: s[keyPath: kp] = nil
                  case .string(let str): s[keyPath: kp] = str.isEmpty ? nil : str
                  default: throw wrongType(name, "a string", v)
                  }
              })
    }

    public static func strings(_ name: String, _ kp: WritableKeyPath<Stage, [String]>, _ doc: String, nonEmpty: Bool = false) -> Param {
        Param(name, doc: doc, constraint: nonEmpty ? "must not be empty" : nil, get: { .strings($0[keyPath: kp]) },
              set: { s, v in
                  switch v {
                  case .strings(let a): s[keyPath: kp] = a
                  case .string(let one): s[keyPath: kp] = [one]
                  // An empty JSON list reads back as `.ints([])`.
                  case .ints([]), .doubles([]): s[keyPath: kp] = []
                  default: throw wrongType(name, "a list of strings", v)
                  }
              },
              isValid: { v in guard case .strings(let a) = v else { return false }; return !nonEmpty || !a.isEmpty })
    }

    public static func doubles(_ name: String, _ kp: WritableKeyPath<Stage, [Double]>, _ doc: String) -> Param {
        Param(name, doc: doc, get: { .doubles($0[keyPath: kp]) },
              set: { s, v in
                  switch v {
                  case .doubles(let a): s[keyPath: kp] = a
                  case .ints(let a): s[keyPath: kp] = a.map(Double.init)
                  case .double(let d): s[keyPath: kp] = [d]
                  case .strings([]): s[keyPath: kp] = []
                  default: throw wrongType(name, "a list of numbers", v)
                  }
              })
    }

    public static func ints(_ name: String, _ kp: WritableKeyPath<Stage, [Int]>, _ doc: String) -> Param {
        Param(name, doc: doc, get: { .ints($0[keyPath: kp]) },
              set: { s, v in
                  switch v {
                  case .ints(let a): s[keyPath: kp] = a
                  case .int(let i): s[keyPath: kp] = [i]
                  case .strings([]), .doubles([]): s[keyPath: kp] = []
                  default: throw wrongType(name, "a list of ints", v)
                  }
              })
    }

    static func bounds(_ min: Double?, _ max: Double?, minOpen: Bool) -> String? {
        func f(_ d: Double) -> String { d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d) }
        switch (min, max) {
        case let (lo?, hi?): return "must be in \(minOpen ? "(" : "[")\(f(lo)), \(f(hi))]"
        case let (lo?, nil): return "must be \(minOpen ? ">" : ">=") \(f(lo))"
        case let (nil, hi?): return "must be <= \(f(hi))"
        default: return nil
        }
    }
}

/// A set of parameter values for one or more stages (a point of a parameter grid). Entries name the
/// stage by `uid`; an entry without a uid applies to whichever stage has that parameter.
public struct ParamMap: Sendable, Hashable, CustomStringConvertible {
    public struct Entry: Sendable, Hashable {
        public var stageUID: String?
        public var name: String
        public var value: ParamValue
    }
    public var entries: [Entry] = []

    public init() {}

    public func with(_ stage: (any PipelineStage)?, _ name: String, _ value: ParamValue) -> ParamMap {
        var m = self
        m.entries.removeAll { $0.stageUID == stage?.uid && $0.name == name }
        m.entries.append(Entry(stageUID: stage?.uid, name: name, value: value))
        return m
    }

    public var description: String {
        "{" + entries.map { "\($0.stageUID.map { $0 + "." } ?? "")\($0.name): \($0.value)" }.joined(separator: ", ") + "}"
    }
}
