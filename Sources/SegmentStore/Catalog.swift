import GRDB

/// The SQLite catalog (WAL mode): segments, blocks, interned strings, the per-block index,
/// the store-wide sequence counter and named state such as sync cursors.
///
/// Readers take a consistent snapshot in one read transaction and never block the writer.
final class Catalog: Sendable {
    /// The catalog schema version this build writes and reads.
    static let formatVersion = 1

    let pool: DatabasePool
    let path: String

    init(path: String) throws(StoreError) {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.foreignKeysEnabled = false
        config.prepareDatabase { db in
            // A commit is durable once it returns: the archive outlives power failures.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try Self.migrator.migrate(pool)
            let version = try pool.read { db in
                try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format'")
            }
            if let version, version > Self.formatVersion {
                throw StoreError.newerFormat(found: version, supported: Self.formatVersion)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .catalog("\(path): \(error)")
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value ANY NOT NULL) WITHOUT ROWID;
                INSERT INTO meta(key, value) VALUES ('format', 1), ('next_seq', 0);
                CREATE TABLE segments(
                    id INTEGER PRIMARY KEY,
                    committed_length INTEGER NOT NULL,
                    sealed INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE blocks(
                    id INTEGER PRIMARY KEY,
                    segment_id INTEGER NOT NULL,
                    offset INTEGER NOT NULL,
                    length INTEGER NOT NULL,
                    event_count INTEGER NOT NULL,
                    first_seq INTEGER NOT NULL,
                    min_time INTEGER NOT NULL,
                    max_time INTEGER NOT NULL,
                    raw_bytes INTEGER NOT NULL);
                CREATE TABLE strings(id INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE);
                CREATE TABLE postings(
                    field INTEGER NOT NULL,
                    term INTEGER NOT NULL,
                    last_block INTEGER NOT NULL,
                    events INTEGER NOT NULL,
                    blocks BLOB NOT NULL,
                    PRIMARY KEY(field, term)) WITHOUT ROWID;
                CREATE TABLE state(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2-export-checkpoints") { db in
            try db.execute(sql: ExportCheckpoint.tableSQL)
        }
        migrator.registerMigration("v3-damaged-blocks") { db in
            try db.execute(sql: DamageRecord.tableSQL)
        }
        return migrator
    }

    /// Runs a read transaction, mapping database errors to ``StoreError``.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .catalog("\(error)")
        }
    }

    /// Runs a write transaction, mapping database errors to ``StoreError``.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw StoreError.catalog("transaction produced no result") }
                return result
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .catalog("\(error)")
        }
    }

    func close() {
        try? pool.close()
    }
}

/// The posting list of one index term: the blocks holding it, with its event count in each,
/// stored as (block id delta, count) LEB128 pairs.
enum PostingList {
    static func append(blockDelta: Int64, count: Int, to writer: inout ByteWriter) {
        writer.varint(UInt64(blockDelta))
        writer.varint(count)
    }

    static func decode(_ blob: [UInt8]) throws(BlockFormatError) -> [(block: Int64, count: Int)] {
        let result = blob.withUnsafeBytes { raw in
            Result { () throws(BlockFormatError) -> [(block: Int64, count: Int)] in
                var r = ByteReader(raw)
                var out: [(block: Int64, count: Int)] = []
                var block: Int64 = 0
                while !r.atEnd {
                    block += Int64(try r.varint())
                    out.append((block, try r.varintInt()))
                }
                return out
            }
        }
        return try result.get()
    }
}
