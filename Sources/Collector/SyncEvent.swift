import AuditModel
import HubAPI

/// Something a sync did, for a progress display or a log.
public enum SyncEvent: Sendable {
    /// An organisation's sync starts: it will cover `[from, to)`.
    case started(account: String, from: Timestamp, to: Timestamp, resumed: Bool)
    /// A window was fetched whole and its new events appended; they are committed with the cursor
    /// once a block fills, when ``SyncOptions/commitInterval`` has passed, and at the end of the run.
    case windowAppended(account: String, from: Timestamp, to: Timestamp, fetched: Int, appended: Int, pages: Int)
    /// Everything before `cursor` is durable: `events` appended events were committed with it.
    case committed(account: String, cursor: Timestamp, events: Int)
    /// A window held more events than paging can reach and was split.
    case windowSplit(account: String, from: Timestamp, to: Timestamp)
    /// An organisation is done.
    case finished(AccountSyncReport)
    /// The store held more copies of some events than the Hub reports now (nothing is removed).
    case storeHoldsMore(account: String, from: Timestamp, to: Timestamp, events: Int)
    /// The Hub client reported something (a retry, a wait, a login).
    case hub(HubClientEvent)
}

/// What a sync did for one organisation.
public struct AccountSyncReport: Sendable, Hashable {
    /// The organisation.
    public var account: String
    /// The covered range `[from, to)`.
    public var from: Timestamp
    /// Its end: the cursor after the run.
    public var to: Timestamp
    /// Events the Hub returned (overlap included).
    public var fetched: Int
    /// Events added to the store.
    public var appended: Int
    /// Windows committed.
    public var windows: Int
    /// Audit-log pages read.
    public var pages: Int
    /// For a dry run: events the range holds, when countable (`nil` when more than paging reaches).
    public var estimatedEvents: Int?
}

/// What a whole run did.
public struct SyncReport: Sendable, Hashable {
    /// Per organisation.
    public var accounts: [AccountSyncReport]
    /// The Hub client's traffic.
    public var hub: HubClientStatistics
    /// Seconds the run took.
    public var seconds: Double
    /// Whether nothing was written.
    public var dryRun: Bool

    /// Events added in total.
    public var appended: Int { accounts.reduce(0) { $0 + $1.appended } }
    /// Events fetched in total.
    public var fetched: Int { accounts.reduce(0) { $0 + $1.fetched } }
}
