import DataFlowColumnar
import DataFlowEngine
import DataFlowTables
import Foundation

// delta-stress <table> <writer> <firstBatch> <batchCount> [rowsPerBatch]
// Appends `batchCount` batches to a Delta table, one commit each. Batch k holds `rowsPerBatch` rows
// (writer, batch = k, seq = 0..<rows). The crash-safety tests kill it at random points and check that
// the table always reads as exactly the batches committed so far.
let args = CommandLine.arguments
guard args.count >= 5, let writer = Int32(args[2]), let first = Int64(args[3]), let count = Int64(args[4]) else {
    FileHandle.standardError.write(Data("usage: delta-stress <table> <writer> <firstBatch> <batchCount> [rowsPerBatch]\n".utf8))
    exit(2)
}
let rows = args.count > 5 ? Int(args[5]) ?? 100 : 100
let schema = Schema([Field("writer", .int32), Field("batch", .int64), Field("seq", .int64)])
let store = DeltaTableStore(path: args[1], context: ExecutionContext(threads: 1, memoryLimit: 1 << 30))
do {
    for k in first..<(first + count) {
        let batch = RecordBatch(schema: schema, columns: [
            Column.int32([Int32](repeating: writer, count: rows)),
            Column.int64([Int64](repeating: k, count: rows)),
            Column.int64((0..<rows).map { Int64($0) }),
        ], rowCount: rows)
        try store.write([batch], schema: schema, options: DeltaWriteOptions(mode: .append))
        FileHandle.standardOutput.write(Data("committed \(k)\n".utf8))
    }
} catch {
    FileHandle.standardError.write(Data("delta-stress: \(error)\n".utf8))
    exit(1)
}
