/// Why a store operation failed, in words that say what to do next.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// Another process holds the writer lock.
    case locked(pid: Int32?, path: String)
    /// The directory is not a store (and the operation does not create one).
    case notAStore(String)
    /// The segments are there but the catalog is gone.
    case catalogMissing(String)
    /// The store was written by a newer hubaudit.
    case newerFormat(found: Int, supported: Int)
    /// A file operation failed; `operation` says which, `reason` is the system's message.
    case io(operation: String, path: String, reason: String)
    /// The disk is full; nothing of the failed batch was committed.
    case diskFull(path: String)
    /// The catalog database reported an error.
    case catalog(String)
    /// A block could not be read back.
    case damagedBlock(segment: String, offset: Int, reason: String)
    /// Blocks that `verify` recorded as damaged may hold part of an answer (a reader that does
    /// not open them, such as an answer from the index, would count their events silently).
    case recordedDamage(blocks: Int, events: Int, first: String)
    /// A caller error, e.g. appending through a closed writer.
    case misuse(String)
    /// A segment holds intact blocks past what the catalog names (an older, emptied or partly
    /// copied catalog): the writer stopped rather than cut them.
    case uncataloguedBlocks(root: String, segment: String, offset: Int64, blocks: Int, events: Int)

    public var description: String {
        switch self {
        case .locked(let pid, let path):
            if let pid { "store is locked by pid \(pid) (\(path)); wait for that process to finish" }
            else { "store is locked by another process (\(path)); wait for it to finish" }
        case .notAStore(let path): "\(path) is not a hubaudit store (no catalog.sqlite); import or sync into it first"
        case .catalogMissing(let path):
            "\(path) has segments but no catalog.sqlite; run 'hubaudit rebuild-catalog --store \(path)'"
        case .newerFormat(let found, let supported):
            "store format \(found) is newer than this hubaudit supports (\(supported)); upgrade hubaudit"
        case .io(let operation, let path, let reason): "cannot \(operation) \(path): \(reason)"
        case .diskFull(let path): "disk full while writing \(path); nothing of this batch was committed"
        case .catalog(let message): "catalog error: \(message)"
        case .damagedBlock(let segment, let offset, let reason):
            "damaged block in \(segment) at offset \(offset): \(reason); run 'hubaudit verify' for a full report "
                + "(it records damaged blocks, which query --skip-damaged then leaves out)"
        case .recordedDamage(let blocks, let events, let first):
            "\(blocks) damaged block(s) holding \(events) events may hold part of this answer (first: \(first)); "
                + "add --skip-damaged to answer from the rest (exit status 1), or restore the damaged segment from a backup "
                + "and run 'hubaudit verify' again"
        case .misuse(let message): message
        case .uncataloguedBlocks(let root, let segment, let offset, let blocks, let events):
            "segments/\(segment) holds \(blocks) intact block(s) (\(events) events) from offset \(offset) that catalog.sqlite "
                + "does not name (was an older or empty catalog restored, or copied without its -wal?); nothing was changed. "
                + "Run 'hubaudit rebuild-catalog --store \(root)' to recover them, then run this again"
        }
    }
}
