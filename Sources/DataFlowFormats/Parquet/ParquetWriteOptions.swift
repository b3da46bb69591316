import DataFlowColumnar

/// Options of the Parquet writer, settable by Spark's option names (`df.write.option("compression", "zstd")`).
public struct ParquetWriteOptions: Sendable {
    /// Page compression; Spark's default is snappy.
    public var compression: ParquetCompression = .snappy
    /// Rows per row group (Spark sizes row groups in bytes, 128 MB; rows are simpler here).
    public var rowGroupRows = 1 << 20
    /// Data page format version: 1 (the default, as Spark) or 2.
    public var dataPageVersion = 1
    /// Dictionary-encode string columns (falls back to PLAIN when a dictionary passes `dictionaryLimit` bytes).
    public var dictionary = true
    /// Target uncompressed bytes per data page.
    public var pageBytes = 1 << 20
    /// Dictionary size (bytes) beyond which a column chunk is written PLAIN instead.
    public var dictionaryLimit = 1 << 20

    public init() {}

    /// Sets an option by its (case-insensitive) Spark name; unknown keys and bad values throw.
    public mutating func set(_ key: String, _ value: String) throws {
        func bad(_ expected: String) -> DataFlowError {
            DataFlowError("INVALID_OPTION", "Invalid value '\(value)' for Parquet option '\(key)': expected \(expected).")
        }
        switch key.lowercased() {
        case "compression", "codec", "parquet.compression":
            switch value.lowercased() {
            case "none", "uncompressed": compression = .uncompressed
            case "snappy": compression = .snappy
            case "gzip": compression = .gzip
            case "zstd": compression = .zstd
            default: throw bad("none, uncompressed, snappy, gzip or zstd")
            }
        case "rowgrouprows", "parquet.block.size.rows":
            guard let n = Int(value), n > 0 else { throw bad("a positive integer") }
            rowGroupRows = n
        case "datapageversion":
            switch value { case "1": dataPageVersion = 1; case "2": dataPageVersion = 2; default: throw bad("1 or 2") }
        case "parquet.writer.version":
            switch value.lowercased() {
            case "v1", "1", "parquet_1_0": dataPageVersion = 1
            case "v2", "2", "parquet_2_0": dataPageVersion = 2
            default: throw bad("v1 or v2")
            }
        case "dictionary", "parquet.enable.dictionary":
            switch value.lowercased() { case "true": dictionary = true; case "false": dictionary = false; default: throw bad("true or false") }
        default:
            throw DataFlowError("INVALID_OPTION", "Unknown Parquet write option '\(key)'. Known: compression, rowGroupRows (parquet.block.size.rows), dataPageVersion (parquet.writer.version), dictionary (parquet.enable.dictionary).")
        }
    }
}

/// Options of the Parquet reader (none yet; Spark's `mergeSchema` is rejected explicitly).
public struct ParquetReadOptions: Sendable {
    public init() {}

    public mutating func set(_ key: String, _ value: String) throws {
        switch key.lowercased() {
        case "mergeschema":
            if value.lowercased() == "false" { return }
            throw DataFlowError("UNSUPPORTED_FEATURE", "Parquet option 'mergeSchema' is not supported: all files of a Parquet table must have the same schema.")
        default:
            throw DataFlowError("INVALID_OPTION", "Unknown Parquet read option '\(key)'.")
        }
    }
}

/// What a written file holds: the Delta Lake writer records these as the file's statistics.
public struct ParquetFileSummary: Sendable {
    public struct ColumnSummary: Sendable {
        public var nullCount: Int
        public var min: Value?
        public var max: Value?
    }
    public var rowCount: Int
    public var byteSize: Int
    /// One per top-level column.
    public var columns: [ColumnSummary]
}
