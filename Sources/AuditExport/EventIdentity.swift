import AuditModel

/// Stable, unique ids for exported events: the event's content fingerprint in hex, and for the
/// second and later of identical twins (the Hub can report two identical events and sync keeps
/// both) `-2`, `-3`, … in store (sequence) order. Receivers deduplicate on it (`_id`,
/// ClickHouse's `ReplacingMergeTree` key), so a batch delivered twice lands once.
public enum EventIdentity {
    /// The id of an event that has `earlierTwins` identical events with lower sequence numbers.
    public static func id(_ event: AuditEvent, earlierTwins: Int) -> String {
        id(Fingerprint(event), earlierTwins: earlierTwins)
    }

    /// The id for a fingerprint and twin rank.
    public static func id(_ fingerprint: Fingerprint, earlierTwins: Int) -> String {
        let base = fingerprint.description
        return earlierTwins == 0 ? base : base + "-" + String(earlierTwins + 1)
    }
}

/// Counts identical twins in an event stream ordered by time, ties in sequence order: twins
/// share their timestamp, so only the events of the current second need remembering.
struct TwinCounter {
    private var second: Int64 = .min
    private var seen: [Fingerprint: Int] = [:]

    /// How many identical events (same fingerprint) came before this one in its second (0 for
    /// almost every event).
    mutating func earlierTwins(second: Int64, fingerprint: Fingerprint) -> Int {
        if second != self.second {
            self.second = second
            seen.removeAll(keepingCapacity: true)
        }
        let n = seen[fingerprint, default: 0]
        seen[fingerprint] = n + 1
        return n
    }
}
