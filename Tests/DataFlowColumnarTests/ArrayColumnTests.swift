import DataFlowColumnar
import Testing

/// `array<T>` columns: offsets into a child column of elements.
@Suite struct ArrayColumnTests {
    /// [1.5, 2.5], NULL, [], [NULL, 4.0]
    func sample() -> Column {
        var b = ColumnBuilder(type: .array(.float64))
        b.append(value: .array([.double(1.5), .double(2.5)]))
        b.appendNull()
        b.append(value: .array([]))
        b.append(value: .array([.null, .double(4)]))
        return b.finish()
    }

    @Test func builderValuesAndText() throws {
        let c = sample()
        #expect(c.type == .array(.float64))
        #expect(c.type.sqlName == "array<double>")
        #expect(DataType(sqlName: "ARRAY<DOUBLE>") == .array(.float64))
        #expect(DataType(sqlName: "array<array<int>>") == .array(.array(.int32)))
        #expect(c.count == 4)
        #expect(c.scalars == [.array([.double(1.5), .double(2.5)]), .null, .array([]), .array([.null, .double(4)])])
        #expect(c.elements?.column.count == 4)
        #expect(c.value(3).description == "[null, 4.0]")
        #expect(try Kernels.cast(c, to: .string, mode: .ansi).scalars.map(\.description) == ["[1.5, 2.5]", "NULL", "[]", "[null, 4.0]"])
    }

    @Test func takeConcatAndGather() throws {
        let c = sample()
        #expect(c.take([3, 0, -1, 0]).scalars == [.array([.null, .double(4)]), .array([.double(1.5), .double(2.5)]), .null,
                                                  .array([.double(1.5), .double(2.5)])])
        // A taken (sliced) part keeps only its own elements when concatenated.
        let part = c.take([3])
        let joined = Column.concat([part, c])
        #expect(joined.count == 5)
        #expect(joined.elements?.column.count == 6)
        #expect(joined.scalars == [.array([.null, .double(4)])] + c.scalars)
        let chunks: [UInt32] = [1, 0, 1], rows: [Int32] = [0, 0, -1]
        let g = chunks.withUnsafeBufferPointer { ch in
            rows.withUnsafeBufferPointer { r in Column.gather([part, c], type: c.type, chunks: ch, rows: r) }
        }
        #expect(g.scalars == [.array([.double(1.5), .double(2.5)]), .array([.null, .double(4)]), .null])
    }

    @Test func compareAndHash() {
        let c = sample()
        let d = sample().take([0, 1, 3, 3])
        // Element-wise, then by length; NULL arrays give NULL.
        #expect(Kernels.compare(.eq, c, d).scalars == [.bool(true), .null, .bool(false), .bool(true)])
        #expect(Kernels.compare(.lt, c, d).scalars == [.bool(false), .null, .bool(true), .bool(false)])
        #expect(Value.order(.array([.int32(1)]), .array([.int32(1), .int32(0)])) == -1)
        let h1 = Kernels.hash([c]), h2 = Kernels.hash([d])
        #expect(h1[0] == h2[0] && h1[3] == h2[3] && h1[0] != h1[3])
    }
}

extension ArrayColumnTests {
    @Test func castElementwise() throws {
        var b = ColumnBuilder(type: .array(.int32))
        b.append(value: .array([.int32(1), .null, .int32(3)]))
        b.appendNull()
        let d = try Kernels.cast(b.finish(), to: .array(.float64), mode: .ansi)
        #expect(d.type == .array(.float64))
        #expect(d.scalars == [.array([.double(1), .null, .double(3)]), .null])
    }
}
