// TEMPORARY: signatures of the kernels being written on the `kernels` branch. Deleted at merge.
public enum ArithmeticOp: Sendable { case add, subtract, multiply, divide, remainder }
public enum CompareOp: Sendable { case eq, ne, lt, le, gt, ge, eqNullSafe }
public enum Kernels {
    public static func arithmetic(_ op: ArithmeticOp, _ a: Column, _ b: Column, resultType: DataType, mode: ErrorMode) throws -> Column { a }
    public static func decimalResultType(_ op: ArithmeticOp, _ a: DataType, _ b: DataType) -> DataType { a }
    public static func negate(_ a: Column, mode: ErrorMode) throws -> Column { a }
    public static func abs(_ a: Column, mode: ErrorMode) throws -> Column { a }
    public static func compare(_ op: CompareOp, _ a: Column, _ b: Column) -> Column { a }
    public static func and(_ a: Column, _ b: Column) -> Column { a }
    public static func or(_ a: Column, _ b: Column) -> Column { a }
    public static func not(_ a: Column) -> Column { a }
    public static func isNull(_ a: Column) -> Column { a }
    public static func isNotNull(_ a: Column) -> Column { a }
    public static func isNaN(_ a: Column) -> Column { a }
    public static func cast(_ a: Column, to: DataType, mode: ErrorMode) throws -> Column { a }
    public static func like(_ a: Column, pattern: String, escape: Character = "\\", caseInsensitive: Bool = false) throws -> Column { a }
    public static func inList(_ a: Column, _ list: [Value]) -> Column { a }
    public static func caseWhen(conditions: [Column], values: [Column], otherwise: Column?, type: DataType) -> Column { values[0] }
    public static func coalesce(_ columns: [Column]) -> Column { columns[0] }
    public static func hash(_ columns: [Column], seed: UInt64 = 0) -> [UInt64] { [] }
    public static func upper(_ a: Column) -> Column { a }
    public static func lower(_ a: Column) -> Column { a }
    public static func length(_ a: Column) -> Column { a }
    public static func substring(_ a: Column, pos: Column, len: Column?) -> Column { a }
    public static func concat(_ columns: [Column]) -> Column { columns[0] }
    public static func trim(_ a: Column) -> Column { a }
    public static func ltrim(_ a: Column) -> Column { a }
    public static func rtrim(_ a: Column) -> Column { a }
    public static func round(_ a: Column, scale: Int, mode: ErrorMode) throws -> Column { a }
    public static func bround(_ a: Column, scale: Int, mode: ErrorMode) throws -> Column { a }
    public static func floor(_ a: Column) -> Column { a }
    public static func ceil(_ a: Column) -> Column { a }
    public static func sqrt(_ a: Column) -> Column { a }
    public static func pow(_ a: Column, _ b: Column) -> Column { a }
    public static func year(_ a: Column) -> Column { a }
    public static func month(_ a: Column) -> Column { a }
    public static func dayOfMonth(_ a: Column) -> Column { a }
    public static func dateAdd(_ d: Column, days: Column, mode: ErrorMode) throws -> Column { d }
    public static func dateSub(_ d: Column, days: Column, mode: ErrorMode) throws -> Column { d }
    public static func dateDiff(_ end: Column, _ start: Column) -> Column { end }
    public static func toDate(_ s: Column, format: String?, mode: ErrorMode) throws -> Column { s }
}
