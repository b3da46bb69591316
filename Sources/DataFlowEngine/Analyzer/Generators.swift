import DataFlowColumnar

/// Generators in a select list (`explode`, `explode_outer`, `posexplode`, `posexplode_outer`): each input
/// row becomes one output row per array element, the other selected columns repeated.
///
/// The analyzer plans `SELECT e1, …, explode(arr) AS x, … FROM child` as
/// `Project(e1, …, pos?, x, …) ← MapBatches(Generate) ← Project(e1, …, arr) ← child`: the generate step
/// is a per-batch transform that gathers the repeated columns with one `take` and the elements with
/// another, so the optimizer treats it as a barrier (filters stay above it, pruning keeps its inputs).
enum Generators {
    static let names: Set<String> = ["explode", "explode_outer", "posexplode", "posexplode_outer"]

    /// The generator call in `e` (under an alias at most), with the alias written by the user.
    static func generator(_ e: Expr) -> (name: String, arg: Expr)? {
        switch e {
        case .alias(let inner, _): return generator(inner)
        case .function(let n, let a) where names.contains(n) && a.count == 1: return (n, a[0])
        default: return nil
        }
    }

    static func containsGenerator(_ e: Expr) -> Bool {
        e.contains { if case .function(let n, _) = $0 { return names.contains(n) }; return false }
    }

    /// The output columns of one generator call: `col` (arrays) or `key`, `value` (maps), preceded by
    /// `pos` for posexplode.
    static func outputNames(_ name: String, alias: String?, map: Bool) -> [String] {
        let values = map ? ["key", "value"] : [alias ?? "col"]
        return name.hasPrefix("pos") ? ["pos"] + values : values
    }

    /// The per-batch transform: input columns are the kept expressions, then the array; output columns
    /// are the kept expressions repeated, then `pos` (posexplode) and the elements.
    static func transform(name: String, input: [Attribute], output: [Field]) -> BatchTransform {
        let outer = name.hasSuffix("_outer"), withPos = name.hasPrefix("pos")
        let kept = input.count - 1
        let schema = Schema(output)
        return BatchTransform(name: "Generate \(name)", schema: schema, inputColumns: input.map(\.name)) { batch in
            let arr = batch.columns[kept]
            let elements = arr.elementColumn
            let mapValues = arr.mapValues?.column
            var rows: [Int32] = [], picks: [Int32] = [], pos: [Int32] = []
            rows.reserveCapacity(batch.rowCount)
            picks.reserveCapacity(batch.rowCount)
            var posValid: [Bool] = []
            for i in 0..<batch.rowCount {
                let r = arr.isValid(i) ? arr.arrayRange(i) : 0..<0
                if r.isEmpty {
                    guard outer else { continue }
                    rows.append(Int32(i))
                    picks.append(-1)
                    if withPos { pos.append(0); posValid.append(false) }
                    continue
                }
                for (k, j) in r.enumerated() {
                    rows.append(Int32(i))
                    picks.append(Int32(j))
                    if withPos { pos.append(Int32(k)); posValid.append(true) }
                }
            }
            var cols: [Column] = rows.withUnsafeBufferPointer { ix in batch.columns[0..<kept].map { $0.take(ix) } }
            if withPos {
                var b = ColumnBuilder(type: .int32, capacity: pos.count)
                for (p, ok) in zip(pos, posValid) { if ok { b.append(p) } else { b.appendNull() } }
                cols.append(b.finish())
            }
            cols.append(picks.withUnsafeBufferPointer { elements.take($0) })
            if let mapValues { cols.append(picks.withUnsafeBufferPointer { mapValues.take($0) }) }
            return RecordBatch(schema: schema, columns: cols, rowCount: rows.count)
        }
    }
}

extension Analyzer {
    /// Plans a select list holding a generator (see `Generators`); nil when there is none.
    /// `originals` are the select items as written (to tell a user's alias from a generated name).
    func planGenerator(_ originals: [Expr], _ resolved: [Expr], _ child: LogicalPlan) throws -> LogicalPlan? {
        guard resolved.contains(where: Generators.containsGenerator) else { return nil }
        var at: Int? = nil
        for (i, e) in resolved.enumerated() where Generators.containsGenerator(e) {
            guard Generators.generator(e) != nil else {
                throw DataFlowError("UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS",
                                    "The generator is not supported nested in expressions: \(e.unaliased). Select the generator on its own, then compute with its column in a second select.")
            }
            if at != nil {
                throw DataFlowError("UNSUPPORTED_GENERATOR.MULTI_GENERATOR",
                                    "Only one generator is allowed per select, but found more than one: \(resolved.filter(Generators.containsGenerator).map(\.unaliased)).")
            }
            at = i
        }
        guard let g = at, let gen = Generators.generator(resolved[g]) else { return nil }
        let (name, arg) = gen
        if resolved.contains(where: \.containsAggregate) || resolved.contains(where: \.containsWindow) {
            throw DataFlowError("UNSUPPORTED_GENERATOR.OUTSIDE_SELECT",
                                "A generator cannot be combined with aggregate or window functions in one select: aggregate first, then explode the result in a second select.")
        }
        var userAlias: String? = nil
        if case .alias(_, let a) = originals[g] { userAlias = a }

        // Below: the other select items (internal names) and the array.
        let kept = resolved.enumerated().filter { $0.offset != g }.map(\.element)
        var pre: [Expr] = kept.enumerated().map { k, e in .alias(e.unaliased, "__gen\(k)") }
        pre.append(.alias(arg, "__gen_array"))
        let preAttrs = pre.map { Analyzer.attribute(of: $0, childAttrs: []) }
        let mapTypes = arg.type.mapTypes
        let outNames = Generators.outputNames(name, alias: userAlias, map: mapTypes != nil)
        var fields = preAttrs.dropLast().map(\.field)
        if name.hasPrefix("pos") { fields.append(Field("__gen_pos", .int32, nullable: name.hasSuffix("_outer"))) }
        if let mapTypes {
            fields.append(Field("__gen_key", mapTypes.key, nullable: name.hasSuffix("_outer")))
            fields.append(Field("__gen_value", mapTypes.value, nullable: true))
        } else {
            fields.append(Field("__gen_col", arg.type.elementType ?? .null, nullable: true))
        }
        let t = Generators.transform(name: name, input: preAttrs, output: fields)

        // Above: the select order and names.
        var outer: [Expr] = []
        var k = 0
        for (i, e) in resolved.enumerated() {
            if i == g {
                for (j, n) in outNames.enumerated() {
                    let f = fields[kept.count + j]
                    outer.append(.alias(.bound(index: kept.count + j, type: f.type, nullable: f.nullable, name: f.name), n))
                }
            } else {
                let f = fields[k]
                outer.append(.alias(.bound(index: k, type: f.type, nullable: f.nullable, name: f.name), e.name))
                k += 1
            }
        }
        return .project(outer, .mapBatches(t, .project(pre, child)))
    }
}

extension Generators {
    /// Declared in the registry so that resolution, `:help`, completion and the docs know them; the
    /// analyzer replaces a generator in a select list before anything evaluates it.
    static let functions: [ScalarFunction] = [
        declare("explode", "explode(array | map)", "One row per element of `array`, in a column named `col` (for a map: one row per entry, columns `key` and `value`); rows whose array is NULL or empty produce nothing.",
                "SELECT explode(array(10, 20)) → two rows: 10, 20"),
        declare("explode_outer", "explode_outer(array)", "`explode`, but a NULL or empty array produces one row with a NULL `col`.",
                "SELECT explode_outer(array()) → one row: NULL"),
        declare("posexplode", "posexplode(array)", "One row per element of `array`: its 0-based position `pos` and the element `col`.",
                "SELECT posexplode(array('a', 'b')) → (0, a), (1, b)"),
        declare("posexplode_outer", "posexplode_outer(array)", "`posexplode`, but a NULL or empty array produces one row of NULLs.",
                "SELECT posexplode_outer(NULL) → (NULL, NULL)"),
    ]

    static func declare(_ name: String, _ signature: String, _ doc: String, _ example: String) -> ScalarFunction {
        ScalarFunction(name, category: "generator", signature: signature,
                       doc: doc + " Only one generator per select; it cannot be nested in another expression.",
                       example: example, arity: 1...1, coerce: { a in a[0].mapTypes != nil ? a : ArrayCoerce.array(a) },
                       returnType: { $0[0].elementType ?? $0[0].mapTypes?.value ?? .null }) { _, _ in
            throw DataFlowError("UNSUPPORTED_GENERATOR.OUTSIDE_SELECT", "\(name) is a generator: it can only be an item of a select list, as in SELECT \(name)(arr) FROM t.")
        }
    }
}
