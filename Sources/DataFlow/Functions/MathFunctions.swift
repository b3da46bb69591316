import DataFlowColumnar
import DataFlowEngine

// Math functions (Spark's `functions`, math group).

public func abs(_ c: Column) -> Column { fn("abs", [c]) }
public func round(_ c: Column, _ scale: Int = 0) -> Column { fn("round", [c, lit(scale)]) }
public func bround(_ c: Column, _ scale: Int = 0) -> Column { fn("bround", [c, lit(scale)]) }
public func floor(_ c: Column) -> Column { fn("floor", [c]) }
public func ceil(_ c: Column) -> Column { fn("ceil", [c]) }
public func sqrt(_ c: Column) -> Column { fn("sqrt", [c]) }
public func pow(_ c: Column, _ e: some ColumnConvertible) -> Column { fn("pow", [c, e.column]) }
/// `try_add`, `try_subtract`, `try_multiply`, `try_divide`: NULL instead of an overflow/zero-division error.
public func try_add(_ a: Column, _ b: some ColumnConvertible) -> Column { Column(.arithmetic(.add, a.expr, b.column.expr, isTry: true)) }
public func try_subtract(_ a: Column, _ b: some ColumnConvertible) -> Column { Column(.arithmetic(.subtract, a.expr, b.column.expr, isTry: true)) }
public func try_multiply(_ a: Column, _ b: some ColumnConvertible) -> Column { Column(.arithmetic(.multiply, a.expr, b.column.expr, isTry: true)) }
public func try_divide(_ a: Column, _ b: some ColumnConvertible) -> Column { Column(.arithmetic(.divide, a.expr, b.column.expr, isTry: true)) }
