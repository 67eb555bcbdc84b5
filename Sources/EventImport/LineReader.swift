#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Zlib

/// Reads an NDJSON file (or standard input) line by line in bounded memory, inflating gzip input
/// that it recognises by its magic bytes, whatever the file is called.
public struct LineReader: ~Copyable {
    /// The name used in messages (`-` reads standard input and is shown as `<stdin>`).
    public let displayName: String
    /// The longest line accepted.
    public static let maximumLineLength = 16 << 20

    private let fd: Int32
    private let ownsDescriptor: Bool
    private var inflater: StreamInflater?
    private var sniffed = false
    private var raw = [UInt8](repeating: 0, count: 1 << 20)
    private var pending: [UInt8] = []
    private var start = 0
    private var endOfInput = false
    private(set) var lineNumber = 0

    /// Opens `path`, or standard input for `-`.
    public init(path: String) throws(ImportError) {
        if path == "-" {
            fd = 0
            ownsDescriptor = false
            displayName = "<stdin>"
            return
        }
        displayName = path
        var st = stat()
        if stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory(path) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
        self.fd = fd
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    /// Calls `body` with each line (without its newline) and its 1-based number.
    public mutating func forEachLine(_ body: (UnsafeRawBufferPointer, Int) throws(ImportError) -> Void) throws(ImportError) {
        while true {
            // Hand out every complete line in the buffer.
            var number = lineNumber
            let from = start
            let consumed: Result<Int, ImportError> = pending.withUnsafeBytes { bytes in
                var lineStart = from
                var i = from
                let n = bytes.count
                do throws(ImportError) {
                    guard let base = bytes.baseAddress else { return .success(from) }
                    while i < n, let hit = memchr(base + i, 0x0A, n - i) {
                        i = base.distance(to: UnsafeRawPointer(hit))
                        number += 1
                        try body(UnsafeRawBufferPointer(rebasing: bytes[lineStart..<i]), number)
                        i += 1
                        lineStart = i
                    }
                } catch {
                    return .failure(error)
                }
                return .success(lineStart)
            }
            lineNumber = number
            start = try consumed.get()
            if endOfInput {
                if start < pending.count {
                    lineNumber += 1
                    let line = Array(pending[start...])
                    let number = lineNumber
                    let outcome: Result<Void, ImportError> = line.withUnsafeBytes { bytes in
                        do throws(ImportError) {
                            try body(bytes, number)
                            return .success(())
                        } catch {
                            return .failure(error)
                        }
                    }
                    try outcome.get()
                }
                return
            }
            if pending.count - start > Self.maximumLineLength {
                throw .lineTooLong(file: displayName, line: lineNumber + 1, limit: Self.maximumLineLength)
            }
            // Compact and refill.
            pending.removeSubrange(0..<start)
            start = 0
            try fill()
        }
    }

    private mutating func fill() throws(ImportError) {
        var n: Int
        repeat {
            n = raw.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
        } while n < 0 && errno == EINTR
        guard n >= 0 else { throw .unreadable(file: displayName, reason: String(cString: strerror(errno))) }
        if !sniffed && n > 0 {
            sniffed = true
            if n >= 2 && raw[0] == 0x1F && raw[1] == 0x8B {
                do {
                    inflater = try StreamInflater()
                } catch {
                    throw .badCompression(file: displayName, reason: "\(error)")
                }
            }
        }
        if n == 0 {
            endOfInput = true
            if inflater != nil {
                do {
                    try inflater?.finish()
                } catch {
                    throw .badCompression(file: displayName, reason: "\(error)")
                }
            }
            return
        }
        if inflater != nil {
            let chunk = Array(raw[0..<n])
            do {
                try chunk.withUnsafeBytes { bytes in
                    try inflater?.inflate(UnsafeRawBufferPointer(rebasing: bytes[0..<n]), into: &pending)
                }
            } catch {
                throw .badCompression(file: displayName, reason: "\(error)")
            }
        } else {
            pending.append(contentsOf: raw[0..<n])
        }
    }
}
