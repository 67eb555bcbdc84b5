#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AuditModel
import SegmentStore

/// How an import treats bad lines.
public struct ImportOptions: Sendable, Hashable {
    /// Import the valid lines of a file that has invalid ones, instead of rejecting the file.
    public var skipInvalid: Bool
    /// Where rejected lines go (NDJSON: file, line, reason, text), when `skipInvalid` is set.
    public var rejectsPath: String?
    /// Import an input again even when the ledger says it was imported (``ImportLedgerEntry``).
    public var force: Bool

    /// Creates options; by default one bad line rejects its whole file, and an input already
    /// imported is not imported again.
    public init(skipInvalid: Bool = false, rejectsPath: String? = nil, force: Bool = false) {
        self.skipInvalid = skipInvalid
        self.rejectsPath = rejectsPath
        self.force = force
    }
}

/// What importing one file did.
public struct ImportResult: Sendable, Hashable {
    /// The file as named by the user (`<stdin>` for `-`).
    public var file: String
    /// Lines read, blank ones included.
    public var lines: Int
    /// Events committed.
    public var imported: Int
    /// Lines rejected (only with `skipInvalid`).
    public var rejected: Int
    /// The commit that made them durable.
    public var commit: CommitSummary?
    /// Set when the ledger says this content was imported before: nothing was imported now.
    public var alreadyImported: ImportLedgerEntry?
    /// Set when the file grew since an earlier import: its first `lines` lines were skipped.
    public var resumed: ImportLedgerEntry?
}

/// Imports NDJSON audit events into a store, one file per transaction.
///
/// A file is committed whole or not at all: a malformed line (reported as `FILE:LINE: reason`)
/// rolls back everything read from that file, unless invalid lines are to be skipped, in which
/// case they go to the rejects file and the rest is committed. Memory stays bounded whatever the
/// input size: events go to the store block by block while the file is read.
public final class Importer {
    private let writer: StoreWriter
    private let options: ImportOptions
    private var rejects: RejectsFile?

    /// Creates an importer that appends through `writer`.
    public init(writer: StoreWriter, options: ImportOptions = ImportOptions()) throws(ImportError) {
        self.writer = writer
        self.options = options
        if options.skipInvalid, let path = options.rejectsPath {
            rejects = try RejectsFile(path: path)
        }
    }

    /// Imports one file (`-` for standard input) and commits it; `progress` hears the number of
    /// lines read so far every 65,536 lines (for a progress display).
    public func importFile(_ path: String, progress: ((Int) -> Void)? = nil) throws(ImportError) -> ImportResult {
        let pathKey = ImportLedgerEntry.pathKey(path)
        // A file imported before under this path: resume after the lines it had then, in the same
        // pass that reads the rest. When those lines have changed (a replaced file), nothing was
        // appended, and the file is read again and imported whole.
        var resuming: ImportLedgerEntry?
        if !options.force, let pathKey { resuming = try ledger(pathKey, path) }
        while true {
            if let result = try importPass(path, pathKey: pathKey, resuming: resuming, progress: progress) { return result }
            resuming = nil
        }
    }

    /// One read of the input: appends its events (after `resuming`'s lines, when they still
    /// start the file) and commits them with the ledger entries. `nil` when `resuming`'s lines
    /// no longer start the file; nothing was appended then.
    private func importPass(_ path: String, pathKey: String?, resuming: ImportLedgerEntry?,
                            progress: ((Int) -> Void)?) throws(ImportError) -> ImportResult? {
        var reader = try LineReader(path: path)
        let name = reader.displayName
        var result = ImportResult(file: name, lines: 0, imported: 0, rejected: 0)
        let writer = self.writer
        let skip = options.skipInvalid
        let rejects = self.rejects
        let skipLines = resuming?.lines ?? 0
        var prefixChanged = false
        var cache = EventDecoder.Cache()
        var digest = ContentDigest()
        do throws(ImportError) {
            try reader.forEachLine { (line, number) throws(ImportError) in
                result.lines = number
                digest.add(line: line)
                if number & 0xFFFF == 0 { progress?(number) }
                if number <= skipLines {
                    if number == skipLines, digest.description != resuming?.digest { prefixChanged = true }
                    return
                }
                if prefixChanged || Self.isBlank(line) { return }
                do {
                    let event = try EventDecoder.decode(line, cache: &cache)
                    try writer.append(event)
                    result.imported += 1
                } catch let error as EventDecodingError {
                    guard skip else { throw ImportError.malformed(file: name, line: number, reason: error.description) }
                    result.rejected += 1
                    try rejects?.record(file: name, line: number, reason: error.description, text: line)
                } catch let error as StoreError {
                    throw ImportError.store(file: name, error)
                } catch {
                    throw ImportError.store(file: name, .misuse("\(error)"))
                }
            }
            if resuming != nil, prefixChanged || result.lines < skipLines { return nil }
            result.resumed = resuming
            // The same content imported before, under this name or another (an unchanged file
            // resumed after all its lines lands here too, having appended nothing).
            let contentKey = ImportLedgerEntry.contentKey(digest.description)
            if !options.force, let earlier = try ledger(contentKey, name) {
                try? writer.rollback()
                result.imported = 0
                result.resumed = nil
                result.alreadyImported = earlier
                return result
            }
            guard result.imported > 0 || result.rejected > 0 || resuming != nil else { throw ImportError.empty(file: name) }
            try rejects?.flush()
            let now = Timestamp(seconds: Int64(time(nil)))
            let entry = ImportLedgerEntry(digest: digest.description, lines: digest.lines, bytes: digest.bytes,
                                          events: result.imported + (resuming?.events ?? 0), at: "\(now)", file: name)
            var state = [contentKey: entry.text]
            if let pathKey { state[pathKey] = entry.text }
            do {
                result.commit = try writer.commit(state: state)
            } catch {
                throw ImportError.store(file: name, error)
            }
        } catch {
            try? writer.rollback()
            throw error
        }
        return result
    }

    /// The ledger entry under `key`, if any.
    private func ledger(_ key: String, _ file: String) throws(ImportError) -> ImportLedgerEntry? {
        do {
            return try writer.state(key).flatMap(ImportLedgerEntry.init(text:))
        } catch {
            throw .store(file: file, error)
        }
    }

    private static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        for c in line where !(c == 0x20 || c == 0x09 || c == 0x0D) { return false }
        return true
    }
}

/// The rejects file: one NDJSON object per rejected line, so nothing read is lost.
final class RejectsFile {
    let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []

    deinit {
        try? flush()
        close(fd)
    }

    init(path: String) throws(ImportError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .rejectsUnwritable(file: path, reason: String(cString: strerror(errno))) }
    }

    func record(file: String, line: Int, reason: String, text: UnsafeRawBufferPointer) throws(ImportError) {
        buffer.append(contentsOf: #"{"file":"#.utf8)
        CanonicalJSON.appendString(file, to: &buffer)
        buffer.append(contentsOf: #","line":\#(line),"reason":"#.utf8)
        CanonicalJSON.appendString(reason, to: &buffer)
        buffer.append(contentsOf: #","text":"#.utf8)
        CanonicalJSON.appendString(String(decoding: text, as: UTF8.self), to: &buffer)
        buffer.append(contentsOf: "}\n".utf8)
        if buffer.count > 1 << 16 { try flush() }
    }

    func flush() throws(ImportError) {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + done, buffer.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .rejectsUnwritable(file: path, reason: String(cString: strerror(errno)))
            }
            done += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
