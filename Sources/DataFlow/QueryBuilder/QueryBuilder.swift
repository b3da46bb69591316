import DataFlowColumnar

/// Where a query's rows come from: `From("ratings")`, `From(ratingsFrame)`. Only the first line of
/// `session.query { ... }` may be a source.
public protocol QuerySource: Sendable {
    /// The DataFrame the rest of the query starts from.
    func frame(in session: Session) throws -> DataFrame
}

/// One step of a query (`Where`, `Select`, `Join`, `OrderBy`, ...): lowers to DataFrame methods, so a
/// built query has exactly the plan of the equivalent method chain. Conform to it to write your own.
public protocol QueryStage: Sendable {
    /// `frame` with this step applied, using the ordinary DataFrame methods.
    func apply(to frame: DataFrame) throws -> DataFrame
}

/// Marks a pipeline that starts with its source (`session.query { From(...) ... }`).
public enum WithSource {}
/// Marks a pipeline of stages only (`df.query { ... }`, the body of an `if` or `for` in a query).
public enum WithoutSource {}

/// What the query builder has built so far: an optional source and the stages after it, in order.
/// `Start` records at compile time whether it begins with a source.
public struct QueryPipeline<Start>: Sendable {
    let source: (any QuerySource)?
    let steps: [any QueryStage]

    init(source: (any QuerySource)?, steps: [any QueryStage]) {
        self.source = source
        self.steps = steps
    }

    func appending(_ more: [any QueryStage]) -> QueryPipeline<Start> {
        QueryPipeline(source: source, steps: steps + more)
    }

    /// Runs the stages on `frame`, in order.
    func applySteps(to frame: DataFrame) throws -> DataFrame {
        try steps.reduce(frame) { try $1.apply(to: $0) }
    }
}

extension QueryPipeline: QuerySource where Start == WithSource {
    public func frame(in session: Session) throws -> DataFrame {
        guard let source else { throw DataFlowError.invalid("a query needs a source: start it with From(...)") }
        return try applySteps(to: try source.frame(in: session))
    }
}

extension QueryPipeline: QueryStage where Start == WithoutSource {
    public func apply(to frame: DataFrame) throws -> DataFrame { try applySteps(to: frame) }
}

/// GroupBy and Having as pipeline steps (they are not `QueryStage`s, so the builder can place them).
struct AnyStage: QueryStage {
    let body: @Sendable (DataFrame) throws -> DataFrame
    init(_ body: @escaping @Sendable (DataFrame) throws -> DataFrame) { self.body = body }
    func apply(to frame: DataFrame) throws -> DataFrame { try body(frame) }
}

/// A pipeline whose last step is `GroupBy`, so `Having` may follow.
public struct GroupedQueryPipeline<Start>: Sendable {
    let pipeline: QueryPipeline<Start>
}

extension GroupedQueryPipeline: QueryStage where Start == WithoutSource {
    public func apply(to frame: DataFrame) throws -> DataFrame { try pipeline.apply(to: frame) }
}

/// Builds queries from components, like RegexBuilder: `session.query { From("ratings"); Where(...); ... }`.
///
/// The types carry the rules the compiler can check: a `session.query` starts with one source, a
/// `df.query` (whose source is the DataFrame) has none, and `Having` comes directly after `GroupBy`.
@resultBuilder
public enum QueryBuilder {
    // MARK: First component

    /// An empty block: no stages (`df.query { }` is the DataFrame itself, an empty `if` adds nothing).
    public static func buildBlock() -> QueryPipeline<WithoutSource> { QueryPipeline(source: nil, steps: []) }

    public static func buildPartialBlock(first source: some QuerySource) -> QueryPipeline<WithSource> {
        QueryPipeline(source: source, steps: [])
    }
    public static func buildPartialBlock(first stage: some QueryStage) -> QueryPipeline<WithoutSource> {
        QueryPipeline(source: nil, steps: [stage])
    }
    public static func buildPartialBlock(first group: GroupBy) -> GroupedQueryPipeline<WithoutSource> {
        GroupedQueryPipeline(pipeline: QueryPipeline(source: nil, steps: [AnyStage { try group.apply(to: $0) }]))
    }
    @available(*, unavailable, message: "Having(...) filters the groups of a GroupBy: put it directly after GroupBy(...) { ... }")
    public static func buildPartialBlock(first having: Having) -> QueryPipeline<WithoutSource> {
        QueryPipeline(source: nil, steps: [AnyStage { try having.apply(to: $0) }])
    }

    // MARK: Following components

    public static func buildPartialBlock<S>(accumulated: QueryPipeline<S>, next: some QueryStage) -> QueryPipeline<S> {
        accumulated.appending([next])
    }
    public static func buildPartialBlock<S>(accumulated: QueryPipeline<S>, next: GroupBy) -> GroupedQueryPipeline<S> {
        GroupedQueryPipeline(pipeline: accumulated.appending([AnyStage { try next.apply(to: $0) }]))
    }
    public static func buildPartialBlock<S>(accumulated: GroupedQueryPipeline<S>, next: some QueryStage) -> QueryPipeline<S> {
        accumulated.pipeline.appending([next])
    }
    public static func buildPartialBlock<S>(accumulated: GroupedQueryPipeline<S>, next: GroupBy) -> GroupedQueryPipeline<S> {
        GroupedQueryPipeline(pipeline: accumulated.pipeline.appending([AnyStage { try next.apply(to: $0) }]))
    }
    public static func buildPartialBlock<S>(accumulated: GroupedQueryPipeline<S>, next: Having) -> GroupedQueryPipeline<S> {
        GroupedQueryPipeline(pipeline: accumulated.pipeline.appending([AnyStage { try next.apply(to: $0) }]))
    }
    @available(*, unavailable, message: "Having(...) filters the groups of a GroupBy: put it directly after GroupBy(...) { ... }")
    public static func buildPartialBlock<S>(accumulated: QueryPipeline<S>, next: Having) -> QueryPipeline<S> {
        accumulated.appending([AnyStage { try next.apply(to: $0) }])
    }
    @available(*, unavailable, message: "a query has one source, on its first line; combine DataFrames with Join(...) or Union(...)")
    public static func buildPartialBlock<S>(accumulated: QueryPipeline<S>, next: some QuerySource) -> QueryPipeline<S> {
        accumulated
    }
    @available(*, unavailable, message: "a query has one source, on its first line; combine DataFrames with Join(...) or Union(...)")
    public static func buildPartialBlock<S>(accumulated: GroupedQueryPipeline<S>, next: some QuerySource) -> QueryPipeline<S> {
        accumulated.pipeline
    }

    // MARK: Control flow (the bodies of `if`, `switch` and `for` are stages)

    // One overload only: the `nil` of an `if` without `else` must not be ambiguous.
    public static func buildOptional(_ stages: (any QueryStage)?) -> QueryPipeline<WithoutSource> {
        QueryPipeline(source: nil, steps: stages.map { [$0] } ?? [])
    }
    public static func buildEither<S>(first: QueryPipeline<S>) -> QueryPipeline<S> { first }
    public static func buildEither<S>(second: QueryPipeline<S>) -> QueryPipeline<S> { second }
    public static func buildEither<S>(first: GroupedQueryPipeline<S>) -> QueryPipeline<S> { first.pipeline }
    public static func buildEither<S>(second: GroupedQueryPipeline<S>) -> QueryPipeline<S> { second.pipeline }
    public static func buildArray(_ parts: [QueryPipeline<WithoutSource>]) -> QueryPipeline<WithoutSource> {
        QueryPipeline(source: nil, steps: parts.flatMap(\.steps))
    }
    public static func buildArray(_ parts: [GroupedQueryPipeline<WithoutSource>]) -> QueryPipeline<WithoutSource> {
        QueryPipeline(source: nil, steps: parts.flatMap(\.pipeline.steps))
    }
    public static func buildLimitedAvailability<S>(_ part: QueryPipeline<S>) -> QueryPipeline<S> { part }
    public static func buildLimitedAvailability<S>(_ part: GroupedQueryPipeline<S>) -> QueryPipeline<S> { part.pipeline }

    // MARK: Whole query

    public static func buildFinalResult<S>(_ pipeline: QueryPipeline<S>) -> QueryPipeline<S> { pipeline }
    public static func buildFinalResult<S>(_ grouped: GroupedQueryPipeline<S>) -> QueryPipeline<S> { grouped.pipeline }
    @available(*, unavailable, message: "session.query { } starts with its source: From(\"table\") or From(dataFrame); or call query { } on a DataFrame")
    public static func buildFinalResult(_ stages: QueryPipeline<WithoutSource>) -> QueryPipeline<WithSource> {
        QueryPipeline(source: nil, steps: stages.steps)
    }
    @available(*, unavailable, message: "session.query { } starts with its source: From(\"table\") or From(dataFrame); or call query { } on a DataFrame")
    public static func buildFinalResult(_ stages: GroupedQueryPipeline<WithoutSource>) -> QueryPipeline<WithSource> {
        QueryPipeline(source: nil, steps: stages.pipeline.steps)
    }
    @available(*, unavailable, message: "df.query { } starts from the DataFrame: remove From(...), or use session.query { }; combine DataFrames with Join or Union")
    public static func buildFinalResult(_ query: QueryPipeline<WithSource>) -> QueryPipeline<WithoutSource> {
        QueryPipeline(source: nil, steps: query.steps)
    }
    @available(*, unavailable, message: "df.query { } starts from the DataFrame: remove From(...), or use session.query { }; combine DataFrames with Join or Union")
    public static func buildFinalResult(_ query: GroupedQueryPipeline<WithSource>) -> QueryPipeline<WithoutSource> {
        QueryPipeline(source: nil, steps: query.pipeline.steps)
    }
}

extension Session {
    /// A query built from components, lowered to the DataFrame methods (the same plan as the chain):
    ///
    /// ```swift
    /// let top = try session.query {
    ///     From("ratings")
    ///     Where(col("rating") >= 4)
    ///     GroupBy("movieId") { count().as("n") }
    ///     OrderBy(desc("n"))
    ///     Limit(10)
    /// }
    /// ```
    public func query(@QueryBuilder _ build: () throws -> QueryPipeline<WithSource>) throws -> DataFrame {
        try build().frame(in: self)
    }
}

extension DataFrame {
    /// This DataFrame with the stages of the builder applied:
    /// `ratings.query { Where(col("rating") >= 4); Limit(10) }` is `ratings.filter(...).limit(10)`.
    public func query(@QueryBuilder _ build: () throws -> QueryPipeline<WithoutSource>) throws -> DataFrame {
        try build().apply(to: self)
    }
}

/// Several stages as one reusable stage: `let recent = Stages { Where(...); OrderBy(...) }`, then
/// `session.query { From("ratings"); recent; Limit(5) }`.
public struct Stages: QueryStage {
    let pipeline: QueryPipeline<WithoutSource>
    public init(@QueryBuilder _ build: () throws -> QueryPipeline<WithoutSource>) rethrows { pipeline = try build() }
    public func apply(to frame: DataFrame) throws -> DataFrame { try pipeline.apply(to: frame) }
}
