#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A SQL LIKE pattern compiled once: `%`-separated segments of literal bytes and `_` (one character).
public struct LikePattern: Sendable {
    /// Element of a segment: 0...255 a literal byte, -1 any one character.
    @usableFromInline let segments: [[Int16]]
    /// Same segments as bytes when they contain no `_`.
    @usableFromInline let literal: [[UInt8]?]
    @usableFromInline let hasPercent: Bool

    public init(_ pattern: String, escape: Character = "\\") throws {
        let bytes = Array(pattern.utf8)
        let esc = Array(String(escape).utf8)
        var segs: [[Int16]] = [[]]
        var i = 0
        var percent = false
        while i < bytes.count {
            if !esc.isEmpty, i + esc.count <= bytes.count, Array(bytes[i..<(i + esc.count)]) == esc {
                let j = i + esc.count
                guard j < bytes.count else {
                    throw DataFlowError("INVALID_LIKE_PATTERN.ESC_AT_THE_END",
                                        "The pattern '\(pattern)' is invalid: the escape character is not allowed to end a pattern.")
                }
                let isEsc = j + esc.count <= bytes.count && Array(bytes[j..<(j + esc.count)]) == esc
                guard bytes[j] == 37 || bytes[j] == 95 || isEsc else {
                    throw DataFlowError("INVALID_LIKE_PATTERN.ESC_IN_THE_MIDDLE",
                                        "The pattern '\(pattern)' is invalid: the escape character must be followed by '%', '_' or the escape character.")
                }
                let len = isEsc ? esc.count : 1
                for k in j..<(j + len) { segs[segs.count - 1].append(Int16(bytes[k])) }
                i = j + len
                continue
            }
            switch bytes[i] {
            case 37:  // %
                percent = true
                if !(segs.last!.isEmpty && segs.count > 1) { segs.append([]) }
            case 95: segs[segs.count - 1].append(-1)  // _
            default: segs[segs.count - 1].append(Int16(bytes[i]))
            }
            i += 1
        }
        segments = segs
        literal = segs.map { s in s.contains(-1) ? nil : s.map { UInt8($0) } }
        hasPercent = percent
    }

    /// Length in bytes of the segment match starting at `p`, or nil.
    @inlinable func matchSegment(_ seg: [Int16], _ s: UnsafeRawBufferPointer, _ p: Int) -> Int? {
        var i = p
        for e in seg {
            guard i < s.count else { return nil }
            if e < 0 {
                i += 1
                while i < s.count, s[i] & 0xC0 == 0x80 { i += 1 }
            } else {
                guard s[i] == UInt8(e) else { return nil }
                i += 1
            }
        }
        return i - p
    }

    @inlinable func bytesEqual(_ s: UnsafeRawBufferPointer, _ p: Int, _ lit: [UInt8]) -> Bool {
        guard p >= 0, p + lit.count <= s.count else { return false }
        if lit.isEmpty { return true }
        return lit.withUnsafeBytes { memcmp(s.baseAddress! + p, $0.baseAddress!, lit.count) == 0 }
    }

    /// First position >= `from` where the literal occurs.
    @inlinable func find(_ lit: [UInt8], in s: UnsafeRawBufferPointer, from: Int) -> Int? {
        if lit.isEmpty { return from }
        guard from >= 0, s.count - from >= lit.count, let base = s.baseAddress else { return nil }
        // memchr (vectorised) finds candidates for the first byte; memcmp checks the rest. No allocation.
        return lit.withUnsafeBytes { l -> Int? in
            guard let lb = l.baseAddress else { return nil }
            let first = Int32(lit[0])
            var p = from
            let last = s.count - lit.count
            while p <= last {
                guard let hit = memchr(base + p, first, last - p + 1) else { return nil }
                let q = UnsafeRawPointer(hit) - base
                if memcmp(base + q, lb, lit.count) == 0 { return q }
                p = q + 1
            }
            return nil
        }
    }

    public func matches(_ s: UnsafeRawBufferPointer) -> Bool {
        let n = s.count
        if !hasPercent {
            if let lit = literal[0] { return lit.count == n && bytesEqual(s, 0, lit) }
            return matchSegment(segments[0], s, 0) == n
        }
        // Head must match at the start.
        var pos: Int
        if let lit = literal[0] {
            guard bytesEqual(s, 0, lit) else { return false }
            pos = lit.count
        } else {
            guard let l = matchSegment(segments[0], s, 0) else { return false }
            pos = l
        }
        let last = segments.count - 1
        // Middle segments: leftmost match.
        if last >= 2 {
            for k in 1..<last {
                if let lit = literal[k] {
                    guard let p = find(lit, in: s, from: pos) else { return false }
                    pos = p + lit.count
                } else {
                    var p = pos
                    var found = false
                    while p <= n {
                        if let l = matchSegment(segments[k], s, p) { pos = p + l; found = true; break }
                        p += 1
                        while p < n, s[p] & 0xC0 == 0x80 { p += 1 }
                    }
                    if !found { return false }
                }
            }
        }
        // Tail must end exactly at the end, at or after `pos`.
        if let lit = literal[last] {
            return n - lit.count >= pos && bytesEqual(s, n - lit.count, lit)
        }
        var p = pos
        while p <= n {
            if let l = matchSegment(segments[last], s, p), p + l == n { return true }
            p += 1
            while p < n, s[p] & 0xC0 == 0x80 { p += 1 }
        }
        return false
    }
}

extension Kernels {
    /// `a LIKE pattern [ESCAPE escape]`; `caseInsensitive` gives ILIKE (both sides lower-cased).
    public static func like(_ a: Column, pattern: String, escape: Character = "\\",
                            caseInsensitive: Bool = false) throws -> Column {
        let a = a.decoded()
        let n = a.count
        if a.type == .null { return Column.nulls(.boolean, count: n) }
        let compiled = try LikePattern(caseInsensitive ? pattern.lowercased() : pattern, escape: escape)
        let out = Buffer(byteCount: max(n, 1))
        let o = out.pointer(UInt8.self)
        let vp = bits(a.validity)
        if !caseInsensitive {
            for i in 0..<n { o[i] = valid(vp, i) && compiled.matches(a.utf8(i)) ? 1 : 0 }
        } else {
            var scratch = [UInt8]()
            for i in 0..<n {
                guard valid(vp, i) else { o[i] = 0; continue }
                let s = a.utf8(i)
                scratch.removeAll(keepingCapacity: true)
                if s.allSatisfy({ $0 < 0x80 }) {
                    for c in s { scratch.append(c >= 65 && c <= 90 ? c | 0x20 : c) }
                } else {
                    scratch.append(contentsOf: String(decoding: s, as: UTF8.self).lowercased().utf8)
                }
                o[i] = scratch.withUnsafeBytes { compiled.matches($0) } ? 1 : 0
            }
        }
        return Column(type: .boolean, count: n, values: out, validity: a.validity)
    }
}
