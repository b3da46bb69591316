import DataFlowColumnar
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a JSON value token is. Spans of strings exclude the quotes; objects and arrays include brackets.
enum JSONKind: UInt8, Sendable {
    case null = 0, string, escapedString, integer, number, trueValue, falseValue, nonNumeric, object, array
}

/// Receives the fields of one line from `JSONLineParser`, keyed by their dotted path.
protocol JSONFieldSink {
    /// A leaf value (or an object taken whole, or an array) at `path`; `ordinal` counts fields in the line.
    mutating func field(path: UnsafeRawBufferPointer, ordinal: Int, kind: JSONKind, start: Int, end: Int) throws
    /// Whether an object value at `path` is flattened into `path.child` fields (true) or reported whole.
    mutating func descend(path: UnsafeRawBufferPointer, ordinal: Int) throws -> Bool
    /// Whether the elements of an array at `path` are reported (`element`, in order) before the array.
    mutating func wantsElements(path: UnsafeRawBufferPointer, ordinal: Int) throws -> Bool
    /// One element of the array announced by `wantsElements` (nested arrays and objects reported whole).
    mutating func element(kind: JSONKind, start: Int, end: Int) throws
}

/// A syntax error in one line; `reason` says what (allocated only on failure).
struct JSONSyntaxError: Error {
    let reason: String
    let offset: Int
}

/// A hand-written JSON tokenizer over the bytes of one line: validates RFC 8259 syntax, reports each
/// field with its byte span, and never creates a `String` on the success path. Keys are collected into a
/// reusable path buffer (`parent.child` for nested objects).
struct JSONLineParser {
    private var path: UnsafeMutablePointer<UInt8>
    private var pathCapacity: Int
    private var pathCount = 0
    private var ordinal = 0
    let allowNonNumeric: Bool
    static let maxDepth = 128

    init(allowNonNumeric: Bool) {
        self.allowNonNumeric = allowNonNumeric
        pathCapacity = 256
        path = .allocate(capacity: pathCapacity)
    }

    func release() { path.deallocate() }

    /// Parses the object on `[start, end)`; whitespace-only lines are the caller's to skip.
    mutating func parseLine<S: JSONFieldSink>(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ sink: inout S) throws {
        pathCount = 0
        ordinal = 0
        var i = skipSpace(p, start, end)
        guard i < end, p[i] == UInt8(ascii: "{") else {
            throw JSONSyntaxError(reason: i < end ? "a line must hold one JSON object" : "empty line", offset: i)
        }
        i = try parseObject(p, i, end, depth: 0, &sink)
        i = skipSpace(p, i, end)
        if i != end { throw JSONSyntaxError(reason: "unexpected text after the object", offset: i) }
    }

    @inline(__always) func skipSpace(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        var i = i
        while i < end {
            let c = p[i]
            if c == 32 || c == 9 || c == 13 || c == 10 { i &+= 1 } else { break }
        }
        return i
    }

    private mutating func appendPath(_ bytes: UnsafePointer<UInt8>, _ n: Int) {
        if pathCount + n > pathCapacity {
            let cap = max(pathCapacity * 2, pathCount + n)
            let np = UnsafeMutablePointer<UInt8>.allocate(capacity: cap)
            np.update(from: path, count: pathCount)
            path.deallocate()
            path = np
            pathCapacity = cap
        }
        (path + pathCount).update(from: bytes, count: n)
        pathCount += n
    }

    private mutating func appendPathByte(_ b: UInt8) {
        withUnsafePointer(to: b) { appendPath($0, 1) }
    }

    /// `{` at `i`; returns the position after the matching `}`.
    private mutating func parseObject<S: JSONFieldSink>(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int, depth: Int,
                                                        _ sink: inout S) throws -> Int {
        if depth >= Self.maxDepth { throw JSONSyntaxError(reason: "objects nested too deeply", offset: i) }
        var i = skipSpace(p, i &+ 1, end)
        if i < end && p[i] == UInt8(ascii: "}") { return i &+ 1 }
        let base = pathCount
        while true {
            guard i < end, p[i] == UInt8(ascii: "\"") else { throw JSONSyntaxError(reason: "expected a quoted field name", offset: i) }
            // The key path: a top-level key without escapes is read in place; others go through the
            // path buffer (`parent.child`).
            pathCount = base
            let (kEnd, escaped) = try scanString(p, i &+ 1, end)
            var keyPath: UnsafeRawBufferPointer
            if depth == 0 && !escaped {
                keyPath = UnsafeRawBufferPointer(start: p + i + 1, count: kEnd - i - 1)
            } else {
                if depth > 0 { appendPathByte(UInt8(ascii: ".")) }
                if escaped { try decodeKey(p, i &+ 1, kEnd) } else { appendPath(p + i + 1, kEnd - i - 1) }
                keyPath = UnsafeRawBufferPointer(start: path, count: pathCount)
            }
            let keyStart = i &+ 1
            i = skipSpace(p, kEnd &+ 1, end)
            guard i < end, p[i] == UInt8(ascii: ":") else { throw JSONSyntaxError(reason: "expected ':' after a field name", offset: i) }
            i = skipSpace(p, i &+ 1, end)
            guard i < end else { throw JSONSyntaxError(reason: "missing value", offset: i) }
            let ord = ordinal
            ordinal &+= 1
            let c = p[i]
            if c == UInt8(ascii: "{") {
                if try sink.descend(path: keyPath, ordinal: ord) {
                    if depth == 0 && !escaped { appendPath(p + keyStart, kEnd - keyStart) }
                    i = try parseObject(p, i, end, depth: depth &+ 1, &sink)
                } else {
                    let s = i
                    i = try skipValue(p, i, end, depth: depth &+ 1)
                    if depth > 0 || escaped { keyPath = UnsafeRawBufferPointer(start: path, count: pathCount) }
                    try sink.field(path: keyPath, ordinal: ord, kind: .object, start: s, end: i)
                }
            } else if try c == UInt8(ascii: "[") && sink.wantsElements(path: keyPath, ordinal: ord) {
                let s = i
                i = try elements(p, i, end, depth: depth &+ 1, &sink)
                if depth > 0 || escaped { keyPath = UnsafeRawBufferPointer(start: path, count: pathCount) }
                try sink.field(path: keyPath, ordinal: ord, kind: .array, start: s, end: i)
            } else {
                let (kind, vs, ve, next) = try scalarOrArray(p, i, end, depth: depth &+ 1)
                i = next
                try sink.field(path: keyPath, ordinal: ord, kind: kind, start: vs, end: ve)
            }
            i = skipSpace(p, i, end)
            guard i < end else { throw JSONSyntaxError(reason: "unterminated object", offset: i) }
            if p[i] == UInt8(ascii: ",") { i = skipSpace(p, i &+ 1, end); continue }
            if p[i] == UInt8(ascii: "}") { pathCount = base; return i &+ 1 }
            throw JSONSyntaxError(reason: "expected ',' or '}'", offset: i)
        }
    }

    /// A non-object value at `i`: its kind, span and the position after it.
    @inline(__always)
    private func scalarOrArray(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int, depth: Int) throws -> (JSONKind, Int, Int, Int) {
        let c = p[i]
        switch c {
        case UInt8(ascii: "\""):
            let (e, escaped) = try scanString(p, i &+ 1, end)
            return (escaped ? .escapedString : .string, i &+ 1, e, e &+ 1)
        case UInt8(ascii: "["):
            let e = try skipValue(p, i, end, depth: depth)
            return (.array, i, e, e)
        case UInt8(ascii: "t"):
            if matches(p, i, end, "true") { return (.trueValue, i, i &+ 4, i &+ 4) }
        case UInt8(ascii: "f"):
            if matches(p, i, end, "false") { return (.falseValue, i, i &+ 5, i &+ 5) }
        case UInt8(ascii: "n"):
            if matches(p, i, end, "null") { return (.null, i, i &+ 4, i &+ 4) }
        case UInt8(ascii: "N"):
            if allowNonNumeric && matches(p, i, end, "NaN") { return (.nonNumeric, i, i &+ 3, i &+ 3) }
        case UInt8(ascii: "I"):
            if allowNonNumeric && matches(p, i, end, "Infinity") { return (.nonNumeric, i, i &+ 8, i &+ 8) }
        case UInt8(ascii: "+"):
            if allowNonNumeric && matches(p, i, end, "+Infinity") { return (.nonNumeric, i, i &+ 9, i &+ 9) }
        default:
            if c == UInt8(ascii: "-") && allowNonNumeric && matches(p, i, end, "-Infinity") {
                return (.nonNumeric, i, i &+ 9, i &+ 9)
            }
            if c == UInt8(ascii: "-") || (c &- 48) < 10 {
                let (e, integral) = try scanNumber(p, i, end)
                return (integral ? .integer : .number, i, e, e)
            }
        }
        throw JSONSyntaxError(reason: "unexpected character '\(Character(Unicode.Scalar(c)))'", offset: i)
    }

    @inline(__always)
    private func matches(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int, _ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard end - i >= n else { return false }
        if memcmp(p + i, word.utf8Start, n) != 0 { return false }
        // A literal must not run into more letters (`truex`).
        if i + n < end {
            let c = p[i + n] | 0x20
            if c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") { return false }
        }
        return true
    }

    /// RFC 8259 number grammar; returns the end and whether it is an integer (no fraction or exponent).
    @inline(__always)
    private func scanNumber(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws -> (Int, Bool) {
        var i = start
        if p[i] == UInt8(ascii: "-") { i &+= 1 }
        guard i < end, (p[i] &- 48) < 10 else { throw JSONSyntaxError(reason: "invalid number", offset: start) }
        if p[i] == 48 {
            i &+= 1
            if i < end && (p[i] &- 48) < 10 { throw JSONSyntaxError(reason: "numbers must not have leading zeros", offset: start) }
        } else {
            while i < end && (p[i] &- 48) < 10 { i &+= 1 }
        }
        var integral = true
        if i < end && p[i] == UInt8(ascii: ".") {
            integral = false
            i &+= 1
            guard i < end, (p[i] &- 48) < 10 else { throw JSONSyntaxError(reason: "invalid number", offset: start) }
            while i < end && (p[i] &- 48) < 10 { i &+= 1 }
        }
        if i < end && (p[i] | 0x20) == UInt8(ascii: "e") {
            integral = false
            i &+= 1
            if i < end && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) { i &+= 1 }
            guard i < end, (p[i] &- 48) < 10 else { throw JSONSyntaxError(reason: "invalid number", offset: start) }
            while i < end && (p[i] &- 48) < 10 { i &+= 1 }
        }
        return (i, integral)
    }

    /// From just after an opening quote: the position of the closing quote and whether escapes occur.
    /// Validates escapes and rejects raw control characters, 8 bytes at a time where nothing is special.
    @inline(__always)
    func scanString(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws -> (Int, Bool) {
        var i = start
        var escaped = false
        let raw = UnsafeRawPointer(p)
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        while true {
            while i &+ 8 <= end {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let q = w ^ (ones &* 0x22), b = w ^ (ones &* 0x5C)
                let special = ((q &- ones) & ~q) | ((b &- ones) & ~b) | ((w &- ones &* 0x20) & ~w)
                if special & high != 0 { break }
                i &+= 8
            }
            guard i < end else { throw JSONSyntaxError(reason: "unterminated string", offset: start - 1) }
            let c = p[i]
            if c == UInt8(ascii: "\"") { return (i, escaped) }
            if c == UInt8(ascii: "\\") {
                escaped = true
                guard i &+ 1 < end else { throw JSONSyntaxError(reason: "unterminated string", offset: start - 1) }
                switch p[i &+ 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i &+= 2
                case UInt8(ascii: "u"):
                    guard i &+ 6 <= end, (2..<6).allSatisfy({ hexValue(p[i &+ $0]) != nil }) else {
                        throw JSONSyntaxError(reason: "invalid \\u escape", offset: i)
                    }
                    i &+= 6
                default:
                    throw JSONSyntaxError(reason: "invalid escape '\\\(Character(Unicode.Scalar(p[i &+ 1])))'", offset: i)
                }
                continue
            }
            if c < 0x20 { throw JSONSyntaxError(reason: "unescaped control character in a string", offset: i) }
            i &+= 1
        }
    }

    /// Reports each element of the array at `i` to `sink`; returns the position after the array.
    private func elements<S: JSONFieldSink>(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int, depth: Int, _ sink: inout S) throws -> Int {
        var j = skipSpace(p, i &+ 1, end)
        if j < end && p[j] == UInt8(ascii: "]") { return j &+ 1 }
        while true {
            guard j < end else { throw JSONSyntaxError(reason: "unterminated array", offset: i) }
            if p[j] == UInt8(ascii: "{") || p[j] == UInt8(ascii: "[") {
                let s = j
                j = try skipValue(p, j, end, depth: depth &+ 1)
                try sink.element(kind: p[s] == UInt8(ascii: "{") ? .object : .array, start: s, end: j)
            } else {
                let (kind, vs, ve, next) = try scalarOrArray(p, j, end, depth: depth &+ 1)
                j = next
                try sink.element(kind: kind, start: vs, end: ve)
            }
            j = skipSpace(p, j, end)
            guard j < end else { throw JSONSyntaxError(reason: "unterminated array", offset: i) }
            if p[j] == UInt8(ascii: ",") { j = skipSpace(p, j &+ 1, end); continue }
            if p[j] == UInt8(ascii: "]") { return j &+ 1 }
            throw JSONSyntaxError(reason: "expected ',' or ']'", offset: j)
        }
    }

    /// Skips (and validates) any value at `i`; returns the position after it.
    private func skipValue(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int, depth: Int) throws -> Int {
        if depth >= Self.maxDepth { throw JSONSyntaxError(reason: "values nested too deeply", offset: i) }
        guard i < end else { throw JSONSyntaxError(reason: "missing value", offset: i) }
        let open = p[i]
        if open == UInt8(ascii: "{") || open == UInt8(ascii: "[") {
            let close = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            var j = skipSpace(p, i &+ 1, end)
            if j < end && p[j] == close { return j &+ 1 }
            while true {
                if open == UInt8(ascii: "{") {
                    guard j < end, p[j] == UInt8(ascii: "\"") else { throw JSONSyntaxError(reason: "expected a quoted field name", offset: j) }
                    j = skipSpace(p, try scanString(p, j &+ 1, end).0 &+ 1, end)
                    guard j < end, p[j] == UInt8(ascii: ":") else { throw JSONSyntaxError(reason: "expected ':' after a field name", offset: j) }
                    j = skipSpace(p, j &+ 1, end)
                }
                j = try skipValue(p, j, end, depth: depth &+ 1)
                j = skipSpace(p, j, end)
                guard j < end else { throw JSONSyntaxError(reason: open == UInt8(ascii: "{") ? "unterminated object" : "unterminated array", offset: i) }
                if p[j] == UInt8(ascii: ",") { j = skipSpace(p, j &+ 1, end); continue }
                if p[j] == close { return j &+ 1 }
                throw JSONSyntaxError(reason: "expected ',' or '\(Character(Unicode.Scalar(close)))'", offset: j)
            }
        }
        return try scalarOrArray(p, i, end, depth: depth).3
    }

    private mutating func decodeKey(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws {
        var tmp = [UInt8]()
        JSONLineParser.unescape(p, start, end, into: &tmp)
        tmp.withUnsafeBufferPointer { b in if let base = b.baseAddress { appendPath(base, b.count) } }
    }

    /// Decodes a validated string body (escapes, `\uXXXX` with surrogate pairs) as UTF-8 into `out`.
    static func unescape(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var i = start
        func hex4(_ at: Int) -> UInt32 {
            var v: UInt32 = 0
            for k in 0..<4 { v = v << 4 | UInt32(hexValue(p[at + k]) ?? 0) }
            return v
        }
        while i < end {
            let c = p[i]
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            let e = p[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "u"):
                var cp = hex4(i)
                i += 4
                if cp >= 0xD800 && cp < 0xDC00 {
                    // A high surrogate pairs with a following `\uDC00`-`\uDFFF`; alone it is replaced.
                    if i + 6 <= end && p[i] == UInt8(ascii: "\\") && p[i + 1] == UInt8(ascii: "u") {
                        let lo = hex4(i + 2)
                        if lo >= 0xDC00 && lo < 0xE000 {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
                            i += 6
                        } else { cp = 0xFFFD }
                    } else { cp = 0xFFFD }
                } else if cp >= 0xDC00 && cp < 0xE000 {
                    cp = 0xFFFD
                }
                appendUTF8(cp, &out)
            default: out.append(e)  // " \ /
            }
        }
    }

    static func appendUTF8(_ cp: UInt32, _ out: inout [UInt8]) {
        if cp < 0x80 { out.append(UInt8(cp)) } else if cp < 0x800 {
            out.append(UInt8(0xC0 | (cp >> 6))); out.append(UInt8(0x80 | (cp & 0x3F)))
        } else if cp < 0x10000 {
            out.append(UInt8(0xE0 | (cp >> 12))); out.append(UInt8(0x80 | ((cp >> 6) & 0x3F))); out.append(UInt8(0x80 | (cp & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (cp >> 18))); out.append(UInt8(0x80 | ((cp >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((cp >> 6) & 0x3F))); out.append(UInt8(0x80 | (cp & 0x3F)))
        }
    }
}

/// JSON string bodies for other JSON readers in the package (the Delta log's).
public enum JSONStrings {
    /// A JSON string literal: quotes, backslashes and control characters escaped; other characters
    /// (any Unicode) as they are, in UTF-8.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// The text of a string body (between the quotes) whose escapes were checked: `\n`, `\uXXXX` with
    /// surrogate pairs (a lone surrogate becomes U+FFFD), and the rest as themselves.
    public static func unescape(_ body: UnsafeBufferPointer<UInt8>) -> String {
        guard let p = body.baseAddress, !body.isEmpty else { return "" }
        var out: [UInt8] = []
        JSONLineParser.unescape(p, 0, body.count, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

@inline(__always) func hexValue(_ c: UInt8) -> UInt8? {
    if c &- 48 < 10 { return c &- 48 }
    let l = c | 0x20
    if l &- 97 < 6 { return l &- 87 }
    return nil
}

/// Maps key paths (bytes) to slots without allocating on lookups: a guess by the field's position in
/// the line (JSON lines usually repeat one key order), then an open-addressing hash table. A struct with
/// flat name storage, so hot lookups pay no exclusivity checks or reference counting.
struct JSONKeyTable {
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    private var table: [Int32]
    private var mask: Int
    private var guess: [Int32] = []

    init(_ initial: [[UInt8]] = []) {
        var cap = 64
        while cap < initial.count * 2 { cap *= 2 }
        table = [Int32](repeating: -1, count: cap)
        mask = cap - 1
        for n in initial { _ = insert(n) }
    }

    var count: Int { starts.count - 1 }

    /// Every key, in slot order.
    var names: [[UInt8]] { (0..<count).map { Array(bytes[starts[$0]..<starts[$0 + 1]]) } }

    @inline(__always) static func hash(_ k: UnsafeRawBufferPointer) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in k { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    @inline(__always) private func equal(_ slot: Int, _ k: UnsafeRawBufferPointer) -> Bool {
        let s = starts[slot], n = starts[slot + 1] - s
        guard n == k.count else { return false }
        if n == 0 { return true }
        return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + s, k.baseAddress!, n) == 0 }
    }

    /// The slot of `key`, or nil.
    @inline(__always) mutating func find(_ key: UnsafeRawBufferPointer, ordinal: Int) -> Int? {
        if ordinal < guess.count {
            let g = Int(guess[ordinal])
            if g >= 0 && equal(g, key) { return g }
        }
        var h = JSONKeyTable.hash(key) & mask
        while true {
            let s = Int(table[h])
            if s < 0 { return nil }
            if equal(s, key) {
                if ordinal < 4096 {
                    if ordinal >= guess.count { guess += [Int32](repeating: -1, count: ordinal + 1 - guess.count) }
                    guess[ordinal] = Int32(s)
                }
                return s
            }
            h = (h + 1) & mask
        }
    }

    /// The slot of `key`, added if new.
    mutating func insert(_ key: [UInt8]) -> Int {
        if let s = key.withUnsafeBytes({ find($0, ordinal: Int.max) }) { return s }
        if (count + 1) * 2 > table.count {
            table = [Int32](repeating: -1, count: table.count * 2)
            mask = table.count - 1
            for i in 0..<count { place(Array(bytes[starts[i]..<starts[i + 1]]), Int32(i)) }
        }
        bytes += key
        starts.append(bytes.count)
        place(key, Int32(count - 1))
        return count - 1
    }

    private mutating func place(_ key: [UInt8], _ slot: Int32) {
        var h = key.withUnsafeBytes { JSONKeyTable.hash($0) } & mask
        while table[h] >= 0 { h = (h + 1) & mask }
        table[h] = slot
    }
}
