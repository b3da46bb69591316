import DataFlowColumnar
import Foundation
import Testing
@testable import DataFlowFormats

@Suite struct CSVReaderTests {
    @Test func noHeaderGivesStringColumnsNamedByPosition() throws {
        let (src, r) = try readCSV("1,a\n2,b\n")
        #expect(src.schema == Schema([Field("_c0", .string), Field("_c1", .string)]))
        #expect(r == [[.string("1"), .string("a")], [.string("2"), .string("b")]])
    }

    @Test func headerNamesAreDeduplicatedLikeSpark() throws {
        let (src, r) = try readCSV("a,A,,b\n1,2,3,4\n") { $0.header = true }
        #expect(src.schema.names == ["a0", "A1", "_c2", "b"])
        #expect(r.count == 1)
    }

    @Test func headerNamesOfAFileReadOnlyTheHeader() throws {
        #expect(try CSVSource.headerNames(ofFile: writeTemp("\u{FEFF}\n\"a,b\",\"say \"\"x\"\"\",c\n1,2,3\n")) == ["a,b", "say \"x\"", "c"])
        #expect(try CSVSource.headerNames(ofFile: writeTemp("a,A,,b\n1,2,3,4\n")) == ["a0", "A1", "_c2", "b"])
        #expect(try CSVSource.headerNames(ofFile: writeTemp("")) == [])
        // A header longer than the first read.
        let long = (0..<20_000).map { "column\($0)" }
        #expect(try CSVSource.headerNames(ofFile: writeTemp(long.joined(separator: ",") + "\n1\n")) == long)
        #expect(try CSVSource.headerNames(ofFile: writeTemp(long.joined(separator: ","))) == long)
    }

    @Test func infersEachType() throws {
        let text = """
        i,l,d,b,dt,ts,s,n,dec
        1,3000000000,1.5,true,2024-01-31,2024-01-31 10:20:30,x,,12345678901234567890
        -2,4,2,FALSE,2023-12-01,2024-02-01T00:00:00Z,y,,1

        """
        let (src, r) = try readCSV(text) { $0.header = true; $0.inferSchema = true }
        #expect(src.schema.fields.map(\.type) == [.int32, .int64, .float64, .boolean, .date, .timestamp, .string, .string,
                                                   .decimal(precision: 20, scale: 0)])
        #expect(r[0] == [.int32(1), .int64(3_000_000_000), .double(1.5), .bool(true), .date(days(2024, 1, 31)),
                         .timestamp(micros(2024, 1, 31, 10, 20, 30)), .string("x"), .null,
                         .decimal(12345678901234567890, precision: 20, scale: 0)])
        #expect(r[1] == [.int32(-2), .int64(4), .double(2), .bool(false), .date(days(2023, 12, 1)),
                         .timestamp(micros(2024, 2, 1)), .string("y"), .null, .decimal(1, precision: 20, scale: 0)])
    }

    @Test func inferenceWidensLikeSpark() throws {
        // int+bigint → bigint; int+double → double; date+timestamp → string; int+bool → string; NaN is a double.
        let text = "a,b,c,d,e\n1,1,2024-01-01,1,NaN\n9999999999,2.5,2024-01-01 00:00:00,true,1\n"
        let (src, _) = try readCSV(text) { $0.header = true; $0.inferSchema = true }
        #expect(src.schema.fields.map(\.type) == [.int64, .float64, .string, .string, .float64])
    }

    @Test func customDelimiterAndTab() throws {
        let (_, r) = try readCSV("1;x y\n") { try $0.set("sep", ";") }
        #expect(r == [[.string("1"), .string("x y")]])
        let (_, t) = try readCSV("1\t2\n") { try $0.set("delimiter", "\\t"); $0.inferSchema = true }
        #expect(t == [[.int32(1), .int32(2)]])
    }

    @Test func quotedFieldsWithDelimiterDoubledQuotesAndBackslashEscape() throws {
        let (_, r) = try readCSV("a,\"b,c\",\"say \"\"hi\"\"\",\"back\\\"slash\",\"end\\\\\"\n")
        #expect(r == [[.string("a"), .string("b,c"), .string("say \"hi\""), .string("back\"slash"), .string("end\\")]])
    }

    @Test func multiLineKeepsQuotedNewlines() throws {
        let text = "id,txt\n1,\"line1\nline2\"\n2,\"x\r\ny\"\n3,z\n"
        let (_, r) = try readCSV(text) { $0.header = true; $0.multiLine = true; $0.inferSchema = true }
        #expect(r == [[.int32(1), .string("line1\nline2")], [.int32(2), .string("x\r\ny")], [.int32(3), .string("z")]])
        // Without multiLine a record ends at the line break: no crash, the broken pieces are malformed rows.
        let (_, r2) = try readCSV(text) { $0.header = true; $0.mode = .dropMalformed }
        #expect(r2 == [[.string("3"), .string("z")]])
    }

    @Test func nullValueAndEmptyStrings() throws {
        // Default: an empty field and a quoted empty string are both null (nullValue "" = emptyValue "").
        let (_, d) = try readCSV("a,,\"\"\n")
        #expect(d == [[.string("a"), .null, .null]])
        let (_, r) = try readCSV("a,NA,\"\",\n") { $0.nullValue = "NA" }
        #expect(r == [[.string("a"), .null, .string(""), .null]])
        let (_, n) = try readCSV("1,NA\n", schema: Schema([Field("x", .int32), Field("y", .float64)])) { $0.nullValue = "NA" }
        #expect(n == [[.int32(1), .null]])
        let (_, e) = try readCSV("\"\",x\n") { $0.emptyValue = "EMPTY" }
        #expect(e == [[.string("EMPTY"), .string("x")]])
    }

    @Test func commentsBlankLinesCRLFAndBOM() throws {
        let text = "\u{FEFF}h1,h2\r\n# comment\r\n1,2\r\n\r\n\n3,4\r\n"
        let (src, r) = try readCSV(text) { $0.header = true; $0.inferSchema = true; $0.comment = UInt8(ascii: "#") }
        #expect(src.schema.names == ["h1", "h2"])
        #expect(r == [[.int32(1), .int32(2)], [.int32(3), .int32(4)]])
    }

    @Test func whitespaceOptions() throws {
        let (_, r) = try readCSV("  a  , \"b\" \n") {
            $0.ignoreLeadingWhiteSpace = true; $0.ignoreTrailingWhiteSpace = true
        }
        #expect(r == [[.string("a"), .string("b")]])
        let (_, k) = try readCSV(" a ,b\n")
        #expect(k == [[.string(" a "), .string("b")]])
    }

    @Test func gzipInputFromFixtureAndFromZlib() throws {
        let url = try #require(Bundle.module.url(forResource: "people.csv", withExtension: "gz", subdirectory: "Fixtures"))
        var o = CSVReadOptions()
        o.header = true
        o.inferSchema = true
        let src = try CSVSource(paths: [url.path], options: o)
        #expect(src.schema.fields.map(\.type) == [.int32, .string, .float64])
        let expected: [[Value]] = [[.int32(1), .string("alice"), .double(3.5)], [.int32(2), .string("bob, jr"), .double(4)],
                                   [.int32(3), .null, .null]]
        #expect(rows(try src.readAll()) == expected)
        let plain = try #require(Bundle.module.url(forResource: "people", withExtension: "csv", subdirectory: "Fixtures"))
        #expect(rows(try CSVSource(paths: [plain.path], options: o).readAll()) == expected)

        // Gzip magic is detected even without a .gz name.
        let gz = try Gzip.compress(Array("x,y\n1,2\n".utf8))
        let path = writeTemp(gz, name: "packed.csv")
        let s2 = try CSVSource(paths: [path], options: o)
        #expect(rows(try s2.readAll()) == [[.int32(1), .int32(2)]])
    }

    @Test func malformedRowsInEachMode() throws {
        let text = "a,b\n1,2\nx,3\n4\n5,6,7\n8,9\n"
        let schema = Schema([Field("a", .int32), Field("b", .int32)])
        let (src, p) = try readCSV(text, schema: schema) { $0.header = true; $0.columnNameOfCorruptRecord = "_corrupt" }
        #expect(src.schema.names == ["a", "b", "_corrupt"])
        #expect(p == [[.int32(1), .int32(2), .null], [.null, .int32(3), .string("x,3")], [.int32(4), .null, .string("4")],
                      [.int32(5), .int32(6), .string("5,6,7")], [.int32(8), .int32(9), .null]])

        let (_, perm) = try readCSV(text, schema: schema) { $0.header = true }
        #expect(perm.count == 5 && perm[1] == [.null, .int32(3)])

        let (_, d) = try readCSV(text, schema: schema) { $0.header = true; $0.mode = .dropMalformed }
        #expect(d == [[.int32(1), .int32(2)], [.int32(8), .int32(9)]])

        var o = CSVReadOptions()
        o.header = true
        o.mode = .failFast
        let path = writeTemp(text)
        let s = try CSVSource(paths: [path], options: o, schema: schema)
        do {
            _ = try s.readAll()
            Issue.record("FAILFAST did not throw")
        } catch let e as DataFlowError {
            #expect(e.errorClass == "MALFORMED_RECORD")
            #expect(e.message.contains(path))
            #expect(e.message.contains("line 3"))
            #expect(e.message.contains("column 1 (a)"))
            #expect(e.message.contains("'x'"))
            #expect(e.message.contains("int"))
        }
        let s2 = try CSVSource(paths: [writeTemp("a,b\n1,2\n\n4\n")], options: o, schema: schema)
        #expect(throws: DataFlowError.self) { try s2.readAll() }
        do { _ = try s2.readAll() } catch let e as DataFlowError {
            #expect(e.message.contains("line 4") && e.message.contains("expected 2 fields but found 1"))
        }
    }

    @Test func unterminatedQuoteAtEndOfFile() throws {
        let (_, r) = try readCSV("a,\"open\nmore", schema: Schema([Field("x", .string), Field("y", .string)])) {
            $0.multiLine = true; $0.columnNameOfCorruptRecord = "bad"
        }
        #expect(r == [[.string("a"), .string("open\nmore"), .string("a,\"open\nmore")]])
        #expect(throws: DataFlowError.self) {
            _ = try readCSV("a,\"open\n") { $0.multiLine = true; $0.mode = .failFast }
        }
    }

    @Test func dateAndTimestampFormats() throws {
        let text = "d,t\n31/01/2024,2024/01/31 10:20\n01/02/2023,2023/02/01 00:00\n"
        let (src, r) = try readCSV(text) {
            $0.header = true; $0.inferSchema = true
            try $0.set("dateFormat", "dd/MM/yyyy"); try $0.set("timestampFormat", "yyyy/MM/dd HH:mm")
        }
        #expect(src.schema.fields.map(\.type) == [.date, .timestamp])
        #expect(r == [[.date(days(2024, 1, 31)), .timestamp(micros(2024, 1, 31, 10, 20))],
                      [.date(days(2023, 2, 1)), .timestamp(micros(2023, 2, 1))]])
    }

    @Test func emptyFiles() throws {
        let (src, r) = try readCSV("") { $0.header = true; $0.inferSchema = true }
        #expect(src.schema.count == 0 && src.chunkCount == 0 && r.isEmpty)
        let (s2, r2) = try readCSV("\n\n")
        #expect(s2.schema.count == 0 && r2.isEmpty)
        let (s3, r3) = try readCSV("a,b\n") { $0.header = true }
        #expect(s3.schema.names == ["a", "b"] && r3.isEmpty)
    }

    @Test func missingFileAndBadOptions() throws {
        do {
            _ = try CSVSource(paths: ["/no/such/file.csv"], options: CSVReadOptions())
            Issue.record("no error")
        } catch let e as DataFlowError {
            #expect(e.errorClass == "PATH_NOT_FOUND")
            #expect(e.message == "Path does not exist: /no/such/file.csv")
        }
        var o = CSVReadOptions()
        #expect(throws: DataFlowError.self) { try o.set("noSuchOption", "1") }
        #expect(throws: DataFlowError.self) { try o.set("header", "maybe") }
        #expect(throws: DataFlowError.self) { try o.set("encoding", "ISO-8859-1") }
        #expect(throws: DataFlowError.self) { try o.set("sep", "ab") }
        try o.set("MODE", "dropmalformed")
        try o.set("inferSchema", "TRUE")
        try o.set("quote", "'")
        #expect(o.mode == .dropMalformed && o.inferSchema && o.quote == UInt8(ascii: "'"))
        o.encoding = "latin1"
        #expect(throws: DataFlowError.self) { _ = try CSVSource(paths: [writeTemp("a\n")], options: o) }
    }

    @Test func projectionConvertsOnlyRequestedColumns() throws {
        var o = CSVReadOptions()
        o.header = true
        o.inferSchema = true
        o.mode = .failFast
        let src = try CSVSource(paths: [writeTemp("a,b,c\n1,x,2.5\n2,y,3\n")], options: o,
                                schema: Schema([Field("a", .int32), Field("b", .int32), Field("c", .float64)]))
        // Column b holds text that would fail as int, but it is not projected.
        let batch = try src.readChunk(0, columns: [2, 0])
        #expect(batch.schema.names == ["c", "a"])
        #expect(batch.rows == [[.double(2.5), .int32(1)], [.double(3), .int32(2)]])
        #expect(throws: DataFlowError.self) { try src.readChunk(0, columns: [5]) }
    }

    @Test func decimalWithExplicitSchema() throws {
        let schema = Schema([Field("p", .decimal(precision: 10, scale: 2)), Field("q", .decimal(precision: 38, scale: 4))])
        let (_, r) = try readCSV("12.345,-1.5\n1e2,123456789012345678901234567890.1234\n99999999999,0\n", schema: schema)
        #expect(r == [[.decimal(1235, precision: 10, scale: 2), .decimal(-15000, precision: 38, scale: 4)],
                      [.decimal(10000, precision: 10, scale: 2),
                       .decimal(1234567890123456789012345678901234, precision: 38, scale: 4)],
                      [.null, .decimal(0, precision: 38, scale: 4)]])
    }

    @Test func numbersParseExactly() throws {
        let schema = Schema([Field("d", .float64), Field("l", .int64)])
        let (_, r) = try readCSV("0.1,9223372036854775807\n-1.25e-3,-9223372036854775808\n3.141592653589793238,+7\n1e400,0\n-Infinity,00012\n", schema: schema)
        #expect(r == [[.double(0.1), .int64(Int64.max)], [.double(-1.25e-3), .int64(Int64.min)],
                      [.double(3.141592653589793), .int64(7)], [.double(.infinity), .int64(0)],
                      [.double(-.infinity), .int64(12)]])
        let (_, bad) = try readCSV("1.2.3,9223372036854775808\n", schema: schema)
        #expect(bad == [[.null, .null]])
    }

    @Test func directoriesAndGlobs() throws {
        let dir = makeTempDir()
        writeTemp("a\n1\n", name: "part-0.csv", dir: dir)
        writeTemp(try Gzip.compress(Array("a\n2\n".utf8)), name: "part-1.csv.gz", dir: dir)
        writeTemp("a\n99\n", name: "_ignored.csv", dir: dir)
        writeTemp("a\n98\n", name: ".hidden.csv", dir: dir)
        var o = CSVReadOptions()
        o.header = true
        o.inferSchema = true
        #expect(rows(try CSVSource(paths: [dir], options: o).readAll()) == [[.int32(1)], [.int32(2)]])
        #expect(rows(try CSVSource(paths: [dir + "/part-*"], options: o).readAll()) == [[.int32(1)], [.int32(2)]])
        #expect(throws: DataFlowError.self) { _ = try CSVSource(paths: [dir + "/nothing-*.csv"], options: o) }
    }
}
