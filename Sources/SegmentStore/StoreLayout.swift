#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a store keeps its files:
/// `STORE/catalog.sqlite`, `STORE/segments/NNNNNNNN.seg` and `STORE/LOCK`.
public struct StoreLayout: Sendable, Hashable {
    /// The store directory.
    public let root: String

    /// A layout rooted at `root` (no files are touched).
    public init(root: String) {
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        self.root = root
    }

    /// The SQLite catalog.
    public var catalog: String { root + "/catalog.sqlite" }
    /// The folder of segment files.
    public var segments: String { root + "/segments" }
    /// The writer lock file.
    public var lock: String { root + "/LOCK" }
    /// The record of an append in progress (see ``WriteIntent``).
    var intent: String { root + "/append.intent" }

    /// The file of segment `id`.
    public func segment(_ id: Int64) -> String { segments + "/" + Self.segmentName(id) }

    /// `00000007.seg` for segment 7.
    public static func segmentName(_ id: Int64) -> String {
        let digits = String(id)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits + ".seg"
    }

    /// The segment ids present on disk, ascending.
    public func segmentIDsOnDisk() -> [Int64] {
        guard let dir = opendir(segments) else { return [] }
        defer { closedir(dir) }
        var ids: [Int64] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.hasSuffix(".seg"), let id = Int64(name.dropLast(4)) else { continue }
            ids.append(id)
        }
        return ids.sorted()
    }

    /// Whether a path exists.
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// Whether a path is a directory.
    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// A file's size in bytes, or 0 when it does not exist.
    public static func fileSize(_ path: String) -> Int64 {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_size) : 0
    }
}
