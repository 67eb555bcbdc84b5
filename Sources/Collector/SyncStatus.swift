import AuditModel
import SegmentStore

/// Each organisation's sync state as the store records it: for `hubaudit info` and monitoring.
public struct SyncStatus: Sendable, Hashable {
    /// One organisation's state.
    public struct Account: Sendable, Hashable {
        /// The organisation.
        public var account: String
        /// Every event before this instant is in the store.
        public var cursor: Timestamp?
        /// When the last run that finished without error ended (wall clock).
        public var lastSuccess: Timestamp?

        /// Whether the last successful sync is older than `maxAge` seconds at `now` (or never was).
        public func isStale(now: Timestamp, maxAge: Int64 = 86_400) -> Bool {
            guard let lastSuccess else { return true }
            return now.seconds - lastSuccess.seconds > maxAge
        }

        /// A warning for a stale account, naming the gap and the fix; `nil` when fresh.
        public func warning(now: Timestamp, maxAge: Int64 = 86_400) -> String? {
            guard isStale(now: now, maxAge: maxAge) else { return nil }
            guard let lastSuccess else {
                return "\(account): no sync has finished yet; run 'hubaudit sync --account \(account)'"
            }
            let hours = (now.seconds - lastSuccess.seconds) / 3600
            return "\(account): last successful sync \(hours) hours ago (\(lastSuccess)); check the scheduled 'hubaudit sync' and its exit code"
        }
    }

    /// Per organisation, sorted by name.
    public var accounts: [Account]

    /// State keys, shared with the collector.
    static let cursorPrefix = "sync.cursor."
    static let successPrefix = "sync.last_success."

    /// Reads the state of every organisation ever synced into `store`.
    public static func load(store: AuditStore) throws(StoreError) -> SyncStatus {
        let cursors = try store.states(prefix: cursorPrefix)
        let successes = try store.states(prefix: successPrefix)
        var names = Set(cursors.keys.map { String($0.dropFirst(cursorPrefix.count)) })
        names.formUnion(successes.keys.map { String($0.dropFirst(successPrefix.count)) })
        return SyncStatus(accounts: names.sorted().map { name in
            Account(
                account: name,
                cursor: cursors[cursorPrefix + name].flatMap { Int64($0) }.map { Timestamp(seconds: $0) },
                lastSuccess: successes[successPrefix + name].flatMap { try? Timestamp(rfc3339: $0) })
        })
    }

    /// Warnings for every stale organisation.
    public func warnings(now: Timestamp, maxAge: Int64 = 86_400) -> [String] {
        accounts.compactMap { $0.warning(now: now, maxAge: maxAge) }
    }
}
