import AuditModel

/// Events of rare actors set aside from full batches, with their sequence numbers, until they are
/// written as side blocks: gathering them over several batches puts one person's events of all
/// those batches in one small block, so a lookup of that person reads a few blocks instead of one
/// per batch.
///
/// The pool lives in the writer's memory and is written, like the batch being filled, before a
/// commit; a rollback drops it. It is written when it holds a batch's worth of events or when its
/// sequence numbers span ``StoreOptions/sideWindowEvents`` (which keeps a block's span inside the
/// header's 32 bits, and a side block's time range to a few batches).
struct SideEventPool {
    /// The events, in append order.
    private(set) var events: [AuditEvent] = []
    /// The sequence number of each event (ascending).
    private(set) var seqs: [UInt64] = []

    /// Whether nothing waits.
    var isEmpty: Bool { events.isEmpty }

    /// Sets aside the events at `rows` (ascending) of a batch whose first event has sequence
    /// number `batchFirstSeq`.
    mutating func add(_ batch: [AuditEvent], rows: [Int], batchFirstSeq: UInt64) {
        events.reserveCapacity(events.count + rows.count)
        seqs.reserveCapacity(seqs.count + rows.count)
        for row in rows {
            events.append(batch[row])
            seqs.append(batchFirstSeq + UInt64(row))
        }
    }

    /// Whether the pool should be written now, the next event to be appended having sequence
    /// number `nextSeq`.
    func isFull(_ options: StoreOptions, nextSeq: UInt64) -> Bool {
        guard let first = seqs.first else { return false }
        return events.count >= options.blockEvents || nextSeq - first >= UInt64(options.sideWindowEvents)
    }

    /// Empties the pool.
    mutating func removeAll() {
        events.removeAll(keepingCapacity: true)
        seqs.removeAll(keepingCapacity: true)
    }
}
