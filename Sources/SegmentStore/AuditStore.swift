import AuditModel
import GRDB

/// A read handle on a store: consistent snapshots of the catalog and block reads.
///
/// Any number of readers may work beside the single writer; each snapshot sees the store as of
/// one committed transaction, and the blocks it names never change afterwards.
public final class AuditStore: Sendable {
    /// Where the store lives.
    public let layout: StoreLayout
    let catalog: Catalog

    /// Opens an existing store for reading.
    public init(root: String) throws(StoreError) {
        let layout = StoreLayout(root: root)
        guard StoreLayout.isDirectory(layout.root) else { throw .notAStore(layout.root) }
        guard StoreLayout.exists(layout.catalog) else {
            if layout.segmentIDsOnDisk().contains(where: { StoreLayout.fileSize(layout.segment($0)) > 0 }) {
                throw .catalogMissing(layout.root)
            }
            throw .notAStore(layout.root)
        }
        self.layout = layout
        catalog = try Catalog(path: layout.catalog)
    }

    /// The catalog as of the latest commit.
    public func snapshot() throws(StoreError) -> StoreSnapshot {
        let (blocks, segments, nextSeq): ([BlockInfo], [SegmentInfo], UInt64) = try catalog.read { db in
            let blocks = try Row.fetchAll(db, sql: """
                SELECT id, segment_id, offset, length, event_count, first_seq, min_time, max_time, raw_bytes
                FROM blocks ORDER BY id
                """).map { row in
                BlockInfo(id: row[0], segment: row[1], offset: row[2], length: row[3], eventCount: row[4],
                          firstSeq: UInt64(bitPattern: row[5] as Int64), minSeconds: row[6], maxSeconds: row[7],
                          rawBytes: UInt64(bitPattern: row[8] as Int64))
            }
            let segments = try Row.fetchAll(db, sql: "SELECT id, committed_length, sealed FROM segments ORDER BY id").map {
                SegmentInfo(id: $0[0], committedLength: $0[1], sealed: ($0[2] as Int64) != 0)
            }
            let next = try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'next_seq'") ?? 0
            return (blocks, segments, UInt64(bitPattern: next))
        }
        for block in blocks { try CatalogRowCheck.check(block) }
        for segment in segments { try CatalogRowCheck.check(segment) }
        return StoreSnapshot(store: self, blocks: blocks, segments: segments, nextSeq: nextSeq)
    }

    /// A named state entry (e.g. a sync cursor) as last committed.
    public func state(_ key: String) throws(StoreError) -> String? {
        try catalog.read { db in try String.fetchOne(db, sql: "SELECT value FROM state WHERE key = ?", arguments: [key]) }
    }

    /// All state entries whose key starts with `prefix`.
    public func states(prefix: String) throws(StoreError) -> [String: String] {
        try catalog.read { db in
            var out: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM state WHERE substr(key, 1, ?) = ?",
                                        arguments: [prefix.count, prefix]) {
                out[row[0]] = row[1]
            }
            return out
        }
    }

    /// The posting list of one index term, limited to blocks up to `maxBlock`.
    func postings(_ field: IndexedField, _ value: String, maxBlock: Int64) throws(StoreError) -> [(block: Int64, count: Int)] {
        let blob: [UInt8]? = try catalog.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT p.blocks FROM postings p JOIN strings s ON s.id = p.term
                WHERE p.field = ? AND s.value = ?
                """, arguments: [field.rawValue, value])
            return row.map { (($0[0] as Data?) ?? Data()).map { $0 } }
        }
        guard let blob else { return [] }
        do {
            return try PostingList.decode(blob).filter { $0.block <= maxBlock }
        } catch {
            throw .catalog("the index entry for \(field)=\(value) is damaged: \(error); run 'hubaudit rebuild-catalog'")
        }
    }

    /// Every value of an indexed field with its event count in blocks up to `maxBlock` (from the
    /// index, no block is read): a snapshot's answer stays its own while a writer commits more.
    func terms(_ field: IndexedField, maxBlock: Int64) throws(StoreError) -> [(value: String, events: Int)] {
        let rows: [(String, Int, [UInt8]?)] = try catalog.read { db in
            let newest = try Int64.fetchOne(db, sql: "SELECT max(id) FROM blocks") ?? 0
            // Blocks committed after the snapshot: count from the posting lists, not the totals.
            let exact = newest <= maxBlock
            return try Row.fetchAll(db, sql: """
                SELECT s.value, p.events, \(exact ? "NULL" : "p.blocks") FROM postings p JOIN strings s ON s.id = p.term
                WHERE p.field = ? ORDER BY s.value
                """, arguments: [field.rawValue]).map { ($0[0], $0[1], ($0[2] as Data?).map { Array($0) }) }
        }
        var out: [(value: String, events: Int)] = []
        out.reserveCapacity(rows.count)
        for (value, events, blob) in rows {
            guard let blob else {
                out.append((value, events))
                continue
            }
            do {
                let count = try PostingList.decode(blob).reduce(0) { $1.block <= maxBlock ? $0 + $1.count : $0 }
                if count > 0 { out.append((value, count)) }
            } catch {
                throw .catalog("the index entry for \(field)=\(value) is damaged: \(error); run 'hubaudit rebuild-catalog'")
            }
        }
        return out
    }

    /// Size of the catalog files (database, WAL and shared memory).
    func catalogBytes() -> Int64 {
        [layout.catalog, layout.catalog + "-wal", layout.catalog + "-shm"].reduce(0) { $0 + StoreLayout.fileSize($1) }
    }
}

import Foundation
