import DataFlowColumnar

/// Window functions over one PARTITION BY + ORDER BY (every expression here shares it, so one sort
/// serves them all). Materialises the input, sorts it once (stable) by partition keys then order keys,
/// finds partitions and peer groups, and computes each function partition by partition, in parallel
/// over groups of whole partitions:
/// - ranking and offset functions directly from positions and peer groups;
/// - count, sum, avg and the variance family with a running state that adds rows entering the frame and
///   removes rows leaving it (frames only move forward), so a frame costs O(1) per row whatever its
///   size, and an UNBOUNDED PRECEDING frame is an exact running total;
/// - min and max with a monotonic deque (O(1) amortised per row);
/// - first/last/nth_value by position;
/// - other aggregates (median, percentiles) per partition when the frame is the whole partition, else
///   by feeding each row's frame to a fresh accumulator.
/// Output: the input's columns in the sorted order, then one column per window expression.
final class WindowExec: PhysicalOperator {
    let exprs: [Expr]
    let child: any PhysicalOperator
    let schema: Schema
    let spec: WindowSpec
    var name: String { "Window" }
    var children: [any PhysicalOperator] { [child] }
    var details: String { describeList(exprs) }

    init(_ exprs: [Expr], _ child: any PhysicalOperator, schema: Schema) throws {
        var specs: [WindowSpec] = []
        for e in exprs {
            guard case .window(_, let s) = e.unaliased else { throw DataFlowError("INTERNAL_ERROR", "not a window expression: \(e)") }
            specs.append(s)
        }
        guard let first = specs.first, specs.allSatisfy({ $0.sameSort(first) }) else {
            throw DataFlowError("INTERNAL_ERROR", "a window node needs expressions with one PARTITION BY and ORDER BY")
        }
        self.exprs = exprs
        self.child = child
        self.schema = schema
        self.spec = first
    }

    func open(_ ctx: ExecutionContext) throws -> MorselSource {
        let all = try materialize(child, ctx, what: "Window")
        let n = all.rowCount
        guard n < Int(Int32.max) else {
            throw DataFlowError("MEMORY_LIMIT_EXCEEDED", "A window over \(n) rows is larger than this engine supports (2^31 rows).")
        }
        // Sort once by (partition keys, order keys); the comparator breaks ties by row index (stable).
        let pk = try spec.partitionBy.map { try ExpressionEvaluator.compile($0).evaluate(all) }
        let ok = try spec.orderBy.map { try ExpressionEvaluator.compile($0.expr).evaluate(all) }
        let perm: [Int32]
        if pk.isEmpty && ok.isEmpty {
            perm = (0..<n).map { Int32($0) }
        } else {
            let orders = spec.partitionBy.map { SortOrder($0) } + spec.orderBy
            perm = try RowComparator(columns: pk + ok, orders: orders).sortedIndices(n, ctx: ctx)
        }
        let sorted = perm.withUnsafeBufferPointer { all.take($0) }
        try ctx.reserve(sorted.byteSize + n * 16, for: "Window")
        let spk = perm.withUnsafeBufferPointer { p in pk.map { $0.take(p) } }
        let sok = perm.withUnsafeBufferPointer { p in ok.map { $0.take(p) } }

        // Partitions and peer groups (rows equal on every order key) in the sorted order.
        var newPartition = [UInt8](repeating: 0, count: n)
        KeyRuns.markChanges(spk, &newPartition)
        var newPeer = newPartition
        KeyRuns.markChanges(sok, &newPeer)
        var partStarts: [Int] = n > 0 ? [0] : []
        var peerStart = [Int32](repeating: 0, count: n)
        var peerEnd = [Int32](repeating: 0, count: n)
        var ps = 0
        for i in 0..<n {
            if i > 0 && newPeer[i] != 0 {
                if newPartition[i] != 0 { partStarts.append(i) }
                ps = i
            }
            peerStart[i] = Int32(ps)
        }
        var pe = n
        for i in stride(from: n - 1, through: 0, by: -1) {
            if i + 1 < n && peerStart[i + 1] != peerStart[i] { pe = i + 1 }
            peerEnd[i] = Int32(pe)
        }
        partStarts.append(n)

        // The range-frame key as doubles, when a frame needs it.
        var rangeKey: [Double]? = nil
        if let o = spec.orderBy.first, spec.orderBy.count == 1, !sok.isEmpty {
            rangeKey = WindowExec.doubles(sok[0], ascending: o.ascending)
        }

        // Each function's arguments, evaluated once over the sorted rows.
        let functions = try exprs.map { e -> WindowFn in
            guard case .window(let f, let s) = e.unaliased else { throw DataFlowError("INTERNAL_ERROR", "not a window expression: \(e)") }
            return try WindowFn(f, s.effectiveFrame, type: e.type, sorted)
        }

        // Tasks: runs of whole partitions, about `chunk` rows each.
        let chunk = max(4096, n / max(1, ctx.threads * 4))
        var tasks: [(Int, Int)] = []
        var k = 0
        let partCount = partStarts.count - 1
        while k < partCount {
            var j = k + 1
            while j < partCount && partStarts[j] - partStarts[k] < chunk { j += 1 }
            tasks.append((k, j))
            k = j
        }
        let env = WindowEnv(n: n, partStarts: partStarts, peerStart: peerStart, peerEnd: peerEnd, rangeKey: rangeKey,
                            nullsFirst: spec.orderBy.first?.nullsFirst ?? true, rangeValid: sok.first)
        let results = SlotArray<[Column]>(tasks.count)
        let taskList = tasks
        try ctx.parallelFor(taskList.count) { t, _ in
            let (p0, p1) = taskList[t]
            results[t] = try functions.map { try $0.compute(env, p0, p1) }
        }
        let perTask = results.values.compactMap { $0 }
        let windowColumns: [Column] = functions.indices.map { f in
            perTask.isEmpty ? Column.nulls(functions[f].type, count: 0) : Column.concat(perTask.map { $0[f] })
        }
        let out = RecordBatch(schema: schema, columns: sorted.columns + windowColumns, rowCount: n)
        let m = RecordBatch.morselSize
        return MorselSource(count: (n + m - 1) / m) { i in
            let lo = i * m
            return out.slice(lo, min(n, lo + m) - lo)
        }
    }

    /// Order-key values as doubles, negated for a descending key (so frames always look ascending).
    static func doubles(_ c: Column, ascending: Bool) -> [Double]? {
        let c = c.decoded()
        var out = [Double](repeating: 0, count: c.count)
        switch c.type {
        case .int32, .date: let p = c.values(Int32.self); for i in 0..<c.count { out[i] = Double(p[i]) }
        case .int64, .timestamp: let p = c.values(Int64.self); for i in 0..<c.count { out[i] = Double(p[i]) }
        case .float64: let p = c.values(Double.self); for i in 0..<c.count { out[i] = p[i] }
        case .decimal(_, let s): for i in 0..<c.count where c.isValid(i) { out[i] = Decimal128.toDouble(decimalAt(c, i), scale: s) }
        default: return nil
        }
        if !ascending { for i in 0..<out.count { out[i] = -out[i] } }
        return out
    }
}

/// Positions shared by every function of one window operator.
struct WindowEnv: @unchecked Sendable {
    let n: Int
    let partStarts: [Int]
    let peerStart: [Int32]
    let peerEnd: [Int32]
    let rangeKey: [Double]?
    let nullsFirst: Bool
    let rangeValid: Column?
}

/// One window expression, ready to compute over runs of partitions.
struct WindowFn: @unchecked Sendable {
    enum Kind {
        case rowNumber, rank, denseRank, percentRank, cumeDist, ntile(Int)
        case offset(Int)  // lag (negative) / lead (positive): the row `offset` after this one
        case nthValue(Int)
        case first, last
        case count(star: Bool)
        case sum, avg, variance(sample: Bool, sqrt: Bool)
        case minMax(isMax: Bool)
        case generic(AggregateFunction, [Value?])
    }
    let kind: Kind
    let frame: WindowFrame
    let type: DataType
    let args: [Column]
    /// `lag`/`lead`: the argument followed by the default, so one gather picks either.
    let withDefault: Column?

    init(_ f: Expr, _ frame: WindowFrame, type: DataType, _ sorted: RecordBatch) throws {
        self.frame = frame
        self.type = type
        var argExprs: [Expr] = []
        var withDefault: Column? = nil
        switch f {
        case .function(let name, let a):
            argExprs = a
            func constant(_ i: Int, _ dflt: Int) throws -> Int {
                guard i < a.count else { return dflt }
                let v = try ExpressionEvaluator.evaluateConstant(a[i])
                guard let d = v.doubleValue, let n = Int(exactly: d.rounded()) else {
                    throw DataFlowError("INVALID_PARAMETER_VALUE", "The argument \(i + 1) of \(name) must be a non-null integer constant, but got \(v).")
                }
                return n
            }
            switch name {
            case "row_number": kind = .rowNumber
            case "rank": kind = .rank
            case "dense_rank": kind = .denseRank
            case "percent_rank": kind = .percentRank
            case "cume_dist": kind = .cumeDist
            case "ntile":
                let b = try constant(0, 1)
                guard b >= 1 else { throw DataFlowError("INVALID_PARAMETER_VALUE", "The number of buckets of ntile must be positive, but got \(b).") }
                kind = .ntile(b)
            case "lag", "lead":
                let off = try constant(1, 1)
                kind = .offset(name == "lag" ? -off : off)
                argExprs = [a[0]]
                if a.count > 2 {
                    let x = try ExpressionEvaluator.compile(a[0]).evaluate(sorted)
                    let d = try ExpressionEvaluator.compile(a[2]).evaluate(sorted)
                    withDefault = Column.concat([x, d])
                }
            case "nth_value":
                let k = try constant(1, 1)
                guard k >= 1 else { throw DataFlowError("INVALID_PARAMETER_VALUE", "The position of nth_value must be positive, but got \(k).") }
                kind = .nthValue(k)
                argExprs = [a[0]]
            default: throw DataFlowError("INTERNAL_ERROR", "unknown window function \(name)")
            }
        case .aggregate(let name, let a, _):
            argExprs = a
            guard let fn = FunctionRegistry.aggregate(name) else { throw DataFlowError("UNRESOLVED_ROUTINE", "no aggregate named `\(name)`") }
            let inputType = a.first?.type ?? .null
            let isVariance = ["stddev", "stddev_pop", "var_samp", "var_pop"].contains(fn.name)
            switch isVariance && inputType != .float64 ? "" : fn.name {
            case "count": kind = .count(star: a.isEmpty)
            case "sum": kind = inputType.isNumeric ? .sum : .generic(fn, [])
            case "avg": kind = inputType.isNumeric ? .avg : .generic(fn, [])
            case "stddev": kind = .variance(sample: true, sqrt: true)
            case "stddev_pop": kind = .variance(sample: false, sqrt: true)
            case "var_samp": kind = .variance(sample: true, sqrt: false)
            case "var_pop": kind = .variance(sample: false, sqrt: false)
            case "min": kind = .minMax(isMax: false)
            case "max": kind = .minMax(isMax: true)
            case "first": kind = .first
            case "last": kind = .last
            default: kind = .generic(fn, a.map { $0.isConstant ? try? ExpressionEvaluator.evaluateConstant($0) : nil })
            }
        case .udaf(let u, let a):
            guard let fn = u.aggregateFunction else { throw DataFlowError("INTERNAL_ERROR", "\(u.name) is not an aggregate") }
            argExprs = a
            kind = .generic(fn, a.map { _ in nil })
        default:
            throw DataFlowError("UNSUPPORTED_EXPR_FOR_WINDOW", "Expression \(f) not supported within a window function.")
        }
        args = try argExprs.map { try ExpressionEvaluator.compile($0).evaluate(sorted) }
        self.withDefault = withDefault
    }

    /// The results for the rows of partitions `p0..<p1`.
    func compute(_ env: WindowEnv, _ p0: Int, _ p1: Int) throws -> Column {
        let ts = env.partStarts[p0], te = env.partStarts[p1]
        let rows = te - ts
        switch kind {
        case .rowNumber, .rank, .denseRank, .ntile:
            var out = [Int32](repeating: 0, count: rows)
            for p in p0..<p1 {
                let s = env.partStarts[p], e = env.partStarts[p + 1]
                var dense: Int32 = 0
                for i in s..<e {
                    switch kind {
                    case .rowNumber: out[i - ts] = Int32(i - s + 1)
                    case .rank: out[i - ts] = env.peerStart[i] - Int32(s) + 1
                    case .denseRank:
                        if Int(env.peerStart[i]) == i { dense += 1 }
                        out[i - ts] = dense
                    case .ntile(let b):
                        let cnt = e - s, r = i - s
                        let q = cnt / b, rem = cnt % b
                        let big = rem * (q + 1)
                        out[i - ts] = Int32(r < big ? r / (q + 1) + 1 : rem + (q == 0 ? 0 : (r - big) / q) + 1)
                    default: break
                    }
                }
            }
            return Column(type: .int32, count: rows, values: Buffer.of(out))
        case .percentRank, .cumeDist:
            var out = [Double](repeating: 0, count: rows)
            for p in p0..<p1 {
                let s = env.partStarts[p], e = env.partStarts[p + 1]
                let cnt = Double(e - s)
                for i in s..<e {
                    if case .percentRank = kind {
                        out[i - ts] = e - s <= 1 ? 0 : Double(Int(env.peerStart[i]) - s) / (cnt - 1)
                    } else {
                        out[i - ts] = Double(Int(env.peerEnd[i]) - s) / cnt
                    }
                }
            }
            return Column(type: .float64, count: rows, values: Buffer.of(out))
        case .offset(let off):
            var idx = [Int32](repeating: -1, count: rows)
            for p in p0..<p1 {
                let s = env.partStarts[p], e = env.partStarts[p + 1]
                for i in s..<e {
                    let (src, o) = i.addingReportingOverflow(off)
                    if !o && src >= s && src < e { idx[i - ts] = Int32(src) } else if withDefault != nil { idx[i - ts] = Int32(env.n + i) }
                }
            }
            return (withDefault ?? args[0]).take(idx)
        default:
            break
        }
        // Frame functions.
        var lo = [Int32](repeating: 0, count: rows), hi = [Int32](repeating: 0, count: rows)
        for p in p0..<p1 { frameBounds(env, env.partStarts[p], env.partStarts[p + 1], ts, &lo, &hi) }
        switch kind {
        case .nthValue(let k):
            var idx = [Int32](repeating: -1, count: rows)
            for r in 0..<rows where Int(lo[r]) + k - 1 < Int(hi[r]) { idx[r] = lo[r] + Int32(k - 1) }
            return args[0].take(idx)
        case .first, .last:
            var idx = [Int32](repeating: -1, count: rows)
            if case .first = kind {
                for r in 0..<rows where lo[r] < hi[r] { idx[r] = lo[r] }
            } else {
                for r in 0..<rows where lo[r] < hi[r] { idx[r] = hi[r] - 1 }
            }
            return args[0].take(idx)
        case .minMax(let isMax):
            return minMax(env, p0, p1, ts, lo, hi, isMax)
        case .count, .sum, .avg, .variance:
            return try sliding(env, p0, p1, ts, lo, hi)
        case .generic(let fn, let consts):
            return try generic(env, fn, consts, p0, p1, ts, lo, hi)
        default:
            throw DataFlowError("INTERNAL_ERROR", "unhandled window function")
        }
    }

    /// Each row's frame `[lo, hi)` in sorted positions, for the rows of partition `[s, e)`.
    func frameBounds(_ env: WindowEnv, _ s: Int, _ e: Int, _ ts: Int, _ lo: inout [Int32], _ hi: inout [Int32]) {
        // RANGE offsets: the partition's non-null key run, searched by binary search.
        var nnS = s, nnE = e
        let needsKey = frame.kind == .range && [frame.start, frame.end].contains { b in
            if case .preceding = b { return true }
            if case .following = b { return true }
            return false
        }
        if needsKey, let valid = env.rangeValid, valid.validity != nil {
            if env.nullsFirst {
                while nnS < e && !valid.isValid(nnS) { nnS += 1 }
            } else {
                while nnE > s && !valid.isValid(nnE - 1) { nnE -= 1 }
            }
        }
        let key = env.rangeKey ?? []
        /// First position in the non-null run whose key is ≥ `v` (or > `v` when `strict`).
        func search(_ v: Double, strict: Bool) -> Int {
            var a = nnS, b = nnE
            while a < b {
                let mid = (a + b) / 2
                if strict ? key[mid] <= v : key[mid] < v { a = mid + 1 } else { b = mid }
            }
            return a
        }
        for i in s..<e {
            let isNullKey = needsKey && (i < nnS || i >= nnE)
            func bound(_ b: FrameBound, isStart: Bool) -> Int {
                switch b {
                case .unboundedPreceding: return s
                case .unboundedFollowing: return e
                case .currentRow:
                    if frame.kind == .rows { return isStart ? i : i + 1 }
                    return Int(isStart ? env.peerStart[i] : env.peerEnd[i])
                case .preceding(let k), .following(let k):
                    let sign: Int64
                    if case .preceding = b { sign = -1 } else { sign = 1 }
                    if frame.kind == .rows {
                        let delta = Int(clamping: sign * k) + (isStart ? 0 : 1)
                        let (t, o) = i.addingReportingOverflow(delta)
                        return o ? (delta < 0 ? s : e) : Swift.min(e, Swift.max(s, t))
                    }
                    if isNullKey { return isStart ? (i < nnS ? s : nnE) : (i < nnS ? nnS : e) }
                    let v = key[i] + Double(sign) * Double(k)
                    return search(v, strict: !isStart)
                }
            }
            let l = bound(frame.start, isStart: true)
            let h = Swift.max(l, bound(frame.end, isStart: false))
            lo[i - ts] = Int32(l)
            hi[i - ts] = Int32(h)
        }
    }

    /// count, sum, avg, variance: a running state over the frame; rows enter at `hi` and leave at `lo`.
    func sliding(_ env: WindowEnv, _ p0: Int, _ p1: Int, _ ts: Int, _ lo: [Int32], _ hi: [Int32]) throws -> Column {
        let rows = lo.count
        var b = ColumnBuilder(type: type, capacity: rows)
        let x = args.first
        // The state.
        var count = 0
        var isum: Int128 = 0
        var dsum = 0.0
        var mean = 0.0, m2 = 0.0
        let inType = x?.type ?? .null
        let isInt = inType == .int32 || inType == .int64
        let isDecimal = inType.isDecimal
        let i32 = isInt && inType == .int32 ? x?.values(Int32.self) : nil
        let i64 = isInt && inType == .int64 ? x?.values(Int64.self) : nil
        let dbl = inType == .float64 ? x?.values(Double.self) : nil
        var star = false
        if case .count(let s) = kind { star = s }
        func valid(_ j: Int) -> Bool { star || x == nil || x!.isValid(j) }
        func add(_ j: Int, _ sign: Int) {
            guard valid(j) else { return }
            count += sign
            guard let x else { return }
            if let i32 { isum += Int128(i32[j]) * Int128(sign) } else if let i64 { isum += Int128(i64[j]) * Int128(sign) } else if isDecimal {
                isum += decimalAt(x, j) * Int128(sign)
            } else if let dbl {
                let v = dbl[j]
                if case .variance = kind {
                    if sign > 0 {
                        let d = v - mean
                        mean += d / Double(count)
                        m2 += d * (v - mean)
                    } else if count == 0 {
                        mean = 0; m2 = 0
                    } else {
                        let old = mean
                        mean = (old * Double(count + 1) - v) / Double(count)
                        m2 -= (v - mean) * (v - old)
                        if m2 < 0 { m2 = 0 }
                    }
                } else {
                    dsum += Double(sign) * v
                }
            }
        }
        for p in p0..<p1 {
            let s = env.partStarts[p], e = env.partStarts[p + 1]
            count = 0; isum = 0; dsum = 0; mean = 0; m2 = 0
            var curLo = s, curHi = s
            for i in s..<e {
                let l = Int(lo[i - ts]), h = Int(hi[i - ts])
                while curHi < h { add(curHi, 1); curHi += 1 }
                while curLo < l { add(curLo, -1); curLo += 1 }
                if count == 0 && curLo == curHi { dsum = 0 }
                switch kind {
                case .count: b.append(Int64(count))
                case .sum:
                    if count == 0 { b.appendNull(); continue }
                    if isInt {
                        guard let v = Int64(exactly: isum) else { throw DataFlowError.overflow("sum of bigint") }
                        b.append(v)
                    } else if isDecimal {
                        if case .decimal(let prec, _) = type, isum > Decimal128.maxUnscaled(precision: prec) || isum < -Decimal128.maxUnscaled(precision: prec) {
                            throw DataFlowError.overflow("sum of \(type.sqlName)")
                        }
                        b.appendDecimal(isum)
                    } else {
                        b.append(dsum)
                    }
                case .avg:
                    if count == 0 { b.appendNull(); continue }
                    if isDecimal, case .decimal(_, let inScale) = inType, case .decimal(_, let outScale) = type {
                        b.appendDecimal(Decimal128.divideRoundHalfUp(isum * Decimal128.pow10(outScale - inScale), Int128(count)))
                    } else if isInt {
                        b.append(Double(isum) / Double(count))
                    } else {
                        b.append(dsum / Double(count))
                    }
                case .variance(let sample, let sq):
                    let denom = sample ? count - 1 : count
                    if count == 0 || denom == 0 { b.appendNull(); continue }
                    let v = Swift.max(0, m2) / Double(denom)
                    b.append(sq ? v.squareRoot() : v)
                default: b.appendNull()
                }
            }
        }
        return b.finish()
    }

    /// min/max over moving frames: a deque of candidate rows, best at the front.
    func minMax(_ env: WindowEnv, _ p0: Int, _ p1: Int, _ ts: Int, _ lo: [Int32], _ hi: [Int32], _ isMax: Bool) -> Column {
        let x = args[0]
        let cmp = RowComparator(columns: [x], orders: [SortOrder(.literal(.null))]).keys[0]
        var idx = [Int32](repeating: -1, count: lo.count)
        var dq = [Int](repeating: 0, count: 16)
        for p in p0..<p1 {
            let s = env.partStarts[p], e = env.partStarts[p + 1]
            if dq.count < e - s { dq = [Int](repeating: 0, count: e - s) }
            var head = 0, tail = 0
            var curHi = s
            for i in s..<e {
                let l = Int(lo[i - ts]), h = Int(hi[i - ts])
                while curHi < h {
                    if x.isValid(curHi) {
                        while tail > head {
                            let c = cmp(dq[tail - 1], curHi)
                            if isMax ? c <= 0 : c >= 0 { tail -= 1 } else { break }
                        }
                        dq[tail] = curHi
                        tail += 1
                    }
                    curHi += 1
                }
                while head < tail && dq[head] < l { head += 1 }
                if head < tail { idx[i - ts] = Int32(dq[head]) }
            }
        }
        return x.take(idx)
    }

    /// Any other aggregate: per partition when the frame is the whole partition, else each row's frame
    /// fed to a fresh accumulator (in blocks, so memory stays bounded).
    func generic(_ env: WindowEnv, _ fn: AggregateFunction, _ consts: [Value?], _ p0: Int, _ p1: Int, _ ts: Int,
                 _ lo: [Int32], _ hi: [Int32]) throws -> Column {
        let argTypes = args.map(\.type)
        let rows = lo.count
        if frame.isWholePartition || frame.kind == .range && frame.start == .unboundedPreceding && frame.end == .unboundedFollowing {
            let acc = fn.makeAccumulator(argTypes, consts)
            acc.resize(p1 - p0)
            var gids = [Int32](repeating: 0, count: rows)
            for p in p0..<p1 { for i in env.partStarts[p]..<env.partStarts[p + 1] { gids[i - ts] = Int32(p - p0) } }
            let rowIdx = (ts..<(ts + rows)).map { Int32($0) }
            let slice = args.map { $0.take(rowIdx) }
            try gids.withUnsafeBufferPointer { try acc.update($0, slice) }
            return try acc.finish().take(gids)
        }
        var parts: [Column] = []
        var r = 0
        let budget = 1 << 20
        while r < rows {
            var gids: [Int32] = [], src: [Int32] = []
            let r0 = r
            while r < rows && (src.isEmpty || src.count + Int(hi[r] - lo[r]) <= budget) {
                for j in lo[r]..<hi[r] { gids.append(Int32(r - r0)); src.append(j) }
                r += 1
            }
            let acc = fn.makeAccumulator(argTypes, consts)
            acc.resize(r - r0)
            let gathered = args.map { $0.take(src) }
            try gids.withUnsafeBufferPointer { try acc.update($0, gathered) }
            parts.append(try acc.finish())
        }
        return parts.isEmpty ? Column.nulls(type, count: 0) : Column.concat(parts)
    }
}
