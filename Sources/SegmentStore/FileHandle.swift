#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A POSIX file descriptor with positioned reads and writes, fsync and truncation, and errors
/// that name the file; the store's only way to touch segment bytes.
final class RawFile {
    let path: String
    let fd: Int32

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit { close(fd) }

    static func systemError(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    static func openForReading(_ path: String) throws(StoreError) -> RawFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: "open", path: path, reason: systemError()) }
        return RawFile(path: path, fd: fd)
    }

    static func openForWriting(_ path: String, create: Bool) throws(StoreError) -> RawFile {
        let flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0)
        let fd = open(path, flags, 0o600)
        guard fd >= 0 else { throw .io(operation: "open", path: path, reason: systemError()) }
        return RawFile(path: path, fd: fd)
    }

    func size() throws(StoreError) -> Int64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io(operation: "stat", path: path, reason: Self.systemError()) }
        return Int64(st.st_size)
    }

    func read(at offset: Int64, count: Int) throws(StoreError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = buffer.withUnsafeMutableBytes { raw in
                pread(fd, raw.baseAddress! + done, count - done, off_t(offset) + off_t(done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "read", path: path, reason: Self.systemError())
            }
            if n == 0 { break }
            done += n
        }
        if done < count { buffer.removeSubrange(done...) }
        return buffer
    }

    func write(_ bytes: [UInt8], at offset: Int64) throws(StoreError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                pwrite(fd, raw.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == ENOSPC || errno == EDQUOT { throw .diskFull(path: path) }
                throw .io(operation: "write", path: path, reason: Self.systemError())
            }
            done += n
        }
    }

    func sync() throws(StoreError) {
        guard fsync(fd) == 0 else {
            if errno == ENOSPC || errno == EDQUOT { throw .diskFull(path: path) }
            throw .io(operation: "fsync", path: path, reason: Self.systemError())
        }
    }

    func truncate(to length: Int64) throws(StoreError) {
        guard ftruncate(fd, off_t(length)) == 0 else {
            throw .io(operation: "truncate", path: path, reason: Self.systemError())
        }
    }

    /// fsyncs a directory, so that a file created in it survives a crash.
    static func syncDirectory(_ path: String) throws(StoreError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: "open directory", path: path, reason: systemError()) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .io(operation: "fsync directory", path: path, reason: systemError()) }
    }

    /// Creates a directory with mode 0700 unless it exists, creating missing parents too.
    static func makeDirectory(_ path: String) throws(StoreError) {
        if !StoreLayout.exists(path), let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            let parent = String(path[..<slash])
            if !StoreLayout.exists(parent) { try makeDirectory(parent) }
        }
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw .io(operation: "create directory", path: path, reason: systemError())
        }
        guard StoreLayout.isDirectory(path) else {
            throw .io(operation: "use", path: path, reason: "it exists and is not a directory")
        }
    }
}
