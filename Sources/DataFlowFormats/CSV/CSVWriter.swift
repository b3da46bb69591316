import DataFlowColumnar

import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes record batches as CSV text (Spark's writer defaults: no header unless asked, `\` escapes, `""` for empty strings,
/// nulls as `nullValue`, timestamps as `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` in UTC).
public enum CSVWriter {
    /// Writes one CSV file: the header (when `options.header`) and then every batch.
    public static func write(_ batches: [RecordBatch], schema: Schema, to path: String, options: CSVWriteOptions) throws {
        try CSVSource.checkSupported(schema)
        guard let f = fopen(path, "wb") else {
            throw DataFlowError.io("Cannot create \(path): \(String(cString: strerror(errno)))")
        }
        var failed = false
        func put(_ bytes: [UInt8]) {
            if failed || bytes.isEmpty { return }
            let n = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
            if n != bytes.count { failed = true }
        }
        if options.header { put(formatHeader(schema, options: options)) }
        // Batches are formatted in parallel, a few at a time (bounded memory), and written in order.
        let workers = max(1, min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 16))
        let window = workers * 2
        var start = 0
        while start < batches.count && !failed {
            let base = start, end = min(batches.count, start + window)
            let texts = FormattedParts(end - base)
            DispatchQueue.concurrentPerform(iterations: end - base) { i in
                texts[i] = format(batches[base + i], options: options, includeHeader: false)
            }
            for i in 0..<(end - start) { put(texts[i]) }
            start = end
        }
        let closeRC = fclose(f)
        if failed || closeRC != 0 { throw DataFlowError.io("Cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    /// The header line for `schema`.
    public static func formatHeader(_ schema: Schema, options: CSVWriteOptions) -> [UInt8] {
        var w = FieldWriter(options)
        for (i, f) in schema.fields.enumerated() {
            if i > 0 { w.out.append(options.delimiter) }
            w.field(Array(f.name.utf8))
        }
        w.out += w.lineSep
        return w.out
    }

    /// One batch as CSV text (one part file's worth when the caller writes a folder of parts).
    public static func format(_ batch: RecordBatch, options: CSVWriteOptions, includeHeader: Bool) -> [UInt8] {
        var w = FieldWriter(options)
        if includeHeader { w.out = formatHeader(batch.schema, options: options) }
        let columns = batch.columns.map { $0.decoded() }
        let datePattern = options.dateFormat.map(DateTimePattern.init)
        let tsPattern = options.timestampFormat.map(DateTimePattern.init)
        let nullText = Array(options.nullValue.utf8)
        let emptyText = Array(options.emptyValue.utf8)
        var digits = [UInt8](repeating: 0, count: 24)
        let trueText = Array("true".utf8), falseText = Array("false".utf8)
        for r in 0..<batch.rowCount {
            for (c, col) in columns.enumerated() {
                if c > 0 { w.out.append(options.delimiter) }
                if !col.isValid(r) { w.out += nullText; continue }
                switch col.type {
                case .string:
                    let b = col.utf8(r)
                    if b.isEmpty { w.out += emptyText } else { w.field(b) }
                case .int32:
                    w.integer(Int64(col.values.pointer(Int32.self)[r]), &digits)
                case .int64:
                    w.integer(col.values.pointer(Int64.self)[r], &digits)
                case .float64:
                    w.field(Array(formatDouble(col.values.pointer(Double.self)[r]).utf8))
                case .boolean:
                    w.field(col.values.pointer(UInt8.self)[r] != 0 ? trueText : falseText)
                case .decimal(let p, let s):
                    let u: Int128 = p <= 18 ? Int128(col.values.pointer(Int64.self)[r]) : col.values.pointer(Int128.self)[r]
                    w.field(Array(Decimal128.format(u, scale: s).utf8))
                case .date:
                    let d = col.values.pointer(Int32.self)[r]
                    let text = datePattern.map { $0.format(micros: Int64(d) * DateTime.microsPerDay) } ?? DateTime.formatDate(d)
                    w.field(Array(text.utf8))
                case .timestamp:
                    let t = col.values.pointer(Int64.self)[r]
                    let text = tsPattern.map { $0.format(micros: t) } ?? sparkTimestamp(t)
                    w.field(Array(text.utf8))
                case .null, .array, .map:  // arrays and maps are rejected before writing
                    w.out += nullText
                }
            }
            w.out += w.lineSep
        }
        return w.out
    }

    /// One field as RFC 4180 text (`"` quotes, `""` inside a quoted field), quoted only when it holds a
    /// comma, a quote or a line break. For text meant for other programs (`dfs sql --format csv`), where
    /// surrounding spaces are kept as they are rather than quoted.
    ///
    /// ```swift
    /// CSVWriter.rfc4180Field("a,b")  // "\"a,b\""
    /// ```
    public static func rfc4180Field(_ text: String) -> String {
        var o = CSVWriteOptions()
        o.escape = o.quote
        var w = FieldWriter(o, capacity: text.utf8.count + 2)
        w.quotesSurroundingSpace = false
        var s = text
        s.withUTF8 { w.field(UnsafeRawBufferPointer($0)) }
        return String(decoding: w.out, as: UTF8.self)
    }

    /// `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` in UTC (`Z`), Spark's default CSV timestamp output.
    static func sparkTimestamp(_ micros: Int64) -> String {
        var days = micros / DateTime.microsPerDay
        var rem = micros % DateTime.microsPerDay
        if rem < 0 { rem += DateTime.microsPerDay; days -= 1 }
        let secs = Int(rem / 1_000_000), millis = Int(rem % 1_000_000) / 1000
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        return DateTime.formatDate(Int32(days)) + "T\(pad(secs / 3600, 2)):\(pad(secs / 60 % 60, 2)):\(pad(secs % 60, 2)).\(pad(millis, 3))Z"
    }
}

/// Appends fields with quoting and escaping.
struct FieldWriter {
    var out: [UInt8] = []
    let delim: UInt8, quote: UInt8, escape: UInt8, quoteAll: Bool
    let lineSep: [UInt8]
    /// Quote a field that starts or ends with a space or tab (so readers that trim keep it).
    var quotesSurroundingSpace = true

    init(_ o: CSVWriteOptions, capacity: Int = 1 << 16) {
        delim = o.delimiter; quote = o.quote; escape = o.escape; quoteAll = o.quoteAll
        lineSep = Array(o.lineSeparator.utf8)
        out.reserveCapacity(capacity)
    }

    mutating func integer(_ v: Int64, _ digits: inout [UInt8]) {
        // Digits, '-' and a delimiter that is a digit or '-' need the general quoting path.
        if quoteAll || (delim >= 48 && delim <= 57) || delim == UInt8(ascii: "-") {
            field(Array(String(v).utf8))
            return
        }
        if v == 0 { out.append(48); return }
        var m = v.magnitude
        var n = 0
        while m > 0 { digits[n] = UInt8(48 + m % 10); m /= 10; n += 1 }
        if v < 0 { out.append(UInt8(ascii: "-")) }
        while n > 0 { n -= 1; out.append(digits[n]) }
    }

    mutating func field(_ b: [UInt8]) { b.withUnsafeBytes { field($0) } }

    mutating func field(_ b: UnsafeRawBufferPointer) {
        let n = b.count
        var needs = quoteAll
        if !needs && n > 0 {
            let first = b[0], last = b[n - 1]
            if quotesSurroundingSpace && (first == 32 || first == 9 || last == 32 || last == 9) { needs = true }
            if !needs {
                for c in b where c == delim || c == quote || c == 10 || c == 13 { needs = true; break }
            }
        }
        guard needs && quote != 0 else { out.append(contentsOf: b); return }
        out.append(quote)
        let esc = escape != 0 ? escape : quote
        for i in 0..<n {
            let c = b[i]
            if c == quote {
                out.append(esc)
                out.append(c)
            } else if escape != 0 && c == escape && escape != quote
                        && (i + 1 == n || b[i + 1] == quote || b[i + 1] == escape) {
                out.append(escape)
                out.append(c)
            } else {
                out.append(c)
            }
        }
        out.append(quote)
    }
}

/// One formatted part per slot, each written by exactly one `concurrentPerform` iteration.
private final class FormattedParts: @unchecked Sendable {
    private let parts: ConcurrentSlots<[UInt8]>
    init(_ n: Int) { parts = ConcurrentSlots(n, repeating: []) }
    subscript(i: Int) -> [UInt8] {
        get { parts[i] }
        set { parts[i] = newValue }
    }
}
