import AuditModel
import EventGenerator
import Foundation
import SegmentStore
import TestSupport

/// A store of generated events (plus a few awkward hand-made ones) in small blocks, with side
/// blocks for rare actors (so every query also meets blocks that overlap in time), shared by
/// the tests; and every event in (time, seq) order for the reference evaluator.
final class Fixture: Sendable {
    /// The store's directory: one per test process, removed when the process exits (the shared
    /// fixture is never deinitialised, so a `TemporaryDirectory` would outlive the run).
    static var root: String { NSTemporaryDirectory() + "hubaudit-fixture-\(getpid())" }
    let snapshot: StoreSnapshot
    /// Every event in ascending (time, sequence) order.
    let events: [AuditEvent]
    /// "now" for relative times: the day after the last generated day.
    let now = Timestamp(seconds: 1_735_689_600 + 120 * 86_400)

    static let shared: Result<Fixture, any Error> = Result { try Fixture() }

    static func get() throws -> Fixture { try shared.get() }

    private init() throws {
        atexit { try? FileManager.default.removeItem(atPath: Fixture.root) }
        var events = Array(EventGenerator(GeneratorConfiguration(events: 6_000, seed: 11, days: 120, organisations: 3)))
        events += Self.awkward
        let writer = try StoreWriter(root: Self.root, options: StoreOptions(blockEvents: 250, rareActorEvents: 2, sideBlockEvents: 40))
        try writer.append(contentsOf: events)
        _ = try writer.commit()
        writer.close()
        snapshot = try AuditStore(root: Self.root).snapshot()
        var scanner = try EventScanner(snapshot: snapshot)
        var ordered: [AuditEvent] = []
        while let e = try scanner.next() { ordered.append(e.event) }
        self.events = ordered
    }

    /// Events with missing names, empty data values, fractions of a second, odd characters.
    static let awkward: [AuditEvent] = {
        let base: Int64 = 1_735_689_600 + 50 * 86_400
        return [
            AuditEvent(account: "acme", action: "repo.tag.push", name: nil, actor: "é-user",
                       data: [DataField(key: "tag", value: "")], timestamp: Timestamp(seconds: base, nanoseconds: 500_000_000),
                       actionDescription: nil),
            AuditEvent(account: "acme", action: "repo.tag.push", name: "acme/web api", actor: "build bot",
                       data: [DataField(key: "tag", value: "latest"), DataField(key: "digest", value: "sha256:00")],
                       timestamp: Timestamp(seconds: base, nanoseconds: 500_000_000),
                       actionDescription: "pushed the tag latest with \"quotes\", commas"),
            AuditEvent(account: "", action: "custom.thing", name: "", actor: "alice",
                       data: nil, timestamp: Timestamp(seconds: base + 1, nanoseconds: 1),
                       actionDescription: "Privacy CHANGED\nacross lines"),
            AuditEvent(account: "acme", action: "repo.tag.push", name: "acme/web", actor: "alice",
                       data: [DataField(key: "tag", value: "latest")], timestamp: Timestamp(seconds: base - 86_400 * 40),
                       actionDescription: "pushed the tag latest"),
        ]
    }()
}
