import AuditModel

/// Which events a scan returns: a time range and optionally one account.
public struct EventFilter: Sendable, Hashable {
    /// Events at or after this instant.
    public var from: Timestamp?
    /// Events strictly before this instant.
    public var to: Timestamp?
    /// Only this organisation's events.
    public var account: String?

    /// Creates a filter; `nil` parts do not restrict.
    public init(from: Timestamp? = nil, to: Timestamp? = nil, account: String? = nil) {
        self.from = from
        self.to = to
        self.account = account
    }

    func admits(_ event: AuditEvent) -> Bool {
        if let from, event.timestamp < from { return false }
        if let to, !(event.timestamp < to) { return false }
        if let account, event.account != account { return false }
        return true
    }

    func overlaps(_ block: BlockInfo) -> Bool {
        if let from, block.maxSeconds < from.seconds { return false }
        if let to, block.minSeconds > to.seconds || (block.minSeconds == to.seconds && to.nanoseconds == 0) { return false }
        return true
    }
}

/// Streams a snapshot's events in ascending time order, ties in the order they were stored.
///
/// Blocks are sorted inside, and mostly disjoint in time, so the scanner merges them with a heap
/// and opens a block only when its earliest event could come next: memory holds the blocks that
/// overlap in time, not the store.
public struct EventScanner {
    private let snapshot: StoreSnapshot
    private let filter: EventFilter
    private var candidates: [BlockInfo]
    private var nextCandidate = 0
    private var merge = TimeOrderedMerge()
    private let skipDamaged: Bool

    /// Damaged blocks that were skipped (only with `skipDamaged`), so a caller can report them.
    public private(set) var damaged: [StoreError] = []

    /// Blocks the scan will read (after the time range and the account index narrowed them).
    public var blocksToRead: Int { candidates.count }

    /// Events those blocks hold (an upper bound of what the scan returns).
    public var eventsToRead: Int { candidates.reduce(0) { $0 + $1.eventCount } }

    /// Prepares a scan; only the index is consulted here, no block is read.
    ///
    /// With `skipDamaged`, a block that cannot be read, or that a segment holds but the catalog
    /// does not name, is recorded in ``damaged`` and the scan goes on with the rest; otherwise the
    /// scan stops with its error.
    public init(snapshot: StoreSnapshot, filter: EventFilter = EventFilter(), skipDamaged: Bool = false) throws(StoreError) {
        self.snapshot = snapshot
        self.filter = filter
        self.skipDamaged = skipDamaged
        var blocks = snapshot.blocks.filter { filter.overlaps($0) }
        if let account = filter.account {
            let ids = Set(try snapshot.blocks(where: .account, equals: account).map(\.block))
            blocks.removeAll { !ids.contains($0.id) }
        }
        blocks.sort { $0.minSeconds != $1.minSeconds ? $0.minSeconds < $1.minSeconds : $0.id < $1.id }
        candidates = blocks
        // Blocks the catalog lost are damage too: never a shorter answer without a word.
        let unnamed = try CatalogCoverage.unnamedBlocks(snapshot)
        if let first = unnamed.first, !skipDamaged { throw first }
        damaged = unnamed
    }

    /// The next event, or `nil` at the end.
    public mutating func next() throws(StoreError) -> StoredEvent? {
        while nextCandidate < candidates.count,
              merge.nextSeconds.map({ candidates[nextCandidate].minSeconds <= $0 }) ?? true {
            let block = candidates[nextCandidate]
            nextCandidate += 1
            var events: [StoredEvent]
            do {
                events = try Self.decode(block, snapshot)
            } catch {
                guard skipDamaged else { throw error }
                damaged.append(error)
                continue
            }
            events.removeAll { !filter.admits($0.event) }
            merge.add(events)
        }
        return merge.pop()
    }

    private static func decode(_ block: BlockInfo, _ snapshot: StoreSnapshot) throws(StoreError) -> [StoredEvent] {
        let reader = try snapshot.readBlock(block)
        do {
            return try reader.events()
        } catch {
            throw .damagedBlock(segment: StoreLayout.segmentName(block.segment), offset: Int(block.offset), reason: "\(error)")
        }
    }
}
