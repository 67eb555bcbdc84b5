import AuditModel

/// What a sync fetches and how.
public struct SyncOptions: Sendable, Hashable {
    /// The organisations to sync, in order.
    public var accounts: [String]
    /// Where a first sync starts; `nil` means as far back as the Hub has events.
    public var since: Timestamp?
    /// The upper end of a run is the Hub's clock minus this many seconds, so events the Hub is
    /// still ingesting are left to the next run.
    public var settleSeconds: Int64
    /// A later run re-reads this many seconds before its cursor and adds only what is missing,
    /// catching events the Hub reported late.
    public var overlapSeconds: Int64
    /// The number of events a time window should hold; windows adapt to the density seen.
    public var targetWindowEvents: Int
    /// How deep paging can reach (`page × page_size`); a window with more events is split.
    public var maxResultWindow: Int
    /// Events per request (the Hub's cap is 100).
    public var pageSize: Int
    /// Windows fetched at the same time (their events are committed in time order).
    public var concurrency: Int
    /// When a page boundary falls inside one second, re-read that second on its own, so an
    /// unstable order of same-second events between requests cannot drop or repeat one.
    public var recheckTiedBoundaries: Bool
    /// Only report what would be fetched.
    public var dryRun: Bool
    /// Seconds between commits at the most, while windows arrive: windows are committed in
    /// groups that fill a block, but also whenever this long has passed, so a run killed at
    /// any moment loses at most this much work (smaller blocks are the price on a slow Hub).
    public var commitInterval: Double

    /// Creates options with the defaults: 60 s settle, 15 min overlap, 5,000-event windows,
    /// paging to 10,000 results, pages of 100, 4 windows in flight, a commit at least every 5 s.
    public init(
        accounts: [String], since: Timestamp? = nil, settleSeconds: Int64 = 60, overlapSeconds: Int64 = 900,
        targetWindowEvents: Int = 5_000, maxResultWindow: Int = 10_000, pageSize: Int = 100, concurrency: Int = 4,
        recheckTiedBoundaries: Bool = true, dryRun: Bool = false, commitInterval: Double = 5
    ) {
        self.accounts = accounts
        self.since = since
        self.settleSeconds = max(0, settleSeconds)
        self.overlapSeconds = max(0, overlapSeconds)
        self.pageSize = min(max(1, pageSize), 100)
        self.maxResultWindow = max(self.pageSize, maxResultWindow)
        self.targetWindowEvents = min(max(1, targetWindowEvents), self.maxResultWindow / 2)
        self.concurrency = max(1, concurrency)
        self.recheckTiedBoundaries = recheckTiedBoundaries
        self.dryRun = dryRun
        self.commitInterval = max(0, commitInterval)
    }

    /// The earliest instant a history search looks at: 2013-01-01, before Docker Hub existed.
    public static let earliestPossible = Timestamp(seconds: 1_356_998_400)
}
