import DataFlowColumnar

/// Resolves names and types: turns column names into bound references, expands `*`, checks aggregates,
/// applies Spark's implicit casts, and reports errors in the user's terms.
public struct Analyzer: Sendable {
    public init() {}

    public func analyze(_ plan: LogicalPlan) throws -> LogicalPlan { try resolve(plan) }

    /// Resolves an expression that reads no column (constants: LIMIT counts, VALUES rows).
    public func analyzeExpression(_ e: Expr) throws -> Expr { try resolveExpr(e, []) }

    /// Output columns of a resolved plan.
    public static func attributes(_ plan: LogicalPlan) -> [Attribute] {
        switch plan {
        case .scan(let s): return s.fields.map { Attribute(name: $0.name, type: $0.type, nullable: $0.nullable) }
        case .project(let exprs, let child):
            let c = attributes(child)
            return exprs.map { attribute(of: $0, childAttrs: c) }
        case .aggregate(_, let outputs, let child):
            let c = attributes(child)
            return outputs.map { attribute(of: $0, childAttrs: c) }
        case .window(let exprs, let child):
            let c = attributes(child)
            return c + exprs.map { attribute(of: $0, childAttrs: c) }
        case .filter(_, let c), .sort(_, let c), .limit(_, _, let c), .topN(_, _, let c), .deduplicate(_, let c),
             .sample(_, _, _, let c), .cached(_, let c), .windowGroupLimit(_, _, _, _, let c):
            return attributes(c)
        case .alias(let name, let c):
            return attributes(c).map { a in
                var a = a
                a.qualifiers = name.hasPrefix("#") ? a.qualifiers + [name] : [name] + a.qualifiers.filter { $0.hasPrefix("#") }
                return a
            }
        case .join(let l, let r, let t, _):
            var la = attributes(l), ra = attributes(r)
            switch t {
            case .leftSemi, .leftAnti: return la
            case .left: ra = ra.map { var a = $0; a.nullable = true; return a }
            case .right: la = la.map { var a = $0; a.nullable = true; return a }
            case .full:
                la = la.map { var a = $0; a.nullable = true; return a }
                ra = ra.map { var a = $0; a.nullable = true; return a }
            default: break
            }
            return la + ra
        case .usingJoin(let l, _, _, _): return attributes(l)
        case .mapBatches(let t, let c):
            return t.filtersRows ? attributes(c) : t.schema.fields.map { Attribute(name: $0.name, type: $0.type, nullable: $0.nullable) }
        case .union(let children, _, _):
            guard let first = children.first else { return [] }
            var out = attributes(first)
            for c in children.dropFirst() {
                for (i, a) in attributes(c).enumerated() where i < out.count {
                    out[i].nullable = out[i].nullable || a.nullable
                }
            }
            return out.map { var a = $0; a.qualifiers = []; return a }
        }
    }

    static func attribute(of e: Expr, childAttrs: [Attribute]) -> Attribute {
        var quals: [String] = []
        if case .bound(let i, _, _, _) = e, i < childAttrs.count { quals = childAttrs[i].qualifiers }
        return Attribute(name: e.name, type: e.type, nullable: e.nullable, qualifiers: quals)
    }

    // MARK: - Plans

    func resolve(_ plan: LogicalPlan) throws -> LogicalPlan {
        switch plan {
        case .scan: return plan
        case .project(let exprs, let child):
            let c = try resolve(child)
            let attrs = Analyzer.attributes(c)
            let expanded = try expandStars(exprs, attrs)
            let resolved = try expanded.map { try named($0, try resolveExpr($0, attrs)) }
            if let generate = try planGenerator(expanded, resolved, c) { return generate }
            if resolved.contains(where: \.containsWindow) {
                if resolved.contains(where: \.containsAggregate) {
                    throw DataFlowError("UNSUPPORTED_WINDOW_OVER_AGGREGATE",
                                        "A select mixes aggregate functions with window functions. Aggregate first (agg(...)), then compute the window functions in a second select.")
                }
                return try extractWindows(resolved, c)
            }
            if resolved.contains(where: \.containsAggregate) {
                try checkAggregate(groupBy: [], outputs: resolved)
                return .aggregate(groupBy: [], outputs: resolved, c)
            }
            return .project(resolved, c)
        case .filter(let cond, let child):
            let c = try resolve(child)
            let (es, widened) = try resolveWithMissing([cond], c)
            let e = es[0]
            if e.containsWindow { throw windowNotAllowed("WHERE", cond) }
            if e.containsAggregate {
                throw DataFlowError("INVALID_WHERE_CONDITION", "The filter \(cond) contains an aggregate function; filter on the aggregated column after groupBy(...).agg(...) instead.")
            }
            let filtered = LogicalPlan.filter(try boolean(e, "filter condition"), widened ?? c)
            return widened == nil ? filtered : restrict(filtered, to: c)
        case .aggregate(let groupBy, let outputs, let child):
            let c = try resolve(child)
            let attrs = Analyzer.attributes(c)
            // A grouping key's alias (`groupBy((col("id") % 10).as("m"))`) names only its output column.
            let g = try groupBy.map { try resolveExpr($0, attrs).unaliased }
            let o = try expandStars(outputs, attrs).map { try named($0, try resolveExpr($0, attrs)) }
            for e in g where e.containsWindow { throw windowNotAllowed("GROUP BY", e) }
            for e in o where e.containsWindow {
                throw DataFlowError("WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE",
                                    "It is not allowed to use window functions inside agg(...): \(e). Aggregate first, then select the window function over the result.")
            }
            for e in g where e.type.containsMap {
                throw DataFlowError("GROUP_EXPRESSION_TYPE_IS_NOT_ORDERABLE", "Cannot group by \(e): its type \(e.type.sqlName) is a map, which cannot be compared.")
            }
            for e in g where e.containsAggregate {
                throw DataFlowError("GROUP_BY_AGGREGATE", "Aggregate functions are not allowed in GROUP BY, but found \(e).")
            }
            try checkAggregate(groupBy: g, outputs: o)
            return .aggregate(groupBy: g, outputs: o, c)
        case .join(let l, let r, let type, let on):
            let lp = try resolve(l), rp = try resolve(r)
            guard let on else { return .join(lp, rp, type, on: nil) }
            let attrs = Analyzer.attributes(lp) + Analyzer.attributes(rp)
            let cond = try boolean(try resolveExpr(on, attrs), "join condition")
            if cond.containsWindow { throw windowNotAllowed("JOIN condition", on) }
            return .join(lp, rp, type, on: cond)
        case .usingJoin(let l, let r, let type, let columns):
            return try resolveUsingJoin(try resolve(l), try resolve(r), type, columns)
        case .sort(let orders, let child):
            let c = try resolve(child)
            let (keys, widened) = try resolveWithMissing(orders.map(\.expr), c)
            for k in keys where k.containsWindow { throw windowNotAllowed("ORDER BY", k) }
            for k in keys where k.type.containsMap {
                throw DataFlowError("DATATYPE_MISMATCH.INVALID_ORDERING_TYPE", "Cannot sort by \(k.unaliased): the type \(k.type.sqlName) is a map, which has no order.")
            }
            let sorted = LogicalPlan.sort(zip(orders, keys).map { SortOrder($1, ascending: $0.ascending, nullsFirst: $0.nullsFirst) }, widened ?? c)
            return widened == nil ? sorted : restrict(sorted, to: c)
        case .topN(let n, let orders, let child):
            let c = try resolve(child)
            let attrs = Analyzer.attributes(c)
            return .topN(n, try orders.map { SortOrder(try resolveExpr($0.expr, attrs), ascending: $0.ascending, nullsFirst: $0.nullsFirst) }, c)
        case .limit(let n, let off, let child):
            guard n >= 0, off >= 0 else { throw DataFlowError.invalid("limit and offset must not be negative (got limit \(n), offset \(off))") }
            return .limit(n, offset: off, try resolve(child))
        case .deduplicate(let keys, let child):
            let c = try resolve(child)
            let attrs = Analyzer.attributes(c)
            if let keys { for k in keys { _ = try resolveExpr(.column(k), attrs) } }
            return .deduplicate(keys: keys, c)
        case .sample(let f, let w, let s, let child):
            guard f >= 0, w || f <= 1 else {
                throw DataFlowError.invalid("sample fraction must be in [0, 1] without replacement (got \(f))")
            }
            return .sample(fraction: f, withReplacement: w, seed: s, try resolve(child))
        case .alias(let n, let child): return .alias(n, try resolve(child))
        case .cached(let e, let child): return .cached(e, try resolve(child))
        case .window(let exprs, let child):
            let c = try resolve(child)
            let attrs = Analyzer.attributes(c)
            return .window(try exprs.map { try named($0, try resolveExpr($0, attrs)) }, c)
        case .windowGroupLimit(let p, let o, let f, let k, let child):
            // Made by the optimizer from resolved expressions; only its child can need resolving.
            return .windowGroupLimit(partitionBy: p, orderBy: o, function: f, limit: k, try resolve(child))
        case .mapBatches(let t, let child):
            let c = try resolve(child)
            let names = Analyzer.attributes(c).map(\.name)
            let missing = t.inputColumns.filter { n in !names.contains { $0.lowercased() == n.lowercased() } }
            if !missing.isEmpty {
                throw DataFlowError("UNRESOLVED_COLUMN", "\(t.name) reads column(s) \(missing.map { "`\($0)`" }.joined(separator: ", ")) that its input does not have; input columns: \(names.joined(separator: ", "))")
            }
            return .mapBatches(t, c)
        case .union(let children, let byName, let allowMissing):
            return try resolveUnion(try children.map(resolve), byName: byName, allowMissing: allowMissing)
        }
    }

    /// Resolves `exprs` over `child`'s output. As Spark's ResolveMissingReferences does for sorts and
    /// filters, a column missing from a projection's output (`df.select("name").orderBy("age")`) is
    /// resolved in the projection's input and carried through it: the result then names a widened
    /// child (the projection plus the missing columns), and the caller drops them again above.
    func resolveWithMissing(_ exprs: [Expr], _ child: LogicalPlan) throws -> ([Expr], LogicalPlan?) {
        let attrs = Analyzer.attributes(child)
        do {
            return (try exprs.map { try resolveExpr($0, attrs) }, nil)
        } catch let err as DataFlowError where err.errorClass == "UNRESOLVED_COLUMN" {
            guard let (projected, original, rewrap) = Analyzer.projectionUnder(child) else { throw err }
            var input = original
            var extra: [Expr] = []
            let resolved = try exprs.map { e in
                try e.transformUp { node -> Expr in
                    guard case .column(let name, let q) = node else { return try coerce(node) }
                    do {
                        return try resolveColumn(name, q, attrs)
                    } catch let miss as DataFlowError where miss.errorClass == "UNRESOLVED_COLUMN" {
                        // Found in the projection's input, or carried up from further below it.
                        guard let (refs, deeper) = try? resolveWithMissing([node], input),
                              case .bound(_, let t, let n, let nm) = refs[0] else { throw miss }
                        if let deeper { input = deeper }
                        let k = extra.firstIndex(of: refs[0]) ?? { extra.append(refs[0]); return extra.count - 1 }()
                        return .bound(index: projected.count + k, type: t, nullable: n, name: nm)
                    }
                }
            }
            return (resolved, rewrap(.project(projected + extra, input)))
        }
    }

    /// The projection at the top of `plan` (under table aliases, filters and sorts, which pass extra
    /// columns through), its input, and how to put the nodes above it back.
    static func projectionUnder(_ plan: LogicalPlan) -> ([Expr], LogicalPlan, (LogicalPlan) -> LogicalPlan)? {
        switch plan {
        case .project(let exprs, let input): return (exprs, input, { $0 })
        case .alias(_, let inner), .filter(_, let inner), .sort(_, let inner):
            guard let (exprs, input, wrap) = projectionUnder(inner) else { return nil }
            return (exprs, input, { plan.withChildren([wrap($0)]) })
        default: return nil
        }
    }

    /// `plan` (over a widened child) projected back to the columns of `original`.
    func restrict(_ plan: LogicalPlan, to original: LogicalPlan) -> LogicalPlan {
        let attrs = Analyzer.attributes(original)
        return .project(attrs.indices.map { .bound(index: $0, type: attrs[$0].type, nullable: attrs[$0].nullable, name: attrs[$0].name) }, plan)
    }

    /// Output columns keep the name the user wrote (Spark names `avg(rating)`, not the coerced form).
    func named(_ original: Expr, _ resolved: Expr) throws -> Expr {
        switch (original, resolved) {
        case (.alias, _), (_, .bound), (_, .alias): return resolved
        default: return .alias(resolved, original.description)
        }
    }

    func expandStars(_ exprs: [Expr], _ attrs: [Attribute]) throws -> [Expr] {
        var out: [Expr] = []
        for e in exprs {
            if case .star(let q) = e {
                // Columns the SQL planner adds for subqueries (`__hidden_…`) are not part of `*`.
                let matching = attrs.indices.filter {
                    !attrs[$0].name.hasPrefix("__hidden_") && (q == nil || attrs[$0].qualifiers.contains { $0.lowercased() == q!.lowercased() })
                }
                if matching.isEmpty, let q { throw DataFlowError("UNRESOLVED_STAR", "No table or alias named `\(q)` to expand \(q).*") }
                out += matching.map { .bound(index: $0, type: attrs[$0].type, nullable: attrs[$0].nullable, name: attrs[$0].name) }
            } else {
                out.append(e)
            }
        }
        return out
    }

    /// Every column an output reads outside an aggregate must be a grouping expression.
    func checkAggregate(groupBy: [Expr], outputs: [Expr]) throws {
        func check(_ e: Expr) throws {
            if groupBy.contains(e) { return }
            switch e {
            case .aggregate(_, let args, _), .udaf(_, let args):
                for a in args where a.containsAggregate {
                    throw DataFlowError("NESTED_AGGREGATE_FUNCTION", "The argument of \(e) is itself an aggregate: \(a).")
                }
            case .bound(_, _, _, let name):
                throw DataFlowError("MISSING_AGGREGATION",
                                    "The column `\(name)` is neither in the groupBy columns [\(groupBy.map(\.name).joined(separator: ", "))] nor inside an aggregate function. Add it to groupBy, or wrap it in first(), any_value() or another aggregate.")
            default:
                for c in e.children { try check(c) }
            }
        }
        for o in outputs { try check(o.unaliased) }
    }

    func resolveUsingJoin(_ l: LogicalPlan, _ r: LogicalPlan, _ type: JoinType, _ columns: [String]) throws -> LogicalPlan {
        let la = Analyzer.attributes(l), ra = Analyzer.attributes(r)
        var conds: [Expr] = []
        var lIdx: [Int] = [], rIdx: [Int] = []
        for c in columns {
            guard let li = la.firstIndex(where: { $0.name.lowercased() == c.lowercased() }) else {
                throw DataFlowError("UNRESOLVED_USING_COLUMN_FOR_JOIN",
                                    "The join column `\(c)` is not in the left side's columns [\(la.map(\.name).joined(separator: ", "))].")
            }
            guard let ri = ra.firstIndex(where: { $0.name.lowercased() == c.lowercased() }) else {
                throw DataFlowError("UNRESOLVED_USING_COLUMN_FOR_JOIN",
                                    "The join column `\(c)` is not in the right side's columns [\(ra.map(\.name).joined(separator: ", "))].")
            }
            lIdx.append(li)
            rIdx.append(ri)
            let le = Expr.bound(index: li, type: la[li].type, nullable: la[li].nullable, name: la[li].name)
            let re = Expr.bound(index: la.count + ri, type: ra[ri].type, nullable: ra[ri].nullable, name: ra[ri].name)
            conds.append(try coerce(.comparison(.eq, le, re)))
        }
        let join = LogicalPlan.join(l, r, type, on: Expr.conjunction(conds))
        if type == .leftSemi || type == .leftAnti { return join }
        let joined = Analyzer.attributes(join)
        func ref(_ i: Int) -> Expr { .bound(index: i, type: joined[i].type, nullable: joined[i].nullable, name: joined[i].name) }
        var outputs: [Expr] = []
        for k in columns.indices {
            let li = lIdx[k], ri = la.count + rIdx[k]
            switch type {
            case .right: outputs.append(ref(ri))
            case .full:
                let t = widerType(joined[li].type, joined[ri].type) ?? joined[li].type
                outputs.append(.alias(.function("coalesce", [castIfNeeded(ref(li), t), castIfNeeded(ref(ri), t)]), la[lIdx[k]].name))
            default: outputs.append(ref(li))
            }
        }
        for i in 0..<la.count where !lIdx.contains(i) { outputs.append(ref(i)) }
        for i in 0..<ra.count where !rIdx.contains(i) { outputs.append(ref(la.count + i)) }
        return .project(outputs, join)
    }

    func resolveUnion(_ children: [LogicalPlan], byName: Bool, allowMissing: Bool) throws -> LogicalPlan {
        guard let first = children.first else { throw DataFlowError.invalid("union of no inputs") }
        var fa = Analyzer.attributes(first)
        var aligned: [LogicalPlan] = [first]
        if byName && allowMissing {
            // Spark: the output is the first input's columns, then each later input's new columns;
            // a column an input lacks is NULL there.
            for c in children.dropFirst() {
                for a in Analyzer.attributes(c) where !fa.contains(where: { $0.name.lowercased() == a.name.lowercased() }) {
                    fa.append(a)
                }
            }
            aligned = []
        }
        for (n, c) in (aligned.isEmpty ? Array(children) : Array(children.dropFirst())).enumerated() {
            let inputNumber = aligned.isEmpty ? n + 1 : n + 2
            let ca = Analyzer.attributes(c)
            if byName {
                var exprs: [Expr] = []
                for a in fa {
                    if let i = ca.firstIndex(where: { $0.name.lowercased() == a.name.lowercased() }) {
                        exprs.append(.bound(index: i, type: ca[i].type, nullable: ca[i].nullable, name: ca[i].name))
                    } else if allowMissing {
                        exprs.append(.alias(.literal(.null), a.name))
                    } else {
                        throw DataFlowError("UNRESOLVED_COLUMN",
                                            "unionByName: column `\(a.name)` is missing from input \(inputNumber), which has [\(ca.map(\.name).joined(separator: ", "))]. Pass allowMissingColumns: true to fill it with NULL.")
                    }
                }
                if !allowMissing, ca.count > fa.count {
                    let extra = ca.filter { c in !fa.contains { $0.name.lowercased() == c.name.lowercased() } }.map(\.name)
                    throw DataFlowError("NUM_COLUMNS_MISMATCH", "unionByName: input \(inputNumber) has columns [\(extra.joined(separator: ", "))] that the first input lacks.")
                }
                let identity = exprs.count == ca.count && exprs.enumerated().allSatisfy { k, e in
                    if case .bound(let i, _, _, _) = e { return i == k }
                    return false
                }
                aligned.append(identity ? c : .project(exprs, c))
            } else {
                guard ca.count == fa.count else {
                    throw DataFlowError("NUM_COLUMNS_MISMATCH",
                                        "union needs inputs with the same number of columns, but the first has \(fa.count) and input \(inputNumber) has \(ca.count).")
                }
                aligned.append(c)
            }
        }
        // Widen types column by column.
        let attrsList = aligned.map { Analyzer.attributes($0) }
        var types: [DataType] = []
        for i in 0..<fa.count {
            guard let t = commonType(attrsList.map { $0[i].type }) else {
                throw DataFlowError("INCOMPATIBLE_COLUMN_TYPE",
                                    "union: column \(i + 1) (`\(fa[i].name)`) has incompatible types \(attrsList.map { $0[i].type.sqlName }.joined(separator: " and ")).")
            }
            types.append(t)
        }
        let casted: [LogicalPlan] = zip(aligned, attrsList).map { plan, attrs in
            if zip(attrs, types).allSatisfy({ $0.type == $1 }) { return plan }
            let exprs: [Expr] = attrs.indices.map { i in
                let r = Expr.bound(index: i, type: attrs[i].type, nullable: attrs[i].nullable, name: attrs[i].name)
                return attrs[i].type == types[i] ? r : .alias(.cast(r, types[i]), fa[i].name)
            }
            return .project(exprs, plan)
        }
        return .union(casted, byName: false, allowMissing: false)
    }

    // MARK: - Expressions

    func resolveExpr(_ e: Expr, _ attrs: [Attribute]) throws -> Expr {
        let r = try e.transformUp { node in
            switch node {
            case .column(let name, let q): return try resolveColumn(name, q, attrs)
            default: return try coerce(node)
            }
        }
        try checkWindowFunctionsHaveOver(r, underOver: false)
        return r
    }

    func resolveColumn(_ name: String, _ qualifier: String?, _ attrs: [Attribute]) throws -> Expr {
        func matches(_ n: String, _ q: String?) -> [Int] {
            let ln = n.lowercased(), lq = q?.lowercased()
            return attrs.indices.filter { i in
                attrs[i].name.lowercased() == ln && (lq == nil || attrs[i].qualifiers.contains { $0.lowercased() == lq })
            }
        }
        var found = matches(name, qualifier)
        if found.isEmpty, qualifier == nil, let dot = name.firstIndex(of: ".") {
            found = matches(String(name[name.index(after: dot)...]), String(name[..<dot]))
        }
        if found.count > 1, let q = qualifier, q.hasPrefix("#") {
            // `df.col("x")` where both join inputs come from df (one derived from it): like Spark Connect's
            // plan-id resolution, prefer the input that is df itself: there, every DataFrame tag added after
            // df's is one the candidates share (tags of frames built on the join), none from a frame between.
            let tags = found.map { attrs[$0].qualifiers.filter { $0.hasPrefix("#") }.map { $0.lowercased() } }
            let common = tags.dropFirst().reduce(Set(tags[0])) { $0.intersection($1) }
            let nearest = found.indices.filter { k in
                guard let pos = tags[k].lastIndex(of: q.lowercased()) else { return false }
                return tags[k][(pos + 1)...].allSatisfy { common.contains($0) }
            }.map { found[$0] }
            if !nearest.isEmpty { found = nearest }
        }
        if found.count > 1 {
            // The same underlying column reached twice (e.g. a using-join key) is not ambiguous.
            throw DataFlowError("AMBIGUOUS_REFERENCE",
                                "Column `\(name)` is ambiguous: it could be \(found.map { attrs[$0].displayName }.joined(separator: " or ")). Qualify it with the DataFrame (left.col(\"\(name)\")) or an alias.")
        }
        guard let i = found.first else {
            let names = attrs.map(\.name)
            let display = qualifier.map { $0.hasPrefix("#") ? name : "\($0).\(name)" } ?? name
            var msg = "no column `\(display)` in [\(names.joined(separator: ", "))]"
            if let s = suggestion(for: name, among: names) { msg += "; did you mean `\(s)`?" }
            throw DataFlowError("UNRESOLVED_COLUMN", msg)
        }
        return .bound(index: i, type: attrs[i].type, nullable: attrs[i].nullable, name: attrs[i].name)
    }

    func boolean(_ e: Expr, _ what: String) throws -> Expr {
        if e.type == .boolean { return e }
        if e.type == .null { return .cast(e, .boolean) }
        throw DataFlowError("DATATYPE_MISMATCH", "The \(what) \(e) must be boolean, but it is \(e.type.sqlName).")
    }
}

func castIfNeeded(_ e: Expr, _ t: DataType) -> Expr {
    e.type == t ? e : .cast(e, t)
}

// MARK: - Window functions

extension Analyzer {
    func windowNotAllowed(_ clause: String, _ e: Expr) -> DataFlowError {
        DataFlowError("WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE",
                      "It is not allowed to use window functions inside \(clause) clause: \(e). Compute the window function in a select first, then use its column.")
    }

    /// A ranking/offset function must be the function of an `OVER` (`rank().over(w)`), never bare.
    func checkWindowFunctionsHaveOver(_ e: Expr, underOver: Bool) throws {
        switch e {
        case .function(let n, let args) where FunctionRegistry.window(n) != nil:
            if !underOver {
                throw DataFlowError("WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE",
                                    "Window function \(n) requires an OVER clause: \(n)(...).over(Window.orderBy(...)).")
            }
            for a in args { try checkWindowFunctionsHaveOver(a, underOver: false) }
        case .window(let f, let spec):
            try checkWindowFunctionsHaveOver(f, underOver: true)
            for c in spec.partitionBy + spec.orderBy.map(\.expr) { try checkWindowFunctionsHaveOver(c, underOver: false) }
        default:
            for c in e.children { try checkWindowFunctionsHaveOver(c, underOver: false) }
        }
    }

    /// Type-checks `f OVER (spec)` (children resolved): the function, the frame and its order keys.
    func coerceWindow(_ f: Expr, _ spec: WindowSpec) throws -> Expr {
        let text = "\(Expr.window(f, spec))"
        for k in spec.partitionBy + spec.orderBy.map(\.expr) {
            if k.containsAggregate || k.containsWindow {
                throw DataFlowError("WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE",
                                    "The window's PARTITION BY / ORDER BY keys cannot contain aggregate or window functions: \(k).")
            }
        }
        if f.contains(where: { if case .window = $0 { return true }; return false }) {
            throw DataFlowError("NESTED_WINDOW_FUNCTION", "A window function cannot contain another window function: \(text). Compute the inner one in a select first.")
        }
        let frame = spec.effectiveFrame
        if frame.start == .unboundedFollowing || frame.end == .unboundedPreceding || frame.start.ordinal > frame.end.ordinal {
            throw DataFlowError("INVALID_WINDOW_FRAME",
                                "The window frame \(frame) is invalid: its start must not come after its end (\(text)).")
        }
        switch f {
        case .aggregate(let name, let args, let distinct):
            if distinct {
                throw DataFlowError("DISTINCT_WINDOW_FUNCTION_UNSUPPORTED", "Distinct window functions are not supported: \(name)(DISTINCT ...) OVER (...).")
            }
            _ = args
        case .udaf:
            break
        case .function(let name, let args):
            guard let w = FunctionRegistry.window(name) else {
                throw DataFlowError("UNSUPPORTED_EXPR_FOR_WINDOW",
                                    "Expression \(f) not supported within a window function; use an aggregate (sum, avg, …) or a ranking function (rank, lag, …) with over(...).")
            }
            if w.needsOrder && spec.orderBy.isEmpty {
                throw DataFlowError("WINDOW_FUNCTION_FRAME_NOT_ORDERED",
                                    "Window function \(w.name) requires the window to be ordered: add orderBy, e.g. \(w.name)().over(Window.partitionBy(...).orderBy(...)).")
            }
            for i in w.constantArguments where i < args.count {
                guard args[i].isConstant else {
                    throw DataFlowError("NON_FOLDABLE_ARGUMENT", "The argument \(i + 1) of \(w.name) must be a constant, but it is \(args[i]).")
                }
                let v = try ExpressionEvaluator.evaluateConstant(args[i])
                let n = v.doubleValue
                switch w.name {
                case "ntile", "nth_value":
                    guard let n, n >= 1 else {
                        throw DataFlowError("INVALID_PARAMETER_VALUE", "The \(w.name == "ntile" ? "number of buckets" : "position") of \(w.name) must be a positive integer, but got \(v).")
                    }
                default:
                    guard n != nil else { throw DataFlowError("INVALID_PARAMETER_VALUE", "The offset of \(w.name) must not be NULL.") }
                }
            }
        default:
            throw DataFlowError("UNSUPPORTED_EXPR_FOR_WINDOW",
                                "Expression \(f) not supported within a window function; use an aggregate (sum, avg, …) or a ranking function (rank, lag, …) with over(...).")
        }
        let needsRangeKey: Bool = {
            guard frame.kind == .range else { return false }
            for b in [frame.start, frame.end] {
                if case .preceding = b { return true }
                if case .following = b { return true }
            }
            return false
        }()
        if needsRangeKey {
            guard spec.orderBy.count == 1 else {
                throw DataFlowError(spec.orderBy.isEmpty ? "DATATYPE_MISMATCH.RANGE_FRAME_WITHOUT_ORDER" : "DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER",
                                    "A RANGE frame with offsets (\(frame)) needs exactly one ORDER BY key, but the window has \(spec.orderBy.count).")
            }
            let t = spec.orderBy[0].expr.type
            guard t.isNumeric || t == .date || t == .timestamp else {
                throw DataFlowError("DATATYPE_MISMATCH.RANGE_FRAME_INVALID_TYPE",
                                    "A RANGE frame with offsets needs a numeric, date or timestamp ORDER BY key, but \(spec.orderBy[0].expr) is \(t.sqlName).")
            }
        }
        return .window(f, spec)
    }

    /// Spark's ExtractWindowExpressions: the window expressions of a projection move into `window`
    /// nodes (one per PARTITION BY + ORDER BY) under it, and the projection reads their columns.
    func extractWindows(_ exprs: [Expr], _ child: LogicalPlan) throws -> LogicalPlan {
        var groups: [[Expr]] = []
        func collect(_ e: Expr) {
            if case .window(_, let spec) = e {
                if let g = groups.firstIndex(where: { g in
                    if case .window(_, let s) = g[0] { return s.sameSort(spec) }
                    return false
                }) {
                    if !groups[g].contains(e) { groups[g].append(e) }
                } else {
                    groups.append([e])
                }
                return
            }
            e.children.forEach(collect)
        }
        exprs.forEach(collect)
        var plan = child
        var position: [Expr: Int] = [:]
        for g in groups {
            let base = Analyzer.attributes(plan).count
            for (k, e) in g.enumerated() { position[e] = base + k }
            plan = .window(g, plan)
        }
        let outputs = exprs.map { o in
            o.transformDown { e -> Expr? in
                guard case .window = e, let i = position[e] else { return nil }
                return .bound(index: i, type: e.type, nullable: e.nullable, name: e.name)
            }
        }
        return .project(outputs, plan)
    }
}
