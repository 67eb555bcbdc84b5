import AuditModel

/// Splits a full batch of events into the blocks it is written as: one main block, and small side
/// blocks for the events of actors that occur only a few times in the batch.
///
/// A person who acts a few times a day appears in almost every block of a year's archive, so
/// "everything alice did" would otherwise inflate nearly every block to return a handful of rows
/// from each. Moved into side blocks of about ``StoreOptions/sideBlockEvents`` events (actors
/// spread over them by a stable hash), such an actor's events are found by the index in blocks a
/// tenth the size or less, while the busy actors (bots, CI) stay in the large, well-compressed
/// main block. Every event keeps its sequence number, so the append order (and with it the
/// order of events with equal times) is unchanged; the blocks of one batch overlap in time,
/// which readers already merge.
struct BlockSplitter {

    let options: StoreOptions

    /// The blocks `batch` becomes, each as the ascending positions of its events in the batch;
    /// `nil` when the batch stays one block (it is small, or has few events of rare actors).
    func split(_ batch: [AuditEvent]) -> [[Int]]? {
        let limit = options.rareActorEvents
        let whole: [[Int]]? = nil
        guard limit > 0, batch.count >= max(2, options.blockEvents / 4) else { return whole }
        // Actors as small integers: one hash lookup per event, reading only the actor (copying
        // whole events costs more than the split saves).
        var actorIDs: [String: Int32] = [:]
        var names: [String] = []
        var ids = [Int32](repeating: 0, count: batch.count)
        var counts: [Int] = []
        var lastActor = ""
        var lastID: Int32 = -1
        for i in batch.indices {
            let actor = batch[i].actor
            let id: Int32
            if lastID >= 0, actor == lastActor {
                id = lastID  // a run of one bot's events skips the lookup
            } else if let known = actorIDs[actor] {
                id = known
            } else {
                id = Int32(names.count)
                actorIDs[actor] = id
                names.append(actor)
                counts.append(0)
            }
            ids[i] = id
            counts[Int(id)] += 1
            lastActor = actor
            lastID = id
        }
        var rare = 0
        for n in counts where n <= limit { rare += n }
        let target = max(1, options.sideBlockEvents)
        guard rare >= max(1, target / 4), rare < batch.count else { return whole }

        let buckets = max(1, rare / target)
        let bucketOf = names.indices.map { counts[$0] <= limit ? Int(Self.stableHash(names[$0]) % UInt64(buckets)) : -1 }
        var main: [Int] = []
        main.reserveCapacity(batch.count - rare)
        var sides = [[Int]](repeating: [], count: buckets)
        for (i, id) in ids.enumerated() {
            let b = bucketOf[Int(id)]
            if b < 0 { main.append(i) } else { sides[b].append(i) }
        }
        return [main] + sides.filter { !$0.isEmpty }
    }

    /// FNV-1a of the UTF-8 bytes: the same on every run and machine (unlike `Hasher`).
    static func stableHash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in s.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        return h
    }
}
