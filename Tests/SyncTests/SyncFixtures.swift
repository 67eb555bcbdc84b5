import AuditModel
import Collector
import EventGenerator
import Foundation
import HubAPI
import HubEmulator
import SegmentStore
import TestSupport
import Testing

/// Generated history for tests: `count` events of `organisations` organisations over `days` days
/// ending today.
func history(_ count: Int, seed: UInt64 = 7, days: Int = 30, organisations: Int = 1) -> [AuditEvent] {
    Array(EmulatorEvents.generated(count: count, seed: seed, days: days, organisations: organisations))
}

/// A started emulator; shut it down with `await emulator.shutdown()`.
func startEmulator(_ configuration: EmulatorConfiguration = EmulatorConfiguration(), events: [AuditEvent]) async throws -> HubEmulator {
    let emulator = HubEmulator(configuration: configuration, events: events)
    try await emulator.start()
    return emulator
}

/// A client with quick retries for tests.
func testClient(
    _ emulator: HubEmulator, user: String = "demo", secret: String = "demo-token", otp: String? = nil,
    cacheDirectory: String? = nil, pacing: Bool = true, observer: (@Sendable (HubClientEvent) -> Void)? = nil
) throws -> HubClient {
    let configuration = HubClientConfiguration(
        endpoint: try HubEndpoint(emulator.baseURL), requestTimeout: 10,
        retry: RetryPolicy(maxAttempts: 12, baseDelay: 0.005, maxDelay: 0.05), pacing: pacing)
    return HubClient(configuration: configuration,
                     credentials: HubCredentials(identifier: user, secret: secret) { otp },
                     tokenCache: cacheDirectory.map { TokenCache(storeDirectory: $0) }, observer: observer)
}

/// Sorted canonical lines: a multiset compare of event lists.
func canonicalLines(_ events: some Sequence<AuditEvent>) -> [String] {
    events.map { CanonicalJSON.line($0) }.sorted()
}

/// Every event of `account` in the store, as sorted canonical lines.
func storedLines(_ root: String, account: String? = nil) throws -> [String] {
    let store = try AuditStore(root: root)
    var scanner = try EventScanner(snapshot: try store.snapshot(), filter: EventFilter(account: account))
    var events: [AuditEvent] = []
    while let e = try scanner.next() { events.append(e.event) }
    return canonicalLines(events)
}
