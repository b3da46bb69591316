import DataFlow
import DataFlowScript
import Foundation

/// The interactive `dfs` session: reads entries with `LineEditor`, runs them with one
/// `ScriptEngine` (variables persist), and never ends on an error.
final class REPL {
    let session: Session
    let engine: ScriptEngine
    let progress: ProgressLine
    var timing = false
    private var editor: LineEditor?
    /// A line read ahead (to see whether it continues the entry with `.`) that starts the next entry.
    private var readAhead: String?
    private var done = false

    /// Ends the session after the current entry (`:quit`).
    func finish() { done = true }

    static let prompt = "dfs> "
    static let continuationPrompt = "...> "

    init(session: Session, params: [String: String]) {
        self.session = session
        let progress = ProgressLine(enabled: Terminal.stderrIsTerminal)
        self.progress = progress
        engine = ScriptEngine(session: session, params: params, output: { text in
            progress.erase()
            writeStandardOutput(text)
        })
    }

    /// `DFS_HISTORY`, or `~/.dfs_history`.
    static var historyPath: String {
        if let p = ProcessInfo.processInfo.environment["DFS_HISTORY"], !p.isEmpty { return p }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".dfs_history").path
    }

    func run() throws {
        let editor = LineEditor(historyPath: REPL.historyPath) { [unowned self] line, cursor in
            self.completions(line: line, cursor: cursor)
        }
        self.editor = editor
        writeStandardOutput("dfs \(Session.version) — :help for help, Ctrl-D or :quit to leave\n")
        while !done, let entry = readEntry(editor) {
            if entry.hasPrefix(":") {
                metaCommand(entry)
            } else {
                execute(entry, file: "<repl>")
            }
        }
        writeStandardOutput("\n")
    }

    /// One entry: a meta-command line, or code lines until `needsMoreInput` is false and no
    /// pasted line waiting after them starts with `.`. Nil at end of input.
    private func readEntry(_ editor: LineEditor) -> String? {
        var lines: [String] = []
        // The entry is complete, but pasted input was waiting: the line read now either continues
        // it (a leading `.`) or starts the next entry.
        var peeking = false
        while true {
            let input: LineEditor.Input
            if lines.isEmpty, let ahead = readAhead {
                readAhead = nil
                input = .line(ahead)
            } else {
                input = editor.read(prompt: lines.isEmpty ? REPL.prompt : REPL.continuationPrompt)
                if case .line(let l) = input { editor.remember(l) }
            }
            switch input {
            case .endOfInput:
                if peeking {
                    done = true
                    return lines.joined(separator: "\n")
                }
                return nil
            case .interrupted:
                lines = []  // Ctrl-C drops the line and an unfinished entry
                peeking = false
            case .line(let line):
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if peeking {
                    peeking = false
                    if !trimmed.hasPrefix(".") {
                        readAhead = line
                        return lines.joined(separator: "\n")
                    }
                } else if lines.isEmpty {
                    if trimmed.isEmpty { continue }
                    if trimmed.hasPrefix(":") { return trimmed }
                    if trimmed.hasPrefix(".") {
                        writeStandardError("error: a line starting with '.' continues the statement before it, which has already run; "
                                           + "write the chain on one line, inside ( … ), or paste it whole\n")
                        continue
                    }
                }
                lines.append(line)
                let text = lines.joined(separator: "\n")
                if engine.needsMoreInput(text) { continue }
                if editor.hasPendingInput() {
                    peeking = true
                    continue
                }
                return text
            }
        }
    }

    /// Runs code (an entry, or a `:load`ed file): Ctrl-C cancels it, a progress line shows after a
    /// second, an error is printed and the session goes on.
    func execute(_ code: String, file: String) {
        engine.displayWidth = Terminal.width()
        Interrupt.reset()
        let monitor = QueryMonitor(session: session, line: progress)
        let began = Date()
        monitor.start()
        var failure: ScriptError?
        do { try engine.run(code, file: file) } catch { failure = error }
        monitor.stop()
        Interrupt.reset()
        if let failure { writeStandardError(failure.description + "\n") }
        if timing { writeStandardOutput(String(format: "Time: %.3f s\n", Date().timeIntervalSince(began))) }
    }

    /// Completion: meta-commands after a leading `:`, otherwise the engine's candidates.
    func completions(line: String, cursor: Int) -> [String] {
        let before = String(decoding: line.utf8.prefix(cursor), as: UTF8.self)
        if before.hasPrefix(":") && !before.contains(" ") {
            return REPL.metaCommands.map(\.name).filter { $0.hasPrefix(before) }
        }
        return engine.completions(line: line, cursor: cursor)
    }
}
