import DataFlowColumnar
import Synchronization

/// A table split into partitions by the values of some columns (Hive-style `key=value` folders, or a
/// Delta table's partitions): each partition is a table of the data columns, and the partition columns
/// come back as constant columns after them, as Spark lays out the schema. Filters on partition columns
/// skip whole partitions (their values are exact statistics); the rest go to each partition's table.
public final class PartitionedTable: TableProvider {
    public struct Partition: Sendable {
        /// One value per partition column (NULL for Hive's `__HIVE_DEFAULT_PARTITION__`).
        public let values: [Value]
        public let table: any TableProvider
        public init(values: [Value], table: any TableProvider) {
            self.values = values
            self.table = table
        }
    }

    public let dataSchema: Schema
    public let partitionFields: [Field]
    public let partitions: [Partition]
    public let displayName: String
    public let schema: Schema

    public init(dataSchema: Schema, partitionFields: [Field], partitions: [Partition], name: String) {
        self.dataSchema = dataSchema
        self.partitionFields = partitionFields
        self.partitions = partitions
        self.displayName = name
        self.schema = Schema(dataSchema.fields + partitionFields)
    }

    public var estimatedRows: Int? {
        var total = 0
        for p in partitions {
            guard let n = p.table.estimatedRows else { return nil }
            total += n
        }
        return total
    }

    private let scanned = Atomic<Int>(0)
    /// Partitions read by the last scan (tests check partition pruning with it).
    public var lastScannedPartitions: Int { scanned.load(ordering: .relaxed) }

    public func scan(columns: [Int], context: ExecutionContext) throws -> MorselSource {
        try scan(columns: columns, filters: [], context: context)
    }

    public func scan(columns: [Int], filters: [Expr], context: ExecutionContext) throws -> MorselSource {
        let nData = dataSchema.count
        // Filters that read only partition columns decide per partition; output column k is table
        // column columns[k].
        let partitionOnly = filters.filter { f in f.boundIndices.allSatisfy { columns[$0] >= nData } }
        let dataColumns = columns.filter { $0 < nData }
        // Filters over data columns only, rebound to the data scan's own output positions.
        let dataPosition = Dictionary(uniqueKeysWithValues: dataColumns.enumerated().map { ($1, $0) })
        let dataFilters: [Expr] = filters.compactMap { f in
            let idx = f.boundIndices
            guard !idx.isEmpty, idx.allSatisfy({ columns[$0] < nData }) else { return nil }
            return f.remapped { dataPosition[columns[$0]] ?? $0 }
        }
        var sources: [(MorselSource, Partition)] = []
        for p in partitions {
            let skip = StatsPruning.canSkip(partitionOnly, rowCount: Int.max) { k in
                let c = columns[k]
                guard c >= nData else { return nil }
                let v = p.values[c - nData]
                return v.isNull ? ColumnStatistics(nullCount: Int.max) : ColumnStatistics(min: v, max: v, nullCount: 0)
            }
            if skip { continue }
            // A scan needs at least one column to know row counts: read the first data column if none.
            let read = dataColumns.isEmpty && nData > 0 ? [0] : dataColumns
            sources.append((try p.table.scan(columns: read, filters: dataFilters, context: context), p))
        }
        scanned.store(sources.count, ordering: .relaxed)
        var starts: [Int] = [0]
        for (s, _) in sources { starts.append(starts[starts.count - 1] + s.count) }
        let total = starts[starts.count - 1]
        let (parts, offsets) = (sources, starts)
        let outSchema = Schema(columns.map { schema[$0] })
        let fields = partitionFields
        return MorselSource(count: total) { i in
            // The partition holding morsel i (binary search over the running starts).
            var lo = 0, hi = parts.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if offsets[mid] <= i { lo = mid } else { hi = mid - 1 }
            }
            let (source, partition) = parts[lo]
            let batch = try source.produce(i - offsets[lo])
            var out: [Column] = []
            var d = 0
            for c in columns {
                if c < nData {
                    out.append(batch.columns[d])
                    d += 1
                } else {
                    out.append(Column.constant(partition.values[c - nData], type: fields[c - nData].type, count: batch.rowCount))
                }
            }
            return RecordBatch(schema: outSchema, columns: out, rowCount: batch.rowCount)
        }
    }
}
