import DataFlowColumnar

/// Keeps the rows where the condition is true (NULL counts as false).
final class FilterExec: PhysicalOperator {
    let condition: Expr
    let child: any PhysicalOperator
    var name: String { "Filter" }
    var schema: Schema { child.schema }
    var children: [any PhysicalOperator] { [child] }
    var details: String { condition.description }

    init(_ condition: Expr, _ child: any PhysicalOperator) {
        self.condition = condition
        self.child = child
    }

    func open(_ ctx: ExecutionContext) throws -> MorselSource {
        let pred = try ExpressionEvaluator.compile(condition)
        return try child.open(ctx).map { try applyFilter($0, pred) }
    }
}
