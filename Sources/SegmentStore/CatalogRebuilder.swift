import Foundation
import GRDB

/// What rebuilding the catalog found.
public struct RebuildReport: Sendable, Hashable {
    /// Segment files scanned.
    public var segments = 0
    /// Blocks recorded in the new catalog.
    public var blocks = 0
    /// Events in those blocks.
    public var events = 0
    /// Damaged blocks and unreadable byte ranges that were left out.
    public var skipped: [VerifyProblem] = []
    /// State entries (sync cursors, export checkpoints) carried over from the old catalog.
    public var keptState = 0
    /// Export checkpoints carried over from the old catalog.
    public var keptCheckpoints = 0
    /// Where the previous catalog was moved, if there was one.
    public var previousCatalog: String?
}

/// Rebuilds `catalog.sqlite` from the segment files alone.
///
/// Blocks are self-describing, so a scan of every segment restores the block rows, the index
/// and the sequence counter. State entries are copied from the old catalog when it still opens.
/// The new catalog is built beside the old one and renamed into place only when complete.
public enum CatalogRebuilder {
    /// Rebuilds the catalog of the store at `root`; takes the writer lock for the duration.
    public static func rebuild(root: String) throws(StoreError) -> RebuildReport {
        let layout = StoreLayout(root: root)
        guard StoreLayout.isDirectory(layout.segments) else { throw .notAStore(layout.root) }
        let lock = try StoreLock(path: layout.lock)
        defer { withExtendedLifetime(lock) {} }

        var report = RebuildReport()
        var state: [String: String] = [:]
        var checkpoints: [ExportCheckpoint] = []
        if StoreLayout.exists(layout.catalog), let old = try? Catalog(path: layout.catalog) {
            checkpoints = (try? old.read { db in try ExportCheckpoint.fetchAll(db) }) ?? []
            state = (try? old.read { db in
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM state").map {
                    ($0[0] as String, $0[1] as String)
                })
            }) ?? [:]
            old.close()
        }
        report.keptState = state.count
        report.keptCheckpoints = checkpoints.count

        let temp = layout.root + "/catalog.sqlite.rebuild"
        for suffix in ["", "-wal", "-shm"] { unlink(temp + suffix) }

        var batch = CatalogBatch()
        var segments: [(id: Int64, length: Int64)] = []
        var nextSeq: UInt64 = 0
        var nextID: Int64 = 1
        for id in layout.segmentIDsOnDisk() {
            let name = StoreLayout.segmentName(id)
            var scanner = try SegmentScanner(path: layout.segment(id))
            var goodEnd: Int64 = 0
            report.segments += 1
            while let item = try scanner.next() {
                switch item {
                case .garbage(let offset, let length, let reason):
                    report.skipped.append(VerifyProblem(segment: name, offset: offset, message: "\(length) unreadable bytes: \(reason)"))
                case .frame(let offset, let header, let reader, let error):
                    // A complete frame stays inside the committed length even when damaged, so
                    // that no writer ever cuts it.
                    goodEnd = offset + Int64(header.frameLength)
                    guard let reader, error == nil else {
                        report.skipped.append(VerifyProblem(segment: name, offset: offset, message: "\(error.map { "\($0)" } ?? "damaged")"))
                        continue
                    }
                    let terms: [IndexTerm]
                    do {
                        terms = try reader.indexTerms()
                    } catch {
                        report.skipped.append(VerifyProblem(segment: name, offset: offset, message: "\(error)"))
                        continue
                    }
                    batch.blocks.append(CatalogBatch.Block(id: nextID, segment: id, offset: offset, header: header, terms: terms))
                    nextID += 1
                    report.blocks += 1
                    report.events += header.eventCount
                    nextSeq = max(nextSeq, header.firstSeq + UInt64(header.seqSpan))
                }
            }
            segments.append((id, goodEnd))
        }

        try CatalogPermissions.restrict(temp)
        let catalog = try Catalog(path: temp)
        let rows = segments
        let finalBatch = batch
        let finalState = state
        let finalCheckpoints = checkpoints
        let next = nextSeq
        try catalog.write { db in
            for (n, segment) in rows.enumerated() {
                try db.execute(sql: "INSERT INTO segments(id, committed_length, sealed) VALUES (?, ?, ?)",
                               arguments: [segment.id, segment.length, n < rows.count - 1 ? 1 : 0])
            }
            var index = CatalogBatch.IndexState()
            try finalBatch.record(in: db, index: &index)
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'next_seq'", arguments: [Int64(bitPattern: next)])
            for (key, value) in finalState {
                try db.execute(sql: "INSERT INTO state(key, value) VALUES (?, ?)", arguments: [key, value])
            }
            // A position past the rebuilt store's end (segments lost) is kept; verify reports it.
            for checkpoint in finalCheckpoints { try checkpoint.save(db) }
        }
        do {
            try catalog.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        } catch {
            throw .catalog("\(error)")
        }
        catalog.close()

        if StoreLayout.exists(layout.catalog) {
            // A dated backup that never replaces an earlier one.
            try CatalogPermissions.restrict(layout.catalog)
            let backup = CatalogBackup.freshName(root: layout.root)
            for suffix in ["", "-wal", "-shm"] where StoreLayout.exists(layout.catalog + suffix) {
                guard rename(layout.catalog + suffix, backup + suffix) == 0 else {
                    throw .io(operation: "rename", path: layout.catalog + suffix, reason: RawFile.systemError())
                }
            }
            report.previousCatalog = backup
        }
        for suffix in ["-wal", "-shm"] { unlink(temp + suffix) }
        guard rename(temp, layout.catalog) == 0 else {
            throw .io(operation: "rename", path: temp, reason: RawFile.systemError())
        }
        try RawFile.syncDirectory(layout.root)
        return report
    }
}
