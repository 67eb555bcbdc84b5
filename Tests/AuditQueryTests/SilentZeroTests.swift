import AuditModel
@testable import AuditQuery
import SegmentStore
import TestSupport
import Testing

/// Issue 13, point 1: no confident zero for a typo. `FIELD:VALUE` is `FIELD=VALUE`, other
/// `word:` prefixes are errors, `weekday` and `hour` values outside their domain are errors,
/// and a value on an indexed field that no stored event has is reported with the nearest ones.
@Suite struct SilentZeroTests {
    func count(_ text: String) throws -> Int {
        let fixture = try Fixture.get()
        let sink = CollectingSink()
        try QueryEvaluator.run(text + " | count", snapshot: fixture.snapshot, now: fixture.now, into: sink)
        guard case .int(let n) = sink.rows.first?.first else { return -1 }
        return n
    }

    func plan(_ text: String) throws -> QueryPlan {
        let fixture = try Fixture.get()
        return try QueryPlan(try Query(parsing: text), snapshot: fixture.snapshot, now: fixture.now)
    }

    /// A value of `field` that the fixture's events hold, and how many events hold it.
    func stored(_ pick: (AuditEvent) -> String) throws -> (String, Int) {
        let events = try Fixture.get().events
        let value = pick(events[events.count / 2])
        return (value, events.filter { pick($0) == value }.count)
    }

    @Test("FIELD:VALUE answers what FIELD=VALUE answers", arguments: ["actor", "action", "account", "name", "data.tag"])
    func colonIsEquality(field: String) throws {
        let events = try Fixture.get().events
        let value: String = {
            switch field {
            case "actor": events[100].actor
            case "action": events[100].action
            case "account": events[100].account
            case "name": events.first { $0.name != nil }?.name ?? ""
            default: events.first { $0.dataValue("tag") != nil }?.dataValue("tag") ?? ""
            }
        }()
        let equal = try count("\(field)=\"\(value)\"")
        #expect(equal > 0)
        #expect(try count("\(field):\"\(value)\"") == equal)
        if value.allSatisfy({ Lexer.isWordCharacter($0) }) {
            #expect(try count("\(field):\(value)") == equal)
            #expect(try plan("\(field):\(value)").absentValues.isEmpty)
        }
    }

    @Test("since: and until: still bound time; a word with a colon after a digit is still a word")
    func timeBoundsAndPlainWords() throws {
        let fixture = try Fixture.get()
        let until = try count("until:2025-02-01")
        #expect(until == fixture.events.filter { $0.timestamp < Timestamp(seconds: 1_738_368_000) }.count)
        #expect(try count("since:2025-02-01") + until == fixture.events.count)
        #expect(try Query(parsing: "12:30").filter == .search("12:30", SourceRange(0, 5)))
        #expect(try Query(parsing: "\"nginx:latest\"").filter == .search("nginx:latest", SourceRange(0, 14)))
    }

    @Test("weekday takes full and short names in any case", arguments: [
        ("weekday=monday", "weekday=mon"), ("weekday=Thurs", "weekday=thu"), ("weekday in (SATURDAY, sun)", "weekday in (sat, sun)"),
    ])
    func weekdayNames(long: String, short: String) throws {
        let n = try count(short)
        #expect(n > 0)
        #expect(try count(long) == n)
    }

    @Test("a value no stored event has is reported with the nearest ones the index holds")
    func absentValues() throws {
        let events = try Fixture.get().events
        let action = try #require(events.first { $0.action.hasPrefix("team.member.") }?.action)
        let actor = events[200].actor

        let prefixed = try plan("action=org.\(action) | count")
        #expect(try count("action=org.\(action)") == 0)
        let report = try #require(prefixed.absentValues.first)
        #expect(prefixed.absentValues.count == 1)
        #expect(report.field == .action && report.value == "org.\(action)" && !report.isPrefix)
        #expect(report.nearest.first == action, "\(report.nearest)")
        #expect(report.description.contains("did you mean '\(action)'"))

        let typo = String(actor.dropLast()) + (actor.last == "x" ? "y" : "x")
        if !events.contains(where: { $0.actor == typo }) {
            let misspelt = try plan("actor=\(typo)")
            #expect(misspelt.absentValues.map(\.value) == [typo])
            #expect(misspelt.absentValues.first?.nearest.contains(actor) == true)
        }

        let list = try plan("actor in (\(actor), zz-nobody-zz) or action=nosuchgroup.*")
        #expect(Set(list.absentValues.map(\.value)) == ["zz-nobody-zz", "nosuchgroup."])
        #expect(list.absentValues.first { $0.isPrefix }?.description.contains("starting with 'nosuchgroup.'") == true)
        #expect(try plan("actor=\(actor) action=\(action)* account=*").absentValues.isEmpty)
    }

    @Test("Suggestion.nearest: containment first, then small edits, at most three", arguments: [
        ("org.team.member.add", ["team.member.add", "team.member.remove", "repo.create"], ["team.member.add"]),
        ("diegojohnsen", ["diegojohnson", "diego", "johnson", "alice"], ["diegojohnson"]),
        ("zzzz", ["alice", "bob"], [String]()),
        ("ab", ["abc", "abd", "abe", "abf"], ["abc", "abd", "abe"]),
    ])
    func nearest(value: String, candidates: [String], expected: [String]) {
        #expect(Suggestion.nearest(to: value, in: candidates) == expected)
    }

    @Test("the Hub's names timestamp and action_description are the language's time and description")
    func hubNames() throws {
        #expect(try count("timestamp>=2025-02-01") == count("time>=2025-02-01"))
        #expect(try count("timestamp:2025-01-01") == count("time=2025-01-01"))
        #expect(try count("action_description~private") == count("description~private"))
        #expect(try count("description~private") > 0)
    }
}
