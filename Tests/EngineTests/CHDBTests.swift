import Foundation
import TestSupport
import Testing

/// chDB (a current ClickHouse in-process, PyPI `chdb-core`) reading `hubaudit export`'s NDJSON.
/// Skipped when it is not installed, unless `HUBAUDIT_REQUIRE_ENGINES=1` (set by `.ci/run`).
@Suite("chDB reads hubaudit's export", .enabled(if: CHDB.installed != nil || Engines.required,
                                                 "chdb is not installed (.ci/run installs chdb-core)"))
struct CHDBTests {
    static let schema = "timestamp DateTime64(6, 'UTC'), account String, action String, actor String, name String, data String"

    @Test("file(…, JSONEachRow, schema) counts every action as hubaudit does, and so does a MergeTree table")
    func countsByAction() throws {
        let chdb = try CHDB.located()
        let events = try ExportedEvents(events: 3000)
        let source = "file('\(events.ndjson)', JSONEachRow, '\(Self.schema.replacingOccurrences(of: "'", with: "\\'"))')"
        let direct = try chdb.query("SELECT action, count() AS n FROM \(source) GROUP BY action ORDER BY action", format: "JSONEachRow")
        #expect(try ExportedEvents.counts(jsonLines: direct, key: "action", count: "n") == events.countsByAction)

        // A table in a session directory: MergeTree ordered by time, filled by INSERT … SELECT;
        // `data` (a nested object in the export) is read as its JSON text.
        let database = events.directory.path + "/chdb"
        let stored = try chdb.query("""
            CREATE TABLE events (\(Self.schema)) ENGINE = MergeTree ORDER BY timestamp;
            INSERT INTO events SELECT * FROM \(source);
            SELECT action, count() AS n FROM events GROUP BY action ORDER BY action
            """, format: "JSONEachRow", database: database)
        #expect(try ExportedEvents.counts(jsonLines: stored, key: "action", count: "n") == events.countsByAction)
        let json = try chdb.query("SELECT countIf(data != '' AND NOT isValidJSON(data)), countIf(startsWith(data, '{')) FROM events",
                                  database: database)
        let fields = json.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").compactMap { Int($0) }
        #expect(fields.count == 2 && fields[0] == 0 && fields[1] > 0, "bad JSON, JSON objects: \(json)")
    }
}
