import AuditModel
import Foundation
import HubAPI
import SegmentStore

/// Incremental sync of organisations' audit logs from Docker Hub into a store, exactly once.
///
/// Per organisation the store keeps a cursor `T`: every event before `T` is in the store. A run
/// pins its upper end `E` (the Hub's clock minus ``SyncOptions/settleSeconds``) once, then walks
/// time windows from `T − overlap` (or the first run's start) up to `E`. Each window is fetched
/// completely (see ``WindowFetcher``), compared with what the store already holds in the same
/// window by fingerprint *with multiplicity* (two identical events stay two), and only the
/// missing copies are appended and committed together with the cursor `T = window end` in one
/// transaction. A run killed at any moment therefore leaves a consistent store, and the next
/// run continues from the last committed window without losing or repeating an event.
///
/// Windows adapt to the density seen (about ``SyncOptions/targetWindowEvents`` each) and several
/// are fetched at once; they are committed in time order, and at most twice
/// ``SyncOptions/concurrency`` windows are held in memory.
public struct Collector: Sendable {
    /// The Hub client.
    public let client: HubClient
    /// The store directory.
    public let storeRoot: String
    /// What to sync.
    public let options: SyncOptions
    private let observer: @Sendable (SyncEvent) -> Void

    /// Creates a collector.
    public init(client: HubClient, storeRoot: String, options: SyncOptions, observer: @escaping @Sendable (SyncEvent) -> Void = { _ in }) {
        self.client = client
        self.storeRoot = storeRoot
        self.options = options
        self.observer = observer
    }

    static func cursorKey(_ account: String) -> String { SyncStatus.cursorPrefix + account }
    static func successKey(_ account: String) -> String { SyncStatus.successPrefix + account }

    /// Runs the sync of every organisation in ``SyncOptions/accounts``.
    ///
    /// Authentication and access to every organisation are checked before the store is opened,
    /// so bad credentials, a wrong 2FA code, an unknown organisation or a missing permission
    /// leave the store untouched.
    public func run() async throws(SyncError) -> SyncReport {
        guard !options.accounts.isEmpty else { throw .invalid("name at least one organisation (--account ORG)") }
        let started = Date()
        do {
            try await client.authenticate()
            for account in options.accounts {
                _ = try await client.auditLogs(AuditLogQuery(account: account, page: 1, pageSize: 1))
            }
        } catch {
            throw .hub(error)
        }
        let end = Timestamp(seconds: client.hubNow - options.settleSeconds)

        if options.dryRun {
            var reports: [AccountSyncReport] = []
            let cursors = try Self.readCursors(storeRoot)
            for account in options.accounts {
                reports.append(try await dryRun(account: account, cursor: cursors[account], end: end))
            }
            return SyncReport(accounts: reports, hub: client.statistics, seconds: Date().timeIntervalSince(started), dryRun: true)
        }

        let writer: StoreWriter
        let reader: AuditStore
        do {
            writer = try StoreWriter(root: storeRoot)
            reader = try AuditStore(root: storeRoot)
        } catch {
            throw .store(error)
        }
        defer { writer.close() }
        client.persistToken()
        var reports: [AccountSyncReport] = []
        for account in options.accounts {
            reports.append(try await sync(account: account, end: end, writer: writer, reader: reader))
        }
        return SyncReport(accounts: reports, hub: client.statistics, seconds: Date().timeIntervalSince(started), dryRun: false)
    }

    private static func readCursors(_ root: String) throws(SyncError) -> [String: Int64] {
        guard FileManager.default.fileExists(atPath: StoreLayout(root: root).catalog) else { return [:] }
        do {
            let store = try AuditStore(root: root)
            var out: [String: Int64] = [:]
            for (key, value) in try store.states(prefix: SyncStatus.cursorPrefix) {
                out[String(key.dropFirst(SyncStatus.cursorPrefix.count))] = Int64(value)
            }
            return out
        } catch {
            throw .store(error)
        }
    }

    // MARK: One organisation

    private func startOfRange(account: String, cursor: Int64?, end: Timestamp) async throws(SyncError) -> (Timestamp, Bool) {
        if let cursor { return (Timestamp(seconds: max(Self.floor(options.since), cursor - options.overlapSeconds)), true) }
        if let since = options.since { return (Timestamp(seconds: since.seconds), false) }
        return (try await earliestEvent(account: account, end: end) ?? end, false)
    }

    private static func floor(_ t: Timestamp?) -> Int64 { t?.seconds ?? Int64.min }

    private func sync(account: String, end: Timestamp, writer: StoreWriter, reader: AuditStore) async throws(SyncError) -> AccountSyncReport {
        let cursor: Int64?
        do {
            cursor = try writer.state(Self.cursorKey(account)).flatMap { Int64($0) }
        } catch {
            throw .store(error)
        }
        let (start, resumed) = try await startOfRange(account: account, cursor: cursor, end: end)
        observer(.started(account: account, from: start, to: max(start, end), resumed: resumed))
        var report = AccountSyncReport(account: account, from: start, to: max(start, end), fetched: 0, appended: 0, windows: 0, pages: 0)
        let fetcher = WindowFetcher(client: client, options: options, account: account, observer: observer)
        var planner = WindowPlanner(start: start, end: end, targetEvents: options.targetWindowEvents)
        let limit = options.concurrency
        // Windows are committed in groups that fill a block, or once `commitInterval` has passed,
        // or at the end, each group with the cursor of its last window: the same exactly-once
        // guarantee, compact blocks when the Hub is fast, and bounded lost work when it is slow.
        var pendingCursor: Int64?
        let clock = ContinuousClock()
        var lastCommit = clock.now
        let interval = Duration.milliseconds(Int64(options.commitInterval * 1000))
        /// Commits what is appended with its cursor, and says so.
        func commit(_ cursor: Int64, _ extra: [String: String] = [:]) throws {
            let events = writer.pendingEvents
            try writer.commit(state: extra.merging([Self.cursorKey(account): String(cursor)]) { _, new in new })
            lastCommit = clock.now
            pendingCursor = nil
            observer(.committed(account: account, cursor: Timestamp(seconds: cursor), events: events))
        }

        do {
            try await withThrowingTaskGroup(of: FetchedWindow.self) { group in
                var nextIndex = 0
                var nextToCommit = 0
                var inFlight = 0
                var done: [Int: FetchedWindow] = [:]
                func launch() {
                    while inFlight < limit, nextIndex - nextToCommit < 2 * limit, let (from, to) = planner.next() {
                        let index = nextIndex
                        nextIndex += 1
                        inFlight += 1
                        group.addTask { try await fetcher.fetch(index: index, from: from, to: to) }
                    }
                }
                launch()
                while let window = try await group.next() {
                    inFlight -= 1
                    planner.observe(events: window.events.count, from: window.from, to: window.to)
                    done[window.index] = window
                    while let ready = done.removeValue(forKey: nextToCommit) {
                        let appended = try append(ready, account: account, writer: writer, reader: reader)
                        pendingCursor = ready.to.seconds
                        report.fetched += ready.events.count
                        report.appended += appended
                        report.pages += ready.pages
                        report.windows += 1
                        observer(.windowAppended(account: account, from: ready.from, to: ready.to, fetched: ready.events.count,
                                                  appended: appended, pages: ready.pages))
                        if writer.pendingEvents >= writer.options.blockEvents || clock.now - lastCommit >= interval {
                            try commit(ready.to.seconds)
                        }
                        nextToCommit += 1
                    }
                    launch()
                }
            }
            let success = [Self.successKey(account): Timestamp(seconds: Int64(Date().timeIntervalSince1970)).description]
            if let pendingCursor {
                try commit(pendingCursor, success)
            } else if cursor == nil && report.windows == 0 {
                try commit(max(start, end).seconds, success)
            } else {
                try writer.commit(state: success)
            }
        } catch {
            // Windows fetched whole before the failure are kept: commit them with their cursor.
            if let pendingCursor, writer.pendingEvents > 0 {
                try? commit(pendingCursor)
            }
            switch error {
            case let error as SyncError: throw error
            case let error as StoreError: throw .store(error)
            default: throw .invalid("sync of \(account) stopped: \(error)")
            }
        }
        observer(.finished(report))
        return report
    }

    /// Appends the window's events the store does not hold yet (the caller commits them with the
    /// cursor). Windows of one run are disjoint, so only the committed store needs checking.
    private func append(_ window: FetchedWindow, account: String, writer: StoreWriter, reader: AuditStore) throws -> Int {
        var held: [Fingerprint: Int] = [:]
        var scanner = try EventScanner(snapshot: try reader.snapshot(), filter: EventFilter(from: window.from, to: window.to, account: account))
        while let stored = try scanner.next() { held[Fingerprint(stored.event), default: 0] += 1 }
        var appended = 0
        if held.isEmpty {
            try writer.append(contentsOf: window.events)
            appended = window.events.count
        } else {
            for event in window.events {
                let f = Fingerprint(event)
                if let n = held[f], n > 0 {
                    held[f] = n - 1
                } else {
                    try writer.append(event)
                    appended += 1
                }
            }
            let surplus = held.values.reduce(0, +)
            if surplus > 0 { observer(.storeHoldsMore(account: account, from: window.from, to: window.to, events: surplus)) }
        }
        return appended
    }

    // MARK: Finding the start, dry runs

    /// The second of the organisation's earliest event (binary search with one-event probes), or
    /// `nil` when it has none before `end`.
    private func earliestEvent(account: String, end: Timestamp) async throws(SyncError) -> Timestamp? {
        var low = SyncOptions.earliestPossible.seconds
        var high = end.seconds
        guard low < high, try await hasEvents(account: account, from: low, before: high) else { return nil }
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if try await hasEvents(account: account, from: low, before: middle) { high = middle } else { low = middle }
        }
        return Timestamp(seconds: low)
    }

    /// Whether events exist in `[from, before)`; a full page whose events all fall outside counts
    /// as yes (the safe answer for the search).
    private func hasEvents(account: String, from: Int64, before: Int64) async throws(SyncError) -> Bool {
        do {
            let page = try await client.auditLogs(AuditLogQuery(
                account: account, from: Timestamp(seconds: from), to: Timestamp(seconds: before), page: 1, pageSize: 10))
            return page.events.contains { $0.timestamp.seconds < before } || !page.isLast
        } catch {
            throw .hub(error)
        }
    }

    private func dryRun(account: String, cursor: Int64?, end: Timestamp) async throws(SyncError) -> AccountSyncReport {
        let (start, _) = try await startOfRange(account: account, cursor: cursor, end: end)
        var report = AccountSyncReport(account: account, from: start, to: max(start, end), fetched: 0, appended: 0, windows: 0, pages: 0)
        guard start < end else {
            report.estimatedEvents = 0
            return report
        }
        // The deepest non-empty page, by binary search over page numbers.
        let size = options.pageSize
        func page(_ n: Int) async throws(SyncError) -> Int {
            do {
                return try await client.auditLogs(AuditLogQuery(account: account, from: start, to: end, page: n, pageSize: size)).events.count
            } catch .badRequest {
                return -1
            } catch {
                throw .hub(error)
            }
        }
        let last = max(1, options.maxResultWindow / size)
        if try await page(last) == size { return report }
        var low = 1, high = last
        while low < high {
            let middle = (low + high + 1) / 2
            if try await page(middle) > 0 { low = middle } else { high = middle - 1 }
        }
        report.estimatedEvents = (low - 1) * size + max(0, try await page(low))
        return report
    }
}
