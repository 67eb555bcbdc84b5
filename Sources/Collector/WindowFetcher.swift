import AuditModel
import HubAPI

/// The events of one time window, fetched completely.
struct FetchedWindow: Sendable {
    var index: Int
    var from: Timestamp
    var to: Timestamp
    /// Ascending by time.
    var events: [AuditEvent]
    var pages: Int
}

/// Fetches every event of an organisation in a time window `[from, to)`.
///
/// Pages newest first until a short page. The request starts one second early and the answer is
/// filtered here, so it does not matter whether the Hub treats `from`/`to` as inclusive or
/// exclusive (an inclusive `to` only adds events that are dropped; `to` is never padded, so
/// events arriving after the run's pinned end cannot shift the pages of its last window). When paging cannot reach the end (the Hub refuses the depth, or the last
/// reachable page is full) the window is split in two, down to single seconds. When a page
/// boundary falls inside one second, that second is re-read on its own (see
/// ``SyncOptions/recheckTiedBoundaries``).
struct WindowFetcher: Sendable {
    let client: HubClient
    let options: SyncOptions
    let account: String
    let observer: @Sendable (SyncEvent) -> Void

    private struct TooDeep: Error {}

    func fetch(index: Int, from: Timestamp, to: Timestamp) async throws(SyncError) -> FetchedWindow {
        var pages = 0
        var newestFirst = try await collect(from: from, to: to, pages: &pages, recheck: options.recheckTiedBoundaries)
        newestFirst.reverse()
        return FetchedWindow(index: index, from: from, to: to, events: newestFirst, pages: pages)
    }

    /// The window's events, newest first.
    private func collect(from: Timestamp, to: Timestamp, pages: inout Int, recheck: Bool) async throws(SyncError) -> [AuditEvent] {
        do {
            return try await page(from: from, to: to, pages: &pages, recheck: recheck)
        } catch is TooDeep {
            guard to.seconds - from.seconds > 1 else {
                throw .tooDense(account: account, second: from, reachable: options.maxResultWindow)
            }
            observer(.windowSplit(account: account, from: from, to: to))
            let middle = Timestamp(seconds: from.seconds + (to.seconds - from.seconds) / 2)
            let newer = try await collect(from: middle, to: to, pages: &pages, recheck: recheck)
            let older = try await collect(from: from, to: middle, pages: &pages, recheck: recheck)
            return newer + older
        } catch let error as SyncError {
            throw error
        } catch {
            throw .invalid("unexpected \(error)")
        }
    }

    private func page(from: Timestamp, to: Timestamp, pages: inout Int, recheck: Bool) async throws -> [AuditEvent] {
        let size = options.pageSize
        let reachablePages = max(1, options.maxResultWindow / size)
        var query = AuditLogQuery(
            account: account, from: Timestamp(seconds: from.seconds - 1), to: to, page: 1, pageSize: size)
        var collected: [AuditEvent] = []
        var boundaries: [Int64] = []
        func inWindow(_ e: AuditEvent) -> Bool { !(e.timestamp < from) && e.timestamp < to }

        var first = try await get(query, pages: &pages)
        if !first.isLast && reachablePages > 1 {
            // Probe the deepest reachable page before paging: a full one means too many events.
            query.page = reachablePages
            let deepest = try await get(query, pages: &pages)
            if !deepest.isLast { throw TooDeep() }
        } else if !first.isLast {
            throw TooDeep()
        }
        var pageNumber = 1
        while true {
            if let last = collected.last, let next = first.events.first, last.timestamp.seconds == next.timestamp.seconds {
                boundaries.append(next.timestamp.seconds)
            }
            collected.append(contentsOf: first.events)
            if first.isLast { break }
            pageNumber += 1
            guard pageNumber <= reachablePages else { throw TooDeep() }
            query.page = pageNumber
            first = try await get(query, pages: &pages)
        }
        collected.removeAll { !inWindow($0) }
        let seconds = Set(boundaries).filter { $0 >= from.seconds && $0 < to.seconds }
        guard recheck, !seconds.isEmpty, to.seconds - from.seconds > 1 else { return collected }
        // Re-read each second a page boundary split, on its own, and use that instead.
        collected.removeAll { seconds.contains($0.timestamp.seconds) }
        for second in seconds.sorted(by: >) {
            var extra = 0
            let alone = try await collect(from: Timestamp(seconds: second), to: Timestamp(seconds: second + 1),
                                          pages: &extra, recheck: false)
            pages += extra
            let position = collected.firstIndex { $0.timestamp.seconds < second } ?? collected.count
            collected.insert(contentsOf: alone, at: position)
        }
        return collected
    }

    private func get(_ query: AuditLogQuery, pages: inout Int) async throws -> AuditLogPage {
        pages += 1
        do {
            return try await client.auditLogs(query)
        } catch .badRequest where query.page > 1 {
            throw TooDeep()
        } catch {
            throw SyncError.hub(error)
        }
    }
}
