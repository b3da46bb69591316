import DataFlowColumnar

/// The output columns: `Select("title", "year")`, `Select(col("a"), col("b") * 2)`, or a builder
/// `Select { "title"; col("rating").as("stars") }`. Lowers to `df.select(columns)`.
public struct Select: QueryStage {
    public let columns: [Column]
    public init(_ names: String...) { columns = names.map { col($0) } }
    public init(_ columns: Column...) { self.columns = columns }
    public init(@ColumnsBuilder _ columns: () -> [Column]) { self.columns = columns() }
    public func apply(to frame: DataFrame) throws -> DataFrame { frame.select(columns) }
}

/// Adds or replaces a column: `df.withColumn(name, value)`.
public struct WithColumn: QueryStage {
    public let name: String
    public let value: Column
    public init(_ name: String, _ value: Column) {
        self.name = name
        self.value = value
    }
    public func apply(to frame: DataFrame) throws -> DataFrame { try frame.withColumn(name, value) }
}

extension Window {
    /// Adds one window column, as `df.withColumn(name, column)`:
    /// `Window(as: "rank", row_number().over(Window.partitionBy("userId").orderBy(desc("rating"))))`.
    public init(as name: String, _ column: Column) {
        self.init(columns: [(name, column)])
    }

    /// Adds window columns that share one window, each named with `.as(...)`; every column is computed
    /// `.over(window)`, as `df.withColumn(name, column.over(window))` for each in order:
    ///
    /// ```swift
    /// Window(over: Window.partitionBy("userId").orderBy(desc("rating"))) {
    ///     row_number().as("rank")
    ///     avg("rating").as("userAvg")
    /// }
    /// ```
    public init(over window: WindowSpec, @ColumnsBuilder _ columns: () -> [Column]) {
        self.init(columns: columns().map { c in
            guard case .alias(let inner, let name) = c.expr else { return ("", c) }
            return (name, Column(inner).over(window))
        })
    }

    public func apply(to frame: DataFrame) throws -> DataFrame {
        try columns.reduce(frame) { frame, named in
            guard !named.name.isEmpty else {
                throw DataFlowError.invalid("Window(over:) column \(named.column) needs a name: add .as(\"name\")")
            }
            return try frame.withColumn(named.name, named.column)
        }
    }
}
