import DataFlowColumnar

/// Concatenates its inputs' morsels.
final class UnionExec: PhysicalOperator {
    let inputs: [any PhysicalOperator]
    let schema: Schema
    var name: String { "Union" }
    var children: [any PhysicalOperator] { inputs }
    var details: String { "" }

    init(_ inputs: [any PhysicalOperator], schema: Schema) {
        self.inputs = inputs
        self.schema = schema
    }

    func open(_ ctx: ExecutionContext) throws -> MorselSource {
        let sources = try inputs.map { try $0.open(ctx) }
        var starts: [Int] = []
        var total = 0
        for s in sources { starts.append(total); total += s.count }
        let schema = self.schema
        let st = starts
        return MorselSource(count: total) { i in
            var k = st.count - 1
            while st[k] > i { k -= 1 }
            return try sources[k].produce(i - st[k]).with(schema: schema)
        }
    }
}
