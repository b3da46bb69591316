import DataFlow
import DataFlowML
import Foundation
import enum DataFlowEngine.Expr
import enum DataFlowColumnar.DateTime

/// A parsed source file: its name for messages, its path for relative imports, its lines for carets.
final class SourceFile {
    let name: String
    /// The directory imports are relative to.
    let directory: URL
    let lines: [String]
    let statements: [Statement]

    init(name: String, directory: URL, text: String, statements: [Statement]) {
        self.name = name
        self.directory = directory
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        self.statements = statements
    }

    func error(_ e: LangError) -> ScriptError {
        let line = e.pos.line >= 1 && e.pos.line <= lines.count ? lines[e.pos.line - 1] : ""
        return ScriptError(file: name, line: e.pos.line, column: e.pos.column, message: e.message, sourceLine: line, isUsageError: e.isUsageError)
    }
}

/// The type of a `param`, from its default.
enum ParamType: String {
    case int, double, string, bool, date

    init?(default node: Node) {
        switch node.kind {
        case .int: self = .int
        case .double: self = .double
        case .string: self = .string
        case .bool: self = .bool
        case .call(let f, let args):
            guard case .name("date") = f.kind, args.count == 1, case .string = args[0].value.kind else { return nil }
            self = .date
        default: return nil
        }
    }

    func parse(_ text: String) -> ScriptValue? {
        switch self {
        case .int: return Int64(text.trimmingSpaces).map { .int($0) }
        case .double: return Double(text.trimmingSpaces).map { .double($0) }
        case .string: return .string(text)
        case .bool:
            switch text.trimmingSpaces.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        case .date: return DateTime.parseDate(String(text.trimmingSpaces)).map { .date($0) }
        }
    }
}

/// Runs statements. Holds the variables and params that persist across `ScriptEngine.run` calls.
final class Interpreter {
    let session: Session
    var output: (String) -> Void
    var variables: [String: ScriptValue] = [:]
    var paramTypes: [String: ParamType] = [:]
    var overrides: [String: String]
    var overridesChecked = false
    /// The `params:` given to the engine (checked once against the first script's declarations).
    let initialOverrideNames: Set<String>
    /// `check`: actions are not run; their results are `.unknown`.
    var dryRun = false
    var displayWidth: Int?
    /// The REPL shows the value of an expression statement.
    var echo = false
    var importStack: [String] = []
    /// Files imported by the current `run`: each runs once.
    var importedThisRun: Set<String> = []

    struct Scope {
        /// The columns of the DataFrame whose method is being called (nil: none).
        var columns: [String]?
        static let none = Scope(columns: nil)
    }

    init(session: Session, overrides: [String: String], output: @escaping (String) -> Void) {
        self.session = session
        self.overrides = overrides
        self.initialOverrideNames = Set(overrides.keys)
        self.output = output
    }

    // MARK: Files and statements

    static func directory(forFile file: String) -> URL {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        if file.hasPrefix("<") || file == "-c" || file == "-" { return cwd }
        return URL(fileURLWithPath: file, relativeTo: cwd).deletingLastPathComponent().standardizedFileURL
    }

    /// The standardized path of a script file (nil for `<repl>`, `-c`, …): what import cycles compare.
    static func key(forFile file: String) -> String? {
        if file.hasPrefix("<") || file == "-c" || file == "-" { return nil }
        return URL(fileURLWithPath: file, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL.path
    }

    func parse(_ source: String, name: String, directory: URL) throws(ScriptError) -> SourceFile {
        do {
            return SourceFile(name: name, directory: directory, text: source, statements: try Parser.parse(source))
        } catch {
            throw SourceFile(name: name, directory: directory, text: source, statements: []).error(error)
        }
    }

    /// Parses every file `file` imports (transitively), checking for cycles and missing files, so
    /// params are known and syntax errors reported before anything runs.
    func loadImports(_ file: SourceFile, into files: inout [String: SourceFile], stack: [String]) throws(ScriptError) {
        for s in file.statements {
            guard case .importFile(let path, let pos) = s else { continue }
            let url = URL(fileURLWithPath: path, relativeTo: file.directory).standardizedFileURL
            let key = url.path
            if stack.contains(key) || importStack.contains(key) {
                let chain = (stack + [key]).map { URL(fileURLWithPath: $0).lastPathComponent }
                throw file.error(LangError(pos, "import cycle: \(chain.joined(separator: " → "))"))
            }
            if files[key] != nil { continue }
            guard let data = FileManager.default.contents(atPath: key) else {
                throw file.error(LangError(pos, "cannot import '\(path)': no such file (\(key))"))
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw file.error(LangError(pos, "cannot import '\(path)': not UTF-8 text"))
            }
            let imported = try parse(text, name: path, directory: url.deletingLastPathComponent())
            files[key] = imported
            try loadImports(imported, into: &files, stack: stack + [key])
        }
    }

    /// Checks `--param` overrides against the declarations: unknown names and unparsable values are
    /// usage errors, before any statement runs.
    func checkParams(_ files: [SourceFile]) throws(ScriptError) {
        var declared: [String: (ParamType?, SourceFile, Pos)] = [:]
        for f in files {
            for s in f.statements {
                if case .param(let name, let value, let pos) = s, declared[name] == nil { declared[name] = (ParamType(default: value), f, pos) }
            }
        }
        if !overridesChecked {
            overridesChecked = true
            for name in initialOverrideNames.sorted() where declared[name] == nil && paramTypes[name] == nil {
                let known = Array(declared.keys) + Array(paramTypes.keys)
                let list = known.isEmpty ? " (the script declares no params)" : Suggest.closest(name, in: known).map { "; did you mean '\($0)'?" } ?? " (declared: \(known.sorted().joined(separator: ", ")))"
                throw ScriptError(file: files.first?.name ?? "", line: 0, column: 0, message: "unknown param '\(name)'\(list)", isUsageError: true)
            }
        }
        for (name, text) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let (type, file, pos) = declared[name], let t = type else { continue }
            if t.parse(text) == nil {
                var e = LangError(pos, "invalid value '\(text)' for param '\(name)': expected \(t == .int ? "an" : "a") \(t.rawValue)")
                e.isUsageError = true
                throw file.error(e)
            }
        }
    }

    func runFile(_ file: SourceFile, files: [String: SourceFile], key: String?) throws(ScriptError) {
        if let key { importStack.append(key) }
        defer { if key != nil { importStack.removeLast() } }
        for s in file.statements {
            do {
                try execute(s, file: file, files: files)
            } catch let e as ScriptError {
                throw e
            } catch let e as LangError {
                throw file.error(e)
            } catch {
                throw file.error(LangError(s.pos, "\(error)"))
            }
        }
    }

    func execute(_ s: Statement, file: SourceFile, files: [String: SourceFile]) throws {
        switch s {
        case .assign(let name, let node, _):
            variables[name] = try eval(node, .none)
        case .assignMany(let names, let node, let pos):
            let v = try eval(node, .none)
            if case .unknown = v {
                for n in names { variables[n] = .unknown }
                return
            }
            guard case .list(let items) = v else {
                throw LangError(pos, "cannot unpack a \(v.typeName) into \(names.count) names; the right side must be a list")
            }
            guard items.count == names.count else {
                throw LangError(pos, "cannot unpack a list of \(items.count) into \(names.count) names (\(names.joined(separator: ", ")))")
            }
            for (n, item) in zip(names, items) { variables[n] = item }
        case .expression(let node):
            let v = try eval(node, .none)
            if echo { echoValue(v) }
        case .param(let name, let node, let pos):
            guard let type = ParamType(default: node) else {
                throw LangError(node.start, "the default of param '\(name)' must be a literal int, double, string or bool, or date(\"yyyy-mm-dd\")")
            }
            if let text = overrides[name] {
                guard let v = type.parse(text) else {
                    throw LangError(pos, "invalid value '\(text)' for param '\(name)': expected \(type == .int ? "an" : "a") \(type.rawValue)", usage: true)
                }
                variables[name] = v
            } else {
                variables[name] = try eval(node, .none)
            }
            paramTypes[name] = type
        case .importFile(let path, let pos):
            let key = URL(fileURLWithPath: path, relativeTo: file.directory).standardizedFileURL.path
            guard let imported = files[key] else { throw LangError(pos, "cannot import '\(path)'") }
            guard importedThisRun.insert(key).inserted else { return }
            try runFile(imported, files: files, key: key)
        }
    }

    func echoValue(_ v: ScriptValue) {
        switch v {
        case .null, .unknown: return
        default: output(v.literalText + "\n")
        }
    }

    // MARK: Expressions

    func eval(_ n: Node, _ scope: Scope) throws -> ScriptValue {
        switch n.kind {
        case .int(let v): return .int(v)
        case .double(let v): return .double(v)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .null: return .null
        case .name(let name): return try resolve(name, at: n.pos, scope)
        case .quotedName(let name):
            if let cols = scope.columns, !Self.has(cols, name) {
                throw LangError(n.pos, "no column '\(name)' in [\(cols.joined(separator: ", "))]\(Suggest.hint(name, cols))")
            }
            return .column(col(name))
        case .list(let items): return .list(try items.map { try eval($0, scope) })
        case .negate(let x): return try Operators.negate(try eval(x, scope), at: n.pos)
        case .not(let x): return try Operators.not(try eval(x, scope), at: n.pos)
        case .binary(let op, let l, let r):
            return try Operators.binary(op, try eval(l, scope), try eval(r, scope), at: n.pos)
        case .alias(let e, let name):
            let v = try eval(e, scope)
            if case .unknown = v { return .unknown }
            let c = try ScriptCall.toColumn(v) { t in throw LangError(n.pos, "'as' names a column expression, not \(t)") }
            return .column(c.as(name))
        case .index(let recv, let index):
            return try subscriptValue(try eval(recv, scope), try eval(index, scope), at: n.pos)
        case .member(let recv, let name):
            return try member(try eval(recv, scope), name, at: n.pos)
        case .call(let callee, let args):
            return try call(callee, args, at: n.pos, scope)
        }
    }

    static func has(_ columns: [String], _ name: String) -> Bool {
        columns.contains(name) || columns.contains { $0.lowercased() == name.lowercased() }
    }

    func globalObject(_ name: String) -> ScriptValue? {
        switch name {
        case "read": return .reader(session.read)
        case "Window": return .namespace("Window")
        default: return StageRegistry.type(named: name).map { .object(StageClassObject(type: $0)) }
        }
    }

    func resolve(_ name: String, at pos: Pos, _ scope: Scope) throws -> ScriptValue {
        if let cols = scope.columns {
            if Self.has(cols, name) {
                if variables[name] != nil {
                    throw LangError(pos, "'\(name)' is both a column of the DataFrame and a variable; write col(\"\(name)\") for the column, or rename the variable")
                }
                return .column(col(name))
            }
            if let v = variables[name] { return v }
            if let g = globalObject(name) { return g }
            throw LangError(pos, "no column '\(name)' in [\(cols.joined(separator: ", "))]\(Suggest.hint(name, cols + Array(variables.keys)))")
        }
        if let v = variables[name] { return v }
        if let g = globalObject(name) { return g }
        if BindingTable.functionsByName[name] != nil || BindingTable.registryFunction(name) != nil {
            throw LangError(pos, "'\(name)' is a function; call it: \(name)(...)")
        }
        throw LangError(pos, "unknown name '\(name)'\(Suggest.hint(name, Array(variables.keys) + BindingTable.globalObjects))")
    }

    /// The columns in scope inside a method of `v`: a DataFrame's (or the grouped one's).
    func columnsInScope(of v: ScriptValue, at pos: Pos) throws -> [String]? {
        let df: DataFrame
        switch v {
        case .frame(let d): df = d
        case .grouped(_, let d): df = d
        case .na(_, let d): df = d
        default: return nil
        }
        do { return try df.schema.names } catch { throw engineError(error, at: pos) }
    }

    func engineError(_ error: any Error, at pos: Pos) -> LangError {
        if let e = error as? LangError { return e.pos.line == 0 ? LangError(pos, e.message, usage: e.isUsageError) : e }
        if let e = error as? DataFlowError { return LangError(pos, e.description) }
        return LangError(pos, "\(error)")
    }

    func member(_ recv: ScriptValue, _ name: String, at pos: Pos) throws -> ScriptValue {
        switch recv {
        case .unknown: return .unknown
        case .row(let r):
            guard let i = r.schema.index(of: name) else {
                throw LangError(pos, "no field '\(name)' in the row [\(r.schema.names.joined(separator: ", "))]\(Suggest.hint(name, r.schema.names))")
            }
            return ScriptValue(engine: r.values[i])
        default: break
        }
        if let b = BindingTable.method(name, of: recv) {
            guard b.isProperty else { throw LangError(pos, "'\(name)' is a method of \(recv.typeName); call it: \(name)(...)") }
            return try invoke(b, receiver: recv, args: [], at: pos, .none)
        }
        if case .frame(let df) = recv, let cols = try columnsInScope(of: recv, at: pos), Self.has(cols, name) {
            return .column(df.col(name))
        }
        let names = BindingTable.methods(of: recv).map(\.name)
        if names.isEmpty { throw LangError(pos, "\(recv.typeName) has no property '\(name)'") }
        throw LangError(pos, "\(recv.typeName) has no property '\(name)'\(Suggest.hint(name, names))")
    }

    func subscriptValue(_ recv: ScriptValue, _ index: ScriptValue, at pos: Pos) throws -> ScriptValue {
        switch (recv, index) {
        case (.unknown, _), (_, .unknown): return .unknown
        case (.list(let items), .int(let i)):
            let k = i < 0 ? Int64(items.count) + i : i
            guard k >= 0, k < Int64(items.count) else { throw LangError(pos, "index \(i) is out of range for a list of \(items.count) item\(items.count == 1 ? "" : "s")") }
            return items[Int(k)]
        case (.row(let r), .string(let name)):
            guard let i = r.schema.index(of: name) else {
                throw LangError(pos, "no field '\(name)' in the row [\(r.schema.names.joined(separator: ", "))]\(Suggest.hint(name, r.schema.names))")
            }
            return ScriptValue(engine: r.values[i])
        case (.row(let r), .int(let i)):
            let k = i < 0 ? Int64(r.count) + i : i
            guard k >= 0, k < Int64(r.count) else { throw LangError(pos, "index \(i) is out of range for a row of \(r.count) field\(r.count == 1 ? "" : "s")") }
            return ScriptValue(engine: r.values[Int(k)])
        case (.frame(let df), .string(let name)):
            return .column(df.col(name))
        case (.column(let c), .int(let i)):
            return .column(c.getItem(Int(i)))  // an array's element (0-based)
        case (.column(let c), .string(let key)):
            return .column(c.getItem(key))  // a map's value
        case (.list, _), (.row, _):
            throw LangError(pos, "a \(recv.typeName) index must be \(recv.typeName == "list" ? "an int" : "an int or a field name"), not \(index.typeName)")
        default:
            throw LangError(pos, "cannot index \(recv.typeName) with [...]")
        }
    }

    func call(_ callee: Node, _ args: [Argument], at pos: Pos, _ scope: Scope) throws -> ScriptValue {
        switch callee.kind {
        case .member(let recvNode, let name):
            let recv = try eval(recvNode, scope)
            if case .unknown = recv { return .unknown }
            guard let b = BindingTable.method(name, of: recv) else {
                if case .row = recv { throw LangError(pos, "a Row has no methods; read a field with row.name or row[\"name\"]") }
                let names = BindingTable.methods(of: recv).map(\.name)
                if names.isEmpty { throw LangError(pos, "\(recv.typeName) has no methods") }
                throw LangError(pos, "\(recv.typeName) has no method '\(name)'\(Suggest.hint(name, names))")
            }
            let argScope = try columnsInScope(of: recv, at: recvNode.pos).map { Scope(columns: $0) } ?? scope
            return try invoke(b, receiver: recv, args: args, at: pos, argScope)
        case .name(let name):
            if let b = BindingTable.functionsByName[name] {
                return try invoke(b, receiver: .null, args: args, at: pos, scope)
            }
            if let f = BindingTable.registryFunction(name) {
                let b = ScriptBinding(name, f.arity, signature: f.signature) { c in try BindingTable.callRegistry(f.name, isAggregate: f.isAggregate, c) }
                return try invoke(b, receiver: .null, args: args, at: pos, scope)
            }
            if let ctor = MLBindings.constructor(name) {
                return try invoke(ctor, receiver: .null, args: args, at: pos, scope)
            }
            if let udf = session.udf.lookup(name) {
                let b = ScriptBinding(name, 0...Int.max, signature: udf.signature) { c in .column(udf(try c.columns())) }
                return try invoke(b, receiver: .null, args: args, at: pos, scope)
            }
            if let v = variables[name] { throw LangError(pos, "'\(name)' is a \(v.typeName), not a function") }
            let candidates = BindingTable.allFunctionNames + session.udf.names
            throw LangError(pos, "unknown function '\(name)'\(Suggest.hint(name, candidates))")
        default:
            throw LangError(callee.pos, "only functions and methods can be called")
        }
    }

    static func describeArity(_ r: ClosedRange<Int>) -> String {
        if r.upperBound == Int.max { return "at least \(r.lowerBound) argument\(r.lowerBound == 1 ? "" : "s")" }
        if r.lowerBound == r.upperBound { return "\(r.lowerBound) argument\(r.lowerBound == 1 ? "" : "s")" }
        return "\(r.lowerBound) to \(r.upperBound) arguments"
    }

    func invoke(_ b: ScriptBinding, receiver: ScriptValue, args: [Argument], at pos: Pos, _ scope: Scope) throws -> ScriptValue {
        var positional: [ScriptValue] = [], positions: [Pos] = []
        var labeled: [String: ScriptValue] = [:], labelPositions: [String: Pos] = [:]
        for a in args {
            if let l = a.label {
                guard b.labels.contains(l) else {
                    let has = b.labels.isEmpty ? " (it takes no labeled arguments)" : Suggest.closest(l, in: b.labels).map { "; did you mean '\($0)'?" }
                        ?? " (labels: \(b.labels.map { $0 + ":" }.joined(separator: ", ")))"
                    throw LangError(a.pos, "\(b.name)() has no argument '\(l)'\(has)")
                }
                guard labeled[l] == nil else { throw LangError(a.pos, "argument '\(l)' given twice") }
                labeled[l] = try eval(a.value, scope)
                labelPositions[l] = a.pos
            } else {
                positional.append(try eval(a.value, scope))
                positions.append(a.pos)
            }
        }
        guard b.arity.contains(positional.count) else {
            throw LangError(pos, "\(b.name)() takes \(Self.describeArity(b.arity)) but \(positional.count) \(positional.count == 1 ? "was" : "were") given (\(b.signature))")
        }
        let anyUnknown = positional.contains { if case .unknown = $0 { return true }; return false }
            || labeled.values.contains { if case .unknown = $0 { return true }; return false }
        if anyUnknown || (dryRun && b.isAction) { return .unknown }
        let c = ScriptCall(name: b.name, receiver: receiver, positional: positional, labeled: labeled, session: session,
                           positions: positions, labelPositions: labelPositions, callPos: pos, emit: output, displayWidth: displayWidth)
        do {
            let result = try b.body(c)
            // Analyze new DataFrames now, so an engine error points at the call that caused it.
            if case .frame(let df) = result { _ = try df.schema }
            return result
        } catch {
            throw engineError(error, at: pos)
        }
    }
}
