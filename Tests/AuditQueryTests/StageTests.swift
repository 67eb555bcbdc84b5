import AuditModel
@testable import AuditQuery
import TestSupport
import Testing

/// Stages the differential test does not generate: sorting and reducing events, and `sort`,
/// `fields` and `where` on aggregated rows.
@Suite struct StageTests {
    func run(_ text: String) throws -> CollectingSink {
        let fixture = try Fixture.get()
        let sink = CollectingSink()
        try QueryEvaluator.run(text, snapshot: fixture.snapshot, now: fixture.now, into: sink)
        return sink
    }

    @Test("sort on events is stable and honours desc; limit before sort limits first")
    func sortEvents() throws {
        let fixture = try Fixture.get()
        let deletes = fixture.events.filter { $0.action == "repo.delete" }
        let sorted = try run("action=repo.delete | sort actor desc, time | limit 7").events
        let expected = deletes.enumerated().sorted { a, b in
            if a.element.actor != b.element.actor { return b.element.actor.utf8.lexicographicallyPrecedes(a.element.actor.utf8) }
            if a.element.timestamp != b.element.timestamp { return a.element.timestamp < b.element.timestamp }
            return a.offset < b.offset
        }.prefix(7).map(\.element)
        #expect(sorted == Array(expected))
        let firstThenSorted = try run("action=repo.delete | limit 5 | sort name").events
        #expect(Set(firstThenSorted.map(\.name)) == Set(deletes.prefix(5).map(\.name)))
        #expect(firstThenSorted.map { $0.name ?? "" } == firstThenSorted.map { $0.name ?? "" }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    @Test("fields reduces events; where on events is a filter")
    func fieldsAndWhere() throws {
        let sink = try run("action=repo.change_privacy | where data.privacy=public | fields time, actor, data.privacy")
        #expect(sink.fields == [.time, .actor, .data("privacy")])
        #expect(!sink.events.isEmpty)
        #expect(sink.events.allSatisfy { $0.dataValue("privacy") == "public" && $0.action == "repo.change_privacy" })
    }

    @Test("sort, fields and where after an aggregation work on columns")
    func rowStages() throws {
        let all = try run("| count by actor").rows
        let sink = try run("| count by actor | where count>=100 and actor!~\"bot\" | sort count desc, actor | fields count, actor | limit 3")
        #expect(sink.columns.map(\.name) == ["count", "actor"])
        let expected = all.filter {
            guard case .int(let n) = $0[1], case .string(let a) = $0[0] else { return false }
            return n >= 100 && !a.contains("bot")
        }.sorted { a, b in
            if a[1] != b[1] { return Value.ascending(b[1], a[1]) }
            return Value.ascending(a[0], b[0])
        }.prefix(3).map { [$0[1], $0[0]] }
        #expect(sink.rows == Array(expected))
        #expect(sink.rows.count == 3)
    }

    @Test("stats without by gives one row even when nothing matches")
    func emptyStats() throws {
        let sink = try run("actor=nobody | stats count(), dcount(name), min(time), max(actor)")
        #expect(sink.rows == [[.int(0), .int(0), .null, .null]])
        #expect(try run("actor=nobody | count").rows == [[.int(0)]])
        #expect(try run("actor=nobody | count by actor").rows.isEmpty)
    }

    @Test("hour and weekday are derived from time in UTC")
    func derivedFields() throws {
        let fixture = try Fixture.get()
        let sink = try run("hour=8 weekday=Sat | fields time, hour, weekday")
        #expect(!sink.events.isEmpty)
        for e in sink.events {
            let s = e.timestamp.seconds
            #expect((s % 86_400) / 3600 == 8)
            #expect(((s / 86_400) + 3) % 7 == 5)
        }
        let count = fixture.events.filter { ($0.timestamp.seconds % 86_400) / 3600 == 8 && (($0.timestamp.seconds / 86_400) + 3) % 7 == 5 }.count
        #expect(sink.events.count == count)
    }
}

extension StageTests {
    @Test("sort then limit over many events equals a full sort (the bounded buffer is exact)")
    func boundedSort() throws {
        let fixture = try Fixture.get()
        let sink = try run("* | sort name desc, data.tag | limit 25")
        let expected = QueryEvaluator.sortEvents(fixture.events, [(.name, true), (.data("tag"), false)]).prefix(25)
        #expect(sink.events == Array(expected))
        #expect(fixture.events.count > 4096, "enough events to make the buffer cut back")
    }

    @Test("count by weekday and sort weekday are in calendar order, Monday first; bins of weeks start on Mondays")
    func calendarOrder() throws {
        let days = try run("| count by weekday").rows.map { $0[0].description }
        #expect(days.count == 7)
        #expect(days == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
        #expect(try run("| count by weekday | sort weekday desc").rows.map { $0[0].description } == days.reversed())
        #expect(try run("| top 7 weekday | sort weekday").rows.map { $0[0].description } == days)
        for row in try run("| count by bin(time, 1w)").rows {
            guard case .time(let start) = row[0] else { Issue.record("not a time: \(row[0])"); continue }
            #expect(QueryField.weekdayIndex(start.seconds) == 0 && start.seconds % 86_400 == 0, "\(start)")
        }
    }
}
