import DataFlowColumnar

/// Orders each tree of inner joins (comma joins, `JOIN … ON`) by estimated size, and infers the
/// predicates that equi-joins imply.
///
/// The tree is flattened into its inputs ("leaves") and the conjuncts of its join conditions. Columns
/// equated by `a = b` conditions form equivalence classes, so `s.k = l.k AND ps.k = l.k` also joins
/// `s` with `ps`, and a constant bound to one member (`a.x = 5`, `a.x < 5`, `a.x IN (…)`) is bound to
/// every member — a filter on the other table. A greedy search then builds a left-deep tree: it starts
/// with the connected pair whose join is estimated smallest and keeps adding the connected input that
/// keeps the intermediate result smallest (an unconnected input only when nothing else is left), so no
/// query builds a cross product its predicates could have avoided. A projection restores the original
/// column order. Runs once, after filters have been pushed into join conditions.
struct JoinReorder: OptimizerRule {
    var name: String { "JoinReorder" }

    func apply(_ plan: LogicalPlan) throws -> LogicalPlan { rewrite(plan) }

    func rewrite(_ p: LogicalPlan) -> LogicalPlan {
        guard case .join(_, _, let t, _) = p, t == .inner || t == .cross else {
            let kids = p.children
            return kids.isEmpty ? p : p.withChildren(kids.map(rewrite))
        }
        var g = JoinGraph()
        g.flatten(p, offset: 0)
        g.leaves = g.leaves.map { JoinGraph.Leaf(plan: rewrite($0.plan), offset: $0.offset, width: $0.width) }
        return g.plan(original: p) ?? p.withChildren(p.children.map(rewrite))
    }
}

/// A flattened tree of inner joins: its inputs and the conjuncts of its conditions, over global column
/// indices (the columns of every leaf in the original order).
struct JoinGraph {
    struct Leaf {
        var plan: LogicalPlan
        var offset: Int
        var width: Int
    }

    var leaves: [Leaf] = []
    var conjuncts: [Expr] = []

    mutating func flatten(_ p: LogicalPlan, offset: Int) {
        if case .join(let l, let r, let t, let on) = p, t == .inner || t == .cross {
            let leftWidth = Analyzer.attributes(l).count
            flatten(l, offset: offset)
            flatten(r, offset: offset + leftWidth)
            if let on { conjuncts += on.conjuncts.map { $0.remapped { $0 + offset } } }
            return
        }
        leaves.append(Leaf(plan: p, offset: offset, width: Analyzer.attributes(p).count))
    }

    func leaf(of column: Int) -> Int {
        leaves.firstIndex { column >= $0.offset && column < $0.offset + $0.width } ?? 0
    }

    func leafSet(_ e: Expr) -> Set<Int> { Set(e.boundIndices.map(leaf(of:))) }

    /// The reordered plan, or nil when there is nothing to gain (fewer than two inputs, unknown sizes,
    /// or nothing reordered and nothing inferred).
    func plan(original: LogicalPlan) -> LogicalPlan? {
        let n = leaves.count
        guard n >= 2, conjuncts.allSatisfy(\.isDeterministic) else { return nil }
        let attrs = Analyzer.attributes(original)

        // Equivalence classes of columns equated across inputs (same type: no casts in between).
        var parent = Array(0..<attrs.count)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        var other: [Expr] = []
        for c in conjuncts {
            if case .comparison(.eq, .bound(let i, let ti, _, _), .bound(let j, let tj, _, _)) = c, ti == tj, leaf(of: i) != leaf(of: j) {
                parent[find(i)] = find(j)
            } else {
                other.append(c)
            }
        }
        var classes: [Int: [Int]] = [:]
        for i in attrs.indices { classes[find(i), default: []].append(i) }
        let members = classes.values.filter { $0.count > 1 }.sorted { $0[0] < $1[0] }

        // Filters per leaf: its own conjuncts, members of one class in the same leaf, inferred constants.
        var leafFilters = [[Expr]](repeating: [], count: n)
        var joinConds: [Expr] = []
        for c in other {
            let s = leafSet(c)
            if s.count == 1, let k = s.first { leafFilters[k].append(c) } else { joinConds.append(c) }
        }
        var inferred = false
        for m in members {
            var byLeaf: [Int: [Int]] = [:]
            for col in m { byLeaf[leaf(of: col), default: []].append(col) }
            for (k, cols) in byLeaf where cols.count > 1 {
                for c in cols.dropFirst() { leafFilters[k].append(.comparison(.eq, bound(cols[0], attrs), bound(c, attrs))) }
            }
            // Constant constraints known on any member hold for every member.
            var constraints: [(Int, Expr)] = []
            for col in m {
                let k = leaf(of: col)
                for f in leafFilters[k] + knownFilters(leaves[k]) {
                    if let t = constantConstraint(f, on: col) { constraints.append((col, t)) }
                }
            }
            for (from, f) in constraints {
                for col in m where col != from {
                    let moved = f.transformUp { e in
                        if case .bound(let i, _, _, _) = e, i == from { return bound(col, attrs) }
                        return e
                    }
                    let k = leaf(of: col)
                    if !leafFilters[k].contains(moved) && !knownFilters(leaves[k]).contains(moved) {
                        leafFilters[k].append(moved)
                        inferred = true
                    }
                }
            }
        }

        // Each leaf with its filters, in leaf-local indices.
        let inputs: [LogicalPlan] = leaves.indices.map { k in
            let local = leafFilters[k].map { f in f.remapped { $0 - leaves[k].offset } }
            return Expr.conjunction(local).map { .filter($0, leaves[k].plan) } ?? leaves[k].plan
        }
        let sizes = inputs.map(Estimate.rows)

        // Greedy order (the original order for two inputs or when a size is unknown).
        let order: [Int]
        if n == 2 || sizes.contains(where: { $0 == nil }) {
            order = Array(0..<n)
        } else {
            order = greedyOrder(inputs, members: members, joinConds: joinConds, attrs: attrs)
        }
        if order == Array(0..<n) && !inferred && (n == 2 || members.isEmpty) { return nil }

        // Build the left-deep tree in that order.
        let built = leftDeep(order, inputs, members: members, conditions: joinConds, attrs: attrs)
        let position = built.position
        var result = built.plan
        if !built.pending.isEmpty, let c = Expr.conjunction(built.pending.map { c in c.remapped { position[$0] } }) {
            // Conditions over no input at all (constants) go on top.
            result = .filter(c, result)
        }
        if order == Array(0..<n) { return result }
        let restore: [Expr] = attrs.indices.map { i in
            .bound(index: position[i], type: attrs[i].type, nullable: attrs[i].nullable, name: attrs[i].name)
        }
        return .alias("#reorder", .project(restore, result))
    }

    func bound(_ i: Int, _ attrs: [Attribute]) -> Expr {
        .bound(index: i, type: attrs[i].type, nullable: attrs[i].nullable, name: attrs[i].name)
    }

    /// The member of a class in the inputs placed so far whose table is smallest (the likely key side).
    func representative(_ m: [Int], placedLeaves: [Int], inputs: [LogicalPlan]) -> Int? {
        m.filter { placedLeaves.contains(leaf(of: $0)) }.min { a, b in
            let da = Estimate.keyDomain(inputs[leaf(of: a)], a - leaves[leaf(of: a)].offset) ?? Int.max
            let db = Estimate.keyDomain(inputs[leaf(of: b)], b - leaves[leaf(of: b)].offset) ?? Int.max
            return da < db
        }
    }

    /// Starts with the connected pair of smallest estimated join, then adds the connected input that keeps
    /// the result smallest; an unconnected input (a cross join) only when no connected one is left.
    func greedyOrder(_ inputs: [LogicalPlan], members: [[Int]], joinConds: [Expr], attrs: [Attribute]) -> [Int] {
        let n = inputs.count
        func connected(_ set: Set<Int>, _ k: Int) -> Bool {
            members.contains { m in m.contains { leaf(of: $0) == k } && m.contains { set.contains(leaf(of: $0)) } }
                || joinConds.contains { c in
                    let s = leafSet(c)
                    return s.contains(k) && !s.isDisjoint(with: set) && s.isSubset(of: set.union([k]))
                }
        }
        // The best starting pair: the larger input on the left (probe), the smaller on the right (build).
        var best: (Int, Int, Int)? = nil
        for i in 0..<n {
            for j in 0..<n where j != i && connected([i], j) {
                let (a, b) = (Estimate.rows(inputs[i]) ?? 0) >= (Estimate.rows(inputs[j]) ?? 0) ? (i, j) : (j, i)
                let e = Estimate.rows(leftDeep([a, b], inputs, members: members, attrs: attrs).plan) ?? Int.max
                if best == nil || e < best!.2 { best = (a, b, e) }
            }
        }
        guard let start = best else { return Array(0..<n) }
        var order = [start.0, start.1]
        while order.count < n {
            let rest = (0..<n).filter { !order.contains($0) }
            let linked = rest.filter { connected(Set(order), $0) }
            let pool = linked.isEmpty ? rest : linked
            var pick = pool[0], pickRows = Int.max
            for k in pool {
                let e = (linked.isEmpty ? Estimate.rows(inputs[k]) : Estimate.rows(leftDeep(order + [k], inputs, members: members, attrs: attrs).plan)) ?? Int.max
                if e < pickRows { pick = k; pickRows = e }
            }
            order.append(pick)
        }
        return order
    }

    /// The left-deep join of the inputs in `order`: each join gets one equality per class spanning both
    /// sides (the placed side's member from the smallest table) and the `conditions` whose inputs are all
    /// placed by then. Returns the plan, each original column's position in it, and the conditions no
    /// join took (those over no input at all).
    func leftDeep(_ order: [Int], _ inputs: [LogicalPlan], members: [[Int]], conditions: [Expr] = [],
                  attrs: [Attribute]) -> (plan: LogicalPlan, position: [Int], pending: [Expr]) {
        var position = [Int](repeating: -1, count: attrs.count)
        var placed: [Int] = []
        var tree: LogicalPlan? = nil
        var pending = conditions
        var width = 0
        for k in order {
            var conds: [Expr] = []
            if tree != nil {
                for m in members {
                    guard let rep = representative(m, placedLeaves: placed, inputs: inputs),
                          let col = m.first(where: { leaf(of: $0) == k }) else { continue }
                    conds.append(.comparison(.eq, bound(rep, attrs), bound(col, attrs)))
                }
            }
            for c in 0..<leaves[k].width { position[leaves[k].offset + c] = width + c }
            placed.append(k)
            width += leaves[k].width
            if let t = tree {
                let now = Set(placed)
                conds += pending.filter { leafSet($0).isSubset(of: now) }
                pending.removeAll { leafSet($0).isSubset(of: now) }
                let mapped = conds.map { c in c.remapped { position[$0] } }
                tree = .join(t, inputs[k], mapped.isEmpty ? .cross : .inner, on: Expr.conjunction(mapped))
            } else {
                tree = inputs[k]
            }
        }
        return (tree ?? inputs[order[0]], position, pending)
    }

    /// Filters already applied inside a leaf (pushed into its scan or sitting on top), in global indices.
    func knownFilters(_ leaf: Leaf) -> [Expr] {
        var out: [Expr] = []
        var p = leaf.plan
        while true {
            switch p {
            case .alias(_, let c): p = c; continue
            case .filter(let f, let c): out += f.conjuncts; p = c; continue
            case .scan(let s): out += s.filters
            default: break
            }
            break
        }
        return out.map { $0.remapped { $0 + leaf.offset } }
    }

    /// `col op literal`, `literal op col` or `col IN (literals)` — a constraint that moves to an equal column.
    func constantConstraint(_ f: Expr, on col: Int) -> Expr? {
        switch f {
        case .comparison(let op, .bound(let i, _, _, _), .literal) where i == col && op != .eqNullSafe:
            return f
        case .comparison(let op, .literal, .bound(let i, _, _, _)) where i == col && op != .eqNullSafe:
            return f
        case .inList(.bound(let i, _, _, _), let items) where i == col && items.allSatisfy({ if case .literal = $0 { return true }; return false }):
            return f
        default:
            return nil
        }
    }
}
