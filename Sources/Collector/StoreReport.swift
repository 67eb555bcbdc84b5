import AuditModel
import AuditOutput
import SegmentStore

/// What `hubaudit info` reports: the store's summary (``StoreInfo``) and each organisation's
/// sync state (``SyncStatus``), as name-and-value rows for a table or CSV, or as one JSON object.
///
/// It lives here because the collector is the one library that knows both the store and the
/// sync state.
public struct StoreReport: Sendable {
    /// The store directory, as shown.
    public var root: String
    /// The store's summary.
    public var info: StoreInfo
    /// Each organisation's sync state.
    public var sync: SyncStatus
    /// The time staleness is judged at.
    public var now: Timestamp

    /// A report of `info` and `sync` for the store at `root`, as of `now`.
    public init(root: String, info: StoreInfo, sync: SyncStatus, now: Timestamp) {
        self.root = root
        self.info = info
        self.sync = sync
        self.now = now
    }

    /// Name and value rows (for a table without a header, or CSV under `field,value`).
    public var rows: [[String]] {
        var rows: [[String]] = [
            ["store", root],
            ["events", String(info.events)],
            ["accounts", info.accounts.map { "\($0.account) (\($0.events))" }.joined(separator: ", ")],
            ["earliest", info.earliest?.description ?? "-"],
            ["latest", info.latest?.description ?? "-"],
            ["segments", String(info.segments)],
            ["blocks", String(info.blocks)],
            ["bytes on disk", "\(info.bytesOnDisk) (segments \(info.segmentBytes), catalog \(info.catalogBytes))"],
            ["bytes per event", NumberText.twoDecimals(info.bytesPerEvent)],
            ["NDJSON bytes", String(info.ndjsonBytes)],
            ["compression", NumberText.twoDecimals(info.compressionRatio) + "x smaller than NDJSON"],
        ]
        for account in sync.accounts {
            let last = account.lastSuccess.map { "last successful sync \($0)" } ?? "never synced successfully"
            let cursor = account.cursor.map { ", complete up to \($0)" } ?? ""
            rows.append(["sync \(account.account)", last + cursor])
        }
        if info.events == 0 { rows.removeSubrange(3...4) }
        return rows
    }

    /// The report as one JSON object (one line, no newline): the figures under snake_case keys,
    /// ratios rounded to two decimals, times in RFC 3339, absent times `null`.
    public var json: String {
        var object = JSONObject()
        object.add("store", root)
        object.add("events", info.events)
        object.add("accounts", info.accounts.map { a in
            var o = JSONObject()
            o.add("account", a.account)
            o.add("events", a.events)
            return o
        })
        let span = info.earliest.flatMap { e in info.latest.map { (e, $0) } }
        object.add("earliest", span?.0.description)
        object.add("latest", span?.1.description)
        object.add("segments", info.segments)
        object.add("blocks", info.blocks)
        object.add("segment_bytes", info.segmentBytes)
        object.add("catalog_bytes", info.catalogBytes)
        object.add("bytes_on_disk", info.bytesOnDisk)
        object.add("bytes_per_event", (info.bytesPerEvent * 100).rounded() / 100)
        object.add("ndjson_bytes", info.ndjsonBytes)
        object.add("compression_ratio", (info.compressionRatio * 100).rounded() / 100)
        object.add("sync", sync.accounts.map { a in
            var o = JSONObject()
            o.add("account", a.account)
            o.add("complete_until", a.cursor?.description)
            o.add("last_success", a.lastSuccess?.description)
            o.add("stale", a.isStale(now: now))
            return o
        })
        return object.text
    }
}
