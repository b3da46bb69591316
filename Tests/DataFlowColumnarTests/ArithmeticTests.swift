import Testing
@testable import DataFlowColumnar

func dec(_ u: Int128, _ p: Int, _ s: Int) -> Value { .decimal(u, precision: p, scale: s) }

@Suite struct ArithmeticTests {
    @Test func intAddSubMulWithNulls() throws {
        let a = Column.int32([1, nil, 3, -4]), b = Column.int32([10, 20, nil, 5])
        #expect(try Kernels.arithmetic(.add, a, b, resultType: .int32, mode: .ansi).scalars == [.int32(11), .null, .null, .int32(1)])
        #expect(try Kernels.arithmetic(.subtract, a, b, resultType: .int32, mode: .ansi).scalars == [.int32(-9), .null, .null, .int32(-9)])
        #expect(try Kernels.arithmetic(.multiply, a, b, resultType: .int32, mode: .ansi).scalars == [.int32(10), .null, .null, .int32(-20)])
        let r = try Kernels.arithmetic(.add, a, b, resultType: .int32, mode: .ansi)
        #expect(r.values(Int32.self)[1] == 0 && r.values(Int32.self)[2] == 0)  // null slots zeroed
    }

    @Test func integerOverflow() throws {
        let a = Column.int32([Int32.max, 1]), b = Column.int32([1, 1])
        #expect(throws: DataFlowError.self) { try Kernels.arithmetic(.add, a, b, resultType: .int32, mode: .ansi) }
        do { _ = try Kernels.arithmetic(.add, a, b, resultType: .int32, mode: .ansi) } catch let e as DataFlowError {
            #expect(e.errorClass == "ARITHMETIC_OVERFLOW")
        }
        #expect(try Kernels.arithmetic(.add, a, b, resultType: .int32, mode: .tryNull).scalars == [.null, .int32(2)])
        let m = Column.int64([Int64.max / 2 + 1, 3]), k = Column.int64([2, 3])
        #expect(try Kernels.arithmetic(.multiply, m, k, resultType: .int64, mode: .tryNull).scalars == [.null, .int64(9)])
        let s = Column.int64([Int64.min, 0]), one = Column.int64([1, 1])
        #expect(try Kernels.arithmetic(.subtract, s, one, resultType: .int64, mode: .tryNull).scalars == [.null, .int64(-1)])
        // Overflow hidden in a null row is not an error.
        let x = Column.int32([Int32.max, nil]), y = Column.int32([nil, Int32.max])
        #expect(try Kernels.arithmetic(.add, x, y, resultType: .int32, mode: .ansi).scalars == [.null, .null])
    }

    @Test func divisionByZero() throws {
        let a = Column.float64([1, 2, nil]), b = Column.float64([0, 4, 0])
        do { _ = try Kernels.arithmetic(.divide, a, b, resultType: .float64, mode: .ansi); Issue.record("no error") }
        catch let e as DataFlowError { #expect(e.errorClass == "DIVIDE_BY_ZERO") }
        #expect(try Kernels.arithmetic(.divide, a, b, resultType: .float64, mode: .tryNull).scalars == [.null, .double(0.5), .null])
        let i = Column.int32([7, -7, 7, Int32.min]), j = Column.int32([0, 2, -2, -1])
        #expect(try Kernels.arithmetic(.remainder, i, j, resultType: .int32, mode: .tryNull).scalars == [.null, .int32(-1), .int32(1), .int32(0)])
        #expect(try Kernels.arithmetic(.divide, i, j, resultType: .int32, mode: .tryNull).scalars == [.null, .int32(-3), .int32(-3), .null])
        #expect(throws: DataFlowError.self) { try Kernels.arithmetic(.remainder, i, j, resultType: .int32, mode: .ansi) }
        #expect(try Kernels.arithmetic(.remainder, Column.float64([-7.5]), Column.float64([2]), resultType: .float64, mode: .ansi).scalars == [.double(-1.5)])
    }

    @Test func negateAndAbs() throws {
        #expect(try Kernels.negate(Column.int32([1, nil, -5]), mode: .ansi).scalars == [.int32(-1), .null, .int32(5)])
        #expect(throws: DataFlowError.self) { try Kernels.negate(Column.int64([Int64.min]), mode: .ansi) }
        #expect(try Kernels.abs(Column.int32([Int32.min, -3]), mode: .tryNull).scalars == [.null, .int32(3)])
        #expect(throws: DataFlowError.self) { try Kernels.abs(Column.int32([Int32.min]), mode: .ansi) }
        #expect(try Kernels.abs(Column.float64([-2.5]), mode: .ansi).scalars == [.double(2.5)])
        #expect(try Kernels.abs(Column.decimal([-150], precision: 5, scale: 2), mode: .ansi).scalars == [dec(150, 5, 2)])
    }

    @Test func decimalResultTypes() {
        let d10_2 = DataType.decimal(precision: 10, scale: 2)
        #expect(Kernels.decimalResultType(.multiply, d10_2, d10_2) == .decimal(precision: 21, scale: 4))
        #expect(Kernels.decimalResultType(.add, d10_2, .decimal(precision: 5, scale: 4)) == .decimal(precision: 13, scale: 4))
        #expect(Kernels.decimalResultType(.divide, .decimal(precision: 1, scale: 0), .decimal(precision: 1, scale: 0)) == .decimal(precision: 7, scale: 6))
        #expect(Kernels.decimalResultType(.multiply, .decimal(precision: 38, scale: 10), .decimal(precision: 38, scale: 10)) == .decimal(precision: 38, scale: 6))
        #expect(Kernels.decimalResultType(.divide, .decimal(precision: 38, scale: 18), .decimal(precision: 38, scale: 18)) == .decimal(precision: 38, scale: 6))
        #expect(Kernels.decimalResultType(.add, .int32, d10_2) == .decimal(precision: 13, scale: 2))
        #expect(Kernels.decimalResultType(.remainder, d10_2, .decimal(precision: 5, scale: 0)) == .decimal(precision: 7, scale: 2))
    }

    @Test func narrowDecimalArithmeticMatchesTheGeneralPath() throws {
        // TPC-H shapes: price (15,2) * (1 - discount (15,2)), int - decimal, negatives, NULLs, extremes.
        let price = Column.decimal([999_999_999_999_999, -12_345, 0, nil, 1], precision: 15, scale: 2)
        let disc = Column.decimal([7, 100, -999_999_999_999_999, 5, nil], precision: 15, scale: 2)
        let one = Column.int32([1, -3, 0, 2, 7])
        let ot = Kernels.decimalResultType(.subtract, .int32, disc.type)
        #expect(ot == .decimal(precision: 16, scale: 2))
        let oneMinus = try Kernels.arithmetic(.subtract, one, disc, resultType: ot, mode: .ansi)
        // 1 - 0.07, -3 - 1.00, 0 - (-9999999999999.99), 2 - 0.05, 7 - NULL
        #expect(oneMinus.scalars == [dec(93, 16, 2), dec(-400, 16, 2), dec(999_999_999_999_999, 16, 2), dec(195, 16, 2), .null])
        let plus = try Kernels.arithmetic(.add, disc, one, resultType: Kernels.decimalResultType(.add, disc.type, .int32), mode: .ansi)
        #expect(plus.scalars == [dec(107, 16, 2), dec(-200, 16, 2), dec(-999_999_999_999_999, 16, 2), dec(205, 16, 2), .null])
        let mt = Kernels.decimalResultType(.multiply, price.type, oneMinus.type)
        #expect(mt == .decimal(precision: 32, scale: 4))
        let prod = try Kernels.arithmetic(.multiply, price, oneMinus, resultType: mt, mode: .ansi)
        #expect(prod.scalars == [dec(999_999_999_999_999 * 93, 32, 4), dec(-12_345 * -400, 32, 4), dec(0, 32, 4), .null, .null])
        // Mixed scales: 1.5 (5,1) - 0.25 (5,2) = 1.25; a result of 18 digits or fewer stays 64-bit.
        let x = Column.decimal([15, -15], precision: 5, scale: 1), y = Column.decimal([25, 25], precision: 5, scale: 2)
        let d = try Kernels.arithmetic(.subtract, x, y, resultType: Kernels.decimalResultType(.subtract, x.type, y.type), mode: .ansi)
        #expect(d.scalars == [dec(125, 7, 2), dec(-175, 7, 2)])
        let sq = try Kernels.arithmetic(.multiply, x, x, resultType: Kernels.decimalResultType(.multiply, x.type, x.type), mode: .ansi)
        #expect(sq.scalars == [dec(225, 11, 2), dec(225, 11, 2)])
    }

    @Test func decimalArithmetic() throws {
        let d10_2 = DataType.decimal(precision: 10, scale: 2)
        let a = Column.decimal([110, nil], precision: 10, scale: 2), b = Column.decimal([225, 100], precision: 10, scale: 2)
        let m = try Kernels.arithmetic(.multiply, a, b, resultType: Kernels.decimalResultType(.multiply, d10_2, d10_2), mode: .ansi)
        #expect(m.type == .decimal(precision: 21, scale: 4))
        #expect(m.scalars == [dec(24750, 21, 4), .null])
        let one = Column.decimal([1, 2], precision: 1, scale: 0), three = Column.decimal([3, 3], precision: 1, scale: 0)
        let t = Kernels.decimalResultType(.divide, .decimal(precision: 1, scale: 0), .decimal(precision: 1, scale: 0))
        #expect(try Kernels.arithmetic(.divide, one, three, resultType: t, mode: .ansi).scalars == [dec(333333, 7, 6), dec(666667, 7, 6)])
        // Different scales: 1.5 (5,1) + 0.25 (5,2) = 1.75 (7,2)
        let x = Column.decimal([15], precision: 5, scale: 1), y = Column.decimal([25], precision: 5, scale: 2)
        let at = Kernels.decimalResultType(.add, x.type, y.type)
        #expect(try Kernels.arithmetic(.add, x, y, resultType: at, mode: .ansi).scalars == [dec(175, 7, 2)])
        #expect(try Kernels.arithmetic(.subtract, x, y, resultType: at, mode: .ansi).scalars == [dec(125, 7, 2)])
        // Division by zero and overflow.
        let z = Column.decimal([0, 1], precision: 1, scale: 0)
        #expect(try Kernels.arithmetic(.divide, one, z, resultType: t, mode: .tryNull).scalars == [.null, dec(2000000, 7, 6)])
        do { _ = try Kernels.arithmetic(.divide, one, z, resultType: t, mode: .ansi); Issue.record("no error") }
        catch let e as DataFlowError { #expect(e.errorClass == "DIVIDE_BY_ZERO") }
        let big = Column.decimal([Decimal128.maxUnscaled(precision: 38)], precision: 38, scale: 0)
        let bt = Kernels.decimalResultType(.add, big.type, big.type)
        #expect(bt == .decimal(precision: 38, scale: 0))
        #expect(throws: DataFlowError.self) { try Kernels.arithmetic(.add, big, big, resultType: bt, mode: .ansi) }
        #expect(try Kernels.arithmetic(.add, big, big, resultType: bt, mode: .tryNull).scalars == [.null])
        // Multiplication rounding HALF_UP after precision loss: (38,10) * (38,10) → scale 6.
        let p = Column.decimal([1_234_567_891], precision: 38, scale: 10)   // 0.1234567891
        let q = Column.decimal([10_000_000_000 + 5_000_000_000], precision: 38, scale: 10)   // 1.5
        let mt = Kernels.decimalResultType(.multiply, p.type, q.type)
        #expect(try Kernels.arithmetic(.multiply, p, q, resultType: mt, mode: .ansi).scalars == [dec(185185, 38, 6)])  // 0.18518518365 → 0.185185
        // Remainder keeps the dividend's sign.
        let r1 = Column.decimal([-75], precision: 3, scale: 1), r2 = Column.decimal([2], precision: 2, scale: 0)
        let rt = Kernels.decimalResultType(.remainder, r1.type, r2.type)
        #expect(try Kernels.arithmetic(.remainder, r1, r2, resultType: rt, mode: .ansi).scalars == [dec(-15, 3, 1)])
    }

    @Test func millionRows() throws {
        let n = 1_000_000
        let a = Column.int64((0..<n).map { Int64($0) }), b = Column.int64((0..<n).map { Int64($0 * 2) })
        let r = try Kernels.arithmetic(.add, a, b, resultType: .int64, mode: .ansi)
        let v = r.values(Int64.self)
        var ok = true
        for i in 0..<n where v[i] != Int64(i * 3) { ok = false }
        #expect(ok && r.count == n && r.validity == nil)
        let d = try Kernels.arithmetic(.multiply, Kernels.cast(a, to: .float64, mode: .ansi), Kernels.cast(b, to: .float64, mode: .ansi), resultType: .float64, mode: .ansi)
        #expect(d.values(Double.self)[999_999] == 999_999.0 * 1_999_998.0)
    }
}
