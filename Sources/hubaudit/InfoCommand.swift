import ArgumentParser
import AuditOutput
import AuditModel
import Collector
import Foundation
import SegmentStore

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Summarise the store: events, accounts, time span, size on disk, compression.",
        discussion: """
            Bytes on disk count the segments and the catalog (with its index) together; the \
            compression ratio compares them with the canonical NDJSON the store holds. For each \
            synced organisation it shows the last successful sync, and warns on standard error when \
            that is more than a day old (a scheduled sync has stopped working). When the last \
            'hubaudit verify' recorded damaged blocks, it says so on standard error and exits with \
            status 1: the counts shown include events that cannot be read.

            Example:
              hubaudit info --store ./archive
              hubaudit info --store ./archive --format json | jq .bytes_per_event
            """
    )

    @OptionGroup var store: StoreOptionGroup

    @Option(help: "Output format: table, ndjson, json or csv (default: table on a terminal, else ndjson).")
    var format: OutputFormat?

    @Flag(help: "Also show how many bytes each block column takes (reads every block's directory).")
    var columns = false

    func run() throws {
        let reader = try AuditStore(root: store.path)
        let info = try reader.info()
        let sync = try SyncStatus.load(store: reader)
        let now = Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        for warning in sync.warnings(now: now) { Terminal.warning(warning) }
        if columns {
            let (usage, headers) = try reader.columnUsage()
            func perEvent(_ bytes: Int64) -> String { info.events == 0 ? "-" : NumberText.twoDecimals(Double(bytes) / Double(info.events)) }
            var rows = usage.map { u in [u.column, String(u.storedBytes), String(u.rawBytes), perEvent(Int64(u.storedBytes))] }
            rows.append(["(headers and directories)", String(headers), String(headers), perEvent(Int64(headers))])
            Terminal.message(TableRenderer.render(header: ["column", "stored", "raw", "per event"], rows: rows, rightAligned: [1, 2, 3]))
        }
        let report = StoreReport(root: StoreLayout(root: store.path).root, info: info, sync: sync, now: now)
        let out = OutputStream()
        switch OutputFormat.resolve(format) {
        case .table: try out.write(TableRenderer.render(header: ["", ""], rows: report.rows, style: TableStyle(showsHeader: false)))
        case .ndjson, .json: try out.write(report.json + "\n")
        case .csv: try out.write(ReportWriter.render(header: ["field", "value"], rows: report.rows, format: .csv))
        }
        try out.flush()
        let damage = try reader.snapshot().damagedBlocks().values.sorted { $0.block < $1.block }
        if let first = damage.first {
            let events = damage.reduce(0) { $0 + $1.events }
            Terminal.warning("verify recorded \(damage.count) damaged block(s) holding \(events) events, counted above; first: \(first)")
            throw ExitCode(1)
        }
    }
}
