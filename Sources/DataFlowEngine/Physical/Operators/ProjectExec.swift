import DataFlowColumnar

/// Computes the output columns of each morsel.
final class ProjectExec: PhysicalOperator {
    let exprs: [Expr]
    let child: any PhysicalOperator
    let schema: Schema
    var name: String { "Project" }
    var children: [any PhysicalOperator] { [child] }
    var details: String { describeList(exprs) }

    init(_ exprs: [Expr], _ child: any PhysicalOperator, schema: Schema) {
        self.exprs = exprs
        self.child = child
        self.schema = schema
    }

    func open(_ ctx: ExecutionContext) throws -> MorselSource {
        let compiled = try exprs.map(ExpressionEvaluator.compile)
        let schema = self.schema
        return try child.open(ctx).map { b in
            RecordBatch(schema: schema, columns: try compiled.map { try $0.evaluate(b) }, rowCount: b.rowCount)
        }
    }
}
