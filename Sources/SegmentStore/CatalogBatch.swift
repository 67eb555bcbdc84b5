import Foundation
import GRDB

/// Catalog rows for a set of new blocks, and the code that records them: shared by the writer's
/// commit and by ``CatalogRebuilder``, so both index blocks the same way.
struct CatalogBatch {
    struct Block {
        var id: Int64
        var segment: Int64
        var offset: Int64
        var header: BlockHeader
        var terms: [IndexTerm]
    }

    struct TermKey: Hashable {
        var field: IndexedField
        /// Compared by bytes: canonically equivalent spellings are different terms.
        var value: ExactString
    }

    var blocks: [Block] = []

    /// Interned string ids and each term's last block, as committed; updated by ``record(in:)``.
    struct IndexState {
        var stringIDs: [ExactString: Int64] = [:]
        var lastBlock: [TermKey: Int64] = [:]

        /// Loads the state from the catalog.
        static func load(_ db: Database) throws -> IndexState {
            var state = IndexState()
            var names: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, value FROM strings") {
                let id: Int64 = row[0]
                let value: String = row[1]
                state.stringIDs[ExactString(value)] = id
                names[id] = value
            }
            for row in try Row.fetchAll(db, sql: "SELECT field, term, last_block FROM postings") {
                if let field = IndexedField(rawValue: row[0]), let value = names[row[1]] {
                    state.lastBlock[TermKey(field: field, value: ExactString(value))] = row[2]
                }
            }
            return state
        }
    }

    /// Inserts the blocks and appends their terms to the posting lists, inside the caller's transaction.
    func record(in db: Database, index: inout IndexState) throws {
        let insertBlock = try db.cachedStatement(sql: """
            INSERT INTO blocks(id, segment_id, offset, length, event_count, first_seq, min_time, max_time, raw_bytes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var postings: [TermKey: [(block: Int64, count: Int)]] = [:]
        for b in blocks {
            try insertBlock.execute(arguments: [
                b.id, b.segment, b.offset, b.header.frameLength, b.header.eventCount, Int64(bitPattern: b.header.firstSeq),
                b.header.minSeconds, b.header.maxSeconds, Int64(bitPattern: b.header.rawBytes),
            ])
            for term in b.terms {
                postings[TermKey(field: term.field, value: ExactString(term.value)), default: []].append((b.id, term.count))
            }
        }
        let insertString = try db.cachedStatement(sql: "INSERT INTO strings(value) VALUES (?)")
        let upsertPosting = try db.cachedStatement(sql: """
            INSERT INTO postings(field, term, last_block, events, blocks) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(field, term) DO UPDATE SET
                blocks = CAST(blocks || excluded.blocks AS BLOB), last_block = excluded.last_block, events = events + excluded.events
            """)
        for (key, entries) in postings {
            let termID: Int64
            if let known = index.stringIDs[key.value] {
                termID = known
            } else {
                try insertString.execute(arguments: [key.value.value])
                termID = db.lastInsertedRowID
                index.stringIDs[key.value] = termID
            }
            var writer = ByteWriter()
            var previous = index.lastBlock[key] ?? 0
            var events = 0
            for entry in entries {
                PostingList.append(blockDelta: entry.block - previous, count: entry.count, to: &writer)
                previous = entry.block
                events += entry.count
            }
            index.lastBlock[key] = previous
            try upsertPosting.execute(arguments: [key.field.rawValue, termID, previous, events, Data(writer.bytes)])
        }
    }
}
