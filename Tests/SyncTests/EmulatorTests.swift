import AuditModel
import Foundation
import HubAPI
import HubEmulator
import TestSupport
import Testing

@Suite struct EmulatorTests {
    @Test func pagesNewestFirstWithinFromAndTo() async throws {
        let events = history(1_000, days: 5)
        let emulator = try await startEmulator(events: events)
        let client = try testClient(emulator)
        let from = events[200].timestamp, to = events[700].timestamp
        var got: [AuditEvent] = []
        var page = 1
        while true {
            let p = try await client.auditLogs(AuditLogQuery(account: "acme", from: from, to: to, page: page, pageSize: 100))
            got += p.events
            if p.isLast { break }
            page += 1
        }
        let expected = events.filter { $0.timestamp >= from && $0.timestamp < to }
        #expect(canonicalLines(got) == canonicalLines(expected))
        #expect(zip(got, got.dropFirst()).allSatisfy { $0.timestamp >= $1.timestamp })
        await emulator.shutdown()
    }

    @Test func capsPageSizeFiltersAndLimitsDepth() async throws {
        var c = EmulatorConfiguration()
        c.maxResultWindow = 500
        let events = history(2_000, days: 5)
        let emulator = try await startEmulator(c, events: events)
        let client = try testClient(emulator)
        #expect(try await client.auditLogs(AuditLogQuery(account: "acme", pageSize: 1000)).events.count == 100)
        #expect(try await client.auditLogs(AuditLogQuery(account: "acme", page: 5, pageSize: 100)).events.count == 100)
        await #expect(throws: HubError.self) { try await client.auditLogs(AuditLogQuery(account: "acme", page: 6, pageSize: 100)) }
        let actor = events[0].actor
        let byActor = try await client.auditLogs(AuditLogQuery(account: "acme", pageSize: 100, actor: actor))
        #expect(!byActor.events.isEmpty && byActor.events.allSatisfy { $0.actor == actor })
        let catalog = try await client.actions(account: "acme")
        #expect(catalog.groups.contains { $0.key == "repo" && $0.actions.contains { $0.fullName == "repo.tag.push" } })
        #expect(emulator.statistics.tooDeep == 1)
        await emulator.shutdown()
    }

    @Test(arguments: [RetryHeaderStyle.unixTime, .seconds])
    func rateLimitedClientsWaitUntilTheHubSays(style: RetryHeaderStyle) async throws {
        var c = EmulatorConfiguration()
        c.rateLimit = RateLimit(requests: 5, windowSeconds: 2)
        c.retryHeader = style
        let emulator = try await startEmulator(c, events: history(300, days: 2))
        // Pacing off: the client hits the limit and must honour the 429's time.
        let client = try testClient(emulator, pacing: false)
        for _ in 0..<12 { _ = try await client.auditLogs(AuditLogQuery(account: "acme", pageSize: 10)) }
        let stats = emulator.statistics
        #expect(stats.throttled >= 1)
        #expect(stats.earlyRetries == 0)
        await emulator.shutdown()
    }

    @Test func pacedClientRarelyHitsTheLimit() async throws {
        var c = EmulatorConfiguration()
        c.rateLimit = RateLimit(requests: 10, windowSeconds: 2)
        let emulator = try await startEmulator(c, events: history(300, days: 2))
        let client = try testClient(emulator)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask { for _ in 0..<9 { _ = try await client.auditLogs(AuditLogQuery(account: "acme", pageSize: 10)) } }
            }
            try await group.waitForAll()
        }
        #expect(emulator.statistics.throttled <= 3)
        #expect(emulator.statistics.earlyRetries == 0)
        await emulator.shutdown()
    }
}
