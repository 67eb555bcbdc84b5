import AuditModel
import AuditQuery
import SegmentStore

/// Which events an export takes: a time range, an account and a query filter, all optional.
public struct ExportSelection: Sendable {
    /// Events at or after this instant.
    public var from: Timestamp?
    /// Events before this instant.
    public var to: Timestamp?
    /// Only this organisation's events.
    public var account: String?
    /// The query filter (`--query`), if any.
    public var predicate: EventPredicate?
    /// How the query was given (`@privacy-changes` for a saved one), for ``summary``; its text when `nil`.
    public var queryLabel: String?

    /// Creates a selection; `nil` parts do not restrict.
    public init(from: Timestamp? = nil, to: Timestamp? = nil, account: String? = nil, predicate: EventPredicate? = nil) {
        self.from = from
        self.to = to
        self.account = account
        self.predicate = predicate
    }

    /// The store-level part (time range and account), which the index and block ranges narrow.
    var eventFilter: EventFilter { EventFilter(from: from, to: to, account: account) }

    /// Whether the query filter admits the event (the store-level part is applied by the scan).
    func admits(_ event: AuditEvent) -> Bool { predicate?.matches(event) ?? true }

    /// A canonical text of the selection, which a checkpoint remembers to refuse a different one.
    public var summary: String {
        var parts: [String] = []
        if let predicate { parts.append("query=\(queryLabel ?? predicate.source)") }
        if let from { parts.append("from=\(from)") }
        if let to { parts.append("to=\(to)") }
        if let account { parts.append("account=\(account)") }
        return parts.isEmpty ? "all events" : parts.joined(separator: " ")
    }
}
