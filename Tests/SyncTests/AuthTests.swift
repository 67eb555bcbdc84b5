import AuditModel
import Foundation
import HubAPI
import HubEmulator
import TestSupport
import Testing

@Suite struct AuthTests {
    static let few = history(300, days: 3)

    enum Setup: String, CaseIterable {
        case accessToken, legacyLogin, secondFactor, organisationToken
    }

    @Test(arguments: Setup.allCases)
    func logsInAndReadsTheLog(setup: Setup) async throws {
        var c = EmulatorConfiguration()
        c.offersAccessTokenEndpoint = setup != .legacyLogin
        c.requireSecondFactor = setup == .secondFactor
        c.organisationTokens = [OrganisationToken(organisation: "acme", secret: "org-secret")]
        let emulator = try await startEmulator(c, events: Self.few)
        defer { Task { await emulator.shutdown() } }
        let events = LockedEvents()
        let client = setup == .organisationToken
            ? try testClient(emulator, user: "acme", secret: "org-secret") { events.add($0) }
            : try testClient(emulator, otp: "123456") { events.add($0) }
        let page = try await client.auditLogs(AuditLogQuery(account: "acme", pageSize: 100))
        #expect(page.events.count == 100)
        #expect(page.events.first.map { $0.timestamp >= page.events[99].timestamp } == true)
        let method = switch setup {
        case .accessToken, .organisationToken: "/v2/auth/token"
        case .legacyLogin: "/v2/users/login"
        case .secondFactor: "/v2/users/2fa-login"
        }
        #expect(events.all.contains(.loggedIn(method: method)))
        await emulator.shutdown()
    }

    @Test(arguments: [
        ("demo", "wrong", nil as String?, false, HubError.badCredentials(identifier: "demo")),
        ("demo", "demo-token", "000000", true, HubError.wrongSecondFactor(identifier: "demo")),
        ("demo", "demo-token", nil, true, HubError.secondFactorRequired(identifier: "demo")),
    ])
    func authenticationFailures(user: String, secret: String, otp: String?, twoFactor: Bool, expected: HubError) async throws {
        var c = EmulatorConfiguration()
        c.requireSecondFactor = twoFactor
        let emulator = try await startEmulator(c, events: Self.few)
        let client = try testClient(emulator, user: user, secret: secret, otp: otp)
        await #expect(throws: expected) { try await client.authenticate() }
        await emulator.shutdown()
    }

    @Test func unknownOrganisationAndMissingPermission() async throws {
        var c = EmulatorConfiguration()
        c.users.append(EmulatedUser(name: "outsider", secret: "x", organisations: ["globex"]))
        c.extraAccounts = ["globex"]
        let emulator = try await startEmulator(c, events: Self.few)
        let client = try testClient(emulator)
        await #expect(throws: HubError.unknownAccount("nope")) { try await client.auditLogs(AuditLogQuery(account: "nope")) }
        let outsider = try testClient(emulator, user: "outsider", secret: "x")
        await #expect(throws: HubError.forbidden(account: "acme", identifier: "outsider")) {
            try await outsider.auditLogs(AuditLogQuery(account: "acme"))
        }
        await emulator.shutdown()
    }

    @Test func logsInAgainWhenTheTokenExpiresMidRun() async throws {
        var c = EmulatorConfiguration()
        c.tokenLifetime = 1
        let emulator = try await startEmulator(c, events: Self.few)
        let events = LockedEvents()
        let client = try testClient(emulator) { events.add($0) }
        _ = try await client.auditLogs(AuditLogQuery(account: "acme"))
        let before = client.statistics.logins
        try await Task.sleep(for: .milliseconds(1_200))
        _ = try await client.auditLogs(AuditLogQuery(account: "acme"))
        // At least one more login after the pause (a loaded machine may need one more: the
        // token lives only a second).
        #expect(before >= 1)
        #expect(client.statistics.logins > before)
        await emulator.shutdown()
    }

    @Test func cachedTokenIsReused() async throws {
        let dir = TemporaryDirectory()
        let emulator = try await startEmulator(events: Self.few)
        let first = try testClient(emulator, cacheDirectory: dir.path)
        try await first.authenticate()
        let cache = TokenCache(storeDirectory: dir.path)
        #expect(FileManager.default.fileExists(atPath: cache.path))
        let second = try testClient(emulator, secret: "not-needed", cacheDirectory: dir.path)
        _ = try await second.auditLogs(AuditLogQuery(account: "acme"))
        #expect(second.statistics.logins == 0)
        await emulator.shutdown()
    }
}

/// Collects client events from any thread.
final class LockedEvents: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [HubClientEvent] = []
    func add(_ e: HubClientEvent) { lock.withLock { events.append(e) } }
    var all: [HubClientEvent] { lock.withLock { events } }
}
