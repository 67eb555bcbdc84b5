import Foundation
import Zlib

/// A file written through a buffer: created under a temporary name in its final directory,
/// and moved into place by ``commit()`` only once fsynced (then the directory is fsynced),
/// so a reader never sees half a file and an interrupted export leaves the old file alone.
/// With `gzip`, each flushed chunk becomes one gzip member (a concatenation gzip reads as one).
final class OutputFile {
    let path: String
    private let temporary: String
    private let gzip: Bool
    private var fd: Int32
    private(set) var buffer: [UInt8] = []
    /// Bytes handed to the file so far (before compression).
    private(set) var written = 0

    init(path: String, gzip: Bool = false) throws(ExportError) {
        self.path = path
        self.gzip = gzip
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        temporary = (directory.isEmpty ? "" : directory + "/") + ".\(name).tmp-\(getpid())"
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .write(path: path, reason: String(cString: strerror(errno))) }
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if fd >= 0 {
            close(fd)
            unlink(temporary)
        }
    }

    /// Appends bytes; writes to the file every megabyte.
    func append(_ bytes: some Sequence<UInt8>) throws(ExportError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Bytes appended so far, written or buffered.
    var size: Int { written + buffer.count }

    func flush() throws(ExportError) {
        guard !buffer.isEmpty else { return }
        written += buffer.count
        let chunk: [UInt8]
        if gzip {
            do {
                chunk = try Zlib.gzip(buffer)
            } catch {
                throw .write(path: path, reason: "\(error)")
            }
        } else {
            chunk = buffer
        }
        var done = 0
        while done < chunk.count {
            let n = chunk.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + done, chunk.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .write(path: path, reason: String(cString: strerror(errno)))
            }
            done += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, fsyncs, renames into place and fsyncs the directory.
    func commit() throws(ExportError) {
        try flush()
        guard fsync(fd) == 0 else { throw .write(path: path, reason: String(cString: strerror(errno))) }
        close(fd)
        fd = -1
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .write(path: path, reason: reason)
        }
        let directory = (path as NSString).deletingLastPathComponent
        let dfd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            defer { close(dfd) }
            guard fsync(dfd) == 0 else { throw .write(path: directory, reason: String(cString: strerror(errno))) }
        }
    }
}
