import DataFlowColumnar
import Foundation
import Testing
@testable import DataFlowFormats

@Suite struct JSONWriterTests {
    static let schema = Schema([Field("id", .int64), Field("name", .string), Field("score", .float64), Field("ok", .boolean),
                                Field("price", .decimal(precision: 10, scale: 2)), Field("day", .date), Field("at", .timestamp),
                                Field("n", .int32)])
    static func batch() -> RecordBatch {
        RecordBatch(schema: schema, columns: [
            .int64([1, 2, 3]),
            .string(["a\"b\\c\n\u{01}é", nil, ""]),
            .float64([1.5, .nan, 1e20]),
            .boolean([true, false, nil]),
            .decimal([12345, -5, nil], precision: 10, scale: 2),
            .date([days(2024, 1, 2), nil, days(1969, 12, 31)]),
            .timestamp([micros(2024, 1, 2, 3, 4, 5, 678_900), nil, -1]),
            .int32([nil, -7, 0]),
        ])
    }

    @Test func byteExactOutput() throws {
        let text = String(decoding: JSONWriter.format(Self.batch()), as: UTF8.self)
        #expect(text == """
        {"id":1,"name":"a\\"b\\\\c\\n\\u0001é","score":1.5,"ok":true,"price":123.45,"day":"2024-01-02","at":"2024-01-02T03:04:05.678Z"}
        {"id":2,"score":"NaN","ok":false,"price":-0.05,"n":-7}
        {"id":3,"name":"","score":1.0E20,"day":"1969-12-31","at":"1969-12-31T23:59:59.999Z","n":0}

        """)
    }

    @Test func arraysAreWrittenAsJSONArrays() throws {
        let a = Column.array(offsets: [0, 2, 2, 3], elements: .string(["x", nil, "é\""]), validity: nil)
        let b = RecordBatch(schema: Schema([Field("a", .array(.string))]), columns: [a])
        #expect(String(decoding: JSONWriter.format(b), as: UTF8.self) == "{\"a\":[\"x\",null]}\n{\"a\":[]}\n{\"a\":[\"é\\\"\"]}\n")
    }

    @Test func keepsNullFieldsWhenAsked() throws {
        var o = JSONWriteOptions()
        try o.set("ignoreNullFields", "false")
        let b = RecordBatch(schema: Schema([Field("a", .int64), Field("b", .string)]), columns: [.int64([nil]), .string([nil])])
        #expect(String(decoding: JSONWriter.format(b, options: o), as: UTF8.self) == "{\"a\":null,\"b\":null}\n")
    }

    @Test func roundTripThroughTheReaderWithGzip() throws {
        var o = JSONWriteOptions()
        try o.set("compression", "gzip")
        let path = makeTempDir() + "/out.json.gz"
        try JSONWriter.write([Self.batch()], schema: Self.schema, to: path, options: o)
        let raw = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(raw.prefix(2) == Data([0x1f, 0x8b]))
        let src = try JSONSource(paths: [path], options: JSONReadOptions(), schema: Self.schema)
        let back = rows(try src.readAll())
        let orig = Self.batch().rows
        #expect(back.count == 3)
        for (a, b) in zip(back, orig) {
            for (x, y) in zip(a, b) {
                if case .double(let d) = y, d.isNaN { if case .double(let e) = x { #expect(e.isNaN) } else { Issue.record("\(x)") }; continue }
                // Timestamps keep milliseconds only (Spark's default output pattern).
                if case .timestamp(let t) = y, case .timestamp(let u) = x { #expect(u == t - t % 1000 - (t % 1000 < 0 ? 1000 : 0)); continue }
                #expect(x == y)
            }
        }
    }
}
