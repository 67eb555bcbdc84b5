import Foundation
import TestSupport
import Testing

/// ClickHouse 18.16 (Debian bookworm's `clickhouse-server`), started privately per test.
/// Skipped when it is not installed, unless `HUBAUDIT_REQUIRE_ENGINES=1` (set by `.ci/run`,
/// which installs it): then a missing server fails the test.
@Suite("ClickHouse server (18.16)", .serialized, .enabled(if: ClickHouseServer.command != nil || Engines.required,
                                                         "clickhouse-server is not installed (.ci/run installs it)"))
struct ClickHouseServerTests {
    /// The table the ClickHouse export targets, in the types 18.16 has: `DateTime` (no
    /// DateTime64), `data` as a JSON string, `event_id` the key ReplacingMergeTree deduplicates on.
    static let table = """
        CREATE TABLE audit_events (
            event_id String, account String, action String, name String, actor String,
            data String, timestamp DateTime('UTC'), action_description String
        ) ENGINE = ReplacingMergeTree() PARTITION BY toYYYYMM(timestamp) ORDER BY event_id
        """

    static func row(_ id: String, actor: String, tag: String) -> String {
        #"{"event_id":"\#(id)","account":"acme","action":"repo.tag.push","name":"acme/web","actor":"\#(actor)","data":"{\"tag\":\"\#(tag)\"}","timestamp":"2024-05-01 12:00:00","action_description":"pushed"}"#
    }

    @Test("ReplacingMergeTree keeps one row per event_id: FINAL before a merge, OPTIMIZE … FINAL merges")
    func replacingMergeTree() throws {
        let server = try ClickHouseServer()
        defer { server.stop() }
        #expect(try server.query("SELECT 1") == "1\n")
        try server.query(Self.table)
        // Two inserts make two parts, so the duplicate is still there until a merge.
        try server.insert(table: "audit_events", jsonEachRow: Data([Self.row("a", actor: "alice", tag: "v1"), Self.row("b", actor: "bob", tag: "v2")].joined(separator: "\n").utf8))
        try server.insert(table: "audit_events", jsonEachRow: Data([Self.row("a", actor: "alice2", tag: "v3"), Self.row("c", actor: "carol", tag: "v4")].joined(separator: "\n").utf8))
        #expect(try server.query("SELECT count() FROM audit_events") == "4\n")
        #expect(try server.query("SELECT count() FROM audit_events FINAL") == "3\n")
        try server.query("OPTIMIZE TABLE audit_events FINAL")
        #expect(try server.query("SELECT count() FROM audit_events") == "3\n")
        // Without a version column the row inserted last wins; `data` reads back as JSON text.
        #expect(try server.query("SELECT actor, visitParamExtractString(data, 'tag') FROM audit_events WHERE event_id = 'a'") == "alice2\tv3\n")
        #expect(try server.query("SELECT event_id FROM audit_events ORDER BY event_id FORMAT JSONEachRow")
            == "{\"event_id\":\"a\"}\n{\"event_id\":\"b\"}\n{\"event_id\":\"c\"}\n")
    }

    /// One thing 18.16 accepts or rejects, as SQL or as a JSONEachRow insert.
    struct Probe: Sendable, CustomTestStringConvertible {
        var what: String
        var sql: String? = nil
        var row: String? = nil
        var settings: [String: String] = [:]
        var accepted: Bool
        var testDescription: String { "\(what): \(accepted ? "accepted" : "rejected")" }
    }

    static let probes: [Probe] = [
        Probe(what: "DateTime64", sql: "SELECT CAST('2024-05-01 12:00:00' AS DateTime64(3))", accepted: false),
        Probe(what: "query parameters", sql: "SELECT {x:String}", settings: ["param_x": "hello"], accepted: false),
        Probe(what: "JSONExtractString", sql: "SELECT JSONExtractString('{\"a\":\"b\"}', 'a')", accepted: false),
        Probe(what: "a setting in the URL", sql: "SELECT 1", settings: ["input_format_skip_unknown_fields": "1"], accepted: true),
        Probe(what: "a \"YYYY-MM-DD hh:mm:ss\" timestamp", row: #"{"event_id":"x","timestamp":"2024-05-01 12:00:00"}"#, accepted: true),
        Probe(what: "a Unix-seconds timestamp", row: #"{"event_id":"x","timestamp":1714564800}"#, accepted: true),
        Probe(what: "an RFC 3339 timestamp", row: #"{"event_id":"x","timestamp":"2024-05-01T12:00:00Z"}"#, accepted: false),
        Probe(what: "an RFC 3339 timestamp with best_effort", row: #"{"event_id":"x","timestamp":"2024-05-01T12:00:00.25Z"}"#,
              settings: ["date_time_input_format": "best_effort"], accepted: true),
        Probe(what: "a nested object into a String", row: #"{"event_id":"x","data":{"tag":"v1"}}"#, accepted: false),
        Probe(what: "a nested object with import_nested_json", row: #"{"event_id":"x","data":{"tag":"v1"}}"#,
              settings: ["input_format_import_nested_json": "1"], accepted: false),
        Probe(what: "an unknown key", row: #"{"event_id":"x","extra":"y"}"#, accepted: false),
        Probe(what: "an unknown key with skip_unknown_fields", row: #"{"event_id":"x","extra":"y"}"#,
              settings: ["input_format_skip_unknown_fields": "1"], accepted: true),
    ]

    @Test("what 18.16 accepts (the ClickHouse export's DDL and rows must fit it)", arguments: probes)
    func accepts(_ probe: Probe) throws {
        let server = try ClickHouseServer()
        defer { server.stop() }
        let version = try server.query("SELECT version()").trimmingCharacters(in: .whitespacesAndNewlines)
        try server.query(Self.table)
        let outcome: Result<Void, Error>
        if let row = probe.row {
            outcome = Result { try server.insert(table: "audit_events", jsonEachRow: Data(row.utf8), settings: probe.settings) }
        } else {
            outcome = Result { _ = try server.query(probe.sql ?? "", settings: probe.settings) }
        }
        if probe.accepted {
            #expect(throws: Never.self, "\(probe.what) on \(version)") { try outcome.get() }
        } else if version.hasPrefix("18.") {
            // Newer servers accept more; what they accept is not what the export may rely on.
            #expect(throws: EngineError.self, "\(probe.what) on \(version)") { try outcome.get() }
        }
    }

    @Test("a stopped server is gone and its directory removed")
    func cleanup() throws {
        var server: ClickHouseServer? = try ClickHouseServer()
        let directory = try #require(server?.directory.path)
        let port = try #require(server?.httpPort)
        #expect(FileManager.default.fileExists(atPath: directory + "/data"))
        server = nil
        #expect(!FileManager.default.fileExists(atPath: directory))
        #expect(throws: EngineError.self) { try LoopbackHTTP.request("GET", port: port, path: "/ping", timeout: 5) }
    }
}
