import DataFlowColumnar
import Foundation
import Testing
@testable import DataFlowFormats

@Suite struct CSVWriterTests {
    @Test func quotingAndEscaping() throws {
        let schema = Schema([Field("s", .string), Field("n", .int32)])
        let batch = RecordBatch(schema: schema, columns: [
            .string(["plain", "a,b", "say \"hi\"", " lead", "", nil, "x\ny", "tail\\"]),
            .int32([1, -2, nil, 4, 5, 6, 7, 8]),
        ])
        let text = String(decoding: CSVWriter.format(batch, options: CSVWriteOptions(), includeHeader: true), as: UTF8.self)
        #expect(text == "s,n\nplain,1\n\"a,b\",-2\n\"say \\\"hi\\\"\",\n\" lead\",4\n\"\",5\n,6\n\"x\ny\",7\ntail\\,8\n")
        var o = CSVWriteOptions()
        o.quoteAll = true
        o.escape = UInt8(ascii: "\"")
        o.nullValue = "NULL"
        let t2 = String(decoding: CSVWriter.format(batch.slice(1, 2), options: o, includeHeader: false), as: UTF8.self)
        #expect(t2 == "\"a,b\",\"-2\"\n\"say \"\"hi\"\"\",NULL\n")
    }

    @Test func manyBatchesAreWrittenInOrder() throws {
        // More batches than the writer formats at once (they are formatted in parallel, written in order).
        let schema = Schema([Field("n", .int32), Field("s", .string)])
        let batches = (0..<70).map { b in
            RecordBatch(schema: schema, columns: [.int32((0..<3).map { Int32(b * 3 + $0) }), .string((0..<3).map { "r\(b * 3 + $0)" })])
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dataflow-order-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var o = CSVWriteOptions()
        o.header = true
        try CSVWriter.write(batches, schema: schema, to: path, options: o)
        let want = "n,s\n" + (0..<210).map { "\($0),r\($0)\n" }.joined()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == want)
    }

    @Test func rfc4180FieldQuotesOnlyWhatNeedsIt() {
        #expect(CSVWriter.rfc4180Field("plain") == "plain")
        #expect(CSVWriter.rfc4180Field(" lead") == " lead")
        #expect(CSVWriter.rfc4180Field("a,b") == "\"a,b\"")
        #expect(CSVWriter.rfc4180Field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.rfc4180Field("back\\slash") == "back\\slash")
        #expect(CSVWriter.rfc4180Field("cr\r\nlf") == "\"cr\r\nlf\"")
        #expect(CSVWriter.rfc4180Field("") == "")
    }

    @Test func typedValuesUseSparkFormats() throws {
        let schema = Schema([Field("d", .float64), Field("b", .boolean), Field("dt", .date), Field("ts", .timestamp),
                             Field("dec", .decimal(precision: 10, scale: 2))])
        let batch = RecordBatch(schema: schema, columns: [
            .float64([1.0, 1e20]), .boolean([true, false]), .date([days(2024, 2, 29), days(1969, 12, 31)]),
            .timestamp([micros(2024, 1, 2, 3, 4, 5, 678_000), micros(1970, 1, 1)]),
            .decimal([12345, -5], precision: 10, scale: 2),
        ])
        let text = String(decoding: CSVWriter.format(batch, options: CSVWriteOptions(), includeHeader: false), as: UTF8.self)
        #expect(text == "1.0,true,2024-02-29,2024-01-02T03:04:05.678Z,123.45\n1.0E20,false,1969-12-31,1970-01-01T00:00:00.000Z,-0.05\n")
        var o = CSVWriteOptions()
        try o.set("dateFormat", "dd/MM/yyyy")
        try o.set("timestampFormat", "yyyy-MM-dd HH:mm")
        try o.set("sep", ";")
        let t2 = String(decoding: CSVWriter.format(batch.slice(0, 1), options: o, includeHeader: false), as: UTF8.self)
        #expect(t2 == "1.0;true;29/02/2024;2024-01-02 03:04;123.45\n")
    }

    @Test func roundTrip() throws {
        let schema = Schema([Field("i", .int32), Field("l", .int64), Field("d", .float64), Field("b", .boolean),
                             Field("s", .string), Field("dt", .date), Field("ts", .timestamp),
                             Field("dec", .decimal(precision: 10, scale: 2))])
        let batch = RecordBatch(schema: schema, columns: [
            .int32([1, nil, -3]), .int64([Int64.max, 0, nil]), .float64([0.1, nil, -2.5e-10]), .boolean([true, false, nil]),
            .string(["a,b", "multi\nline \"q\" \\", nil]), .date([days(2024, 1, 1), nil, days(1900, 3, 1)]),
            .timestamp([micros(2024, 5, 6, 7, 8, 9, 123_000), nil, micros(1960, 1, 1)]),
            .decimal([100, nil, -99999], precision: 10, scale: 2),
        ])
        let path = makeTempDir() + "/out.csv"
        var w = CSVWriteOptions()
        #expect(w.header == false)  // Spark's default
        w.header = true
        try CSVWriter.write([batch, batch.slice(0, 1)], schema: schema, to: path, options: w)
        var o = CSVReadOptions()
        o.header = true
        o.multiLine = true
        o.mode = .failFast
        let back = try CSVSource(paths: [path], options: o, schema: schema)
        #expect(rows(try back.readAll()) == batch.rows + batch.slice(0, 1).rows)
        // And with inference: the same types come back.
        o.inferSchema = true
        let inferred = try CSVSource(paths: [path], options: o)
        #expect(inferred.schema.fields.map(\.type) == [.int32, .int64, .float64, .boolean, .string, .date, .timestamp, .float64])
    }
}
