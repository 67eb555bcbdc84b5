import AuditModel
import SegmentStore

/// Streams a snapshot's events in sequence (append) order from a position on: what a
/// checkpointed export reads, so that "everything below the position was delivered" is one
/// number. Blocks hold their events in time order and main and side blocks interleave in
/// sequence numbers, so blocks are opened in order of their first sequence number and merged
/// by sequence number; memory holds the blocks whose ranges overlap.
///
/// Each event comes with the number of identical twins stored before it (same second, same
/// fingerprint, lower sequence number), found in the blocks overlapping its block in time, so
/// ids agree with a time-ordered export's.
struct SequenceScanner {
    private let snapshot: StoreSnapshot
    private let filter: EventFilter
    private let position: UInt64
    private let countTwins: Bool
    private var candidates: [BlockInfo]
    private var nextCandidate = 0
    private var heap: [Run] = []
    private var decoded: [Int64: [StoredEvent]] = [:]

    /// One opened block's selected events (with their twin counts), in sequence order.
    private struct Run {
        var events: [(StoredEvent, Int)]
        var index: Int
        var seq: UInt64 { events[index].0.seq }
    }

    init(snapshot: StoreSnapshot, filter: EventFilter, position: UInt64, countTwins: Bool) throws(StoreError) {
        self.snapshot = snapshot
        self.filter = filter
        self.position = position
        self.countTwins = countTwins
        var blocks = snapshot.blocks.filter { block in
            (filter.from.map { block.maxSeconds >= $0.seconds } ?? true) && (filter.to.map { block.minSeconds <= $0.seconds } ?? true)
        }
        if let account = filter.account {
            let ids = Set(try snapshot.blocks(where: .account, equals: account).map(\.block))
            blocks.removeAll { !ids.contains($0.id) }
        }
        blocks.sort { $0.firstSeq != $1.firstSeq ? $0.firstSeq < $1.firstSeq : $0.id < $1.id }
        candidates = blocks
    }

    /// The next event at or past the position, in sequence order, with its earlier twins.
    mutating func next() throws(StoreError) -> (StoredEvent, earlierTwins: Int)? {
        while nextCandidate < candidates.count, heap.first.map({ candidates[nextCandidate].firstSeq <= $0.seq }) ?? true {
            let block = candidates[nextCandidate]
            nextCandidate += 1
            let header = try snapshot.readBlock(block).header
            guard header.firstSeq + UInt64(header.seqSpan) > position else { continue }
            let all = try events(of: block)
            var wanted = all.filter { $0.seq >= position && admits($0.event) }
            guard !wanted.isEmpty else { continue }
            wanted.sort { $0.seq < $1.seq }
            let twins = countTwins ? try twinCounts(wanted, block: block) : [Int](repeating: 0, count: wanted.count)
            push(Run(events: Array(zip(wanted, twins)), index: 0))
        }
        guard !heap.isEmpty else { return nil }
        let item = heap[0].events[heap[0].index]
        heap[0].index += 1
        if heap[0].index == heap[0].events.count {
            let last = heap.removeLast()
            if !heap.isEmpty { heap[0] = last }
        }
        siftDown(0)
        return item
    }

    private func admits(_ event: AuditEvent) -> Bool {
        if let from = filter.from, event.timestamp < from { return false }
        if let to = filter.to, !(event.timestamp < to) { return false }
        if let account = filter.account, event.account != account { return false }
        return true
    }

    private mutating func events(of block: BlockInfo) throws(StoreError) -> [StoredEvent] {
        if let cached = decoded[block.id] { return cached }
        let reader = try snapshot.readBlock(block)
        let events: [StoredEvent]
        do {
            events = try reader.events()
        } catch {
            throw .damagedBlock(segment: StoreLayout.segmentName(block.segment), offset: Int(block.offset), reason: "\(error)")
        }
        if decoded.count >= 8 { decoded.removeAll(keepingCapacity: true) }
        decoded[block.id] = events
        return events
    }

    /// For each event, how many identical events with a lower sequence number the store holds.
    private mutating func twinCounts(_ wanted: [StoredEvent], block: BlockInfo) throws(StoreError) -> [Int] {
        var seqsByPrint: [Fingerprint: [UInt64]] = [:]
        let seconds = Set(wanted.map(\.event.timestamp.seconds))
        for other in snapshot.blocks where other.minSeconds <= block.maxSeconds && other.maxSeconds >= block.minSeconds {
            for stored in try events(of: other) where seconds.contains(stored.event.timestamp.seconds) {
                seqsByPrint[Fingerprint(stored.event), default: []].append(stored.seq)
            }
        }
        return wanted.map { stored in
            (seqsByPrint[Fingerprint(stored.event)] ?? []).reduce(0) { $1 < stored.seq ? $0 + 1 : $0 }
        }
    }

    private mutating func push(_ run: Run) {
        heap.append(run)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].seq < heap[parent].seq else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < heap.count, heap[l].seq < heap[best].seq { best = l }
            if r < heap.count, heap[r].seq < heap[best].seq { best = r }
            if best == i { return }
            heap.swapAt(i, best)
            i = best
        }
    }
}
