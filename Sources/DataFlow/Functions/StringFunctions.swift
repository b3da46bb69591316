import DataFlowColumnar
import DataFlowEngine

// String functions (Spark's `functions`, string group).

public func upper(_ c: Column) -> Column { fn("upper", [c]) }
public func lower(_ c: Column) -> Column { fn("lower", [c]) }
public func length(_ c: Column) -> Column { fn("length", [c]) }
public func substring(_ c: Column, _ pos: Int, _ len: Int) -> Column { fn("substring", [c, lit(pos), lit(len)]) }
public func concat(_ cols: Column...) -> Column { fn("concat", cols) }
public func trim(_ c: Column) -> Column { fn("trim", [c]) }
public func ltrim(_ c: Column) -> Column { fn("ltrim", [c]) }
public func rtrim(_ c: Column) -> Column { fn("rtrim", [c]) }
public func substring_index(_ c: Column, _ delim: String, _ count: Int) -> Column { fn("substring_index", [c, lit(delim), lit(count)]) }
