import AuditModel
import Foundation
import HubEmulator
import SegmentStore
import TestSupport
import Testing

@Suite(.serialized) struct CLISyncTests {
    static let secret = "dckr_pat_sekrit-value-123"

    func emulator(_ configure: (inout EmulatorConfiguration) -> Void = { _ in }, events: [AuditEvent]) async throws -> HubEmulator {
        var c = EmulatorConfiguration()
        c.users = [EmulatedUser(name: "alice", secret: Self.secret), EmulatedUser(name: "outsider", secret: Self.secret, organisations: [])]
        configure(&c)
        return try await startEmulator(c, events: events)
    }

    enum Failure: String, CaseIterable {
        case badCredentials, wrongSecondFactor, unknownOrganisation, noPermission
    }

    @Test(arguments: Failure.allCases)
    func failuresGiveOneLineAndLeaveTheStoreUntouched(failure: Failure) async throws {
        let dir = TemporaryDirectory()
        let hub = try await emulator({ $0.requireSecondFactor = failure == .wrongSecondFactor }, events: history(50, days: 2))
        var args = ["sync", "--store", dir.store, "--hub-url", hub.baseURL, "--account", failure == .unknownOrganisation ? "nope" : "acme",
                    "--username", failure == .noPermission ? "outsider" : "alice", "--password-stdin", "--max-attempts", "2"]
        if failure == .wrongSecondFactor { args += ["--otp", "999999"] }
        let stdin = failure == .badCredentials ? "wrong-token\n" : Self.secret + "\n"
        let result = try CLI.run(args, stdin: Data(stdin.utf8))
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(lines.count == 1)
        let expected = switch failure {
        case .badCredentials: "rejected the credentials"
        case .wrongSecondFactor: "two-factor code"
        case .unknownOrganisation: "404"
        case .noPermission: "403"
        }
        #expect(result.stderr.contains(expected))
        #expect(!result.stderr.contains(Self.secret) && !result.stdout.contains(Self.secret))
        #expect(!result.stderr.contains("wrong-token") && !result.stdout.contains("wrong-token"))
        #expect(!FileManager.default.fileExists(atPath: dir.store))
        await hub.shutdown()
    }

    @Test func secretsNeverAppearAndTheCacheIsPrivate() async throws {
        let dir = TemporaryDirectory()
        let hub = try await emulator({ $0.failRate = 0.2; $0.tokenLifetime = 2 }, events: history(3_000, days: 5))
        for format in ["text", "json"] {
            let result = try CLI.run(
                ["sync", "--store", dir.store + "-" + format, "--hub-url", hub.baseURL, "--account", "acme", "--settle", "0", "--log-format", format],
                environment: ["HUBAUDIT_USERNAME": "alice", "HUBAUDIT_TOKEN": Self.secret])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stderr.contains(Self.secret) && !result.stdout.contains(Self.secret))
            #expect(!result.stderr.contains("eyJ"))
            #expect(result.stderr.contains("retrying"))
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: dir.store + "-json/hub-token.json")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        // The login token (a JWT) lives in the cache alone: no other file of either store holds
        // it or the personal access token (the catalog, its WAL, segments, lock, sync state).
        let cache = try String(contentsOfFile: dir.store + "-json/hub-token.json", encoding: .utf8)
        let jwt = try #require(cache.components(separatedBy: "\"").first { $0.hasPrefix("eyJ") })
        for store in [dir.store + "-text", dir.store + "-json"] {
            let files = try #require(FileManager.default.subpathsOfDirectory(atPath: store) as [String]?)
            #expect(files.contains { $0.hasPrefix("segments/") })
            for file in files where file != "hub-token.json" {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: store + "/" + file, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                let bytes = try Data(contentsOf: URL(fileURLWithPath: store + "/" + file))
                #expect(bytes.range(of: Data(Self.secret.utf8)) == nil, "\(file) holds the access token")
                #expect(bytes.range(of: Data(jwt.utf8)) == nil, "\(file) holds the login token")
            }
        }
        await hub.shutdown()
    }

    @Test func unreachableHubExits75() throws {
        let dir = TemporaryDirectory()
        let result = try CLI.run(
            ["sync", "--store", dir.store, "--hub-url", "http://127.0.0.1:\(LoopbackHTTP.freePort())", "--account", "acme", "--max-attempts", "2"],
            environment: ["HUBAUDIT_USERNAME": "alice", "HUBAUDIT_TOKEN": Self.secret])
        #expect(result.status == 75)
        #expect(result.stderr.contains("run again later"))
    }

    @Test func dryRunCountsAndWritesNothing() async throws {
        let dir = TemporaryDirectory()
        let events = history(1_234, days: 3)
        let hub = try await emulator(events: events)
        let result = try CLI.run(["sync", "--dry-run", "--store", dir.store, "--hub-url", hub.baseURL, "--account", "acme", "--settle", "0"],
                                 environment: ["HUBAUDIT_USERNAME": "alice", "HUBAUDIT_TOKEN": Self.secret])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("(1234 events)"))
        #expect(!FileManager.default.fileExists(atPath: dir.store))
        await hub.shutdown()
    }

    @Test func actionsCatalogue() async throws {
        let hub = try await emulator(events: history(200, days: 2))
        let result = try CLI.run(["actions", "--hub-url", hub.baseURL, "--account", "acme", "--format", "ndjson"],
                                 environment: ["HUBAUDIT_USERNAME": "alice", "HUBAUDIT_TOKEN": Self.secret])
        #expect(result.status == 0)
        #expect(result.stdout.contains(#""action":"repo.tag.push""#))
        await hub.shutdown()
    }

    /// SIGKILLs `hubaudit sync` at random moments (replayable: the seed is printed and read from
    /// `HUBAUDIT_TEST_SEED`): half the rounds a random delay after the start, half a random delay
    /// after the run appended its first window. Then a last run finishes; the store must hold
    /// exactly the Hub's events, none lost and none twice. What counts is the kills that landed
    /// mid-sync (killed by the signal after appending a window and before all was stored), not
    /// the rounds: a fast machine finishes before some kills, a loaded one has not begun.
    @Test func killedAtRandomMomentsStillExactlyOnce() async throws {
        let dir = TemporaryDirectory()
        let hub = try await emulator({ $0.failRate = 0.05; $0.truncateRate = 0.05; $0.seed = 99 }, events: history(40_000, seed: 21, days: 120))
        let env = ["HUBAUDIT_USERNAME": "alice", "HUBAUDIT_TOKEN": Self.secret]
        let args = ["sync", "--store", dir.store, "--hub-url", hub.baseURL, "--account", "acme", "--settle", "0", "--overlap", "3600",
                    "--log-format", "text"]
        let total = hub.eventCount(account: "acme")
        func stored() -> Int { (try? AuditStore(root: dir.store).snapshot().eventCount) ?? 0 }
        // Each run's log, to see how far it got: a window appended (and not yet all stored) is mid-sync.
        let logPath = dir.path + "/run.log"
        func windowsAppended() -> Int {
            ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").components(separatedBy: "window appended").count - 1
        }
        var generator = SplitMix64.replayable(test: "killedAtRandomMomentsStillExactlyOnce")
        var landed = 0
        for _ in 0..<24 {
            #expect(FileManager.default.createFile(atPath: logPath, contents: nil))
            let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            defer { try? log.close() }
            let process = try CLI.start(args, environment: env, standardError: log)
            if generator.chance(0.5) {
                // Any moment from start-up on: logging in, the first pages.
                try await Task.sleep(for: .milliseconds(50 + generator.below(851)))
            } else {
                // Mid-sync: a little after this run appended its first window (however long a
                // loaded machine takes to get there; bounded, so a hung child cannot hang the test).
                let deadline = ContinuousClock.now + .seconds(120)
                while process.isRunning && windowsAppended() == 0 && ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await Task.sleep(for: .milliseconds(generator.below(300)))
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal && windowsAppended() > 0 && stored() < total { landed += 1 }
        }
        let final = try CLI.run(args, environment: env)
        #expect(final.status == 0, "\(final.stderr)")
        print("killedAtRandomMomentsStillExactlyOnce: \(landed) of 24 rounds were killed mid-sync")
        #expect(landed > 0, "no kill landed while the sync was storing events: nothing was exercised")
        #expect(try storedLines(dir.store) == canonicalLines(hub.events(account: "acme")))
        let verify = try CLI.run(["verify", "--store", dir.store])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        await hub.shutdown()
    }

    /// Issue 12, point 6: a sync against a slow Hub, killed again and again soon after it logs
    /// its first commit, keeps every commit it logged (the store holds each event before the
    /// logged cursor) and finishes after a few runs. Commits come at least every
    /// `--commit-interval` seconds, not only when a block fills (these 30,000 events fill none),
    /// so a killed run loses at most that much work.
    @Test func killedAfterEachCommitKeepsItAndFinishes() async throws {
        let dir = TemporaryDirectory()
        let hub = try await emulator({ $0.slowMilliseconds = 15 }, events: history(30_000, seed: 31, days: 40))
        let expected = canonicalLines(hub.events(account: "acme"))
        let times = hub.events(account: "acme").map(\.timestamp)
        let env = ["HUBAUDIT_USERNAME": "alice", "HUBAUDIT_TOKEN": Self.secret]
        let args = ["sync", "--store", dir.store, "--hub-url", hub.baseURL, "--account", "acme", "--settle", "0", "--concurrency", "2",
                    "--commit-interval", "0.2", "--log-format", "text"]
        let logPath = dir.path + "/run.log"
        func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
        var killed = 0
        var finished = false
        var generator = SplitMix64.replayable(test: "killedAfterEachCommitKeepsItAndFinishes")
        for _ in 0..<40 where !finished {
            #expect(FileManager.default.createFile(atPath: logPath, contents: nil))
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            let process = try CLI.start(args, environment: env, standardError: handle)
            let deadline = ContinuousClock.now + .seconds(120)
            while process.isRunning && !log().contains(" committed ") && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            try await Task.sleep(for: .milliseconds(generator.below(250)))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
            try? handle.close()
            finished = process.terminationReason == .exit && process.terminationStatus == 0
            // Every commit the run logged is in the store: all events before its cursor.
            let cursors = log().split(separator: "\n").filter { $0.contains(" committed ") }.compactMap { line in
                line.split(separator: " ").first { $0.hasPrefix("cursor=") }.flatMap { try? Timestamp(rfc3339: String($0.dropFirst(7))) }
            }
            if let last = cursors.last {
                let before = times.filter { $0 < last }.count
                let stored = try AuditStore(root: dir.store).snapshot().eventCount
                #expect(stored >= before, "logged a commit up to \(last) (\(before) events) but the store holds \(stored)")
            }
        }
        print("killedAfterEachCommitKeepsItAndFinishes: \(killed) runs killed before one finished")
        #expect(finished, "no run finished in 40 rounds")
        #expect(killed >= 2, "the runs finished before they could be killed: nothing was exercised")
        #expect(try storedLines(dir.store) == expected)
        #expect(try CLI.run(["verify", "--store", dir.store]).status == 0)
        await hub.shutdown()
    }
}
