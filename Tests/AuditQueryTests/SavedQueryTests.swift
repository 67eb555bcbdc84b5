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
}
