import AuditModel
import Foundation
import TestSupport
import Testing

@Suite("crash safety", .serialized)
struct CrashTests {
    /// SIGKILLs `hubaudit import` at random moments (replayable: the seed is printed and read from
    /// `HUBAUDIT_TEST_SEED`); each time the store must verify clean and hold exactly the files
    /// whose commit had happened, in order. What counts is the kills that landed while the import
    /// was at work (it had opened its store and was killed by the signal), not the rounds.
    @Test("an import killed at random points keeps exactly its committed files, and running it again adds each other file once")
    func killImport() throws {
        let dir = TemporaryDirectory()
        let files = (0..<8).map { dir.path + "/batch\($0).ndjson" }
        var contents: [String] = []
        for (n, file) in files.enumerated() {
            let text = try CLI.run(["generate", "--events", "4000", "--seed", String(n + 1), "--start", "2024-0\(n + 1)-01", "--days", "20"]).stdout
            try text.write(toFile: file, atomically: false, encoding: .utf8)
            contents.append(text)
        }
        var rng = SplitMix64.replayable(test: "killImport")
        var landed = 0
        for round in 0..<24 {
            let store = dir.path + "/store\(round)"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLI.executable)
            process.arguments = ["import", "--store", store] + files
            let err = Pipe()
            process.standardError = err
            try process.run()
            usleep(UInt32(20_000 + rng.below(880_001)))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            let killed = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
            let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let reported = said.split(separator: "\n").filter { $0.hasPrefix("imported 4000 events from") }.count

            guard FileManager.default.fileExists(atPath: store + "/catalog.sqlite") else {
                #expect(reported == 0)
                continue
            }
            if killed { landed += 1 }
            let verify = try CLI.run(["verify", "--store", store])
            #expect(verify.status == 0, "round \(round): \(verify.stdout) \(verify.stderr)")
            let exported = try CLI.run(["export", "--store", store]).stdout
            // The store holds the first j files exactly, where j is what the process reported
            // (or one more: a kill can fall between a commit and its message).
            let matches = (reported...min(reported + 1, files.count)).contains { j in exported == contents.prefix(j).joined() }
            #expect(matches, "round \(round): reported \(reported) files, store holds \(exported.split(separator: "\n").count) events")

            // Running the same import again (a new writer repairs any torn tail) finishes the job:
            // the ledger skips the files already committed, so every file is there exactly once.
            let rerun = try CLI.run(["import", "--store", store] + files)
            #expect(rerun.status == 0, "round \(round): \(rerun.stderr)")
            #expect(rerun.stderr.components(separatedBy: "already imported").count - 1 >= reported, "round \(round): \(rerun.stderr)")
            #expect(try CLI.run(["verify", "--store", store]).status == 0)
            #expect(try CLI.run(["export", "--store", store]).stdout == contents.joined(), "round \(round): lost or repeated events")
        }
        print("killImport: \(landed) of 24 rounds were killed mid-import")
        #expect(landed > 0, "no kill landed while the import was at work: nothing was exercised")
    }
}
