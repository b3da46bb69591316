import DataFlowColumnar
import Foundation
import Testing
@testable import DataFlowFormats

func readJSON(_ content: String, schema: Schema? = nil, _ configure: (inout JSONReadOptions) throws -> Void = { _ in })
    throws -> (JSONSource, [[Value]]) {
    var o = JSONReadOptions()
    try configure(&o)
    let src = try JSONSource(paths: [writeTemp(content, name: "data.json")], options: o, schema: schema)
    return (src, rows(try src.readAll()))
}

func fieldList(_ s: Schema) -> [String] { s.fields.map { "\($0.name):\($0.type.sqlName)" } }

@Suite struct JSONInferenceTests {
    @Test func sparkTypeRules() throws {
        let (src, r) = try readJSON("""
        {"i": 1, "d": 1.5, "m": 1, "b": true, "s": "x", "n": null, "e": 1e3, "c": 1, "big": 123456789012345678901234}
        {"i": 2, "d": -0.25, "m": 2.5, "b": false, "s": "2024-01-02", "n": null, "e": 2, "c": "one", "big": 1}
        """)
        // Columns sorted by name; ints are bigint, fractions/exponents double, int+double double,
        // all-null string, conflicting types string, ints beyond long decimal(p,0).
        #expect(fieldList(src.schema) == ["b:boolean", "big:decimal(24,0)", "c:string", "d:double", "e:double",
                                          "i:bigint", "m:double", "n:string", "s:string"])
        #expect(r[0] == [.bool(true), .decimal(123456789012345678901234, precision: 24, scale: 0), .string("1"), .double(1.5),
                         .double(1000), .int64(1), .double(1), .null, .string("x")])
        #expect(r[1] == [.bool(false), .decimal(1, precision: 24, scale: 0), .string("one"), .double(-0.25),
                         .double(2), .int64(2), .double(2.5), .null, .string("2024-01-02")])
    }

    @Test func missingKeysAreNullAndOrderDoesNotMatter() throws {
        let (src, r) = try readJSON("{\"b\":1,\"a\":\"x\"}\n\n{\"a\":\"y\"}\n   \n{\"c\":true,\"b\":2}\n")
        #expect(fieldList(src.schema) == ["a:string", "b:bigint", "c:boolean"])
        #expect(r == [[.string("x"), .int64(1), .null], [.string("y"), .null, .null], [.null, .int64(2), .bool(true)]])
    }

    @Test func primitivesAsString() throws {
        let (src, r) = try readJSON("{\"a\": 1, \"b\": 2.50, \"c\": true}") { $0.primitivesAsString = true }
        #expect(fieldList(src.schema) == ["a:string", "b:string", "c:string"])
        #expect(r == [[.string("1"), .string("2.50"), .string("true")]])
    }

    @Test func nestedObjectsFlatten() throws {
        let (src, r) = try readJSON("""
        {"id": 1, "user": {"name": "ann", "geo": {"lat": 1.5}}, "z": 0}
        {"id": 2, "user": {"name": "bob"}}
        """)
        #expect(fieldList(src.schema) == ["id:bigint", "user.geo.lat:double", "user.name:string", "z:bigint"])
        #expect(r == [[.int64(1), .double(1.5), .string("ann"), .int64(0)], [.int64(2), .null, .string("bob"), .null]])
    }

    @Test func objectAndScalarUnderOneKeyIsAStringColumn() throws {
        let (src, r) = try readJSON("{\"a\": {\"b\": 1}}\n{\"a\": \"text\"}\n")
        #expect(fieldList(src.schema) == ["a:string"])
        #expect(r == [[.string("{\"b\": 1}")], [.string("text")]])
    }

    @Test func nestedErrorNamesFieldAndLine() throws {
        let e = #expect(throws: DataFlowError.self) {
            _ = try readJSON("{\"a\": 1}\n{\"a\": 2, \"user\": {\"x\": 1}}\n") { $0.nested = .error }
        }
        #expect(e?.errorClass == "UNSUPPORTED_JSON_NESTED")
        #expect(e?.message.contains("`user`") == true)
        #expect(e?.message.contains("line 2") == true)
    }

    @Test func arraysOfScalars() throws {
        let (src, r) = try readJSON("""
        {"n": [1, 2, null], "d": [1, 2.5], "b": [true], "s": ["x", "\\u00e9"], "e": [], "m": [1, "a"], "c": [1]}
        {"n": null, "d": [], "b": [false, null], "s": [], "e": [], "m": [true], "c": 5}
        """)
        // Element types follow the scalar rules; an empty array is array<string>; an array and a scalar
        // under one key make a string column holding the JSON text.
        #expect(fieldList(src.schema) == ["b:array<boolean>", "c:string", "d:array<double>", "e:array<string>",
                                          "m:array<string>", "n:array<bigint>", "s:array<string>"])
        #expect(r[0] == [.array([.bool(true)]), .string("[1]"), .array([.double(1), .double(2.5)]), .array([]),
                         .array([.string("1"), .string("a")]), .array([.int64(1), .int64(2), .null]), .array([.string("x"), .string("é")])])
        #expect(r[1] == [.array([.bool(false), .null]), .string("5"), .array([]), .array([]), .array([.string("true")]), .null, .array([])])
    }

    @Test func nestedValuesInArraysAreRejectedWithFieldAndLine() throws {
        let e = #expect(throws: DataFlowError.self) { _ = try readJSON("{\"a\": 1}\n{\"a\": 2}\n{\"tags\": [1, [2]]}\n") }
        #expect(e?.errorClass == "UNSUPPORTED_JSON_ARRAY")
        #expect(e?.message.contains("`tags`") == true)
        #expect(e?.message.contains("line 3") == true)
        // With a schema that leaves the field out, the array is skipped.
        let (_, r) = try readJSON("{\"a\": 1, \"tags\": [1, [2, {\"x\": 3}]]}", schema: Schema([Field("a", .int64)]))
        #expect(r == [[.int64(1)]])
    }

    @Test func arraysUnderAUserSchema() throws {
        let schema = Schema([Field("a", .array(.int32)), Field("d", .array(.date)), Field("_corrupt_record", .string)])
        let text = "{\"a\": [1, 2], \"d\": [\"2024-01-02\", null]}\n{\"a\": [1, \"x\"]}\n{\"a\": 3}\n"
        let (_, r) = try readJSON(text, schema: schema)
        #expect(r == [[.array([.int32(1), .int32(2)]), .array([.date(days(2024, 1, 2)), .null]), .null],
                      [.null, .null, .string("{\"a\": [1, \"x\"]}")], [.null, .null, .string("{\"a\": 3}")]])
        let (_, dropped) = try readJSON(text, schema: schema) { $0.mode = .dropMalformed }
        #expect(dropped.count == 1)
    }

    @Test func samplingRatioStillInfersFromASample() throws {
        var text = ""
        for i in 0..<200 { text += "{\"a\": \(i)}\n" }
        let (src, r) = try readJSON(text) { $0.samplingRatio = 0.1 }
        #expect(fieldList(src.schema) == ["a:bigint"])
        #expect(r.count == 200)
        #expect(throws: DataFlowError.self) { _ = try readJSON(text) { try $0.set("samplingRatio", "0") } }
    }

    @Test func chunksSplitAtLinesAndInferInParallel() throws {
        var text = ""
        for i in 0..<1000 { text += i == 700 ? "{\"a\": 1.5, \"b\": \"x\"}\n" : "{\"a\": \(i)}\n" }
        let src = try JSONSource(paths: [writeTemp(text, name: "c.json")], options: JSONReadOptions(), schema: nil,
                                 chunkBytes: 512, chunkRows: 100)
        #expect(src.chunkCount >= 10)
        #expect(fieldList(src.schema) == ["a:double", "b:string"])
        let r = rows(try src.readAll())
        #expect(r.count == 1000)
        #expect(r[699] == [.double(699), .null])
        #expect(r[700] == [.double(1.5), .string("x")])
    }
}

@Suite struct JSONValueTests {
    @Test func escapesAndUnicode() throws {
        let line = #"{"s": "a\"b\\c\/d\n\t\u00e9\ud83d\ude00 é", "k\u0041": 1}"#
        let (src, r) = try readJSON(line)
        #expect(fieldList(src.schema) == ["kA:bigint", "s:string"])
        #expect(r == [[.int64(1), .string("a\"b\\c/d\n\té😀 é")]])
        // A lone surrogate becomes U+FFFD.
        let (_, r2) = try readJSON(#"{"s": "x\ud800y"}"#)
        #expect(r2 == [[.string("x\u{FFFD}y")]])
    }

    @Test func userSchemaConverts() throws {
        let schema = Schema([Field("d", .date), Field("t", .timestamp), Field("m", .decimal(precision: 10, scale: 2)),
                             Field("i", .int32), Field("x", .float64), Field("s", .string), Field("absent", .int64)])
        let (src, r) = try readJSON("""
        {"d": "2024-01-02", "t": "2024-01-02T03:04:05.123Z", "m": 12.345, "i": 7, "x": "NaN", "s": {"o": [1]}}
        {"d": null, "t": 1700000000, "m": "-1.5", "i": -2, "x": 3, "s": 12}
        """, schema: schema)
        #expect(src.schema == schema)
        var first = r[0]
        first.remove(at: 4)  // NaN: checked below (NaN != NaN)
        #expect(first == [.date(days(2024, 1, 2)), .timestamp(micros(2024, 1, 2, 3, 4, 5, 123_000)),
                          .decimal(1235, precision: 10, scale: 2), .int32(7), .string("{\"o\": [1]}"), .null])
        if case .double(let v) = r[0][4] { #expect(v.isNaN) } else { Issue.record("x is not a double") }
        #expect(r[1] == [.null, .timestamp(1_700_000_000_000_000), .decimal(-150, precision: 10, scale: 2),
                         .int32(-2), .double(3), .string("12"), .null])
    }

    @Test func nonNumericNumbers() throws {
        let (src, r) = try readJSON("{\"a\": NaN}\n{\"a\": -Infinity}\n{\"a\": 1}\n")
        #expect(fieldList(src.schema) == ["a:double"])
        #expect(r[1] == [.double(-.infinity)])
        #expect(r[2] == [.double(1)])
    }

    @Test func gzipInput() throws {
        let text = Array("{\"a\": 1}\n{\"a\": 2}\n".utf8)
        let path = writeTemp(try Gzip.compress(text), name: "x.json.gz")
        let src = try JSONSource(paths: [path], options: JSONReadOptions())
        #expect(rows(try src.readAll()) == [[.int64(1)], [.int64(2)]])
    }

    @Test func foldersAndGlobs() throws {
        let dir = makeTempDir()
        writeTemp("{\"a\": 1}\n", name: "part-0.json", dir: dir)
        writeTemp("{\"a\": 2}\n", name: "part-1.jsonl", dir: dir)
        writeTemp("ignored", name: "_SUCCESS", dir: dir)
        #expect(rows(try JSONSource(paths: [dir], options: JSONReadOptions()).readAll()) == [[.int64(1)], [.int64(2)]])
        #expect(rows(try JSONSource(paths: [dir + "/*.json"], options: JSONReadOptions()).readAll()) == [[.int64(1)]])
    }
}

@Suite struct JSONModeTests {
    static let text = "{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2, \"b\": \n{\"a\": 3, \"b\": \"z\"}\n"

    @Test func permissiveAddsCorruptRecord() throws {
        let (src, r) = try readJSON(Self.text)
        #expect(fieldList(src.schema) == ["_corrupt_record:string", "a:bigint", "b:string"])
        #expect(r == [[.null, .int64(1), .string("x")], [.string("{\"a\": 2, \"b\": "), .null, .null],
                      [.null, .int64(3), .string("z")]])
        // No malformed line, no corrupt-record column.
        let (clean, _) = try readJSON("{\"a\": 1}")
        #expect(fieldList(clean.schema) == ["a:bigint"])
    }

    @Test func dropMalformed() throws {
        let (src, r) = try readJSON(Self.text) { $0.mode = .dropMalformed }
        #expect(fieldList(src.schema) == ["a:bigint", "b:string"])
        #expect(r == [[.int64(1), .string("x")], [.int64(3), .string("z")]])
    }

    @Test func failFastNamesFileAndLine() throws {
        let e = #expect(throws: DataFlowError.self) { _ = try readJSON(Self.text) { $0.mode = .failFast } }
        #expect(e?.errorClass == "MALFORMED_RECORD")
        #expect(e?.message.contains("data.json, line 2") == true)
    }

    @Test func typeMismatchUnderUserSchema() throws {
        let schema = Schema([Field("a", .int64), Field("_corrupt_record", .string)])
        let text = "{\"a\": 1}\n{\"a\": \"x\"}\n{\"a\": 1.5}\n"
        let (_, r) = try readJSON(text, schema: schema)
        #expect(r == [[.int64(1), .null], [.null, .string("{\"a\": \"x\"}")], [.null, .string("{\"a\": 1.5}")]])
        let (_, dropped) = try readJSON(text, schema: schema) { $0.mode = .dropMalformed }
        #expect(dropped == [[.int64(1), .null]])
        let e = #expect(throws: DataFlowError.self) { _ = try readJSON(text, schema: schema) { $0.mode = .failFast } }
        #expect(e?.message.contains("line 2") == true && e?.message.contains("`a`") == true)
    }

    @Test func malformedShapes() throws {
        let bad = ["[1, 2]", "{\"a\": 01}", "{\"a\": tru}", "{\"a\": 1} x", "{\"a\": \"unterminated}", "{\"a\" 1}",
                   "{\"a\": 1,}", "{\"a\": \"\\x\"}", "{\"a\": \"\u{01}\"}", String(repeating: "{\"a\":", count: 300)]
        for line in bad {
            let e = #expect(throws: DataFlowError.self, "\(line)") {
                _ = try readJSON("{\"a\": 1}\n" + line + "\n") { $0.mode = .failFast }
            }
            #expect(e?.message.contains("line 2") == true, "\(line)")
        }
    }
}
