import DataFlowColumnar

/// Equi-join: the right child is the build side (a hash table of its keys), the left child is probed
/// morsel by morsel in parallel. Handles inner, left outer, full outer, left semi and left anti
/// (right outer is planned as a swapped left outer). Null keys never match.
final class HashJoinExec: PhysicalOperator {
    let type: JoinType
    let leftKeys: [Expr]
    let rightKeys: [Expr]
    let residual: Expr?
    let left: any PhysicalOperator
    let right: any PhysicalOperator
    let schema: Schema
    var name: String { "HashJoin" }
    var children: [any PhysicalOperator] { [left, right] }
    var details: String {
        "\(type.sqlName), keys \(describeList(leftKeys)) = \(describeList(rightKeys))"
            + (residual.map { ", condition \($0)" } ?? "") + ", build=right"
    }

    init(type: JoinType, leftKeys: [Expr], rightKeys: [Expr], residual: Expr?, left: any PhysicalOperator,
         right: any PhysicalOperator, schema: Schema) {
        self.type = type
        self.leftKeys = leftKeys
        self.rightKeys = rightKeys
        self.residual = residual
        self.left = left
        self.right = right
        self.schema = schema
    }

    /// Build-side index: key → chain of build rows (in build order).
    struct BuildIndex: @unchecked Sendable {
        var first: [Int32] = []
        var next: [Int32]
        var intTable: Int64KeyTable?
        var table: GroupTable?
    }

    func open(_ ctx: ExecutionContext) throws -> MorselSource {
        let build = try materialize(right, ctx, what: "HashJoin build side")
        let buildKeyCols = try rightKeys.map { try ExpressionEvaluator.compile($0).evaluate(build) }
        var index = BuildIndex(next: [Int32](repeating: -1, count: build.rowCount))
        var last: [Int32] = []
        func link(_ g: Int, _ r: Int) {
            if g == index.first.count {
                index.first.append(Int32(r))
                last.append(Int32(r))
            } else {
                index.next[Int(last[g])] = Int32(r)
                last[g] = Int32(r)
            }
        }
        let intKey = buildKeyCols.count == 1 && isIntegerKey(buildKeyCols[0].type)
        if intKey {
            let c = buildKeyCols[0]
            var t = Int64KeyTable(capacity: build.rowCount)
            for r in 0..<build.rowCount where c.isValid(r) { link(Int(t.findOrInsert(int64Key(c, r))), r) }
            try ctx.reserve(t.byteSize + build.rowCount * 8, for: "HashJoin hash table")
            index.intTable = t
        } else {
            let buildKeys = EncodedKeys(columns: buildKeyCols)
            var table = GroupTable(capacity: build.rowCount)
            buildKeys.bytes.withUnsafeBytes { kb in
                for r in 0..<build.rowCount where !buildKeys.hasNull[r] {
                    let s = buildKeys.offsets[r], e = buildKeys.offsets[r + 1]
                    link(Int(table.findOrInsert(hash: buildKeys.hashes[r], UnsafeRawBufferPointer(rebasing: kb[s..<e]))), r)
                }
            }
            try ctx.reserve(table.byteSize + build.rowCount * 8, for: "HashJoin hash table")
            index.table = table
        }
        let flags = type == .full ? MatchFlags(build.rowCount) : nil
        let core = JoinCore(type: type, residual: try residual.map(ExpressionEvaluator.compile), probeSchema: left.schema,
                            buildSchema: right.schema, outSchema: schema, matched: flags?.pointer)
        let probeKeyExprs = try leftKeys.map(ExpressionEvaluator.compile)
        let src = try left.open(ctx)
        let idx = index
        let probe: MorselSource = MorselSource(count: src.count) { i in
            let batch = try src.produce(i)
            if batch.rowCount == 0 { return RecordBatch.empty(core.outSchema) }
            let keyCols = try probeKeyExprs.map { try $0.evaluate(batch) }
            var pl: [Int32] = [], pr: [Int32] = []
            pl.reserveCapacity(batch.rowCount)
            pr.reserveCapacity(batch.rowCount)
            func emit(_ r: Int, _ g: Int32) {
                var b = idx.first[Int(g)]
                while b >= 0 {
                    pl.append(Int32(r))
                    pr.append(b)
                    b = idx.next[Int(b)]
                }
            }
            if let t = idx.intTable {
                let c = keyCols[0]
                for r in 0..<batch.rowCount where c.isValid(r) {
                    let g = t.find(int64Key(c, r))
                    if g >= 0 { emit(r, g) }
                }
            } else if let table = idx.table {
                let keys = EncodedKeys(columns: keyCols)
                keys.bytes.withUnsafeBytes { kb in
                    for r in 0..<batch.rowCount where !keys.hasNull[r] {
                        let s = keys.offsets[r], e = keys.offsets[r + 1]
                        let g = table.find(hash: keys.hashes[r], UnsafeRawBufferPointer(rebasing: kb[s..<e]))
                        if g >= 0 { emit(r, g) }
                    }
                }
            }
            return try core.output(probe: batch, build: build, pl: pl, pr: pr)
        }
        guard type == .full else { return probe }
        // Full outer: every probe morsel must finish before unmatched build rows are known.
        var out = try ctx.collect(probe)
        if let extra = core.unmatchedBuildRows(build: build) { out.append(extra) }
        withExtendedLifetime(flags) {}
        return .batches(out)
    }
}
