import Foundation

enum Terminal {
    /// The width of the terminal on stdout (TIOCGWINSZ), nil when stdout is not a terminal.
    static func width() -> Int? {
        var size = winsize()
        guard isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}

/// Writes to stdout now (the REPL's output must appear before the next prompt).
func writeStandardOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
