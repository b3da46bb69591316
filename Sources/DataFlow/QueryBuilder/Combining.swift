import DataFlowColumnar

/// Joins another DataFrame (or a catalog table by name) to the query so far, as `df.join(other, on:, how:)`:
/// `Join(movies, on: "movieId")`, `Join("movies", on: ["movieId"], kind: .left)`,
/// `Join(users, on: col("r.userId") == col("u.id"))`.
public struct Join: QueryStage {
    enum Condition: Sendable {
        case columns([String])
        case expression(Column)
    }
    let other: FrameReference
    let condition: Condition
    public let kind: JoinType

    public init(_ other: DataFrame, on column: String, kind: JoinType = .inner) {
        self.init(.frame(other), .columns([column]), kind)
    }
    public init(_ other: DataFrame, on columns: [String], kind: JoinType = .inner) {
        self.init(.frame(other), .columns(columns), kind)
    }
    public init(_ other: DataFrame, on condition: Column, kind: JoinType = .inner) {
        self.init(.frame(other), .expression(condition), kind)
    }
    public init(_ table: String, on column: String, kind: JoinType = .inner) {
        self.init(.table(table), .columns([column]), kind)
    }
    public init(_ table: String, on columns: [String], kind: JoinType = .inner) {
        self.init(.table(table), .columns(columns), kind)
    }
    public init(_ table: String, on condition: Column, kind: JoinType = .inner) {
        self.init(.table(table), .expression(condition), kind)
    }
    init(_ other: FrameReference, _ condition: Condition, _ kind: JoinType) {
        self.other = other
        self.condition = condition
        self.kind = kind
    }

    public func apply(to frame: DataFrame) throws -> DataFrame {
        let right = try other.resolve(in: frame.session, "Join")
        switch condition {
        case .columns(let names): return frame.join(right, on: names, how: kind)
        case .expression(let c): return frame.join(right, on: c, how: kind)
        }
    }
}

/// Appends the rows of another DataFrame (or catalog table): by position as `df.union(other)`, or with
/// `byName: true` by column name as `df.unionByName(other, allowMissingColumns:)`.
public struct Union: QueryStage {
    let other: FrameReference
    public let byName: Bool
    public let allowMissingColumns: Bool

    public init(_ other: DataFrame, byName: Bool = false, allowMissingColumns: Bool = false) {
        self.init(.frame(other), byName, allowMissingColumns)
    }
    public init(_ table: String, byName: Bool = false, allowMissingColumns: Bool = false) {
        self.init(.table(table), byName, allowMissingColumns)
    }
    init(_ other: FrameReference, _ byName: Bool, _ allowMissingColumns: Bool) {
        self.other = other
        self.byName = byName
        self.allowMissingColumns = allowMissingColumns
    }

    public func apply(to frame: DataFrame) throws -> DataFrame {
        let right = try other.resolve(in: frame.session, "Union")
        return byName || allowMissingColumns
            ? frame.unionByName(right, allowMissingColumns: allowMissingColumns)
            : frame.union(right)
    }
}
