import AuditModel
import EventGenerator
import Foundation
import SegmentStore
import TestSupport

/// A store of generated events (plus a few awkward hand-made ones) in small blocks, shared by
/// the tests; and every event in (time, seq) order for the reference evaluator.
final class Fixture: Sendable {
    let directory: TemporaryDirectory
    let snapshot: StoreSnapshot
    /// Every event in ascending (time, sequence) order.
    let events: [AuditEvent]
    /// "now" for relative times: the day after the last generated day.
    let now = Timestamp(seconds: 1_735_689_600 + 120 * 86_400)

    static let shared: Result<Fixture, any Error> = Result { try Fixture() }

    static func get() throws -> Fixture { try shared.get() }

    private init() throws {
        directory = TemporaryDirectory()
        var events = Array(EventGenerator(GeneratorConfiguration(events: 6_000, seed: 11, days: 120, organisations: 3)))
        events += Self.awkward
        let writer = try StoreWriter(root: directory.path, options: StoreOptions(blockEvents: 250))
        try writer.append(contentsOf: events)
        _ = try writer.commit()
        writer.close()
        snapshot = try AuditStore(root: directory.path).snapshot()
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
