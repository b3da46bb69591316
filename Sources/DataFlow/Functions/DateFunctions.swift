import DataFlowColumnar
import DataFlowEngine

// Date and time functions (Spark's `functions`, datetime group).

public func year(_ c: Column) -> Column { fn("year", [c]) }
public func month(_ c: Column) -> Column { fn("month", [c]) }
public func dayofmonth(_ c: Column) -> Column { fn("dayofmonth", [c]) }
public func date_add(_ c: Column, _ days: some ColumnConvertible) -> Column { fn("date_add", [c, days.column]) }
public func date_sub(_ c: Column, _ days: some ColumnConvertible) -> Column { fn("date_sub", [c, days.column]) }
public func datediff(_ end: Column, _ start: Column) -> Column { fn("datediff", [end, start]) }
public func to_date(_ c: Column, _ format: String? = nil) -> Column { fn("to_date", format.map { [c, lit($0)] } ?? [c]) }
