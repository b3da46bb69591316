import DataFlowColumnar

/// Readable text of logical plans (`explain`).
public enum PlanPrinter {
    public static func text(_ plan: LogicalPlan, _ indent: Int = 0) -> String {
        let pad = String(repeating: "   ", count: indent) + (indent > 0 ? "+- " : "")
        var s = pad + line(plan) + "\n"
        for c in plan.children { s += text(c, indent + 1) }
        return s
    }

    static func line(_ plan: LogicalPlan) -> String {
        switch plan {
        case .scan(let s):
            var t = "Relation \(s.table.displayName) [" + s.fields.map(\.name).joined(separator: ", ") + "]"
            if !s.filters.isEmpty { t += " filters=" + describeList(s.filters) }
            if let l = s.limit { t += " limit=\(l)" }
            return t
        case .project(let e, _): return "Project " + describeList(e)
        case .filter(let e, _): return "Filter \(e)"
        case .aggregate(let g, let o, _): return "Aggregate " + describeList(g) + ", " + describeList(o)
        case .join(_, _, let t, let on): return "Join \(t.sqlName)" + (on.map { ", \($0)" } ?? "")
        case .usingJoin(_, _, let t, let cols): return "Join \(t.sqlName), using [\(cols.joined(separator: ", "))]"
        case .sort(let o, _): return "Sort [" + o.map(\.description).joined(separator: ", ") + "]"
        case .limit(let n, let off, _): return "Limit \(n)" + (off > 0 ? " Offset \(off)" : "")
        case .topN(let n, let o, _): return "TopN \(n) [" + o.map(\.description).joined(separator: ", ") + "]"
        case .deduplicate(let k, _): return k.map { "Deduplicate [\($0.joined(separator: ", "))]" } ?? "Distinct"
        case .union(let c, let b, _): return b ? "UnionByName (\(c.count) inputs)" : "Union (\(c.count) inputs)"
        case .sample(let f, let w, let seed, _): return "Sample fraction=\(f) withReplacement=\(w) seed=\(seed)"
        case .alias(let n, _): return "SubqueryAlias \(n)"
        case .window(let e, _): return "Window " + describeList(e)
        case .windowGroupLimit(let p, let o, let f, let k, _):
            return "WindowGroupLimit " + describeList(p) + ", [" + o.map(\.description).joined(separator: ", ") + "], \(f.rawValue), \(k)"
        case .mapBatches(let t, _): return "MapBatches [opaque: \(t.name)]" + (t.filtersRows ? "" : " [" + t.schema.names.joined(separator: ", ") + "]")
        case .cached(let e, _) where e.perQuery: return "SharedSubplan \(e.key)"
        case .cached(let e, _): return "InMemoryRelation" + (e.stored == nil ? " (not yet computed)" : " (cached)")
        }
    }
}

/// The stages a query goes through; `explain` prints them.
public struct QueryExecution: Sendable {
    public let logical: LogicalPlan
    public let analyzed: LogicalPlan
    public let optimized: LogicalPlan
    public let physical: any PhysicalOperator

    public init(_ plan: LogicalPlan, optimizer: Optimizer = Optimizer()) throws {
        logical = plan
        analyzed = try Analyzer().analyze(plan)
        optimized = try optimizer.optimize(analyzed)
        physical = try PhysicalPlanner().plan(optimized)
    }

    public var schema: Schema { physical.schema }

    public func explain(extended: Bool = true) -> String {
        var s = ""
        if extended {
            s += "== Parsed Logical Plan ==\n" + PlanPrinter.text(logical)
            s += "\n== Analyzed Logical Plan ==\n" + PlanPrinter.text(analyzed)
            s += "\n== Optimized Logical Plan ==\n" + PlanPrinter.text(optimized)
            s += "\n"
        }
        s += "== Physical Plan ==\n" + physical.treeString()
        return s
    }
}
