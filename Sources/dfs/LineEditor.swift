@preconcurrency import CLibEdit
import Foundation

/// Line editing over libedit's readline-compatible API: prompts, history (persisted to a file),
/// reverse search (^R, libedit's own binding) and tab completion.
///
/// libedit is process-global C state and calls back into global C functions, so there is one
/// editor per process and it is only used from the REPL's thread.
final class LineEditor {
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C at the prompt: the line is dropped.
        case interrupted
        /// Ctrl-D on an empty line (or the terminal went away).
        case endOfInput
    }

    let historyPath: String?

    /// - Parameters:
    ///   - historyPath: the history file, read now and rewritten after every line (nil: no history file).
    ///   - complete: candidates for the word ending at the cursor, as whole words, given the line and
    ///     the cursor's UTF-8 offset.
    init(historyPath: String?, complete: @escaping (String, Int) -> [String]) {
        self.historyPath = historyPath
        completionSource = complete
        rl_readline_name = UnsafePointer(strdup("dfs"))
        rl_initialize()
        stifle_history(2000)
        if let historyPath { _ = read_history(historyPath) }
        // Words are identifiers: break at everything else, including `.` (methods), `(`, `:`
        // (meta-commands and named arguments), so libedit replaces just the identifier.
        rl_basic_word_break_characters = UnsafePointer(strdup(" \t\n\"\\'`@$><=;|&{}()[],.+-*/%!~^?#:"))
        rl_completion_append_character = 0
        rl_attempted_completion_function = attemptCompletion
        Interrupt.install()
    }

    /// Reads one line with `prompt`.
    func read(prompt: String) -> Input {
        Interrupt.reset()
        guard let raw = readline(prompt) else {
            return Interrupt.take() ? .interrupted : .endOfInput
        }
        defer { free(raw) }
        if Interrupt.take() { return .interrupted }
        return .line(String(cString: raw))
    }

    /// Adds a line to the history and rewrites the history file.
    func remember(_ line: String) {
        if line.trimmingCharacters(in: .whitespaces).isEmpty { return }
        _ = add_history(line)
        if let historyPath { _ = write_history(historyPath) }
    }

    /// True when more input is already waiting (pasted lines): the REPL then reads the next line
    /// before running the entry, to see whether it continues it with a leading `.`.
    func hasPendingInput() -> Bool {
        var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&fds, 1, 0) > 0 && fds.revents & Int16(POLLIN) != 0
    }
}

// MARK: - completion (C callbacks: global functions over global state, used on the REPL's thread only)

nonisolated(unsafe) private var completionSource: (String, Int) -> [String] = { _, _ in [] }

/// libedit's `rl_attempted_completion_function`: `text` is the identifier before the cursor,
/// `start..<end` its place in the line (in characters).
private func attemptCompletion(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    rl_attempted_completion_over = 1  // no file-name completion when we have nothing
    let word = text.map { String(cString: $0) } ?? ""
    let line = rl_line_buffer.map { String(cString: $0) } ?? word
    let scalars = line.unicodeScalars
    let endIndex = scalars.index(scalars.startIndex, offsetBy: max(0, Int(end)), limitedBy: scalars.endIndex) ?? scalars.endIndex
    let cursor = line.utf8.distance(from: line.startIndex, to: endIndex)
    var seen = Set<String>()
    let candidates = completionSource(line, cursor).compactMap { c -> String? in
        // `:he` completes to `:help`, but libedit replaces only `he` (`:` breaks words).
        let bare = c.hasPrefix(":") && !word.hasPrefix(":") ? String(c.dropFirst()) : c
        guard bare.hasPrefix(word), seen.insert(bare).inserted else { return nil }
        return bare
    }
    return matchList(candidates)
}

/// The array libedit expects (and frees): the text replacing the word (the candidates' common
/// prefix), then the candidates, then NULL. Built here rather than with `rl_completion_matches`,
/// whose single-match list makes this libedit ring the bell on every unique completion.
private func matchList(_ candidates: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    guard let first = candidates.first else { return nil }
    var common = Array(first.utf8)
    for c in candidates.dropFirst() {
        let bytes = Array(c.utf8)
        var n = 0
        while n < common.count && n < bytes.count && common[n] == bytes[n] { n += 1 }
        common.removeSubrange(n...)
    }
    // A unique match is [match, NULL, NULL]: libedit looks at the third slot.
    let entries: [String] = candidates.count == 1 ? [first] : [String(decoding: common, as: UTF8.self)] + candidates
    let slots = max(entries.count + 1, 3)
    guard let list = malloc(slots * MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)?
        .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: slots) else { return nil }
    for i in 0..<slots { list[i] = i < entries.count ? strdup(entries[i]) : nil }
    return list
}
