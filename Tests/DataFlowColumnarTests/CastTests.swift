import Testing
@testable import DataFlowColumnar

func errorClass(_ body: () throws -> Any) -> String? {
    do { _ = try body(); return nil } catch let e as DataFlowError { return e.errorClass } catch { return "other" }
}

@Suite struct CastTests {
    @Test func stringToInt() throws {
        let s = Column.string([" 12 ", "-7", "+3", nil, "\t42\n"])
        #expect(try Kernels.cast(s, to: .int32, mode: .ansi).scalars == [.int32(12), .int32(-7), .int32(3), .null, .int32(42)])
        #expect(errorClass { try Kernels.cast(Column.string(["1.5"]), to: .int32, mode: .ansi) } == "CAST_INVALID_INPUT")
        #expect(errorClass { try Kernels.cast(Column.string(["abc"]), to: .int64, mode: .ansi) } == "CAST_INVALID_INPUT")
        #expect(errorClass { try Kernels.cast(Column.string(["2147483648"]), to: .int32, mode: .ansi) } == "CAST_INVALID_INPUT")
        #expect(try Kernels.cast(Column.string(["abc", "", "-2147483648", "9223372036854775807"]), to: .int64, mode: .tryNull).scalars
                == [.null, .null, .int64(-2147483648), .int64(Int64.max)])
        do { _ = try Kernels.cast(Column.string(["abc"]), to: .int32, mode: .ansi) } catch let e as DataFlowError {
            #expect(e.message.contains("'abc'"))
        }
    }

    @Test func numericNarrowing() throws {
        #expect(errorClass { try Kernels.cast(Column.float64([1e10]), to: .int32, mode: .ansi) } == "CAST_OVERFLOW")
        #expect(errorClass { try Kernels.cast(Column.float64([.nan]), to: .int64, mode: .ansi) } == "CAST_OVERFLOW")
        #expect(errorClass { try Kernels.cast(Column.float64([.infinity]), to: .int64, mode: .ansi) } == "CAST_OVERFLOW")
        #expect(try Kernels.cast(Column.float64([1.9, -1.9, 1e10, nil]), to: .int32, mode: .tryNull).scalars
                == [.int32(1), .int32(-1), .null, .null])
        #expect(try Kernels.cast(Column.int64([5_000_000_000, -3]), to: .int32, mode: .tryNull).scalars == [.null, .int32(-3)])
        #expect(errorClass { try Kernels.cast(Column.int64([5_000_000_000]), to: .int32, mode: .ansi) } == "CAST_OVERFLOW")
        #expect(try Kernels.cast(Column.int32([7]), to: .int64, mode: .ansi).scalars == [.int64(7)])
        #expect(try Kernels.cast(Column.int32([7]), to: .float64, mode: .ansi).scalars == [.double(7)])
    }

    @Test func decimalCasts() throws {
        let t = DataType.decimal(precision: 5, scale: 2)
        #expect(try Kernels.cast(Column.string(["1.005", " -2.5 ", "1e2", nil]), to: t, mode: .ansi).scalars
                == [dec(101, 5, 2), dec(-250, 5, 2), dec(10000, 5, 2), .null])
        #expect(errorClass { try Kernels.cast(Column.string(["1000"]), to: t, mode: .ansi) } == "NUMERIC_VALUE_OUT_OF_RANGE")
        #expect(errorClass { try Kernels.cast(Column.string(["x1"]), to: t, mode: .ansi) } == "CAST_INVALID_INPUT")
        #expect(try Kernels.cast(Column.int32([123, 1000]), to: t, mode: .tryNull).scalars == [dec(12300, 5, 2), .null])
        #expect(try Kernels.cast(Column.float64([0.125, 1.005]), to: t, mode: .ansi).scalars == [dec(13, 5, 2), dec(101, 5, 2)])
        let d = Column.decimal([12345, -12355], precision: 5, scale: 2)   // 123.45, -123.55
        #expect(try Kernels.cast(d, to: .decimal(precision: 4, scale: 1), mode: .ansi).scalars == [dec(1235, 4, 1), dec(-1236, 4, 1)])
        #expect(try Kernels.cast(d, to: .int32, mode: .ansi).scalars == [.int32(123), .int32(-123)])
        #expect(try Kernels.cast(d, to: .float64, mode: .ansi).scalars == [.double(123.45), .double(-123.55)])
        #expect(try Kernels.cast(d, to: .string, mode: .ansi).scalars == [.string("123.45"), .string("-123.55")])
        #expect(try Kernels.cast(Column.decimal([5], precision: 3, scale: 2), to: .string, mode: .ansi).scalars == [.string("0.05")])
    }

    @Test func stringToDouble() throws {
        let s = Column.string(["1.5", " -2e3 ", "NaN", "-Infinity", "inf", "1.7976931348623157E308", "0.1", "3d", "x"])
        let r = try Kernels.cast(s, to: .float64, mode: .tryNull).scalars
        #expect(r[0] == .double(1.5) && r[1] == .double(-2000) && r[3] == .double(-.infinity) && r[4] == .double(.infinity))
        if case .double(let d) = r[2] { #expect(d.isNaN) } else { Issue.record("NaN") }
        #expect(r[5] == .double(.greatestFiniteMagnitude) && r[6] == .double(0.1) && r[7] == .double(3) && r[8] == .null)
        #expect(errorClass { try Kernels.cast(Column.string(["1.2.3"]), to: .float64, mode: .ansi) } == "CAST_INVALID_INPUT")
    }

    @Test func booleans() throws {
        let s = Column.string(["true", "F", "Yes", "n", "1", "0", " t ", "maybe"])
        let T = Value.bool(true), F = Value.bool(false)
        #expect(try Kernels.cast(s, to: .boolean, mode: .tryNull).scalars == [T, F, T, F, T, F, T, .null])
        #expect(errorClass { try Kernels.cast(Column.string(["maybe"]), to: .boolean, mode: .ansi) } == "CAST_INVALID_INPUT")
        #expect(try Kernels.cast(Column.boolean([true, false, nil]), to: .int32, mode: .ansi).scalars == [.int32(1), .int32(0), .null])
        #expect(try Kernels.cast(Column.float64([0, 2.5]), to: .boolean, mode: .ansi).scalars == [F, T])
        #expect(try Kernels.cast(Column.boolean([true, false]), to: .string, mode: .ansi).scalars == [.string("true"), .string("false")])
        #expect(errorClass { try Kernels.cast(Column.boolean([true]), to: .date, mode: .ansi) } == "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION")
    }

    @Test func toStrings() throws {
        #expect(try Kernels.cast(Column.int64([0, -9223372036854775808, 42, nil]), to: .string, mode: .ansi).scalars
                == [.string("0"), .string("-9223372036854775808"), .string("42"), .null])
        #expect(try Kernels.cast(Column.float64([1.0, 0.1, 1e10, 1.5e-5, -0.0]), to: .string, mode: .ansi).scalars
                == [.string("1.0"), .string("0.1"), .string("1.0E10"), .string("1.5E-5"), .string("-0.0")])
        #expect(try Kernels.cast(Column.date([0, 19_723]), to: .string, mode: .ansi).scalars == [.string("1970-01-01"), .string("2024-01-01")])
        #expect(try Kernels.cast(Column.timestamp([1_500_000, -1]), to: .string, mode: .ansi).scalars
                == [.string("1970-01-01 00:00:01.5"), .string("1969-12-31 23:59:59.999999")])
    }

    @Test func dates() throws {
        let s = Column.string(["2024-01-15", "2024", "2024-3", "2024-02-30", "2024-1-5 12:34:56", "2024-01-15T10:00", " 2020-02-29 ", "24-01-01", "x"])
        let d = try Kernels.cast(s, to: .date, mode: .tryNull).scalars
        #expect(d == [.date(DateTime.days(year: 2024, month: 1, day: 15)), .date(DateTime.days(year: 2024, month: 1, day: 1)),
                      .date(DateTime.days(year: 2024, month: 3, day: 1)), .null, .date(DateTime.days(year: 2024, month: 1, day: 5)),
                      .date(DateTime.days(year: 2024, month: 1, day: 15)), .date(DateTime.days(year: 2020, month: 2, day: 29)), .null, .null])
        #expect(errorClass { try Kernels.cast(Column.string(["2024-13-01"]), to: .date, mode: .ansi) } == "CAST_INVALID_INPUT")
        let ts = try Kernels.cast(Column.string(["2024-01-15 10:30:00", "2024-01-15", "2024-01-15T10:30:00.5Z", "bad"]), to: .timestamp, mode: .tryNull)
        let day = Int64(DateTime.days(year: 2024, month: 1, day: 15)) * DateTime.microsPerDay
        #expect(ts.scalars == [.timestamp(day + 37_800_000_000), .timestamp(day), .timestamp(day + 37_800_500_000), .null])
        #expect(try Kernels.cast(ts, to: .date, mode: .ansi).scalars.prefix(2) == [.date(DateTime.days(year: 2024, month: 1, day: 15)), .date(DateTime.days(year: 2024, month: 1, day: 15))])
        #expect(try Kernels.cast(Column.timestamp([-1]), to: .date, mode: .ansi).scalars == [.date(-1)])
        #expect(try Kernels.cast(Column.date([1]), to: .timestamp, mode: .ansi).scalars == [.timestamp(DateTime.microsPerDay)])
        #expect(try Kernels.cast(Column.timestamp([-1_500_000]), to: .int64, mode: .ansi).scalars == [.int64(-2)])
    }

    @Test func nullAndSameType() throws {
        let n = Column.nulls(.null, count: 3)
        let r = try Kernels.cast(n, to: .int64, mode: .ansi)
        #expect(r.type == .int64 && r.scalars == [.null, .null, .null])
        let a = Column.int32([1])
        #expect(try Kernels.cast(a, to: .int32, mode: .ansi).values === a.values)
    }
}
