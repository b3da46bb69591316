import DataFlowColumnar
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes record batches as JSON lines as Spark does: one object per row with keys in schema order, null
/// fields left out (unless `ignoreNullFields` is false), strings escaped per RFC 8259, doubles in Java's
/// round-trippable form (`NaN`/`Infinity` as quoted strings), decimals as numbers, dates `yyyy-MM-dd`,
/// timestamps `yyyy-MM-dd'T'HH:mm:ss.SSSZ` in UTC.
public enum JSONWriter {
    public static func write(_ batches: [RecordBatch], schema: Schema, to path: String, options: JSONWriteOptions) throws {
        var text: [UInt8] = []
        // Batches are formatted in parallel, then written in order.
        let parts = ChunkSlots<[UInt8]>(batches.count, [])
        DispatchQueue.concurrentPerform(iterations: batches.count) { i in
            parts[i] = format(batches[i], schema: schema, options: options)
        }
        for i in 0..<batches.count { text += parts[i] }
        if options.gzip { text = try Gzip.compress(text) }
        guard let f = fopen(path, "wb") else {
            throw DataFlowError.io("Cannot create \(path): \(String(cString: strerror(errno)))")
        }
        let n = text.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        let rc = fclose(f)
        if n != text.count || rc != 0 { throw DataFlowError.io("Cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    /// One batch as JSON lines.
    public static func format(_ batch: RecordBatch, schema: Schema? = nil, options: JSONWriteOptions = JSONWriteOptions()) -> [UInt8] {
        let schema = schema ?? batch.schema
        var out: [UInt8] = []
        out.reserveCapacity(batch.rowCount * 16 * max(1, schema.count))
        let columns = batch.columns.map { $0.decoded() }
        // Each key as `"name":`, escaped once.
        let keys: [[UInt8]] = schema.fields.map { f in
            var k: [UInt8] = []
            appendString(Array(f.name.utf8), &k)
            k.append(UInt8(ascii: ":"))
            return k
        }
        let datePattern = options.dateFormat.map(DateTimePattern.init)
        let tsPattern = options.timestampFormat.map(DateTimePattern.init)
        for r in 0..<batch.rowCount {
            out.append(UInt8(ascii: "{"))
            var first = true
            for (c, col) in columns.enumerated() {
                let valid = col.isValid(r) && col.type != .null
                if !valid && options.ignoreNullFields { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                out += keys[c]
                if !valid { out += nullText; continue }
                appendValue(col, r, &out, datePattern, tsPattern)
            }
            out.append(UInt8(ascii: "}"))
            out.append(10)
        }
        return out
    }

    /// Value `r` of `col` (known valid) as JSON.
    static func appendValue(_ col: Column, _ r: Int, _ out: inout [UInt8], _ datePattern: DateTimePattern?, _ tsPattern: DateTimePattern?) {
        switch col.type {
        case .string:
            if let d = col.dictionary { appendValue(d.column, Int(col.values.pointer(Int32.self)[r]), &out, datePattern, tsPattern) } else {
                appendString(col.utf8(r), &out)
            }
        case .int32: appendInt(Int64(col.values.pointer(Int32.self)[r]), &out)
        case .int64: appendInt(col.values.pointer(Int64.self)[r], &out)
        case .float64:
            let d = col.values.pointer(Double.self)[r]
            if d.isFinite { out += formatDouble(d).utf8 } else {
                out.append(UInt8(ascii: "\"")); out += formatDouble(d).utf8; out.append(UInt8(ascii: "\""))
            }
        case .boolean: out += col.values.pointer(UInt8.self)[r] != 0 ? trueText : falseText
        case .decimal(let p, let s):
            let u: Int128 = p <= 18 ? Int128(col.values.pointer(Int64.self)[r]) : col.values.pointer(Int128.self)[r]
            out += Decimal128.format(u, scale: s).utf8
        case .date:
            let d = col.values.pointer(Int32.self)[r]
            let text = datePattern.map { $0.format(micros: Int64(d) * DateTime.microsPerDay) } ?? DateTime.formatDate(d)
            appendString(Array(text.utf8), &out)
        case .timestamp:
            let t = col.values.pointer(Int64.self)[r]
            appendString(Array((tsPattern.map { $0.format(micros: t) } ?? CSVWriter.sparkTimestamp(t)).utf8), &out)
        case .null: out += nullText
        case .map:
            // A JSON object, keys as text (as Spark writes maps).
            out.append(UInt8(ascii: "{"))
            if let k = col.elements?.column, let v = col.mapValues?.column {
                for (j, i) in col.arrayRange(r).enumerated() {
                    if j > 0 { out.append(UInt8(ascii: ",")) }
                    appendString(Array(k.value(i).description.utf8), &out)
                    out.append(UInt8(ascii: ":"))
                    if v.isValid(i) && v.type != .null { appendValue(v, i, &out, datePattern, tsPattern) } else { out += nullText }
                }
            }
            out.append(UInt8(ascii: "}"))
        case .array:
            out.append(UInt8(ascii: "["))
            if let e = col.elements?.column {
                for (j, i) in col.arrayRange(r).enumerated() {
                    if j > 0 { out.append(UInt8(ascii: ",")) }
                    if e.isValid(i) && e.type != .null { appendValue(e, i, &out, datePattern, tsPattern) } else { out += nullText }
                }
            }
            out.append(UInt8(ascii: "]"))
        }
    }

    static let nullText = Array("null".utf8), trueText = Array("true".utf8), falseText = Array("false".utf8)

    @inline(__always) static func appendInt(_ v: Int64, _ out: inout [UInt8]) {
        if v == 0 { out.append(48); return }
        var m = v.magnitude
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of digits
        var n = 0
        withUnsafeMutableBytes(of: &tmp) { d in
            while m > 0 { d[n] = UInt8(48 + m % 10); m /= 10; n += 1 }
            if v < 0 { out.append(UInt8(ascii: "-")) }
            while n > 0 { n -= 1; out.append(d[n]) }
        }
    }

    static func appendString(_ s: [UInt8], _ out: inout [UInt8]) { s.withUnsafeBytes { appendString($0, &out) } }

    /// A JSON string literal: `"` and `\` escaped, control characters as `\n`-style or `\u00XX` escapes.
    static func appendString(_ b: UnsafeRawBufferPointer, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let hex = Array("0123456789abcdef".utf8)
        var runStart = 0
        for i in 0..<b.count {
            let c = b[i]
            if c >= 0x20 && c != UInt8(ascii: "\"") && c != UInt8(ascii: "\\") { continue }
            if i > runStart { out += UnsafeRawBufferPointer(rebasing: b[runStart..<i]) }
            runStart = i + 1
            out.append(UInt8(ascii: "\\"))
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(c)
            case 10: out.append(UInt8(ascii: "n"))
            case 13: out.append(UInt8(ascii: "r"))
            case 9: out.append(UInt8(ascii: "t"))
            case 8: out.append(UInt8(ascii: "b"))
            case 12: out.append(UInt8(ascii: "f"))
            default: out += [UInt8(ascii: "u"), 48, 48, hex[Int(c >> 4)], hex[Int(c & 15)]]
            }
        }
        if b.count > runStart { out += UnsafeRawBufferPointer(rebasing: b[runStart..<b.count]) }
        out.append(UInt8(ascii: "\""))
    }
}
