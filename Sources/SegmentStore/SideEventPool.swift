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

    /// Copies the events at `rows` (ascending) of a batch whose first event has sequence number
    /// `batchFirstSeq` into the pool. Their strings are copied into storage of the pool's own:
    /// sharing the batch's would keep a tenth of its allocations alive among the freed rest, and
    /// the next batch's allocations then pay for the fragments (measured: import 5–10% slower).
    mutating func add(_ batch: [AuditEvent], rows: [Int], batchFirstSeq: UInt64) {
        events.reserveCapacity(events.count + rows.count)
        seqs.reserveCapacity(seqs.count + rows.count)
        for row in rows {
            events.append(Self.detached(batch[row]))
            seqs.append(batchFirstSeq + UInt64(row))
        }
    }

    /// The event with every string that lives on the heap copied into new storage.
    private static func detached(_ event: AuditEvent) -> AuditEvent {
        var copy = event
        copy.account = detached(event.account)
        copy.action = detached(event.action)
        copy.actor = detached(event.actor)
        copy.name = event.name.map(detached)
        copy.actionDescription = event.actionDescription.map(detached)
        copy.data = event.data?.map { DataField(key: detached($0.key), value: detached($0.value)) }
        copy.extras = event.extras.map { ExtraField(key: detached($0.key), json: detached($0.json)) }
        return copy
    }

    /// A string with storage of its own; a small string lives inline and is returned as it is.
    private static func detached(_ s: String) -> String {
        let count = s.utf8.count
        guard count > 15 else { return s }
        return s.withUTF8Bytes { bytes in
            String(unsafeUninitializedCapacity: count) { out in
                _ = out.initialize(fromContentsOf: bytes)
                return count
            }
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
