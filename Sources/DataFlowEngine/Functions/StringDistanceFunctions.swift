import DataFlowColumnar

// How alike two strings are: levenshtein (edit distance, optionally bounded) and soundex.
enum StringDistanceFunctions {
    static let all: [ScalarFunction] = [
        ScalarFunction("levenshtein", category: "string", signature: "levenshtein(str1, str2[, threshold])",
                       doc: "The Levenshtein distance (single-character insertions, deletions and substitutions) between two strings, counted in characters. With `threshold`, -1 when the distance is greater than it. NULL if any argument is NULL.",
                       example: "levenshtein('kitten', 'sitting') → 3", arity: 2...3,
                       coerce: Coerce.exact([.string, .string, .int32]), returnType: { _ in .int32 }) { a, n in
            levenshtein(a[0], a[1], a.count > 2 ? a[2] : nil, n)
        },
        ScalarFunction("soundex", category: "string", signature: "soundex(str)",
                       doc: "The Soundex code of `str` (a letter and three digits); a string that does not start with an ASCII letter is returned as it is.",
                       example: "soundex('Miller') → M460", arity: 1...1,
                       coerce: Coerce.exact([.string]), returnType: { _ in .string }) { a, n in
            soundex(a[0], n)
        },
    ]

    static func levenshtein(_ x: Column, _ y: Column, _ threshold: Column?, _ n: Int) -> Column {
        let s = StringArg(x), t = StringArg(y)
        let limit = threshold.map(IntArg.init)
        var b = ColumnBuilder(type: .int32, capacity: n)
        // Scratch reused across rows: the code points of both strings and one row of the DP table.
        var u: [UInt32] = [], v: [UInt32] = [], row: [Int] = []
        for i in 0..<n {
            guard s.isValid(i), t.isValid(i), limit?.isValid(i) ?? true else { b.appendNull(); continue }
            scalars(s.bytes(i), into: &u)
            scalars(t.bytes(i), into: &v)
            let d = distance(u, v, &row)
            if let limit, d > limit[i] { b.append(Int32(-1)) } else { b.append(Int32(d)) }
        }
        return b.finish()
    }

    static func scalars(_ s: UnsafeRawBufferPointer, into out: inout [UInt32]) {
        out.removeAll(keepingCapacity: true)
        var k = 0
        while k < s.count {
            let (c, w) = StringPadTrimFunctions.decode(s, k)
            out.append(c)
            k += w
        }
    }

    /// Edit distance with one DP row (Wagner–Fischer).
    static func distance(_ a: [UInt32], _ b: [UInt32], _ row: inout [Int]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        row.removeAll(keepingCapacity: true)
        row.append(contentsOf: 0...b.count)
        for i in 1...a.count {
            var diagonal = row[0]
            row[0] = i
            for j in 1...b.count {
                let above = row[j]
                row[j] = Swift.min(Swift.min(above + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1))
                diagonal = above
            }
        }
        return row[b.count]
    }

    /// Soundex digits for A…Z; 7 marks H and W, which do not separate equal codes.
    static let codes: [UInt8] = Array("01230127022455012623017202".utf8)

    static func soundex(_ str: Column, _ n: Int) -> Column {
        let s = StringArg(str)
        var b = ColumnBuilder(type: .string, capacity: n)
        var out: [UInt8] = [0, 48, 48, 48]
        for i in 0..<n {
            guard s.isValid(i) else { b.appendNull(); continue }
            let text = s.bytes(i)
            guard let first = text.first.map(upperLetter), first != 0 else { b.appendUTF8(text); continue }
            out[0] = first
            out[1] = 48; out[2] = 48; out[3] = 48
            var k = 1
            var last = codes[Int(first - 65)]
            for c in text.dropFirst() {
                let letter = upperLetter(c)
                if letter == 0 { last = 48; continue }
                let code = codes[Int(letter - 65)]
                if code == 55 { continue }
                if code != 48 && code != last {
                    out[k] = code
                    k += 1
                    if k > 3 { break }
                }
                last = code
            }
            out.withUnsafeBytes { b.appendUTF8($0) }
        }
        return b.finish()
    }

    /// The uppercase ASCII letter for `c`, or 0 when `c` is not an ASCII letter.
    @inline(__always) static func upperLetter(_ c: UInt8) -> UInt8 {
        if c &- 97 < 26 { return c &- 32 }
        if c &- 65 < 26 { return c }
        return 0
    }
}
