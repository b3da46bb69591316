import DataFlow
import Testing

/// The Swift wrappers of the string functions, over a column with a NULL and non-ASCII text. SQL
/// behaviour is checked against Spark's own answers in Fixtures/spark-functions/string.sql.
@Suite struct StringFunctionTests {
    func names() throws -> DataFrame {
        try session.createDataFrame([[.string("Alice Smith")], [.null], [.string("élan vital")]],
                                    schema: Schema([Field("s", .string)]))
    }

    /// The single result column's values.
    func values(_ c: Column) throws -> [Value] { try rows(names().select(c.alias("r"))).map { $0[0] } }

    func texts(_ c: Column) throws -> [String?] { try values(c).map(\.stringValue) }

    @Test func searchingAndPadding() throws {
        #expect(try values(instr(col("s"), "i")) == [.int32(3), .null, .int32(7)])
        #expect(try values(locate("i", col("s"), 4)) == [.int32(9), .null, .int32(7)])
        #expect(try values(contains(col("s"), "Smith")) == [.bool(true), .null, .bool(false)])
        #expect(try values(startswith(col("s"), "él")) == [.bool(false), .null, .bool(true)])
        #expect(try texts(lpad(col("s"), 7, "*-")) == ["Alice S", nil, "élan vi"])
        #expect(try texts(rpad(lit("ab"), 5, "é")) == ["abééé", "abééé", "abééé"])
        #expect(try texts(trim(col("s"), "Aéhl")) == ["ice Smit", nil, "an vita"])
        #expect(try texts(btrim(lit("  x  "))) == ["x", "x", "x"])
    }

    @Test func rewriting() throws {
        #expect(try texts(concat_ws("/", col("s"), lit("z"))) == ["Alice Smith/z", "z", "élan vital/z"])
        #expect(try texts(reverse(col("s"))) == ["htimS ecilA", nil, "lativ nalé"])
        #expect(try texts(`repeat`(lit("é"), 3)) == ["ééé", "ééé", "ééé"])
        #expect(try texts(initcap(col("s"))) == ["Alice Smith", nil, "Élan Vital"])
        #expect(try texts(translate(col("s"), "ie", "IE")) == ["AlIcE SmIth", nil, "élan vItal"])
        #expect(try texts(replace(col("s"), "l", "L")) == ["ALice Smith", nil, "éLan vitaL"])
        #expect(try values(ascii(col("s"))) == [.int32(65), .null, .int32(233)])
        #expect(try texts(chr(lit(233))) == ["é", "é", "é"])
    }

    @Test func splittingAndRegularExpressions() throws {
        #expect(try values(split(col("s"), " ")) == [.array([.string("Alice"), .string("Smith")]), .null, .array([.string("élan"), .string("vital")])])
        #expect(try values(split(lit("a1b2c"), "[0-9]", 2)) == Array(repeating: .array([.string("a"), .string("b2c")]), count: 3))
        #expect(try texts(split_part(col("s"), " ", -1)) == ["Smith", nil, "vital"])
        #expect(try texts(regexp_extract(col("s"), "(\\w+) (\\w+)", 2)) == ["Smith", nil, "vital"])
        #expect(try texts(regexp_replace(col("s"), "([aeiou])", "<$1>")) == ["Al<i>c<e> Sm<i>th", nil, "él<a>n v<i>t<a>l"])
        #expect(try values(regexp_extract_all(col("s"), "[a-z]i", 0)) == [.array([.string("li"), .string("mi")]), .null, .array([.string("vi")])])
        // A group the pattern does not have is Spark's REGEX_GROUP_INDEX error.
        #expect(errorClass { _ = try texts(regexp_extract(col("s"), "(a)", 2)) } == "INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX")
        #expect(errorClass { _ = try texts(split_part(col("s"), " ", 0)) } == "INVALID_INDEX_OF_ZERO")
    }

    @Test func formattingAndDistances() throws {
        #expect(try texts(format_string("%-6s|%05d|%.2f", col("s"), lit(42), lit(2.345))) == ["Alice Smith|00042|2.35", "null  |00042|2.35", "élan vital|00042|2.35"])
        #expect(try texts(format_number(lit(1234567.891), 2)) == Array(repeating: "1,234,567.89", count: 3))
        #expect(try texts(format_number(lit(0.125), 2)) == Array(repeating: "0.12", count: 3))
        #expect(try texts(format_number(lit(1234.5), "#,##0.000")) == Array(repeating: "1,234.500", count: 3))
        #expect(try values(levenshtein(col("s"), lit("Alice Smyth"))) == [.int32(1), .null, .int32(9)])
        #expect(try values(levenshtein(col("s"), lit("Alice Smyth"), 0)) == [.int32(-1), .null, .int32(-1)])
        #expect(try texts(soundex(col("s"))) == ["A422", nil, "élan vital"])
    }

    /// FIPS 180 and RFC 1321 test vectors, including a two-block message.
    @Test func digests() throws {
        let abc = lit("abc")
        #expect(try texts(md5(abc))[0] == "900150983cd24fb0d6963f7d28e17f72")
        #expect(try texts(sha1(abc))[0] == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(try texts(sha2(abc, 224))[0] == "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")
        #expect(try texts(sha2(abc, 256))[0] == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try texts(sha2(abc, 384))[0] == "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")
        #expect(try texts(sha2(abc, 512))[0] == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        #expect(try texts(sha2(lit("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"), 256))[0] == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(try texts(sha2(abc, 100))[0] == nil)
        #expect(try values(crc32(lit("The quick brown fox jumps over the lazy dog")))[0] == .int64(0x414FA339))
        #expect(try texts(base64(col("s"))) == ["QWxpY2UgU21pdGg=", nil, "w6lsYW4gdml0YWw="])
        #expect(try texts(unbase64(base64(col("s")))) == ["Alice Smith", nil, "élan vital"])
        // Invalid base64 fails naming the offending text and what is wrong with it.
        let bad = #expect(throws: DataFlowError.self) { try rows(session.sql("SELECT unbase64('QQ=x')")) }
        #expect(bad?.errorClass == "INVALID_PARAMETER_VALUE")
        #expect(bad?.message == "unbase64: 'QQ=x' is not valid base64: wrong 4-byte ending unit.")
    }

    /// SQL's TRIM(... FROM ...) with characters and POSITION(... IN ...) reach the same functions.
    @Test func sqlSyntax() throws {
        let r = try rows(session.sql("SELECT trim(LEADING 'xy' FROM 'xyxSparkyx'), position('b' IN 'abcb'), trim('x', 'xxSx')"))
        #expect(r == [[.string("Sparkyx"), .int32(2), .string("S")]])
    }
}
