import DataFlowColumnar
import DataFlowEngine

// Conditional and null functions (Spark's `functions`, conditional group).

public func coalesce(_ cols: Column...) -> Column { fn("coalesce", cols) }
public func isnan(_ c: Column) -> Column { fn("isnan", [c]) }
