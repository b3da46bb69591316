import DataFlowColumnar
import DataFlowEngine

// Planning of the statements that change a table in place or read an earlier version of it (Delta
// Lake's SQL): DELETE, UPDATE, MERGE INTO, and time travel in FROM.

/// A planned `MERGE INTO`: the source plan (aliased), the ON condition over target and source columns
/// (qualified by their aliases), and the WHEN clauses in order.
public struct MergeCommand: Sendable {
    public enum Action: Sendable {
        case update([(column: String, value: Expr)])
        case updateAll
        case delete
        case insert([(column: String, value: Expr)])
        case insertAll
    }
    public struct Clause: Sendable {
        public var matched: Bool
        public var condition: Expr?
        public var action: Action
    }
    public var target: String
    public var targetAlias: String
    public var source: LogicalPlan
    public var condition: Expr
    public var clauses: [Clause]
}

extension SQLPlanner {
    /// Removes a table's own qualifier (its alias or name) from column references: the conditions of
    /// DELETE and UPDATE are resolved over the table alone.
    func unqualifier(_ table: [String], _ alias: String?) -> @Sendable (Expr) -> Expr {
        let names = Set([alias?.lowercased(), table.last?.lowercased(), table.joined(separator: ".").lowercased()].compactMap { $0 })
        @Sendable func strip(_ e: Expr) -> Expr {
            if case .column(let n, let q?) = e, names.contains(q.lowercased()) { return .column(n) }
            return e.withChildren(e.children.map(strip))
        }
        return strip
    }

    func mergeCommand(_ m: SQLMerge) throws -> MergeCommand {
        let target = m.target.joined(separator: ".")
        let targetAlias = m.targetAlias ?? m.target.last ?? target
        var source = try tableRef(m.source)
        if case .table(let name, nil) = m.source.kind { source = .alias(name.last ?? "source", source) }
        if case .subquery(_, nil, _) = m.source.kind {
            throw sqlError("PARSE_SYNTAX_ERROR", "the MERGE source subquery needs an alias: USING (SELECT …) AS s", at: m.source.position)
        }
        func pairs(_ a: [SQLAssignment]) throws -> [(column: String, value: Expr)] {
            try a.map { (column: $0.column.last ?? "", value: try expressions.translate($0.value)) }
        }
        var clauses: [MergeCommand.Clause] = []
        for c in m.clauses {
            if c.kind == .notMatchedBySource {
                throw sqlError("UNSUPPORTED_FEATURE", "WHEN NOT MATCHED BY SOURCE is not supported yet", at: m.source.position)
            }
            let action: MergeCommand.Action
            switch c.action {
            case .update(let a): action = .update(try pairs(a))
            case .updateAll: action = .updateAll
            case .delete: action = .delete
            case .insertAll: action = .insertAll
            case .insert(let columns, let values):
                guard !columns.isEmpty else {
                    throw sqlError("PARSE_SYNTAX_ERROR", "MERGE's INSERT needs its column list: INSERT (a, b) VALUES (s.a, s.b)", at: m.source.position)
                }
                action = .insert(try zip(columns, values).map { (column: $0, value: try expressions.translate($1)) })
            }
            clauses.append(.init(matched: c.kind == .matched, condition: try c.condition.map(expressions.translate), action: action))
        }
        return MergeCommand(target: target, targetAlias: targetAlias, source: source,
                            condition: try expressions.translate(m.condition), clauses: clauses)
    }

    /// `t VERSION AS OF n` / `TIMESTAMP AS OF '…'`: the catalog's table at that version (Delta tables).
    func timeTravel(_ name: [String], _ travel: SQLTimeTravel, alias: SQLTableAlias?, at position: SourcePosition) throws -> LogicalPlan {
        let version: TableVersion
        switch travel {
        case .version(let v): version = .version(v)
        case .timestamp(let e):
            guard let v = try? ExpressionEvaluator.evaluateConstant(try Analyzer().analyzeExpression(try expressions.translate(e))),
                  !v.isNull else {
                throw sqlError("INVALID_TIME_TRAVEL_TIMESTAMP_EXPR", "TIMESTAMP AS OF needs a constant timestamp, such as '2026-11-25 10:00:00'", at: position)
            }
            version = .timestamp(v.description)
        }
        let plan = try catalog.lookup(name.joined(separator: "."), asOf: version)
        return try aliased(alias == nil ? .alias(name.last ?? "", plan) : plan, alias, at: position)
    }
}
