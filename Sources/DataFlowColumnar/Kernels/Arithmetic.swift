/// Arithmetic on int32 / int64 / float64 columns, negation and absolute value. Decimals: DecimalArithmetic.swift.
extension Kernels {
    public static func arithmetic(_ op: ArithmeticOp, _ a: Column, _ b: Column, resultType: DataType,
                                  mode: ErrorMode) throws -> Column {
        let a = a.decoded(), b = b.decoded()
        precondition(a.count == b.count, "arithmetic: columns differ in length")
        let n = a.count
        if a.type == .null || b.type == .null { return Column.nulls(resultType, count: n) }
        if case .decimal = resultType { return try decimalArithmetic(op, a, b, resultType: resultType, mode: mode) }
        if a.type.isDecimal || b.type.isDecimal {
            throw DataFlowError.typeMismatch("arithmetic with a non-decimal result type", a.type.isDecimal ? a.type : b.type)
        }
        // The engine casts operands to one type; tolerate a differing result type by casting inputs to it.
        let x = a.type == resultType ? a : try cast(a, to: resultType, mode: mode)
        let y = b.type == resultType ? b : try cast(b, to: resultType, mode: mode)
        let validity = Bitmap.and(x.validity, y.validity, count: n)
        switch resultType {
        case .int32: return try integerArithmetic(op, Int32.self, x, y, validity: validity, mode: mode)
        case .int64: return try integerArithmetic(op, Int64.self, x, y, validity: validity, mode: mode)
        case .float64: return try doubleArithmetic(op, x, y, validity: validity, mode: mode)
        default: throw DataFlowError.typeMismatch("arithmetic", resultType)
        }
    }

    // MARK: integers

    /// `o = a + b` with wrapping; true when some row overflowed (sign-bit trick accumulated over the batch).
    @inlinable static func addWrapping<T: FixedWidthInteger & SignedInteger>(
        _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ o: UnsafeMutablePointer<T>, _ n: Int) -> Bool {
        var acc: T = 0
        for i in 0..<n {
            let x = a[i], y = b[i], r = x &+ y
            o[i] = r
            acc |= (x ^ r) & (y ^ r)
        }
        return acc < 0
    }

    @inlinable static func subtractWrapping<T: FixedWidthInteger & SignedInteger>(
        _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ o: UnsafeMutablePointer<T>, _ n: Int) -> Bool {
        var acc: T = 0
        for i in 0..<n {
            let x = a[i], y = b[i], r = x &- y
            o[i] = r
            acc |= (x ^ y) & (x ^ r)
        }
        return acc < 0
    }

    @inlinable static func multiplyWrapping<T: FixedWidthInteger & SignedInteger>(
        _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ o: UnsafeMutablePointer<T>, _ n: Int) -> Bool {
        var acc: T = 0
        for i in 0..<n {
            let (hi, lo) = a[i].multipliedFullWidth(by: b[i])
            let r = T(truncatingIfNeeded: lo)
            o[i] = r
            acc |= hi ^ (r >> (T.bitWidth - 1))   // non-zero iff the high half is not the sign extension
        }
        return acc != 0
    }

    @inlinable static func integerArithmetic<T: FixedWidthInteger & SignedInteger>(
        _ op: ArithmeticOp, _: T.Type, _ a: Column, _ b: Column, validity: Buffer?, mode: ErrorMode) throws -> Column {
        let n = a.count
        let out = Buffer(byteCount: n * MemoryLayout<T>.stride)
        let x = UnsafePointer(a.values.pointer(T.self)), y = UnsafePointer(b.values.pointer(T.self))
        let o = out.pointer(T.self)
        var resultValidity = validity
        let name = op == .add ? "integer addition" : op == .subtract ? "integer subtraction" : "integer multiplication"
        switch op {
        case .add, .subtract, .multiply:
            let overflow = op == .add ? addWrapping(x, y, o, n)
                : op == .subtract ? subtractWrapping(x, y, o, n) : multiplyWrapping(x, y, o, n)
            if overflow {
                resultValidity = try resolveErrors(count: n, validity: validity, mode: mode, isBad: { i in
                    switch op {
                    case .add: return x[i].addingReportingOverflow(y[i]).overflow
                    case .subtract: return x[i].subtractingReportingOverflow(y[i]).overflow
                    default: return x[i].multipliedReportingOverflow(by: y[i]).overflow
                    }
                }, error: { _ in DataFlowError.overflow(name) })
            }
        case .divide, .remainder:
            // No SIMD integer division: one branchy pass; zero divisors in null rows are ignored.
            var bad = false
            for i in 0..<n {
                let d = y[i]
                if d == 0 { bad = true; o[i] = 0; continue }
                if d == -1 { o[i] = op == .divide ? 0 &- x[i] : 0; if x[i] == T.min && op == .divide { bad = true }; continue }
                o[i] = op == .divide ? x[i] / d : x[i] % d
            }
            if bad {
                resultValidity = try resolveErrors(count: n, validity: validity, mode: mode,
                    isBad: { i in y[i] == 0 || (op == .divide && y[i] == -1 && x[i] == T.min) },
                    error: { i in y[i] == 0 ? (op == .divide ? DataFlowError.divideByZero() : DataFlowError.remainderByZero())
                        : DataFlowError.overflow("integer division") })
            }
        }
        return finish(a.type, out, validity: resultValidity, count: n)
    }

    // MARK: doubles

    static func doubleArithmetic(_ op: ArithmeticOp, _ a: Column, _ b: Column, validity: Buffer?,
                                 mode: ErrorMode) throws -> Column {
        let n = a.count
        let out = Buffer(byteCount: n * 8)
        let x = UnsafePointer(a.values.pointer(Double.self)), y = UnsafePointer(b.values.pointer(Double.self))
        let o = out.pointer(Double.self)
        var resultValidity = validity
        switch op {
        case .add: for i in 0..<n { o[i] = x[i] + y[i] }
        case .subtract: for i in 0..<n { o[i] = x[i] - y[i] }
        case .multiply: for i in 0..<n { o[i] = x[i] * y[i] }
        case .divide, .remainder:
            var zeros: UInt8 = 0
            if op == .divide {
                for i in 0..<n { let d = y[i]; o[i] = x[i] / d; zeros |= d == 0 ? 1 : 0 }
            } else {
                for i in 0..<n { let d = y[i]; o[i] = x[i].truncatingRemainder(dividingBy: d); zeros |= d == 0 ? 1 : 0 }
            }
            if zeros != 0 {
                resultValidity = try resolveErrors(count: n, validity: validity, mode: mode,
                                                   isBad: { y[$0] == 0 }, error: { _ in op == .divide ? DataFlowError.divideByZero() : DataFlowError.remainderByZero() })
            }
        }
        return finish(.float64, out, validity: resultValidity, count: n)
    }

    // MARK: unary

    /// `-a` (ANSI: negating the minimum integer overflows).
    public static func negate(_ a: Column, mode: ErrorMode) throws -> Column {
        let a = a.decoded()
        switch a.type {
        case .int32: return try negateInteger(Int32.self, a, mode: mode, abs: false)
        case .int64: return try negateInteger(Int64.self, a, mode: mode, abs: false)
        case .float64:
            let out = Buffer(byteCount: a.count * 8)
            let x = a.values.pointer(Double.self), o = out.pointer(Double.self)
            for i in 0..<a.count { o[i] = -x[i] }
            return finish(.float64, out, validity: a.validity, count: a.count)
        case .decimal(let p, let s):
            var u = unscaled(a)
            for i in 0..<u.count { u[i] = 0 - u[i] }
            return u.withUnsafeBufferPointer { decimalColumn($0, precision: p, scale: s, validity: a.validity) }
        case .null: return a
        default: throw DataFlowError.typeMismatch("negative", a.type)
        }
    }

    /// `abs(a)` (ANSI: `abs` of the minimum integer overflows).
    public static func abs(_ a: Column, mode: ErrorMode) throws -> Column {
        let a = a.decoded()
        switch a.type {
        case .int32: return try negateInteger(Int32.self, a, mode: mode, abs: true)
        case .int64: return try negateInteger(Int64.self, a, mode: mode, abs: true)
        case .float64:
            let out = Buffer(byteCount: a.count * 8)
            let x = a.values.pointer(Double.self), o = out.pointer(Double.self)
            for i in 0..<a.count { o[i] = Swift.abs(x[i]) }
            return finish(.float64, out, validity: a.validity, count: a.count)
        case .decimal(let p, let s):
            var u = unscaled(a)
            for i in 0..<u.count where u[i] < 0 { u[i] = 0 - u[i] }
            return u.withUnsafeBufferPointer { decimalColumn($0, precision: p, scale: s, validity: a.validity) }
        case .null: return a
        default: throw DataFlowError.typeMismatch("abs", a.type)
        }
    }

    @inlinable static func negateInteger<T: FixedWidthInteger & SignedInteger>(
        _: T.Type, _ a: Column, mode: ErrorMode, abs: Bool) throws -> Column {
        let n = a.count
        let out = Buffer(byteCount: n * MemoryLayout<T>.stride)
        let x = UnsafePointer(a.values.pointer(T.self)), o = out.pointer(T.self)
        var acc: T = 0
        if abs {
            for i in 0..<n { let v = x[i]; let m = v >> (T.bitWidth - 1); let r = (v ^ m) &- m; o[i] = r; acc |= r }
        } else {
            for i in 0..<n { let v = x[i]; let r = 0 &- v; o[i] = r; acc |= v & r }
        }
        var validity = a.validity
        if acc < 0 {  // only T.min maps to a negative result (abs) or to itself (negate)
            validity = try resolveErrors(count: n, validity: validity, mode: mode, isBad: { x[$0] == T.min },
                                         error: { _ in DataFlowError.overflow(abs ? "abs" : "integer negation") })
        }
        return finish(a.type, out, validity: validity, count: n)
    }
}
