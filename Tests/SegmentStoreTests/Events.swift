import AuditModel
import Foundation
import SegmentStore
import TestSupport

/// Random events with Hub-like and awkward content.
enum Events {
    static let actors = ["ci-bot", "alice", "bob", "carol", "dependabot", "é-user", "build bot"]
    static let repos = ["acme/web", "acme/api", "acme/ml", "acme/latest", "acme/web-api"]
    static let tags = ["latest", "v1", "v1.2", "v1.2.3", "main", "sha-3f2a1bc"]

    static func digest(_ rng: inout SplitMix64) -> String {
        "sha256:" + (0..<4).map { _ in
            let hex = String(rng.next(), radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// Hub-shaped events (pushes, deletes, privacy changes) with some oddities mixed in.
    static func hubLike(_ count: Int, seed: UInt64, start: Int64 = 1_704_067_200, sorted: Bool = true) -> [AuditEvent] {
        var rng = SplitMix64(seed: seed)
        var t = start
        var events: [AuditEvent] = []
        var lastDigest = digest(&rng)
        for _ in 0..<count {
            t += Int64(rng.below(3))
            let actor = actors[rng.below(actors.count)]
            let repo = repos[rng.below(repos.count)]
            let tag = tags[rng.below(tags.count)]
            var event: AuditEvent
            switch rng.below(10) {
            case 0..<7:
                if rng.below(2) == 0 { lastDigest = digest(&rng) }
                let short = String(lastDigest.prefix(20))
                event = AuditEvent(account: "acme", action: "repo.tag.push", name: repo, actor: actor,
                                   data: [DataField(key: "digest", value: lastDigest), DataField(key: "tag", value: tag)],
                                   timestamp: Timestamp(seconds: t),
                                   actionDescription: "pushed the tag \(tag) with the digest \(short) to the repository \(repo)")
            case 7:
                event = AuditEvent(account: "acme", action: "repo.tag.delete", name: repo, actor: actor,
                                   data: [DataField(key: "tag", value: tag)], timestamp: Timestamp(seconds: t),
                                   actionDescription: "deleted the tag \(tag) from the repository \(repo)")
            case 8:
                event = AuditEvent(account: "globex", action: "repo.change_privacy", name: repo, actor: actor,
                                   data: [DataField(key: "privacy", value: "private")], timestamp: Timestamp(seconds: t, nanoseconds: 250_000_000),
                                   actionDescription: "made the repository \(repo) private",
                                   extras: [ExtraField(key: "source", json: "\"ui\"")])
            default:
                event = AuditEvent(account: "acme", action: "org.settings.update", name: nil, actor: actor, data: nil,
                                   timestamp: Timestamp(seconds: t), actionDescription: "changed a setting \u{1} odd")
            }
            events.append(event)
        }
        if !sorted {
            for i in stride(from: events.count - 1, to: 0, by: -1) { events.swapAt(i, rng.below(i + 1)) }
        }
        return events
    }

    /// The order `export` promises: ascending time, ties in append order.
    static func exportOrder(_ events: [AuditEvent]) -> [AuditEvent] {
        events.enumerated().sorted { a, b in
            a.element.timestamp != b.element.timestamp ? a.element.timestamp < b.element.timestamp : a.offset < b.offset
        }.map(\.element)
    }
}

extension AuditStore {
    /// Every event, in export order.
    func allEvents(_ filter: EventFilter = EventFilter()) throws -> [StoredEvent] {
        var scanner = try EventScanner(snapshot: snapshot(), filter: filter)
        var out: [StoredEvent] = []
        while let e = try scanner.next() { out.append(e) }
        return out
    }
}
