import ArgumentParser
import AuditModel
import AuditOutput
import SegmentStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write stored events as canonical NDJSON, in ascending time order.",
        discussion: """
            Events with the same time come out in the order they were stored. --from is \
            inclusive, --to exclusive; both take a date (2024-05-01, midnight UTC) or an RFC 3339 time.

            Example:
              hubaudit export --store ./archive --from 2024-05-01 --to 2024-06-01 --account acme > may.ndjson
            """
    )

    @OptionGroup var store: StoreOptionGroup

    @Option(help: ArgumentHelp("Only events at or after this time.", valueName: "TIME"))
    var from: String?

    @Option(help: ArgumentHelp("Only events before this time.", valueName: "TIME"))
    var to: String?

    @Option(help: ArgumentHelp("Only this organisation's events.", valueName: "ACCOUNT"))
    var account: String?

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "FILE"))
    var output: String?

    func validate() throws {
        _ = try parseTime(from, "--from")
        _ = try parseTime(to, "--to")
    }

    func run() throws {
        let reader = try AuditStore(root: store.path)
        let snapshot = try reader.snapshot()
        let filter = EventFilter(from: try parseTime(from, "--from"), to: try parseTime(to, "--to"), account: account)
        var scanner = try EventScanner(snapshot: snapshot, filter: filter, skipDamaged: true)
        let out = try output.map { (path) throws(OutputError) -> OutputStream in try OutputStream(path: path) } ?? OutputStream()
        let progress = Progress("exporting")
        var count = 0
        while let stored = try scanner.next() {
            try out.append { buffer in
                CanonicalJSON.appendEvent(stored.event, to: &buffer)
                buffer.append(0x0A)
            }
            count += 1
            if count & 0xFFFF == 0 { progress.update(count, unit: "events") }
        }
        progress.finish()
        if output != nil {
            try out.sync()
            Terminal.message("exported \(count) events to \(output ?? "")")
        } else {
            try out.flush()
        }
        for damage in scanner.damaged { Terminal.error("skipped: \(damage)") }
        if !scanner.damaged.isEmpty {
            throw CLIError.invalid("\(scanner.damaged.count) damaged block(s) could not be exported; the rest was")
        }
    }
}

/// Parses a command-line time, or explains what is expected.
func parseTime(_ text: String?, _ option: String) throws -> Timestamp? {
    guard let text else { return nil }
    do {
        return try Timestamp(dateOrRFC3339: text)
    } catch {
        throw ValidationError("\(option): '\(text)' is not a time (\(error)); use 2024-05-01 or 2024-05-01T12:00:00Z")
    }
}
