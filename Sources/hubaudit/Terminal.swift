import Foundation

/// Facts about the terminal and the two output streams: data goes to standard output,
/// everything else (messages, progress) to standard error.
enum Terminal {
    static var stdoutIsTerminal: Bool { isatty(1) == 1 }
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Colour only on a terminal, and never when `NO_COLOR` is set.
    static var colorOnStderr: Bool {
        stderrIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) != false
    }

    /// Writes a line to standard error.
    static func message(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Writes `error: …` to standard error, in red on a colour terminal.
    static func error(_ text: String) {
        let prefix = colorOnStderr ? "\u{1B}[31merror:\u{1B}[0m " : "error: "
        message(prefix + text)
    }

    /// Writes `warning: …` to standard error.
    static func warning(_ text: String) {
        let prefix = colorOnStderr ? "\u{1B}[33mwarning:\u{1B}[0m " : "warning: "
        message(prefix + text)
    }
}

/// Buffered writes to standard output, in large chunks: exporting millions of lines must not
/// cost a system call each.
final class OutputStream {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let ownsDescriptor: Bool

    /// Standard output.
    init() {
        fd = 1
        ownsDescriptor = false
        buffer.reserveCapacity(1 << 20)
    }

    /// A file, created (mode 0600 when new) or truncated.
    init(path: String) throws(CLIError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotWrite(path, String(cString: strerror(errno))) }
        self.fd = fd
        ownsDescriptor = true
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    func write(_ bytes: [UInt8]) throws(CLIError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func write(_ text: String) throws(CLIError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends with a closure that writes into the buffer directly (no intermediate array).
    func append(_ body: (inout [UInt8]) -> Void) throws(CLIError) {
        body(&buffer)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws(CLIError) {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + done, buffer.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { throw .brokenPipe }
                throw .cannotWrite(fd == 1 ? "standard output" : "output file", String(cString: strerror(errno)))
            }
            done += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and fsyncs (for files that must be complete on disk when the command ends).
    func sync() throws(CLIError) {
        try flush()
        if ownsDescriptor, fsync(fd) != 0 { throw .cannotWrite("output file", String(cString: strerror(errno))) }
    }
}

/// A progress line on standard error: only on a terminal, and only once the work has taken
/// about a second, so quick commands and pipelines stay quiet.
final class Progress {
    private let label: String
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let enabled = Terminal.stderrIsTerminal

    init(_ label: String) {
        self.label = label
    }

    func update(_ count: Int, unit: String) {
        guard enabled else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        guard elapsed >= 1, now.timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = now
        drawn = true
        let rate = Double(count) / max(elapsed, 0.001)
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(label): \(count) \(unit) (\(Int(rate))/s)".utf8))
    }

    func finish() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
