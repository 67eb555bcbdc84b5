import AuditModel
import Collector
import Foundation
import HubAPI
import HubEmulator
import SegmentStore
import TestSupport
import Testing

@Suite struct CollectorTests {
    func sync(_ emulator: HubEmulator, store: String, options: SyncOptions, client: HubClient? = nil) async throws -> SyncReport {
        try await Collector(client: client ?? testClient(emulator, cacheDirectory: store), storeRoot: store, options: options).run()
    }

    /// The fault mix with its exact 600/min limit (a few minutes, mostly waiting on the
    /// limit); `SYNC_QUICK=1` raises the limit to 6000/min for quick local runs.
    @Test func exactlyOnceUnderFaultsAndArrivals() async throws {
        let full = ProcessInfo.processInfo.environment["SYNC_QUICK"] != "1"
        let dir = TemporaryDirectory()
        var c = EmulatorConfiguration()
        c.failRate = 0.1
        c.resetRate = 0.05
        c.truncateRate = 0.05
        c.arrivalsPerSecond = 50
        c.rateLimit = RateLimit(requests: full ? 600 : 6_000, windowSeconds: 60)
        c.seed = 42
        c.timestampStyle = .hubExample
        let emulator = try await startEmulator(c, events: history(100_000, seed: 11, days: 365))
        let options = SyncOptions(accounts: ["acme"], settleSeconds: 1, overlapSeconds: 60)
        let first = try await sync(emulator, store: dir.store, options: options)
        #expect(first.appended >= 100_000)
        emulator.setArrivalsPaused(true)
        try await Task.sleep(for: .milliseconds(2_500))
        let second = try await sync(emulator, store: dir.store, options: options)
        let stats = emulator.statistics
        #expect(stats.arrivals > 0 && stats.failures > 0 && stats.resets > 0 && stats.truncations > 0)
        #expect(second.appended > 0)
        let expected = canonicalLines(emulator.events(account: "acme"))
        let stored = try storedLines(dir.store)
        #expect(stored.count == expected.count)
        #expect(stored == expected)
        #expect(stats.earlyRetries == 0)
        await emulator.shutdown()
    }

    /// Many identical events in one second, straddling page boundaries; windows forced to split.
    @Test func duplicatesInOneSecondAndDenseWindows() async throws {
        let dir = TemporaryDirectory()
        var base = history(3_000, seed: 5, days: 2)
        let second = base[1_500].timestamp
        var twin = base[1_500]
        twin.actor = "twin-bot"
        base += Array(repeating: twin, count: 250)
        base += Array(repeating: base[10], count: 3)
        var c = EmulatorConfiguration()
        c.maxResultWindow = 400
        c.truncateRate = 0.1
        let emulator = try await startEmulator(c, events: base)
        var options = SyncOptions(accounts: ["acme"], settleSeconds: 0, maxResultWindow: 400)
        options.targetWindowEvents = 200
        let report = try await sync(emulator, store: dir.store, options: options)
        #expect(report.appended == base.count)
        #expect(try storedLines(dir.store) == canonicalLines(emulator.events(account: "acme")))
        // Running again adds nothing.
        let again = try await sync(emulator, store: dir.store, options: options)
        #expect(again.appended == 0)
        _ = second
        await emulator.shutdown()
    }

    /// Same-second events come back in a new order on every request; re-reading the seconds that
    /// page boundaries split keeps the sync exact.
    @Test func unstableOrderOfSameSecondEvents() async throws {
        let dir = TemporaryDirectory()
        var events = history(6_000, seed: 8, days: 3)
        // Bursts of distinct events in one second, bigger than a page's edge.
        for k in 0..<40 {
            var e = events[k * 100]
            for n in 0..<30 {
                e.actor = "burst-\(n)"
                events.append(e)
            }
        }
        var c = EmulatorConfiguration()
        c.unstableTieOrder = true
        c.seed = 5
        let emulator = try await startEmulator(c, events: events)
        let report = try await sync(emulator, store: dir.store, options: SyncOptions(accounts: ["acme"], settleSeconds: 0))
        #expect(report.appended == events.count)
        #expect(try storedLines(dir.store) == canonicalLines(emulator.events(account: "acme")))
        await emulator.shutdown()
    }

    @Test func oneSecondBeyondPagingIsReportedNotTruncated() async throws {
        let dir = TemporaryDirectory()
        var events = history(100, seed: 9, days: 2)
        events += Array(repeating: events[50], count: 350)
        var c = EmulatorConfiguration()
        c.maxResultWindow = 300
        let emulator = try await startEmulator(c, events: events)
        await #expect(throws: SyncError.self) {
            _ = try await sync(emulator, store: dir.store, options: SyncOptions(accounts: ["acme"], settleSeconds: 0, maxResultWindow: 300))
        }
        await emulator.shutdown()
    }

    @Test func lateEventsInsideTheOverlapAreCaughtOnce() async throws {
        let dir = TemporaryDirectory()
        let events = history(2_000, seed: 3, days: 3)
        let emulator = try await startEmulator(events: events)
        let options = SyncOptions(accounts: ["acme"], settleSeconds: 0, overlapSeconds: 3_600)
        _ = try await sync(emulator, store: dir.store, options: options)
        let status = try SyncStatus.load(store: AuditStore(root: dir.store))
        let cursor = try #require(status.accounts.first?.cursor)
        let account = try #require(status.accounts.first)
        let now = Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        #expect(account.lastSuccess != nil && account.warning(now: now) == nil)
        #expect(status.warnings(now: Timestamp(seconds: now.seconds + 2 * 86_400)).first?.contains("acme: last successful sync 48 hours ago") == true)
        // Two copies of an event the Hub reports late, 10 minutes before the cursor.
        var late = events[0]
        late.timestamp = Timestamp(seconds: cursor.seconds - 600)
        late.actor = "late-reporter"
        emulator.add(late)
        emulator.add(late)
        let report = try await sync(emulator, store: dir.store, options: options)
        #expect(report.appended == 2)
        #expect(try storedLines(dir.store) == canonicalLines(emulator.events(account: "acme")))
        await emulator.shutdown()
    }

    @Test func severalOrganisations() async throws {
        let dir = TemporaryDirectory()
        let events = history(4_000, seed: 4, days: 10, organisations: 3)
        let emulator = try await startEmulator(events: events)
        let accounts = emulator.accounts
        #expect(accounts.count == 3)
        _ = try await sync(emulator, store: dir.store, options: SyncOptions(accounts: accounts, settleSeconds: 0))
        for account in accounts {
            #expect(try storedLines(dir.store, account: account) == canonicalLines(emulator.events(account: account)))
        }
        await emulator.shutdown()
    }

    @Test func failuresBeforeFetchingLeaveNoStore() async throws {
        let dir = TemporaryDirectory()
        var c = EmulatorConfiguration()
        c.users.append(EmulatedUser(name: "outsider", secret: "x", organisations: []))
        let emulator = try await startEmulator(c, events: history(100, days: 2))
        for (client, account) in [
            (try testClient(emulator, secret: "bad"), "acme"), (try testClient(emulator), "nope"),
            (try testClient(emulator, user: "outsider", secret: "x"), "acme"),
        ] {
            await #expect(throws: SyncError.self) {
                _ = try await sync(emulator, store: dir.store, options: SyncOptions(accounts: [account]), client: client)
            }
            #expect(!FileManager.default.fileExists(atPath: dir.store))
        }
        await emulator.shutdown()
    }
}
