import DataFlowColumnar
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One input file's bytes (gunzipped), where its data records start, and that position's line number.
final class CSVFileData: Sendable {
    let path: String
    let bytes: [UInt8]
    let dataStart: Int
    let dataStartLine: Int

    init(path: String, bytes: [UInt8], dataStart: Int, dataStartLine: Int) {
        self.path = path
        self.bytes = bytes
        self.dataStart = dataStart
        self.dataStartLine = dataStartLine
    }
}

/// A byte range of one file that starts at a record boundary, with the 1-based line number there.
struct CSVChunk: Sendable {
    let file: Int
    let start: Int
    let end: Int
    let firstLine: Int
    /// Records in the chunk (for line-split chunks: lines, including any blank or comment lines).
    let records: Int
}

/// How one projected column is converted.
enum CSVColumnKind: UInt8, Sendable {
    case string, int32, int64, float64, boolean, date, timestamp, decimal, null, corrupt
}

/// A CSV data source over one or more files: schema (given, or from the header and inference) and
/// record-aligned chunks that `readChunk` parses independently (concurrently, from any thread).
public final class CSVSource: Sendable {
    public let schema: Schema
    let options: CSVReadOptions
    let files: [CSVFileData]
    let chunks: [CSVChunk]
    /// For each schema column: its field position in a record, or -1 for the corrupt-record column.
    let fieldIndex: [Int]
    /// Fields a well-formed record has.
    let dataColumnCount: Int
    let tokenizer: CSVTokenizer
    let dates: CSVDateTimeParser
    let specials: CSVSpecialDoubles
    let nullBytes: [UInt8]
    let emptyBytes: [UInt8]?

    static let defaultChunkBytes = 8 << 20
    public static let fileExtensions = [".csv", ".csv.gz", ".tsv", ".tsv.gz"]

    /// CSV holds flat values only: an array column is Spark's `UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE`.
    public static func checkSupported(_ schema: Schema) throws {
        for f in schema.fields where f.type.isNested {
            throw DataFlowError("UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
                                "The CSV datasource doesn't support the column `\(f.name)` of the data type \"\(f.type.sqlName.uppercased())\".")
        }
    }

    public convenience init(paths: [String], options: CSVReadOptions, schema: Schema? = nil) throws {
        try self.init(paths: paths, options: options, schema: schema,
                      chunkBytes: CSVSource.defaultChunkBytes, chunkRows: RecordBatch.morselSize)
    }

    /// `chunkBytes`/`chunkRows` bound each chunk (tests use small values to exercise splitting).
    init(paths: [String], options: CSVReadOptions, schema userSchema: Schema?, chunkBytes: Int, chunkRows: Int) throws {
        guard isUTF8Name(options.encoding) else { throw unsupportedEncoding(options.encoding) }
        guard options.delimiter != 10 && options.delimiter != 13 else {
            throw DataFlowError("INVALID_OPTION", "The CSV delimiter cannot be a line break.")
        }
        if options.quote != 0 && options.quote == options.delimiter {
            throw DataFlowError("INVALID_OPTION", "The CSV quote and delimiter characters must differ.")
        }
        if let s = userSchema { try CSVSource.checkSupported(s) }
        self.options = options
        let tok = CSVTokenizer(delimiter: options.delimiter, quote: options.quote, escape: options.escape,
                               multiLine: options.multiLine, trimLeading: options.ignoreLeadingWhiteSpace,
                               trimTrailing: options.ignoreTrailingWhiteSpace)
        tokenizer = tok
        dates = CSVDateTimeParser(dateFormat: options.dateFormat, timestampFormat: options.timestampFormat)
        specials = CSVSpecialDoubles(nan: options.nanValue, posInf: options.positiveInf, negInf: options.negativeInf)
        nullBytes = Array(options.nullValue.utf8)
        emptyBytes = options.emptyValue.map { Array($0.utf8) }

        let paths = try FileInput.expand(paths, extensions: CSVSource.fileExtensions)
        let rb = RecordBuffers()
        var loaded: [CSVFileData] = []
        var headerNames: [String]? = nil
        var firstRecordWidth: Int? = nil
        for path in paths {
            var bytes = try FileInput.read(path)
            if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { bytes.removeFirst(3) }
            var pos = 0, line = 1
            bytes.withUnsafeBufferPointer { buf in
                guard let p = buf.baseAddress else { return }
                let end = buf.count
                CSVSource.skipIgnorable(p, &pos, end, &line, comment: options.comment)
                guard pos < end else { return }
                if options.header || (headerNames == nil && firstRecordWidth == nil) {
                    let info = tok.record(p, from: pos, end: end, into: rb)
                    if options.header {
                        if headerNames == nil {
                            headerNames = (0..<rb.count).map { String(decoding: rb.bytes($0, base: p), as: UTF8.self) }
                        }
                        pos = info.next
                        line += info.newlines
                    } else {
                        firstRecordWidth = rb.count
                    }
                }
            }
            loaded.append(CSVFileData(path: path, bytes: bytes, dataStart: pos, dataStartLine: line))
        }
        files = loaded

        // Schema: given, or header names / _cN with inferred or string types.
        var fields: [Field]
        var corruptAt: Int? = nil
        if let s = userSchema {
            fields = s.fields
            if let name = options.columnNameOfCorruptRecord, let i = fields.firstIndex(where: { $0.name == name }) {
                guard fields[i].type == .string else {
                    throw DataFlowError("INVALID_OPTION", "The corrupt record column '\(name)' must be of type string.")
                }
                corruptAt = i
            }
        } else {
            let names: [String]
            if let h = headerNames {
                names = CSVSource.safeHeader(h, nullValue: options.nullValue)
            } else {
                names = (0..<(firstRecordWidth ?? 0)).map { "_c\($0)" }
            }
            fields = names.map { Field($0, .string) }
            if options.inferSchema && !fields.isEmpty {
                let types = CSVSource.infer(files: loaded, columns: fields.count, options: options, tokenizer: tok,
                                            inferrer: CSVInferrer(specials: specials, dates: dates,
                                                                  preferDate: options.preferDate),
                                            nullBytes: nullBytes, buffers: rb)
                for i in fields.indices { fields[i].type = types[i].dataType }
            }
        }
        if corruptAt == nil, options.mode == .permissive, let name = options.columnNameOfCorruptRecord, !fields.isEmpty {
            fields.append(Field(name, .string))
            corruptAt = fields.count - 1
        }
        var fi: [Int] = []
        var next = 0
        for i in fields.indices {
            if i == corruptAt { fi.append(-1) } else { fi.append(next); next += 1 }
        }
        fieldIndex = fi
        dataColumnCount = next
        schema = Schema(fields)

        // Chunks at record boundaries.
        var cs: [CSVChunk] = []
        if !fields.isEmpty {
            for (f, file) in loaded.enumerated() {
                file.bytes.withUnsafeBufferPointer { buf in
                    guard let p = buf.baseAddress else { return }
                    if options.multiLine {
                        CSVSource.chunkMultiLine(p, file: f, start: file.dataStart, end: buf.count, line: file.dataStartLine,
                                                 chunkBytes: chunkBytes, chunkRows: chunkRows, comment: options.comment,
                                                 tokenizer: tok, buffers: rb, into: &cs)
                    } else {
                        CSVSource.chunkLines(p, file: f, start: file.dataStart, end: buf.count, line: file.dataStartLine,
                                             chunkBytes: chunkBytes, chunkRows: chunkRows, into: &cs)
                    }
                }
            }
        }
        chunks = cs
    }

    public var chunkCount: Int { chunks.count }

    /// Records in all files, counted while splitting (exact for files without blank or comment lines).
    public var recordCount: Int { chunks.reduce(0) { $0 + $1.records } }

    /// The input files, in reading order.
    public var paths: [String] { files.map(\.path) }

    // MARK: - Header, inference, chunking

    /// Skips blank lines and comment lines.
    @inline(__always)
    static func skipIgnorable(_ p: UnsafePointer<UInt8>, _ pos: inout Int, _ end: Int, _ line: inout Int, comment: UInt8?) {
        while pos < end {
            let b = p[pos]
            if b == 10 { pos &+= 1; line &+= 1; continue }
            if b == 13 && (pos &+ 1 == end || p[pos &+ 1] == 10) { pos &+= 1; continue }
            if let c = comment, b == c {
                while pos < end && p[pos] != 10 { pos &+= 1 }
                continue
            }
            return
        }
    }

    /// The column names a `header` read of the file at `path` gives (after Spark's header cleanup), reading
    /// only as far as the header record ends.
    ///
    /// ```swift
    /// let names = try CSVSource.headerNames(ofFile: "people.csv")  // ["id", "name"]
    /// ```
    public static func headerNames(ofFile path: String, options: CSVReadOptions = CSVReadOptions()) throws -> [String] {
        let tok = CSVTokenizer(delimiter: options.delimiter, quote: options.quote, escape: options.escape,
                               multiLine: options.multiLine, trimLeading: options.ignoreLeadingWhiteSpace,
                               trimTrailing: options.ignoreTrailingWhiteSpace)
        let rb = RecordBuffers()
        var count = 1 << 16
        while true {
            var (bytes, whole) = try FileInput.readPrefix(path, count: count)
            if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { bytes.removeFirst(3) }
            let names: [String]? = bytes.withUnsafeBufferPointer { buf in
                guard let p = buf.baseAddress else { return [] }
                var pos = 0, line = 1
                CSVSource.skipIgnorable(p, &pos, buf.count, &line, comment: options.comment)
                guard pos < buf.count else { return whole ? [] : nil }
                let info = tok.record(p, from: pos, end: buf.count, into: rb)
                // A header that reaches the end of a prefix may go on past it.
                guard whole || info.next < buf.count else { return nil }
                return (0..<rb.count).map { String(decoding: rb.bytes($0, base: p), as: UTF8.self) }
            }
            if let names { return safeHeader(names, nullValue: options.nullValue) }
            count *= 4
        }
    }

    /// Spark's header cleanup: empty (or null-valued) names become `_c<i>`, duplicates (case-insensitive)
    /// get their position appended.
    static func safeHeader(_ names: [String], nullValue: String) -> [String] {
        var seen: [String: Int] = [:]
        for n in names { seen[n.lowercased(), default: 0] += 1 }
        return names.enumerated().map { i, n in
            if n.isEmpty || n == nullValue { return "_c\(i)" }
            if (seen[n.lowercased()] ?? 0) > 1 { return "\(n)\(i)" }
            return n
        }
    }

    static func infer(files: [CSVFileData], columns: Int, options: CSVReadOptions, tokenizer: CSVTokenizer,
                      inferrer: CSVInferrer, nullBytes: [UInt8], buffers rb: RecordBuffers) -> [CSVInferredType] {
        var types = [CSVInferredType](repeating: .null, count: columns)
        var remaining = options.samplingRows
        for file in files where remaining > 0 {
            file.bytes.withUnsafeBufferPointer { buf in
                guard let p = buf.baseAddress else { return }
                var pos = file.dataStart, line = file.dataStartLine
                let end = buf.count
                var scan = StructuralScan()
                while remaining > 0 {
                    skipIgnorable(p, &pos, end, &line, comment: options.comment)
                    if pos >= end { break }
                    let info = tokenizer.record(p, from: pos, end: end, into: rb, scan: &scan)
                    pos = info.next
                    line += info.newlines
                    remaining -= 1
                    for j in 0..<min(columns, rb.count) {
                        let b = rb.bytes(j, base: p)
                        if b.count == 0 || CSVValues.equals(b.baseAddress!.assumingMemoryBound(to: UInt8.self), b.count, nullBytes) {
                            continue
                        }
                        types[j] = inferrer.infer(types[j], b)
                    }
                }
            }
        }
        return types
    }

    /// Without multiLine a record never spans a line break: cut after a newline once `chunkBytes` are
    /// covered, and after at most `chunkRows` lines (so a chunk never holds more than `chunkRows` records).
    static func chunkLines(_ p: UnsafePointer<UInt8>, file: Int, start: Int, end: Int, line: Int,
                           chunkBytes: Int, chunkRows: Int, into out: inout [CSVChunk]) {
        var pos = start, line = line
        while pos < end {
            var cut = min(pos + chunkBytes, end)
            if cut < end && p[cut - 1] != 10 {
                if let q = memchr(p + cut, 10, end - cut) {
                    cut = UnsafePointer<UInt8>(q.assumingMemoryBound(to: UInt8.self)) - p + 1
                } else {
                    cut = end
                }
            }
            // More than chunkRows newlines in [pos, cut): the chunk ends after the chunkRows-th.
            let (k, after) = countNewlines(p, from: pos, to: cut, limit: chunkRows)
            if k == chunkRows && after < cut && memchr(p + after, 10, cut - after) != nil { cut = after }
            let unterminated = cut == end && cut > pos && p[cut - 1] != 10 ? 1 : 0
            out.append(CSVChunk(file: file, start: pos, end: cut, firstLine: line, records: k + unterminated))
            line += k
            pos = cut
        }
    }

    /// Counts newlines in `[from, to)` up to `limit`; returns the count and the position after the last
    /// newline counted (or `to` when fewer than `limit` were found).
    static func countNewlines(_ p: UnsafePointer<UInt8>, from: Int, to: Int, limit: Int) -> (Int, Int) {
        var i = from, seen = 0
        // Whole 64-byte blocks while the limit cannot be reached inside them, 8 bytes at a time: after XOR
        // with '\n' a newline is a zero byte, and the zero-byte test below is exact (no carries between bytes).
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let nl: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        let raw = UnsafeRawPointer(p)
        while i &+ 64 <= to {
            var c = 0
            for j in 0..<8 {
                let x = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i &+ j &* 8, as: UInt64.self)) ^ nl
                c &+= (~(((x & low7) &+ low7) | x) & ~low7).nonzeroBitCount
            }
            if seen &+ c >= limit { break }
            seen &+= c
            i &+= 64
        }
        while i < to {
            if p[i] == 10 {
                seen &+= 1
                if seen == limit { return (seen, i &+ 1) }
            }
            i &+= 1
        }
        return (seen, to)
    }

    /// With multiLine, quote state decides where records end: find boundaries with one sequential pass.
    static func chunkMultiLine(_ p: UnsafePointer<UInt8>, file: Int, start: Int, end: Int, line: Int,
                               chunkBytes: Int, chunkRows: Int, comment: UInt8?, tokenizer: CSVTokenizer,
                               buffers rb: RecordBuffers, into out: inout [CSVChunk]) {
        var pos = start, line = line
        var chunkStart = pos, chunkLine = line, records = 0
        var scan = StructuralScan()
        while true {
            skipIgnorable(p, &pos, end, &line, comment: comment)
            if pos >= end { break }
            if records > 0 && (records >= chunkRows || pos - chunkStart >= chunkBytes) {
                out.append(CSVChunk(file: file, start: chunkStart, end: pos, firstLine: chunkLine, records: records))
                chunkStart = pos; chunkLine = line; records = 0
            }
            let info = tokenizer.record(p, from: pos, end: end, into: rb, scan: &scan)
            pos = info.next
            line += info.newlines
            records += 1
        }
        if records > 0 { out.append(CSVChunk(file: file, start: chunkStart, end: end, firstLine: chunkLine, records: records)) }
    }

    // MARK: - Reading

    /// Reads every chunk in order (empty batches are left out).
    public func readAll(columns: [Int]? = nil) throws -> [RecordBatch] {
        try FileInput.readAllChunks(chunks.count) { try readChunk($0, columns: columns) }
    }

    /// Parses chunk `index`, converting only the `columns` (indices into `schema`; nil = all).
    public func readChunk(_ index: Int, columns: [Int]?) throws -> RecordBatch {
        let (proj, outSchema) = try FileInput.chunkProjection("CSV", index: index, chunks: chunks.count, columns: columns, schema: schema)
        let chunk = chunks[index]
        let file = files[chunk.file]
        return try file.bytes.withUnsafeBufferPointer { buf -> RecordBatch in
            guard let p = buf.baseAddress else { return .empty(outSchema) }
            let columns = try parse(p, chunk: chunk, file: file, proj: proj)
            return RecordBatch(schema: outSchema, columns: columns, rowCount: columns.first?.count ?? 0)
        }
    }

    /// How one projected column is read: its conversion, field position and decimal shape.
    struct ColumnPlan {
        var kind: CSVColumnKind
        var field: Int
        var precision: Int
        var scale: Int
    }

    /// A fixed-width field value as bits (int32/date: the `UInt32` bit pattern; boolean: 0 or 1); nil if
    /// the text does not parse. Decimal, string, null and corrupt columns are handled by the caller.
    @inline(__always)
    func convertBits(_ kind: CSVColumnKind, _ b: UnsafeRawBufferPointer) -> UInt64? {
        let q = b.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) }
        switch kind {
        case .int32:
            if let q, let v = CSVValues.parseInt32(q, b.count) { return UInt64(UInt32(bitPattern: v)) }
        case .int64:
            if let q, let v = CSVValues.parseInt64(q, b.count) { return UInt64(bitPattern: v) }
        case .float64:
            if let q, let v = CSVValues.parseDouble(q, b.count, specials: specials) { return v.bitPattern }
        case .boolean:
            if let q, let v = CSVValues.parseBool(q, b.count) { return v ? 1 : 0 }
        case .date:
            if let v = dates.date(b) { return UInt64(UInt32(bitPattern: v)) }
        case .timestamp:
            if let v = dates.timestamp(b) { return UInt64(bitPattern: v) }
        case .string, .decimal, .null, .corrupt:
            break
        }
        return nil
    }

    @inline(__always)
    static func appendBits(_ builder: inout ColumnBuilder, _ kind: CSVColumnKind, _ bits: UInt64) {
        switch kind {
        case .int32, .date: builder.appendRaw(UInt32(truncatingIfNeeded: bits))
        case .boolean: builder.appendRaw(UInt8(truncatingIfNeeded: bits))
        default: builder.appendRaw(bits)
        }
    }

    func conversionError(_ file: CSVFileData, _ line: Int, _ column: Int, _ field: Int,
                         _ b: UnsafeRawBufferPointer) -> DataFlowError {
        let text = String(decoding: b, as: UTF8.self)
        return malformedError(file, line, "column \(field + 1) (\(schema[column].name)): value '\(text)' cannot be parsed as \(schema[column].type.sqlName)")
    }

    func parse(_ p: UnsafePointer<UInt8>, chunk: CSVChunk, file: CSVFileData, proj: [Int]) throws -> [Column] {
        let np = proj.count
        let nData = dataColumnCount
        let mode = options.mode
        let estimate = min(RecordBatch.morselSize, max(16, (chunk.end - chunk.start) / max(2 * nData, 2)))
        var builders: [ColumnBuilder] = proj.map { ColumnBuilder(type: schema[$0].type, capacity: estimate) }
        let plans = UnsafeMutablePointer<ColumnPlan>.allocate(capacity: max(np, 1))
        var hasCorrupt = false
        for (k, c) in proj.enumerated() {
            var plan = ColumnPlan(kind: .string, field: fieldIndex[c], precision: 0, scale: 0)
            switch schema[c].type {
            case .string: plan.kind = fieldIndex[c] < 0 ? .corrupt : .string
            case .int32: plan.kind = .int32
            case .int64: plan.kind = .int64
            case .float64: plan.kind = .float64
            case .boolean: plan.kind = .boolean
            case .date: plan.kind = .date
            case .timestamp: plan.kind = .timestamp
            case .decimal(let pr, let s): plan.kind = .decimal; plan.precision = pr; plan.scale = s
            case .null, .array, .map: plan.kind = .null  // arrays are rejected when the source is opened
            }
            if plan.kind == .corrupt { hasCorrupt = true }
            (plans + k).initialize(to: plan)
        }
        // Without DROPMALFORMED and a corrupt-record column, a value never depends on the rest of its
        // record: append while converting. Otherwise stage the record's values first.
        let direct = mode != .dropMalformed && !hasCorrupt
        let stageBits = UnsafeMutablePointer<UInt64>.allocate(capacity: max(np, 1))
        let stageWide = UnsafeMutablePointer<Int128>.allocate(capacity: max(np, 1))
        let stageNull = UnsafeMutablePointer<Bool>.allocate(capacity: max(np, 1))
        let stageStr = UnsafeMutablePointer<UnsafeRawBufferPointer>.allocate(capacity: max(np, 1))
        let emptyCopy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(emptyBytes?.count ?? 0, 1), alignment: 1)
        defer {
            plans.deallocate()
            stageBits.deallocate(); stageWide.deallocate(); stageNull.deallocate(); stageStr.deallocate()
            emptyCopy.deallocate()
        }
        stageStr.initialize(repeating: UnsafeRawBufferPointer(start: nil, count: 0), count: max(np, 1))
        var emptyValue: UnsafeRawBufferPointer? = nil
        if let e = emptyBytes {
            e.withUnsafeBytes { emptyCopy.copyMemory(from: $0) }
            emptyValue = UnsafeRawBufferPointer(rebasing: emptyCopy[0..<e.count])
        }
        let nullBytes = self.nullBytes
        let nullCount = nullBytes.count
        let rb = RecordBuffers()
        let tok = tokenizer
        let specials = self.specials
        let comment = options.comment
        var pos = chunk.start, line = chunk.firstLine
        let end = chunk.end
        var scan = StructuralScan()

        try nullBytes.withUnsafeBytes { nullRaw in
        let nullPtr = nullRaw.baseAddress
        try builders.withUnsafeMutableBufferPointer { bufs in
        let builders = bufs.baseAddress!
        while true {
            CSVSource.skipIgnorable(p, &pos, end, &line, comment: comment)
            if pos >= end { break }
            let recStart = pos
            let recLine = line
            let info = tok.record(p, from: pos, end: end, into: rb, scan: &scan)
            pos = info.next
            line &+= info.newlines
            let nf = rb.count
            let spans = rb.spans
            let scratch = UnsafePointer(rb.scratch)
            var malformed = nf != nData || info.unterminatedQuote
            if malformed && mode == .failFast {
                if info.unterminatedQuote {
                    throw malformedError(file, recLine, "a quoted field is not terminated" +
                                         (options.multiLine ? " before the end of the file" : " on its line (set multiLine to read quoted line breaks)"))
                }
                throw malformedError(file, recLine, "expected \(nData) fields but found \(nf)")
            }
            if direct {
                for k in 0..<np {
                    let plan = plans[k]
                    let f = plan.field
                    if f >= nf { builders[k].appendNull(); continue }
                    let span = spans[f]
                    var b = UnsafeRawBufferPointer(start: (span.inScratch ? scratch : p) + span.start, count: span.end &- span.start)
                    if b.count == 0 {
                        if !span.quoted { builders[k].appendNull(); continue }
                        if let ev = emptyValue { b = ev }
                    }
                    if b.count == nullCount && (nullCount == 0 || memcmp(b.baseAddress!, nullPtr!, nullCount) == 0) {
                        builders[k].appendNull()
                        continue
                    }
                    switch plan.kind {
                    case .string:
                        builders[k].appendUTF8(b)
                    case .decimal:
                        if let q = b.baseAddress?.assumingMemoryBound(to: UInt8.self),
                           let v = CSVValues.parseDecimal(q, b.count, precision: plan.precision, scale: plan.scale) {
                            builders[k].appendDecimal(v)
                        } else {
                            if mode == .failFast { throw conversionError(file, recLine, proj[k], f, b) }
                            builders[k].appendNull()
                        }
                    case .null, .corrupt:
                        builders[k].appendNull()
                    case .int32:
                        // The common numeric kinds are converted inline (no second dispatch).
                        if let q = b.baseAddress?.assumingMemoryBound(to: UInt8.self), let v = CSVValues.parseInt32(q, b.count) {
                            builders[k].appendRaw(v)
                        } else {
                            if mode == .failFast { throw conversionError(file, recLine, proj[k], f, b) }
                            builders[k].appendNull()
                        }
                    case .int64:
                        if let q = b.baseAddress?.assumingMemoryBound(to: UInt8.self), let v = CSVValues.parseInt64(q, b.count) {
                            builders[k].appendRaw(v)
                        } else {
                            if mode == .failFast { throw conversionError(file, recLine, proj[k], f, b) }
                            builders[k].appendNull()
                        }
                    case .float64:
                        if let q = b.baseAddress?.assumingMemoryBound(to: UInt8.self),
                           let v = CSVValues.parseDouble(q, b.count, specials: specials) {
                            builders[k].appendRaw(v)
                        } else {
                            if mode == .failFast { throw conversionError(file, recLine, proj[k], f, b) }
                            builders[k].appendNull()
                        }
                    case .boolean, .date, .timestamp:
                        if let bits = convertBits(plan.kind, b) {
                            CSVSource.appendBits(&builders[k], plan.kind, bits)
                        } else {
                            if mode == .failFast { throw conversionError(file, recLine, proj[k], f, b) }
                            builders[k].appendNull()
                        }
                    }
                }
                continue
            }
            for k in 0..<np {
                let plan = plans[k]
                let f = plan.field
                stageNull[k] = false
                if f < 0 { continue }
                if f >= nf { stageNull[k] = true; continue }
                let span = spans[f]
                var b = UnsafeRawBufferPointer(start: (span.inScratch ? scratch : p) + span.start, count: span.end &- span.start)
                if b.count == 0 {
                    if !span.quoted { stageNull[k] = true; continue }
                    if let ev = emptyValue { b = ev }
                }
                if b.count == nullCount && (nullCount == 0 || memcmp(b.baseAddress!, nullPtr!, nullCount) == 0) {
                    stageNull[k] = true
                    continue
                }
                var ok = true
                switch plan.kind {
                case .string:
                    stageStr[k] = b
                case .decimal:
                    if let q = b.baseAddress?.assumingMemoryBound(to: UInt8.self),
                       let v = CSVValues.parseDecimal(q, b.count, precision: plan.precision, scale: plan.scale) {
                        stageWide[k] = v
                    } else { ok = false }
                case .null:
                    stageNull[k] = true
                case .corrupt:
                    break
                default:
                    if let bits = convertBits(plan.kind, b) { stageBits[k] = bits } else { ok = false }
                }
                if !ok {
                    if mode == .failFast { throw conversionError(file, recLine, proj[k], f, b) }
                    malformed = true
                    stageNull[k] = true
                }
            }
            if malformed && mode == .dropMalformed { continue }
            for k in 0..<np {
                let kind = plans[k].kind
                if kind == .corrupt {
                    if malformed {
                        builders[k].appendUTF8(UnsafeRawBufferPointer(start: p + recStart, count: info.textEnd - recStart))
                    } else {
                        builders[k].appendNull()
                    }
                    continue
                }
                if stageNull[k] { builders[k].appendNull(); continue }
                switch kind {
                case .string: builders[k].appendUTF8(stageStr[k])
                case .decimal: builders[k].appendDecimal(stageWide[k])
                case .null, .corrupt: builders[k].appendNull()
                default: CSVSource.appendBits(&builders[k], kind, stageBits[k])
                }
            }
        }
        }
        }
        return builders.map { $0.finish() }
    }

    func malformedError(_ file: CSVFileData, _ line: Int, _ what: String) -> DataFlowError {
        DataFlowError("MALFORMED_RECORD",
                      "Malformed CSV record in \(file.path), line \(line), \(what). Parse mode: FAILFAST (use PERMISSIVE or DROPMALFORMED to tolerate malformed records).")
    }
}
