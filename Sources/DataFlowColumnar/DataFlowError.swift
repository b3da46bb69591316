/// Every error DataFlow reports to users. `errorClass` follows Spark's error classes where one exists
/// (`DIVIDE_BY_ZERO`, `CAST_INVALID_INPUT`, `ARITHMETIC_OVERFLOW`, `UNRESOLVED_COLUMN`, …) so that
/// messages are searchable; `message` says what and where in the user's terms.
public struct DataFlowError: Error, Sendable, CustomStringConvertible, Equatable {
    public var errorClass: String
    public var message: String

    public init(_ errorClass: String, _ message: String) {
        self.errorClass = errorClass
        self.message = message
    }

    public var description: String { "[\(errorClass)] \(message)" }

    public static func divideByZero() -> DataFlowError {
        DataFlowError("DIVIDE_BY_ZERO", "Division by zero. Use `try_divide` to tolerate a zero divisor and return NULL instead.")
    }

    /// `x % 0` and `pmod(x, 0)` in ANSI mode (Spark's REMAINDER_BY_ZERO).
    public static func remainderByZero() -> DataFlowError {
        DataFlowError("REMAINDER_BY_ZERO", "Remainder by zero. Use `try_mod` to tolerate a zero divisor and return NULL instead.")
    }

    public static func overflow(_ what: String) -> DataFlowError {
        DataFlowError("ARITHMETIC_OVERFLOW", "\(what) overflowed. Use the `try_` form of the operation to return NULL instead.")
    }

    public static func castInvalid(_ value: String, to type: DataType) -> DataFlowError {
        DataFlowError("CAST_INVALID_INPUT",
                      "The value '\(value)' cannot be cast to \(type.sqlName) because it is malformed. Use `try_cast` to tolerate malformed input and return NULL instead.")
    }

    public static func castOverflow(_ value: String, to type: DataType) -> DataFlowError {
        DataFlowError("CAST_OVERFLOW",
                      "The value \(value) cannot be cast to \(type.sqlName) due to an overflow. Use `try_cast` to tolerate overflow and return NULL instead.")
    }

    public static func io(_ message: String) -> DataFlowError { DataFlowError("IO_ERROR", message) }
    public static func invalid(_ message: String) -> DataFlowError { DataFlowError("INVALID_ARGUMENT", message) }
}

/// How a kernel treats a value it cannot compute: ANSI mode raises, the `try_` forms return NULL.
public enum ErrorMode: Sendable {
    case ansi
    case tryNull
}
