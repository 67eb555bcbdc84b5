#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The record of an append in progress, kept in `STORE/append.intent`: which committed state of
/// the catalog (next sequence number and every segment's committed length) the writer started
/// from before it wrote its first block bytes.
///
/// It is what lets recovery tell an interrupted append from an older catalog. After a crash the
/// bytes past a segment's committed length are the crashed transaction's own only when the
/// catalog is still the one the intent names; then they may be cut. When the catalog differs
/// (restored from a backup, copied without its `-wal`, emptied), those bytes may be committed
/// blocks the catalog has forgotten, and the writer refuses to touch them (see ``StoreWriter``).
///
/// The file is written and fsynced before any block of a transaction, and marked idle after its
/// commit or rollback; a damaged or missing file only makes recovery more careful.
struct WriteIntent: Equatable {
    /// The catalog's next sequence number when the append began.
    var nextSeq: UInt64
    /// Every catalogued segment's committed length when the append began, by id.
    var segments: [Int64: Int64]

    private static let magic = "hubaudit append intent 1"
    private static let idle = "hubaudit append intent idle\n"

    func encoded() -> String {
        var text = Self.magic + "\nnext_seq \(nextSeq)\n"
        for id in segments.keys.sorted() { text += "segment \(id) \(segments[id] ?? 0)\n" }
        return text + "end\n"
    }

    /// Parses an intent; `nil` when the text is idle, torn or not an intent.
    static func decode(_ text: String) -> WriteIntent? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3, lines[0] == magic, lines.last == "", lines[lines.count - 2] == "end" else { return nil }
        let first = lines[1].split(separator: " ")
        guard first.count == 2, first[0] == "next_seq", let next = UInt64(first[1]) else { return nil }
        var segments: [Int64: Int64] = [:]
        for line in lines[2..<(lines.count - 2)] {
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[0] == "segment", let id = Int64(parts[1]), let length = Int64(parts[2]) else { return nil }
            segments[id] = length
        }
        return WriteIntent(nextSeq: next, segments: segments)
    }

    /// The intent recorded at `path`, if the file holds a whole one.
    static func load(_ path: String) -> WriteIntent? {
        guard let file = try? RawFile.openForReading(path), let size = try? file.size(), size < 1 << 24,
              let bytes = try? file.read(at: 0, count: Int(size)) else { return nil }
        return decode(String(decoding: bytes, as: UTF8.self))
    }

    /// Records the intent durably (written in place and fsynced; the file's directory entry is
    /// synced when the file is new).
    func record(at path: String, directory: String) throws(StoreError) {
        try Self.write(encoded(), to: path, directory: directory, sync: true)
    }

    /// Marks the intent file idle: no append is in progress. Not synced: should it not reach the
    /// disk, the stale intent names a catalog state that is no longer current.
    static func clear(at path: String, directory: String) throws(StoreError) {
        guard StoreLayout.exists(path) else { return }
        try write(idle, to: path, directory: directory, sync: false)
    }

    private static func write(_ text: String, to path: String, directory: String, sync: Bool) throws(StoreError) {
        let isNew = !StoreLayout.exists(path)
        let file = try RawFile.openForWriting(path, create: true)
        try file.truncate(to: 0)
        try file.write(Array(text.utf8), at: 0)
        if sync {
            try file.sync()
            if isNew { try RawFile.syncDirectory(directory) }
        }
    }
}
