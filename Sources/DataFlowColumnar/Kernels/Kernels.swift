/// Vectorised compute kernels over `Column`s. Every kernel takes decoded (non-dictionary) columns of equal
/// length, treats nulls as Spark does, and returns a new column whose null slots hold zero bytes.
public enum Kernels {}

/// Binary arithmetic operators. `divide` is Spark's `/` (float64 or decimal inputs; on integral inputs it is
/// integral division like Spark's `div`), `remainder` is `%` (sign of the dividend).
public enum ArithmeticOp: Sendable { case add, subtract, multiply, divide, remainder }

/// Comparison operators; `eqNullSafe` is `<=>` and never returns null.
public enum CompareOp: Sendable { case eq, ne, lt, le, gt, ge, eqNullSafe }

extension CompareOp {
    /// The operator with its operands swapped: `a < b` is `b > a` (`5 < x` is `x > 5`).
    public var flipped: CompareOp {
        switch self {
        case .lt: return .gt
        case .le: return .ge
        case .gt: return .lt
        case .ge: return .le
        default: return self
        }
    }
}

extension DataFlowError {
    public static func numericOutOfRange(_ value: String, precision: Int, scale: Int) -> DataFlowError {
        DataFlowError("NUMERIC_VALUE_OUT_OF_RANGE",
                      "\(value) cannot be represented as Decimal(\(precision), \(scale)). Use `try_cast` to tolerate overflow and return NULL instead.")
    }

    public static func castUnsupported(from: DataType, to: DataType) -> DataFlowError {
        DataFlowError("DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION",
                      "Cannot cast \(from.sqlName) to \(to.sqlName).")
    }

    public static func cannotParseTimestamp(_ value: String, pattern: String) -> DataFlowError {
        DataFlowError("CANNOT_PARSE_TIMESTAMP",
                      "Text '\(value)' could not be parsed with pattern '\(pattern)'. Use `try_to_timestamp` to tolerate invalid input string and return NULL instead.")
    }

    public static func typeMismatch(_ what: String, _ type: DataType) -> DataFlowError {
        DataFlowError("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "\(what) does not support input type \(type.sqlName).")
    }
}

extension Kernels {
    /// Bit `i` of an optional validity bitmap (nil = valid).
    @inlinable static func valid(_ v: UnsafePointer<UInt8>?, _ i: Int) -> Bool {
        guard let v else { return true }
        return (v[i &>> 3] &>> UInt8(i & 7)) & 1 != 0
    }

    @inlinable static func bits(_ b: Buffer?) -> UnsafePointer<UInt8>? { b.map { UnsafePointer($0.pointer(UInt8.self)) } }

    /// A fresh copy of a validity bitmap (all valid when nil).
    @usableFromInline static func copyValidity(_ v: Buffer?, count: Int) -> Buffer {
        let n = Bitmap.byteCount(for: count)
        guard let v else { return Bitmap.allValid(count) }
        let out = Buffer(byteCount: n)
        out.raw.copyMemory(from: v.raw, byteCount: n)
        return out
    }

    /// Drops an all-valid bitmap.
    @usableFromInline static func normalized(_ v: Buffer?, count: Int) -> Buffer? {
        guard let v else { return nil }
        return Bitmap.countUnset(v, count: count) == 0 ? nil : v
    }

    /// The slow path after a vectorised pass flagged a possible error: finds the valid rows for which
    /// `isBad` holds; ANSI mode throws `error(row)` for the first, try mode returns `validity` with them cleared.
    @usableFromInline static func resolveErrors(count: Int, validity: Buffer?, mode: ErrorMode,
                                                isBad: (Int) -> Bool,
                                                error: (Int) -> DataFlowError) throws -> Buffer? {
        let vp = bits(validity)
        var out: Buffer? = nil
        for i in 0..<count where valid(vp, i) && isBad(i) {
            if mode == .ansi { throw error(i) }
            if out == nil { out = copyValidity(validity, count: count) }
            Bitmap.set(out!.pointer(UInt8.self), i, false)
        }
        return out ?? validity
    }

    /// Writes zero into every null slot of a fixed-width values buffer (keeps the layout invariant).
    @usableFromInline static func zeroNullSlots(_ values: Buffer, width: Int, validity: Buffer?, count: Int) {
        guard let validity else { return }
        let v = validity.pointer(UInt8.self)
        let nb = Bitmap.byteCount(for: count)
        for byte in 0..<nb where v[byte] != 0xFF {
            let base = byte &<< 3
            for k in 0..<8 where base + k < count && (v[byte] &>> UInt8(k)) & 1 == 0 {
                (values.raw + (base + k) * width).initializeMemory(as: UInt8.self, repeating: 0, count: width)
            }
        }
    }

    /// A fixed-width column from a filled buffer, zeroing null slots.
    @usableFromInline static func finish(_ type: DataType, _ values: Buffer, validity: Buffer?, count: Int) -> Column {
        let v = normalized(validity, count: count)
        zeroNullSlots(values, width: type.byteWidth, validity: v, count: count)
        return Column(type: type, count: count, values: values, validity: v)
    }

    /// Unscaled decimal values of a decimal or integral column, widened to `Int128` (one allocation per batch).
    @usableFromInline static func unscaled(_ c: Column) -> [Int128] {
        let n = c.count
        var out = [Int128](repeating: 0, count: n)
        out.withUnsafeMutableBufferPointer { o in
            switch c.type {
            case .int32: let p = c.values.pointer(Int32.self); for i in 0..<n { o[i] = Int128(p[i]) }
            case .int64: let p = c.values.pointer(Int64.self); for i in 0..<n { o[i] = Int128(p[i]) }
            case .decimal(let prec, _) where prec <= 18:
                let p = c.values.pointer(Int64.self); for i in 0..<n { o[i] = Int128(p[i]) }
            case .decimal: let p = c.values.pointer(Int128.self); for i in 0..<n { o[i] = p[i] }
            default: break
            }
        }
        return out
    }

    /// Scale of a decimal (0 for integral types).
    @usableFromInline static func scaleOf(_ t: DataType) -> Int {
        if case .decimal(_, let s) = t { return s }
        return 0
    }

    /// Decimal type an integral type widens to (Spark: int → decimal(10,0), bigint → decimal(20,0)).
    @usableFromInline static func asDecimalType(_ t: DataType) -> (precision: Int, scale: Int)? {
        switch t {
        case .decimal(let p, let s): return (p, s)
        case .int32: return (10, 0)
        case .int64: return (20, 0)
        default: return nil
        }
    }

    /// Stores unscaled values into a decimal column of `precision`/`scale`.
    @usableFromInline static func decimalColumn(_ u: UnsafeBufferPointer<Int128>, precision: Int, scale: Int,
                                                validity: Buffer?) -> Column {
        let n = u.count
        let type = DataType.decimal(precision: precision, scale: scale)
        let out = Buffer(byteCount: n * type.byteWidth)
        if precision <= 18 {
            let o = out.pointer(Int64.self)
            for i in 0..<n { o[i] = Int64(truncatingIfNeeded: u[i]) }
        } else {
            let o = out.pointer(Int128.self)
            for i in 0..<n { o[i] = u[i] }
        }
        return finish(type, out, validity: validity, count: n)
    }

    /// Literal spelling of a value in error messages, as Spark prints it (`100L`, `1.0E10D`, `1.50BD`).
    @usableFromInline static func literal(_ c: Column, _ i: Int) -> String {
        let v = c.value(i)
        switch v {
        case .int64(let x): return "\(x)L"
        case .double(let d): return formatDouble(d) + "D"
        case .decimal: return v.description + "BD"
        case .string(let s): return "'\(s)'"
        default: return v.description
        }
    }
}
