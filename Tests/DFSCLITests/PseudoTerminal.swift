import DataFlowTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum PTYError: Error, CustomStringConvertible {
    case system(String, Int32)
    case timeout(waitingFor: String, transcript: String)

    var description: String {
        switch self {
        case .system(let what, let e): return "\(what) failed: \(String(cString: strerror(e)))"
        case .timeout(let w, let t): return "timed out waiting for \(w.debugDescription); the terminal showed:\n\(t.debugDescription)"
        }
    }
}

/// `dfs` (or any program) running on a pseudo-terminal, as a user at a terminal would see it: the
/// child is a session leader whose controlling terminal is the pty, so Ctrl-C typed into it is a
/// SIGINT. Spawned with posix_spawn (fork is unsafe in a multi-threaded test process).
final class PseudoTerminal {
    let pid: pid_t
    private let master: Int32
    /// Everything the terminal has shown (stdout and stderr).
    private var bytes: [UInt8] = []
    /// Where `expect` looks from (a byte offset): text before it was already matched.
    private var mark = 0

    var transcript: String { String(decoding: bytes, as: UTF8.self) }
    private var unmatched: String { String(decoding: bytes[mark...], as: UTF8.self) }

    init(_ executable: String, _ arguments: [String] = [], environment: [String: String], columns: UInt16 = 100) throws {
        // posix_openpt/grantpt/unlockpt/ptsname are not visible to Swift's Glibc module (they need
        // _XOPEN_SOURCE); on Linux they are /dev/ptmx and two ioctls (numbers from <asm-generic/ioctls.h>).
        let m = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard m >= 0 else { throw PTYError.system("open /dev/ptmx", errno) }
        let TIOCSPTLCK: UInt = 0x4004_5431, TIOCGPTN: UInt = 0x8004_5430
        var unlock: Int32 = 0, number: UInt32 = 0
        guard ioctl(m, TIOCSPTLCK, &unlock) == 0, ioctl(m, TIOCGPTN, &number) == 0 else {
            let e = errno
            close(m)
            throw PTYError.system("unlocking the pseudo-terminal", e)
        }
        let slavePath = "/dev/pts/\(number)"
        var size = winsize(ws_row: 40, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(m, UInt(TIOCSWINSZ), &size)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addclose(&actions, m)
        // Opened after setsid(), so the pty becomes the child's controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        let setsid: Int16 = 0x80  // POSIX_SPAWN_SETSID (glibc ≥ 2.26; the macro needs _GNU_SOURCE)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attr, &unblocked)
        posix_spawnattr_setflags(&attr, setsid | Int16(POSIX_SPAWN_SETSIGDEF) | Int16(POSIX_SPAWN_SETSIGMASK))

        var child: pid_t = 0
        let rc = withSpawnArguments(executable, arguments, environment: environment) { argv, envp in
            posix_spawn(&child, executable, &actions, &attr, argv, envp)
        }
        guard rc == 0 else {
            close(m)
            throw PTYError.system("posix_spawn \(executable)", rc)
        }
        pid = child
        master = m
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Types `text` (control characters included: "\u{03}" is Ctrl-C, "\u{04}" Ctrl-D, "\t" Tab,
    /// "\u{1B}[A" the up arrow).
    func send(_ text: String) {
        var out = Array(text.utf8)
        var off = 0
        while off < out.count {
            let n = out[off...].withUnsafeMutableBytes { write(master, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            off += n
        }
    }

    /// Reads what the terminal shows for up to `seconds`; returns early when `until` holds.
    @discardableResult
    private func pump(_ seconds: Double, until done: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            if done(unmatched) { return true }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return false }
            var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, Int32(min(left, 0.1) * 1000))
            if ready > 0 {
                let n = buf.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                if n <= 0 {  // EIO: the child closed the terminal
                    return done(unmatched)
                }
                bytes += buf[0..<n]
            }
        }
    }

    /// Waits until `text` appears after what earlier `expect`s matched, and moves past it.
    func expect(_ text: String, timeout: Double = 20) throws {
        guard pump(timeout, until: { $0.contains(text) }) else {
            throw PTYError.timeout(waitingFor: text, transcript: transcript)
        }
        let needle = Array(text.utf8)
        var i = mark
        while i + needle.count <= bytes.count {
            if bytes[i..<(i + needle.count)].elementsEqual(needle) {
                mark = i + needle.count
                return
            }
            i += 1
        }
    }

    /// Waits for a prompt and for the line editor to be reading at it: libedit switches the terminal
    /// to raw mode (ICANON off) only then, and keys typed before that are read in cooked mode, where
    /// Tab is a plain character and Ctrl-D an end-of-file event the mode switch drops.
    func prompt(_ text: String = "dfs> ", timeout: Double = 20) throws {
        try expect(text, timeout: timeout)
        let deadline = Date().addingTimeInterval(5)
        var mode = termios()
        while Date() < deadline {
            if tcgetattr(master, &mode) == 0 && mode.c_lflag & tcflag_t(ICANON) == 0 { return }
            pump(0.01) { _ in false }
        }
    }

    /// The text shown since the last match, after waiting `seconds` for more.
    func settle(_ seconds: Double = 0.5) -> String {
        pump(seconds) { _ in false }
        return unmatched
    }

    private var reaped: Int32?

    /// The exit status once the child has exited (nil while it runs).
    var exitStatus: Int32? {
        if let reaped { return reaped }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid {
            reaped = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        }
        return reaped
    }

    /// Types Ctrl-D at the prompt and returns the exit status. A Ctrl-D that reaches the terminal
    /// while it is still in cooked mode (the REPL printed its prompt but libedit has not switched to
    /// raw mode yet, which happens on a loaded machine) is an end-of-file event the mode switch
    /// drops, so it is typed again if the REPL is still there.
    func ctrlD(attempts: Int = 5) -> Int32? {
        for _ in 0..<attempts {
            send("\u{04}")
            if let s = waitForExit(timeout: 3) { return s }
        }
        return nil
    }

    /// Waits for the child to exit and returns its status (nil on timeout).
    func waitForExit(timeout: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            pump(0.05) { _ in false }
            if let s = exitStatus { return s }
        }
        return nil
    }
}
