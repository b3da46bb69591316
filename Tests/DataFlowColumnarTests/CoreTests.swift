import Testing
@testable import DataFlowColumnar

@Suite struct CoreTests {
    @Test func civilRoundTrip() {
        var ok = true
        var prev: (Int, Int, Int)? = nil
        for d in Int32(-800_000)...Int32(800_000) {
            let c = DateTime.civil(d)
            if DateTime.days(year: c.year, month: c.month, day: c.day) != d { ok = false; break }
            if let p = prev, !(c.day == p.2 + 1 || (c.day == 1 && (c.month == p.1 % 12 + 1))) { ok = false; break }
            prev = (c.year, c.month, c.day)
        }
        #expect(ok)
        #expect(DateTime.days(year: 1970, month: 1, day: 1) == 0)
        #expect(DateTime.days(year: 2000, month: 3, day: 1) == 11_017)
        #expect(DateTime.civil(-1) == (1969, 12, 31))
        #expect(DateTime.addMonths(DateTime.days(year: 2024, month: 1, day: 31), 1) == DateTime.days(year: 2024, month: 2, day: 29))
    }

    @Test func formatting() {
        #expect(DateTime.formatTimestamp(0) == "1970-01-01 00:00:00")
        #expect(DateTime.formatTimestamp(1_000) == "1970-01-01 00:00:00.001")
        #expect(DateTime.formatTimestamp(-1) == "1969-12-31 23:59:59.999999")
        #expect(DateTime.formatDate(DateTime.days(year: 5, month: 3, day: 7)) == "0005-03-07")
        #expect(DateTime.parseTimestamp("2024-01-01T00:00:00+01:00") == Int64(DateTime.days(year: 2023, month: 12, day: 31)) * DateTime.microsPerDay + 23 * 3_600_000_000)
        #expect(DateTime.parseDate("2024-02-30") == nil)
        #expect(DateTimePattern("yyyy-MM-dd HH:mm").format(micros: 90_000_000) == "1970-01-01 00:01")
    }

    @Test func decimalHelpers() {
        #expect(Decimal128.parse("12.345", precision: 10, scale: 2) == 1235)
        #expect(Decimal128.parse("-0.005", precision: 10, scale: 2) == -1)
        #expect(Decimal128.parse("1e3", precision: 10, scale: 0) == 1000)
        #expect(Decimal128.parse("abc", precision: 10, scale: 0) == nil)
        #expect(Decimal128.parse("123456", precision: 5, scale: 0) == nil)
        #expect(Decimal128.format(-5, scale: 3) == "-0.005")
        #expect(Decimal128.format(12345, scale: 2) == "123.45")
        #expect(Decimal128.rescale(155, from: 2, to: 1) == 16)
        #expect(Decimal128.divideRoundHalfUp(-15, 10) == -2)
    }

    @Test func builderAndColumn() {
        var b = ColumnBuilder(type: .string, capacity: 1)
        for i in 0..<100 { if i % 3 == 0 { b.appendNull() } else { b.append("v\(i)") } }
        let c = b.finish()
        #expect(c.count == 100 && c.nullCount == 34 && c.string(1) == "v1" && c.isNull(99))
        let i = Column.int64([1, 2, 3])
        #expect(i.validity == nil && i.nullCount == 0)
        #expect(Column.constant(.int32(5), type: .int64, count: 2).scalars == [.int64(5), .int64(5)])
        #expect(Column.from([.decimal(15, precision: 3, scale: 1)], type: .decimal(precision: 5, scale: 2)).scalars == [dec(150, 5, 2)])
    }

    @Test func takeSelectionConcat() {
        let c = Column.string(["a", nil, "c"])
        #expect(c.take([2, -1, 0, 1]).scalars == [.string("c"), .null, .string("a"), .null])
        let n = Column.int32([10, 20, 30])
        #expect(n.take([-1, 2]).scalars == [.null, .int32(30)])
        let mask = Column.boolean([true, nil, true, false])
        #expect(Column.selection(mask) == [0, 2])
        #expect(Column.int32([1, 2, 3, 4]).filter(mask).scalars == [.int32(1), .int32(3)])
        #expect(Column.concat([Column.string(["x"]), Column.string([nil, "yz"])]).scalars == [.string("x"), .null, .string("yz")])
        #expect(Column.concat([Column.int64([1]), Column.int64([nil, 3])]).scalars == [.int64(1), .null, .int64(3)])
        let dict = Column(type: .string, count: 3, values: Buffer.of([Int32(1), 0, 1]), dictionary: DictionaryBox(Column.string(["p", "q"])))
        #expect(dict.decoded().scalars == [.string("q"), .string("p"), .string("q")])
        #expect(Kernels.upper(dict).scalars == [.string("Q"), .string("P"), .string("Q")])
    }
}

@Suite struct FormatDoubleTests {
    @Test func javaStyle() {
        #expect(formatDouble(1e10) == "1.0E10")
        #expect(formatDouble(-1.5e-5) == "-1.5E-5")
        #expect(formatDouble(12_345_678.9) == "1.23456789E7")
        #expect(formatDouble(1e-3) == "0.001")
        #expect(formatDouble(9_999_999) == "9999999.0")
        #expect(formatDouble(1.0E20) == "1.0E20")
        #expect(formatDouble(.nan) == "NaN")
    }
}
