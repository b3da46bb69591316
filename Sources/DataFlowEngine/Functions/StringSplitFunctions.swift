import DataFlowColumnar
import Foundation

// Splitting strings: split (by a regular expression, into an array) and split_part (by a literal
// delimiter, one part).
enum StringSplitFunctions {
    static let all: [ScalarFunction] = [
        ScalarFunction("split", category: "string", signature: "split(str, regex[, limit])",
                       doc: "Splits `str` around matches of the regular expression `regex` (Java syntax). `limit` > 0: at most `limit` parts, the last holding the rest of `str`; `limit` ≤ 0 (default -1): as many parts as there are, trailing empty strings kept. An empty `regex` splits into characters. NULL if any argument is NULL.",
                       example: "split('oneAtwoBthreeC', '[ABC]') → [one, two, three, ]", arity: 2...3,
                       coerce: Coerce.exact([.string, .string, .int32]), returnType: { _ in .array(.string) },
                       invoke: { a, n in try split(a[0], a[1], a.count > 2 ? a[2] : nil, n, fixed: nil) },
                       prepare: { constants in
                           guard let p = StringFunctions.constantString(constants, 1) else { return nil }
                           guard let pattern = p else { return { _, n in Column.nulls(.array(.string), count: n) } }
                           if pattern.isEmpty { return nil }
                           // A pattern without metacharacters is a literal: split on its bytes, no regex per row.
                           if !pattern.contains(where: { "\\^$.|?*+()[]{}".contains($0) }) {
                               let delimiter = Array(pattern.utf8)
                               return { a, n in splitLiteral(a[0], delimiter, a.count > 2 ? a[2] : nil, n) }
                           }
                           let regex = try RegexFunctions.compile(pattern, function: "split")
                           return { a, n in try split(a[0], a[1], a.count > 2 ? a[2] : nil, n, fixed: regex) }
                       }),
        ScalarFunction("split_part", category: "string", signature: "split_part(str, delimiter, partNum)",
                       doc: "Part `partNum` (1-based; negative counts from the end) of `str` split at the literal `delimiter`; the empty string when there is no such part. An empty `delimiter` does not split. `partNum` 0 is an error (INVALID_INDEX_OF_ZERO). NULL if any argument is NULL.",
                       example: "split_part('11.12.13', '.', 3) → 13", arity: 3...3,
                       coerce: Coerce.exact([.string, .string, .int32]), returnType: { _ in .string }) { a, n in
            try splitPart(a[0], a[1], a[2], n)
        },
    ]

    /// `split` by a constant literal delimiter: the same parts as the regex path, found by byte search.
    static func splitLiteral(_ str: Column, _ delimiter: [UInt8], _ limit: Column?, _ n: Int) -> Column {
        let s = StringArg(str)
        let l = limit.map(IntArg.init)
        var out = StringArrayBuilder(count: n)
        let d = delimiter.count
        delimiter.withUnsafeBufferPointer { dp in
            for i in 0..<n {
                guard s.isValid(i), l?.isValid(i) ?? true else { out.appendNull(i); continue }
                let limit = l.map { $0[i] } ?? -1
                let text = s.bytes(i)
                var start = 0, j = 0, parts = 0
                while j + d <= text.count {
                    if limit > 0 && parts >= limit - 1 { break }
                    var k = 0
                    while k < d && text[j + k] == dp[k] { k += 1 }
                    if k == d {
                        out.append(UnsafeRawBufferPointer(rebasing: text[start..<j]))
                        parts += 1
                        j += d
                        start = j
                    } else {
                        j += 1
                    }
                }
                out.append(UnsafeRawBufferPointer(rebasing: text[start...]))
                out.endRow()
            }
        }
        return out.finish()
    }

    static func split(_ str: Column, _ pattern: Column, _ limit: Column?, _ n: Int, fixed: NSRegularExpression?) throws -> Column {
        let s = StringArg(str), p = StringArg(pattern)
        let l = limit.map(IntArg.init)
        var out = StringArrayBuilder(count: n)
        var cache = RegexCache(function: "split", fixed: fixed)
        var charBounds: [Int] = []
        for i in 0..<n {
            guard s.isValid(i), p.isValid(i), l?.isValid(i) ?? true else { out.appendNull(i); continue }
            let limit = l.map { $0[i] } ?? -1
            let text = s.bytes(i)
            if p.bytes(i).count == 0 {
                // Into characters; with a positive limit the last part keeps the rest.
                UTF8Text.charBounds(text, into: &charBounds)
                let parts = charBounds.count - 1
                if parts == 0 { out.append(UTF8Text.empty) }
                for k in 0..<parts {
                    if limit > 0 && k == limit - 1 {
                        out.append(UnsafeRawBufferPointer(rebasing: text[charBounds[k]...]))
                        break
                    }
                    out.append(UnsafeRawBufferPointer(rebasing: text[charBounds[k]..<charBounds[k + 1]]))
                }
                out.endRow()
                continue
            }
            let regex = try cache.regex(p, i)
            let string = s.string(i)
            let ns = string as NSString
            let length = ns.length
            // java.lang.String.split: a zero-width match at the start gives no leading empty part.
            var index = 0, parts = 0
            for m in regex.matches(in: string, range: NSRange(location: 0, length: length)) {
                let r = m.range
                if limit > 0 && parts >= limit - 1 { break }
                if index == 0 && r.location == 0 && r.length == 0 { continue }
                out.append(ns.substring(with: NSRange(location: index, length: r.location - index)))
                parts += 1
                index = r.location + r.length
            }
            if index == 0 && parts == 0 {
                out.append(text)
            } else {
                out.append(ns.substring(from: index))
            }
            out.endRow()
        }
        return out.finish()
    }

    static func splitPart(_ str: Column, _ delim: Column, _ part: Column, _ n: Int) throws -> Column {
        let s = StringArg(str), d = StringArg(delim), p = IntArg(part)
        var b = ColumnBuilder(type: .string, capacity: n)
        var starts: [Int] = []
        for i in 0..<n {
            guard s.isValid(i), d.isValid(i), p.isValid(i) else { b.appendNull(); continue }
            let k = p[i]
            guard k != 0 else {
                throw DataFlowError("INVALID_INDEX_OF_ZERO", "split_part: the part number must not be 0 (it is 1-based; negative numbers count from the end).")
            }
            let text = s.bytes(i), sep = d.bytes(i)
            // Start offsets of each part; part j spans starts[j] ..< starts[j + 1] - sep.count.
            starts.removeAll(keepingCapacity: true)
            starts.append(0)
            if sep.count > 0 {
                var from = 0
                while let at = UTF8Text.find(sep, in: text, from: from) {
                    from = at + sep.count
                    starts.append(from)
                }
            }
            let count = starts.count
            let j = k > 0 ? k - 1 : count + k
            guard j >= 0 && j < count else { b.appendUTF8(UTF8Text.empty); continue }
            let end = j + 1 < count ? starts[j + 1] - sep.count : text.count
            b.appendUTF8(UnsafeRawBufferPointer(rebasing: text[starts[j]..<end]))
        }
        return b.finish()
    }
}

/// Builds an `array<string>` column row by row.
struct StringArrayBuilder {
    private var offsets: [Int32] = [0]
    private var elements: ColumnBuilder
    private var validity: Buffer?
    private let count: Int

    init(count: Int) {
        self.count = count
        offsets.reserveCapacity(count + 1)
        elements = ColumnBuilder(type: .string, capacity: count)
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) { elements.appendUTF8(bytes) }
    mutating func append(_ s: String) { elements.append(s) }
    mutating func endRow() { offsets.append(Int32(elements.count)) }

    mutating func appendNull(_ row: Int) {
        if validity == nil { validity = Bitmap.allValid(count) }
        Bitmap.set(validity!.pointer(UInt8.self), row, false)
        endRow()
    }

    func finish() -> Column {
        Column.array(offsets: offsets, elements: elements.finish(), validity: validity)
    }
}

/// Compiled patterns: a constant one compiled when the query is, others once per distinct pattern per batch.
struct RegexCache {
    let function: String
    let fixed: NSRegularExpression?
    private var compiled: [String: NSRegularExpression] = [:]

    init(function: String, fixed: NSRegularExpression?) {
        self.function = function
        self.fixed = fixed
    }

    mutating func regex(_ p: StringArg, _ i: Int) throws -> NSRegularExpression {
        if let fixed { return fixed }
        let pattern = p.string(i)
        if let r = compiled[pattern] { return r }
        let r = try RegexFunctions.compile(pattern, function: function)
        compiled[pattern] = r
        return r
    }
}
