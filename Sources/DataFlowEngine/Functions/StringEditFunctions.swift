import DataFlowColumnar

// Functions that rewrite a string: concat_ws, replace, translate, reverse (strings and arrays), repeat,
// initcap, ascii, chr.
enum StringEditFunctions {
    static let all: [ScalarFunction] = [
        ScalarFunction("concat_ws", category: "string", signature: "concat_ws(sep, expr1, expr2, ...)",
                       doc: "Joins the strings (and the elements of string arrays) with `sep`, skipping NULLs. NULL only if `sep` is NULL.",
                       example: "concat_ws(' ', 'Spark', NULL, 'SQL') → Spark SQL", arity: 1...255,
                       coerce: { args in
                           var out: [DataType] = []
                           for (i, t) in args.enumerated() {
                               if i > 0, case .array(let e) = t {
                                   guard canImplicitlyCast(e, to: .string) else { return nil }
                                   out.append(.array(.string))
                               } else {
                                   guard canImplicitlyCast(t, to: .string) else { return nil }
                                   out.append(.string)
                               }
                           }
                           return out
                       }, returnType: { _ in .string }) { a, n in
            concatWS(a, n)
        },
        ScalarFunction("replace", category: "string", signature: "replace(str, search[, replace])",
                       doc: "Replaces every occurrence of `search` in `str` with `replace` (default: the empty string); an empty `search` changes nothing. NULL if any argument is NULL.",
                       example: "replace('ABCabc', 'abc', 'DEF') → ABCDEF", arity: 2...3,
                       coerce: Coerce.exact([.string, .string, .string]), returnType: { _ in .string }) { a, n in
            replace(a[0], a[1], a.count > 2 ? a[2] : nil, n)
        },
        ScalarFunction("translate", category: "string", signature: "translate(input, from, to)",
                       doc: "Replaces each character of `input` found in `from` with the character at the same position of `to`; characters of `from` past the end of `to` are removed. NULL if any argument is NULL.",
                       example: "translate('AaBbCc', 'abc', '123') → A1B2C3", arity: 3...3,
                       coerce: Coerce.exact([.string, .string, .string]), returnType: { _ in .string }) { a, n in
            translate(a[0], a[1], a[2], n)
        },
        ScalarFunction("reverse", category: "string", signature: "reverse(str | array)",
                       doc: "The characters of a string, or the elements of an array, in reverse order. NULL for NULL.",
                       example: "reverse('Spark SQL') → LQS krapS", arity: 1...1,
                       coerce: { args in
                           if case .array = args[0] { return args }
                           return canImplicitlyCast(args[0], to: .string) ? [.string] : nil
                       }, returnType: { $0[0] }) { a, n in
            if case .array = a[0].type { return reverseArrays(a[0], n) }
            return reverseStrings(a[0], n)
        },
        ScalarFunction("repeat", category: "string", signature: "repeat(str, n)",
                       doc: "`str` repeated `n` times (empty when `n` ≤ 0). NULL if either is NULL.",
                       example: "repeat('123', 2) → 123123", arity: 2...2,
                       coerce: Coerce.exact([.string, .int32]), returnType: { _ in .string }) { a, n in
            try repeatString(a[0], a[1], n)
        },
        ScalarFunction("initcap", category: "string", signature: "initcap(str)",
                       doc: "`str` in lowercase with the first letter of each word (words are separated by spaces) in title case.",
                       example: "initcap('sPark sql') → Spark Sql", arity: 1...1,
                       coerce: Coerce.exact([.string]), returnType: { _ in .string }) { a, n in
            initcap(a[0], n)
        },
        ScalarFunction("ascii", category: "string", signature: "ascii(str)",
                       doc: "The code point of the first character of `str` (0 for the empty string). NULL for NULL.",
                       example: "ascii('222') → 50", arity: 1...1,
                       coerce: Coerce.exact([.string]), returnType: { _ in .int32 }) { a, n in
            ascii(a[0], n)
        },
        ScalarFunction("chr", category: "string", signature: "chr(n)",
                       doc: "The character whose code point is `n` modulo 256 (the empty string when `n` < 0). NULL for NULL. Alias: `char`.",
                       example: "chr(65) → A", arity: 1...1,
                       coerce: { args in
                           args[0] == .null || args[0].isNumeric || args[0] == .string ? [.int64] : nil
                       }, returnType: { _ in .string }) { a, n in
            chr(a[0], n)
        },
    ]

    static func concatWS(_ a: [Column], _ n: Int) -> Column {
        let sep = StringArg(a[0])
        // Each argument: a string column, or an array column (offsets + string elements).
        let strings: [StringArg?] = a.dropFirst().map { c in
            if case .array = c.type { return nil }
            return StringArg(c)
        }
        let arrays: [(Column, StringArg)?] = a.dropFirst().map { c in
            guard case .array = c.type else { return nil }
            return (c, StringArg(c.elements?.column ?? Column.nulls(.string, count: 0)))
        }
        var b = ColumnBuilder(type: .string, capacity: n)
        var row: [UInt8] = []
        for i in 0..<n {
            guard sep.isValid(i) else { b.appendNull(); continue }
            let s = sep.bytes(i)
            row.removeAll(keepingCapacity: true)
            var first = true
            func add(_ x: UnsafeRawBufferPointer) {
                if !first { row.append(contentsOf: s) }
                row.append(contentsOf: x)
                first = false
            }
            for k in 0..<strings.count {
                if let str = strings[k] {
                    if str.isValid(i) { add(str.bytes(i)) }
                } else if let (arr, elems) = arrays[k], arr.type != .null, arr.isValid(i) {
                    for j in arr.arrayRange(i) where elems.isValid(j) { add(elems.bytes(j)) }
                }
            }
            row.withUnsafeBytes { b.appendUTF8($0) }
        }
        return b.finish()
    }

    static func replace(_ str: Column, _ search: Column, _ rep: Column?, _ n: Int) -> Column {
        let s = StringArg(str), f = StringArg(search)
        let r = rep.map(StringArg.init)
        var b = ColumnBuilder(type: .string, capacity: n)
        var row: [UInt8] = []
        for i in 0..<n {
            guard s.isValid(i), f.isValid(i), r?.isValid(i) ?? true else { b.appendNull(); continue }
            let text = s.bytes(i), needle = f.bytes(i), with = r?.bytes(i) ?? UTF8Text.empty
            guard needle.count > 0, var at = UTF8Text.find(needle, in: text) else { b.appendUTF8(text); continue }
            row.removeAll(keepingCapacity: true)
            var from = 0
            while true {
                row.append(contentsOf: text[from..<at])
                row.append(contentsOf: with)
                from = at + needle.count
                guard let next = UTF8Text.find(needle, in: text, from: from) else { break }
                at = next
            }
            row.append(contentsOf: text[from...])
            row.withUnsafeBytes { b.appendUTF8($0) }
        }
        return b.finish()
    }

    static func translate(_ input: Column, _ from: Column, _ to: Column, _ n: Int) -> Column {
        let s = StringArg(input), f = StringArg(from), t = StringArg(to)
        var b = ColumnBuilder(type: .string, capacity: n)
        // The mapping is rebuilt only when (from, to) changes: once for constant arguments.
        var lastFrom: [UInt8]? = nil, lastTo: [UInt8] = []
        var map: [Unicode.Scalar: Unicode.Scalar?] = [:]
        var row = String.UnicodeScalarView()
        for i in 0..<n {
            guard s.isValid(i), f.isValid(i), t.isValid(i) else { b.appendNull(); continue }
            let fb = f.bytes(i), tb = t.bytes(i)
            if lastFrom == nil || !lastFrom!.elementsEqual(fb) || !lastTo.elementsEqual(tb) {
                lastFrom = Array(fb)
                lastTo = Array(tb)
                map = [:]
                let fs = Array(String(decoding: fb, as: UTF8.self).unicodeScalars)
                let ts = Array(String(decoding: tb, as: UTF8.self).unicodeScalars)
                for (k, c) in fs.enumerated() where map[c] == nil {
                    map[c] = .some(k < ts.count ? ts[k] : nil)
                }
            }
            if map.isEmpty { b.appendUTF8(s.bytes(i)); continue }
            row.removeAll(keepingCapacity: true)
            for c in s.string(i).unicodeScalars {
                if let m = map[c] {
                    if let m { row.append(m) }
                } else {
                    row.append(c)
                }
            }
            b.append(String(row))
        }
        return b.finish()
    }

    static func reverseStrings(_ str: Column, _ n: Int) -> Column {
        StringArg.mapBytes(str, n) { text, row in
            // Code points in reverse order, each one's bytes kept in order.
            var end = text.count
            while end > 0 {
                var start = end - 1
                while start > 0 && !UTF8Text.isLead(text[start]) { start -= 1 }
                row.append(contentsOf: text[start..<end])
                end = start
            }
        }
    }

    static func reverseArrays(_ a: Column, _ n: Int) -> Column {
        guard let elements = a.elements?.column else { return a }
        var offsets: [Int32] = [0]
        var indices: [Int32] = []
        offsets.reserveCapacity(n + 1)
        for i in 0..<n {
            if a.isValid(i) {
                for j in a.arrayRange(i).reversed() { indices.append(Int32(j)) }
            }
            offsets.append(Int32(indices.count))
        }
        let gathered = elements.take(indices)
        return Column.array(offsets: offsets, elements: gathered, validity: a.validity)
    }

    static func repeatString(_ str: Column, _ times: Column, _ n: Int) throws -> Column {
        let s = StringArg(str), t = IntArg(times)
        var b = ColumnBuilder(type: .string, capacity: n)
        var row: [UInt8] = []
        for i in 0..<n {
            guard s.isValid(i), t.isValid(i) else { b.appendNull(); continue }
            let text = s.bytes(i), k = t[i]
            if k <= 0 || text.count == 0 { b.appendUTF8(UTF8Text.empty); continue }
            let (total, overflow) = text.count.multipliedReportingOverflow(by: k)
            guard !overflow, total <= Int(Int32.max) / 2 else {
                throw DataFlowError("ARITHMETIC_OVERFLOW", "repeat: repeating a \(text.count)-byte string \(k) times exceeds the largest string (2 GiB).")
            }
            row.removeAll(keepingCapacity: true)
            for _ in 0..<k { row.append(contentsOf: text) }
            row.withUnsafeBytes { b.appendUTF8($0) }
        }
        return b.finish()
    }

    static func initcap(_ str: Column, _ n: Int) -> Column {
        let s = StringArg(str)
        var b = ColumnBuilder(type: .string, capacity: n)
        var row: [UInt8] = []
        for i in 0..<n {
            guard s.isValid(i) else { b.appendNull(); continue }
            let text = s.bytes(i)
            if !text.contains(where: { $0 >= 0x80 }) {
                // ASCII: lowercase every letter, uppercase the first after a space.
                row.removeAll(keepingCapacity: true)
                var afterSpace = true
                for c in text {
                    let lower = c &- 65 < 26 ? c &+ 32 : c
                    row.append(afterSpace && lower &- 97 < 26 ? lower &- 32 : lower)
                    afterSpace = c == 32
                }
                row.withUnsafeBytes { b.appendUTF8($0) }
                continue
            }
            var out = ""
            var afterSpace = true
            for c in String(decoding: text, as: UTF8.self).lowercased().unicodeScalars {
                if afterSpace { out += c.properties.titlecaseMapping } else { out.unicodeScalars.append(c) }
                afterSpace = c == " "
            }
            b.append(out)
        }
        return b.finish()
    }

    static func ascii(_ str: Column, _ n: Int) -> Column {
        let s = StringArg(str)
        var b = ColumnBuilder(type: .int32, capacity: n)
        for i in 0..<n {
            guard s.isValid(i) else { b.appendNull(); continue }
            let text = s.bytes(i)
            b.append(Int32(text.count == 0 ? 0 : StringPadTrimFunctions.decode(text, 0).0))
        }
        return b.finish()
    }

    static func chr(_ code: Column, _ n: Int) -> Column {
        let c = IntArg(code)
        var b = ColumnBuilder(type: .string, capacity: n)
        var bytes: [UInt8] = [0, 0]
        for i in 0..<n {
            guard c.isValid(i) else { b.appendNull(); continue }
            let v = c[i]
            if v < 0 { b.appendUTF8(UTF8Text.empty); continue }
            let x = UInt8(v % 256)
            // Code points 128…255 take two bytes in UTF-8.
            if x < 0x80 {
                bytes[0] = x
                bytes.withUnsafeBytes { b.appendUTF8(UnsafeRawBufferPointer(rebasing: $0[0..<1])) }
            } else {
                bytes[0] = 0xC0 | (x >> 6)
                bytes[1] = 0x80 | (x & 0x3F)
                bytes.withUnsafeBytes { b.appendUTF8($0) }
            }
        }
        return b.finish()
    }
}
