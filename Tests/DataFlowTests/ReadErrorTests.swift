import DataFlow
import Foundation
import Testing

/// Bad input through the public read API: a clear error naming what and where, never a crash.
@Suite struct ReadErrorTests {
    func write(_ text: String, _ name: String = "t.csv") throws -> String {
        let p = tempPath(name)
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    @Test func missingFile() {
        let e = dataFlowError { _ = try session.read.csv("/nonexistent/ratings.csv", header: true) }
        #expect(e?.errorClass == "PATH_NOT_FOUND")
        #expect(e?.message.contains("/nonexistent/ratings.csv") == true)
    }

    @Test func failFastNamesFileLineAndColumn() throws {
        let p = try write("a,b\n1,2\n3,x\n")
        let df = try session.read.option("mode", "FAILFAST").schema("a INT, b INT").csv(p, header: true)
        let e = dataFlowError { _ = try df.collect() }
        #expect(e?.errorClass == "MALFORMED_RECORD")
        #expect(e?.message.contains(p) == true)
        #expect(e?.message.contains("line 3") == true)
        #expect(e?.message.contains("(b)") == true)
    }

    @Test func permissiveAndDropMalformed() throws {
        let p = try write("a,b\n1,2\n3,x\n5\n")
        let perm = try session.read.schema("a INT, b INT").csv(p, header: true)
        #expect(try rows(perm) == [[.int32(1), .int32(2)], [.int32(3), .null], [.int32(5), .null]])
        let drop = try session.read.option("mode", "DROPMALFORMED").schema("a INT, b INT").csv(p, header: true)
        #expect(try rows(drop) == [[.int32(1), .int32(2)]])
        let corrupt = try session.read.option("columnNameOfCorruptRecord", "_bad")
            .schema("a INT, b INT, _bad STRING").csv(p, header: true)
        #expect(try rows(corrupt.select("_bad")) == [[.null], [.string("3,x")], [.string("5")]])
    }

    @Test func projectionParsesOnlyNeededColumns() throws {
        // Column b is malformed, but a query that reads only a never converts it.
        let p = try write("a,b\n1,x\n2,y\n")
        let df = try session.read.option("mode", "FAILFAST").schema("a INT, b INT").csv(p, header: true)
        #expect(try rows(df.select("a")) == [[.int32(1)], [.int32(2)]])
        #expect(errorClass { _ = try df.select("b").collect() } == "MALFORMED_RECORD")
    }

    @Test func badOptionsAndSchemas() throws {
        #expect(errorClass { _ = try session.read.option("mode", "SOMETIMES").csv(try write("a\n1\n")) } != nil)
        #expect(errorClass { _ = try session.read.schema("a INTEGR") } == "UNSUPPORTED_DATATYPE")
        #expect(errorClass { _ = try session.read.schema("justaname") } == "PARSE_SYNTAX_ERROR")
    }

    @Test func invalidExpressionsReportAtAnalysis() throws {
        let df = session.range(3)
        let e = dataFlowError { _ = try df.select(col("id").cast("integr")).collect() }
        #expect(e?.errorClass == "INVALID_EXPRESSION")
        #expect(e?.message.contains("unknown type 'integr'") == true)
        #expect(errorClass { _ = try df.select(col("id").otherwise(1)).collect() } == "INVALID_EXPRESSION")
        #expect(try rows(df.select(col("id").cast("string"))) == [[.string("0")], [.string("1")], [.string("2")]])
    }

    @Test func emptyCSVFile() throws {
        let p = try write("")
        let df = try session.read.csv(p, header: true, inferSchema: true)
        #expect(try df.count() == 0)
    }

    @Test func inferredTypesAndGzip() throws {
        let p = try write("id,score,day,name\n1,2.5,2024-01-31,\"Smith, J\"\n2,,2024-02-29,O'Hara\n")
        let df = try session.read.csv(p, header: true, inferSchema: true)
        #expect(try df.dtypes.map(\.1) == ["int", "double", "date", "string"])
        #expect(try rows(df.select(col("name"))) == [[.string("Smith, J")], [.string("O'Hara")]])
        #expect(try rows(df.agg(sum("score"), max(col("day")))) == [[.double(2.5), .date(DateTime_days(2024, 2, 29))]])
    }
}

/// Days since epoch, for expected values (the engine's DateTime is not re-exported).
func DateTime_days(_ y: Int, _ m: Int, _ d: Int) -> Int32 {
    var c = DateComponents()
    c.year = y; c.month = m; c.day = d
    c.timeZone = TimeZone(identifier: "UTC")
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = TimeZone(identifier: "UTC")!
    return Int32(cal.date(from: c)!.timeIntervalSince1970 / 86_400)
}

@Suite struct SmallFixTests {
    @Test func rangeStepZeroIsAnError() {
        #expect(errorClass { _ = try session.range(5, 0, step: 0).collect() } == "INVALID_ARGUMENT")
        #expect(errorClass { _ = try session.range(0, 5, step: 0).count() } == "INVALID_ARGUMENT")
    }

    @Test func varianceKeepsSparksName() throws {
        let df = session.range(4).select(variance(col("id")), stddev(col("id")))
        #expect(try df.columns == ["variance(id)", "stddev(id)"])
    }

    @Test func constantFalseFilterFoldsAway() throws {
        let df = session.range(10).filter(lit(1) > 2)
        #expect(try df.count() == 0)
        let plan = try session.range(10).filter(lit(1) < 2).explainString()
        let optimized = plan.components(separatedBy: "== Optimized Logical Plan ==")[1]
        #expect(!optimized.contains("Filter"))
    }
}

@Suite struct PercentileTests {
    let df: DataFrame
    init() throws {
        df = try session.createDataFrame([[.int32(1)], [.int32(2)], [.int32(3)], [.int32(4)], [.null]], schema: Schema([Field("x", .int32)]))
    }

    @Test func exactAndApprox() throws {
        let r = try df.agg(percentile(col("x"), 0.25), percentile_approx(col("x"), 0.5), percentile_approx(col("x"), 0.75), median(col("x"))).collect()[0]
        #expect(r.values == [.double(1.75), .int32(2), .int32(3), .double(2.5)])
    }

    @Test func summaryHasQuartiles() throws {
        // Spark: summary() on 1, 2, 3, 4 (and a NULL) gives 25% = 1, 50% = 2, 75% = 3.
        let rows = try df.summary().collect().map { ($0.string(0) ?? "", $0.string(1)) }
        let d = Dictionary(uniqueKeysWithValues: rows.map { ($0.0, $0.1) })
        #expect(d["count"] == "4")
        #expect(d["25%"] == "1" && d["50%"] == "2" && d["75%"] == "3")
        #expect(d["min"] == "1" && d["max"] == "4")
    }

    @Test func badPercentages() {
        #expect(errorClass { _ = try df.agg(percentile(col("x"), 1.5)).collect() } == "INVALID_PARAMETER_VALUE")
        #expect(errorClass { _ = try df.agg(Column(.aggregate("percentile", [.column("x"), .column("x")]))).collect() } == "NON_FOLDABLE_ARGUMENT")
    }
}

@Suite struct GarbageInputTests {
    /// Random bytes (with some quotes, commas and newlines mixed in) read as CSV in every mode: rows or a
    /// DataFlowError, never a crash or a hang.
    @Test(arguments: ["PERMISSIVE", "DROPMALFORMED", "FAILFAST"]) func randomBytes(mode: String) throws {
        var state: UInt64 = 0x1234_5678
        var bytes = [UInt8](repeating: 0, count: 200_000)
        let specials: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\\")]
        for i in 0..<bytes.count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let r = UInt8(truncatingIfNeeded: state >> 56)
            bytes[i] = r < 40 ? specials[Int(r) % specials.count] : r
        }
        let p = tempPath("garbage.csv")
        try Data(bytes).write(to: URL(fileURLWithPath: p))
        for multiLine in [false, true] {
            do {
                let df = try session.read.option("mode", mode).option("multiLine", multiLine).option("inferSchema", true).csv(p, header: true)
                _ = try df.count()
                _ = try df.collect()
            } catch is DataFlowError {
                // A clear error is fine.
            }
        }
    }
}
