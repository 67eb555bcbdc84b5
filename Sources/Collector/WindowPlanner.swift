import AuditModel

/// Chooses the next time window: about the target number of events each, from the density the
/// windows fetched so far showed; growing fast across empty stretches.
struct WindowPlanner {
    private var position: Int64
    private let end: Int64
    private let targetEvents: Int
    private var length: Int64 = 3600

    /// The longest window: a year.
    static let maximumLength: Int64 = 366 * 86_400

    init(start: Timestamp, end: Timestamp, targetEvents: Int) {
        position = start.seconds
        self.end = end.seconds
        self.targetEvents = targetEvents
        // A sixteenth of the range to begin with: one request shows whether it is too dense
        // (then it is split), and sparse histories need not crawl up from an hour.
        length = min(Self.maximumLength, max(3600, (end.seconds - start.seconds) / 16))
    }

    /// The next window `[from, to)`, or `nil` when the range is covered.
    mutating func next() -> (Timestamp, Timestamp)? {
        guard position < end else { return nil }
        let from = position
        let to = min(end, from + length)
        position = to
        return (Timestamp(seconds: from), Timestamp(seconds: to))
    }

    /// Learns from a fetched window.
    mutating func observe(events: Int, from: Timestamp, to: Timestamp) {
        let span = max(1, to.seconds - from.seconds)
        if events == 0 {
            length = min(Self.maximumLength, max(length, span) * 4)
        } else {
            let perSecond = Double(events) / Double(span)
            let ideal = Double(targetEvents) / perSecond
            length = Int64(min(Double(Self.maximumLength), max(1, ideal)))
        }
    }
}
