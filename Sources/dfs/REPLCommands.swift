import DataFlowScript
import Foundation

/// The REPL's meta-commands (`:help`, `:vars`, …).
extension REPL {
    struct MetaCommand {
        let name: String
        let arguments: String
        let help: String
    }

    static let metaCommands: [MetaCommand] = [
        MetaCommand(name: ":help", arguments: "[topic]", help: "this list; with a topic: a function, a DataFrame method or a language topic"),
        MetaCommand(name: ":vars", arguments: "", help: "the variables and what they hold"),
        MetaCommand(name: ":schema", arguments: "name", help: "the schema of a DataFrame variable"),
        MetaCommand(name: ":explain", arguments: "name", help: "the plans of a DataFrame variable"),
        MetaCommand(name: ":timing", arguments: "on|off", help: "print how long each entry took"),
        MetaCommand(name: ":load", arguments: "file.dfs", help: "run a script in this session (its variables stay)"),
        MetaCommand(name: ":param", arguments: "name value", help: "set a parameter, as --param name=value does"),
        MetaCommand(name: ":clear", arguments: "", help: "forget every variable and parameter"),
        MetaCommand(name: ":quit", arguments: "", help: "leave (Ctrl-D too)"),
    ]

    static var metaCommandHelp: String {
        var s = "Meta-commands:\n"
        for c in metaCommands {
            let head = c.name + (c.arguments.isEmpty ? "" : " " + c.arguments)
            s += "  " + head.padding(toLength: 22, withPad: " ", startingAt: 0) + c.help + "\n"
        }
        s += """
        Keys: Tab completes names, Up/Down walk the history, Ctrl-R searches it, Ctrl-C cancels the
        running query (or clears the line), Ctrl-D leaves. An entry continues on the next line while a
        bracket is open; pasted lines starting with '.' continue the chain above them.

        """
        return s
    }

    /// Runs one `:command args` line.
    func metaCommand(_ line: String) {
        let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        let name = parts.first.map(String.init) ?? ":"
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        func needArgument(_ what: String) -> Bool {
            if argument.isEmpty { writeStandardError("error: \(name) needs \(what)\n") }
            return !argument.isEmpty
        }
        do throws(ScriptError) {
            switch name {
            case ":help", ":h", ":?":
                if argument.isEmpty {
                    let overview = engine.help(nil)
                    writeStandardOutput(overview.isEmpty ? REPL.metaCommandHelp : overview + (overview.hasSuffix("\n") ? "" : "\n"))
                } else {
                    let text = engine.help(argument)
                    if text.isEmpty {
                        writeStandardError("error: no help for '\(argument)'\n")
                    } else {
                        writeStandardOutput(text + (text.hasSuffix("\n") ? "" : "\n"))
                    }
                }
            case ":vars":
                let vars = engine.variables
                if vars.isEmpty { writeStandardOutput("(no variables)\n") }
                for v in vars { writeStandardOutput("\(v.name): \(v.summary)\n") }
            case ":schema":
                if needArgument("a variable name") { writeStandardOutput(terminated(try engine.schema(of: argument))) }
            case ":explain":
                if needArgument("a variable name") { writeStandardOutput(terminated(try engine.explain(argument))) }
            case ":timing":
                switch argument.lowercased() {
                case "on": timing = true
                case "off": timing = false
                case "": writeStandardOutput("timing is \(timing ? "on" : "off")\n")
                default: writeStandardError("error: :timing takes on or off, not '\(argument)'\n")
                }
            case ":load":
                if needArgument("a file") {
                    guard let data = FileManager.default.contents(atPath: argument) else {
                        writeStandardError("error: cannot read \(argument)\n")
                        return
                    }
                    execute(String(decoding: data, as: UTF8.self), file: argument)
                }
            case ":param":
                let nv = argument.split(separator: " ", maxSplits: 1).map(String.init)
                guard nv.count == 2 else {
                    writeStandardError("error: :param needs a name and a value (:param day 2026-11-25)\n")
                    return
                }
                try engine.setParam(nv[0], nv[1].trimmingCharacters(in: .whitespaces))
            case ":clear":
                engine.clear()
                writeStandardOutput("(variables and parameters cleared)\n")
            case ":quit", ":q", ":exit":
                finish()
            default:
                var message = "error: unknown command '\(name)'"
                if let near = REPL.nearestMetaCommand(name) { message += "; did you mean '\(near)'?" }
                writeStandardError(message + " (:help lists them)\n")
            }
        } catch {
            writeStandardError(error.description + "\n")
        }
    }

    private func terminated(_ s: String) -> String { s.hasSuffix("\n") ? s : s + "\n" }

    /// The meta-command closest to a mistyped one (edit distance ≤ 2, or a unique prefix).
    static func nearestMetaCommand(_ typed: String) -> String? {
        let names = metaCommands.map(\.name)
        let prefixed = names.filter { $0.hasPrefix(typed) }
        if typed.count > 1 && prefixed.count == 1 { return prefixed[0] }
        let scored = names.map { ($0, editDistance($0, typed)) }.min { $0.1 < $1.1 }
        guard let (best, d) = scored, d <= 2 else { return nil }
        return best
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
}
