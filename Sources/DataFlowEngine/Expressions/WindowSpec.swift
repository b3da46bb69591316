import DataFlowColumnar

/// One end of a window frame. Offsets count rows (ROWS) or order-key units (RANGE) and are not negative:
/// `preceding(2)` is "2 PRECEDING".
public enum FrameBound: Sendable, Hashable, CustomStringConvertible {
    case unboundedPreceding
    case preceding(Int64)
    case currentRow
    case following(Int64)
    case unboundedFollowing

    /// Spark's `rowsBetween`/`rangeBetween` encoding: `Int64.min` unbounded preceding, negative n
    /// preceding, 0 current row, positive n following, `Int64.max` unbounded following.
    public init(sparkOffset v: Int64) {
        if v == Int64.min { self = .unboundedPreceding } else if v == Int64.max { self = .unboundedFollowing } else if v < 0 {
            self = .preceding(-v)
        } else if v == 0 { self = .currentRow } else { self = .following(v) }
    }

    /// Position on a line where preceding is negative (for checking start ≤ end).
    var ordinal: Double {
        switch self {
        case .unboundedPreceding: return -.infinity
        case .preceding(let n): return -Double(n)
        case .currentRow: return 0
        case .following(let n): return Double(n)
        case .unboundedFollowing: return .infinity
        }
    }

    public var description: String {
        switch self {
        case .unboundedPreceding: return "UNBOUNDED PRECEDING"
        case .preceding(let n): return "\(n) PRECEDING"
        case .currentRow: return "CURRENT ROW"
        case .following(let n): return "\(n) FOLLOWING"
        case .unboundedFollowing: return "UNBOUNDED FOLLOWING"
        }
    }
}

/// `ROWS`/`RANGE BETWEEN start AND end`.
public struct WindowFrame: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable { case rows = "ROWS", range = "RANGE" }
    public var kind: Kind
    public var start: FrameBound
    public var end: FrameBound

    public init(_ kind: Kind, _ start: FrameBound, _ end: FrameBound) {
        self.kind = kind
        self.start = start
        self.end = end
    }

    public var description: String { "\(kind.rawValue) BETWEEN \(start) AND \(end)" }

    /// True when every row's frame is its whole partition.
    public var isWholePartition: Bool { start == .unboundedPreceding && end == .unboundedFollowing }
}

/// `OVER (PARTITION BY … ORDER BY … frame)`. A nil frame means Spark's default: with ORDER BY,
/// `RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW`; without, the whole partition.
public struct WindowSpec: Sendable, Hashable, CustomStringConvertible {
    public var partitionBy: [Expr]
    public var orderBy: [SortOrder]
    public var frame: WindowFrame?

    public init(partitionBy: [Expr] = [], orderBy: [SortOrder] = [], frame: WindowFrame? = nil) {
        self.partitionBy = partitionBy
        self.orderBy = orderBy
        self.frame = frame
    }

    /// The frame in effect (Spark's default when none was given).
    public var effectiveFrame: WindowFrame {
        if let frame { return frame }
        return orderBy.isEmpty ? WindowFrame(.rows, .unboundedPreceding, .unboundedFollowing)
            : WindowFrame(.range, .unboundedPreceding, .currentRow)
    }

    public var description: String {
        var parts: [String] = []
        if !partitionBy.isEmpty { parts.append("PARTITION BY " + partitionBy.map(\.description).joined(separator: ", ")) }
        if !orderBy.isEmpty { parts.append("ORDER BY " + orderBy.map(\.description).joined(separator: ", ")) }
        parts.append(effectiveFrame.description)
        return parts.joined(separator: " ")
    }

    /// Same partitioning and ordering (window expressions that can share one sort).
    public func sameSort(_ o: WindowSpec) -> Bool { partitionBy == o.partitionBy && orderBy == o.orderBy }
}
