#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps the catalog and its backups private to their owner (mode 0600): they name every actor,
/// repository and sync cursor of the archive.
enum CatalogPermissions {
    /// Creates the database file at `path` with mode 0600 when it is missing (SQLite gives the
    /// `-wal` and `-shm` files it creates later the same mode), and narrows an existing one and
    /// its companions to 0600.
    static func restrict(_ path: String) throws(StoreError) {
        if !StoreLayout.exists(path) {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 {
                close(fd)
            } else if errno != EEXIST {
                throw .io(operation: "create", path: path, reason: RawFile.systemError())
            }
        }
        for suffix in ["", "-wal", "-shm"] where StoreLayout.exists(path + suffix) {
            guard chmod(path + suffix, 0o600) == 0 else {
                throw .io(operation: "set mode 0600 on", path: path + suffix, reason: RawFile.systemError())
            }
        }
    }
}
