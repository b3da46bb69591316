import DataFlow
import enum DataFlowEngine.Expr

// Operators on script values: on scalars they compute at once; with a column on either side they
// build a column expression (scalars become literals).

enum Operators {
    static func binary(_ op: BinaryOp, _ l: ScriptValue, _ r: ScriptValue, at pos: Pos) throws(LangError) -> ScriptValue {
        if case .unknown = l { return .unknown }
        if case .unknown = r { return .unknown }
        if isColumnar(l) || isColumnar(r) {
            let a = try column(l, op, pos), b = try column(r, op, pos)
            switch op {
            case .add: return .column(a + b)
            case .subtract: return .column(a - b)
            case .multiply: return .column(a * b)
            case .divide: return .column(a / b)
            case .remainder: return .column(a % b)
            case .eq: return .column(a == b)
            case .ne: return .column(a != b)
            case .lt: return .column(a < b)
            case .le: return .column(a <= b)
            case .gt: return .column(a > b)
            case .ge: return .column(a >= b)
            case .and: return .column(a && b)
            case .or: return .column(a || b)
            }
        }
        switch op {
        case .and, .or:
            guard case .bool(let x) = l, case .bool(let y) = r else {
                throw LangError(pos, "'\(op.rawValue)' needs bools or columns, not \(l.typeName) and \(r.typeName)")
            }
            return .bool(op == .and ? x && y : x || y)
        case .eq, .ne:
            let same = try equal(l, r, op, pos)
            return .bool(op == .eq ? same : !same)
        case .lt, .le, .gt, .ge:
            let c = try compare(l, r, op, pos)
            switch op {
            case .lt: return .bool(c < 0)
            case .le: return .bool(c <= 0)
            case .gt: return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        case .add, .subtract, .multiply, .divide, .remainder:
            return try arithmetic(op, l, r, pos)
        }
    }

    static func isColumnar(_ v: ScriptValue) -> Bool {
        switch v {
        case .column, .sort: return true
        default: return false
        }
    }

    static func column(_ v: ScriptValue, _ op: BinaryOp, _ pos: Pos) throws(LangError) -> DataFlow.Column {
        do {
            return try ScriptCall.toColumn(v) { t in throw LangError(pos, "'\(op.rawValue)' cannot combine a column with \(t)") }
        } catch let e as LangError {
            throw e
        } catch {
            throw LangError(pos, "\(error)")
        }
    }

    static func arithmetic(_ op: BinaryOp, _ l: ScriptValue, _ r: ScriptValue, _ pos: Pos) throws(LangError) -> ScriptValue {
        switch (l, r) {
        case (.int(let a), .int(let b)):
            let result: (Int64, Bool)
            switch op {
            case .add: result = a.addingReportingOverflow(b)
            case .subtract: result = a.subtractingReportingOverflow(b)
            case .multiply: result = a.multipliedReportingOverflow(by: b)
            case .divide:
                guard b != 0 else { throw LangError(pos, "division by zero") }
                return .double(Double(a) / Double(b))
            default:
                guard b != 0 else { throw LangError(pos, "division by zero") }
                result = a.remainderReportingOverflow(dividingBy: b)
            }
            guard !result.1 else { throw LangError(pos, "integer overflow in '\(op.rawValue)'") }
            return .int(result.0)
        case (.string(let a), .string(let b)) where op == .add:
            return .string(a + b)
        case (.list(let a), .list(let b)) where op == .add:
            return .list(a + b)
        default:
            guard let a = number(l), let b = number(r) else {
                if op == .add, case .string = l { throw LangError(pos, "cannot add \(r.typeName) to a string; convert it with str(x)") }
                if op == .add, case .string = r { throw LangError(pos, "cannot add a string to \(l.typeName); convert it with str(x)") }
                throw LangError(pos, "'\(op.rawValue)' needs numbers or columns, not \(l.typeName) and \(r.typeName)")
            }
            switch op {
            case .add: return .double(a + b)
            case .subtract: return .double(a - b)
            case .multiply: return .double(a * b)
            case .divide:
                guard b != 0 else { throw LangError(pos, "division by zero") }
                return .double(a / b)
            default:
                guard b != 0 else { throw LangError(pos, "division by zero") }
                return .double(a.truncatingRemainder(dividingBy: b))
            }
        }
    }

    static func number(_ v: ScriptValue) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    static func equal(_ l: ScriptValue, _ r: ScriptValue, _ op: BinaryOp, _ pos: Pos) throws(LangError) -> Bool {
        switch (l, r) {
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case (.int(let a), .int(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.date(let a), .date(let b)): return a == b
        case (.row(let a), .row(let b)): return a == b
        case (.list(let a), .list(let b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where try !equal(x, y, op, pos) { return false }
            return true
        default:
            if let a = number(l), let b = number(r) { return a == b }
            throw LangError(pos, "cannot compare \(l.typeName) and \(r.typeName) with '\(op.rawValue)'")
        }
    }

    static func compare(_ l: ScriptValue, _ r: ScriptValue, _ op: BinaryOp, _ pos: Pos) throws(LangError) -> Int {
        func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (l, r) {
        case (.int(let a), .int(let b)): return sign(a, b)
        case (.string(let a), .string(let b)): return sign(a, b)
        case (.date(let a), .date(let b)): return sign(a, b)
        default:
            if let a = number(l), let b = number(r), !a.isNaN, !b.isNaN { return sign(a, b) }
            throw LangError(pos, "cannot compare \(l.typeName) and \(r.typeName) with '\(op.rawValue)'")
        }
    }

    static func negate(_ v: ScriptValue, at pos: Pos) throws(LangError) -> ScriptValue {
        switch v {
        case .int(let i):
            guard i != Int64.min else { throw LangError(pos, "integer overflow in '-'") }
            return .int(-i)
        case .double(let d): return .double(-d)
        case .column(let c): return .column(-c)
        case .unknown: return .unknown
        default: throw LangError(pos, "'-' needs a number or a column, not \(v.typeName)")
        }
    }

    static func not(_ v: ScriptValue, at pos: Pos) throws(LangError) -> ScriptValue {
        switch v {
        case .bool(let b): return .bool(!b)
        case .column(let c): return .column(!c)
        case .unknown: return .unknown
        default: throw LangError(pos, "'not' needs a bool or a column, not \(v.typeName)")
        }
    }
}

/// "did you mean" suggestions: the closest candidate by edit distance (transpositions count one).
enum Suggest {
    static func closest(_ word: String, in candidates: [String]) -> String? {
        let w = Array(word.lowercased())
        let limit = max(1, min(3, w.count / 3 + 1))
        var best: (String, Int)?
        for c in Set(candidates) where c != word {
            let d = distance(w, Array(c.lowercased()))
            guard d <= limit else { continue }
            if let b = best, d > b.1 || (d == b.1 && c > b.0) { continue }
            best = (c, d)
        }
        return best?.0
    }

    /// "; did you mean 'x'?" or "".
    static func hint(_ word: String, _ candidates: [String]) -> String {
        closest(word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        if abs(a.count - b.count) > 3 { return 4 }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { cur[j] = Swift.min(cur[j], prev2[j - 2] + 1) }
            }
            prev2 = prev
            prev = cur
        }
        return prev[b.count]
    }
}
