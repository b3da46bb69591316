import DataFlow
import DataFlowColumnar
import Foundation
import Testing

@Suite struct ColumnValueTests {
    @Test func readsEachTypeAndItsWidenings() {
        let ints = ColumnData.int32([7, nil])
        #expect(Int64.read(ints, 0) == 7 && Int64.read(ints, 1) == nil)
        #expect(Int.read(ColumnData.int64([-3]), 0) == -3)
        #expect(Double.read(ints, 0) == 7.0)
        #expect(Float.read(ColumnData.float64([1.5]), 0) == 1.5)
        #expect(Bool.read(ColumnData.boolean([true, false]), 1) == false)
        #expect(String.read(ColumnData.string(["é"]), 0) == "é")
        #expect(LocalDate.read(ColumnData.date([DateTime.days(year: 2024, month: 2, day: 29)]), 0)?.description == "2024-02-29")
        // A date fills a Date at midnight UTC.
        #expect(Date.read(ColumnData.date([1]), 0) == Date(timeIntervalSince1970: 86_400))
        #expect(Date.read(ColumnData.timestamp([1_500_000]), 0) == Date(timeIntervalSince1970: 1.5))
        #expect(Decimal.read(ColumnData.decimal([12345], precision: 7, scale: 2), 0) == Decimal(string: "123.45"))
        #expect(Int64.canRead(.int32) && !Int32.canRead(.int64) && !Double.canRead(.string) && Date.canRead(.date))
    }

    @Test func optionalReadsNullAsAValue() {
        let c = ColumnData.int64([nil, 5])
        #expect(Int64?.read(c, 0) == .some(nil))
        #expect(Int64?.read(c, 1) == .some(5))
        #expect(Int64?.acceptsNull && !Int64.acceptsNull)
        #expect(Int64?.none.value == .null)
    }

    @Test func valuesBecomeScalars() {
        #expect(Int(3).value == .int64(3))
        #expect(Float(0.5).value == .double(0.5))
        #expect(Date(timeIntervalSince1970: 1.000001).value == .timestamp(1_000_001))
        #expect(Decimal(string: "-1.5")!.value == .decimal(-1_500_000_000_000_000_000, precision: 38, scale: 18))
        #expect(LocalDate(year: 1970, month: 1, day: 2).value == .date(1))
        #expect(LocalDate("2026-02-30") == nil)
    }
}
