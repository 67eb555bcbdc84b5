import AuditModel
import Collector
import SegmentStore
import TestSupport
import Testing

@Suite struct StoreReportTests {
    @Test("info's JSON: figures under snake_case keys, sync state per organisation, null times of an empty store")
    func json() throws {
        let dir = TemporaryDirectory()
        let writer = try StoreWriter(root: dir.store)
        _ = try writer.commit(state: ["sync.cursor.acme": "1735689600", "sync.last_success.acme": "2025-01-01T00:00:00Z"])
        writer.close()
        let store = try AuditStore(root: dir.store)
        let now = try Timestamp(rfc3339: "2025-01-03T00:00:00Z")
        let report = StoreReport(root: "/s", info: try store.info(), sync: try SyncStatus.load(store: store), now: now)
        let json = report.json
        #expect(json.hasPrefix(#"{"store":"/s","events":0,"accounts":[],"earliest":null,"latest":null,"segments":"#))
        #expect(json.hasSuffix(#""sync":[{"account":"acme","complete_until":"2025-01-01T00:00:00Z","last_success":"2025-01-01T00:00:00Z","stale":true}]}"#))
        #expect(report.rows.map(\.[0]) == ["store", "events", "accounts", "segments", "blocks", "bytes on disk", "bytes per event",
                                           "NDJSON bytes", "compression", "sync acme"])
    }
}
