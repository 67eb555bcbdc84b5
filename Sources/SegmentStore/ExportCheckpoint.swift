import GRDB

/// A named export position: `hubaudit export --checkpoint NAME` delivers only the events whose
/// sequence number (the store's append order) is at or past ``position``, and moves it forward
/// once the output is durable. It lives in the catalog so it moves with the store.
public struct ExportCheckpoint: Sendable, Hashable {
    /// The checkpoint's name, as given to `--checkpoint`.
    public var name: String
    /// The selection it exports (a canonical text of the query, time range and account).
    public var filter: String
    /// The format or receiver it exports to; re-using a name with another one is refused.
    public var format: String
    /// The next sequence number to consider: every selected event below it was delivered.
    public var position: UInt64
    /// When it last moved (RFC 3339), or `nil` when it never ran.
    public var lastRun: String?
    /// Events delivered under this name since it was created or reset.
    public var exported: Int64

    /// Creates a checkpoint record.
    public init(name: String, filter: String, format: String, position: UInt64 = 0, lastRun: String? = nil, exported: Int64 = 0) {
        self.name = name
        self.filter = filter
        self.format = format
        self.position = position
        self.lastRun = lastRun
        self.exported = exported
    }

    static let tableSQL = """
        CREATE TABLE export_checkpoints(
            name TEXT PRIMARY KEY NOT NULL,
            filter TEXT NOT NULL,
            format TEXT NOT NULL,
            position INTEGER NOT NULL,
            last_run TEXT,
            exported INTEGER NOT NULL) WITHOUT ROWID;
        """

    init(row: Row) {
        self.init(name: row[0], filter: row[1], format: row[2], position: UInt64(bitPattern: row[3] as Int64),
                  lastRun: row[4], exported: row[5])
    }

    static func fetchAll(_ db: Database) throws -> [ExportCheckpoint] {
        try Row.fetchAll(db, sql: "SELECT name, filter, format, position, last_run, exported FROM export_checkpoints ORDER BY name")
            .map(ExportCheckpoint.init(row:))
    }

    func save(_ db: Database) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO export_checkpoints(name, filter, format, position, last_run, exported)
            VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [name, filter, format, Int64(bitPattern: position), lastRun, exported])
    }
}

extension AuditStore {
    /// Every export checkpoint, by name.
    public func checkpoints() throws(StoreError) -> [ExportCheckpoint] {
        try catalog.read { db in try ExportCheckpoint.fetchAll(db) }
    }

    /// The checkpoint named `name`, if it exists.
    public func checkpoint(_ name: String) throws(StoreError) -> ExportCheckpoint? {
        try checkpoints().first { $0.name == name }
    }

    /// Creates or replaces a checkpoint in one durable catalog transaction.
    public func saveCheckpoint(_ checkpoint: ExportCheckpoint) throws(StoreError) {
        try catalog.write { db in try checkpoint.save(db) }
    }

    /// Moves a checkpoint forward to `position`, adding `delivered` to its count; a position
    /// never moves backwards here (only ``removeCheckpoint(_:)`` starts one over).
    public func advanceCheckpoint(_ name: String, to position: UInt64, delivered: Int, at time: String) throws(StoreError) {
        try catalog.write { db in
            try db.execute(sql: """
                UPDATE export_checkpoints SET position = max(position, ?), exported = exported + ?, last_run = ?
                WHERE name = ?
                """, arguments: [Int64(bitPattern: position), delivered, time, name])
        }
    }

    /// Starts a checkpoint over (position 0, nothing exported, never run), keeping its filter
    /// and format; returns whether it existed.
    @discardableResult
    public func resetCheckpoint(_ name: String) throws(StoreError) -> Bool {
        try catalog.write { db in
            try db.execute(sql: "UPDATE export_checkpoints SET position = 0, exported = 0, last_run = NULL WHERE name = ?",
                           arguments: [name])
            return db.changesCount > 0
        }
    }
}
