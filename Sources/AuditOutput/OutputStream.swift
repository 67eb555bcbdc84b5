import Foundation

/// Buffered writes to standard output or a file, in large chunks: exporting millions of lines
/// must not cost a system call each.
public final class OutputStream {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let ownsDescriptor: Bool

    /// Standard output.
    public init() {
        fd = 1
        ownsDescriptor = false
        buffer.reserveCapacity(1 << 20)
    }

    /// A file, created (mode 0600 when new) or truncated.
    public init(path: String) throws(OutputError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotWrite(path, String(cString: strerror(errno))) }
        self.fd = fd
        ownsDescriptor = true
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    /// Appends bytes (written once about 1 MiB has gathered).
    public func write(_ bytes: [UInt8]) throws(OutputError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends text as UTF-8.
    public func write(_ text: String) throws(OutputError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends with a closure that writes into the buffer directly (no intermediate array).
    public func append(_ body: (inout [UInt8]) -> Void) throws(OutputError) {
        body(&buffer)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Writes out what is buffered; ``OutputError/brokenPipe`` when the reader has gone.
    public func flush() throws(OutputError) {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { bytes in Foundation.write(fd, bytes.baseAddress.map { $0 + done }, bytes.count - done) }
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
    public func sync() throws(OutputError) {
        try flush()
        if ownsDescriptor, fsync(fd) != 0 { throw .cannotWrite("output file", String(cString: strerror(errno))) }
    }
}
