/// Merges runs of events, each already in ascending (time, sequence) order, into one such
/// stream: how blocks that overlap in time are read out in order.
///
/// Callers add a block's events when its earliest time could come next (compare
/// ``nextSeconds`` with the block's `minSeconds`), so memory holds only the blocks that overlap.
public struct TimeOrderedMerge: Sendable {
    private struct Run: Sendable {
        var events: [StoredEvent]
        var index: Int
        var current: StoredEvent { events[index] }
    }

    private var heap: [Run] = []

    /// An empty merge.
    public init() {}

    /// Whether no event is left.
    public var isEmpty: Bool { heap.isEmpty }

    /// The whole second of the event that ``pop()`` would return, if any.
    public var nextSeconds: Int64? { heap.first?.current.event.timestamp.seconds }

    /// Adds a run (ignored when empty).
    public mutating func add(_ events: [StoredEvent]) {
        guard !events.isEmpty else { return }
        heap.append(Run(events: events, index: 0))
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.precedes(heap[i], heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    /// The earliest remaining event (ties by sequence number), or `nil` when none is left.
    public mutating func pop() -> StoredEvent? {
        guard !heap.isEmpty else { return nil }
        let event = heap[0].current
        heap[0].index += 1
        if heap[0].index == heap[0].events.count {
            let last = heap.removeLast()
            guard !heap.isEmpty else { return event }
            heap[0] = last
        }
        siftDown(0)
        return event
    }

    private static func precedes(_ a: Run, _ b: Run) -> Bool {
        let x = a.current, y = b.current
        return x.event.timestamp != y.event.timestamp ? x.event.timestamp < y.event.timestamp : x.seq < y.seq
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < heap.count, Self.precedes(heap[l], heap[best]) { best = l }
            if r < heap.count, Self.precedes(heap[r], heap[best]) { best = r }
            if best == i { return }
            heap.swapAt(i, best)
            i = best
        }
    }
}
