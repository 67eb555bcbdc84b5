import AuditExport
import AuditModel
import AuditQuery
import Foundation
import SegmentStore
import TestSupport
import Testing

/// Checkpoints: they advance with durable batches only, pick up events added later, start over
/// on reset, refuse another selection, and survive `rebuild-catalog`; `verify` checks them.
@Suite struct CheckpointTests {
    static func run(_ root: String, checkpoint: String, failAfter: Int? = nil, query: String? = nil, reset: Bool = false) async throws -> MemorySink {
        let sink = MemorySink(encoder: EventEncoder(format: .ndjson, withID: true), batch: 40, failAfter: failAfter)
        let predicate = try query.map { try EventPredicate($0, now: Timestamp(seconds: 0)) }
        _ = try await Exporter(store: try AuditStore(root: root), selection: ExportSelection(predicate: predicate),
                         encoder: EventEncoder(format: .ndjson, withID: true), checkpoint: checkpoint, reset: reset).run(into: sink)
        return sink
    }

    static func ids(_ sink: MemorySink) throws -> [String] {
        try sink.durableLines.map { try jsonObject($0)["event_id"] as? String ?? "" }
    }

    @Test func advancesOnlyPastDurableBatchesAndPicksUpNewEvents() async throws {
        let dir = TemporaryDirectory()
        let events = ExportFixture.events(count: 900, seed: ExportFixture.seed(17))
        try ExportFixture.append(Array(events[..<500]), to: dir.store)
        // A run that fails after 130 events: three batches of 40 were durable.
        let failed = MemorySink(encoder: EventEncoder(format: .ndjson, withID: true), batch: 40, failAfter: 130)
        await #expect(throws: ExportError.self) {
            _ = try await Exporter(store: try AuditStore(root: dir.store), selection: ExportSelection(),
                             encoder: EventEncoder(format: .ndjson, withID: true), checkpoint: "a").run(into: failed)
        }
        let store = try AuditStore(root: dir.store)
        #expect(try store.checkpoint("a")?.exported == 120)
        var delivered = try Self.ids(failed)
        delivered += try Self.ids(try await Self.run(dir.store, checkpoint: "a"))
        try ExportFixture.append(Array(events[500...]), to: dir.store)
        delivered += try Self.ids(try await Self.run(dir.store, checkpoint: "a"))
        #expect(try Self.ids(try await Self.run(dir.store, checkpoint: "a")).isEmpty)
        let expected = FormatTests.expected(try ExportFixture.stored(dir.store))
        #expect(delivered.count == expected.count)  // nothing twice: the failed run's durable part was not re-sent
        #expect(Set(delivered) == Set(expected.keys))
        let checkpoint = try #require(try store.checkpoint("a"))
        #expect(checkpoint.position == (try store.snapshot().nextSeq))
        #expect(checkpoint.exported == Int64(expected.count))
        #expect(checkpoint.lastRun != nil)
    }

    @Test func resetStartsOverAndAnotherSelectionIsRefused() async throws {
        let dir = TemporaryDirectory()
        try ExportFixture.append(ExportFixture.events(count: 200, seed: 3), to: dir.store)
        let first = try Self.ids(try await Self.run(dir.store, checkpoint: "q", query: "action=repo.*"))
        #expect(!first.isEmpty)
        await #expect(throws: ExportError.self) { _ = try await Self.run(dir.store, checkpoint: "q", query: "action=team.*") }
        let store = try AuditStore(root: dir.store)
        #expect(try store.resetCheckpoint("q"))
        #expect(try !store.resetCheckpoint("unknown"))
        #expect(try Self.ids(try await Self.run(dir.store, checkpoint: "q", query: "action=repo.*")) == first)
        let other = try Self.ids(try await Self.run(dir.store, checkpoint: "q", query: "action=team.*", reset: true))
        #expect(!other.isEmpty && Set(other).isDisjoint(with: first))
        #expect(try store.checkpoint("q")?.filter == "query=action=team.*")
    }

    @Test func aQueryWithAnAggregationIsRefused() {
        #expect(throws: (any Error).self) { try EventPredicate("action=repo.* | count by actor", now: Timestamp(seconds: 0)) }
        #expect(throws: Never.self) { try EventPredicate("action=repo.* | fields actor | where actor=x", now: Timestamp(seconds: 0)) }
    }

    @Test func rebuildKeepsCheckpointsAndVerifyChecksThem() async throws {
        let dir = TemporaryDirectory()
        try ExportFixture.append(ExportFixture.awkward, to: dir.store)
        _ = try await Self.run(dir.store, checkpoint: "kept")
        let store = try AuditStore(root: dir.store)
        try store.saveCheckpoint(ExportCheckpoint(name: "beyond", filter: "all events", format: "ndjson", position: 1_000_000))
        let report = try StoreVerifier.verify(root: dir.store)
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.message.contains("'beyond'") == true)
        let before = try store.checkpoints()
        let rebuilt = try CatalogRebuilder.rebuild(root: dir.store)
        #expect(rebuilt.keptCheckpoints == 2)
        #expect(try AuditStore(root: dir.store).checkpoints() == before)
    }
}
