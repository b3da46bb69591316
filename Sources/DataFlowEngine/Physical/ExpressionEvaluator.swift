import DataFlowColumnar
import Synchronization

/// A resolved expression compiled once per query into a tree of closures, each calling a vectorized
/// kernel over the whole batch. Literals are materialised once at morsel size and viewed at the batch's
/// length, so `x > 5` allocates nothing for the `5`.
public struct CompiledExpr: Sendable {
    let run: @Sendable (RecordBatch) throws -> Column
    public let type: DataType

    public func evaluate(_ batch: RecordBatch) throws -> Column { try run(batch) }
}

public enum ExpressionEvaluator {
    public static func compile(_ e: Expr) throws -> CompiledExpr {
        CompiledExpr(run: try build(e), type: e.type)
    }

    /// Evaluates an expression that reads no column.
    public static func evaluateConstant(_ e: Expr) throws -> Value {
        let one = RecordBatch(schema: Schema([Field]()), columns: [], rowCount: 1)
        return try compile(e).evaluate(one).value(0)
    }

    /// A literal as a column: built once at the first batch's size (a whole morsel for batches, one row
    /// for constant folding) and then viewed at each batch's length.
    static func constantColumn(_ v: Value, _ type: DataType) -> @Sendable (RecordBatch) throws -> Column {
        let cache = ConstantCache()
        return { b in
            let n = b.rowCount
            let full = cache.column(atLeast: n) { size in Column.constant(v, type: type, count: size) }
            if full.count == n { return full }
            return Column(type: full.type, count: n, values: full.values, validity: full.validity, data: full.data,
                          dictionary: full.dictionary, elements: full.elements, mapValues: full.mapValues)
        }
    }


    static func build(_ e: Expr) throws -> @Sendable (RecordBatch) throws -> Column {
        switch e {
        case .bound(let i, _, _, _):
            return { b in b.columns[i] }
        case .literal(let v):
            return constantColumn(v, v.type)
        case .alias(let x, _):
            return try build(x)
        case .column(let n, _):
            throw DataFlowError("INTERNAL_ERROR", "unresolved column \(n) reached execution")
        case .star:
            throw DataFlowError("INTERNAL_ERROR", "* reached execution")
        case .arithmetic(let op, let a, let b, let isTry):
            let fa = try build(a), fb = try build(b)
            let t = e.type
            let mode: ErrorMode = isTry ? .tryNull : .ansi
            return { batch in try Kernels.arithmetic(op, try fa(batch), try fb(batch), resultType: t, mode: mode) }
        case .comparison(let op, let a, let b):
            let fa = try build(a), fb = try build(b)
            return { batch in Kernels.compare(op, try fa(batch), try fb(batch)) }
        case .and(let a, let b):
            let fa = try build(a), fb = try build(b)
            return { batch in Kernels.and(try fa(batch), try fb(batch)) }
        case .or(let a, let b):
            let fa = try build(a), fb = try build(b)
            return { batch in Kernels.or(try fa(batch), try fb(batch)) }
        case .not(let a):
            let fa = try build(a)
            return { batch in Kernels.not(try fa(batch)) }
        case .negate(let a):
            let fa = try build(a)
            return { batch in try Kernels.negate(try fa(batch), mode: .ansi) }
        case .isNull(let a):
            let fa = try build(a)
            return { batch in Kernels.isNull(try fa(batch)) }
        case .isNotNull(let a):
            let fa = try build(a)
            return { batch in Kernels.isNotNull(try fa(batch)) }
        case .cast(let a, let t, let isTry):
            let fa = try build(a)
            if a.type == t { return fa }
            let mode: ErrorMode = isTry ? .tryNull : .ansi
            return { batch in try Kernels.cast(try fa(batch), to: t, mode: mode) }
        case .inList(let a, let list):
            if list.allSatisfy(\.isConstant) {
                let values = try list.map { try evaluateConstant($0) }
                let fa = try build(a)
                return { batch in Kernels.inList(try fa(batch), values) }
            }
            // Non-constant list: a = x1 OR a = x2 …
            guard var acc = list.first.map({ Expr.comparison(.eq, a, $0) }) else { return constantColumn(.bool(false), .boolean) }
            for x in list.dropFirst() { acc = .or(acc, .comparison(.eq, a, x)) }
            return try build(acc)
        case .like(let a, let pattern, let escape, let ci):
            let fa = try build(a)
            // Validate the pattern once, at compile time.
            _ = try Kernels.like(Column.string([]), pattern: pattern, escape: escape, caseInsensitive: ci)
            return { batch in try Kernels.like(try fa(batch), pattern: pattern, escape: escape, caseInsensitive: ci) }
        case .caseWhen(let clauses, let otherwise):
            let conds = try clauses.map { try build($0.condition) }
            let vals = try clauses.map { try build($0.value) }
            let other = try otherwise.map { try build($0) }
            let t = e.type
            return { batch in
                Kernels.caseWhen(conditions: try conds.map { try $0(batch) }, values: try vals.map { try $0(batch) },
                                 otherwise: try other?(batch), type: t)
            }
        case .function(let name, let args):
            guard let f = FunctionRegistry.scalar(name) else {
                throw DataFlowError("UNRESOLVED_ROUTINE", "no function named `\(name)`")
            }
            let fs = try args.map { try build($0) }
            let special = try f.prepare.flatMap { try $0(try args.map { $0.isConstant ? try evaluateConstant($0) : nil }) }
            let invoke = special ?? f.invoke
            return { batch in try invoke(try fs.map { try $0(batch) }, batch.rowCount) }
        case .udf(let f, let args):
            guard case .scalar(let invoke) = f.body else { throw DataFlowError("INTERNAL_ERROR", "aggregate \(f.name) called as a scalar") }
            let fs = try args.map { try build($0) }
            return { batch in
                let cols = try fs.map { try $0(batch) }
                do { return try invoke(cols, batch.rowCount) } catch { throw f.failure(error) }
            }
        case .aggregate(let name, _, _):
            throw DataFlowError("INTERNAL_ERROR", "aggregate \(name) evaluated outside an aggregation")
        case .udaf(let f, _):
            throw DataFlowError("INTERNAL_ERROR", "aggregate \(f.name) evaluated outside an aggregation")
        case .window(let f, _):
            throw DataFlowError("INTERNAL_ERROR", "window function \(f) evaluated outside a window operator")
        }
    }
}

/// The materialised column of one literal, shared by the workers evaluating an expression.
final class ConstantCache: Sendable {
    private let stored = Mutex<Column?>(nil)

    func column(atLeast n: Int, _ make: (Int) -> Column) -> Column {
        if let c = stored.withLock({ $0 }), c.count >= n { return c }
        let c = make(n <= 1 ? 1 : max(n, RecordBatch.morselSize))
        stored.withLock { $0 = c }
        return c
    }
}
