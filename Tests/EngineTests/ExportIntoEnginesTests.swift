import Foundation
import TestSupport
import Testing

/// `hubaudit export` into the engines a user outgrows one machine for: a real ClickHouse server
/// over its HTTP interface (with a SIGKILL between two runs of one checkpoint), and chDB loading
/// the `clickhouse` rows into the table `--print-schema clickhouse` creates. Skipped when the
/// engines are not installed, unless `HUBAUDIT_REQUIRE_ENGINES=1` (set by `.ci/run`).
@Suite("hubaudit export into real engines", .serialized,
       .enabled(if: (ClickHouseServer.command != nil && CHDB.installed != nil) || Engines.required,
                "clickhouse-server or chdb is not installed (.ci/run installs them)"))
struct ExportIntoEnginesTests {
    /// Per-action counts and event-id uniqueness of a ClickHouse table, after deduplication.
    static func tableCounts(_ server: ClickHouseServer, _ table: String) throws -> (byAction: [String: Int], rows: Int, ids: Int, raw: Int) {
        let byAction = try ExportedEvents.counts(
            jsonLines: try server.query("SELECT action, count() AS n FROM \(table) FINAL GROUP BY action FORMAT JSONEachRow"),
            key: "action", count: "n")
        let totals = try server.query("SELECT count() AS n, uniqExact(event_id) AS u FROM \(table) FINAL FORMAT TSV")
            .split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        let raw = try server.query("SELECT count() FROM \(table) FORMAT TSV").split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        return (byAction, totals.first ?? -1, totals.dropFirst().first ?? -1, raw.first ?? -1)
    }

    @Test("ClickHouse over HTTP: a checkpointed export killed mid-way and run again holds every event once, by action as 'count by action' says")
    func clickHouseAcrossAKill() throws {
        let events = try ExportedEvents(events: 30000)
        let total = events.countsByAction.values.reduce(0, +)
        let table = "audit"
        let ddl = try CLI.run(["export", "--print-schema", "clickhouse", "--table", table])
        try #require(ddl.status == 0, "\(ddl.stderr)")
        let server = try ClickHouseServer()
        defer { server.stop() }

        _ = try server.query(ddl.stdout)

        let arguments = ["export", "--store", events.directory.store, "--checkpoint", "clickhouse",
                         "--clickhouse-url", "http://127.0.0.1:\(server.httpPort)/", "--table", table, "--batch-events", "500"]
        // First run: killed as soon as ClickHouse holds some of its rows. (posix_spawn, not
        // Foundation's Process, while the server runs: see SpawnedProcess.)
        let directory = events.directory.path
        let first = try SpawnedProcess(CLI.executable, arguments, directory: directory)
        var landed = 0
        var ended: Int32? = nil
        for _ in 0..<1500 {
            ended = first.poll()
            landed = Int(try server.query("SELECT count() FROM \(table) FORMAT TSV").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            if landed > 0 || ended != nil { break }
            usleep(20_000)
        }
        let killedMidway = ended == nil
        if killedMidway {
            kill(first.pid, SIGKILL)
            first.wait()
        }
        try #require(landed > 0, "the first run delivered nothing before it ended")
        print("ClickHouse: first run \(killedMidway ? "killed" : "finished") after \(landed) rows had landed")

        // Second run: finishes what the first left.
        let second = try CLI.run(arguments)
        #expect(second.status == 0, "\(second.stderr)")
        let counts = try Self.tableCounts(server, table)
        #expect(counts.byAction == events.countsByAction)
        #expect(counts.rows == total)
        #expect(counts.ids == total, "event_id values are not unique after deduplication")
        // A kill repeats at most the unfinished batch.
        #expect(counts.raw - total <= 500, "\(counts.raw - total) rows delivered twice")

        // Nothing new: a third run delivers nothing and changes nothing.
        let third = try CLI.run(arguments)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try Self.tableCounts(server, table).raw == counts.raw)
    }

    @Test("chDB loads 'export --format clickhouse' into the table 'export --print-schema clickhouse' creates")
    func chdbLoadsClickHouseRows() throws {
        let chdb = try CHDB.located()
        let events = try ExportedEvents(events: 5000)
        let rows = events.directory.path + "/rows.jsonl"
        let exported = try CLI.run(["export", "--store", events.directory.store, "--format", "clickhouse", "--output", rows])
        try #require(exported.status == 0, "\(exported.stderr)")
        let ddl = try CLI.run(["export", "--print-schema", "clickhouse", "--table", "audit"])
        try #require(ddl.status == 0)
        let answer = try chdb.query("""
            \(ddl.stdout.trimmingCharacters(in: .whitespacesAndNewlines));
            INSERT INTO audit SELECT * FROM file('\(rows)', JSONEachRow);
            SELECT action, count() AS n FROM audit FINAL GROUP BY action ORDER BY action
            """, format: "JSONEachRow", database: events.directory.path + "/chdb")
        #expect(try ExportedEvents.counts(jsonLines: answer, key: "action", count: "n") == events.countsByAction)
    }
}
