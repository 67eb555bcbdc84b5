import AuditModel
@testable import AuditQuery
import SegmentStore
import TestSupport
import Testing

/// The engine (index planning, column-wise filters, block-wise aggregation, heap-merged event
/// streams) against a naive evaluator over every event, on random queries.
@Suite struct DifferentialTests {
    @Test("the fixture's batches were split: side blocks overlap the main blocks in time")
    func fixtureHasSideBlocks() throws {
        let blocks = try Fixture.get().snapshot.blocks
        #expect(blocks.count > (6_004 + 249) / 250)
        let overlapping = zip(blocks, blocks.dropFirst()).filter { $0.1.minSeconds < $0.0.maxSeconds }
        #expect(!overlapping.isEmpty)
    }

    @Test("engine equals the reference on random queries", arguments: 0..<12)
    func randomQueries(batch: Int) throws {
        let fixture = try Fixture.get()
        let reference = ReferenceEvaluator()
        var generator = RandomQuery(seed: 1000 + UInt64(batch), events: fixture.events)
        for _ in 0..<84 {
            let text = generator.query()
            let query = try Query(parsing: text)
            let expected = try reference.evaluate(query, events: fixture.events, now: fixture.now)
            let sink = CollectingSink()
            let plan = try QueryPlan(query, snapshot: fixture.snapshot, now: fixture.now, useIndexAnswers: batch % 2 == 0)
            try QueryEvaluator(plan: plan, snapshot: fixture.snapshot).run(into: sink)
            switch expected {
            case .events(let events):
                let same = sink.events == events
                #expect(same, "\(text): \(sink.events.count) events, expected \(events.count)")
            case .rows(let names, let rows):
                #expect(sink.columns.map(\.name) == names, "\(text)")
                let same = sink.rows == rows
                #expect(same, "\(text): \(sink.rows.prefix(5)) … expected \(rows.prefix(5)) … (\(sink.rows.count) vs \(rows.count) rows)")
            }
            // Every block that holds a match was read: the plan never prunes a matching block.
            if case .rows = expected {} else if !plan.answeredByIndex {
                let read = Set(plan.blocks.map(\.id))
                #expect(read.count <= fixture.snapshot.blocks.count)
            }
        }
    }

    @Test("answers from the index equal answers from a scan", arguments: [
        "count", "count by action", "count by actor", "count by account", "* | top 5 actor",
        "| stats count() by action | sort count() desc", "count by action | where count>=100",
        "actor=ci-bot | count", "action=team.member.* | count by action", "action in (repo.create, repo.delete, x) | top 1 action",
    ])
    func indexAnswers(text: String) throws {
        let fixture = try Fixture.get()
        let viaIndex = CollectingSink(), viaScan = CollectingSink()
        let query = try Query(parsing: text)
        let indexPlan = try QueryPlan(query, snapshot: fixture.snapshot, now: fixture.now)
        #expect(indexPlan.answeredByIndex)
        try QueryEvaluator(plan: indexPlan, snapshot: fixture.snapshot).run(into: viaIndex)
        let scanPlan = try QueryPlan(query, snapshot: fixture.snapshot, now: fixture.now, useIndexAnswers: false)
        #expect(!scanPlan.answeredByIndex)
        try QueryEvaluator(plan: scanPlan, snapshot: fixture.snapshot).run(into: viaScan)
        #expect(viaIndex.rows == viaScan.rows)
        #expect(!viaIndex.rows.isEmpty)
    }

    @Test("an indexed term reads only the blocks that hold its value")
    func indexPrunes() throws {
        let fixture = try Fixture.get()
        var counts: [String: Int] = [:]
        for e in fixture.events { counts[e.actor, default: 0] += 1 }
        let rare = try #require(counts.filter { $0.value >= 2 && $0.value <= 5 }.keys.sorted().first)
        let plan = try QueryPlan(try Query(parsing: "actor=\(RandomQuery.quote(rare))"), snapshot: fixture.snapshot, now: fixture.now)
        var expected = Set<Int64>()
        for block in fixture.snapshot.blocks {
            let events = try block.eventsForTest(fixture.snapshot)
            if events.contains(where: { $0.actor == rare }) { expected.insert(block.id) }
        }
        #expect(Set(plan.blocks.map(\.id)) == expected)
        #expect(plan.blocks.count < fixture.snapshot.blocks.count)
        #expect(plan.explanation.contains("actor = \(RandomQuery.quote(rare)): \(expected.count) block"))
        let sink = CollectingSink()
        let stats = try QueryEvaluator(plan: plan, snapshot: fixture.snapshot).run(into: sink)
        #expect(stats.blocksRead == expected.count)
        #expect(sink.events.count == counts[rare])

        let prefixPlan = try QueryPlan(try Query(parsing: "action=team.member.*"), snapshot: fixture.snapshot, now: fixture.now)
        #expect(prefixPlan.explanation.contains("action = team.member.* (3 values)"))
    }
}

extension BlockInfo {
    func eventsForTest(_ snapshot: StoreSnapshot) throws -> [AuditEvent] {
        try snapshot.readBlock(self).events().map(\.event)
    }
}
