import ArgumentParser
import AuditOutput
import AuditQuery
import AuditModel
import Collector
import Foundation
import HubAPI
import HubEmulator
import SegmentStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Sync a year of an organisation's audit history from a built-in Docker Hub emulator, and show what the store holds.",
        discussion: """
            Starts the Docker Hub emulator on a free loopback port with a generated year of \
            history of the organisation 'acme', runs 'hubaudit sync' against it, and prints store \
            facts and the answers of a few saved queries. Without --store the archive goes to a temporary directory \
            that is removed afterwards.

            Example:
              hubaudit demo
              hubaudit demo --events 1000000 --store ./demo-archive
            """
    )

    @Option(help: ArgumentHelp("Keep the archive in this directory instead of a temporary one.", valueName: "DIR"))
    var store: String?

    @Option(help: "How many events the emulated Hub holds.")
    var events: Int = 200_000

    @Option(help: "Seed of the generator.")
    var seed: UInt64 = 2024

    func validate() throws {
        guard events > 0 else { throw ValidationError("--events must be at least 1") }
    }

    func run() async throws {
        let temporary = store == nil
        let root = store ?? (NSTemporaryDirectory() + "hubaudit-demo-\(getpid())")
        defer { if temporary { try? FileManager.default.removeItem(atPath: root) } }

        Terminal.message("generating \(events) audit events of a year at acme (seed \(seed)) and serving them as Docker Hub…")
        let history = Array(EmulatorEvents.generated(count: events, seed: seed, days: 365))
        let emulator = HubEmulator(configuration: EmulatorConfiguration(), events: history)
        let output = SyncProgressPrinter(format: nil, quiet: true)
        let report: SyncReport
        let url: String
        do {
            try await emulator.start()
            url = emulator.baseURL
            let client = HubClient(
                configuration: HubClientConfiguration(endpoint: try HubEndpoint(emulator.baseURL)),
                credentials: HubCredentials(identifier: "demo", secret: "demo-token"),
                tokenCache: TokenCache(storeDirectory: root)) { output.emit(.hub($0)) }
            let collector = Collector(client: client, storeRoot: root,
                                      options: SyncOptions(accounts: ["acme"], settleSeconds: 0)) { output.emit($0) }
            report = try await collector.run()
            await emulator.shutdown()
        } catch {
            await emulator.shutdown()
            output.finish()
            throw error
        }
        output.finish()
        Terminal.message("synced \(report.appended) events from the emulated Hub at \(url) in \(NumberText.twoDecimals(report.seconds)) s "
                         + "(\(report.hub.requests) requests, \(Int(Double(report.fetched) / max(report.seconds, 0.001))) events/s)")

        let reader = try AuditStore(root: root)
        let info = try reader.info()
        let verify = try StoreVerifier.verify(root: root)
        let status = try SyncStatus.load(store: reader)
        var out = ""
        out += "archive        \(root)\(temporary ? " (temporary)" : "")\n"
        out += "events         \(info.events) from \(info.earliest?.description ?? "-") to \(info.latest?.description ?? "-")\n"
        out += "on disk        \(info.bytesOnDisk) bytes, \(NumberText.twoDecimals(info.bytesPerEvent)) bytes/event, "
        out += "\(NumberText.twoDecimals(info.compressionRatio))x smaller than the NDJSON\n"
        out += "verify         \(verify.isClean ? "whole (\(verify.blocks) blocks checked)" : "\(verify.problems.count) problems")\n"
        for account in status.accounts {
            out += "sync cursor    \(account.account): complete up to \(account.cursor?.description ?? "-"), last success \(account.lastSuccess?.description ?? "never")\n"
        }
        out += "\n"

        let stream = OutputStream()
        try stream.write(out)
        // A few of the saved audit questions (`hubaudit queries` lists them all), asked as of the
        // latest event so that "the last 30 days" means the demo's last 30 days.
        let snapshot = try reader.snapshot()
        let now = Timestamp(seconds: (info.latest?.seconds ?? 0) + 1)
        for name in ["top-pushers", "destructive-actions", "repositories-per-month", "privacy-changes"] {
            guard let saved = SavedQuery.builtIn(name) else { continue }
            let question = saved.text.split(separator: "\n").first { $0.hasPrefix("#") }.map { String($0.dropFirst(2)) } ?? name
            try stream.write("\n\(question)  (hubaudit query @\(name))\n")
            let plan = try QueryPlan(try Query(parsing: saved.text), snapshot: snapshot, now: now)
            let writer = ResultWriter(format: .table, style: TableStyle(width: 120, maxRows: 8)) { bytes in try stream.write(bytes) }
            _ = try QueryEvaluator(plan: plan, snapshot: snapshot).run(into: writer)
        }
        try stream.flush()
    }
}
