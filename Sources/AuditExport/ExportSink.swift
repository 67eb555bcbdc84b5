import AuditModel

/// What a sink has made durable: that many events, the last of them with sequence number
/// `lastSeq` (in a checkpointed export events arrive in sequence order).
public struct Delivered: Sendable, Hashable {
    /// Events made durable.
    public var events: Int
    /// The highest sequence number among them.
    public var lastSeq: UInt64

    /// Creates a delivery report.
    public init(events: Int, lastSeq: UInt64) {
        self.events = events
        self.lastSeq = lastSeq
    }
}

/// Where an export's rows go: standard output, a file, a directory of files, or an HTTP
/// receiver. A sink reports what is durable (fsynced and renamed, or acknowledged by the
/// receiver), and only that moves a checkpoint.
///
/// `add` and `finish` are `async` because an HTTP sink waits for its receiver (and between
/// retries) without holding a thread; the file sinks never suspend.
public protocol ExportSink: AnyObject {
    /// Takes one event (`raw` is its canonical encoding, `id` its export id); returns what
    /// became durable with it, if anything (a batch acknowledged, a rotated file renamed).
    func add(_ event: AuditEvent, seq: UInt64, id: String, raw: ArraySlice<UInt8>) async throws(ExportError) -> Delivered?
    /// Ends the run and makes everything durable; returns what became durable.
    func finish() async throws(ExportError) -> Delivered?
    /// Gives up after an error: removes temporary files, keeps what was already delivered.
    func abandon()
}

/// Counts what a sink holds that is not durable yet.
struct PendingCount {
    private(set) var events = 0
    private(set) var lastSeq: UInt64 = 0

    mutating func add(_ seq: UInt64) {
        events += 1
        lastSeq = seq
    }

    /// What the pending events amount to, and starts counting afresh.
    mutating func take() -> Delivered? {
        defer { events = 0 }
        return events == 0 ? nil : Delivered(events: events, lastSeq: lastSeq)
    }
}
