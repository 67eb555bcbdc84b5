import AuditModel
import EventGenerator
import Testing

/// Checks, on 200 000 events, that the stream has the shape the store and benchmarks rely on.
@Suite("Distributions")
struct DistributionTests {
    let stats = Fixtures.statistics

    @Test("About 80 % of events are tag pushes; every action occurs")
    func actionMix() {
        #expect((75.0...85.0).contains(100 * stats.pushShare), "\(stats.summary)")
        let share = { (action: String) in 100 * Double(stats.actionCounts[action, default: 0]) / Double(stats.events) }
        #expect((3.0...9.0).contains(share("repo.tag.delete")))
        #expect((1.0...3.5).contains(share("repo.create")))
        #expect((0.2...1.0).contains(share("repo.change_privacy")))
        for action in ["org.access_token.create", "org.access_token.delete", "org.settings.update"] {
            #expect(share(action) > 0 && share(action) < 1, "\(action)")
        }
        #expect(Set(stats.actionCounts.keys) == Set(EventGenerator.actionNames))
    }

    @Test("Hundreds of actors and over a thousand repositories, as scaled for 200 000 events")
    func vocabularySizes() {
        #expect((250...700).contains(stats.actors.count), "\(stats.actors.count) actors")
        #expect((1_000...2_500).contains(stats.repositories.count), "\(stats.repositories.count) repositories")
    }

    @Test("A handful of CI bots do most of the pushes")
    func botsDominatePushes() {
        #expect(stats.topFivePushShare > 0.5, "\(stats.topFivePushShare)")
        #expect(stats.pushActors["ci-bot", default: 0] == stats.pushActors.values.max())
    }

    @Test("Roughly half of the pushes carry a digest not seen before")
    func digestsRepeat() {
        #expect((0.40...0.55).contains(stats.newDigestShare), "\(stats.newDigestShare)")
    }

    @Test("Bursts and a few exact duplicates in the same second")
    func burstsAndDuplicates() {
        #expect((0.001...0.006).contains(stats.duplicateShare), "\(stats.duplicateShare)")
        #expect(Double(stats.sameSecondAsPrevious) / Double(stats.events) > 0.15)
    }

    @Test("Weekdays are busier than weekends, working hours busier than nights")
    func rhythm() {
        #expect(stats.weekdayRate > 1.5 * stats.weekendRate, "\(stats.weekdayRate) vs \(stats.weekendRate)")
        // acme works in New York (UTC-5): 15:00-21:00 UTC against 05:00-11:00 UTC.
        var day = 0, night = 0
        for event in Fixtures.events {
            let hour = Int((event.timestamp.seconds % 86_400) / 3600)
            if (15..<21).contains(hour) { day += 1 } else if (5..<11).contains(hour) { night += 1 }
        }
        #expect(Double(day) > 1.5 * Double(night), "\(day) vs \(night)")
    }

    @Test("People are active only in part of the span; bots throughout")
    func temporalLocality() {
        var first: [String: Int64] = [:]
        var last: [String: Int64] = [:]
        var count: [String: Int] = [:]
        for event in Fixtures.events {
            let t = event.timestamp.seconds
            first[event.actor] = Swift.min(first[event.actor] ?? t, t)
            last[event.actor] = Swift.max(last[event.actor] ?? t, t)
            count[event.actor, default: 0] += 1
        }
        let span = Double(Fixtures.configuration.days * 86_400)
        // Bot names contain a hyphen; people's usernames are letters and digits only.
        let people = count.filter { !$0.key.contains("-") && $0.value >= 10 }.keys
        let spans = people.map { Double(last[$0]! - first[$0]!) / span }.sorted()
        #expect(!spans.isEmpty)
        let median = spans[spans.count / 2]
        #expect(median < 0.5, "median active fraction \(median)")
        #expect(Double(last["ci-bot"]! - first["ci-bot"]!) / span > 0.95)
    }

    @Test("Tags are a realistic mix with latest the most frequent")
    func tags() {
        let top = stats.tagCounts.max { $0.value < $1.value }?.key
        #expect(top == "latest")
        let tags = stats.tagCounts.keys
        #expect(tags.contains { $0.hasPrefix("sha-") })
        #expect(tags.contains { $0.hasPrefix("v") && $0.contains(".") })
        #expect(tags.contains("main"))
        #expect(tags.contains { $0.hasPrefix("2025") || $0.hasPrefix("nightly-2025") })
    }
}
