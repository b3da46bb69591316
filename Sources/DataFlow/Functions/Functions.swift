import DataFlowColumnar
import DataFlowEngine

// Spark's `functions` as free functions: `col`, `lit`, `when`, aggregates and the core scalar set.
// Every scalar and aggregate here is declared once in the engine's FunctionRegistry.

/// A column by name.
public func col(_ name: String) -> Column { Column(name) }
/// A literal value.
public func lit(_ value: some ColumnConvertible) -> Column { value.column }
/// A typed NULL literal.
public func lit(null type: DataType) -> Column { Column(.cast(.literal(.null), type)) }

public func asc(_ name: String) -> SortColumn { col(name).asc }
public func desc(_ name: String) -> SortColumn { col(name).desc }
public func asc_nulls_last(_ name: String) -> SortColumn { col(name).ascNullsLast }
public func desc_nulls_first(_ name: String) -> SortColumn { col(name).descNullsFirst }

/// `when(cond, value)`, continued with `.when(...)` and `.otherwise(...)`.
public func when(_ condition: Column, _ value: some ColumnConvertible) -> Column {
    Column(.caseWhen([Expr.WhenClause(condition.expr, value.column.expr)], otherwise: nil))
}

/// Any registered function by name: `callFunction("upper", col("name"))`.
public func callFunction(_ name: String, _ args: Column...) -> Column { Column(.function(name, args.map(\.expr))) }

func fn(_ name: String, _ args: [Column]) -> Column { Column(.function(name, args.map(\.expr))) }
func agg(_ name: String, _ arg: Column, distinct: Bool = false) -> Column { Column(.aggregate(name, [arg.expr], distinct: distinct)) }
