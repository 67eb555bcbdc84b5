import ArgumentParser
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
            that is more than a day old (a scheduled sync has stopped working).

            Example:
              hubaudit info --store ./archive
              hubaudit info --store ./archive --format json | jq .bytes_per_event
            """
    )

    @OptionGroup var store: StoreOptionGroup

    @Option(help: "Output format: table, ndjson or json (default: table on a terminal, else ndjson).")
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
            var rows = usage.map { u in
                [u.column, String(u.storedBytes), String(u.rawBytes), info.events == 0 ? "-" : format2(Double(u.storedBytes) / Double(info.events))]
            }
            rows.append(["(headers and directories)", String(headers), String(headers), info.events == 0 ? "-" : format2(Double(headers) / Double(info.events))])
            Terminal.message(renderTable(header: ["column", "stored", "raw", "per event"], rows: rows, rightAligned: [1, 2, 3]))
        }
        switch OutputFormat.resolve(format) {
        case .table:
            var rows: [[String]] = [
                ["store", StoreLayout(root: store.path).root],
                ["events", String(info.events)],
                ["accounts", info.accounts.map { "\($0.account) (\($0.events))" }.joined(separator: ", ")],
                ["earliest", info.earliest?.description ?? "-"],
                ["latest", info.latest?.description ?? "-"],
                ["segments", String(info.segments)],
                ["blocks", String(info.blocks)],
                ["bytes on disk", "\(info.bytesOnDisk) (segments \(info.segmentBytes), catalog \(info.catalogBytes))"],
                ["bytes per event", format2(info.bytesPerEvent)],
                ["NDJSON bytes", String(info.ndjsonBytes)],
                ["compression", format2(info.compressionRatio) + "x smaller than NDJSON"],
            ]
            for account in sync.accounts {
                let last = account.lastSuccess.map { "last successful sync \($0)" } ?? "never synced successfully"
                let cursor = account.cursor.map { ", complete up to \($0)" } ?? ""
                rows.append(["sync \(account.account)", last + cursor])
            }
            if info.events == 0 { rows.removeSubrange(3...4) }
            print(renderTable(header: ["", ""], rows: rows).split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n"), terminator: "")
        case .ndjson, .json:
            var object = JSONObject()
            object.add("store", StoreLayout(root: store.path).root)
            object.add("events", info.events)
            let accounts = info.accounts.map { a -> String in
                var o = JSONObject()
                o.add("account", a.account)
                o.add("events", a.events)
                return o.text
            }
            object.add("accounts", raw: "[" + accounts.joined(separator: ",") + "]")
            if let earliest = info.earliest, let latest = info.latest {
                object.add("earliest", earliest.description)
                object.add("latest", latest.description)
            } else {
                object.addNull("earliest")
                object.addNull("latest")
            }
            object.add("segments", info.segments)
            object.add("blocks", info.blocks)
            object.add("segment_bytes", info.segmentBytes)
            object.add("catalog_bytes", info.catalogBytes)
            object.add("bytes_on_disk", info.bytesOnDisk)
            object.add("bytes_per_event", (info.bytesPerEvent * 100).rounded() / 100)
            object.add("ndjson_bytes", info.ndjsonBytes)
            object.add("compression_ratio", (info.compressionRatio * 100).rounded() / 100)
            let syncs = sync.accounts.map { a -> String in
                var o = JSONObject()
                o.add("account", a.account)
                if let cursor = a.cursor { o.add("complete_until", cursor.description) } else { o.addNull("complete_until") }
                if let last = a.lastSuccess { o.add("last_success", last.description) } else { o.addNull("last_success") }
                o.add("stale", a.isStale(now: now))
                return o.text
            }
            object.add("sync", raw: "[" + syncs.joined(separator: ",") + "]")
            print(object.text)
        }
    }
}

func format2(_ value: Double) -> String {
    let scaled = Int((value * 100).rounded())
    let fraction = scaled % 100
    return "\(scaled / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}
