import AuditModel
import EventGenerator
import Testing

@Suite("Rendering")
struct RenderingTests {
    @Test("appendNDJSON writes exactly the canonical lines of the events next() returns")
    func ndjsonMatchesCanonicalJSON() {
        let lines = Fixtures.lines(Fixtures.ndjson)
        #expect(lines.count == Fixtures.events.count)
        var mismatches = 0
        var line: [UInt8] = []
        for (event, written) in zip(Fixtures.events, lines) {
            line.removeAll(keepingCapacity: true)
            CanonicalJSON.appendEvent(event, to: &line)
            // Compared as strings: the standard library's comparison is fast even in debug builds.
            if String(decoding: line, as: UTF8.self) != String(decoding: written, as: UTF8.self) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test("Every line decodes back to an equal event")
    func roundTrip() throws {
        let lines = Fixtures.lines(Fixtures.ndjson)
        var mismatches = 0
        for (event, line) in zip(Fixtures.events, lines) {
            let decoded = try line.withUnsafeBytes { try EventDecoder.decode($0) }
            if decoded != event { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test("Small streams round-trip too", arguments: [1, 7, 64])
    func smallRoundTrip(_ n: Int) throws {
        let configuration = GeneratorConfiguration(events: n, seed: UInt64(n), days: 3, organisations: 2)
        let events = Array(EventGenerator(configuration))
        let lines = Fixtures.lines(Fixtures.ndjson(configuration))
        #expect(lines.count == n)
        for (event, line) in zip(events, lines) {
            #expect(CanonicalJSON.line(event) == String(decoding: line, as: UTF8.self) + "\n")
            #expect(try line.withUnsafeBytes { try EventDecoder.decode($0) } == event)
        }
    }

    @Test("Descriptions are built from the event's own fields, as the Hub writes them")
    func descriptions() {
        var wrong: [String] = []
        for event in Fixtures.events where event.actionDescription != Self.expectedDescription(event) {
            if wrong.count < 5 { wrong.append(CanonicalJSON.line(event)) }
        }
        #expect(wrong.isEmpty, "\(wrong)")
        let push = Fixtures.events.first { $0.action == "repo.tag.push" }
        if let push, let tag = push.dataValue("tag"), let digest = push.dataValue("digest"), let name = push.name {
            let description = push.actionDescription ?? ""
            #expect(description.contains(" \(tag) "))
            #expect(description.contains(String(digest.prefix(20)) + " "))
            #expect(!description.contains(String(digest.prefix(21))))
            #expect(description.hasSuffix(" " + name))
        } else {
            Issue.record("no push event")
        }
    }

    @Test("Fields have the Hub's shapes: names, digests, tags, data keys")
    func fieldShapes() {
        let hex = Set("0123456789abcdef")
        let tagCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        for event in Fixtures.events {
            let keys = event.data?.map(\.key)
            switch event.action {
            case "repo.tag.push":
                #expect(keys == ["digest", "tag"])
                let digest = event.dataValue("digest") ?? ""
                #expect(digest.hasPrefix("sha256:") && digest.count == 71 && digest.dropFirst(7).allSatisfy(hex.contains))
            case "repo.tag.delete": #expect(keys == ["tag"])
            case "repo.create", "repo.delete", "org.member.remove": #expect(keys == nil)
            case "repo.change_privacy": #expect(["private", "public"].contains(event.dataValue("privacy") ?? ""))
            case "team.create", "team.delete", "team.member.add", "team.member.remove", "team.member.invite":
                #expect(keys == ["team"])
            case "org.member.add", "org.member.role.change":
                #expect(["member", "editor", "owner"].contains(event.dataValue("role") ?? ""))
            case "org.access_token.create": #expect(keys == ["scopes", "token_label"])
            case "org.access_token.delete": #expect(keys == ["token_label"])
            case "org.settings.update": #expect(keys == ["setting", "value"])
            default: Issue.record("unexpected action \(event.action)")
            }
            if let tag = event.dataValue("tag") {
                #expect(!tag.isEmpty && tag.count <= 128 && tag.allSatisfy(tagCharacters.contains) && tag.first != "-" && tag.first != ".")
            }
            let name = event.name ?? ""
            if event.action.hasPrefix("repo.") {
                #expect(name.hasPrefix(event.account + "/") && name.count > event.account.count + 1)
            } else if event.action.contains(".member.") {
                #expect(!name.isEmpty && !name.contains("/") && name != event.account)
            } else {
                #expect(name == event.account)
            }
            #expect(event.actor == event.actor.lowercased() && event.actor.utf8.count >= 4 && event.actor.utf8.count <= 30)
        }
    }

    /// The description an event should carry, rebuilt independently from its fields.
    static func expectedDescription(_ e: AuditEvent) -> String? {
        let name = e.name ?? "?"
        let tag = e.dataValue("tag") ?? "?"
        let team = e.dataValue("team") ?? "?"
        let role = e.dataValue("role") ?? "?"
        switch e.action {
        case "repo.tag.push":
            let digest = e.dataValue("digest") ?? "?"
            return "pushed the tag \(tag) with the digest \(digest.prefix(7 + 13)) to the repository \(name)"
        case "repo.tag.delete": return "deleted the tag \(tag) from the repository \(name)"
        case "repo.create": return "created the repository \(name)"
        case "repo.delete": return "deleted the repository \(name)"
        case "repo.change_privacy": return "made the repository \(name) \(e.dataValue("privacy") ?? "?")"
        case "team.create": return "created the team \(team)"
        case "team.delete": return "deleted the team \(team)"
        case "team.member.add": return "added \(name) to the team \(team)"
        case "team.member.remove": return "removed \(name) from the team \(team)"
        case "team.member.invite": return "invited \(name) to the team \(team)"
        case "org.member.add": return "added \(name) to the organization \(e.account) as \(role)"
        case "org.member.remove": return "removed \(name) from the organization \(e.account)"
        case "org.member.role.change": return "changed the role of \(name) in the organization \(e.account) to \(role)"
        case "org.access_token.create":
            return "created the access token \(e.dataValue("token_label") ?? "?") with the scopes \(e.dataValue("scopes") ?? "?")"
        case "org.access_token.delete": return "deleted the access token \(e.dataValue("token_label") ?? "?")"
        case "org.settings.update":
            return "changed the setting \(e.dataValue("setting") ?? "?") of the organization \(e.account) to \(e.dataValue("value") ?? "?")"
        default: return nil
        }
    }
}
