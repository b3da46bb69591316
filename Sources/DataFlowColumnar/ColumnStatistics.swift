/// What a file format or table log knows about one column of a block of rows (a Parquet row group, a
/// Delta data file): bounds and counts. Any field may be unknown (nil).
///
/// `min`/`max` bound the non-null values, except that a float64 column may also hold NaN beyond `max`
/// (Parquet and Delta statistics leave NaN out), which the engine's `StatsPruning` allows for.
public struct ColumnStatistics: Sendable, Equatable {
    public var min: Value?
    public var max: Value?
    public var nullCount: Int?
    /// Rows in the block, when it differs from the block's row count (nested data); usually nil.
    public var valueCount: Int?

    public init(min: Value? = nil, max: Value? = nil, nullCount: Int? = nil, valueCount: Int? = nil) {
        self.min = min
        self.max = max
        self.nullCount = nullCount
        self.valueCount = valueCount
    }
}
