#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The store's writer lock: an exclusive `flock` on `STORE/LOCK`, which holds the owner's pid.
///
/// The kernel releases the lock when the process dies, so a crashed writer never leaves a stale
/// lock behind; a second writer fails at once with the owner's pid instead of waiting.
final class StoreLock {
    private let fd: Int32

    init(path: String) throws(StoreError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(operation: "open", path: path, reason: RawFile.systemError()) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, 32, 0) }
            close(fd)
            guard code == EWOULDBLOCK else { throw .io(operation: "lock", path: path, reason: RawFile.systemError(code)) }
            let text = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
            throw .locked(pid: Int32(text.filter { $0.isNumber }), path: path)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress!, pid.count, 0) }
        self.fd = fd
    }

    deinit {
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }
}
