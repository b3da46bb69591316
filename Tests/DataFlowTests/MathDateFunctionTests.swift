import DataFlow
import Foundation
import Testing

/// The Swift wrappers of the math, conditional and datetime functions (the Spark fixtures check the SQL
/// forms in bulk), seeded random numbers against Spark's, and time-window grouping.
@Suite struct MathDateFunctionTests {
    let s = Session(threads: 1)

    func one(_ df: DataFrame) throws -> Value { try df.collect()[0].values[0] }
    /// Typed literals through SQL (NULL if the text is not valid, which then fails the comparison).
    func ts(_ text: String) -> Value { (try? one(s.sql("SELECT TIMESTAMP '\(text)'"))) ?? .null }
    func date(_ text: String) -> Value { (try? one(s.sql("SELECT DATE '\(text)'"))) ?? .null }

    @Test func mathWrappers() throws {
        let df = try s.createDataFrame([[.double(-8), .int32(-7), .int32(3)]],
                                       schema: Schema([Field("x", .float64), Field("a", .int32), Field("b", .int32)]))
        #expect(try one(df.select(signum(col("x")))) == .double(-1))
        #expect(try one(df.select(cbrt(col("x")))) == .double(-2))
        #expect(try one(df.select(log(2, lit(1024.0)))) == .double(10))
        #expect(try one(df.select(ln(col("x")))) == .null)   // NULL at or below the asymptote
        #expect(try one(df.select(pmod(col("a"), col("b")))) == .int32(2))
        #expect(try one(df.select(col("a") % col("b"))) == .int32(-1))
        #expect(try one(df.select(hypot(lit(3.0), lit(4.0)))) == .double(5))
        #expect(try one(df.select(factorial(lit(5)))) == .int64(120))
        #expect(try one(df.select(hex(lit(255)))) == .string("FF"))
        #expect(try one(df.select(width_bucket(lit(5.3), 0.2, 10.6, 5))) == .int64(3))
        #expect(errorClass { _ = try df.select(pmod(col("a"), lit(0))).collect() } == "REMAINDER_BY_ZERO")
        #expect(try one(df.select(try_add(lit(Int32.max), lit(Int32(1))))) == .null)
    }

    @Test func seededRandomMatchesSpark() throws {
        // Spark 4.3, local[1]: SELECT rand(42), randn(42), and rand(7) over four rows.
        #expect(try one(s.range(1).select(rand(42))) == .double(0.619189370225301))
        #expect(try one(s.range(1).select(randn(42))) == .double(2.384479054241165))
        let four = try s.range(4).select(rand(7)).collect().map { $0.values[0].doubleValue ?? -1 }
        #expect(four == [0.28188121484885875, 0.45998819035056326, 0.7690971666031955, 0.6631414615273216])
        // Unseeded: in [0, 1).
        let r = try s.range(100).select(rand().as("r")).collect().compactMap { $0.values[0].doubleValue }
        #expect(r.count == 100 && r.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    @Test func conditionalWrappers() throws {
        let df = try s.createDataFrame([[.int32(1), .null], [.null, .int32(5)], [.int32(3), .int32(2)]],
                                       schema: Schema([Field("x", .int32), Field("y", .int32)]))
        #expect(try df.select(greatest(col("x"), col("y"))).collect().map { $0.values[0] } == [.int32(1), .int32(5), .int32(3)])
        #expect(try df.select(least(col("x"), col("y"))).collect().map { $0.values[0] } == [.int32(1), .int32(5), .int32(2)])
        #expect(try df.select(nvl2(col("x"), lit("yes"), lit("no"))).collect().map { $0.values[0] }
                == [.string("yes"), .string("no"), .string("yes")])
        #expect(try df.select(nvl(col("y"), lit(0))).collect().map { $0.values[0] } == [.int32(0), .int32(5), .int32(2)])
        #expect(try df.select(nullif(col("x"), lit(3))).collect().map { $0.values[0] } == [.int32(1), .null, .null])
        #expect(try df.select(isnull(col("x"))).collect().map { $0.values[0] } == [.bool(false), .bool(true), .bool(false)])
        #expect(try df.select(col("x").cast(.string).tryCast(.int32)).collect().map { $0.values[0] } == [.int32(1), .null, .int32(3)])
    }

    @Test func dateWrappers() throws {
        let df = try s.createDataFrame([[ts("2016-04-08 13:05:09.123456"), .string("31/12/2016 11:30 PM")]],
                                       schema: Schema([Field("ts", .timestamp), Field("text", .string)]))
        #expect(try one(df.select(date_format(col("ts"), "EEEE, MMMM d yyyy h:mm a"))) == .string("Friday, April 8 2016 1:05 PM"))
        #expect(try one(df.select(date_format(col("ts"), "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"))) == .string("2016-04-08T13:05:09.123Z"))
        let parsed = try one(df.select(to_timestamp(col("text"), "dd/MM/yyyy hh:mm a")))
        #expect(parsed == ts("2016-12-31 23:30:00"))
        #expect(try one(df.select(date_trunc("hour", col("ts")))) == ts("2016-04-08 13:00:00"))
        #expect(try one(df.select(trunc(col("ts"), "quarter"))) == date("2016-04-01"))
        #expect(try one(df.select(next_day(col("ts"), "Mon"))) == date("2016-04-11"))
        #expect(try one(df.select(last_day(col("ts")))) == date("2016-04-30"))
        #expect(try one(df.select(unix_timestamp(lit("1970-01-02"), "yyyy-MM-dd"))) == .int64(86_400))
        #expect(try one(df.select(from_unixtime(lit(Int64(86_399))))) == .string("1970-01-01 23:59:59"))
        #expect(try one(df.select(make_date(lit(2020), lit(2), lit(29)))) == date("2020-02-29"))
        #expect(errorClass { _ = try df.select(make_date(lit(2019), lit(2), lit(29))).collect() } == "DATETIME_FIELD_OUT_OF_BOUNDS")
        let months = try one(df.select(months_between(lit("1997-02-28 10:30:00").cast(.timestamp), lit("1996-10-30").cast(.timestamp))))
        #expect(months == .double(3.94959677))
        #expect(errorClass { _ = try df.select(date_format(col("ts"), "YYYY")).collect() } == "INVALID_DATETIME_PATTERN")
    }

    @Test func currentTimeIsFixedPerQuery() throws {
        let row = try s.range(3).select(current_timestamp().as("a"), now().as("b"), current_date().as("d")).collect()
        #expect(Set(row.map { $0.values[0] }).count == 1)
        #expect(row[0].values[0] == row[0].values[1])
        let today = Int32(Date().timeIntervalSince1970 / 86_400)
        if case .date(let d) = row[0].values[2] { #expect(Swift.abs(Int(d) - Int(today)) <= 1) } else { Issue.record("not a date") }
    }

    /// Tumbling windows, SQL and Swift: rows at 10:02, 10:07, 10:09 and 10:14 in 5-minute windows.
    @Test func timeWindowGrouping() throws {
        let times = ["2024-01-01 10:02:00", "2024-01-01 10:07:00", "2024-01-01 10:09:00", "2024-01-01 10:14:59"]
        let df = try s.createDataFrame(try times.map { [ts($0), .int32(1)] },
                                       schema: Schema([Field("ts", .timestamp), Field("n", .int32)]))
        try df.createOrReplaceTempView("events")
        let sql = try s.sql("SELECT window.start, window.end, count(*) AS c FROM events GROUP BY window(ts, '5 minutes') ORDER BY 1")
        #expect(try sql.columns == ["start", "end", "c"])
        let text = try sql.collect().map { r in r.values.map(\.description).joined(separator: " ") }
        #expect(text == ["2024-01-01 10:00:00 2024-01-01 10:05:00 1", "2024-01-01 10:05:00 2024-01-01 10:10:00 2",
                         "2024-01-01 10:10:00 2024-01-01 10:15:00 1"])
        let whole = try s.sql("SELECT window, sum(n) AS total FROM events GROUP BY window(ts, '10 minutes', '10 minutes', '5 minutes') ORDER BY 1")
        #expect(try whole.columns == ["window.start", "window.end", "total"])
        #expect(try whole.collect().map { $0.values[2] } == [Value.int64(1), .int64(3)])
        let api = try df.groupBy(window(col("ts"), "5 minutes")).agg(count().as("c")).orderBy(col("window.start"))
        #expect(try api.collect().map { $0.values[2] } == [Value.int64(1), .int64(2), .int64(1)])
        #expect(errorClass { _ = try s.sql("SELECT count(*) FROM events GROUP BY window(ts, '10 minutes', '5 minutes')").collect() }
                == "UNSUPPORTED_FEATURE")
    }
}
