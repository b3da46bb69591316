import Testing
@testable import DataFlowColumnar

@Suite struct PredicateTests {
    @Test func compareInts() {
        let a = Column.int32([1, 2, 3, nil]), b = Column.int32([2, 2, 1, 1])
        #expect(Kernels.compare(.lt, a, b).scalars == [.bool(true), .bool(false), .bool(false), .null])
        #expect(Kernels.compare(.ge, a, b).scalars == [.bool(false), .bool(true), .bool(true), .null])
        #expect(Kernels.compare(.ne, a, b).scalars == [.bool(true), .bool(false), .bool(true), .null])
    }

    @Test func nullSafeEquality() {
        let a = Column.int64([1, nil, nil, 2]), b = Column.int64([1, nil, 3, 5])
        let r = Kernels.compare(.eqNullSafe, a, b)
        #expect(r.scalars == [.bool(true), .bool(true), .bool(false), .bool(false)])
        #expect(r.validity == nil)
    }

    @Test func nanOrdering() {
        let a = Column.float64([.nan, .nan, 1.0, -0.0, .infinity])
        let b = Column.float64([.nan, 1.0, .nan, 0.0, .nan])
        #expect(Kernels.compare(.eq, a, b).scalars == [.bool(true), .bool(false), .bool(false), .bool(true), .bool(false)])
        #expect(Kernels.compare(.gt, a, b).scalars == [.bool(false), .bool(true), .bool(false), .bool(false), .bool(false)])
        #expect(Kernels.compare(.lt, a, b).scalars == [.bool(false), .bool(false), .bool(true), .bool(false), .bool(true)])
        #expect(Kernels.compare(.le, a, b).scalars == [.bool(true), .bool(false), .bool(true), .bool(true), .bool(true)])
    }

    @Test func compareStringsAndDecimals() {
        let a = Column.string(["a", "ab", "é", "b", nil]), b = Column.string(["ab", "ab", "z", "a", "x"])
        #expect(Kernels.compare(.lt, a, b).scalars == [.bool(true), .bool(false), .bool(false), .bool(false), .null])
        #expect(Kernels.compare(.eq, a, b).scalars == [.bool(false), .bool(true), .bool(false), .bool(false), .null])
        let x = Column.decimal([150, 100], precision: 5, scale: 2), y = Column.decimal([15, 11], precision: 3, scale: 1)
        #expect(Kernels.compare(.eq, x, y).scalars == [.bool(true), .bool(false)])
        #expect(Kernels.compare(.lt, x, y).scalars == [.bool(false), .bool(true)])
    }

    @Test func threeValuedLogic() {
        // All 9 combinations of true/false/null.
        let a = Column.boolean([true, true, true, false, false, false, nil, nil, nil])
        let b = Column.boolean([true, false, nil, true, false, nil, true, false, nil])
        let T = Value.bool(true), F = Value.bool(false), N = Value.null
        #expect(Kernels.and(a, b).scalars == [T, F, N, F, F, F, N, F, N])
        #expect(Kernels.or(a, b).scalars == [T, T, T, T, F, N, T, N, N])
        #expect(Kernels.not(a).scalars == [F, F, F, T, T, T, N, N, N])
        let r = Kernels.and(a, b)
        for i in 0..<9 where r.isNull(i) { #expect(r.values(UInt8.self)[i] == 0) }
    }

    @Test func nullTests() {
        let a = Column.int32([1, nil])
        #expect(Kernels.isNull(a).scalars == [.bool(false), .bool(true)])
        #expect(Kernels.isNotNull(a).scalars == [.bool(true), .bool(false)])
        #expect(Kernels.isNaN(Column.float64([.nan, 1, nil])).scalars == [.bool(true), .bool(false), .bool(false)])
    }

    @Test func likePatterns() throws {
        let s = Column.string(["apple", "banana", "grape", "a_b", "a%b", "axb", nil, "日本語", ""])
        func like(_ p: String, _ esc: Character = "\\", ci: Bool = false) throws -> [Value] {
            try Kernels.like(s, pattern: p, escape: esc, caseInsensitive: ci).scalars
        }
        let T = Value.bool(true), F = Value.bool(false), N = Value.null
        #expect(try like("a%") == [T, F, F, T, T, T, N, F, F])
        #expect(try like("%e") == [T, F, T, F, F, F, N, F, F])
        #expect(try like("%an%") == [F, T, F, F, F, F, N, F, F])
        #expect(try like("apple") == [T, F, F, F, F, F, N, F, F])
        #expect(try like("a_b") == [F, F, F, T, T, T, N, F, F])
        #expect(try like("a\\_b") == [F, F, F, T, F, F, N, F, F])
        #expect(try like("a\\%b") == [F, F, F, F, T, F, N, F, F])
        #expect(try like("a#%b", "#") == [F, F, F, F, T, F, N, F, F])
        #expect(try like("日_語") == [F, F, F, F, F, F, N, T, F])
        #expect(try like("_a%a") == [F, T, F, F, F, F, N, F, F])
        #expect(try like("%") == [T, T, T, T, T, T, N, T, T])
        #expect(try like("") == [F, F, F, F, F, F, N, F, T])
        #expect(try like("%p_e") == [T, F, F, F, F, F, N, F, F])
        #expect(try like("APPLE", ci: true) == [T, F, F, F, F, F, N, F, F])
        #expect(throws: DataFlowError.self) { try like("a\\b") }
        #expect(throws: DataFlowError.self) { try like("abc\\") }
    }

    @Test func inListSemantics() {
        let a = Column.int32([1, 2, nil, 4])
        let T = Value.bool(true), F = Value.bool(false), N = Value.null
        #expect(Kernels.inList(a, [.int32(1), .int32(4)]).scalars == [T, F, N, T])
        #expect(Kernels.inList(a, [.int32(1), .null]).scalars == [T, N, N, N])
        let long = (0..<50).map { Value.int32(Int32($0 * 2)) }
        #expect(Kernels.inList(a, long).scalars == [F, T, N, T])
        let s = Column.string(["x", "y", nil])
        let strs = (0..<20).map { Value.string("s\($0)") } + [.string("y")]
        #expect(Kernels.inList(s, strs).scalars == [F, T, N])
        #expect(Kernels.inList(Column.float64([.nan, 0.0]), [.double(.nan), .double(-0.0)]).scalars == [T, T])
        #expect(Kernels.inList(Column.decimal([150], precision: 5, scale: 2), [dec(15, 3, 1)]).scalars == [T])
    }

    @Test func caseWhenAndCoalesce() {
        let c1 = Column.boolean([true, false, nil, false]), c2 = Column.boolean([true, true, true, false])
        let v1 = Column.string(["a", "b", "c", "d"]), v2 = Column.string(["A", nil, "C", "D"])
        let other = Column.string(["o1", "o2", "o3", "o4"])
        #expect(Kernels.caseWhen(conditions: [c1, c2], values: [v1, v2], otherwise: other, type: .string).scalars
                == [.string("a"), .null, .string("C"), .string("o4")])
        #expect(Kernels.caseWhen(conditions: [c1], values: [Column.int64([1, 2, 3, 4])], otherwise: nil, type: .int64).scalars
                == [.int64(1), .null, .null, .null])
        let x = Column.int32([nil, 2, nil]), y = Column.int32([1, 3, nil])
        #expect(Kernels.coalesce([x, y]).scalars == [.int32(1), .int32(2), .null])
        #expect(Kernels.coalesce([Column.string([nil, "q"]), Column.string(["p", "r"])]).scalars == [.string("p"), .string("q")])
    }

    @Test func hashing() {
        let a = Column.float64([0.0, -0.0, .nan, Double(bitPattern: 0x7FF8_0000_0000_0001), nil, 1.0])
        let h = Kernels.hash([a])
        #expect(h[0] == h[1] && h[2] == h[3] && h[0] != h[5] && h[4] != h[5])
        let s = Column.string(["hello world!", "hello world!", "hello world?", "", nil])
        let hs = Kernels.hash([s, Column.int32([1, 1, 1, 1, 1])])
        #expect(hs[0] == hs[1] && hs[0] != hs[2] && hs[3] != hs[4])
        #expect(Kernels.hash([Column.int32([7])]) == Kernels.hash([Column.int64([7])]))
        #expect(Kernels.hash([Column.int32([7])], seed: 1) != Kernels.hash([Column.int32([7])]))
        let many = Kernels.hash([Column.int64((0..<10_000).map { Int64($0) })])
        #expect(Set(many).count == 10_000)
    }
}
