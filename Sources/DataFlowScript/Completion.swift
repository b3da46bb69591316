import DataFlow
import Foundation

/// Tab completion and the REPL's "is this entry complete?" test.
struct Completion {
    let interpreter: Interpreter

    static let metaCommands = [":help", ":vars", ":schema", ":explain", ":timing", ":load", ":param", ":clear", ":quit"]

    static func needsMoreInput(_ text: String) -> Bool {
        do {
            let tokens = try Lexer.tokenize(text)
            var depth = 0
            for t in tokens {
                if case .symbol(let s) = t.kind {
                    if s == "(" || s == "[" { depth += 1 } else if s == ")" || s == "]" { depth -= 1 }
                }
            }
            if depth > 0 { return true }
            // The last real token: a trailing operator, comma or '=' asks for more.
            guard let last = tokens.last(where: { $0.kind != .newline && $0.kind != .end }) else { return false }
            switch last.kind {
            case .symbol(let s): return ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "=", ",", ".", "&&", "||", "!", ":"].contains(s)
            case .keyword(let k): return ["and", "or", "not", "as", "param", "import"].contains(k)
            default: return false
            }
        } catch {
            return error.message == "unterminated string" || error.message == "unterminated backquoted name"
        }
    }

    func candidates(line: String, cursor: Int) -> [String] {
        let bytes = Array(line.utf8)
        let end = max(0, min(cursor, bytes.count))
        var start = end
        func isWord(_ b: UInt8) -> Bool { b == UInt8(ascii: "_") || (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7a) || b >= 0x80 }
        while start > 0 && isWord(bytes[start - 1]) { start -= 1 }
        let prefix = String(decoding: bytes[start..<end], as: UTF8.self)
        let before = String(decoding: bytes[0..<start], as: UTF8.self)

        // Meta-commands.
        if bytes.first == UInt8(ascii: ":") && !before.contains(" ") {
            return Self.metaCommands.filter { $0.hasPrefix(before + prefix) }
        }
        if before.hasPrefix(":") {
            // `:schema rat` / `:explain rat`: variables.
            return interpreter.variables.keys.filter { $0.hasPrefix(prefix) }.sorted()
        }

        var words: [String]
        if before.hasSuffix(".") {
            // Methods (and columns) of the value before the dot.
            let receiver = trailingName(String(before.dropLast()))
            words = memberNames(of: receiver)
        } else {
            words = Array(interpreter.variables.keys) + BindingTable.allFunctionNames + BindingTable.globalObjects
                + ["param", "import", "true", "false", "null", "and", "or", "not"]
            if let df = frameOfOpenCall(before), let cols = try? df.schema.names { words = cols + words }
        }
        var seen = Set<String>()
        return words.filter { $0.hasPrefix(prefix) && $0 != prefix && seen.insert($0).inserted }
            .sorted { ($0.first?.isUppercase == false && $1.first?.isUppercase == true) ? false : $0 < $1 }
    }

    /// The identifier (or `a.b` chain head) just before `text`'s end.
    func trailingName(_ text: String) -> String {
        var name = ""
        for ch in text.reversed() {
            if ch.isLetter || ch.isNumber || ch == "_" { name.insert(ch, at: name.startIndex) } else { break }
        }
        return name
    }

    func memberNames(of receiver: String) -> [String] {
        let value: ScriptValue?
        switch receiver {
        case "read": value = .reader(interpreter.session.read)
        case "Window": value = .namespace("Window")
        case "na": value = .na(interpreter.session.range(0).na, of: interpreter.session.range(0))
        case "write": value = .writer(interpreter.session.range(0).write)
        default: value = interpreter.variables[receiver]
        }
        guard let v = value else {
            // An unknown receiver (a call's result): every method name.
            return Array(Set(BindingTable.dataFrame.map(\.name) + BindingTable.column.map(\.name) + BindingTable.groupedData.map(\.name)))
        }
        var names = BindingTable.methods(of: v).map(\.name)
        if case .frame(let df) = v, let cols = try? df.schema.names { names += cols }
        if case .row(let r) = v { names += r.schema.names }
        return names
    }

    /// In `ratings.filter(rat` or `ratings.groupBy(a).agg(avg(ra`: the DataFrame variable that starts
    /// the chain whose call is still open before the cursor.
    func frameOfOpenCall(_ before: String) -> DataFrame? {
        var depth = 0
        var i = before.endIndex
        while i > before.startIndex {
            i = before.index(before: i)
            let ch = before[i]
            if ch == ")" { depth += 1 } else if ch == "(" {
                if depth == 0 {
                    // Walk back over the call chain to its first name.
                    var head = before[..<i]
                    var d = 0
                    var j = head.endIndex
                    var startOfChain = head.startIndex
                    while j > head.startIndex {
                        j = head.index(before: j)
                        let c = head[j]
                        if c == ")" { d += 1 } else if c == "(" { if d == 0 { startOfChain = head.index(after: j); break }; d -= 1 } else if d == 0 && !(c.isLetter || c.isNumber || c == "_" || c == "." || c == " ") {
                            startOfChain = head.index(after: j); break
                        }
                    }
                    head = head[startOfChain...]
                    let first = head.drop { $0 == " " }.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                    if case .frame(let df)? = interpreter.variables[String(first)] { return df }
                    if case .grouped(_, let df)? = interpreter.variables[String(first)] { return df }
                    continue
                }
                depth -= 1
            }
        }
        return nil
    }
}
