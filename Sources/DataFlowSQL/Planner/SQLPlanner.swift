import DataFlowColumnar
import DataFlowEngine

/// What a SQL statement asks for: a query to run, or a catalog command for the session to carry out.
public enum SQLCommand: Sendable {
    case query(LogicalPlan)
    case createView(name: String, plan: LogicalPlan, replace: Bool, ifNotExists: Bool)
    case dropView(name: String, ifExists: Bool)
    /// `CREATE TABLE …` (TableStatements.swift).
    case createTable(TableDefinition)
    /// `INSERT INTO|OVERWRITE t [(columns)] query`: `columns` empty means by position.
    case insert(table: String, columns: [String], overwrite: Bool, query: LogicalPlan)
    case dropTable(name: String, ifExists: Bool)
    case showTables(pattern: String?)
    case describe(name: String)
    case explain(LogicalPlan, extended: Bool)
    case set(key: String?, value: String?)
    /// `DELETE FROM t WHERE …` (conditions over the table's columns, its alias already removed).
    case delete(table: String, condition: Expr?)
    /// `UPDATE t SET c = e, … WHERE …`
    case update(table: String, set: [(column: String, value: Expr)], condition: Expr?)
    /// `MERGE INTO t USING s ON … WHEN …`
    case merge(MergeCommand)
    case describeHistory(table: String, limit: Int?)
    case optimize(table: String, condition: Expr?)
    case vacuum(table: String, retainHours: Double?, dryRun: Bool)
}

/// SQL text → the same `LogicalPlan` the DataFrame API builds. Tables resolve against a `TableCatalog`
/// (the session's views) and the query's own CTEs.
public struct SQLPlanner {
    let catalog: any TableCatalog
    let parameters: SQLParameters
    private var ctes: [String: LogicalPlan] = [:]
    /// Numbers the planner's internal names (`__hidden_…`, skipped by `*`).
    private let counter = Counter()

    final class Counter {
        var n = 0
        /// References to each shared CTE (by its cache entry) made while planning.
        var cteUses: [ObjectIdentifier: Int] = [:]
        func next() -> Int { n += 1; return n }
    }

    /// Scalar subqueries met while translating one clause, to be cross-joined where the clause applies.
    final class ScalarCollector {
        /// Each subquery's plan and, when correlated, the condition that joins it to the outer rows.
        var plans: [(plan: LogicalPlan, on: Expr?)] = []
    }

    public init(catalog: any TableCatalog, parameters: SQLParameters = SQLParameters()) {
        self.catalog = catalog
        self.parameters = parameters
    }

    /// Parses and plans one statement.
    public static func plan(_ sql: String, catalog: any TableCatalog, parameters: SQLParameters = SQLParameters()) throws -> SQLCommand {
        let statement: SQLStatement
        do { statement = try parseStatement(sql) } catch { throw error.dataFlowError }
        do { return try plan(statement, catalog: catalog, parameters: parameters) } catch let e as DataFlowError {
            throw SQLErrorLocation.locate(e, in: statement, sql: sql)
        }
    }

    /// Plans one parsed statement and analyzes the plans it holds now, as Spark does, so an unknown
    /// column, table or function fails here — located in `sql`, the text the statement was parsed
    /// from — rather than at the first action.
    public static func planAnalyzed(_ statement: SQLStatement, sql: String, catalog: any TableCatalog,
                                    parameters: SQLParameters = SQLParameters()) throws -> SQLCommand {
        do {
            let command = try plan(statement, catalog: catalog, parameters: parameters)
            switch command {
            case .query(let p), .createView(_, let p, _, _), .explain(let p, _): _ = try Analyzer().analyze(p)
            default: break
            }
            return command
        } catch let e as DataFlowError {
            throw SQLErrorLocation.locate(e, in: statement, sql: sql)
        }
    }

    /// Parses one statement (a syntax error becomes a PARSE_SYNTAX_ERROR DataFlowError).
    public static func parse(_ sql: String) throws -> SQLStatement {
        do { return try parseStatement(sql) } catch { throw error.dataFlowError }
    }

    /// Plans one parsed statement (scripts plan each statement only after the previous one ran, so
    /// that a view created earlier in the script resolves).
    public static func plan(_ statement: SQLStatement, catalog: any TableCatalog, parameters: SQLParameters = SQLParameters()) throws -> SQLCommand {
        try SQLPlanner(catalog: catalog, parameters: parameters).command(statement)
    }

    /// Parses a script of `;`-separated statements (a syntax error anywhere stops it before any runs).
    public static func parseScript(_ sql: String) throws -> [SQLStatement] {
        do { return try parseStatements(sql) } catch { throw error.dataFlowError }
    }

    var expressions: ExpressionTranslator { ExpressionTranslator(parameters: parameters, functions: catalog) }

    /// A translator whose scalar subqueries are planned (uncorrelated only) and collected.
    func expressions(collecting c: ScalarCollector) -> ExpressionTranslator {
        var t = ExpressionTranslator(parameters: parameters, functions: catalog)
        let planner = self
        t.scalarSubquery = { q, pos in
            let sub: LogicalPlan
            do { sub = try planner.plan(q); _ = try Analyzer().analyze(sub) } catch let e as DataFlowError where e.errorClass == "UNRESOLVED_COLUMN" {
                return try planner.correlatedScalar(q, pos, c, original: e)
            }
            let names = try planner.outputNames(sub)
            guard names.count == 1 else {
                throw sqlError("INVALID_SUBQUERY_EXPRESSION", "A scalar subquery must return one column, but this one returns \(names.count)", at: pos)
            }
            let k = planner.counter.next()
            let value = "__hidden_sq\(k)"
            c.plans.append((.limit(1, offset: 0, try planner.renameColumns(sub, [value], at: pos)), nil))
            return .column(value)
        }
        return t
    }

    /// A correlated scalar subquery `(SELECT agg … FROM … WHERE inner = outer AND local …)` is computed
    /// once per correlation key — grouped by the inner sides of the equalities — and left-joined to the
    /// outer rows on them (Spark's RewriteCorrelatedScalarSubquery), never run per row. A key with no
    /// inner rows gets what the expression gives over no rows (`count(*)` → 0, other aggregates NULL).
    func correlatedScalar(_ q: SQLQuery, _ pos: SourcePosition, _ c: ScalarCollector, original: DataFlowError) throws -> Expr {
        let unsupported = sqlError("UNSUPPORTED_FEATURE",
                                   "This correlated scalar subquery is not supported yet: only SELECT <aggregate expression> FROM … WHERE <inner column> = <outer expression> AND … is (\(original.message))", at: pos)
        guard case .select(let s) = q.body, q.ctes.isEmpty, q.orderBy.isEmpty, q.limit == nil, s.groupBy == nil, s.having == nil,
              !s.distinct, s.items.count == 1 else { throw unsupported }
        let ex = expressions
        let inner = try from(s.from)
        func resolves(_ e: Expr) -> Bool { (try? Analyzer().analyze(.project([e], inner))) != nil }
        var local: [Expr] = [], innerKeys: [Expr] = [], outerKeys: [Expr] = []
        for w in s.whereClause.map(sqlConjuncts) ?? [] {
            let e = try ex.translate(w)
            if resolves(e) { local.append(e); continue }
            guard case .comparison(.eq, let a, let b) = e else { throw unsupported }
            if resolves(a) && !resolves(b) { innerKeys.append(a); outerKeys.append(b) }
            else if resolves(b) && !resolves(a) { innerKeys.append(b); outerKeys.append(a) }
            else { throw unsupported }
        }
        guard !innerKeys.isEmpty else { throw unsupported }
        let value = try ex.translate(s.items[0].expr)
        guard value.containsAggregate else { throw unsupported }
        let k = counter.next()
        let alias = "__hidden_cs\(k)"
        let keyNames = innerKeys.indices.map { "__hidden_ck\(k)_\($0)" }
        let filtered = Expr.conjunction(local).map { LogicalPlan.filter($0, inner) } ?? inner
        let grouped = LogicalPlan.aggregate(groupBy: innerKeys,
                                            outputs: zip(innerKeys, keyNames).map { .alias($0, $1) } + [.alias(value, "__hidden_sq\(k)")],
                                            filtered)
        let on = Expr.conjunction(zip(outerKeys, keyNames).map { Expr.comparison(.eq, $0, .column($1, qualifier: alias)) })
        c.plans.append((.alias(alias, grouped), on))
        let result = Expr.column("__hidden_sq\(k)", qualifier: alias)
        // The value over no rows: count is 0, every other aggregate NULL.
        let overNoRows = value.transformDown { e -> Expr? in
            guard case .aggregate(let name, _, _) = e else { return nil }
            return name.lowercased() == "count" ? .literal(.int64(0)) : .literal(.null)
        }
        if let empty = try? ExpressionEvaluator.evaluateConstant(try Analyzer().analyzeExpression(overNoRows)), !empty.isNull {
            return .caseWhen([Expr.WhenClause(.isNull(.column(keyNames[0], qualifier: alias)), .literal(empty))], otherwise: result)
        }
        return result
    }

    /// Cross-joins the collected one-row subqueries to `p` (a scalar subquery yields one row; Spark
    /// raises an error for more, this takes the first; none gives NULL via a left join).
    func attach(_ c: ScalarCollector, to p: LogicalPlan) -> LogicalPlan {
        c.plans.reduce(p) { acc, sub in .join(acc, sub.plan, .left, on: sub.on) }
    }

    public func command(_ s: SQLStatement) throws -> SQLCommand {
        switch s {
        case .query(let q): return .query(try plan(q))
        case .createView(let v):
            // Without a persistent catalog yet, CREATE VIEW and CREATE TEMP VIEW both make a session view.
            var p = try plan(v.query)
            if !v.columns.isEmpty { p = try renameColumns(p, v.columns, at: v.query.position) }
            return .createView(name: v.name.joined(separator: "."), plan: p, replace: v.orReplace, ifNotExists: v.ifNotExists)
        case .drop(let kind, let name, let ifExists):
            let joined = name.joined(separator: ".")
            return kind == .view ? .dropView(name: joined, ifExists: ifExists) : .dropTable(name: joined, ifExists: ifExists)
        case .showTables(_, let pattern): return .showTables(pattern: pattern)
        case .describe(let name, _): return .describe(name: name.joined(separator: "."))
        case .explain(let mode, let inner):
            guard case .query(let q) = inner else {
                throw DataFlowError("UNSUPPORTED_FEATURE", "EXPLAIN is supported for queries only")
            }
            return .explain(try plan(q), extended: mode == .extended || mode == .formatted)
        case .set(let k, let v): return .set(key: k, value: v)
        case .reset: return .set(key: nil, value: nil)
        case .createTable(let ct): return try createTable(ct)
        case .insert(let ins):
            return .insert(table: ins.table.joined(separator: "."), columns: ins.columns, overwrite: ins.overwrite, query: try plan(ins.source))
        case .delete(let d):
            let unqualify = unqualifier(d.table, d.alias)
            return .delete(table: d.table.joined(separator: "."), condition: try d.condition.map { unqualify(try expressions.translate($0)) })
        case .update(let u):
            let unqualify = unqualifier(u.table, u.alias)
            let set = try u.assignments.map { a in (column: a.column.last ?? "", value: unqualify(try expressions.translate(a.value))) }
            return .update(table: u.table.joined(separator: "."), set: set, condition: try u.condition.map { unqualify(try expressions.translate($0)) })
        case .merge(let m):
            return .merge(try mergeCommand(m))
        case .describeHistory(let t, let limit): return .describeHistory(table: t.joined(separator: "."), limit: limit)
        case .optimize(let t, let c):
            return .optimize(table: t.joined(separator: "."), condition: try c.map { unqualifier(t, nil)(try expressions.translate($0)) })
        case .vacuum(let t, let h, let dry): return .vacuum(table: t.joined(separator: "."), retainHours: h, dryRun: dry)
        }
    }

    // MARK: Queries

    public func plan(_ q: SQLQuery) throws -> LogicalPlan {
        var scope = self
        var shared: [CacheEntry] = []
        for cte in q.ctes {
            var p = try scope.plan(cte.query)
            if !cte.columnAliases.isEmpty { p = try renameColumns(p, cte.columnAliases, at: cte.position) }
            if isExpensive(p) {
                // Computed once per run when referenced more than once (decided below, after planning).
                let entry = CacheEntry(key: cte.name, perQuery: true)
                shared.append(entry)
                p = .cached(entry, p)
            }
            scope.ctes[cte.name.lowercased()] = .alias(cte.name, p)
        }
        var p = try scope.planBody(q)
        // A CTE used once is inlined, so filters and projections reach into it.
        let once = Set(shared.filter { (counter.cteUses[ObjectIdentifier($0)] ?? 0) <= 1 }.map(ObjectIdentifier.init))
        if !once.isEmpty {
            p = p.transformUp { node in
                if case .cached(let e, let c) = node, once.contains(ObjectIdentifier(e)) { return c }
                return node
            }
        }
        return p
    }

    /// Joins, aggregates, windows and sorts are worth computing once; scans and filters are re-read.
    func isExpensive(_ p: LogicalPlan) -> Bool {
        switch p {
        case .join, .usingJoin, .aggregate, .window, .sort, .topN, .deduplicate: return true
        case .scan: return false
        default: return p.children.contains(where: isExpensive)
        }
    }

    func planBody(_ q: SQLQuery) throws -> LogicalPlan {
        var p: LogicalPlan
        if case .select(let s) = q.body {
            p = try select(s, orderBy: q.orderBy)
        } else {
            p = try body(q.body)
            if !q.orderBy.isEmpty { p = .sort(try sortOrders(q.orderBy, outputs: try outputNames(p)), p) }
        }
        if q.limit != nil || q.offset != nil {
            let limit = try q.limit.map { try constantInt($0, "LIMIT") } ?? Int.max / 4
            let offset = try q.offset.map { try constantInt($0, "OFFSET") } ?? 0
            p = .limit(limit, offset: offset, p)
        }
        return p
    }

    func body(_ b: SQLQueryBody) throws -> LogicalPlan {
        switch b {
        case .select(let s): return try select(s, orderBy: [])
        case .query(let q): return try plan(q)
        case .values(let rows): return try values(rows, alias: nil, at: .start)
        case .table(let name): return try table(name, at: .start)
        case .setOperation(let op, let all, let l, let r):
            let lp = try body(l), rp = try body(r)
            switch (op, all) {
            case (.union, true): return .union([lp, rp], byName: false, allowMissing: false)
            case (.union, false): return .deduplicate(keys: nil, .union([lp, rp], byName: false, allowMissing: false))
            case (.intersect, _), (.except, _):
                return try setDifference(op, all: all, lp, rp)
            }
        }
    }

    /// INTERSECT / EXCEPT, [ALL] (bag semantics) or not (distinct rows), NULLs equal, with existing
    /// operators (a hash aggregate, not a nested-loop join): both sides unioned with a side tag and
    /// grouped by the row. Without ALL a row survives INTERSECT when both sides have it, EXCEPT when only
    /// the left does. With ALL each copy of a row is first numbered within its side (row_number over all
    /// columns) and the grouping is by row + number: copy k survives INTERSECT ALL when both sides have a
    /// k-th copy (min(m, n) copies), EXCEPT ALL when only the left has one (max(m − n, 0)).
    func setDifference(_ op: SQLSetOperator, all: Bool, _ lp: LogicalPlan, _ rp: LogicalPlan) throws -> LogicalPlan {
        let ln = try outputNames(lp), rn = try outputNames(rp)
        guard ln.count == rn.count else {
            throw DataFlowError("NUM_COLUMNS_MISMATCH", "\(op.rawValue)\(all ? " ALL" : "") needs inputs with the same number of columns, but they have \(ln.count) and \(rn.count).")
        }
        let k = counter.next()
        // Internal names: the inputs may repeat a column name (`SELECT a, a …`).
        let cols = ln.indices.map { "__hidden_c\(k)_\($0)" }
        let side = "__hidden_side\(k)", number = "__hidden_rn\(k)", keep = "__hidden_keep\(k)"
        func tagged(_ p: LogicalPlan, _ tag: Int32) throws -> LogicalPlan {
            .project(cols.map { .column($0) } + [.alias(.literal(.int32(tag)), side)], try renameColumns(p, cols, at: .start))
        }
        var input = LogicalPlan.union([try tagged(lp, 0), try tagged(rp, 1)], byName: false, allowMissing: false)
        let row = cols.map { Expr.column($0) }
        var keys = row
        if all {
            let copy = Expr.window(.function("row_number", []),
                                   WindowSpec(partitionBy: row + [.column(side)], orderBy: [SortOrder(.column(side))]))
            input = .project(row + [.column(side), .alias(copy, number)], input)
            keys.append(.column(number))
        }
        let survives: Expr = op == .intersect
            ? .comparison(.ne, .aggregate("min", [.column(side)]), .aggregate("max", [.column(side)]))
            : .comparison(.eq, .aggregate("max", [.column(side)]), .literal(.int32(0)))
        let grouped = LogicalPlan.aggregate(groupBy: keys, outputs: row + [.alias(survives, keep)], input)
        return .project(zip(cols, ln).map { .alias(.column($0), $1) }, .filter(.column(keep), grouped))
    }

    /// One SELECT block with its ORDER BY (which may use aggregates and columns the projection drops).
    func from(_ refs: [SQLTableRef]) throws -> LogicalPlan {
        var input: LogicalPlan = oneRow
        for (i, ref) in refs.enumerated() {
            let p = try tableRef(ref)
            input = i == 0 ? p : .join(input, p, .cross, on: nil)
        }
        return input
    }

    func sqlConjuncts(_ e: SQLExpr) -> [SQLExpr] {
        if case .binary(.and, let l, let r) = e.kind { return sqlConjuncts(l) + sqlConjuncts(r) }
        return [e]
    }

    /// `[NOT] EXISTS (…)` and `x [NOT] IN (…)` conditions of a WHERE clause become semi / anti joins.
    func subqueryJoin(_ c: SQLExpr, _ input: LogicalPlan, _ ex: ExpressionTranslator) throws -> LogicalPlan? {
        var kind = c.kind
        var outerNot = false
        if case .unary(.not, let inner) = kind { kind = inner.kind; outerNot = true }
        switch kind {
        case .exists(let q, let negated):
            let anti = negated != outerNot
            guard case .select(let s) = q.body, q.ctes.isEmpty, s.groupBy == nil, s.having == nil else {
                throw sqlError("UNSUPPORTED_FEATURE", "EXISTS supports a plain SELECT … FROM … WHERE … subquery so far", at: c.position)
            }
            var inner = try from(s.from)
            var local: [Expr] = [], correlated: [Expr] = []
            for w in s.whereClause.map(sqlConjuncts) ?? [] {
                let e = try ex.translate(w)
                if (try? Analyzer().analyze(.filter(e, inner))) != nil { local.append(e) } else { correlated.append(e) }
            }
            if let l = Expr.conjunction(local) { inner = .filter(l, inner) }
            let name = "#__hidden_ex\(counter.next())"  // "#": adds a qualifier, keeps the subquery's own aliases
            return .join(input, .alias(name, inner), anti ? .leftAnti : .leftSemi, on: Expr.conjunction(correlated))
        case .inSubquery(let x, let q, let negated):
            let anti = negated != outerNot
            let sub: LogicalPlan
            do { sub = try plan(q); _ = try Analyzer().analyze(sub) } catch let e as DataFlowError where e.errorClass == "UNRESOLVED_COLUMN" {
                throw sqlError("UNSUPPORTED_FEATURE", "Correlated IN subqueries are not supported yet (\(e.message))", at: c.position)
            }
            let names = try outputNames(sub)
            guard names.count == 1 else {
                throw sqlError("INVALID_SUBQUERY_EXPRESSION", "The IN subquery must return one column, but it returns \(names.count)", at: c.position)
            }
            let name = "__hidden_in\(counter.next())"
            let value = Expr.column("__hidden_v", qualifier: name)
            let right = LogicalPlan.alias(name, try renameColumns(sub, ["__hidden_v"], at: c.position))
            let lhs = try ex.translate(x)
            if anti {
                // NOT IN: a row stays only if no subquery value equals it, it is not NULL, and no value is NULL.
                let cond = Expr.or(.or(.comparison(.eq, lhs, value), .isNull(lhs)), .isNull(value))
                return .join(input, right, .leftAnti, on: cond)
            }
            return .join(input, right, .leftSemi, on: .comparison(.eq, lhs, value))
        default:
            return nil
        }
    }

    func select(_ s: SQLSelect, orderBy: [SQLOrderItem]) throws -> LogicalPlan {
        var windows: [String: SQLWindowSpec] = [:]
        for w in s.windows { windows[w.name.lowercased()] = w.spec }
        var input = try from(s.from)
        if let w = s.whereClause {
            let scalars = ScalarCollector()
            let ex = expressions(collecting: scalars)
            var rest: [Expr] = []
            var joined = input
            for c in sqlConjuncts(w) {
                if let j = try subqueryJoin(c, joined, ex) { joined = j } else { rest.append(try ex.translate(c)) }
            }
            input = attach(scalars, to: joined)
            if let cond = Expr.conjunction(rest) { input = .filter(cond, input) }
        }
        let itemScalars = ScalarCollector()
        var ex = expressions(collecting: itemScalars)
        ex.namedWindows = windows
        var items: [Expr] = []
        for item in s.items {
            let e = try ex.translate(item.expr)
            items.append(item.alias.map { .alias(e, $0) } ?? e)
        }
        input = attach(itemScalars, to: input)
        items = try expandTimeWindow(items, s, ex)
        let names = items.map(\.name)
        let havingScalars = ScalarCollector()
        let having = try s.having.map { try expressions(collecting: havingScalars).translate($0) }
        let orders = try orderBy.map { o -> (SQLOrderItem, Expr) in (o, try orderExpr(o.expr, items)) }
        let isAggregate = s.groupBy != nil || items.contains(where: \.containsAggregate) || having != nil
        if !(s.groupBy?.items.contains(where: \.isGroupingSets) ?? false),
           let g = (items + [having].compactMap { $0 } + orders.map(\.1)).lazy.compactMap(groupingCall).first {
            throw DataFlowError("UNSUPPORTED_GROUPING_EXPRESSION",
                                "\(g) can only be used with GROUPING SETS, ROLLUP or CUBE; this query has none.")
        }

        if !isAggregate {
            // QUALIFY filters on window results: windows it uses that the select list does not are
            // computed as hidden columns, filtered on, then dropped.
            var hiddenWindows: [Expr] = []
            let qualify = try s.qualify.map { q -> Expr in
                try ex.translate(q).transformDown { node in
                    guard case .window = node else { return nil }
                    if let k = items.firstIndex(where: { $0.unaliased == node }) { return .column(names[k]) }
                    hiddenWindows.append(.alias(node, "__hidden_q\(hiddenWindows.count)"))
                    return .column("__hidden_q\(hiddenWindows.count - 1)")
                }
            }
            var p = LogicalPlan.project(items + hiddenWindows, input)
            if let qualify { p = .filter(qualify, p) }
            if !hiddenWindows.isEmpty { p = .project(names.map { .column($0) }, p) }
            if s.distinct { p = .deduplicate(keys: nil, p) }
            if !orders.isEmpty {
                p = .sort(orders.map { SortOrder($0.1, ascending: $0.0.ascending, nullsFirst: $0.0.nullsFirst) }, p)
            }
            return p
        }

        // GROUP BY: expressions, ordinals (1-based select items) and select aliases; ROLLUP, CUBE and
        // GROUPING SETS give several grouping sets (the plain expressions belong to every one).
        func groupExpr(_ ge: SQLExpr) throws -> Expr {
            if case .literal(.int32(let n)) = ge.kind {
                guard n >= 1, Int(n) <= items.count else {
                    throw sqlError("GROUP_BY_POS_OUT_OF_RANGE", "GROUP BY position \(n) is not in the select list (1 to \(items.count))", at: ge.position)
                }
                return items[Int(n) - 1].unaliased
            }
            let e = try ex.translate(ge)
            if case .column(let n, nil) = e, let k = items.firstIndex(where: { if case .alias(_, let a) = $0 { return a.lowercased() == n.lowercased() }; return false }),
               !isPlainColumn(items[k].unaliased, named: n) {
                return items[k].unaliased
            }
            return e
        }
        var groupBy: [Expr] = []
        var sets: [[Expr]] = [[]]
        var hasSets = false
        if let g = s.groupBy {
            if g.all {
                groupBy = items.filter { !$0.containsAggregate }.map(\.unaliased)
            }
            for item in g.items {
                switch item {
                case .expr(let ge):
                    let e = try groupExpr(ge)
                    groupBy += FunctionRegistry.windowGroupingKeys(e)?.map(\.unaliased) ?? [e]
                case .rollup(let lists):
                    hasSets = true
                    let parts = try lists.map { try $0.map(groupExpr) }
                    let rolled = (0...parts.count).reversed().map { Array(parts.prefix($0).joined()) }
                    sets = sets.flatMap { base in rolled.map { base + $0 } }
                case .cube(let lists):
                    hasSets = true
                    let parts = try lists.map { try $0.map(groupExpr) }
                    var subsets: [[Expr]] = [[]]
                    for part in parts { subsets = subsets.flatMap { [$0 + part, $0] } }
                    sets = sets.flatMap { base in subsets.map { base + $0 } }
                case .groupingSets(let lists):
                    hasSets = true
                    let chosen = try lists.map { try $0.map(groupExpr) }
                    sets = sets.flatMap { base in chosen.map { base + $0 } }
                }
            }
        }
        // Aggregates that HAVING and ORDER BY use but the select list does not are computed as hidden columns.
        var hidden: [Expr] = []
        /// The hidden aggregate output computing `node` (added on first use).
        func hiddenColumn(_ node: Expr) -> Expr {
            if let k = hidden.firstIndex(where: { $0.unaliased == node }) { return .column("__hidden\(k)") }
            hidden.append(.alias(node, "__hidden\(hidden.count)"))
            return .column("__hidden\(hidden.count - 1)")
        }
        func lift(_ e: Expr) -> Expr {
            e.transformDown { node in
                guard node.isAggregateOrGrouping else { return nil }
                if let k = items.firstIndex(where: { $0.unaliased == node }) { return .column(names[k]) }
                return hiddenColumn(node)
            }
        }
        let liftedHaving = having.map(lift)
        let liftedOrders = orders.map { (o, e) in SortOrder(lift(e), ascending: o.ascending, nullsFirst: o.nullsFirst) }
        // Window functions run after grouping (and HAVING): select items holding one, and QUALIFY, are
        // computed over the aggregate's output, their aggregates and grouping keys lifted into it.
        let windowed = items.indices.filter { items[$0].containsWindow }
        func liftForWindows(_ e: Expr) -> Expr {
            e.transformDown { node in
                if case .window(let f, let spec) = node {
                    // The window function itself stays; its arguments and the spec are over the groups.
                    var lifted = spec
                    lifted.partitionBy = spec.partitionBy.map(liftForWindows)
                    lifted.orderBy = spec.orderBy.map { SortOrder(liftForWindows($0.expr), ascending: $0.ascending, nullsFirst: $0.nullsFirst) }
                    return .window(f.withChildren(f.children.map(liftForWindows)), lifted)
                }
                if node.isAggregateOrGrouping { return lift(node) }
                if case .literal = node { return node }
                if groupBy.contains(node) || (hasSets && sets.contains { $0.contains(node) }) { return hiddenColumn(node) }
                return nil
            }
        }
        let windowItems = windowed.map { Expr.alias(liftForWindows(items[$0].unaliased), names[$0]) }
        var qualifyWindows: [Expr] = []
        let qualify = try s.qualify.map { q -> Expr in
            let e = try ex.translate(q).transformDown { node in
                guard case .window = node else { return nil }
                if let k = items.firstIndex(where: { $0.unaliased == node }) { return .column(names[k]) }
                qualifyWindows.append(.alias(liftForWindows(node), "__hidden_q\(qualifyWindows.count)"))
                return .column("__hidden_q\(qualifyWindows.count - 1)")
            }
            return liftForWindows(e)
        }
        let aggItems = items.indices.filter { !windowed.contains($0) }.map { items[$0] }
        var p: LogicalPlan
        if hasSets {
            // One aggregate per grouping set, keys outside the set NULL, all unioned (Spark's Expand).
            var allKeys: [Expr] = groupBy
            for set in sets { for k in set where !allKeys.contains(k) { allKeys.append(k) } }
            var parts: [LogicalPlan] = []
            for set in sets {
                let keys = groupBy + set.filter { !groupBy.contains($0) }
                let outputs = try (aggItems + hidden).map { e -> Expr in
                    try e.transformDown { node in
                        if node.isAggregateCall { return node }
                        if let v = try groupingValue(node, keys: keys, all: allKeys) { return .literal(v) }
                        if allKeys.contains(node) && !keys.contains(node) { return .literal(.null) }
                        return nil
                    }
                }
                parts.append(.aggregate(groupBy: keys, outputs: zip(outputs, aggItems + hidden).map { o, e in
                    if case .alias = o { return o }
                    return .alias(o, e.name)
                }, input))
            }
            p = parts.count == 1 ? parts[0] : .union(parts, byName: false, allowMissing: false)
        } else {
            p = .aggregate(groupBy: groupBy, outputs: aggItems + hidden, input)
        }
        p = attach(havingScalars, to: p)
        if let h = liftedHaving { p = .filter(h, p) }
        if !windowItems.isEmpty || qualify != nil {
            let aggregated = (aggItems + hidden).map { Expr.column($0.name) }
            p = .project(aggregated + windowItems + qualifyWindows, p)
            if let qualify { p = .filter(qualify, p) }
        }
        let reshaped = !hidden.isEmpty || !havingScalars.plans.isEmpty || !windowItems.isEmpty || !qualifyWindows.isEmpty
        if s.distinct {
            if reshaped { p = .project(names.map { .column($0) } + hidden.map { .column($0.name) }, p) }
            p = .deduplicate(keys: nil, p)
        }
        if !liftedOrders.isEmpty { p = .sort(liftedOrders, p) }
        if reshaped { p = .project(names.map { .column($0) }, p) }
        return p
    }

    /// The first `grouping(…)` / `grouping_id(…)` call in `e`, as written.
    func groupingCall(_ e: Expr) -> Expr? {
        if e.isGrouping { return e }
        return e.children.lazy.compactMap(groupingCall).first
    }

    /// `grouping(c)` (1 when `c` is aggregated away in this grouping set, else 0) or `grouping_id(c1, …)`
    /// (those bits, `c1` the most significant; no arguments: all grouping columns) for one grouping set;
    /// nil for any other expression.
    func groupingValue(_ e: Expr, keys: [Expr], all: [Expr]) throws -> Value? {
        guard e.isGrouping, case .function(let name, let args) = e else { return nil }
        func same(_ a: Expr, _ b: Expr) -> Bool {
            if a == b { return true }
            // `grouping(t.c)` names the key `c` and vice versa.
            if case .column(let x, let qx) = a, case .column(let y, let qy) = b, x.lowercased() == y.lowercased() {
                return qx == nil || qy == nil || qx?.lowercased() == qy?.lowercased()
            }
            return false
        }
        let columns = name == "grouping_id" && args.isEmpty ? all : args
        var bits: Int64 = 0
        for c in columns {
            guard all.contains(where: { same($0, c) }) else {
                throw DataFlowError("GROUPING_COLUMN_MISMATCH",
                                    "The argument \(c) of \(e) is not a grouping column; the grouping columns are [\(all.map(\.description).joined(separator: ", "))].")
            }
            bits = bits << 1 | (keys.contains(where: { same($0, c) }) ? 0 : 1)
        }
        if name == "grouping" {
            guard args.count == 1 else { throw DataFlowError("WRONG_NUM_ARGS", "grouping takes 1 argument but got \(args.count): \(e)") }
            return .int32(Int32(bits))
        }
        return .int64(bits)
    }

    func isPlainColumn(_ e: Expr, named n: String) -> Bool {
        if case .column(let c, _) = e { return c.lowercased() == n.lowercased() }
        return false
    }

    /// An ORDER BY item: an ordinal or a select alias refers to that output column.
    func orderExpr(_ e: SQLExpr, _ items: [Expr]) throws -> Expr {
        if case .literal(.int32(let n)) = e.kind {
            guard n >= 1, Int(n) <= items.count else {
                throw sqlError("ORDER_BY_POS_OUT_OF_RANGE", "ORDER BY position \(n) is not in the select list (1 to \(items.count))", at: e.position)
            }
            return .column(items[Int(n) - 1].name)
        }
        return try expressions.translate(e)
    }

    func sortOrders(_ items: [SQLOrderItem], outputs: [String]) throws -> [SortOrder] {
        try items.map { o in
            var e = try expressions.translate(o.expr)
            if case .literal(.int32(let n)) = o.expr.kind {
                guard n >= 1, Int(n) <= outputs.count else {
                    throw sqlError("ORDER_BY_POS_OUT_OF_RANGE", "ORDER BY position \(n) is not in the select list (1 to \(outputs.count))", at: o.expr.position)
                }
                e = .column(outputs[Int(n) - 1])
            }
            return SortOrder(e, ascending: o.ascending, nullsFirst: o.nullsFirst)
        }
    }

    // MARK: FROM

    func tableRef(_ ref: SQLTableRef) throws -> LogicalPlan {
        switch ref.kind {
        case .table(let name, let alias):
            return try aliased(try table(name, at: ref.position), alias, at: ref.position)
        case .timeTravel(let name, let travel, let alias):
            return try timeTravel(name, travel, alias: alias, at: ref.position)
        case .subquery(let q, let alias, let lateral):
            if lateral { throw sqlError("UNSUPPORTED_FEATURE", "LATERAL subqueries are not supported yet", at: ref.position) }
            return try aliased(try plan(q), alias, at: ref.position)
        case .values(let rows, let alias):
            return try values(rows, alias: alias, at: ref.position)
        case .function(let name, let args, let alias):
            let n = name.joined(separator: ".").lowercased()
            guard n == "range" else {
                throw sqlError("UNRESOLVED_ROUTINE", "No table-valued function named `\(n)`; `range(start, end[, step])` is available", at: ref.position)
            }
            let v = try args.map { try constantInt($0, "range argument") }
            let (start, end, step): (Int, Int, Int)
            switch v.count {
            case 1: (start, end, step) = (0, v[0], 1)
            case 2: (start, end, step) = (v[0], v[1], 1)
            case 3: (start, end, step) = (v[0], v[1], v[2])
            default: throw sqlError("WRONG_NUM_ARGS", "range takes 1 to 3 arguments", at: ref.position)
            }
            let p = LogicalPlan.scan(ScanNode(table: RangeTable(start: Int64(start), end: Int64(end), step: Int64(step))))
            return try aliased(p, alias, at: ref.position)
        case .join(let j):
            let l = try tableRef(j.left), r = try tableRef(j.right)
            let type: JoinType
            switch j.kind {
            case .inner: type = .inner
            case .left: type = .left
            case .right: type = .right
            case .full: type = .full
            case .leftSemi: type = .leftSemi
            case .leftAnti: type = .leftAnti
            case .cross: type = .cross
            }
            switch j.condition {
            case .none: return .join(l, r, type == .inner ? .cross : type, on: nil)
            case .on(let e): return .join(l, r, type, on: try expressions.translate(e))
            case .using(let cols): return .usingJoin(l, r, type, columns: cols)
            case .natural: throw sqlError("UNSUPPORTED_FEATURE", "NATURAL joins are not supported yet; use USING (…)", at: ref.position)
            }
        }
    }

    func table(_ name: [String], at p: SourcePosition) throws -> LogicalPlan {
        if name.count == 1, let cte = ctes[name[0].lowercased()] {
            if case .alias(_, .cached(let e, _)) = cte { counter.cteUses[ObjectIdentifier(e), default: 0] += 1 }
            return cte
        }
        // Not found: SQLErrorLocation adds the position and the caret picture.
        return try catalog.lookup(name.joined(separator: "."))
    }

    func aliased(_ p: LogicalPlan, _ alias: SQLTableAlias?, at pos: SourcePosition) throws -> LogicalPlan {
        guard let alias else { return p }
        var out = p
        if !alias.columns.isEmpty { out = try renameColumns(out, alias.columns, at: pos) }
        return .alias(alias.name, out)
    }

    /// `VALUES (…), (…)`: each row a projection of constants over one row, unioned; columns col1, col2, …
    func values(_ rows: [[SQLExpr]], alias: SQLTableAlias?, at pos: SourcePosition) throws -> LogicalPlan {
        guard let width = rows.first?.count, width > 0 else { throw sqlError("INVALID_SQL_SYNTAX", "VALUES needs at least one row", at: pos) }
        let names = alias?.columns.isEmpty == false ? alias!.columns : (1...width).map { "col\($0)" }
        guard names.count == width else {
            throw sqlError("NUM_COLUMNS_MISMATCH", "VALUES rows have \(width) columns but the alias names \(names.count)", at: pos)
        }
        var parts: [LogicalPlan] = []
        for (i, row) in rows.enumerated() {
            guard row.count == width else {
                throw sqlError("NUM_COLUMNS_MISMATCH", "VALUES row \(i + 1) has \(row.count) values, expected \(width)", at: pos)
            }
            parts.append(.project(try zip(row, names).map { .alias(try expressions.translate($0), $1) }, oneRow))
        }
        let p: LogicalPlan = parts.count == 1 ? parts[0] : .union(parts, byName: false, allowMissing: false)
        return alias.map { .alias($0.name, p) } ?? p
    }

    func renameColumns(_ p: LogicalPlan, _ names: [String], at pos: SourcePosition) throws -> LogicalPlan {
        let current = try outputNames(p)
        guard current.count == names.count else {
            throw sqlError("NUM_COLUMNS_MISMATCH", "\(names.count) column names given for \(current.count) columns", at: pos)
        }
        let analyzed = try Analyzer().analyze(p)
        let attrs = Analyzer.attributes(analyzed)
        let exprs: [Expr] = attrs.indices.map { .alias(.bound(index: $0, type: attrs[$0].type, nullable: attrs[$0].nullable, name: attrs[$0].name), names[$0]) }
        return .project(exprs, analyzed)
    }

    func outputNames(_ p: LogicalPlan) throws -> [String] { Analyzer.attributes(try Analyzer().analyze(p)).map(\.name) }

    func constantInt(_ e: SQLExpr, _ what: String) throws -> Int {
        let v = try ExpressionEvaluator.evaluateConstant(try Analyzer().analyzeExpression(try expressions.translate(e)))
        guard let n = v.int64Value, !v.isNull else {
            throw sqlError("INVALID_LIMIT_LIKE_EXPRESSION", "\(what) must be a constant integer", at: e.position)
        }
        return Int(n)
    }

    /// One row, no columns: the input of a SELECT without FROM.
    var oneRow: LogicalPlan {
        .scan(ScanNode(table: InMemoryTable(schema: Schema([Field]()), batches: [RecordBatch(schema: Schema([Field]()), columns: [], rowCount: 1)], name: "OneRowRelation")))
    }
}

extension SQLGroupingItem {
    var isGroupingSets: Bool { if case .expr = self { return false } else { return true } }
}

extension Expr {
    /// `grouping(…)` or `grouping_id(…)`: computed by the grouping-sets planning, not the registry.
    var isGrouping: Bool {
        if case .function(let n, _) = self { return n == "grouping" || n == "grouping_id" }
        return false
    }

    var isAggregateOrGrouping: Bool {
        if isAggregateCall { return true }
        return isGrouping
    }
}

extension SQLPlanner {
    /// With `GROUP BY window(ts, '10 minutes')`, the select list's `window` (or the same `window(...)` call)
    /// becomes the two columns `window.start` and `window.end`, and `window.start` / `window.end` read them
    /// (DataFlow has no struct type for Spark's window struct).
    func expandTimeWindow(_ items: [Expr], _ s: SQLSelect, _ ex: ExpressionTranslator) throws -> [Expr] {
        var call: Expr? = nil
        for g in s.groupBy?.items ?? [] {
            if case .expr(let ge) = g, case .function(let f) = ge.kind, f.name.count == 1, f.name[0].lowercased() == "window" {
                call = try ex.translate(ge)
            }
        }
        guard let call, let keys = FunctionRegistry.windowGroupingKeys(call) else { return items }
        let start = keys[0].unaliased, end = keys[1].unaliased
        return items.flatMap { item -> [Expr] in
            let bare = item.unaliased
            if bare == call { return keys }
            if case .column(let n, nil) = bare, n.lowercased() == "window" { return keys }
            if case .column(let n, let q?) = bare, q.lowercased() == "window", ["start", "end"].contains(n.lowercased()) {
                let key = n.lowercased() == "start" ? start : end
                if case .alias(_, let a) = item { return [.alias(key, a)] }
                return [.alias(key, n)]
            }
            return [item.transformDown { node in
                guard case .column(let n, let q?) = node, q.lowercased() == "window" else { return nil }
                switch n.lowercased() {
                case "start": return start
                case "end": return end
                default: return nil
                }
            }]
        }
    }
}
