import DataFlowColumnar
import DataFlowEngine
import Foundation

/// A DataFrame whose rows are records of `T`: typed results (`collect() -> [T]`), key-path expressions
/// the optimizer sees (`filter(\.rating >= 4)`), and closures for logic that cannot be an expression.
///
/// ```swift
/// let ratings = try df.as(Rating.self)
/// let liked = try ratings.filter(\.rating >= 4).orderBy(\.rating, descending: true).take(10)
/// ```
public struct Dataset<T: Record>: Sendable {
    /// The untyped query (every DataFrame operation is available through it).
    public let df: DataFrame
    /// The record's columns as the query produces them: field order, actual types.
    let columns: Schema
    let meta: RecordMeta<T>

    init(_ df: DataFrame, columns: Schema, meta: RecordMeta<T>) {
        self.df = df
        self.columns = columns
        self.meta = meta
    }

    func with(_ df: DataFrame) -> Dataset<T> { Dataset(df, columns: columns, meta: meta) }

    public var session: Session { df.session }
    /// The untyped DataFrame.
    public func toDF() -> DataFrame { df }
    /// The schema of the query (all its columns, not only the record's).
    public var schema: Schema { get throws { try df.schema } }
    /// The schema `T` writes (field names and their column types).
    public static var recordSchema: Schema { get throws { try RecordMeta<T>.get().schema } }

    // MARK: Actions

    /// Runs the query and decodes every row.
    public func collect() throws -> [T] {
        let batches = try df.select(columns.names.map { Column(.column($0)) }).collectBatches()
        var out: [T] = []
        for b in batches where b.rowCount > 0 {
            out += try RowDecoder(meta, columns: b.columns).decodeAll(T.self, count: b.rowCount)
        }
        return out
    }
    public func take(_ n: Int) throws -> [T] { try limit(n).collect() }
    public func head(_ n: Int) throws -> [T] { try take(n) }
    public func first() throws -> T? { try take(1).first }
    public func count() throws -> Int64 { try df.count() }
    public func show(_ n: Int = 20, truncate: Bool = true) throws { try df.show(n, truncate: truncate) }
    public func showString(_ n: Int = 20, truncate: Int = 20) throws -> String { try df.showString(n, truncate: truncate) }
    public func explain(extended: Bool = true) throws { try df.explain(extended: extended) }
    public func explainString(extended: Bool = true) throws -> String { try df.explainString(extended: extended) }
    public func printSchema() throws { try df.printSchema() }

    // MARK: Typed transformations (the result is still a Dataset<T>)

    public func filter(_ condition: TypedColumn<T, Bool>) -> Dataset<T> { with(df.filter(condition.column)) }
    public func filter(_ condition: Column) -> Dataset<T> { with(df.filter(condition)) }
    public func `where`(_ condition: TypedColumn<T, Bool>) -> Dataset<T> { filter(condition) }
    public func limit(_ n: Int) -> Dataset<T> { with(df.limit(n)) }
    public func offset(_ n: Int) -> Dataset<T> { with(df.offset(n)) }
    public func distinct() -> Dataset<T> { with(df.distinct()) }
    public func sample(fraction: Double, withReplacement: Bool = false, seed: UInt64 = 42) -> Dataset<T> {
        with(df.sample(fraction: fraction, withReplacement: withReplacement, seed: seed))
    }
    /// Sorts by fields: `orderBy(\.rating, descending: true)`.
    public func orderBy(_ keys: PartialKeyPath<T>..., descending: Bool = false) -> Dataset<T> {
        with(df.orderBy(keys.map { descending ? meta.column($0).desc : meta.column($0).asc }))
    }
    public func orderBy(_ orders: SortColumn...) -> Dataset<T> { with(df.orderBy(orders)) }
    public func orderBy(_ orders: [SortColumn]) -> Dataset<T> { with(df.orderBy(orders)) }
    /// Rows of both (by position, keeping duplicates).
    public func union(_ other: Dataset<T>) -> Dataset<T> {
        let merged = Schema(zip(columns.fields, other.columns.fields).map { a, b in
            Field(a.name, widerType(a.type, b.type) ?? a.type, nullable: a.nullable || b.nullable)
        })
        return Dataset(df.union(other.df), columns: merged, meta: meta)
    }
    public func unionAll(_ other: Dataset<T>) -> Dataset<T> { union(other) }
    /// Keeps the computed result in memory after the next action (see `DataFrame.cache`).
    @discardableResult public func cache() throws -> Dataset<T> {
        try df.cache()
        return self
    }
    @discardableResult public func persist() throws -> Dataset<T> { try cache() }
    @discardableResult public func unpersist() throws -> Dataset<T> {
        try df.unpersist()
        return self
    }
    public func alias(_ name: String) -> Dataset<T> { with(df.alias(name)) }

    // MARK: Untyped results

    /// The fields' columns: `select(\.movieId, \.rating)`.
    public func select(_ fields: PartialKeyPath<T>...) -> DataFrame { df.select(fields.map { meta.column($0) }) }
    public func select(_ columns: Column...) -> DataFrame { df.select(columns) }
    public func select(_ columns: [Column]) -> DataFrame { df.select(columns) }
    public func select(_ names: String...) -> DataFrame { df.select(names) }
    /// Groups by fields: `groupBy(\.movieId).agg(avg(\.rating), count())`.
    public func groupBy(_ keys: PartialKeyPath<T>...) -> TypedGroupedData<T> {
        TypedGroupedData(grouped: GroupedData(frame: df, keys: keys.map { meta.column($0) }))
    }
    public func withColumn<V>(_ name: String, _ value: TypedColumn<T, V>) throws -> DataFrame { try df.withColumn(name, value.column) }
    public func withColumn(_ name: String, _ value: Column) throws -> DataFrame { try df.withColumn(name, value) }
    public subscript(_ field: KeyPath<T, some ColumnValue>) -> Column { meta.column(field) }
    public func col(_ name: String) -> Column { df.col(name) }
}

/// `ds.groupBy(\.key)`: then `agg` with typed aggregates (`avg(\.rating)`, `count()`).
public struct TypedGroupedData<T: Record>: Sendable {
    let grouped: GroupedData

    public func agg(_ columns: any TypedExpression<T>...) -> DataFrame { grouped.agg(columns.map(\.column)) }
    public func agg(columns: [Column]) -> DataFrame { grouped.agg(columns) }
    public func count() -> DataFrame { grouped.count() }
}

extension DataFrame {
    /// This DataFrame's rows as records of `T`. Each field needs a column of its name (case-insensitive)
    /// whose type it can read; one error lists every missing and mistyped column. Safe widenings are
    /// accepted (an `int` column fills an `Int64` field, an integer column a `Double`); a nullable column
    /// fills a non-Optional field, but a NULL met while reading it is an error naming the field.
    public func `as`<T: Record>(_ type: T.Type) throws -> Dataset<T> {
        let meta = try RecordMeta<T>.get()
        let schema = try self.schema
        var problems: [String] = []
        var cols: [Field] = []
        for f in meta.fields {
            guard let i = schema.index(of: f.name) else {
                var p = "missing column `\(f.name)` for field '\(f.name)' (\(f.swiftTypeName))"
                if let s = suggestion(for: f.name, among: schema.names) { p += "; did you mean `\(s)`?" }
                problems.append(p)
                continue
            }
            let c = schema[i]
            if !f.kind.valueType.canRead(c.type) {
                problems.append("column `\(c.name)` is \(c.type.sqlName), which field '\(f.name)' (\(f.swiftTypeName)) cannot hold; it needs \(f.columnType.sqlName)")
            }
            cols.append(c)
        }
        if !problems.isEmpty {
            throw DataFlowError("DATASET_SCHEMA_MISMATCH", "cannot read this DataFrame as \(meta.typeName):\n  - " + problems.joined(separator: "\n  - ") + "\nits columns: " + schema.fields.map { "\($0.name) \($0.type.sqlName)" }.joined(separator: ", "))
        }
        return Dataset(self, columns: Schema(cols), meta: meta)
    }
}

extension Session {
    /// A Dataset of the given records (encoded into columns now).
    public func createDataset<T: Record>(_ records: [T]) throws -> Dataset<T> {
        let meta = try RecordMeta<T>.get()
        var batches: [RecordBatch] = []
        var start = 0
        repeat {
            let end = Swift.min(records.count, start + RecordBatch.morselSize)
            let enc = RowEncoder(meta, capacity: end - start)
            for r in start..<end { try enc.append(records[r]) }
            batches.append(enc.finish())
            start = end
        } while start < records.count
        return Dataset(createDataFrame(batches, schema: meta.schema), columns: meta.schema, meta: meta)
    }
}
