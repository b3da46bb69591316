import DataFlowColumnar
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSON lines data source (Spark's `multiLine=false`): one object per line, over files, folders of
/// part files, globs and `.gz` files. The schema is given or inferred as Spark infers it (in parallel
/// over line-aligned chunks); `readChunk` parses one chunk, from any thread.
///
/// ```swift
/// let src = try JSONSource(paths: ["events.jsonl"], options: JSONReadOptions())
/// let batches = try src.readAll()
/// ```
public final class JSONSource: Sendable {
    public let schema: Schema
    let options: JSONReadOptions
    let files: [CSVFileData]
    let chunks: [CSVChunk]
    /// Position of the corrupt-record column in `schema`, if any.
    public let corruptIndex: Int?
    let dates: CSVDateTimeParser

    static let defaultChunkBytes = 8 << 20
    public static let fileExtensions = [".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz", ".ndjson.gz"]

    public convenience init(paths: [String], options: JSONReadOptions, schema: Schema? = nil) throws {
        try self.init(paths: paths, options: options, schema: schema,
                      chunkBytes: JSONSource.defaultChunkBytes, chunkRows: RecordBatch.morselSize)
    }

    /// `chunkBytes`/`chunkRows` bound each chunk (tests use small values to exercise splitting).
    init(paths: [String], options: JSONReadOptions, schema userSchema: Schema?, chunkBytes: Int, chunkRows: Int) throws {
        for f in userSchema?.fields ?? [] where f.type.containsMap {
            throw DataFlowError("UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE", "The JSON reader doesn't support the column `\(f.name)` of the data type \"\(f.type.sqlName.uppercased())\" yet.")
        }
        self.options = options
        dates = CSVDateTimeParser(dateFormat: options.dateFormat, timestampFormat: options.timestampFormat)
        let expanded = try FileInput.expand(paths, extensions: JSONSource.fileExtensions)
        var loaded: [CSVFileData] = []
        for path in expanded {
            var bytes = try FileInput.read(path)
            if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { bytes.removeFirst(3) }
            loaded.append(CSVFileData(path: path, bytes: bytes, dataStart: 0, dataStartLine: 1))
        }
        files = loaded
        var cs: [CSVChunk] = []
        for (f, file) in loaded.enumerated() {
            file.bytes.withUnsafeBufferPointer { buf in
                guard let p = buf.baseAddress else { return }
                CSVSource.chunkLines(p, file: f, start: 0, end: buf.count, line: 1,
                                     chunkBytes: chunkBytes, chunkRows: chunkRows, into: &cs)
            }
        }
        chunks = cs
        if let s = userSchema {
            // Spark adds no corrupt-record column to a user schema; one the schema names gets the text.
            let corrupt = s.fields.firstIndex { $0.name == options.columnNameOfCorruptRecord }
            if let c = corrupt, s.fields[c].type != .string {
                throw DataFlowError("INVALID_OPTION", "The corrupt record column '\(s.fields[c].name)' must be of type string.")
            }
            schema = s
            corruptIndex = corrupt
        } else {
            let parts = try JSONSource.infer(files: loaded, chunks: cs, options: options)
            let s = JSONSchemaBuilder.schema(parts, corruptColumn: options.mode == .permissive ? options.columnNameOfCorruptRecord : nil)
            if s.fields.isEmpty {
                throw DataFlowError("UNABLE_TO_INFER_SCHEMA",
                                    "Unable to infer schema for JSON at \(paths.joined(separator: ", ")): \(expanded.isEmpty ? "no JSON files were found" : "no fields were found"). It must be specified manually.")
            }
            schema = s
            corruptIndex = s.fields.firstIndex { $0.name == options.columnNameOfCorruptRecord }
        }
    }

    public var chunkCount: Int { chunks.count }
    /// Lines in all files (blank lines included), counted while splitting.
    public var recordCount: Int { chunks.reduce(0) { $0 + $1.records } }
    public var paths: [String] { files.map(\.path) }

    // MARK: - Lines

    /// Calls `body(lineStart, lineEnd, lineNumber)` for each non-blank line of `[start, end)`.
    @inline(__always)
    static func forEachLine(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, firstLine: Int,
                            _ body: (Int, Int, Int) throws -> Void) rethrows {
        var pos = start, line = firstLine
        while pos < end {
            var le = end
            if let q = memchr(p + pos, 10, end - pos) {
                le = UnsafePointer<UInt8>(q.assumingMemoryBound(to: UInt8.self)) - p
            }
            let next = le < end ? le + 1 : end
            var e = le
            if e > pos && p[e - 1] == 13 { e -= 1 }
            var s = pos
            while s < e && (p[s] == 32 || p[s] == 9 || p[s] == 13) { s += 1 }
            if s < e { try body(pos, e, line) }
            pos = next
            line += 1
        }
    }

    // MARK: - Inference

    static func infer(files: [CSVFileData], chunks: [CSVChunk], options: JSONReadOptions) throws -> [JSONInferenceResult] {
        let results = ChunkSlots<Result<JSONInferenceResult, Error>>(chunks.count, .success(JSONInferenceResult()))
        let ratio = options.samplingRatio
        let threshold = UInt64(Double(UInt64(UInt32.max)) * ratio)
        DispatchQueue.concurrentPerform(iterations: chunks.count) { ci in
            let chunk = chunks[ci]
            let file = files[chunk.file]
            var parser = JSONLineParser(allowNonNumeric: options.allowNonNumericNumbers)
            defer { parser.release() }
            var sink = JSONInferSink(primitivesAsString: options.primitivesAsString, nestedError: options.nested == .error)
            sink.path = file.path
            var malformed = false
            do {
                try file.bytes.withUnsafeBufferPointer { buf in
                    guard let p = buf.baseAddress else { return }
                    sink.p = p
                    try forEachLine(p, chunk.start, chunk.end, firstLine: chunk.firstLine) { s, e, line in
                        if ratio < 1 {
                            // A deterministic sample: a hash of the line number against the ratio.
                            var h = UInt64(line) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(chunk.file)
                            h ^= h >> 31
                            if (h & 0xFFFF_FFFF) > threshold && line != 1 { return }
                        }
                        sink.line = line
                        do {
                            try parser.parseLine(p, s, e, &sink)
                            sink.commitLine()
                        } catch let err as JSONSyntaxError {
                            sink.discardLine()
                            if options.mode == .failFast {
                                throw malformedError(file.path, line, err.reason)
                            }
                            malformed = true
                        }
                    }
                }
                var r = JSONInferenceResult(names: sink.keys.names, types: sink.types, sawMalformed: malformed)
                if options.mode != .permissive { r.sawMalformed = false }
                results[ci] = .success(r)
            } catch {
                results[ci] = .failure(error)
            }
        }
        var out: [JSONInferenceResult] = []
        for i in 0..<chunks.count {
            switch results[i] {
            case .success(let r): out.append(r)
            case .failure(let e): throw e
            }
        }
        return out
    }

    static func malformedError(_ path: String, _ line: Int, _ what: String) -> DataFlowError {
        DataFlowError("MALFORMED_RECORD",
                      "Malformed JSON record in \(path), line \(line): \(what). Parse mode: FAILFAST (use PERMISSIVE or DROPMALFORMED to tolerate malformed records).")
    }

    // MARK: - Reading

    /// Reads every chunk in order (empty batches are left out).
    public func readAll(columns: [Int]? = nil) throws -> [RecordBatch] {
        try FileInput.readAllChunks(chunks.count) { try readChunk($0, columns: columns) }
    }

    /// Parses chunk `index`, converting only the `columns` (indices into `schema`; nil = all).
    public func readChunk(_ index: Int, columns: [Int]?) throws -> RecordBatch {
        let (proj, outSchema) = try FileInput.chunkProjection("JSON", index: index, chunks: chunks.count, columns: columns, schema: schema)
        let chunk = chunks[index]
        let file = files[chunk.file]
        return try file.bytes.withUnsafeBufferPointer { buf -> RecordBatch in
            guard let p = buf.baseAddress else { return .empty(outSchema) }
            var reader = JSONChunkReader(source: self, proj: proj)
            defer { reader.release() }
            let cols = try reader.read(p, chunk: chunk, path: file.path)
            return RecordBatch(schema: outSchema, columns: cols, rowCount: cols.first?.count ?? reader.rows)
        }
    }
}

/// One result slot per chunk, each written by exactly one `concurrentPerform` iteration.
final class ChunkSlots<T>: @unchecked Sendable {
    private let slots: ConcurrentSlots<T>
    init(_ n: Int, _ initial: T) { slots = ConcurrentSlots(n, repeating: initial) }
    subscript(i: Int) -> T {
        get { slots[i] }
        set { slots[i] = newValue }
    }
}
