import ArgumentParser
import AuditModel
import EventGenerator
import EventImport
import Foundation
import SegmentStore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a year of an organisation's audit history, archive it, and show what the store holds.",
        discussion: """
            Without --store the archive goes to a temporary directory that is removed afterwards. \
            Until sync lands, the demo imports generated NDJSON; afterwards it will sync from the \
            built-in Docker Hub emulator.

            Example:
              hubaudit demo
              hubaudit demo --events 1000000 --store ./demo-archive
            """
    )

    @Option(help: ArgumentHelp("Keep the archive in this directory instead of a temporary one.", valueName: "DIR"))
    var store: String?

    @Option(help: "How many events to generate.")
    var events: Int = 200_000

    @Option(help: "Seed of the generator.")
    var seed: UInt64 = 2024

    func validate() throws {
        guard events > 0 else { throw ValidationError("--events must be at least 1") }
    }

    func run() throws {
        let temporary = store == nil
        let root = store ?? (NSTemporaryDirectory() + "hubaudit-demo-\(getpid())")
        defer { if temporary { try? FileManager.default.removeItem(atPath: root) } }
        let ndjson = root + ".input.ndjson"
        defer { try? FileManager.default.removeItem(atPath: ndjson) }

        Terminal.message("generating \(events) audit events of a year at acme (seed \(seed))…")
        var generator = EventGenerator(GeneratorConfiguration(
            events: events, seed: seed, start: Timestamp(seconds: 1_704_067_200), days: 366, organisations: 1))
        let file = try OutputStream(path: ndjson)
        var buffer: [UInt8] = []
        while true {
            buffer.removeAll(keepingCapacity: true)
            if generator.appendNDJSON(to: &buffer, maxEvents: 4096) == 0 { break }
            try file.write(buffer)
        }
        try file.sync()

        let started = Date()
        let writer = try StoreWriter(root: root)
        let result = try Importer(writer: writer).importFile(ndjson)
        writer.close()
        let seconds = Date().timeIntervalSince(started)
        Terminal.message("imported \(result.imported) events into \(root) in \(format2(seconds)) s")

        let reader = try AuditStore(root: root)
        let info = try reader.info()
        let verify = try StoreVerifier.verify(root: root)
        var out = ""
        out += "archive        \(root)\(temporary ? " (temporary)" : "")\n"
        out += "events         \(info.events) from \(info.earliest?.description ?? "-") to \(info.latest?.description ?? "-")\n"
        out += "on disk        \(info.bytesOnDisk) bytes, \(format2(info.bytesPerEvent)) bytes/event, "
        out += "\(format2(info.compressionRatio))x smaller than the NDJSON\n"
        out += "verify         \(verify.isClean ? "whole (\(verify.blocks) blocks checked)" : "\(verify.problems.count) problems")\n\n"

        let snapshot = try reader.snapshot()
        let actions = try snapshot.terms(.action).sorted { $0.events > $1.events }
        out += "events per action (from the index, no block read):\n"
        out += renderTable(header: ["action", "events"], rows: actions.map { [$0.value, String($0.events)] }, rightAligned: [1])
        let actors = try snapshot.terms(.actor).sorted { $0.events != $1.events ? $0.events > $1.events : $0.value < $1.value }
        out += "\nbusiest actors:\n"
        out += renderTable(header: ["actor", "events"], rows: actors.prefix(8).map { [$0.value, String($0.events)] }, rightAligned: [1])
        out += "(\(max(0, actors.count - 8)) more rows)\n"

        out += "\nthe latest three events (hubaudit export):\n"
        var scanner = try EventScanner(snapshot: snapshot, filter: EventFilter(from: info.latest))
        var latest: [String] = []
        while let stored = try scanner.next() { latest.append(CanonicalJSON.line(stored.event)) }
        out += latest.suffix(3).joined()
        print(out, terminator: "")
    }
}
