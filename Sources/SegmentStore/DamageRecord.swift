import GRDB

/// A block that `hubaudit verify` found damaged, kept in the catalog.
///
/// Readers that scan a block meet its damage themselves (its checksum fails), but an answer
/// from the index alone (`| count`, `count by actor`) never opens a block. Verify records what
/// it found here so such answers can refuse to count a damaged block's events, or, with
/// `--skip-damaged`, leave them out and say so. Each verify run replaces the records; a clean
/// run clears them.
public struct DamageRecord: Sendable, Hashable, CustomStringConvertible {
    /// The catalog's block id.
    public var block: Int64
    /// The segment file, e.g. `00000003.seg`.
    public var segment: String
    /// The block's byte offset in the segment.
    public var offset: Int64
    /// Events the catalog says the block holds.
    public var events: Int
    /// What verify found.
    public var message: String
    /// When verify found it (RFC 3339).
    public var found: String

    /// Creates a record.
    public init(block: Int64, segment: String, offset: Int64, events: Int, message: String, found: String) {
        self.block = block
        self.segment = segment
        self.offset = offset
        self.events = events
        self.message = message
        self.found = found
    }

    /// `block 7 (segments/00000001.seg at offset 123, 250 events): MESSAGE (verify, TIME)`.
    public var description: String {
        "block \(block) (segments/\(segment) at offset \(offset), \(events) events): \(message) (found by verify at \(found))"
    }

    static let tableSQL = """
        CREATE TABLE damaged_blocks(
            block INTEGER PRIMARY KEY,
            segment TEXT NOT NULL,
            offset INTEGER NOT NULL,
            events INTEGER NOT NULL,
            message TEXT NOT NULL,
            found TEXT NOT NULL);
        """
}

extension AuditStore {
    /// The damaged blocks the last `verify` recorded, by block id.
    public func damageRecords() throws(StoreError) -> [DamageRecord] {
        try catalog.read { db in
            try Row.fetchAll(db, sql: "SELECT block, segment, offset, events, message, found FROM damaged_blocks ORDER BY block").map {
                DamageRecord(block: $0[0], segment: $0[1], offset: $0[2], events: $0[3], message: $0[4], found: $0[5])
            }
        }
    }

    /// Replaces the recorded damage with `records` (none: the store was found whole), in one
    /// durable catalog transaction.
    public func recordDamage(_ records: [DamageRecord]) throws(StoreError) {
        try catalog.write { db in
            try db.execute(sql: "DELETE FROM damaged_blocks")
            for r in records {
                try db.execute(sql: "INSERT OR REPLACE INTO damaged_blocks(block, segment, offset, events, message, found) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [r.block, r.segment, r.offset, r.events, r.message, r.found])
            }
        }
    }
}

extension StoreSnapshot {
    /// The recorded damage of this snapshot's blocks, by block id.
    public func damagedBlocks() throws(StoreError) -> [Int64: DamageRecord] {
        let records = try store.damageRecords()
        guard !records.isEmpty else { return [:] }  // every query plans through here: the usual case costs one small read
        let ids = Set(blocks.map(\.id))
        var out: [Int64: DamageRecord] = [:]
        for record in records where ids.contains(record.block) { out[record.block] = record }
        return out
    }
}

extension VerifyReport {
    /// The damaged blocks among the problems, one record per block (its first problem), for
    /// ``AuditStore/recordDamage(_:)``; `blocks` gives each block's segment, offset and events.
    public func damageRecords(blocks: [BlockInfo], at time: String) -> [DamageRecord] {
        let byID = Dictionary(blocks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var seen = Set<Int64>()
        var out: [DamageRecord] = []
        for problem in problems {
            guard let id = problem.block, let info = byID[id], seen.insert(id).inserted else { continue }
            out.append(DamageRecord(block: id, segment: StoreLayout.segmentName(info.segment), offset: info.offset,
                                    events: info.eventCount, message: problem.message, found: time))
        }
        return out
    }
}
