import DataFlowColumnar
import Foundation
import Testing
@testable import DataFlowFormats

/// Edge cases of the reader's fast paths: word-at-a-time field scanning, newline-counting chunk
/// splitting and direct (unstaged) value conversion.
@Suite struct CSVFastPathTests {
    /// The chunk rule, byte by byte: cut after the first newline once `chunkBytes` are covered, but after
    /// the `chunkRows`-th newline if the chunk would hold more.
    func referenceChunks(_ b: [UInt8], start: Int, line: Int, chunkBytes: Int, chunkRows: Int) -> [[Int]] {
        var out: [[Int]] = []
        var pos = start, line = line
        while pos < b.count {
            var cut = min(pos + chunkBytes, b.count)
            while cut < b.count && b[cut - 1] != 10 { cut += 1 }
            var k = b[pos..<cut].filter { $0 == 10 }.count
            if k > chunkRows {
                var seen = 0, i = pos
                while i < cut { if b[i] == 10 { seen += 1; if seen == chunkRows { break } }; i += 1 }
                cut = i + 1
                k = chunkRows
            }
            out.append([pos, cut, line])
            line += k
            pos = cut
        }
        return out
    }

    @Test(arguments: [false, true])
    func chunkBoundariesMatchTheByteRule(trailingNewline: Bool) throws {
        var s = "a,b\n"
        var seed: UInt64 = 12345
        for i in 0..<600 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let len = Int(seed >> 58)  // 0...63
            s += "\(i)," + String(repeating: "x", count: len) + "\n"
            if i % 37 == 0 { s += "\n" }
        }
        if !trailingNewline { s += "600,last" }
        let path = writeTemp(s)
        let bytes = Array(s.utf8)
        var o = CSVReadOptions()
        o.header = true
        for chunkBytes in [1, 7, 100, 1000, 1 << 20] {
            for chunkRows in [1, 3, 97, 1 << 20] {
                let src = try CSVSource(paths: [path], options: o, schema: nil, chunkBytes: chunkBytes, chunkRows: chunkRows)
                let got = src.chunks.map { [$0.start, $0.end, $0.firstLine] }
                let want = referenceChunks(bytes, start: 4, line: 2, chunkBytes: chunkBytes, chunkRows: chunkRows)
                #expect(got == want, "chunkBytes \(chunkBytes) chunkRows \(chunkRows)")
            }
        }
    }

    /// Fields of every length 0...19 so delimiters and line ends fall at every offset of an 8-byte word,
    /// with LF and CRLF line ends and a last line with and without a newline.
    @Test(arguments: [false, true])
    func fieldsEndingAtEveryWordOffset(crlf: Bool) throws {
        let eol = crlf ? "\r\n" : "\n"
        var lines: [[String]] = []
        for a in 0..<20 {
            for b in stride(from: 0, to: 20, by: 3) {
                lines.append([String(repeating: "a", count: a), String(repeating: "b", count: b), "c\(a)"])
                lines.append([String(repeating: "d", count: (a * 7 + b) % 17), String(repeating: "e", count: a)])
            }
        }
        for last in ["", eol] {
            let text = lines.map { $0.joined(separator: ",") }.joined(separator: eol) + last
            let schema = Schema([Field("x", .string), Field("y", .string), Field("z", .string)])
            let (_, got) = try readCSV(text, schema: schema)
            #expect(got.count == lines.count)
            for (r, fields) in zip(got, lines) {
                let want: [Value] = (0..<3).map { i in
                    i < fields.count && !fields[i].isEmpty ? .string(fields[i]) : .null
                }
                #expect(r == want)
            }
        }
    }

    @Test func quotesAfterLongUnquotedRuns() throws {
        let long = String(repeating: "u", count: 37)
        let text = """
        \(long),"q,1",\(long)
        \(long)"mid,\(long)
        "\(long)""x",tail,\(long)\("\"")
        \(long),\(long),"multi
        """ + "\n"
        let schema = Schema([Field("a", .string), Field("b", .string), Field("c", .string)])
        let (_, got) = try readCSV(text, schema: schema)
        #expect(got.count == 4)
        #expect(got[0] == [.string(long), .string("q,1"), .string(long)])
        // A quote inside an unquoted field is literal text.
        #expect(got[1] == [.string(long + "\"mid"), .string(long), .null])
        #expect(got[2] == [.string(long + "\"x"), .string("tail"), .string(long + "\"")])
        #expect(got[3][0] == .string(long))
    }

    @Test func directAndStagedConversionAgree() throws {
        var text = "i,d,s,b\n"
        for i in 0..<500 {
            let iv = i % 13 == 0 ? "x\(i)" : "\(i)"
            let dv = i % 11 == 0 ? "" : "\(Double(i) / 8)"
            text += "\(iv),\(dv),s\(i),\(i % 2 == 0)\n"
            if i % 17 == 0 { text += "\(i),1.5\n" }  // too few fields
        }
        let schema = Schema([Field("i", .int64), Field("d", .float64), Field("s", .string), Field("b", .boolean)])
        let (_, direct) = try readCSV(text, schema: schema) { $0.header = true }
        let (_, staged) = try readCSV(text, schema: schema) {
            $0.header = true
            $0.columnNameOfCorruptRecord = "_bad"
        }
        #expect(direct.count == staged.count)
        #expect(direct == staged.map { Array($0.prefix(4)) })
        #expect(direct[14] == [.null, .double(13.0 / 8), .string("s13"), .bool(false)])
    }

    /// Fields longer than a 64-byte block, fields straddling block boundaries, quoted fields full of
    /// delimiters and line breaks (whose cached block bits must be skipped), and a short tail.
    @Test(arguments: [false, true])
    func longFieldsAcrossBlocks(multiLine: Bool) throws {
        var lines: [[String]] = []
        var text = ""
        for n in [1, 30, 62, 63, 64, 65, 66, 127, 128, 129, 200] {
            let a = String(repeating: "a", count: n), b = String(repeating: "b", count: (n * 5) % 71)
            let q = String(repeating: "q,", count: n / 2) + (multiLine ? "\nline" : "")
            lines.append([a, b, "z"])
            text += "\(a),\(b),z\n"
            lines.append([q, a, b])
            text += "\"\(q)\",\(a),\(b)\n"
            lines.append([b, q, "y\(n)"])
            text += "\(b),\"\(q)\",y\(n)\n"
        }
        lines.append(["t", "u", "v"])
        text += "t,u,v"
        let schema = Schema([Field("x", .string), Field("y", .string), Field("z", .string)])
        let (_, got) = try readCSV(text, schema: schema) { $0.multiLine = multiLine }
        if multiLine {
            #expect(got == lines.map { $0.map { $0.isEmpty ? Value.null : .string($0) } })
        } else {
            #expect(got.count == lines.count)
            for (r, want) in zip(got, lines) { #expect(r == want.map { $0.isEmpty ? Value.null : .string($0) }) }
        }
    }
}
