import AuditExport
import AuditModel
import Foundation
import SegmentStore
import Synchronization
import TestSupport
import Testing

/// `hubaudit export` as a user runs it: exactly once across runs that are killed, and a
/// one-line error with the documented status (and an unchanged checkpoint) for each mistake.
@Suite(.serialized) struct ExportCLITests {
    /// Ids delivered (2xx) to a receiver failing 20% of requests at random, over runs with
    /// events added between them and SIGKILLs at random moments: their union is the store,
    /// and repeats are at most one batch per kill.
    @Test func exactlyOnceAcrossKilledRuns() async throws {
        let seed = ExportFixture.seed(2026)
        var random = SplitMix64(seed: seed)
        let dice = Mutex(SplitMix64(seed: seed ^ 0x5EED))
        let delivered = Mutex<[String]>([])
        let server = try LoopbackReceiver.start { request, _ in
            guard dice.withLock({ $0.chance(0.2) }) == false else { return .answer(503, [], "unavailable") }
            let ids = request.text.split(separator: "\n").compactMap { line in
                ((try? jsonObject(line))?["event"] as? [String: Any])?["event_id"] as? String
            }
            delivered.withLock { $0 += ids }
            return .answer(200, [], #"{"text":"Success","code":0}"#)
        }
        defer { server.shutdown() }
        let dir = TemporaryDirectory()
        let all = ExportFixture.events(count: 12_000, seed: seed)
        try ExportFixture.append(Array(all[..<1_500]), to: dir.store)
        var added = 1_500
        let batch = 50
        let arguments = ["export", "--store", dir.store, "--splunk-hec", server.url, "--checkpoint", "siem",
                         "--batch-events", String(batch), "--max-attempts", "30", "--retry-delay", "0.01"]
        let environment = ["HUBAUDIT_EXPORT_TOKEN": "t0ken"]
        var kills = 0
        var round = 0
        // Runs until 12 of them were killed mid-way (a run that finished first does not count).
        // Events are added before every run, so each has work to be killed in (when they came
        // only every third run, a later run often had nothing to send and finished first).
        while kills < 12, round < 40 {
            round += 1
            if added < all.count {
                let next = min(all.count, added + 300)
                try ExportFixture.append(Array(all[added..<next]), to: dir.store)
                added = next
            }
            let process = try CLI.start(arguments, environment: environment)
            usleep(UInt32(20_000 + random.below(300_000)))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
        }
        try ExportFixture.append(Array(all[added...]), to: dir.store)
        let last = try CLI.run(arguments, environment: environment)
        #expect(last.status == 0, "\(last.stderr)")
        let expected = Set(FormatTests.expected(try ExportFixture.stored(dir.store)).keys)
        let ids = delivered.withLock { $0 }
        #expect(Set(ids) == expected)
        #expect(ids.count - Set(ids).count <= kills * batch, "\(ids.count - Set(ids).count) repeats after \(kills) kills")
        #expect(kills >= 10, "only \(kills) of \(round) runs were killed")
        let store = try AuditStore(root: dir.store)
        #expect(try store.checkpoint("siem")?.position == store.snapshot().nextSeq)
    }

    static func oneLine(_ result: CLI.Result) -> Bool {
        result.stderr.split(separator: "\n").count == 1 && result.stdout.isEmpty
    }

    @Test func mistakesGetOneLineTheDocumentedStatusAndAnUnchangedCheckpoint() async throws {
        let dir = TemporaryDirectory()
        try ExportFixture.append(ExportFixture.awkward, to: dir.store)
        #expect(try CLI.run(["export", "--store", dir.store, "--checkpoint", "k", "--output", dir.path + "/a.ndjson"]).status == 0)
        let before = try AuditStore(root: dir.store).checkpoints()

        let badURL = try CLI.run(["export", "--store", dir.store, "--checkpoint", "k2", "--splunk-hec", "splunk:8088"],
                                 environment: ["HUBAUDIT_EXPORT_TOKEN": "t"])
        #expect(badURL.status == 2 && Self.oneLine(badURL), "\(badURL.stderr)")

        let noToken = try CLI.run(["export", "--store", dir.store, "--checkpoint", "k", "--splunk-hec", "http://127.0.0.1:9",
                                   "--token-file", dir.path + "/missing.token"])
        #expect(noToken.status == 1 && Self.oneLine(noToken) && noToken.stderr.contains("missing.token"), "\(noToken.stderr)")

        let refused = try CLI.run(["export", "--store", dir.store, "--checkpoint", "down", "--splunk-hec", "http://user:pw@127.0.0.1:9/x?secret=1",
                                   "--max-attempts", "2", "--retry-delay", "0"], environment: ["HUBAUDIT_EXPORT_TOKEN": "tok3n"])
        #expect(refused.status == 75, "\(refused.stderr)")
        #expect(!refused.stderr.contains("pw") && !refused.stderr.contains("secret") && !refused.stderr.contains("tok3n"))

        let unknown = try CLI.run(["checkpoints", "--store", dir.store, "--reset", "nope"])
        #expect(unknown.status == 1 && unknown.stderr.split(separator: "\n").count == 1)

        let mismatch = try CLI.run(["export", "--store", dir.store, "--checkpoint", "k", "--format", "ecs", "--output", dir.path + "/b"])
        #expect(mismatch.status == 2 && Self.oneLine(mismatch))

        let after = try AuditStore(root: dir.store).checkpoints()
        #expect(after.filter { $0.name == "k" } == before)
        #expect(after.first { $0.name == "down" }?.position == 0)
    }

    @Test func anInterruptedOutputLeavesTheOldFileAndNoTemporary() async throws {
        let dir = TemporaryDirectory()
        try ExportFixture.append(ExportFixture.awkward, to: dir.store)
        let path = dir.file("out.ndjson", "old contents\n")
        let sink = try FileSink(path: path, encoder: EventEncoder(format: .ndjson))
        let store = try AuditStore(root: dir.store)
        let failing = MemorySink(encoder: EventEncoder(format: .ndjson), failAfter: 2)
        await #expect(throws: ExportError.self) {
            _ = try await Exporter(store: store, selection: ExportSelection(), encoder: EventEncoder(format: .ndjson), checkpoint: "f").run(into: failing)
        }
        // A file sink abandoned halfway: the old file stays, the temporary goes with the sink.
        var raw: [UInt8] = []
        CanonicalJSON.appendEvent(ExportFixture.awkward[0], to: &raw)
        _ = try await sink.add(ExportFixture.awkward[0], seq: 0, id: "", raw: raw[...])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old contents\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).contains { $0.hasPrefix(".out.ndjson.tmp") })
        _ = try await sink.finish()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == CanonicalJSON.line(ExportFixture.awkward[0]))
        #expect(try !FileManager.default.contentsOfDirectory(atPath: dir.path).contains { $0.hasPrefix(".out.ndjson.tmp") })
        #expect(try store.checkpoint("f")?.position == 0)
    }

    @Test func outDirFilesRotateSortByTimeAndGzip() async throws {
        let dir = TemporaryDirectory()
        try ExportFixture.append(ExportFixture.events(count: 400, seed: 3), to: dir.store)
        let out = dir.path + "/spool"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let result = try CLI.run(["export", "--store", dir.store, "--out-dir", out, "--rotate-size", "20000", "--gzip", "--checkpoint", "d"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files.count > 3)
        #expect(files.allSatisfy { $0.hasPrefix("hubaudit-") && $0.hasSuffix(".ndjson.gz") })
        #expect(files.last?.contains("-\(String(format: "%06d", files.count)).") == true)
        let again = try CLI.run(["export", "--store", dir.store, "--out-dir", out, "--checkpoint", "d", "--rotate-size", "20000", "--gzip"])
        #expect(again.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).count == files.count)  // nothing new: no empty file
    }
}
