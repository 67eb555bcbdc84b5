import Foundation

/// Names of the catalog backups `rebuild-catalog` keeps: `catalog.sqlite.bak-20240501T120000Z`,
/// with `-2`, `-3`, … when that name (or any of its `-wal`/`-shm` companions) is taken, so an
/// earlier backup is never overwritten.
enum CatalogBackup {
    /// An unused backup path in `root`, dated now (UTC).
    static func freshName(root: String, now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let base = root + "/catalog.sqlite.bak-" + formatter.string(from: now)
        var candidate = base
        var n = 1
        while ["", "-wal", "-shm"].contains(where: { StoreLayout.exists(candidate + $0) }) {
            n += 1
            candidate = base + "-\(n)"
        }
        return candidate
    }
}
