import Foundation
import TestSupport
import Testing

/// DuckDB's command line (PyPI `duckdb-cli`) reading `hubaudit export`'s NDJSON. Skipped when it
/// is not installed, unless `HUBAUDIT_REQUIRE_ENGINES=1` (set by `.ci/run`, which installs it).
@Suite("DuckDB reads hubaudit's export", .enabled(if: DuckDB.installed != nil || Engines.required,
                                                   "duckdb is not installed (.ci/run installs duckdb-cli)"))
struct DuckDBTests {
    @Test("read_json of the NDJSON export counts every action as hubaudit's 'count by action' does")
    func countsByAction() throws {
        let duckdb = try DuckDB.located()
        let events = try ExportedEvents(events: 3000)
        let answer = try duckdb.run("""
            SELECT action, count(*) AS n FROM read_json('\(events.ndjson)', format = 'newline_delimited')
            GROUP BY action ORDER BY action
            """, format: .jsonlines)
        #expect(try ExportedEvents.counts(jsonLines: answer, key: "action", count: "n") == events.countsByAction)
    }

    @Test("a native table from the export keeps every event, and a month's COPY … (FORMAT JSON) is NDJSON")
    func nativeTable() throws {
        let duckdb = try DuckDB.located()
        let events = try ExportedEvents(events: 2000)
        let database = events.directory.path + "/events.duckdb"
        let month = events.directory.path + "/month.ndjson"
        // Times carry up to nine fractional digits: read_json then leaves `timestamp` a string
        // (its detection stops at microseconds), so the column is cast to TIMESTAMP_NS.
        try duckdb.run("""
            CREATE TABLE events AS SELECT * REPLACE (CAST(timestamp AS TIMESTAMP_NS) AS timestamp)
            FROM read_json('\(events.ndjson)', format = 'newline_delimited')
            """, database: database)
        #expect(try duckdb.run("SELECT count(*) AS n FROM events", database: database) == "n\n\(2000 + ExportedEvents.awkwardLines.count)\n")
        let first = try duckdb.run("SELECT strftime(date_trunc('month', min(timestamp)), '%Y-%m-%d') AS m FROM events", database: database)
            .split(separator: "\n")[1]
        try duckdb.run("""
            COPY (SELECT * FROM events WHERE timestamp >= TIMESTAMP '\(first)' AND timestamp < TIMESTAMP '\(first)' + INTERVAL 1 MONTH
                  ORDER BY timestamp) TO '\(month)' (FORMAT JSON)
            """, database: database)
        let lines = try String(contentsOfFile: month, encoding: .utf8).split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) is [String: Any] })
    }
}
