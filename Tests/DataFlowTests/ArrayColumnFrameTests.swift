import DataFlow
import Testing

/// `array<T>` columns travel through DataFrame operations (filters, sorts, joins, unions, show).
@Suite struct ArrayColumnFrameTests {
    func frame(_ s: Session) throws -> DataFrame {
        try s.createDataFrame([
            [.int64(1), .array([.double(0.5), .double(1.5)])],
            [.int64(2), .null],
            [.int64(3), .array([])],
            [.int64(4), .array([.null, .double(2)])],
        ], schema: Schema([Field("id", .int64), Field("v", .array(.float64))]))
    }

    @Test func filterSortJoinAndShow() throws {
        let s = Session(threads: 2)
        let df = try frame(s)
        #expect(try df.schema.fields.map(\.type) == [.int64, .array(.float64)])
        let kept = try df.filter(col("id") % 2 == 0).orderBy(col("id").desc).collect()
        #expect(kept.map { $0[1] } == [.array([.null, .double(2)]), .null])
        let other = try s.createDataFrame([[.int64(1), .string("a")], [.int64(4), .string("d")]],
                                          schema: Schema([Field("id", .int64), Field("name", .string)]))
        let joined = try df.join(other, on: "id").orderBy("id").collect()
        #expect(joined.map { $0[1] } == [.array([.double(0.5), .double(1.5)]), .array([.null, .double(2)])])
        #expect(try df.union(df).count() == 8)
        let text = try df.orderBy("id").showString()
        #expect(text == "+---+-----------+\n| id|          v|\n+---+-----------+\n|  1| [0.5, 1.5]|\n|  2|       NULL|\n|  3|         []|\n|  4|[null, 2.0]|\n+---+-----------+\n", "\(text)")
        #expect(try df.select(col("v").cast("string")).collect().map { $0[0] } ==
                [.string("[0.5, 1.5]"), .null, .string("[]"), .string("[null, 2.0]")])
    }

    @Test func swiftArraysAreArrayColumns() {
        #expect([Double].columnType == .array(.float64))
        #expect([1.0, 2.0].value == .array([.double(1), .double(2)]))
        #expect([String?].columnType == .array(.string))
    }
}
