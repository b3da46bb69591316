import DataFlowColumnar
import DataFlowEngine

// Closures over records, for logic that cannot be a column expression. They run batch by batch in
// parallel on the worker threads, but the optimizer cannot see into them: filters above them stay
// above, and `explain` shows them as `MapBatches [opaque: ...]`. Prefer key-path expressions
// (`filter(\.rating >= 4)`), which are pushed into scans and vectorized.

extension Dataset {
    /// Keeps the records for which `isIncluded` is true: `filter { $0.comment?.contains("great") == true }`.
    /// Like Spark's typed filter, the result keeps all the columns of the query, not only the record's.
    public func filter(_ isIncluded: @escaping @Sendable (T) throws -> Bool) -> Dataset<T> {
        let meta = self.meta, schema = columns
        let t = BatchTransform(name: "filter(\(meta.typeName))", schema: schema, inputColumns: schema.names, filtersRows: true) { batch in
            if batch.rowCount == 0 { return batch }
            let decoder = RowDecoder(meta, columns: try recordColumns(batch, schema))
            var keep: [Int32] = []
            for r in 0..<batch.rowCount {
                decoder.row = r
                if try isIncluded(try T(from: decoder)) { keep.append(Int32(r)) }
            }
            return keep.count == batch.rowCount ? batch : batch.take(keep)
        }
        return Dataset(DataFrame(session, .mapBatches(t, df.plan)), columns: schema, meta: meta)
    }

    /// One record of `U` per record: `map { Summary(movieId: $0.movieId, liked: $0.rating >= 4) }`.
    public func map<U: Record>(_ transform: @escaping @Sendable (T) throws -> U) throws -> Dataset<U> {
        try transformed("map", U.self) { record, encoder in try encoder.append(try transform(record)) }
    }

    /// Any number of records of `U` per record: `flatMap { r in r.tags.map { Tag(...) } }`.
    public func flatMap<U: Record>(_ transform: @escaping @Sendable (T) throws -> [U]) throws -> Dataset<U> {
        try transformed("flatMap", U.self) { record, encoder in
            for u in try transform(record) { try encoder.append(u) }
        }
    }

    private func transformed<U: Record>(_ verb: String, _: U.Type, _ body: @escaping @Sendable (T, RowEncoder) throws -> Void) throws -> Dataset<U> {
        let meta = self.meta, input = columns
        let out = try RecordMeta<U>.get()
        let t = BatchTransform(name: "\(verb)(\(meta.typeName) -> \(out.typeName))", schema: out.schema, inputColumns: input.names) { batch in
            if batch.rowCount == 0 { return RecordBatch.empty(out.schema) }
            let decoder = RowDecoder(meta, columns: try recordColumns(batch, input))
            let encoder = RowEncoder(out, capacity: batch.rowCount)
            for r in 0..<batch.rowCount {
                decoder.row = r
                try body(try T(from: decoder), encoder)
            }
            return encoder.finish()
        }
        return Dataset<U>(DataFrame(session, .mapBatches(t, df.plan)), columns: out.schema, meta: out)
    }
}

/// The columns of `schema` (a record's) in `batch`, found by name.
func recordColumns(_ batch: RecordBatch, _ schema: Schema) throws -> [ColumnData] {
    try schema.fields.map { f in
        guard let i = batch.schema.index(of: f.name) else {
            throw DataFlowError("INTERNAL_ERROR", "column `\(f.name)` is missing from a batch with columns \(batch.schema.names)")
        }
        let c = batch.columns[i]
        guard c.type == f.type else {
            throw DataFlowError("INTERNAL_ERROR", "column `\(f.name)` is \(c.type.sqlName) in a batch, but the Dataset expected \(f.type.sqlName)")
        }
        return c
    }
}
