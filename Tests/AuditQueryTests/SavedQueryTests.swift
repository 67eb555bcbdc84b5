import AuditModel
@testable import AuditQuery
import Foundation
import TestSupport
import Testing

@Suite struct SavedQueryTests {
    static let queriesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Queries").path

    @Test("the embedded library equals Queries/*.hq (rerun Queries/embed.sh after editing them)")
    func embeddedMatchesFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.queriesDirectory).filter { $0.hasSuffix(".hq") }.sorted()
        #expect(files.count >= 12)
        #expect(SavedQuery.library.map(\.name) == files.map { String($0.dropLast(3)) })
        for file in files {
            let text = try String(contentsOfFile: Self.queriesDirectory + "/" + file, encoding: .utf8)
            let embedded = SavedQuery.builtIn(String(file.dropLast(3)))?.text
            #expect(embedded.map { $0 + "\n" } == text, "\(file) differs from the embedded copy: run Queries/embed.sh")
        }
    }

    @Test("every saved query explains itself and runs against generated data", arguments: SavedQuery.library.map(\.name))
    func runs(name: String) throws {
        let saved = try #require(SavedQuery.builtIn(name))
        #expect(!saved.summary.isEmpty)
        #expect(saved.text.split(separator: "\n").prefix { $0.hasPrefix("#") }.count >= 2, "say what and why")
        let fixture = try Fixture.get()
        let sink = CollectingSink()
        try QueryEvaluator.run(saved.text, snapshot: fixture.snapshot, now: fixture.now, into: sink)
        #expect(sink.rows.count + sink.events.count > 0, "\(name) found nothing in the generated data")
    }

    @Test("new-actors finds exactly the actors whose first event is in the last 7 days")
    func newActors() throws {
        let fixture = try Fixture.get()
        let sink = CollectingSink()
        try QueryEvaluator.run(try #require(SavedQuery.builtIn("new-actors")).text, snapshot: fixture.snapshot, now: fixture.now, into: sink)
        var first: [String: Timestamp] = [:]
        for e in fixture.events where first[e.actor] == nil { first[e.actor] = e.timestamp }
        let cutoff = Timestamp(seconds: fixture.now.seconds - 7 * 86_400)
        let expected = Set(first.filter { !($0.value < cutoff) }.keys)
        #expect(Set(sink.rows.map { $0[0].description }) == expected)
        #expect(!expected.isEmpty)
    }

    /// The bot filter of the saved queries that exclude bots, as written in them.
    static func botFilter(_ name: String) throws -> String {
        let text = try #require(SavedQuery.builtIn(name)).text
        let start = try #require(text.range(of: "not actor~\""))
        let end = try #require(text[start.upperBound...].firstIndex(of: "\""))
        return String(text[start.lowerBound...end])
    }

    @Test("the bot filter drops the generator's bots and no person whose name merely contains 'ci' or 'bot'",
          arguments: ["actor-activity-per-week", "after-hours-activity"])
    func botFilterIsAnchored(name: String) throws {
        let filter = try Self.botFilter(name)
        let bots = ["ci-bot", "github-actions", "jenkins-acme", "acme-release", "gitlab-runner", "renovate-bot",
                    "buildkite-acme", "argocd-acme", "acme-retention", "build.bot", "ci_runner"]
        let people = ["patriciacohen3", "dmitriricci", "elenagarcia", "abbott", "lucia", "botond", "marcia.c", "victoria-chen", "bottomley"]
        for actor in bots + people {
            let event = AuditEvent(account: "acme", action: "repo.create", name: "acme/a", actor: actor, data: nil,
                                   timestamp: Timestamp(seconds: 0), actionDescription: nil)
            let kept = try EventPredicate(filter, now: Timestamp(seconds: 0)).matches(event)
            #expect(kept == people.contains(actor), "\(name): \(actor) \(kept ? "kept" : "dropped")")
        }
    }
}
