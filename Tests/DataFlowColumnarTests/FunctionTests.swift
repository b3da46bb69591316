import Testing
@testable import DataFlowColumnar

@Suite struct FunctionTests {
    @Test func upperLowerLength() {
        let s = Column.string(["abc", "ÄbÇ", nil, "straße", ""])
        #expect(Kernels.upper(s).scalars == [.string("ABC"), .string("ÄBÇ"), .null, .string("STRASSE"), .string("")])
        #expect(Kernels.lower(s).scalars == [.string("abc"), .string("äbç"), .null, .string("straße"), .string("")])
        #expect(Kernels.upper(Column.string(["hello", "World1"])).scalars == [.string("HELLO"), .string("WORLD1")])
        #expect(Kernels.length(s).scalars == [.int32(3), .int32(3), .null, .int32(6), .int32(0)])
        #expect(Kernels.length(Column.string(["日本語", "😀x"])).scalars == [.int32(3), .int32(2)])
    }

    @Test func substrings() {
        let s = Column.string(Array(repeating: "Spark SQL", count: 8) + ["日本語です"])
        let pos = Column.int32([1, 0, 5, -3, -100, 3, 2, 20, 2])
        let len = Column.int32([5, 3, 1, 2, 3, -1, 100, 2, 2])
        #expect(Kernels.substring(s, pos: pos, len: len).scalars == [.string("Spark"), .string("Spa"), .string("k"), .string("SQ"),
                .string(""), .string(""), .string("park SQL"), .string(""), .string("本語")])
        #expect(Kernels.substring(Column.string(["hello", nil]), pos: Column.int32([-2, 1]), len: nil).scalars == [.string("lo"), .null])
        #expect(Kernels.substring(Column.string(["hello"]), pos: Column.int32([nil]), len: nil).scalars == [.null])
    }

    @Test func concatTrim() {
        let a = Column.string(["a", nil, "日"]), b = Column.string(["b", "x", "本"])
        #expect(Kernels.concat([a, b]).scalars == [.string("ab"), .null, .string("日本")])
        let t = Column.string(["  x y  ", nil, "   "])
        #expect(Kernels.trim(t).scalars == [.string("x y"), .null, .string("")])
        #expect(Kernels.ltrim(t).scalars == [.string("x y  "), .null, .string("")])
        #expect(Kernels.rtrim(t).scalars == [.string("  x y"), .null, .string("")])
    }

    @Test func roundDoubles() throws {
        let d = Column.float64([2.5, -2.5, 1.005, 0.285, 1234.5678, 3.5, nil, .nan])
        let r = try Kernels.round(d, scale: 0, mode: .ansi).scalars
        #expect(r[0] == .double(3) && r[1] == .double(-3) && r[5] == .double(4) && r[6] == .null)
        let b = try Kernels.bround(d, scale: 0, mode: .ansi).scalars
        #expect(b[0] == .double(2) && b[1] == .double(-2) && b[5] == .double(4))
        let r2 = try Kernels.round(d, scale: 2, mode: .ansi).scalars
        #expect(r2[2] == .double(1.01) && r2[3] == .double(0.29) && r2[4] == .double(1234.57))
        #expect(try Kernels.bround(Column.float64([0.125, 0.375]), scale: 2, mode: .ansi).scalars == [.double(0.12), .double(0.38)])
        #expect(try Kernels.round(Column.float64([1234.5678]), scale: -2, mode: .ansi).scalars == [.double(1200)])
    }

    @Test func roundDecimalsAndInts() throws {
        let d = Column.decimal([12345, -12355, 25], precision: 5, scale: 2)   // 123.45 -123.55 0.25
        let r = try Kernels.round(d, scale: 1, mode: .ansi)
        #expect(r.type == .decimal(precision: 5, scale: 1))
        #expect(r.scalars == [dec(1235, 5, 1), dec(-1236, 5, 1), dec(3, 5, 1)])
        #expect(try Kernels.bround(d, scale: 1, mode: .ansi).scalars == [dec(1234, 5, 1), dec(-1236, 5, 1), dec(2, 5, 1)])
        let neg = try Kernels.round(d, scale: -1, mode: .ansi)
        #expect(neg.type == .decimal(precision: 4, scale: 0))
        #expect(neg.scalars == [dec(120, 4, 0), dec(-120, 4, 0), dec(0, 4, 0)])
        #expect(try Kernels.round(Column.int32([15, -25, 14]), scale: -1, mode: .ansi).scalars == [.int32(20), .int32(-30), .int32(10)])
        #expect(try Kernels.bround(Column.int32([15, 25]), scale: -1, mode: .ansi).scalars == [.int32(20), .int32(20)])
        #expect(try Kernels.round(Column.int32([2_147_483_647]), scale: -1, mode: .tryNull).scalars == [.null])
        #expect(throws: DataFlowError.self) { try Kernels.round(Column.int32([2_147_483_647]), scale: -1, mode: .ansi) }
    }

    @Test func floorCeilSqrtPow() {
        let d = Column.float64([1.5, -1.5, 2.0, nil])
        #expect(Kernels.floor(d).scalars == [.int64(1), .int64(-2), .int64(2), .null])
        #expect(Kernels.ceil(d).scalars == [.int64(2), .int64(-1), .int64(2), .null])
        let x = Column.decimal([125, -125], precision: 5, scale: 2)
        #expect(Kernels.floor(x).scalars == [dec(1, 4, 0), dec(-2, 4, 0)])
        #expect(Kernels.ceil(x).scalars == [dec(2, 4, 0), dec(-1, 4, 0)])
        #expect(Kernels.floor(Column.int32([3])).scalars == [.int32(3)])
        let s = Kernels.sqrt(Column.float64([4, -1, nil])).scalars
        #expect(s[0] == .double(2) && s[2] == .null)
        if case .double(let v) = s[1] { #expect(v.isNaN) }
        #expect(Kernels.pow(Column.float64([2, 9]), Column.float64([10, 0.5])).scalars == [.double(1024), .double(3)])
    }

    @Test func dateFunctions() throws {
        let d = Column.date([DateTime.days(year: 2024, month: 2, day: 29), nil, DateTime.days(year: 1969, month: 12, day: 31)])
        #expect(Kernels.year(d).scalars == [.int32(2024), .null, .int32(1969)])
        #expect(Kernels.month(d).scalars == [.int32(2), .null, .int32(12)])
        #expect(Kernels.dayOfMonth(d).scalars == [.int32(29), .null, .int32(31)])
        let added = try Kernels.dateAdd(d, days: Column.int32([1, 1, 1]), mode: .ansi)
        #expect(added.scalars == [.date(DateTime.days(year: 2024, month: 3, day: 1)), .null, .date(0)])
        #expect(try Kernels.dateSub(d, days: Column.int32([29, 1, 365]), mode: .ansi).scalars
                == [.date(DateTime.days(year: 2024, month: 1, day: 31)), .null, .date(DateTime.days(year: 1968, month: 12, day: 31))])
        #expect(throws: DataFlowError.self) { try Kernels.dateAdd(Column.date([Int32.max]), days: Column.int32([1]), mode: .ansi) }
        #expect(try Kernels.dateAdd(Column.date([Int32.max]), days: Column.int32([1]), mode: .tryNull).scalars == [.null])
        #expect(Kernels.dateDiff(Column.date([10, nil]), Column.date([3, 1])).scalars == [.int32(7), .null])
    }

    @Test func toDate() throws {
        let s = Column.string(["15/01/2024", "bad", nil])
        #expect(Kernels.toDate(s, format: "dd/MM/yyyy").scalars == [.date(DateTime.days(year: 2024, month: 1, day: 15)), .null, .null])
        #expect(errorClass { try Kernels.toDate(s, format: "dd/MM/yyyy", mode: .ansi) } == "CANNOT_PARSE_TIMESTAMP")
        #expect(errorClass { try Kernels.toDate(Column.string(["bad"]), format: nil, mode: .ansi) } == "CAST_INVALID_INPUT")
        #expect(try Kernels.toDate(Column.string(["2024-01-15"]), format: nil, mode: .ansi).scalars == [.date(DateTime.days(year: 2024, month: 1, day: 15))])
    }
}
