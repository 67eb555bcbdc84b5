#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SegmentStore

/// What the store remembers of an input it imported, so that importing it again imports
/// nothing, and importing a file that has grown since imports only its new lines.
///
/// Entries live in the catalog's state table and are committed in the same transaction as the
/// events (``StoreWriter/commit(state:)``): an input is in the ledger exactly when its events
/// are in the store. Two keys per import: `import:DIGEST` (the content, whatever its name or
/// compression) and, for a file, `import-path:ABSOLUTE PATH` (to recognise its lines as the
/// start of a file that grew).
public struct ImportLedgerEntry: Sendable, Hashable {
    /// The input's content digest (``ContentDigest``).
    public var digest: String
    /// Lines of the input, blank ones included.
    public var lines: Int
    /// Bytes of the input (decompressed), line breaks included.
    public var bytes: Int
    /// Events committed from it, by this import and the earlier ones it resumed.
    public var events: Int
    /// When it was committed (RFC 3339).
    public var at: String
    /// The input as the user named it.
    public var file: String

    /// The state table's text: tab-separated, the file name last (it may hold tabs).
    var text: String { "\(digest)\t\(lines)\t\(bytes)\t\(events)\t\(at)\t\(file)" }

    init(digest: String, lines: Int, bytes: Int, events: Int, at: String, file: String) {
        self.digest = digest
        self.lines = lines
        self.bytes = bytes
        self.events = events
        self.at = at
        self.file = file
    }

    /// Parses ``text``; `nil` for anything else.
    init?(text: String) {
        let parts = text.split(separator: "\t", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, let lines = Int(parts[1]), let bytes = Int(parts[2]), let events = Int(parts[3]) else { return nil }
        self.init(digest: String(parts[0]), lines: lines, bytes: bytes, events: events, at: String(parts[4]), file: String(parts[5]))
    }

    static func contentKey(_ digest: String) -> String { "import:" + digest }

    static func pathKey(_ path: String) -> String? {
        guard path != "-", let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return "import-path:" + String(cString: resolved)
    }
}
