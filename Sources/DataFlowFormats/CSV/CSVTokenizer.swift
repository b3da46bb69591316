/// One field of a record: a byte range in the input, or (for quoted fields with escapes) in the scratch
/// buffer where its unescaped bytes were copied.
struct FieldSpan {
    var start: Int
    var end: Int
    var quoted: Bool
    var inScratch: Bool
}

/// Reusable growable storage for one record's field spans and unescaped bytes (one per parsing call,
/// never shared between threads).
final class RecordBuffers {
    var spans: UnsafeMutablePointer<FieldSpan>
    var spanCapacity: Int
    var count = 0
    var scratch: UnsafeMutablePointer<UInt8>
    var scratchCapacity: Int
    var scratchCount = 0

    init() {
        spanCapacity = 64
        spans = .allocate(capacity: spanCapacity)
        scratchCapacity = 4096
        scratch = .allocate(capacity: scratchCapacity)
    }

    deinit {
        spans.deallocate()
        scratch.deallocate()
    }

    @inline(__always) func append(_ s: FieldSpan) {
        if count == spanCapacity { growSpans() }
        (spans + count).initialize(to: s)
        count &+= 1
    }

    func growSpans() {
        let n = UnsafeMutablePointer<FieldSpan>.allocate(capacity: spanCapacity * 2)
        n.moveInitialize(from: spans, count: count)
        spans.deallocate()
        spans = n
        spanCapacity *= 2
    }

    func reserveScratch(_ extra: Int) {
        let need = scratchCount + extra
        if need <= scratchCapacity { return }
        var cap = scratchCapacity
        while cap < need { cap *= 2 }
        let n = UnsafeMutablePointer<UInt8>.allocate(capacity: cap)
        n.update(from: scratch, count: scratchCount)
        scratch.deallocate()
        scratch = n
        scratchCapacity = cap
    }

    /// The bytes of field `i` (valid until the next record is tokenized).
    @inline(__always) func bytes(_ i: Int, base: UnsafePointer<UInt8>) -> UnsafeRawBufferPointer {
        let s = spans[i]
        let p = s.inScratch ? UnsafePointer(scratch) + s.start : base + s.start
        return UnsafeRawBufferPointer(start: p, count: s.end &- s.start)
    }
}

/// What tokenizing one record found.
struct RecordInfo {
    /// Where the next record starts.
    var next: Int
    /// Newlines consumed (physical lines spanned, including the terminating one).
    var newlines: Int
    /// End of the record's text, excluding its line break.
    var textEnd: Int
    /// A quoted field ran to the end of the line (not multiLine) or of the input.
    var unterminatedQuote: Bool
}

/// A cached bitmask of the delimiter and '\n' positions in one 64-byte block of the input. It depends
/// only on the bytes, so it stays valid whatever the tokenizer's state (quoted fields are scanned
/// separately and simply skip over it). One per input buffer and parsing call.
struct StructuralScan {
    var base = Int.min / 2
    var bits: UInt64 = 0
}

/// RFC 4180 tokenizer with Spark's extensions: backslash escapes inside quotes, optional whitespace
/// trimming, multi-line quoted fields. Works on raw bytes; allocates nothing per record.
struct CSVTokenizer: Sendable {
    let delim: UInt8
    let quote: UInt8
    let escape: UInt8
    let hasQuote: Bool
    let hasEscape: Bool
    let multiLine: Bool
    let trimLeading: Bool
    let trimTrailing: Bool

    init(delimiter: UInt8, quote: UInt8, escape: UInt8, multiLine: Bool, trimLeading: Bool, trimTrailing: Bool) {
        self.delim = delimiter
        self.quote = quote
        self.escape = escape
        self.hasQuote = quote != 0
        self.hasEscape = escape != 0 && escape != quote
        self.multiLine = multiLine
        self.trimLeading = trimLeading
        self.trimTrailing = trimTrailing
    }

    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == 32 || b == 9 }

    /// Tokenizes the record starting at `start` (which must not be a blank or comment line).
    func record(_ p: UnsafePointer<UInt8>, from start: Int, end: Int, into rb: RecordBuffers) -> RecordInfo {
        var scan = StructuralScan()
        return record(p, from: start, end: end, into: rb, scan: &scan)
    }

    /// Tokenizes the record starting at `start`, reusing `scan` (which must belong to `p`) between calls.
    func record(_ p: UnsafePointer<UInt8>, from start: Int, end: Int, into rb: RecordBuffers,
                scan: inout StructuralScan) -> RecordInfo {
        rb.scratchCount = 0
        // Hot state in locals: class stored properties would pay dynamic exclusivity checks per access.
        var spans = rb.spans
        var spanCap = rb.spanCapacity
        var count = 0
        var pos = start
        var newlines = 0
        var unterminated = false
        let delim = self.delim
        while true {
            if trimLeading {
                while pos < end && Self.isBlank(p[pos]) && p[pos] != delim { pos &+= 1 }
            }
            if hasQuote && pos < end && p[pos] == quote {
                rb.count = count
                pos = quotedField(p, at: pos, end: end, into: rb, newlines: &newlines, unterminated: &unterminated)
                count = rb.count
                spans = rb.spans
                spanCap = rb.spanCapacity
            } else {
                let fs = pos
                pos = nextDelimiterOrNewline(p, from: pos, end: end, scan: &scan)
                var fe = pos
                if fe > fs && p[fe &- 1] == 13 && (pos == end || p[pos] == 10) { fe &-= 1 }
                if trimTrailing { while fe > fs && Self.isBlank(p[fe &- 1]) { fe &-= 1 } }
                if count == spanCap {
                    rb.count = count
                    rb.growSpans()
                    spans = rb.spans
                    spanCap = rb.spanCapacity
                }
                (spans + count).initialize(to: FieldSpan(start: fs, end: fe, quoted: false, inScratch: false))
                count &+= 1
            }
            if pos < end && p[pos] == delim {
                pos &+= 1
                continue
            }
            var textEnd = pos
            if textEnd > start && p[textEnd &- 1] == 13 { textEnd &-= 1 }
            if pos < end {
                pos &+= 1  // the '\n'
                newlines &+= 1
            }
            rb.count = count
            return RecordInfo(next: pos, newlines: newlines, textEnd: textEnd, unterminatedQuote: unterminated)
        }
    }

    /// The position of the first delimiter or '\n' in `[from, end)`, or `end`. Field ends come from a
    /// bitmask of a whole 64-byte block (`blockMask`), so consecutive short fields cost a bit scan each
    /// instead of a dependent load-compare chain; the last < 64 bytes of the input are scanned bytewise.
    @inline(__always)
    func nextDelimiterOrNewline(_ p: UnsafePointer<UInt8>, from: Int, end: Int, scan: inout StructuralScan) -> Int {
        var rel = from &- scan.base
        if rel < 0 || rel >= 64 {
            guard from &+ 64 <= end else {
                scan.base = Int.min / 2
                return scalarNext(p, from: from, end: end)
            }
            scan.base = from
            scan.bits = blockMask(p + from)
            rel = 0
        }
        var m = scan.bits & (~UInt64(0) &<< UInt64(truncatingIfNeeded: rel))
        while m == 0 {
            let next = scan.base &+ 64
            // Bytes [from, next) hold no match.
            guard next &+ 64 <= end else { return scalarNext(p, from: next, end: end) }
            scan.base = next
            scan.bits = blockMask(p + next)
            m = scan.bits
        }
        return scan.base &+ m.trailingZeroBitCount
    }

    @inline(__always)
    func scalarNext(_ p: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        var i = from
        while i < end {
            let b = p[i]
            if b == delim || b == 10 { return i }
            i &+= 1
        }
        return end
    }

    /// Bit k set iff byte k of `q[0..<64]` is the delimiter or '\n'. SWAR on 8-byte words: a byte equal
    /// to the target is zero after XOR, the zero-byte test is exact (no carries between bytes), and a
    /// multiply gathers the eight 0x80 flags of a word into one byte.
    @inline(__always)
    func blockMask(_ q: UnsafePointer<UInt8>) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let dm = ones &* UInt64(delim)
        let nm = ones &* 10
        let raw = UnsafeRawPointer(q)
        var r: UInt64 = 0
        for j in 0..<8 {
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: j &* 8, as: UInt64.self))
            let x = w ^ dm
            let y = w ^ nm
            let zx = ((x & low7) &+ low7) | x
            let zy = ((y & low7) &+ low7) | y
            let hi = ~(zx & zy) & ~low7
            r |= (((hi &>> 7) &* 0x0102_0408_1020_4080) &>> 56) &<< UInt64(j &* 8)
        }
        return r
    }

    /// Tokenizes the quoted field whose opening quote is at `at` (plus any text up to the next delimiter
    /// or line end) and appends its span; returns the position after it.
    @inline(never)
    func quotedField(_ p: UnsafePointer<UInt8>, at: Int, end: Int, into rb: RecordBuffers,
                     newlines: inout Int, unterminated: inout Bool) -> Int {
        let delim = self.delim
        var pos = at &+ 1
        let cs = pos
        var ce = pos
        var needsCopy = false
        var closed = false
        while pos < end {
            let b = p[pos]
            if b == quote {
                if pos &+ 1 < end && p[pos &+ 1] == quote { needsCopy = true; pos &+= 2; continue }
                ce = pos
                pos &+= 1
                closed = true
                break
            }
            if hasEscape && b == escape {
                if pos &+ 1 < end && (p[pos &+ 1] == quote || p[pos &+ 1] == escape) {
                    needsCopy = true; pos &+= 2; continue
                }
            } else if b == 10 {
                if !multiLine { break }
                newlines &+= 1
            }
            pos &+= 1
        }
        if !closed {
            unterminated = true
            ce = pos
            if ce > cs && p[ce &- 1] == 13 { ce &-= 1 }
        }
        // Text between the closing quote and the next delimiter/line end.
        let tailStart = pos
        while pos < end && p[pos] != delim && p[pos] != 10 { pos &+= 1 }
        var tailEnd = pos
        if tailEnd > tailStart && p[tailEnd &- 1] == 13 && (pos == end || p[pos] == 10) { tailEnd &-= 1 }
        var tailNonBlank = false
        for k in tailStart..<tailEnd where !Self.isBlank(p[k]) { tailNonBlank = true; break }
        if needsCopy || tailNonBlank {
            let s0 = rb.scratchCount
            rb.reserveScratch((ce - cs) + (tailEnd - tailStart))
            var k = cs
            var o = rb.scratchCount
            let out = rb.scratch
            while k < ce {
                let b = p[k]
                if k &+ 1 < ce && ((b == quote && p[k &+ 1] == quote)
                    || (hasEscape && b == escape && (p[k &+ 1] == quote || p[k &+ 1] == escape))) {
                    out[o] = p[k &+ 1]; o &+= 1; k &+= 2; continue
                }
                out[o] = b; o &+= 1; k &+= 1
            }
            if tailNonBlank {
                var te = tailEnd
                if trimTrailing { while te > tailStart && Self.isBlank(p[te &- 1]) { te &-= 1 } }
                for t in tailStart..<te { out[o] = p[t]; o &+= 1 }
            }
            rb.scratchCount = o
            rb.append(FieldSpan(start: s0, end: o, quoted: true, inScratch: true))
        } else {
            rb.append(FieldSpan(start: cs, end: ce, quoted: true, inScratch: false))
        }
        return pos
    }
}
